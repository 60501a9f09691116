import React from 'react';
import { Alert, Stack, TextLink } from '@grafana/ui';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { describeValue } from '../../runbook/context';

/** Explains an unknown detection id and links back to the detection list and the alert list. */
export function RunbookNotFound({ detectionId }: { detectionId: string }) {
  return (
    <Alert severity="error" title="No runbook for this detection">
      <Stack direction="column" gap={1}>
        <span>
          Cordon has no detection with the id {describeValue(detectionId)}. The link may come from an alert rule of an
          older Cordon version, or the address was changed.
        </span>
        <span>
          <TextLink href={`${PLUGIN_BASE_URL}/${ROUTES.Detections}`} inline>
            Find the detection on the Detections page
          </TextLink>
          , or{' '}
          <TextLink href="/alerting/list" inline>
            return to the alert rules
          </TextLink>{' '}
          and reinstall Cordon&apos;s rules from the configuration page to refresh their runbook links.
        </span>
      </Stack>
    </Alert>
  );
}
