import { fieldView, lokiView, unescapeJsonText } from './views';

describe('lokiView', () => {
  test('renders scalars the way Loki extracts them', () => {
    expect(lokiView(undefined)).toBe('');
    expect(lokiView(null)).toBe('');
    expect(lokiView('text')).toBe('text');
    expect(lokiView(true)).toBe('true');
    expect(lokiView(false)).toBe('false');
    expect(lokiView(201)).toBe('201');
  });

  test('keeps object text raw and decodes escapes in array text', () => {
    expect(lokiView({ a: 'x"y' })).toBe('{"a":"x\\"y"}');
    expect(lokiView(['SYS_ADMIN', 'x"y'])).toBe('["SYS_ADMIN","x"y"]');
  });

  test('decodes unicode escapes', () => {
    expect(unescapeJsonText('\\u003cb\\u003e \\n \\\\')).toBe('<b> \n \\');
  });

  test('reads a field by path', () => {
    expect(fieldView({ user: { username: 'alice' } }, 'user.username')).toBe('alice');
    expect(fieldView({}, 'user.username')).toBe('');
  });
});
