import React from 'react';
import { FilterInput, InlineField, RadioButtonGroup, Stack } from '@grafana/ui';
import type { Severity } from '../../detections/model';
import type { Telemetry } from '../../detections/telemetry';
import type { DetectionFilter } from './filterDetections';

const TELEMETRY_OPTIONS: Array<{ label: string; value: Telemetry | 'all' }> = [
  { label: 'All', value: 'all' },
  { label: 'Audit log', value: 'audit' },
  { label: 'Falco', value: 'falco' },
  { label: 'Runtime events', value: 'runtime' },
  { label: 'Metrics', value: 'metrics' },
];

const SEVERITY_OPTIONS: Array<{ label: string; value: Severity | 'all'; description: string }> = [
  { label: 'Any', value: 'all', description: 'Every severity, info included' },
  { label: 'Low+', value: 'low', description: 'Low, medium, high and critical' },
  { label: 'Medium+', value: 'medium', description: 'Medium, high and critical' },
  { label: 'High+', value: 'high', description: 'High and critical' },
  { label: 'Critical', value: 'critical', description: 'Critical only' },
];

interface Props {
  filter: DetectionFilter;
  onChange: (filter: DetectionFilter) => void;
}

/** Shows the search box and the telemetry and minimum-severity choices above the detection list. */
export function DetectionFilters({ filter, onChange }: Props) {
  return (
    <Stack gap={2} wrap="wrap" alignItems="center">
      <div style={{ minWidth: 280, flex: 1 }}>
        <FilterInput
          aria-label="Search detections"
          placeholder="Search title, id, description or ATT&CK technique"
          value={filter.search}
          onChange={(search) => onChange({ ...filter, search })}
        />
      </div>
      <InlineField label="Telemetry" htmlFor="cordon-filter-telemetry">
        <RadioButtonGroup
          id="cordon-filter-telemetry"
          options={TELEMETRY_OPTIONS}
          value={filter.telemetry}
          onChange={(telemetry) => onChange({ ...filter, telemetry })}
        />
      </InlineField>
      <InlineField label="Severity" htmlFor="cordon-filter-severity">
        <RadioButtonGroup
          id="cordon-filter-severity"
          options={SEVERITY_OPTIONS}
          value={filter.minSeverity}
          onChange={(minSeverity) => onChange({ ...filter, minSeverity })}
        />
      </InlineField>
    </Stack>
  );
}
