/** Helpers over JSON text known to be valid, for reading documents without losing how they were written. */

/** Returns the offset after the string literal that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') {
    index += text[index] === '\\' ? 2 : 1;
  }
  return index + 1;
}

/** Returns the offset after the value that starts at `start`. */
export function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"') {
    return stringEnd(text, start);
  }
  if (first !== '{' && first !== '[') {
    let index = start + 1;
    while (index < text.length && !',}] \t\n\r'.includes(text[index])) {
      index++;
    }
    return index;
  }
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      index = stringEnd(text, index) - 1;
    } else if (char === '{' || char === '[') {
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) {
        return index + 1;
      }
    }
  }
  return text.length;
}

/** Finds the spans of the elements of the array that starts at `start`. */
export function arrayElementSpans(text: string, start: number): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let index = skipSpace(text, start + 1);
  if (text[index] === ']') {
    return spans;
  }
  for (;;) {
    const end = valueEnd(text, index);
    spans.push({ start: index, end });
    index = skipSpace(text, end);
    if (text[index] !== ',') {
      return spans;
    }
    index = skipSpace(text, index + 1);
  }
}

function skipSpace(text: string, start: number): number {
  let index = start;
  while (index < text.length && ' \t\n\r'.includes(text[index])) {
    index++;
  }
  return index;
}

/**
 * Removes the whitespace between the tokens of JSON text and keeps everything else as written:
 * escapes, number forms and duplicate keys. An event read from a pretty-printed document then
 * gives the line a shipper would store, and the same verdict as the line in JSON Lines.
 */
export function minifyJson(text: string): string {
  let output = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      const end = stringEnd(text, index);
      output += text.slice(index, end);
      index = end;
    } else {
      if (!' \t\n\r'.includes(char)) {
        output += char;
      }
      index++;
    }
  }
  return output;
}
