import React from 'react';
import { ClipboardButton, Text } from '@grafana/ui';
import type { QueryText } from './compileQueries';

/** Shows copy buttons for a detection's queries and their size, so a query can be copied without unfolding it. */
export function QueryCopyButtons({ queries }: { queries: readonly QueryText[] }) {
  const characters = queries.map((query) => query.text.length.toLocaleString('en-US')).join(' and ');
  return (
    <>
      {queries.map((query) => (
        <ClipboardButton
          key={query.label}
          size="sm"
          variant="secondary"
          fill="text"
          icon="copy"
          getText={() => query.text}
        >
          {query.copyLabel}
        </ClipboardButton>
      ))}
      <Text variant="bodySmall" color="secondary">
        {queries[0].language}, {characters} characters
      </Text>
    </>
  );
}
