import React from 'react';
import { Stack, Text } from '@grafana/ui';
import type { Detection } from '../../detections/model';
import { GuidanceList } from './GuidanceList';

/** Renders the Remediate and review section: the detection's remediation, then a review that weighs false positives and tuning. */
export function RemediateSection({ detection }: { detection: Detection }) {
  const tuning = detection.tuning.map((parameter) => parameter.name);
  return (
    <Stack direction="column" gap={2}>
      <GuidanceList title="Remediate" items={detection.response.remediate} />
      <div>
        <Text element="h3" variant="h5">
          Review
        </Text>
        <Text element="p">
          Write down the timeline (first event, alert, containment), how the actor got the access it used, and whether
          this alert came early enough. Then close the gap that let the container run.
        </Text>
      </div>
      <GuidanceList
        title="If it turns out benign, compare with the known look-alikes"
        items={detection.falsePositives}
      />
      {tuning.length > 0 && (
        <Text element="p" color="secondary">
          Tune the detection instead of silencing it: its parameters are {tuning.join(', ')}, on the Detections page.
        </Text>
      )}
    </Stack>
  );
}
