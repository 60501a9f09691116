import React from 'react';
import { Stack, Text } from '@grafana/ui';
import type { ResponsePlan } from '../../runbook/steps';
import { CommandBlock } from './CommandBlock';

/** Renders the Analyze section: offline work on what the evidence steps saved. */
export function AnalyzeSection({ plan }: { plan: ResponsePlan }) {
  if (plan.analyze.length === 0) {
    return <Text color="secondary">Review the saved objects and the audit trail under Investigate.</Text>;
  }
  return (
    <Stack direction="column" gap={2}>
      {plan.analyze.map((step, index) => (
        <CommandBlock key={step.id} step={step} number={index + 1} heading="h3" />
      ))}
    </Stack>
  );
}
