import React from 'react';
import { Text } from '@grafana/ui';

/** Lists a detection's own guidance for one section, above the generic steps; nothing when it has none. */
export function GuidanceList({ title, items }: { title: string; items: readonly string[] }) {
  if (items.length === 0) {
    return null;
  }
  return (
    <div>
      <Text element="h4">{title}</Text>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
