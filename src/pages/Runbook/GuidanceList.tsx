import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';

/** Lists a detection's own guidance for one section, beside the generic steps; nothing when it has none. */
export function GuidanceList({ title, items }: { title: string; items: readonly string[] }) {
  const styles = useStyles2(getStyles);
  if (items.length === 0) {
    return null;
  }
  return (
    <div>
      <Text element="h3" variant="h5">
        {title}
      </Text>
      <ul className={styles.list}>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    margin: theme.spacing(0.5, 0, 0, 2.5),
    '& li': { marginBottom: theme.spacing(0.5) },
  }),
});
