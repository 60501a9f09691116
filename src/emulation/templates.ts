/**
 * Renders the two Go template forms that Cordon's annotations use, `{{ $labels.x }}` and
 * `{{ $labels.x | urlquery }}`, so that tests can state the exact annotation an alert carries.
 * Any other template action is an error rather than a silent mismatch.
 */
export function renderAnnotation(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{(.*?)\}\}/g, (action, body: string) => {
    const match = /^\s*\$labels\.([A-Za-z_][A-Za-z0-9_]*)\s*(\|\s*urlquery\s*)?$/.exec(body);
    if (!match) {
      throw new Error(`Cannot render the template action ${action}: only {{ $labels.name }} and {{ $labels.name | urlquery }} are supported.`);
    }
    const value = labels[match[1]] ?? '';
    return match[2] ? queryEscape(value) : value;
  });
}

/** Escapes like Go's url.QueryEscape: unreserved characters stay, a space becomes `+`. */
export function queryEscape(value: string): string {
  return Array.from(new TextEncoder().encode(value))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-_.~]/.test(char)) {
        return char;
      }
      return char === ' ' ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}
