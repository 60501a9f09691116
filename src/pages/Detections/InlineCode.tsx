import React from 'react';

/** Splits text at backticks: odd parts were quoted and are code, as in Markdown inline code. */
export function splitBackticks(text: string): Array<{ code: boolean; text: string }> {
  const parts = text.split('`');
  // An unmatched backtick leaves an even number of parts, and the text is shown as written.
  if (parts.length % 2 === 0) {
    return [{ code: false, text }];
  }
  return parts.map((part, index) => ({ code: index % 2 === 1, text: part })).filter((part) => part.text !== '');
}

/** Renders catalog prose, which quotes commands and fields in backticks, with those spans as code. */
export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {splitBackticks(text).map((part, index) =>
        part.code ? <code key={index}>{part.text}</code> : <React.Fragment key={index}>{part.text}</React.Fragment>
      )}
    </>
  );
}
