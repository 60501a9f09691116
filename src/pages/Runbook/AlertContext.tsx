import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Stack, Text, useStyles2 } from '@grafana/ui';
import { RUNBOOK_PARAMETERS } from '../../alerting/metadata';
import { formatAge } from '../../runbook/age';
import type { RunbookContext } from '../../runbook/context';
import { AlertTimeForm } from './AlertTimeForm';

/** Shows the values the alert passed in the URL, as text, and names the ones it did not pass. */
export function AlertContext({ context, warnings }: { context: RunbookContext; warnings: string[] }) {
  const styles = useStyles2(getStyles);
  // The age is measured once, when the page opens, like the time the steps use without one from the URL.
  const [openedAt] = useState(() => Date.now());
  const known = RUNBOOK_PARAMETERS.filter((name) => context.values[name] !== undefined);
  const absent = RUNBOOK_PARAMETERS.filter((name) => context.values[name] === undefined);
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
        {known.map((name) => (
          <div key={name} className={styles.item}>
            <dt>{name}</dt>
            <dd>{context.values[name]}</dd>
          </div>
        ))}
        <div className={styles.item}>
          <dt>time</dt>
          <dd>{new Date(context.timeMs).toISOString()}</dd>
          {/* Apart from the monospace value, whose word breaking would split the words of the note. */}
          <dd>{context.timeFromUrl ? formatAge(context.timeMs, openedAt) : 'now, because the alert passed no time'}</dd>
        </div>
      </dl>
      {!context.timeFromUrl && <AlertTimeForm />}
      {known.length > 0 && absent.length > 0 && (
        <Text color="secondary" variant="bodySmall">
          Not in the alert: {absent.join(', ')}.
        </Text>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: theme.spacing(1, 3),
    margin: 0,
  }),
  item: css({
    dt: { color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize },
    dd: { margin: 0, fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-all', whiteSpace: 'pre-wrap' },
    // A second dd is a note on the value in prose, such as the alert's age or where the time came from.
    'dd + dd': {
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      fontFamily: theme.typography.fontFamily,
      wordBreak: 'normal',
    },
  }),
});
