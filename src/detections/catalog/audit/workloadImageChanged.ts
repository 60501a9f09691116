import { TECHNIQUES } from '../../attack';
import { JSON_SPACE } from '../../../compiler/regex';
import { Condition, all, any, anyElement, exists, not, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { listParameter, listed, unlisted } from './lists';
import { CREATES_OBJECT, anyContainer, containerPointers, jsonPatchSets, writesPodSpec } from './podSpec';
import { DEPLOYERS } from './trust';

const setsImage = any(
  anyContainer(exists('image')),
  jsonPatchSets(regex('path', '.*/image'), `"image"${JSON_SPACE}:`, containerPointers(['image']))
);

/** Matches a request with a container image, or a JSON patch that sets one, outside the trusted prefixes. */
function untrustedImage(registries: readonly string[]): Condition[] {
  if (registries.length === 0) {
    return [];
  }
  return [
    any(
      anyContainer(all(exists('image'), not(listed('image', registries)))),
      // NOTE: an image inside a larger JSON patch value, such as a whole container, is not
      // checked, because a regex over JSON text cannot express "starts with no trusted prefix".
      anyElement('requestObject', 'jp', all(oneOf('op', ['add', 'replace']), regex('path', '.*/image'), not(listed('value', registries))))
    ),
  ];
}

/** Matches a write with one of the reported verbs by someone who is not a deployer. With no deployers listed, every writer counts. */
function byOtherWriter(verbs: readonly string[], deployers: readonly string[]): Condition[] {
  if (verbs.length === 0) {
    return [];
  }
  // A server-side apply that creates its object is logged as a patch, and counts as a create.
  const creates = verbs.includes('create') ? [] : [not(CREATES_OBJECT)];
  return [all(oneOf('verb', verbs), ...creates, ...unlisted('user.username', deployers))];
}

function condition(tuning: TuningValues) {
  const reasons = [
    ...byOtherWriter(listParameter(tuning, 'reportedVerbs'), listParameter(tuning, 'deployers')),
    ...untrustedImage(listParameter(tuning, 'trustedRegistries')),
  ];
  if (reasons.length === 0) {
    throw new Error(
      'Detection k8s-workload-image-changed has nothing to report: reportedVerbs and trustedRegistries are both empty. Set reportedVerbs to update and patch, or list your registries in trustedRegistries.'
    );
  }
  return all(writesPodSpec, setsImage, reasons.length === 1 ? reasons[0] : any(...reasons));
}

export const workloadImageChanged: LogDetection = {
  kind: 'log',
  id: 'k8s-workload-image-changed',
  title: 'Container image changed outside the deploy pipeline',
  description:
    'An existing pod or workload was updated or patched to set a container image by someone who is not one of the expected deployers (controllers, your CI or GitOps accounts), ' +
    'or, once trustedRegistries is set, any pod or workload was written with an image from outside the trusted registries. ' +
    'Swapping the image of a running Deployment (kubectl set image, kubectl edit) is how an attacker with API access runs a tool or a miner inside a workload that is already trusted, ' +
    'with its service account, secrets and network access; in a cluster where only a pipeline deploys, any other writer is the anomaly. ' +
    'New pods and workloads created by hand are not reported by default, because that is everyday work in most clusters; add create to reportedVerbs to report them too. ' +
    'An update carries the whole object, so a manual kubectl edit matches even when the image itself is unchanged. ' +
    'Severity is medium: until deployers lists your pipelines, manual changes by operators also match.',
  severity: 'medium',
  technique: TECHNIQUES.deployContainer,
  telemetry: 'audit',
  condition,
  evidence: [...REQUEST_EVIDENCE, { label: 'Object', paths: ['objectRef.name'] }, CONTAINER_IMAGES_EVIDENCE, ...JSON_PATCH_EVIDENCE],
  falsePositives: [
    'Deploys by a CI service account or GitOps controller that is not in deployers; add its username, such as system:serviceaccount:ci:deployer, and the finding stops.',
    'Engineers who change workloads by hand with kubectl or Helm in development namespaces; they are known users working in their own namespaces.',
    'kubectl debug adds an ephemeral container with a debug image to a running pod; the request is a patch of pods/ephemeralcontainers by an operator.',
  ],
  tuning: [
    {
      name: 'deployers',
      kind: 'list',
      description:
        'Users and service accounts expected to set images: controllers, kubelets (mirror pods) and your CI and GitOps accounts. An empty list trusts nobody. An entry ending in * matches by prefix.',
      default: DEPLOYERS,
    },
    {
      name: 'reportedVerbs',
      kind: 'list',
      description:
        'Verbs whose image writes by someone other than a deployer are reported: update and patch change existing objects; add create to also report pods and workloads created by hand. Empty turns this check off.',
      default: ['update', 'patch'],
    },
    {
      name: 'trustedRegistries',
      kind: 'list',
      description:
        'Image prefixes that every writer, deployers included, must use, such as registry.example.com/*; an image outside them is reported for any verb. Images are compared as written in the pod spec, so Docker Hub short names such as nginx need their own entries. Empty turns this check off.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Identify who set the image, from which source IP and user agent, and compare the image with the last release of the workload in source control.',
      'Check the image: its registry, digest, build provenance and signature, and what its entrypoint runs.',
    ],
    contain: [
      'Once the logs, memory checkpoints and files of the pods that ran the unexpected image are saved, roll the workload back to the last known image (kubectl rollout undo), which replaces those pods.',
      'Revoke the user\'s write access to workloads and rotate its credentials if the change was not expected.',
    ],
    forensics: [
      'Pull and keep a copy of the image by digest, and save the logs and network connections of the pods that ran it.',
    ],
    remediate: [
      'Limit who can write workloads to the pipeline accounts, and enforce trusted registries or signed images with an admission policy.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/',
  ],
};
