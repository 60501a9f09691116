import React, { FocusEvent, useState } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, InlineFieldRow, Input, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';
import { CATALOG } from '../../detections/catalog';
import { SEVERITIES, Severity } from '../../detections/model';
import { TELEMETRY_NAMES } from '../../detections/telemetry';
import type { CordonDataSource } from '../datasource';
import { CordonDataSourceOptions, CordonQuery, CordonQueryType, DEFAULT_MAX_LINES, MAX_LINES_LIMIT } from '../types';

type Props = QueryEditorProps<CordonDataSource, CordonQuery, CordonDataSourceOptions>;

const QUERY_TYPES: Array<{ label: string; value: CordonQueryType; description: string }> = [
  { label: 'Findings', value: 'detections', description: 'Run detections over the time range and list what they found.' },
  { label: 'Coverage', value: 'coverage', description: 'Show which telemetry reaches Loki and Prometheus, and which detections are blind without it.' },
  { label: 'Catalog', value: 'catalog', description: 'List the detections with their queries.' },
];

const ANY_SEVERITY = 'any';

const SEVERITY_OPTIONS: Array<ComboboxOption<string>> = [
  { label: 'Any severity', value: ANY_SEVERITY },
  ...SEVERITIES.map((severity) => ({ label: `${severity} and above`, value: severity })),
];

/** Detections as options, grouped by the telemetry they read. */
const DETECTION_OPTIONS: Array<ComboboxOption<string>> = CATALOG.map((detection) => ({
  label: detection.title,
  value: detection.id,
  description: detection.id,
  group: TELEMETRY_NAMES[detection.telemetry],
}));

const LABEL_WIDTH = 16;

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const queryType = query.queryType ?? 'detections';
  const [maxLinesError, setMaxLinesError] = useState<string>();

  const update = (change: Partial<CordonQuery>) => {
    onChange({ ...query, ...change });
    onRunQuery();
  };

  const onNamespaceBlur = (event: FocusEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    if (value !== (query.namespace ?? '')) {
      update({ namespace: value.trim() === '' ? undefined : value });
    }
  };

  const onMaxLinesBlur = (event: FocusEvent<HTMLInputElement>) => {
    const value = Number(event.currentTarget.value);
    if (!Number.isInteger(value) || value < 1 || value > MAX_LINES_LIMIT) {
      setMaxLinesError(`Enter a whole number from 1 to ${MAX_LINES_LIMIT}.`);
      return;
    }
    setMaxLinesError(undefined);
    if (value !== (query.maxLines ?? DEFAULT_MAX_LINES)) {
      update({ maxLines: value });
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup<CordonQueryType> options={QUERY_TYPES} value={queryType} onChange={(value) => update({ queryType: value })} />
        </InlineField>
      </InlineFieldRow>
      {queryType !== 'coverage' && (
        <InlineFieldRow>
          <InlineField label="Detections" labelWidth={LABEL_WIDTH} tooltip="Leave empty to run every detection." grow>
            <MultiCombobox<string>
              options={DETECTION_OPTIONS}
              value={query.detections ?? []}
              placeholder="All detections"
              onChange={(options) => update({ detections: options.map((option) => option.value) })}
              isClearable
            />
          </InlineField>
          <InlineField label="Severity" labelWidth={LABEL_WIDTH}>
            <Combobox<string>
              options={SEVERITY_OPTIONS}
              value={query.minSeverity ?? ANY_SEVERITY}
              width={24}
              onChange={(option) => update({ minSeverity: option.value === ANY_SEVERITY ? undefined : (option.value as Severity) })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
      {queryType === 'detections' && (
        <InlineFieldRow>
          <InlineField label="Namespace" labelWidth={LABEL_WIDTH} tooltip="One namespace name, or a variable such as $namespace. Leave empty for every namespace.">
            {/* Uncontrolled, so typing does not run the query; the key resets it when the query changes elsewhere. */}
            <Input
              key={query.namespace ?? ''}
              aria-label="Namespace"
              width={32}
              defaultValue={query.namespace ?? ''}
              placeholder="All namespaces"
              onBlur={onNamespaceBlur}
            />
          </InlineField>
          <InlineField
            label="Max lines"
            labelWidth={LABEL_WIDTH}
            tooltip={`Lines each log detection reads from Loki, newest first; at most ${MAX_LINES_LIMIT}, Loki's default limit per query.`}
            invalid={maxLinesError !== undefined}
            error={maxLinesError}
          >
            <Input
              key={query.maxLines ?? DEFAULT_MAX_LINES}
              aria-label="Max lines"
              width={12}
              type="number"
              min={1}
              max={MAX_LINES_LIMIT}
              defaultValue={query.maxLines ?? DEFAULT_MAX_LINES}
              onBlur={onMaxLinesBlur}
            />
          </InlineField>
        </InlineFieldRow>
      )}
    </Stack>
  );
}
