import React from 'react';
import { Alert, Stack } from '@grafana/ui';
import type { Detection } from '../../detections/model';
import { CommandArguments, containSteps, evidenceSteps } from '../../runbook/commands';
import { CommandBlock } from './CommandBlock';
import { GuidanceList } from './GuidanceList';

/** Renders the Contain section: evidence first, then isolating the pod, its node and its workload. */
export function ContainSection({ detection, args }: { detection: Detection; args: CommandArguments }) {
  return (
    <Stack direction="column" gap={2}>
      <Alert severity="warning" title="Capture evidence before you change or delete anything">
        Deleting, restarting or scaling down the pod destroys its logs, its filesystem and its memory. Run the first
        three steps before any other.
      </Alert>
      <GuidanceList title="For this detection" items={detection.response.contain} />
      {[...evidenceSteps(args), ...containSteps(args)].map((step) => (
        <CommandBlock key={step.id} step={step} />
      ))}
    </Stack>
  );
}
