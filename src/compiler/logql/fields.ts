import { formatPath, parsePath } from '../../detections/paths';
import type { SourceSchema } from '../../detections/schemas';
import type { FieldAccessor } from '../../detections/telemetry';

/** Prefix of every label that Cordon extracts, so that no stream label is shadowed. */
export const LABEL_PREFIX = 'cordon_';

/** The label that holds the whole line when a condition reads it (Falco text alerts). */
export const LINE_LABEL = `${LABEL_PREFIX}line`;

/** A field resolved for one query: its accessor and the label name a filter compares. */
export interface ResolvedField {
  accessor: FieldAccessor;
  label: string;
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Assigns label names to the JSON paths a query extracts. Names are readable, derived from the
 * path or from an array alias, and made unique with a numeric suffix when two paths collide.
 */
export class FieldTable {
  private readonly byPath = new Map<string, string>();
  private readonly taken = new Set<string>();
  private usesLine = false;
  private readonly joined: Array<{ label: string; elements: string[][] }> = [];

  constructor(private readonly schema: SourceSchema) {}

  /** Resolves a field; `hint` replaces the path in the label name (used for array elements). */
  resolve(field: string, hint?: string): ResolvedField {
    const path = formatPath(parsePath(field));
    const accessor = this.schema.resolve(path);
    if (!accessor) {
      throw new Error(
        `The field ${JSON.stringify(path)} is not stored by the ${this.schema.telemetry} log format that is configured; ` +
          'switch the format to JSON or remove the field from the condition.'
      );
    }
    if (accessor.kind === 'streamLabel') {
      return { accessor, label: accessor.name };
    }
    if (accessor.kind === 'line') {
      this.usesLine = true;
      return { accessor, label: LINE_LABEL };
    }
    return { accessor, label: this.labelFor(accessor.path, hint) };
  }

  private labelFor(path: string, hint?: string): string {
    const existing = this.byPath.get(path);
    if (existing) {
      return existing;
    }
    const base = LABEL_PREFIX + sanitize(hint ?? parsePath(path).join('_'));
    let label = base;
    for (let suffix = 2; this.taken.has(label); suffix++) {
      label = `${base}_${suffix}`;
    }
    this.taken.add(label);
    this.byPath.set(path, label);
    return label;
  }

  /**
   * Adds a label that joins the values of element labels (see elementJoin.ts) and returns its
   * name: the labels of one element with FIELD_SEPARATOR, and the elements with ELEMENT_SEPARATOR.
   */
  join(hint: string, elements: string[][]): string {
    // Tests of the same fields share one label, so label_format runs one template per field set.
    const existing = this.joined.find((join) => JSON.stringify(join.elements) === JSON.stringify(elements));
    if (existing) {
      return existing.label;
    }
    const base = LABEL_PREFIX + sanitize(hint);
    let label = base;
    for (let suffix = 2; this.taken.has(label); suffix++) {
      label = `${base}_${suffix}`;
    }
    this.taken.add(label);
    this.joined.push({ label, elements });
    return label;
  }

  /** The joined labels, in the order they were added. */
  joins(): Array<{ label: string; elements: string[][] }> {
    return [...this.joined];
  }

  /** The `| json` expressions, in the order the fields were first resolved. */
  jsonExpressions(): Array<{ label: string; path: string }> {
    return [...this.byPath.entries()].map(([path, label]) => ({ label, path }));
  }

  readsLine(): boolean {
    return this.usesLine;
  }
}
