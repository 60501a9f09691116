import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, Stack, Text, useStyles2 } from '@grafana/ui';
import type { CommandStep } from '../../runbook/commands';

/** Shows text to paste (commands or a query) in a monospace block with a copy button. */
export function CodeBlock({ text, testId }: { text: string; testId?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.block}>
      <pre className={styles.pre} data-testid={testId}>
        {text}
      </pre>
      <ClipboardButton className={styles.copy} size="sm" variant="secondary" icon="copy" getText={() => text}>
        Copy
      </ClipboardButton>
    </div>
  );
}

/** Shows one runbook step: title, explanation and, when it has one, its commands. */
export function CommandBlock({ step }: { step: CommandStep }) {
  return (
    <Stack direction="column" gap={1}>
      <Text element="h4">{step.title}</Text>
      <Text element="p" color="secondary">
        {step.description}
      </Text>
      {step.command !== undefined && <CodeBlock text={step.command} testId={`command-${step.id}`} />}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  block: css({
    position: 'relative',
  }),
  pre: css({
    margin: 0,
    padding: theme.spacing(1, 10, 1, 1),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  copy: css({
    position: 'absolute',
    top: theme.spacing(0.5),
    right: theme.spacing(0.5),
  }),
});
