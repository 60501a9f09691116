import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE } from '../../../compiler/regex';
import { Condition, all, any, anyElement, equals, not, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { hostPathPattern } from './hostPaths';
import { listParameter, unlisted } from './lists';
import { CREATES_OBJECT } from './podSpec';
import { SENSITIVE_HOST_PATHS } from './sensitiveHostPath';

/** The container lists of a Pod that a webhook can make privileged; ephemeral containers are added later, by update. */
const CONTAINER_LISTS = [
  { field: 'containers', alias: 'c' },
  { field: 'initContainers', alias: 'ic' },
] as const;

/** A JSON quote inside a JSON string, as the raw text of the annotations object writes it. */
const QUOTE = '\\\\"';

/**
 * The start of the value of a webhook patch annotation, up to any point inside that string. The
 * API server records the patch a mutating webhook applied under
 * patch.webhook.admission.k8s.io/round_<round>_index_<order>, as JSON text in a string, when the
 * audit level is Request or higher.
 */
const IN_PATCH_ANNOTATION = `"patch\\.webhook\\.admission\\.k8s\\.io/round_[0-9]+_index_[0-9]+"${JSON_SPACE}:${JSON_SPACE}"(?:[^"\\\\]|\\\\.)*`;

function privilegedIn(spec: string, prefix: string): Condition {
  return any(...CONTAINER_LISTS.map((list) => anyElement(`${spec}.${list.field}`, `${prefix}${list.alias}`, equals('securityContext.privileged', true))));
}

function sensitiveVolumeIn(spec: string, prefix: string, paths: string): Condition {
  return anyElement(`${spec}.volumes`, `${prefix}v`, regex('hostPath.path', paths));
}

function condition(tuning: TuningValues) {
  const paths = hostPathPattern(listParameter(tuning, 'sensitivePaths'));
  // Request level: the webhook's own patch, recorded as an audit annotation, sets the field.
  const patchAnnotation = regex(
    'annotations',
    `${ANY_TEXT}${IN_PATCH_ANNOTATION}(?:${QUOTE}privileged${QUOTE}${JSON_SPACE}:${JSON_SPACE}true` +
      `|${QUOTE}hostPath${QUOTE}${JSON_SPACE}:${JSON_SPACE}\\{[^{}]*${QUOTE}path${QUOTE}${JSON_SPACE}:${JSON_SPACE}${QUOTE}(?:${paths})${QUOTE})${ANY_TEXT}`
  );
  // RequestResponse level: the stored pod has what the request did not ask for.
  const storedOnly = any(
    all(privilegedIn('responseObject.spec', 'r'), not(privilegedIn('requestObject.spec', 'q'))),
    all(sensitiveVolumeIn('responseObject.spec', 'r', paths), not(sensitiveVolumeIn('requestObject.spec', 'q', paths)))
  );
  return all(
    CREATES_OBJECT,
    equals('objectRef.resource', 'pods'),
    equals('objectRef.subresource', ''),
    any(patchAnnotation, storedOnly),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers')),
    ...unlisted('objectRef.namespace', listParameter(tuning, 'trustedNamespaces'))
  );
}

export const webhookInjectedPrivilege: LogDetection = {
  kind: 'log',
  id: 'k8s-webhook-injected-privilege',
  title: 'Privileged container or host mount added by a mutating webhook',
  description:
    'A pod was created without a privileged container or a sensitive hostPath volume in its request, but a mutating admission webhook added one before the pod was stored. ' +
    'A webhook that an adversary registered or took over sees every new pod and can turn an ordinary deployment into an escape to the node, ' +
    'while the request, and every detection that reads only the request, shows a clean pod created by its usual owner. ' +
    'The finding is made from the webhook\'s patch, which the API server records in a patch.webhook.admission.k8s.io audit annotation at the Request level, ' +
    'or, at the RequestResponse level, from the stored pod in responseObject compared with the request. ' +
    'Severity is critical, as for a privileged container or a sensitive hostPath mount requested directly: the stored pod is a complete escape, and its author is hidden. ' +
    'Only pods are checked, because webhooks that inject containers act on pods.',
  severity: 'critical',
  technique: TECHNIQUES.escapeToHost,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Pod', paths: ['objectRef.name', 'responseObject.metadata.name'] },
    { label: 'Audit annotations', paths: ['annotations'] },
    {
      label: 'Stored privileged containers',
      paths: CONTAINER_LISTS.map((list) => `responseObject.spec.${list.field}[*].securityContext.privileged`),
    },
    { label: 'Stored images', paths: CONTAINER_LISTS.map((list) => `responseObject.spec.${list.field}[*].image`) },
    { label: 'Stored host paths', paths: ['responseObject.spec.volumes[*].hostPath.path'] },
    CONTAINER_IMAGES_EVIDENCE,
  ],
  falsePositives: [
    'Some service meshes and GPU or storage operators inject privileged init containers or host mounts by design (for example a mesh configured to run its proxy privileged); they act in namespaces you can add to trustedNamespaces once the webhook is confirmed as yours.',
    'A webhook that injects a container which is not privileged and mounts no sensitive host path does not match, nor does one that changes only labels, annotations or resources.',
  ],
  tuning: [
    {
      name: 'sensitivePaths',
      kind: 'list',
      description:
        'Host paths that count as sensitive, as in k8s-sensitive-hostpath. Repeated slashes, "." steps and trailing slashes are ignored; every entry also covers the folders above it, and an entry ending in /* also covers every path below that folder.',
      default: SENSITIVE_HOST_PATHS,
    },
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts whose pod creations are exempt. An entry ending in * matches by prefix.',
      default: [],
    },
    {
      name: 'trustedNamespaces',
      kind: 'list',
      description: 'Namespaces where a known webhook is expected to inject such containers or mounts. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Read the patch and mutation audit annotations to find the webhook configuration and webhook that changed the pod, then inspect that MutatingWebhookConfiguration: who created it, when, and which service or URL it calls.',
      'Search the audit log for the creation or last change of that webhook configuration (k8s-admission-webhook-changed reports it) and for other pods it changed.',
      'Compare the stored pod (kubectl get pod -o yaml) with the manifest of its owner to see exactly what was added.',
    ],
    contain: [
      'Save the webhook configuration, the webhook\'s deployment and the affected pod specs, then delete or disable the webhook configuration you did not expect.',
      'Cordon the nodes of the pods it changed until they are checked, and once the logs, manifests, memory checkpoints and files of those pods are saved, delete the pods so their owners recreate them without the injection.',
    ],
    forensics: [
      'Collect the logs and image of the webhook server, and review the nodes that ran the injected containers for new files, processes and kernel modules.',
    ],
    remediate: [
      'Restrict write access to mutating webhook configurations, enforce Pod Security Admission (it checks pods after mutation, so it rejects injected privileges too), and monitor webhook changes.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/',
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  ],
};
