import React from 'react';
import { Alert, Stack } from '@grafana/ui';
import type { Detection } from '../../detections/model';
import type { ResponsePlan } from '../../runbook/steps';
import { StepGroups } from './CommandBlock';
import { GuidanceList } from './GuidanceList';

/** Renders the Contain section: the detection's own steps, then isolation, stopping and removing access. */
export function ContainSection({ detection, plan }: { detection: Detection; plan: ResponsePlan }) {
  return (
    <Stack direction="column" gap={2}>
      <Alert severity="info" title="Start only when the evidence steps are done">
        Isolate first: it can be undone and keeps the evidence running. Stop last.
      </Alert>
      <GuidanceList title="For this detection" items={detection.response.contain} />
      <StepGroups groups={plan.contain} />
    </Stack>
  );
}
