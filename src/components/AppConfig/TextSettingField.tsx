import React from 'react';
import { Field, Input } from '@grafana/ui';

interface Props {
  id: string;
  label: string;
  description: React.ReactNode;
  value: string;
  /** The validation message of the current value, shown under the input while it is invalid. */
  error: string | undefined;
  placeholder?: string;
  width?: number;
  onChange: (value: string) => void;
}

/** Shows a text input whose value is validated as the user types. */
export function TextSettingField({ id, label, description, value, error, placeholder, width = 60, onChange }: Props) {
  return (
    <Field label={label} description={description} invalid={error !== undefined} error={error}>
      <Input
        id={id}
        width={width}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    </Field>
  );
}
