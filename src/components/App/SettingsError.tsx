import React from 'react';
import { Alert, TextLink } from '@grafana/ui';
import { CONFIG_PAGE_URL } from '../../constants';

/** Explains an invalid stored setting: the message names the value and the fix, and the link leads to the form. */
export function SettingsError({ error }: { error: string }) {
  return (
    <Alert severity="error" title="Cordon's settings are invalid">
      <p>{error}</p>
      <TextLink href={CONFIG_PAGE_URL} inline>
        Correct the value on the configuration page
      </TextLink>{' '}
      (administrators only). Until then the queries below cannot be compiled.
    </Alert>
  );
}
