import React from 'react';
import { Alert, Stack } from '@grafana/ui';
import type { Detection } from '../../detections/model';
import type { ResponsePlan } from '../../runbook/steps';
import { StepGroups } from './CommandBlock';
import { GuidanceList } from './GuidanceList';

/** Renders the Capture evidence section: the generic steps for what the alert is about, then the detection's own. */
export function EvidenceSection({ detection, plan }: { detection: Detection; plan: ResponsePlan }) {
  return (
    <Stack direction="column" gap={2}>
      <Alert severity="warning" title="Finish these steps before you contain anything">
        Deleting, restarting, draining or scaling down destroys memory, files and logs that nothing else keeps. The
        steps below only read: none of them deletes, restarts or reconfigures what the alert is about.
      </Alert>
      <StepGroups groups={plan.evidence} />
      <GuidanceList title="Also save, for this detection" items={detection.response.forensics} />
    </Stack>
  );
}
