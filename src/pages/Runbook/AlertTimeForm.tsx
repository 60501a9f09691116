import React, { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Field, Input } from '@grafana/ui';
import { describeValue, parseAlertTime } from '../../runbook/context';

const INPUT_ID = 'runbook-alert-time';

/**
 * Asks for the alert time when the URL has none, as when the runbook link is opened from
 * Grafana's alert list instead of a notification. Without it every Explore window is centred on
 * the moment the page opened, which misses an alert that fired hours earlier. The time is written
 * into the URL, so the link can be shared with the time.
 */
export function AlertTimeForm() {
  const [searchParams, setSearchParams] = useSearchParams();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();

  const submitTime = (event: React.FormEvent) => {
    event.preventDefault();
    const timeMs = parseAlertTime(text.trim());
    if (timeMs === undefined) {
      setError(
        `Invalid time ${describeValue(text)}: write an RFC 3339 time such as 2025-01-31T12:00:00Z, or unix seconds.`
      );
      return;
    }
    const next = new URLSearchParams(searchParams);
    next.set('time', new Date(timeMs).toISOString());
    setSearchParams(next);
  };

  return (
    <form onSubmit={submitTime}>
      <Field
        label="Alert time"
        htmlFor={INPUT_ID}
        description="The alert passed no time, so the steps use the moment this page opened. Enter the time the alert started, from the alert list or the notification."
        invalid={error !== undefined}
        error={error}
      >
        <Input
          id={INPUT_ID}
          value={text}
          placeholder="2025-01-31T12:00:00Z"
          width={48}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setError(undefined);
          }}
          addonAfter={
            <Button type="submit" variant="secondary">
              Use this time
            </Button>
          }
        />
      </Field>
    </form>
  );
}
