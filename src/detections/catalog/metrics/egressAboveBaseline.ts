import { TECHNIQUES } from '../../attack';
import type { MetricDetection } from '../../model';
import { CADVISOR_REFERENCES } from './references';

/** Pod sandbox network series of kubelet's cAdvisor endpoint, loopback excluded. */
const TRANSMITTED = 'container_network_transmit_bytes_total{pod!="", interface!="lo"${cadvisorMatchers}}';

/** Series identity of one pod interface: cAdvisor labels the sandbox (pause) cgroup, not each container. */
const POD_INTERFACE = 'namespace, pod, interface, instance';

export const containerEgressAboveBaseline: MetricDetection = {
  kind: 'metric',
  id: 'container-egress-above-baseline',
  title: 'Pod egress far above its own baseline',
  description:
    'A pod sends several times more bytes per second than its own history allows: the current transmit rate of one of its interfaces is above ' +
    'a factor of a high quantile of its rates over the past days, and above a floor in bytes per second. ' +
    'An adversary who runs a workload in a covert or compromised container moves collected data out over the pod network, ' +
    'and a steep rise against the pod’s own baseline is often the only trace that monitoring keeps. ' +
    'The baseline ends one hour before the evaluation so that an ongoing transfer does not raise its own bar, ' +
    'and a pod without traffic one minimum history ago (new pods, including every pod of a fresh rollout) is never compared.',
  severity: 'medium',
  // T1048 rather than T1041 or T1567: byte counters show volume, not the protocol or destination.
  technique: TECHNIQUES.exfiltrationOverAlternativeProtocol,
  telemetry: 'metrics',
  query: [
    `max by (${POD_INTERFACE}) (rate(${TRANSMITTED}[\${rateWindow}]))`,
    `  > \${factor} * max by (${POD_INTERFACE}) (`,
    `    quantile_over_time(\${baselineQuantile}, rate(${TRANSMITTED}[\${rateWindow}])[\${baselineWindow}:\${rateWindow}] offset 1h)`,
    '  )',
    '  > ${minimumBytesPerSecond}',
    `and on (${POD_INTERFACE})`,
    `  max by (${POD_INTERFACE}) (${TRANSMITTED} offset \${minimumHistory})`,
  ].join('\n'),
  groupBy: ['namespace', 'pod', 'interface', 'instance'],
  entities: { namespace: 'namespace', pod: 'pod', node: 'instance' },
  valueUnit: 'bytes/s',
  falsePositives: [
    'A daily or weekly peak (backups, report exports, batch uploads) stays silent once the baseline window holds it. ' +
      'The quantile reaches a recurring peak when the peak fills more than (1 - quantile) of the window: 1% of 7 days is about 100 minutes, so a daily peak of 15 minutes or more. ' +
      'A rarer or shorter peak alerts; lower the quantile or raise the factor for such a workload.',
    'A traffic surge after a launch, a marketing campaign or failover from another region raises egress on every replica of a workload at once; ' +
      'alerts for many pods of one Deployment at the same time point to load, one pod alone points to that pod.',
    'Maintenance that copies data out (database dumps, volume migrations, cache warm-up of peers) looks the same; ' +
      'check the change calendar and whether the destination is your own storage.',
    'Pods with hostNetwork: true report the node’s interfaces, so any large transfer on the node shows on each of them.',
  ],
  tuning: [
    { name: 'factor', kind: 'number', description: 'How many times the baseline the current rate must exceed.', default: 3, min: 1 },
    {
      name: 'minimumBytesPerSecond',
      kind: 'number',
      description: 'Floor in bytes per second below which no pod alerts, so that tiny baselines (idle pods) do not turn small bursts into alerts.',
      default: 1048576,
      min: 0,
    },
    {
      name: 'baselineQuantile',
      kind: 'number',
      description: 'Quantile of the past per-window rates that forms the baseline; 0.99 keeps recurring peaks and ignores rare spikes.',
      default: 0.99,
      min: 0,
      max: 1,
    },
    { name: 'baselineWindow', kind: 'duration', description: 'How far back the baseline reaches, ending one hour before evaluation.', default: '7d' },
    { name: 'rateWindow', kind: 'duration', description: 'Range of each rate, and the step of the baseline subquery.', default: '5m' },
    {
      name: 'minimumHistory',
      kind: 'duration',
      description: 'How long a pod interface must have existed before it is compared; 1d makes sure one daily cycle is in its baseline.',
      default: '1d',
    },
  ],
  response: {
    investigate: [
      'Open the pod’s transmit rate over the baseline window and check when the rise started and whether it is still going on.',
      'List the destinations of the pod’s connections from flow logs, the CNI (Cilium Hubble, Calico flow logs) or the service mesh, and look for hosts outside your known services.',
      'Compare the pod’s image digest and start time with its Deployment’s other replicas, and check for recent exec sessions into the pod in the audit log.',
    ],
    contain: [
      'Once the traffic capture is done, apply a NetworkPolicy that denies egress from the pod except to the services it needs, or label it into a quarantine policy.',
      'Revoke the credentials the pod can read (mounted secrets, cloud workload identity) if data may have left.',
    ],
    forensics: [
      'Capture the pod’s traffic on the node (tcpdump in the pod’s network namespace) before you isolate or delete the pod, because isolation stops the traffic you want to record.',
      'Save the pod spec, the container filesystem diff and the container logs.',
    ],
    remediate: [
      'Rebuild the workload from a trusted image and rotate every secret it could reach.',
      'Enforce default-deny egress NetworkPolicies with an allow list of destinations for the namespace.',
    ],
  },
  references: [
    ...CADVISOR_REFERENCES,
    'https://prometheus.io/docs/prometheus/latest/querying/functions/#aggregation_over_time',
    'https://attack.mitre.org/techniques/T1048/',
  ],
};
