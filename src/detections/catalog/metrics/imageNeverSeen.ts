import { TECHNIQUES } from '../../attack';
import type { MetricDetection } from '../../model';
import { withoutTrustedImages } from './imageTrust';
import { KUBE_STATE_METRICS_POD_REFERENCE } from './references';

const CONTAINERS = 'kube_pod_container_info{image!=""${kubeStateMetricsMatchers}}';

/** One series per scheduled pod with its node; topk keeps one if two kube-state-metrics replicas overlap. */
const POD_NODES = 'topk by (namespace, pod) (1, kube_pod_info{node!=""${kubeStateMetricsMatchers}})';

export const imageNeverSeen: MetricDetection = {
  kind: 'metric',
  id: 'image-never-seen',
  title: 'Image never seen in the cluster before',
  description:
    'A container runs an image that no pod in the cluster ran during the lookback window, and the image is not under a trusted registry or repository. ' +
    'Adversaries who deploy their own container bring their own image (a tool image from a public registry, a miner, a reverse shell), ' +
    'while your workloads come from a few registries you control. ' +
    'The image stays new for newFor after its first sample, so the alert resolves on its own once the image becomes part of the history. ' +
    'The rule stays silent until Prometheus holds kube-state-metrics data from minimumHistory ago, so that a fresh Prometheus does not report every image.',
  severity: 'medium',
  technique: TECHNIQUES.deployContainer,
  telemetry: 'metrics',
  // NOTE: the lookback reads every kube_pod_container_info sample of the window at each evaluation. On large
  // clusters a recording rule of images per hour would make it cheap, but a detection is one query today.
  query: [
    `(`,
    `  max by (namespace, pod, container, image) (`,
    indent(withoutTrustedImages(CONTAINERS, '${trustedRegistries}'), 4),
    `  )`,
    `  unless on (image)`,
    `  group by (image) (max_over_time(${CONTAINERS}[\${lookback}] offset \${newFor}))`,
    `)`,
    `* on (namespace, pod) group_left (node) ${POD_NODES}`,
    `and on () (count(${CONTAINERS} offset \${minimumHistory}) > 0)`,
  ].join('\n'),
  groupBy: ['namespace', 'pod', 'container', 'image', 'node'],
  entities: { namespace: 'namespace', pod: 'pod', container: 'container', image: 'image', node: 'node' },
  valueUnit: '',
  falsePositives: [
    'A deploy of a new tag from a trusted registry stays silent; add every registry or repository prefix your pipelines push to, such as registry.example.com/team.',
    'A new tag of a public image (docker.io/library/nginx:1.27 after 1.26) is a new image and alerts unless its repository is trusted; ' +
      'trust the repository (docker.io/library/nginx) when you pin versions through review.',
    'Helm chart upgrades of third-party components (ingress controllers, operators, monitoring agents) bring new images from vendor registries; ' +
      'they start in the vendor’s namespace during a planned change, while an attacker’s image usually starts alone in an application namespace.',
    'A cluster restored from backup or a Prometheus with less history than the lookback window treats images older than its data as new.',
  ],
  tuning: [
    {
      name: 'trustedRegistries',
      kind: 'list',
      description:
        'Registries, repository prefixes and repositories whose images never alert: registry.example.com, ghcr.io/example, docker.io/library/nginx. ' +
        'An entry covers an image when it equals the image’s first one to three path components or its repository without tag; ' +
        'write the image name as kube-state-metrics reports it, which is often the runtime’s full name (docker.io/library/nginx, not nginx).',
      default: ['registry.k8s.io'],
    },
    { name: 'lookback', kind: 'duration', description: 'How far back an earlier sighting of the image counts.', default: '7d' },
    {
      name: 'newFor',
      kind: 'duration',
      description: 'How long an image counts as new after its first sample; the alert resolves after this time.',
      default: '1h',
    },
    {
      name: 'minimumHistory',
      kind: 'duration',
      description: 'How much kube-state-metrics history Prometheus must hold before the rule reports anything.',
      default: '1d',
    },
  ],
  response: {
    investigate: [
      'Find who created the pod and its owner (kubectl get pod -o yaml, then the audit log for the create request) and whether a pipeline run or change ticket explains it.',
      'Look up the image: registry, repository, digest (image_id on kube_pod_container_info), its history and entrypoint, and whether your scanner has seen it.',
      'Check what the pod mounts, which service account it uses and where it connects to.',
    ],
    contain: [
      'Isolate the pod with a deny-all NetworkPolicy, then scale its owner to zero once evidence is captured.',
      'Block the image at admission (a policy that allows only trusted registries) so that it cannot be started again.',
    ],
    forensics: [
      'Pull and save the image by digest, and keep the pod spec and container logs.',
      'Review the audit log of the service account that created the pod for other actions.',
    ],
    remediate: [
      'Enforce an admission policy (Kyverno, Gatekeeper or ValidatingAdmissionPolicy) that only admits images from your registries.',
      'Remove the credentials or RBAC rights that let the creator start pods.',
    ],
  },
  references: [
    KUBE_STATE_METRICS_POD_REFERENCE,
    'https://prometheus.io/docs/prometheus/latest/querying/functions/#label_replace',
    'https://attack.mitre.org/techniques/T1610/',
  ],
};

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
