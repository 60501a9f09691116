import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { techniqueUrl } from '../../detections/attack';
import type { Detection } from '../../detections/model';
import { splitLead } from '../../runbook/lead';
import { SEVERITY_COLORS } from '../Detections/severity';

/**
 * Shows what the detection saw in one sentence, with its severity and ATT&CK technique, and folds
 * the rest of the description, because it explains matching and tuning, which a responder rarely needs
 * before the alert values and first steps.
 */
export function DetectionSummary({ detection }: { detection: Detection }) {
  const styles = useStyles2(getStyles);
  const { lead, rest } = splitLead(detection.description);
  const { technique } = detection;
  return (
    <Stack direction="column" gap={1}>
      <Stack alignItems="center" gap={1} wrap="wrap">
        <Badge text={`Severity ${detection.severity}`} color={SEVERITY_COLORS[detection.severity]} />
        <Text color="secondary">
          ATT&amp;CK{' '}
          <TextLink href={techniqueUrl(technique.id)} external inline>
            {`${technique.id} ${technique.name}`}
          </TextLink>{' '}
          ({technique.tactic.name})
        </Text>
      </Stack>
      <Text element="p">{lead}</Text>
      {rest && (
        <details className={styles.details}>
          <summary>More about this detection</summary>
          <Text element="p" color="secondary">
            {rest}
          </Text>
        </details>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  details: css({
    summary: {
      cursor: 'pointer',
      color: theme.colors.text.link,
      marginBottom: theme.spacing(1),
    },
  }),
});
