import { anchored } from '../../../compiler/regex';
import { evaluate } from '../../../matcher/evaluate';
import { listPattern, listParameter, listedElement, unlisted } from './lists';

const matches = (entries: string[], value: string) => anchored(listPattern(entries)).test(value);

describe('listPattern', () => {
  test('matches entries exactly', () => {
    expect(matches(['system:admin'], 'system:admin')).toBe(true);
    expect(matches(['system:admin'], 'system:admin2')).toBe(false);
    expect(matches(['system:admin'], 'xsystem:admin')).toBe(false);
  });

  test('matches by prefix when an entry ends in *', () => {
    expect(matches(['system:serviceaccount:kube-system:*'], 'system:serviceaccount:kube-system:default')).toBe(true);
    expect(matches(['system:serviceaccount:kube-system:*'], 'system:serviceaccount:kube-public:default')).toBe(false);
    expect(matches(['*'], '')).toBe(true);
  });

  test('keeps other characters literal', () => {
    expect(matches(['a*b'], 'a*b')).toBe(true);
    expect(matches(['a*b'], 'aXb')).toBe(false);
    expect(matches(['a.b|c'], 'aXb')).toBe(false);
    expect(matches(['"}\n)'], '"}\n)')).toBe(true);
  });

  test('rejects an empty list', () => {
    expect(() => listPattern([])).toThrow('at least one entry');
  });
});

describe('listedElement', () => {
  const event = { impersonatedUser: { groups: ['system:authenticated', 'system:masters'] } };

  test('finds a listed element of an array', () => {
    expect(evaluate(listedElement('impersonatedUser.groups', ['system:masters']), event, 10)).toBe(true);
    expect(evaluate(listedElement('impersonatedUser.groups', ['system:mast*']), event, 10)).toBe(true);
  });

  test('ignores partial elements and missing arrays', () => {
    expect(evaluate(listedElement('impersonatedUser.groups', ['masters']), event, 10)).toBe(false);
    expect(evaluate(listedElement('impersonatedUser.groups', ['system:master']), event, 10)).toBe(false);
    expect(evaluate(listedElement('user.groups', ['system:masters']), event, 10)).toBe(false);
  });
});

describe('unlisted', () => {
  test('excludes nothing for an empty list', () => {
    expect(unlisted('user.username', [])).toEqual([]);
  });

  test('excludes listed values', () => {
    const [exclusion] = unlisted('user.username', ['ci-*']);
    expect(evaluate(exclusion, { user: { username: 'ci-bot' } }, 10)).toBe(false);
    expect(evaluate(exclusion, { user: { username: 'alice' } }, 10)).toBe(true);
  });
});

describe('listParameter', () => {
  test('rejects a value that is not a list', () => {
    expect(() => listParameter({ users: 'alice' }, 'users')).toThrow('must be a list of strings');
  });
});
