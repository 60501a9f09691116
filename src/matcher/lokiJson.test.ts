import { LokiJsonLine, lokiUnescape } from './lokiJson';

/** Expected views below were read from Loki 3.7.6 with `| json name="path"` on the same lines. */
function view(line: string, path: string): string | undefined {
  return LokiJsonLine.parse(line)?.view(path);
}

describe('LokiJsonLine', () => {
  test('rejects lines that | json fails on', () => {
    expect(LokiJsonLine.parse(' {"a":"lead"}')).toBeUndefined();
    expect(LokiJsonLine.parse('\t{"a":1}')).toBeUndefined();
    expect(LokiJsonLine.parse('{"trunc":"abc')).toBeUndefined();
    expect(LokiJsonLine.parse('{"a":1} trailing')).toBeUndefined();
    expect(LokiJsonLine.parse('plain text')).toBeUndefined();
  });

  test('accepts trailing whitespace', () => {
    expect(view('{"a":"trail"}   ', 'a')).toBe('trail');
    expect(view('{"a":"cr"}\r', 'a')).toBe('cr');
  });

  test('keeps the first of duplicate keys', () => {
    expect(view('{"a":"first","a":"second"}', 'a')).toBe('first');
    expect(view('{"a":{"b":1},"a":{"b":2}}', 'a')).toBe('{"b":1}');
    expect(view('{"a":{"b":1},"a":{"b":2}}', 'a.b')).toBe('1');
    expect(view('{"x":[{"y":1,"y":2}]}', 'x[0].y')).toBe('1');
  });

  test('finds a path in a later copy of its parent', () => {
    expect(view('{"a":{"c":1},"a":{"b":2}}', 'a.b')).toBe('2');
    expect(view('{"a":{"c":1},"a":{"b":2}}', 'a')).toBe('{"c":1}');
  });

  test('stops at the first array with the index', () => {
    expect(view('{"s":{"c":[{"n":"a"}]},"s":{"c":[{"p":true}]}}', 's.c[0].p')).toBe('');
    expect(view('{"s":{"c":[]},"s":{"c":[{"p":true}]}}', 's.c[0].p')).toBe('true');
    expect(view('{"s":{"c":"text"},"s":{"c":[{"p":true}]}}', 's.c[0].p')).toBe('true');
  });

  test('renders values as Loki extracts them', () => {
    const line =
      '{"o":{"x": 1,  "y":"\\u003cb\\u003e"},"n":1.0,"m":1e3,"b":12345678901234567890,"neg":-0,"arr":["a\\"b", "c\\u003c", 1, true, null, {"k":"v"}],"t":true,"z":null}';
    expect(view(line, 'o')).toBe('{"x": 1,  "y":"\\u003cb\\u003e"}');
    expect(view(line, 'o.y')).toBe('<b>');
    expect(view(line, 'n')).toBe('1.0');
    expect(view(line, 'm')).toBe('1e3');
    expect(view(line, 'b')).toBe('12345678901234567890');
    expect(view(line, 'neg')).toBe('-0');
    expect(view(line, 'arr')).toBe('["a"b", "c<", 1, true, null, {"k":"v"}]');
    expect(view(line, 'arr[0]')).toBe('a"b');
    expect(view(line, 'arr[5]')).toBe('{"k":"v"}');
    expect(view(line, 'arr[5].k')).toBe('v');
    expect(view(line, 'arr[6]')).toBe('');
    expect(view(line, 't')).toBe('true');
    expect(view(line, 'z')).toBe('');
    expect(view(line, 'missing.path')).toBe('');
  });

  test('matches escaped keys after decoding', () => {
    expect(view('{"\\u0061":"escapedkey"}', 'a')).toBe('escapedkey');
    expect(view('{"m":{"app.kubernetes.io/name":"x"}}', 'm["app.kubernetes.io/name"]')).toBe('x');
  });

  test('finds nothing after a key Unescape rejects', () => {
    expect(view('{"a":1,"\\ud800":0,"b":2}', 'a')).toBe('1');
    expect(view('{"a":1,"\\ud800":0,"b":2}', 'b')).toBe('');
    expect(view('{"\\udc00":0,"b":2}', 'b')).toBe('');
    expect(view('{"\\ud800xx1234":1,"b":2}', 'b')).toBe('');
    expect(view('{"spec":{"x":{"\\ud800":0}},"hostPID":true}', 'hostPID')).toBe('');
    expect(view('{"spec":{"x":{"\\ud800":0}},"hostPID":true}', 'spec.x')).toBe('{"\\ud800":0}');
    expect(view('{"o":{"\\ud800":1},"b":2}', 'o')).toBe('{"\\ud800":1}');
  });

  test('reads on past keys Unescape accepts', () => {
    expect(view('{"b":2,"\\ud800":0,"c":3}', 'b')).toBe('2');
    expect(view('{"\\ud83d\\ude00":1,"b":2}', 'b')).toBe('2');
    expect(view('{"\\udc00\\udc00":1,"b":2}', 'b')).toBe('2');
    expect(view('{"\\ud800xxffff":1,"b":2}', 'b')).toBe('2');
    expect(view('{"list":[{"\\ud800":0}],"b":2}', 'b')).toBe('2');
  });

  test('gives up on an element at a rejected key', () => {
    const line = '{"list":[{"\\ud800":0,"k":1},{"k":2}],"z":9}';
    expect(view(line, 'list[0].k')).toBe('');
    expect(view(line, 'list[1].k')).toBe('2');
    expect(view(line, 'z')).toBe('9');
    expect(view('{"list":[{"k":1,"\\ud800":0}]}', 'list[0].k')).toBe('1');
    expect(view('{"list":[{"a":{"\\ud800":0},"k":1}]}', 'list[0].k')).toBe('1');
    expect(view('{"list":[{"k":{"\\ud800":0,"m":5}}]}', 'list[0].k')).toBe('{"\\ud800":0,"m":5}');
    expect(view('{"list":[{"k":{"\\ud800":0,"m":5}}]}', 'list[0].k.m')).toBe('');
  });

  test('scans deeply nested lines quickly', () => {
    const depth = 100_000;
    const line = `{"a":${'{"b":'.repeat(depth)}{"\\ud800":0}${'}'.repeat(depth)},"z":1}`;
    expect(view(line, 'z')).toBe('');
  });

  test('reads paths through JSON patch arrays', () => {
    const patch = '{"requestObject":[{"op":"add","path":"/a","value":{"\\u0070rivileged":true}}]}';
    expect(view(patch, 'requestObject[0].op')).toBe('add');
    expect(view(patch, 'requestObject[0].value')).toBe('{"\\u0070rivileged":true}');
    expect(view(patch, 'requestObject.spec')).toBe('');
  });
});

describe('lokiUnescape', () => {
  test('decodes escapes and surrogate pairs', () => {
    expect(lokiUnescape('tab\\there')).toBe('tab\there');
    expect(lokiUnescape('team-\\ud83d\\ude80')).toBe('team-\u{1f680}');
  });

  test('replaces U+FFFD by a space', () => {
    expect(lokiUnescape('tab\\ufffdrep')).toBe('tab rep');
    expect(lokiUnescape('raw\ufffdrep')).toBe('raw rep');
  });

  test('returns "" for escapes Unescape rejects', () => {
    expect(lokiUnescape('team\\ud800c')).toBe('');
    expect(lokiUnescape('bad\\x')).toBe('');
    expect(lokiUnescape('end\\')).toBe('');
  });
});
