import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TECHNIQUES } from '../../detections/attack';
import { falcoShellInContainer } from '../../detections/catalog/falco/shellInContainer';
import { privilegedContainer } from '../../detections/catalog/audit/privilegedContainer';
import type { Detection, MetricDetection } from '../../detections/model';

/** A metric detection written for these tests, so that their expected PromQL does not follow catalog changes. */
export const egressSpike: MetricDetection = {
  kind: 'metric',
  id: 'test-egress-spike',
  title: 'Egress spike (test)',
  description: 'A pod sends more bytes than the threshold.',
  severity: 'low',
  technique: TECHNIQUES.exfiltrationOverAlternativeProtocol,
  telemetry: 'metrics',
  query: 'sum by (namespace, pod) (rate(container_network_transmit_bytes_total{pod!=""${cadvisorMatchers}}[5m])) > ${threshold}',
  groupBy: ['namespace', 'pod'],
  entities: { namespace: 'namespace', pod: 'pod' },
  valueUnit: 'bytes/s',
  tuning: [{ name: 'threshold', kind: 'number', description: 'Bytes per second.', default: 1000000 }],
  falsePositives: [],
  response: { investigate: [], contain: [], forensics: [], remediate: [] },
  references: [],
};

/** One audit, one Falco and one metric detection. */
export const TEST_CATALOG: readonly Detection[] = [privilegedContainer, falcoShellInContainer, egressSpike];

const ROOT = path.resolve(__dirname, '..', '..', '..', 'test');

/** Reads the lines of a fixture under test/, such as a Falco trace of a real audit event. */
export function fixtureLines(relativePath: string): string[] {
  return readFileSync(path.join(ROOT, relativePath), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
