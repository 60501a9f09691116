import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Stack, Text, useStyles2 } from '@grafana/ui';
import { RUNBOOK_PARAMETERS } from '../../alerting/metadata';
import type { RunbookContext } from '../../runbook/context';

/** Shows the values the alert passed in the URL, as text; absent values appear as placeholders. */
export function AlertContext({ context, warnings }: { context: RunbookContext; warnings: string[] }) {
  const styles = useStyles2(getStyles);
  const known = RUNBOOK_PARAMETERS.filter((name) => context.values[name] !== undefined);
  return (
    <Stack direction="column" gap={1}>
      {known.length === 0 && (
        <Alert severity="info" title="Opened without alert values">
          The steps below show placeholders such as &lt;namespace&gt; and &lt;pod&gt;. Open this page from an
          alert&apos;s runbook link to fill them in.
        </Alert>
      )}
      {warnings.map((warning) => (
        <Alert key={warning} severity="warning" title="A value from the alert was not used">
          {warning}
        </Alert>
      ))}
      <dl className={styles.list} aria-label="Alert values">
        {RUNBOOK_PARAMETERS.map((name) => (
          <React.Fragment key={name}>
            <dt>{name}</dt>
            <dd>{context.values[name] ?? <Text color="secondary">{`<${name}>`}</Text>}</dd>
          </React.Fragment>
        ))}
        <dt>time</dt>
        <dd>
          {new Date(context.timeMs).toISOString()}
          {context.timeFromUrl ? '' : ' (now; the alert passed no time)'}
        </dd>
      </dl>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0, fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-all', whiteSpace: 'pre-wrap' },
  }),
});
