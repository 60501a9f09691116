import React from 'react';
import { Alert, Button, ControlledCollapse, Field, FieldSet, Input, Stack, TextArea } from '@grafana/ui';
import type { Detection, TuningParameter } from '../../detections/model';
import {
  TUNABLE_DETECTIONS,
  TuningForm,
  changedCount,
  defaultText,
  tuningFieldKey,
} from './tuningForm';

interface Props {
  tuning: TuningForm;
  errors: Record<string, string | undefined>;
  /** Sets a field's text, or removes its override when text is undefined. */
  onChange: (id: string, name: string, text: string | undefined) => void;
  onRemoveUnknown: () => void;
}

function defaultHint(parameter: TuningParameter): string {
  if (parameter.kind !== 'list') {
    return `Default: ${defaultText(parameter)}.`;
  }
  return parameter.default.length === 0 ? 'Default: empty.' : `Default: ${parameter.default.join(', ')}.`;
}

function ParameterField({ detection, parameter, props }: { detection: Detection; parameter: TuningParameter; props: Props }) {
  const override = props.tuning[detection.id]?.[parameter.name];
  const text = override ?? defaultText(parameter);
  const error = props.errors[tuningFieldKey(detection.id, parameter.name)];
  const id = `cordon-tuning-${detection.id}-${parameter.name}`;
  const onChange = (value: string) => props.onChange(detection.id, parameter.name, value);
  // Field hands its props to its only child, so the reset button sits beside it, not inside.
  return (
    <Stack alignItems="flex-start" gap={1}>
      <Field
        label={parameter.name}
        htmlFor={id}
        description={`${parameter.description} ${parameter.kind === 'list' ? 'One value per line. ' : ''}${defaultHint(parameter)}`}
        invalid={error !== undefined}
        error={error}
      >
        {parameter.kind === 'list' ? (
          <TextArea
            id={id}
            cols={60}
            rows={Math.min(Math.max(text.split('\n').length, 3), 12)}
            value={text}
            spellCheck={false}
            onChange={(event) => onChange(event.currentTarget.value)}
          />
        ) : (
          <Input id={id} width={20} value={text} spellCheck={false} onChange={(event) => onChange(event.currentTarget.value)} />
        )}
      </Field>
      {override !== undefined && (
        <Button
          variant="secondary"
          size="sm"
          aria-label={`Reset ${parameter.name} of ${detection.id} to its default`}
          onClick={() => props.onChange(detection.id, parameter.name, undefined)}
        >
          Reset to default
        </Button>
      )}
    </Stack>
  );
}

/**
 * Shows the tuning parameters of every detection, one collapsed section per detection. A list
 * replaces the detection's default list, so the field starts with the defaults to extend.
 */
export function TuningFieldSet(props: Props) {
  return (
    <FieldSet label="Detection tuning">
      <p>
        Trusted users, namespaces, images and thresholds of each detection. A list replaces the default list, so keep the
        defaults you still want. Saved tuning applies to the Detections page and to hunts at once, and to alert rules
        when you install them again.
      </p>
      {props.errors.tuning && (
        <Alert severity="error" title="Unknown tuning entries">
          <Stack direction="column" alignItems="flex-start">
            {props.errors.tuning}
            <Button variant="secondary" size="sm" onClick={props.onRemoveUnknown}>
              Remove unknown entries
            </Button>
          </Stack>
        </Alert>
      )}
      {TUNABLE_DETECTIONS.map((detection) => {
        const changed = changedCount(props.tuning, detection);
        const invalid = detection.tuning.some((parameter) => props.errors[tuningFieldKey(detection.id, parameter.name)]);
        const status = [changed > 0 ? `${changed} changed` : '', invalid ? 'invalid' : ''].filter(Boolean).join(', ');
        return (
          <ControlledCollapse
            key={detection.id}
            label={`${detection.title} (${detection.id})${status ? ` · ${status}` : ''}`}
            isOpen={invalid}
          >
            {detection.tuning.map((parameter) => (
              <ParameterField key={parameter.name} detection={detection} parameter={parameter} props={props} />
            ))}
          </ControlledCollapse>
        );
      })}
    </FieldSet>
  );
}
