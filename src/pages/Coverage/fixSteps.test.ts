import { resolveSettings } from '../../settings';
import { fixSteps } from './fixSteps';
import { COVERAGE_SOURCES } from './sources';

const settings = resolveSettings({});
const kubeStateMetrics = COVERAGE_SOURCES.find((source) => source.id === 'kubeStateMetrics')!;

describe('fixSteps', () => {
  test('absent metric leads the steps', () => {
    const steps = fixSteps(kubeStateMetrics, settings, { status: 'missing', count: 64, expr: '', absentMetrics: ['kube_pod_container_info'] });
    expect(steps[0]).toContain('Keep kube_pod_container_info in the scrape');
    expect(steps.slice(1)).toEqual(kubeStateMetrics.fix(settings));
  });

  test('no series at all keeps the source steps', () => {
    const steps = fixSteps(kubeStateMetrics, settings, { status: 'missing', count: 0, expr: '', absentMetrics: ['kube_pod_info'] });
    expect(steps).toEqual(kubeStateMetrics.fix(settings));
  });
});
