import type { CordonSettings } from '../../settings';
import type { PresenceResult } from './runPresenceChecks';
import type { CoverageSource } from './sources';

/** Lists the fix of a source, led by the metrics it lacks when only some of them have series. */
export function fixSteps(source: CoverageSource, settings: CordonSettings, result: PresenceResult): string[] {
  const steps = source.fix(settings);
  if ((result.status === 'missing' || result.status === 'receiving') && result.count > 0 && result.absentMetrics.length > 0) {
    const names = result.absentMetrics.join(', ');
    return [
      `Keep ${names} in the scrape: look for metric_relabel_configs rules that drop series, and for kube-state-metrics check its --metric-denylist and --metric-allowlist flags.`,
      ...steps,
    ];
  }
  return steps;
}
