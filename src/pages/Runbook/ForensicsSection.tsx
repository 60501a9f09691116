import React from 'react';
import { Stack } from '@grafana/ui';
import type { Detection } from '../../detections/model';
import { CommandArguments, forensicsChecklist } from '../../runbook/commands';
import { CommandBlock } from './CommandBlock';
import { GuidanceList } from './GuidanceList';

/** Renders the Forensics section: the detection's own steps, then the generic checklist. */
export function ForensicsSection({ detection, args }: { detection: Detection; args: CommandArguments }) {
  return (
    <Stack direction="column" gap={2}>
      <GuidanceList title="For this detection" items={detection.response.forensics} />
      {forensicsChecklist(args).map((step) => (
        <CommandBlock key={step.id} step={step} />
      ))}
    </Stack>
  );
}
