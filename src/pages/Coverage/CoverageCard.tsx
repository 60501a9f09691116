import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, Spinner, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { CONFIG_PAGE_URL, ROUTES } from '../../constants';
import type { Detection } from '../../detections/model';
import type { CordonSettings } from '../../settings';
import { prefixRoute } from '../../utils/utils.routing';
import type { PresenceResult } from './runPresenceChecks';
import { fixSteps } from './fixSteps';
import { readersSentence } from './readersText';
import type { CoverageSource } from './sources';

const STATUS_BADGES: Record<PresenceResult['status'], { text: string; color: BadgeColor }> = {
  receiving: { text: 'Receiving', color: 'green' },
  missing: { text: 'Missing', color: 'red' },
  'not-configured': { text: 'Not configured', color: 'orange' },
  error: { text: 'Error', color: 'red' },
};

const DATASOURCE_NAMES = { loki: 'Loki', prometheus: 'Prometheus' } as const;

interface Props {
  source: CoverageSource;
  settings: CordonSettings;
  /** Undefined while the first check runs. */
  result: PresenceResult | undefined;
  /** Detections that see nothing while this source is missing. */
  detections: readonly Detection[];
}

function describeCount(source: CoverageSource, result: PresenceResult): string {
  if (result.status !== 'receiving' && result.status !== 'missing') {
    return '';
  }
  const count = result.count.toLocaleString('en-US');
  if (source.datasource === 'prometheus') {
    const absent = result.absentMetrics.length > 0 ? ` No series of ${result.absentMetrics.join(', ')}.` : '';
    return (result.count === 0 ? 'No series right now.' : `${count} series right now.`) + absent;
  }
  return result.count === 0 ? `No log lines in the last ${source.lookback}.` : `${count} log lines in the last ${source.lookback}.`;
}

/** Shows one telemetry source: whether it arrives, the query that checked it, who goes blind without it, and the fix. */
export function CoverageCard({ source, settings, result, detections }: Props) {
  const styles = useStyles2(getStyles);
  const datasourceName = DATASOURCE_NAMES[source.datasource];
  const badge = result ? STATUS_BADGES[result.status] : undefined;

  return (
    <article className={styles.card} aria-labelledby={`coverage-${source.id}`}>
      <Stack direction="column" gap={1}>
        <Stack alignItems="center" gap={1}>
          <Text element="h2" variant="h5" id={`coverage-${source.id}`}>
            {source.name}
          </Text>
          {badge ? <Badge text={badge.text} color={badge.color} /> : <Spinner inline />}
          {result && <Text color="secondary">{describeCount(source, result)}</Text>}
        </Stack>

        {result && 'expr' in result && result.expr && (
          <Text variant="bodySmall" color="secondary">
            Checked on {datasourceName} with <code className={styles.code}>{result.expr}</code>
          </Text>
        )}
        {result?.status === 'error' && (
          <Text color="error" element="p">
            {result.error}
          </Text>
        )}

        <Text element="p">
          {readersSentence(detections.length, result?.status)}
          {detections.map((detection, index) => (
            <React.Fragment key={detection.id}>
              {index > 0 && ', '}
              <TextLink href={`${prefixRoute(ROUTES.Detections)}?q=${encodeURIComponent(detection.id)}`} inline>
                {detection.title}
              </TextLink>
            </React.Fragment>
          ))}
        </Text>

        {result?.status === 'not-configured' && (
          <Text element="p">
            Pick a {datasourceName} data source on the{' '}
            <TextLink href={CONFIG_PAGE_URL} inline>
              configuration page
            </TextLink>
            .
          </Text>
        )}
        {(result?.status === 'missing' || result?.status === 'error') && (
          <div>
            <Text weight="medium">How to fix it</Text>
            <ol className={styles.steps}>
              {fixSteps(source, settings, result).map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
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
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    wordBreak: 'break-all',
  }),
  steps: css({
    margin: theme.spacing(0.5, 0, 0, 2.5),
    '& li': { marginBottom: theme.spacing(0.5) },
  }),
});
