import React, { useState } from 'react';
import { Tab, TabsBar } from '@grafana/ui';
import type { QueryText } from './compileQueries';
import { QueryBlock } from './QueryBlock';

/** Shows one compiled query, or tabs that switch between several, so a card stays a few lines tall. */
export function QueryTabs({ queries }: { queries: readonly QueryText[] }) {
  const [active, setActive] = useState(0);
  if (queries.length === 1) {
    return <QueryBlock query={queries[0]} />;
  }
  return (
    <div>
      <TabsBar>
        {queries.map((query, index) => (
          <Tab key={query.label} label={query.label} active={index === active} onChangeTab={() => setActive(index)} />
        ))}
      </TabsBar>
      <QueryBlock query={queries[active]} />
    </div>
  );
}
