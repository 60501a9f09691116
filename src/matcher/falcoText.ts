import { parsePath } from '../detections/paths';
import { FALCO_FIELDS, falcoSchema } from '../detections/schemas';
import type { FalcoLabelNames } from '../detections/telemetry';

/**
 * Rebuilds a Falco alert from an entry that falcosidekick's Loki output stored in text format:
 * the line is the alert's output, and rule, priority, hostname, namespace and pod are stream
 * labels (falcosidekick 2.34, outputs/loki.go). Every field that falcoSchema('text') reads is put
 * back at its JSON path, so a detection evaluates the rebuilt alert as it would the JSON alert.
 * The source and tags labels are kept too, for evidence. Tags come back as a list, in the
 * sorted order falcosidekick joined them in.
 *
 * NOTE: other output fields, including extra labels configured in falcosidekick, are not
 * rebuilt, because their label names lose the dots of the field names.
 */
export function falcoEventFromLoki(labels: Record<string, string>, line: string, labelNames: FalcoLabelNames): Record<string, unknown> {
  const schema = falcoSchema('text', labelNames);
  const event: Record<string, unknown> = { output: line, rule: '', priority: '' };
  for (const field of Object.values(FALCO_FIELDS)) {
    const accessor = schema.resolve(field);
    let value: string | undefined;
    if (accessor?.kind === 'line') {
      value = line;
    } else if (accessor?.kind === 'streamLabel') {
      value = labels[accessor.name];
    }
    if (value !== undefined && value !== '') {
      setPath(event, parsePath(field), value);
    }
  }
  if (labels.source) {
    event.source = labels.source;
  }
  if (labels.tags) {
    event.tags = labels.tags.split(',');
  }
  return event;
}

/** Writes a value at a path of object keys, creating the objects on the way. */
function setPath(target: Record<string, unknown>, segments: ReturnType<typeof parsePath>, value: string): void {
  let current = target;
  segments.forEach((segment, index) => {
    const key = String(segment);
    if (index === segments.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      current[key] = {};
    }
    current = current[key] as Record<string, unknown>;
  });
}
