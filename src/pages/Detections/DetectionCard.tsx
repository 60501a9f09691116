import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { techniqueUrl } from '../../detections/attack';
import type { Detection } from '../../detections/model';
import { TELEMETRY_NAMES } from '../../detections/telemetry';
import type { CordonSettings } from '../../settings';
import { runbookRoute } from '../../utils/utils.routing';
import { compileQueries } from './compileQueries';
import { DetectionDetails } from './DetectionDetails';
import { DisclosureButton } from '../../components/DisclosureButton';
import { QueryCopyButtons } from './DetectionQueries';
import { InlineCode } from './InlineCode';
import { QueryTabs } from './QueryTabs';
import { SEVERITY_COLORS } from './severity';

interface Props {
  detection: Detection;
  /** The resolved settings, or undefined while they are invalid and no query can be compiled. */
  settings: CordonSettings | undefined;
}

/**
 * Shows one detection: what it is and the telemetry it reads, then buttons that copy its compiled
 * queries or unfold them and the details. The queries run to many kilobytes, so they start folded.
 */
export function DetectionCard({ detection, settings }: Props) {
  const styles = useStyles2(getStyles);
  const [queriesOpen, setQueriesOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const compiled = settings ? compileQueries(detection, settings) : undefined;
  const { technique } = detection;
  const queriesId = `queries-${detection.id}`;
  const detailsId = `details-${detection.id}`;

  return (
    <article className={styles.card} aria-labelledby={`detection-${detection.id}`}>
      <Stack direction="column" gap={1}>
        <Stack alignItems="center" gap={1} wrap="wrap">
          <Badge text={detection.severity.toUpperCase()} color={SEVERITY_COLORS[detection.severity]} />
          <Text element="h2" variant="h5" id={`detection-${detection.id}`}>
            {detection.title}
          </Text>
          <Text variant="bodySmall" color="secondary">
            <code>{detection.id}</code>
          </Text>
        </Stack>

        <Stack gap={2} wrap="wrap">
          <span>
            <Text color="secondary">ATT&CK </Text>
            <TextLink href={techniqueUrl(technique.id)} external inline>
              {`${technique.id} ${technique.name}`}
            </TextLink>
            <Text color="secondary"> · tactic {technique.tactic.name}</Text>
          </span>
          <span>
            <Text color="secondary">Needs </Text>
            {TELEMETRY_NAMES[detection.telemetry]}
          </span>
          <TextLink href={runbookRoute(detection.id)} icon="book-open" inline>
            Runbook
          </TextLink>
        </Stack>

        <Text element="p">
          <InlineCode text={detection.description} />
        </Text>

        {compiled === undefined && (
          <Text color="secondary">The queries appear once the settings above are corrected.</Text>
        )}
        {compiled?.status === 'failed' && (
          <Alert severity="error" title={`${detection.title} does not compile with the current settings`}>
            {compiled.error}
          </Alert>
        )}

        <Stack alignItems="center" gap={1} wrap="wrap">
          {compiled?.status === 'compiled' && (
            <>
              <DisclosureButton open={queriesOpen} onToggle={() => setQueriesOpen(!queriesOpen)} controls={queriesId}>
                {queriesOpen ? 'Hide queries' : 'Show queries'}
              </DisclosureButton>
              <QueryCopyButtons queries={compiled.queries} />
            </>
          )}
          <DisclosureButton open={detailsOpen} onToggle={() => setDetailsOpen(!detailsOpen)} controls={detailsId}>
            False positives, tuning and references
          </DisclosureButton>
        </Stack>
        {queriesOpen && compiled?.status === 'compiled' && (
          <div id={queriesId}>
            <QueryTabs queries={compiled.queries} />
          </div>
        )}
        {detailsOpen && (
          <div id={detailsId} className={styles.details}>
            <DetectionDetails detection={detection} overrides={settings?.tuning[detection.id]} />
          </div>
        )}
      </Stack>
    </article>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
  }),
  details: css({
    paddingTop: theme.spacing(1),
    borderTop: `1px solid ${theme.colors.border.weak}`,
  }),
});
