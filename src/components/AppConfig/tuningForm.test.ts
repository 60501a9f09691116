import { findDetection } from '../../detections/catalog';
import {
  TUNABLE_DETECTIONS,
  changedCount,
  parseTuningText,
  setTuningText,
  tuningFieldKey,
  tuningFormFromJsonData,
  tuningFromForm,
  validateTuning,
  withoutUnknownTuning,
} from './tuningForm';

const exec = findDetection('k8s-exec-attach');
const egress = findDetection('container-egress-above-baseline');
const listParameter = exec.tuning.find((parameter) => parameter.kind === 'list')!;
const numberParameter = egress.tuning.find((parameter) => parameter.name === 'factor')!;

describe('tuning form', () => {
  test('lists every detection with parameters', () => {
    expect(TUNABLE_DETECTIONS.length).toBeGreaterThan(20);
    expect(TUNABLE_DETECTIONS.every((detection) => detection.tuning.length > 0)).toBe(true);
  });

  test('list text drops blank lines and spaces', () => {
    expect(parseTuningText(listParameter, ' ci-bot \n\n system:serviceaccount:ci:deployer\r\n')).toEqual([
      'ci-bot',
      'system:serviceaccount:ci:deployer',
    ]);
    expect(parseTuningText(listParameter, '')).toEqual([]);
  });

  test('number text parses or stays text', () => {
    expect(parseTuningText(numberParameter, ' 4.5 ')).toBe(4.5);
    expect(parseTuningText(numberParameter, '1e3')).toBe(1000);
    expect(parseTuningText(numberParameter, 'four')).toBe('four');
  });

  test('round-trips stored tuning through the form', () => {
    const stored = { 'k8s-exec-attach': { [listParameter.name]: ['a', 'b'] }, 'container-egress-above-baseline': { factor: 5 } };
    const form = tuningFormFromJsonData(stored);
    expect(form).toEqual({ 'k8s-exec-attach': { [listParameter.name]: 'a\nb' }, 'container-egress-above-baseline': { factor: '5' } });
    expect(validateTuning(form)).toEqual({});
    expect(tuningFromForm(form)).toEqual(stored);
  });

  test('leaves out values equal to the default', () => {
    const form = setTuningText({}, exec.id, listParameter.name, (listParameter.default as string[]).join('\n'));
    expect(tuningFromForm(form)).toEqual({});
    expect(changedCount(form, exec)).toBe(0);
    expect(changedCount(setTuningText(form, exec.id, listParameter.name, 'other'), exec)).toBe(1);
  });

  test('invalid value names field and fix', () => {
    const errors = validateTuning({ 'container-egress-above-baseline': { factor: 'four' } });
    expect(errors[tuningFieldKey('container-egress-above-baseline', 'factor')]).toBe(
      'Tuning parameter factor of detection container-egress-above-baseline must be a number, got "four".'
    );
    const control = validateTuning({ [exec.id]: { [listParameter.name]: 'ci\u0085bot' } });
    expect(control[tuningFieldKey(exec.id, listParameter.name)]).toMatch(/control character or line separator/);
  });

  test('unknown entries reported and removable', () => {
    const form = tuningFormFromJsonData({ 'no-such-detection': { users: ['a'] }, [exec.id]: { nope: ['b'], [listParameter.name]: ['c'] } });
    expect(validateTuning(form).tuning).toBe(
      `The saved tuning names parameters that no detection has: no-such-detection.users, ${exec.id}.nope. Remove them to save; the parameters of each detection are listed below.`
    );
    expect(() => tuningFromForm(form)).toThrow('Unknown tuning parameter users of detection no-such-detection');
    expect(withoutUnknownTuning(form)).toEqual({ [exec.id]: { [listParameter.name]: 'c' } });
  });

  test('last override removal drops detection', () => {
    const form = setTuningText({}, exec.id, listParameter.name, 'x');
    expect(setTuningText(form, exec.id, listParameter.name, undefined)).toEqual({});
  });
});
