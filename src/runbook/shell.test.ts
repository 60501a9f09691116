import { execFileSync } from 'node:child_process';
import { isKubernetesName, shellQuote } from './shell';

const CRAFTED = [
  '$(touch /tmp/cordon-pwned)',
  '`id`',
  'a; rm -rf /',
  "it's",
  "'; echo pwned; '",
  'line1\nline2',
  '"double" \\ back',
  '<script>alert(1)</script>',
  '${HOME}',
  '',
];

/** Runs `printf %s WORD` in a real POSIX shell and returns what the shell made of the word. */
function throughShell(word: string): string {
  return execFileSync('/bin/sh', ['-c', `printf %s ${word}`], { encoding: 'utf8' });
}

describe('shellQuote', () => {
  test.each(CRAFTED.map((value) => [JSON.stringify(value), value]))('keeps %s literal in /bin/sh', (_name, value) => {
    expect(throughShell(shellQuote(value))).toBe(value);
  });

  test('escapes a single quote', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});

describe('isKubernetesName', () => {
  test.each([
    ['web-1', 'label', true],
    ['kube-system', 'label', true],
    ['Web', 'label', false],
    ['-web', 'label', false],
    ['web-', 'label', false],
    ['a.b', 'label', false],
    ['a'.repeat(63), 'label', true],
    ['a'.repeat(64), 'label', false],
    ['ip-10-0-0-1.ec2.internal', 'subdomain', true],
    ['a..b', 'subdomain', false],
    ['a'.repeat(253), 'subdomain', true],
    ['a'.repeat(254), 'subdomain', false],
    ['$(id)', 'subdomain', false],
    ['web-1\n', 'subdomain', false],
    ['', 'label', false],
  ] as const)('%s as a %s is %s', (value, rule, valid) => {
    expect(isKubernetesName(value, rule)).toBe(valid);
  });
});
