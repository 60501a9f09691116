import { DEFAULT_SETTINGS, MAX_ARRAY_ELEMENTS_LIMIT } from '../../settings';
import { ConfigForm, formFromJsonData, jsonDataFromForm, validateForm } from './configForm';

const defaults = (): ConfigForm => formFromJsonData(undefined);

describe('formFromJsonData', () => {
  test('empty jsonData gives defaults', () => {
    const form = defaults();
    expect(form.auditSelector).toBe(DEFAULT_SETTINGS.auditSelector);
    expect(form.falcoLabels).toEqual(DEFAULT_SETTINGS.falcoLabels);
    expect(form.maxArrayElements).toBe(String(DEFAULT_SETTINGS.maxArrayElements));
    expect(form.lokiUid).toBeUndefined();
  });

  test('stored values win over defaults', () => {
    const form = formFromJsonData({
      lokiUid: 'loki-1',
      falcoSelector: '{app="falco"}',
      falcoLabels: { pod: 'pod' } as never,
    });
    expect(form.lokiUid).toBe('loki-1');
    expect(form.falcoSelector).toBe('{app="falco"}');
    expect(form.falcoLabels).toEqual({ ...DEFAULT_SETTINGS.falcoLabels, pod: 'pod' });
  });

  test('stored invalid value is kept for editing', () => {
    expect(formFromJsonData({ auditSelector: 'job="audit"' }).auditSelector).toBe('job="audit"');
  });
});

describe('validateForm', () => {
  test('defaults are valid', () => {
    expect(validateForm(defaults())).toEqual({});
  });

  test('selector without braces names value and fix', () => {
    const errors = validateForm({ ...defaults(), auditSelector: 'job="audit"' });
    expect(errors.auditSelector).toBe(
      'Invalid audit log selector "job=\\"audit\\"": write label matchers in braces, for example {job="kubernetes-audit"}.'
    );
  });

  test('selector matching empty value is rejected', () => {
    const errors = validateForm({ ...defaults(), runtimeSelector: '{job=~".*"}' });
    expect(errors.runtimeSelector).toContain('Loki needs at least one matcher that does not match the empty value');
  });

  test('pipeline stage in selector is rejected', () => {
    const errors = validateForm({ ...defaults(), falcoSelector: '{job="falco"} |= "x"' });
    expect(errors.falcoSelector).toContain('Invalid Falco alert selector');
  });

  test('bad metric matchers are rejected', () => {
    const errors = validateForm({ ...defaults(), cadvisorMatchers: 'job=kubelet' });
    expect(errors.cadvisorMatchers).toContain('Invalid cAdvisor matchers');
  });

  test('empty metric matchers are valid', () => {
    expect(validateForm({ ...defaults(), kubeStateMetricsMatchers: '  ' })).toEqual({});
  });

  test('bad Falco label name', () => {
    const errors = validateForm({
      ...defaults(),
      falcoLabels: { ...DEFAULT_SETTINGS.falcoLabels, namespace: 'k8s.ns.name' },
    });
    expect(errors['falcoLabels.namespace']).toBe(
      'Invalid Loki label name "k8s.ns.name": use letters, digits and underscores, not starting with a digit, for example k8s_ns_name.'
    );
  });

  test.each(['0', '1.5', 'ten', '', String(MAX_ARRAY_ELEMENTS_LIMIT + 1)])('array elements %j is rejected', (value) => {
    expect(validateForm({ ...defaults(), maxArrayElements: value }).maxArrayElements).toContain(
      `from 1 to ${MAX_ARRAY_ELEMENTS_LIMIT}`
    );
  });

  test('errors of several fields at once', () => {
    const errors = validateForm({ ...defaults(), auditSelector: '', maxArrayElements: '0' });
    expect(Object.keys(errors).sort()).toEqual(['auditSelector', 'maxArrayElements']);
  });
});

describe('jsonDataFromForm', () => {
  test('the form owns the tuning: a removed override is removed from jsonData', () => {
    const stored = { tuning: { 'k8s-exec-attach': { trustedUsers: ['ci-bot'] } } };
    expect(jsonDataFromForm({ ...formFromJsonData(stored), tuning: {} }, stored).tuning).toEqual({});
  });

  test('refuses to save invalid tuning and names it', () => {
    const form = { ...defaults(), tuning: { 'container-egress-above-baseline': { factor: '0.5' } } };
    expect(() => jsonDataFromForm(form, {})).toThrow(
      'Tuning parameter factor of detection container-egress-above-baseline must be between 1 and ∞, got 0.5.'
    );
  });

  test('keeps keys the form does not edit, and the stored tuning', () => {
    const stored = { tuning: { 'k8s-exec-attach': { trustedUsers: ['ci-bot'] } }, grafanaUrl: 'https://grafana.example.com' };
    const jsonData = jsonDataFromForm({ ...formFromJsonData(stored), lokiUid: 'loki-1' }, stored);
    expect(jsonData.tuning).toEqual(stored.tuning);
    expect(jsonData.grafanaUrl).toBe('https://grafana.example.com');
    expect(jsonData.lokiUid).toBe('loki-1');
  });

  test('converts and trims values', () => {
    const jsonData = jsonDataFromForm(
      { ...defaults(), maxArrayElements: ' 12 ', auditSelector: ' {job="a"} ' },
      undefined
    );
    expect(jsonData.maxArrayElements).toBe(12);
    expect(jsonData.auditSelector).toBe('{job="a"}');
  });

  test('cleared data source is removed', () => {
    const jsonData = jsonDataFromForm({ ...defaults(), lokiUid: '' }, { lokiUid: 'old' });
    expect(JSON.parse(JSON.stringify(jsonData)).lokiUid).toBeUndefined();
  });

  test('invalid form throws every error', () => {
    expect(() => jsonDataFromForm({ ...defaults(), auditSelector: 'x', maxArrayElements: '99' }, undefined)).toThrow(
      /Invalid audit log selector "x".*Invalid number of array elements "99"/
    );
  });
});
