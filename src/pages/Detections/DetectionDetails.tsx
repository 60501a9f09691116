import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import type { Detection, TuningValues } from '../../detections/model';
import { runbookRoute } from '../../utils/utils.routing';
import { describeKind, tuningValueItems } from './formatTuning';
import { InlineCode } from './InlineCode';

/** Shows a tuning value as one code chip per item, wrapping, or "(empty list)". */
function TuningValue({ value }: { value: TuningValues[string] }) {
  const styles = useStyles2(getStyles);
  const items = tuningValueItems(value);
  if (items.length === 0) {
    return <Text color="secondary">(empty list)</Text>;
  }
  return (
    <span className={styles.items}>
      {items.map((item) => (
        <code key={item}>{item}</code>
      ))}
    </span>
  );
}

interface Props {
  detection: Detection;
  /** Configured overrides of this detection's tuning parameters, from jsonData.tuning. */
  overrides: TuningValues | undefined;
}

/** Shows the expandable part of a detection: false positives, tuning, references and runbook link. */
export function DetectionDetails({ detection, overrides }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={2}>
      <section>
        <Text element="h3" variant="h4">
          False positives
        </Text>
        {detection.falsePositives.length === 0 ? (
          <Text color="secondary">None known.</Text>
        ) : (
          <ul className={styles.list}>
            {detection.falsePositives.map((text) => (
              <li key={text}>
                <InlineCode text={text} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section>
        <Text element="h3" variant="h4">
          Tuning parameters
        </Text>
        {detection.tuning.length === 0 ? (
          <Text color="secondary">This detection has no tuning parameters.</Text>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Name</th>
                <th>Accepts</th>
                <th>Default</th>
                <th>Configured</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {detection.tuning.map((parameter) => {
                const configured = overrides?.[parameter.name];
                return (
                  <tr key={parameter.name}>
                    <td>
                      <code>{parameter.name}</code>
                    </td>
                    <td>{describeKind(parameter)}</td>
                    <td>
                      <TuningValue value={parameter.default} />
                    </td>
                    <td>
                      {configured === undefined ? (
                        <Text color="secondary">default</Text>
                      ) : (
                        <TuningValue value={configured} />
                      )}
                    </td>
                    <td>
                      <InlineCode text={parameter.description} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      {detection.references.length > 0 && (
        <section>
          <Text element="h3" variant="h4">
            References
          </Text>
          <ul className={styles.list}>
            {detection.references.map((url) => (
              <li key={url}>
                <TextLink href={url} external>
                  {url}
                </TextLink>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div>
        <TextLink href={runbookRoute(detection.id)} icon="book-open">
          Open the runbook: investigate, capture evidence, contain, remediate
        </TextLink>
      </div>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    margin: theme.spacing(0.5, 0, 0, 2),
    '& li': { marginBottom: theme.spacing(0.5) },
  }),
  table: css({
    width: '100%',
    marginTop: theme.spacing(0.5),
    borderCollapse: 'collapse',
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    '& th': { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  items: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    '& code': { whiteSpace: 'normal', wordBreak: 'break-word' },
  }),
});
