import { anchored } from '../regex';
import { lokiLabelPattern } from './labelRegex';

describe('lokiLabelPattern', () => {
  test('keeps a plain literal', () => {
    expect(lokiLabelPattern('kube-system')).toBe('kube-system');
    expect(lokiLabelPattern('web server/1')).toBe('web server/1');
  });

  test('anchors alternations, wildcards and the empty pattern', () => {
    expect(lokiLabelPattern('kube-system|kube-public')).toBe('^(?:kube-system|kube-public)');
    expect(lokiLabelPattern('.*/hostPath/path')).toBe('^(?:.*/hostPath/path)');
    expect(lokiLabelPattern('|exec')).toBe('^(?:|exec)');
    expect(lokiLabelPattern('')).toBe('^(?:)');
    expect(lokiLabelPattern('Container Drift Detected \\(chmod\\)')).toBe('^(?:Container Drift Detected \\(chmod\\))');
  });

  test('rewrites only the class [\\s\\S]', () => {
    expect(lokiLabelPattern('[\\s\\S]*"a"[\\s\\S]*')).toBe('^(?:(?s:.)*"a"(?s:.)*)');
    expect(lokiLabelPattern('\\[\\s\\S]')).toBe('^(?:\\[\\s\\S])');
    expect(lokiLabelPattern('[^\\]]*[\\s\\S]')).toBe('^(?:[^\\]]*(?s:.))');
    expect(lokiLabelPattern('[]\\s\\S]x')).toBe('^(?:[]\\s\\S]x)');
  });

  test('keeps the meaning of the pattern', () => {
    const cases: Array<[string, string[]]> = [
      ['kube-system|kube-public', ['kube-system', 'kube-public', 'my-kube-system', 'kube-systemz', '']],
      ['|exec', ['', 'exec', 'execute']],
      ['[\\s\\S]*"a"[\\s\\S]*', ['"a"', 'x\n"a"\ny', 'a']],
    ];
    for (const [pattern, values] of cases) {
      // Without (?s:) support in this JavaScript, the rewritten class is checked through its RE2 meaning.
      const javascript = lokiLabelPattern(pattern).replace(/\(\?s:\.\)/g, '[\\s\\S]');
      for (const value of values) {
        expect([value, anchored(javascript).test(value)]).toEqual([value, anchored(pattern).test(value)]);
      }
    }
  });
});
