import { DEFAULT_FALCO_LABELS } from '../detections/telemetry';
import { falcoEventFromLoki } from './falcoText';
import { fieldView } from './views';

const LINE = '17:48:58.590038385: Notice A shell was spawned in a container with an attached terminal | user=root process=bash';

describe('falcoEventFromLoki', () => {
  test('puts every text-format label back at its JSON path', () => {
    const event = falcoEventFromLoki(
      {
        rule: 'Terminal shell in container',
        priority: 'Notice',
        source: 'syscall',
        hostname: 'worker-2',
        k8s_ns_name: 'shop',
        k8s_pod_name: 'checkout-6f7c9d8b5-x2k4p',
        tags: 'T1059,container,shell',
      },
      LINE,
      DEFAULT_FALCO_LABELS
    );
    expect(event).toEqual({
      output: LINE,
      rule: 'Terminal shell in container',
      priority: 'Notice',
      hostname: 'worker-2',
      source: 'syscall',
      tags: ['T1059', 'container', 'shell'],
      output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': 'checkout-6f7c9d8b5-x2k4p' },
    });
    expect(fieldView(event, 'output_fields["k8s.ns.name"]')).toBe('shop');
  });

  test('reads the configured label names', () => {
    const names = { rule: 'falco_rule', priority: 'falco_priority', namespace: 'namespace', pod: 'pod' };
    const event = falcoEventFromLoki({ falco_rule: 'Clear Log Activities', falco_priority: 'Warning', namespace: 'shop', rule: 'other' }, LINE, names);
    expect(event.rule).toBe('Clear Log Activities');
    expect(event.priority).toBe('Warning');
    expect(fieldView(event, 'output_fields["k8s.ns.name"]')).toBe('shop');
  });

  test('leaves out labels that are missing or empty', () => {
    const event = falcoEventFromLoki({ rule: 'Terminal shell in container', k8s_ns_name: '' }, LINE, DEFAULT_FALCO_LABELS);
    expect(event).toEqual({ output: LINE, rule: 'Terminal shell in container', priority: '' });
  });

  test('keeps rule and output strings when the labels are missing', () => {
    const event = falcoEventFromLoki({}, '', DEFAULT_FALCO_LABELS);
    expect(event).toEqual({ output: '', rule: '', priority: '' });
  });
});
