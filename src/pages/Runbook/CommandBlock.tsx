import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, Stack, Text, useStyles2 } from '@grafana/ui';
import type { CommandStep } from '../../runbook/commands';
import type { StepGroup } from '../../runbook/steps';

/** Shows text to paste (commands or a query) in a monospace block with a copy button. */
export function CodeBlock({ text, testId, label }: { text: string; testId?: string; label?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.block}>
      <pre className={styles.pre} data-testid={testId} aria-label={label}>
        {text}
      </pre>
      <ClipboardButton className={styles.copy} size="sm" variant="secondary" icon="copy" getText={() => text}>
        Copy
      </ClipboardButton>
    </div>
  );
}

/**
 * Shows one runbook step: its number and title, the explanation and notes and, when it has one, its commands.
 * The heading is h4 under a group's h3, and h3 where steps sit straight under a section's h2.
 */
export function CommandBlock({
  step,
  number,
  heading = 'h4',
}: {
  step: CommandStep;
  number: number;
  heading?: 'h3' | 'h4';
}) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={1}>
      <Text element={heading} variant="h5">{`${number}. ${step.title}`}</Text>
      <Text element="p">{step.description}</Text>
      {step.notes && step.notes.length > 0 && (
        <ul className={styles.notes}>
          {step.notes.map((note) => (
            <li key={note}>
              <Text color="secondary" variant="bodySmall">
                {note}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {step.command !== undefined && <CodeBlock text={step.command} testId={`command-${step.id}`} />}
    </Stack>
  );
}

/** Shows groups of steps under their headings, numbering the steps from `first` on across the groups. */
export function StepGroups({ groups, first = 1 }: { groups: readonly StepGroup[]; first?: number }) {
  const styles = useStyles2(getStyles);
  let number = first;
  return (
    <Stack direction="column" gap={3}>
      {groups.map((group) => (
        <section key={group.id} className={styles.group} aria-label={group.title}>
          <Text element="h3" variant="h4">
            {group.title}
          </Text>
          {group.description && <Text color="secondary">{group.description}</Text>}
          {group.steps.map((step) => (
            <CommandBlock key={step.id} step={step} number={number++} />
          ))}
        </section>
      ))}
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
  notes: css({
    margin: theme.spacing(0, 0, 0, 2),
    '& li': { marginBottom: theme.spacing(0.25) },
  }),
  group: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
    paddingLeft: theme.spacing(2),
    borderLeft: `2px solid ${theme.colors.border.medium}`,
  }),
});
