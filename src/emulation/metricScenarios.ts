import type { TuningValues } from '../detections/model';
import type { ScenarioSeries, Segment } from './series';

/**
 * Attack scenarios for the metric detections and their benign twins, as series data. The
 * promtool tests, the alert path test, the benchmark and the attack emulator all read them.
 */
export interface MetricScenario {
  name: string;
  expect: 'fire' | 'silent';
  /** The situation the series emulate, in one sentence. */
  story: string;
  series: readonly ScenarioSeries[];
  /** Group-by labels of each alert the attack raises; empty for a benign twin. */
  alerts: ReadonlyArray<Record<string, string>>;
}

/** The scenarios of one detection, which share a time line so that one promtool test file contains them all. */
export interface DetectionScenarios {
  detectionId: string;
  /** Sample spacing of the history and of the live samples that promtool reads, in seconds. */
  intervalSeconds: number;
  /** History samples of every series. */
  historySamples: number;
  /** Live samples promtool evaluates after the history; the alert is checked at the last one. */
  liveSamples: number;
  /** promtool's evaluation interval: coarse enough to keep days of history fast, fine enough for `for`. */
  promtoolEvaluationSeconds: number;
  /** Tuning the scenarios are written for, passed as settings.tuning. */
  tuning: TuningValues;
  /** Series of the rest of the cluster, present in every scenario. */
  background: readonly ScenarioSeries[];
  scenarios: readonly MetricScenario[];
}

/** Returns the series of one scenario together with the background of its set. */
export function scenarioSeries(set: DetectionScenarios, scenario: MetricScenario): ScenarioSeries[] {
  return [...set.background, ...scenario.series];
}

/**
 * Returns every series of the given sets once, as one Prometheus would hold them side by side.
 * Throws when two series have the same metric and labels, which would collide in the TSDB.
 */
export function clusterSeries(sets: readonly DetectionScenarios[]): Array<{ series: ScenarioSeries; intervalSeconds: number }> {
  const seen = new Set<string>();
  const result: Array<{ series: ScenarioSeries; intervalSeconds: number }> = [];
  for (const set of sets) {
    for (const series of [...set.background, ...set.scenarios.flatMap((scenario) => scenario.series)]) {
      const key = `${series.metric}${JSON.stringify(Object.entries(series.labels).sort())}`;
      if (seen.has(key)) {
        throw new Error(`Scenario series ${series.metric} ${JSON.stringify(series.labels)} appears twice; give it distinct labels.`);
      }
      seen.add(key);
      result.push({ series, intervalSeconds: set.intervalSeconds });
    }
  }
  return result;
}

const MINUTE = 60;
/** Sample counts at one sample a minute, the interval of every scenario set below. */
const HOUR = 60;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// container-without-pod: kubelet's /metrics/cadvisor on node-1.

const KUBELET = { job: 'kubelet', instance: 'node-1' };
const KSM = { job: 'kube-state-metrics', instance: 'kube-state-metrics:8080' };
const WITHOUT_POD_HISTORY = 30;

const startTime = (labels: Record<string, string>, present: 'always' | 'live'): ScenarioSeries => ({
  metric: 'container_start_time_seconds',
  labels: { ...KUBELET, ...labels },
  history: [present === 'always' ? { samples: WITHOUT_POD_HISTORY, value: 1700000000 } : { samples: WITHOUT_POD_HISTORY, absent: true }],
  live: { value: 1700001800 },
});

const CONTAINER_WITHOUT_POD: DetectionScenarios = {
  detectionId: 'container-without-pod',
  intervalSeconds: MINUTE,
  historySamples: WITHOUT_POD_HISTORY,
  liveSamples: 10,
  promtoolEvaluationSeconds: MINUTE,
  tuning: { trustedNames: ['kube-proxy'] },
  background: [],
  scenarios: [
    {
      name: 'attack-ctr-run-miner',
      expect: 'fire',
      story: 'A miner started with `ctr -n k8s.io run` on node-1 appears with an image and without a pod.',
      series: [startTime({ id: '/k8s.io/xmrig', image: 'docker.io/miner/xmrig:6.21', name: 'xmrig' }, 'live')],
      alerts: [{ instance: 'node-1', id: '/k8s.io/xmrig', image: 'docker.io/miner/xmrig:6.21', name: 'xmrig' }],
    },
    {
      name: 'attack-forged-namespace-label',
      expect: 'fire',
      story:
        'A miner started with `nerdctl -n k8s.io run --label io.kubernetes.pod.namespace=kube-system` gets a namespace label but no pod label, ' +
        'because kubelet fills the pod label only from io.kubernetes.pod.name.',
      series: [startTime({ id: '/k8s.io/kworker', image: 'docker.io/miner/xmrig:6.21', name: 'kworker', namespace: 'kube-system' }, 'live')],
      alerts: [{ instance: 'node-1', id: '/k8s.io/kworker', image: 'docker.io/miner/xmrig:6.21', name: 'kworker', namespace: 'kube-system' }],
    },
    {
      name: 'attack-forged-pod-label',
      expect: 'fire',
      story:
        'A miner started with `docker run --label io.kubernetes.pod.name=kube-proxy-x7k2p --label io.kubernetes.pod.namespace=kube-system` gets pod and namespace labels, ' +
        'but kube-state-metrics lists no such pod, while the node\'s real kube-proxy pod is listed.',
      series: [
        // Started at 60 s on promtool's clock, so it is older than two minutes when promtool evaluates.
        {
          metric: 'container_start_time_seconds',
          labels: { ...KUBELET, id: '/docker/kproxy', image: 'docker.io/miner/xmrig:6.21', name: 'kproxy', namespace: 'kube-system', pod: 'kube-proxy-x7k2p' },
          history: [{ samples: WITHOUT_POD_HISTORY, absent: true }],
          live: { value: 60 },
        },
        {
          metric: 'kube_pod_info',
          labels: { ...KSM, namespace: 'kube-system', pod: 'kube-proxy-9zq4d', uid: 'uid-kube-proxy-9zq4d', node: 'node-1' },
          history: [{ samples: WITHOUT_POD_HISTORY, value: 1 }],
          live: { value: 1 },
        },
      ],
      alerts: [{ instance: 'node-1', id: '/docker/kproxy', image: 'docker.io/miner/xmrig:6.21', name: 'kproxy', namespace: 'kube-system', pod: 'kube-proxy-x7k2p' }],
    },
    {
      name: 'benign-pod-containers',
      expect: 'silent',
      story: 'A new pod starts: its app container and pause container carry the pod label of a pod that kube-state-metrics lists, and the pod cgroup has no image.',
      series: [
        startTime({ container: 'web', id: '/kubepods/pod1/web', image: 'registry.example.com/shop/web:1.4', name: 'web', namespace: 'shop', pod: 'web-1' }, 'live'),
        startTime({ id: '/kubepods/pod1/pause', image: 'registry.k8s.io/pause:3.9', name: 'pause', namespace: 'shop', pod: 'web-1' }, 'live'),
        startTime({ id: '/kubepods/pod1', namespace: 'shop', pod: 'web-1' }, 'live'),
        { metric: 'kube_pod_info', labels: { ...KSM, namespace: 'shop', pod: 'web-1', uid: 'uid-web-1', node: 'node-1' }, history: [{ samples: WITHOUT_POD_HISTORY, absent: true }], live: { value: 1 } },
      ],
      alerts: [],
    },
    {
      name: 'benign-raw-cgroups-and-trusted-node-container',
      expect: 'silent',
      story: 'System cgroups have no image, and kube-proxy runs as a plain container the operator trusts by name (RKE1).',
      series: [
        startTime({ id: '/system.slice/kubelet.service' }, 'always'),
        startTime({ id: '/docker/kube-proxy', image: 'rancher/hyperkube:v1.26.8-rancher1', name: 'kube-proxy' }, 'live'),
      ],
      alerts: [],
    },
    {
      name: 'benign-standalone-cadvisor-pod',
      expect: 'silent',
      story: 'A standalone cAdvisor reports a pod container through its io.kubernetes.pod.name container label instead of a pod label.',
      series: [
        startTime(
          { container_label_io_kubernetes_pod_name: 'api-2', id: '/docker/api', image: 'registry.example.com/shop/api:2.0', name: 'k8s_api_api-2_shop' },
          'live'
        ),
      ],
      alerts: [],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// image-never-seen: kube-state-metrics, two days of history.

const IMAGE_HISTORY = 2 * DAY;

interface PodSpec {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  node: string;
}

/** kube_pod_container_info and kube_pod_info of one pod, present during the given history samples and live or not. */
function podSeries(spec: PodSpec, history: readonly Segment[], live: boolean): ScenarioSeries[] {
  const pod = { namespace: spec.namespace, pod: spec.pod, uid: `uid-${spec.pod}` };
  const liveBehaviour = live ? { value: 1 } : { absent: true as const };
  return [
    {
      metric: 'kube_pod_container_info',
      labels: { ...KSM, ...pod, container: spec.container, image: spec.image, image_id: `${spec.image}@sha256:0` },
      history,
      live: liveBehaviour,
    },
    { metric: 'kube_pod_info', labels: { ...KSM, ...pod, node: spec.node }, history, live: liveBehaviour },
  ];
}

const NOT_IN_HISTORY: Segment[] = [{ samples: IMAGE_HISTORY, absent: true }];
/** A pod that ran for the first 36 hours of the history and was then replaced. */
const EARLIER_REPLICA: Segment[] = [
  { samples: 36 * HOUR, value: 1 },
  { samples: IMAGE_HISTORY - 36 * HOUR, absent: true },
];

const IMAGE_NEVER_SEEN: DetectionScenarios = {
  detectionId: 'image-never-seen',
  intervalSeconds: MINUTE,
  historySamples: IMAGE_HISTORY,
  liveSamples: 30,
  promtoolEvaluationSeconds: 5 * MINUTE,
  tuning: { trustedRegistries: ['registry.k8s.io', 'registry.example.com/shop'] },
  // CoreDNS has run since the start of the history, so Prometheus has the minimum history.
  background: podSeries(
    { namespace: 'kube-system', pod: 'coredns-1', container: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.1', node: 'node-1' },
    [{ samples: IMAGE_HISTORY, value: 1 }],
    true
  ),
  scenarios: [
    {
      name: 'attack-public-tool-image',
      expect: 'fire',
      story: 'A pod in namespace shop starts a Kali image that no pod ran before.',
      series: podSeries({ namespace: 'shop', pod: 'debug-7x', container: 'tools', image: 'docker.io/kalilinux/kali-rolling:latest', node: 'node-2' }, NOT_IN_HISTORY, true),
      alerts: [{ namespace: 'shop', pod: 'debug-7x', container: 'tools', image: 'docker.io/kalilinux/kali-rolling:latest', node: 'node-2' }],
    },
    {
      name: 'attack-lookalike-registry-path',
      expect: 'fire',
      story: 'An image under registry.example.com/shop-tools is not covered by the trusted prefix registry.example.com/shop.',
      series: podSeries({ namespace: 'shop', pod: 'cache-warm-1', container: 'warm', image: 'registry.example.com/shop-tools/warm:1', node: 'node-1' }, NOT_IN_HISTORY, true),
      alerts: [{ namespace: 'shop', pod: 'cache-warm-1', container: 'warm', image: 'registry.example.com/shop-tools/warm:1', node: 'node-1' }],
    },
    {
      name: 'benign-rollout-of-known-image',
      expect: 'silent',
      story: 'A Deployment rolls out: the new pod runs the same public image the replaced pod ran a day ago.',
      series: [
        ...podSeries({ namespace: 'web', pod: 'nginx-5d8f-a', container: 'nginx', image: 'docker.io/library/nginx:1.25', node: 'node-1' }, EARLIER_REPLICA, false),
        ...podSeries({ namespace: 'web', pod: 'nginx-6c7a-b', container: 'nginx', image: 'docker.io/library/nginx:1.25', node: 'node-2' }, NOT_IN_HISTORY, true),
      ],
      alerts: [],
    },
    {
      name: 'benign-new-tag-from-trusted-registry',
      expect: 'silent',
      story: 'A deploy moves shop/api from tag 1.9 to 2.0, pushed to the trusted registry.example.com/shop.',
      series: [
        ...podSeries({ namespace: 'shop', pod: 'api-1', container: 'api', image: 'registry.example.com/shop/api:1.9', node: 'node-1' }, EARLIER_REPLICA, false),
        ...podSeries({ namespace: 'shop', pod: 'api-2', container: 'api', image: 'registry.example.com/shop/api:2.0', node: 'node-1' }, NOT_IN_HISTORY, true),
      ],
      alerts: [],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// container-egress-above-baseline: eight days of a daily cycle, then the live phase.

const KIB = 1024;
const MIB = 1024 * KIB;
const EGRESS_HISTORY = 8 * DAY;

/** Builds days of 23 quiet hours and a one-hour peak from 12:00, such as a report export. */
function dailyCycle(quietPerSecond: number, peakPerSecond: number, days: number): Segment[] {
  const segments: Segment[] = [];
  for (let day = 0; day < days; day++) {
    segments.push({ samples: 12 * HOUR, increasePerSecond: quietPerSecond });
    segments.push({ samples: HOUR, increasePerSecond: peakPerSecond });
    segments.push({ samples: 11 * HOUR, increasePerSecond: quietPerSecond });
  }
  return segments;
}

function transmitted(namespace: string, pod: string, history: readonly Segment[], livePerSecond: number): ScenarioSeries {
  return {
    metric: 'container_network_transmit_bytes_total',
    labels: { ...KUBELET, namespace, pod, interface: 'eth0', id: `/kubepods/${pod}/pause`, image: 'registry.k8s.io/pause:3.9', name: `${pod}-pause` },
    history,
    live: { increasePerSecond: livePerSecond },
  };
}

/** Rates of the daily cycle: the peak is above the 1 MiB/s floor, so only the baseline keeps it silent. */
const QUIET = 500 * KIB;
const PEAK = 5 * MIB;

const CONTAINER_EGRESS_ABOVE_BASELINE: DetectionScenarios = {
  detectionId: 'container-egress-above-baseline',
  intervalSeconds: MINUTE,
  historySamples: EGRESS_HISTORY,
  liveSamples: 2 * HOUR,
  promtoolEvaluationSeconds: 30 * MINUTE,
  tuning: {},
  background: [],
  scenarios: [
    {
      name: 'attack-bulk-exfiltration',
      expect: 'fire',
      story: 'A pod that sends 500 KiB/s with a daily 5 MiB/s peak starts sending 40 MiB/s.',
      series: [transmitted('shop', 'web-0', dailyCycle(QUIET, PEAK, 8), 40 * MIB)],
      alerts: [{ namespace: 'shop', pod: 'web-0', interface: 'eth0', instance: 'node-1' }],
    },
    {
      name: 'benign-daily-peak',
      expect: 'silent',
      story: 'A pod with the same daily cycle stays at its usual 5 MiB/s peak, which its baseline already holds.',
      series: [transmitted('shop', 'report-0', dailyCycle(QUIET, PEAK, 8), PEAK)],
      alerts: [],
    },
    {
      name: 'benign-new-pod',
      expect: 'silent',
      story: 'A pod created by a rollout sends 40 MiB/s from its first minute; it has no history to compare with.',
      series: [transmitted('shop', 'uploader-new', [{ samples: EGRESS_HISTORY, absent: true }], 40 * MIB)],
      alerts: [],
    },
    {
      name: 'benign-tiny-baseline',
      expect: 'silent',
      story: 'An idle pod at 100 B/s jumps to 500 KiB/s: far above its baseline but below the 1 MiB/s floor.',
      series: [transmitted('shop', 'idle-0', [{ samples: EGRESS_HISTORY, increasePerSecond: 100 }], QUIET)],
      alerts: [],
    },
  ],
};

/** Scenarios of every metric detection. */
export const METRIC_SCENARIOS: readonly DetectionScenarios[] = [CONTAINER_WITHOUT_POD, IMAGE_NEVER_SEEN, CONTAINER_EGRESS_ABOVE_BASELINE];

/** Tuning for every scenario set, keyed by detection id, the shape of CordonSettings.tuning. */
export function scenarioTuning(): Record<string, TuningValues> {
  return Object.fromEntries(METRIC_SCENARIOS.map((set) => [set.detectionId, set.tuning]));
}
