import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, Stack, Text, useStyles2 } from '@grafana/ui';
import type { QueryText } from './compileQueries';

/** Shows a compiled query in a scrollable code block, with a button that copies the whole text. */
export function QueryBlock({ query }: { query: QueryText }) {
  const styles = useStyles2(getStyles);
  return (
    <div>
      <Stack justifyContent="space-between" alignItems="center">
        <Text variant="bodySmall" color="secondary">
          {query.language} · {query.text.length.toLocaleString('en-US')} characters
        </Text>
        <ClipboardButton size="sm" variant="secondary" fill="text" icon="copy" getText={() => query.text}>
          {query.copyLabel}
        </ClipboardButton>
      </Stack>
      <pre className={styles.code} aria-label={`${query.label} (${query.language})`}>
        {query.text}
      </pre>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({
    margin: 0,
    maxHeight: theme.spacing(20),
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
