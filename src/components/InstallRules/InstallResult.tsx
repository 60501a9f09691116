import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, BadgeColor, Stack, Text, useStyles2 } from '@grafana/ui';
import type { InstallReport } from '../../alerting/install';
import type { RuleOutcome } from '../../alerting/installPlan';

const OUTCOME_COLORS: Record<RuleOutcome, BadgeColor> = {
  created: 'green',
  updated: 'blue',
  unchanged: 'darkgrey',
  removed: 'orange',
  kept: 'darkgrey',
  failed: 'red',
};

/** Outcome words for a preview, which has changed nothing yet. */
const PREVIEW_WORDS: Record<RuleOutcome, string> = {
  created: 'will be created',
  updated: 'will be updated',
  unchanged: 'unchanged',
  removed: 'will be removed',
  kept: 'kept',
  failed: 'cannot be installed',
};

function summary(report: InstallReport): string {
  const counts = new Map<RuleOutcome, number>();
  for (const rule of report.rules) {
    counts.set(rule.outcome, (counts.get(rule.outcome) ?? 0) + 1);
  }
  const parts = [...counts.entries()].map(
    ([outcome, count]) => `${count} ${report.applied ? outcome : PREVIEW_WORDS[outcome]}`
  );
  let folder = '';
  if (report.folderCreated) {
    folder = report.applied ? 'Created the folder Cordon. ' : 'The folder Cordon will be created. ';
  }
  const prefix = report.applied ? 'Installed: ' : 'Preview, nothing was changed: ';
  return `${folder}${prefix}${parts.join(', ') || 'no rules'}.`;
}

/** Shows an install report: notices, failed groups, skipped detections and one row per rule. */
export function InstallResult({ report }: { report: InstallReport }) {
  const styles = useStyles2(getStyles);
  const failedGroups = report.groups.filter((group) => group.status === 'failed');
  const intervalChanges = report.groups.filter((group) => group.intervalChange);

  return (
    <Stack direction="column" gap={2}>
      <Text element="p">{summary(report)}</Text>
      {report.notices.map((notice) => (
        <Alert key={notice} severity="warning" title="Not every detection was installed">
          {notice}
        </Alert>
      ))}
      {failedGroups.map((group) => (
        <Alert key={group.name} severity="error" title={`Rule group ${group.name} was not installed`}>
          {group.message}
        </Alert>
      ))}
      {report.skipped.length > 0 && (
        <Alert severity="warning" title="Detections that do not compile with the current settings">
          <ul>
            {report.skipped.map((entry) => (
              <li key={entry.detectionId}>
                {entry.detectionId}: {entry.reason}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {intervalChanges.map((group) => (
        <Text key={group.name} element="p" color="secondary">
          Rule group {group.name} {report.applied ? 'now evaluates' : 'will evaluate'} every {group.intervalChange!.to}{' '}
          seconds instead of {group.intervalChange!.from}.
        </Text>
      ))}
      <table className={styles.table} aria-label="Alert rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Group</th>
            <th>Result</th>
            <th>Changed fields</th>
          </tr>
        </thead>
        <tbody>
          {report.rules.map((rule) => (
            <tr key={rule.uid}>
              <td>{rule.title}</td>
              <td>{rule.group}</td>
              <td>
                <Badge
                  color={OUTCOME_COLORS[rule.outcome]}
                  text={report.applied ? rule.outcome : PREVIEW_WORDS[rule.outcome]}
                />
              </td>
              <td>{rule.changes.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
    },
  }),
});
