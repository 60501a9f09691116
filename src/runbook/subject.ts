import type { Condition } from '../detections/conditions';
import type { Detection } from '../detections/model';
import { AUDIT_SCHEMA } from '../detections/schemas';
import type { RunbookContext } from './context';
import type { KubernetesNameRule } from './shell';

/**
 * What an alert is about, which decides the evidence and containment steps:
 * - pod: a running pod, such as a privileged pod or a Falco alert in a container.
 * - workload: a Deployment, DaemonSet, StatefulSet, ReplicaSet, ReplicationController, Job or CronJob.
 * - rbac: a Role, ClusterRole or one of their bindings.
 * - admission: a webhook configuration or an admission policy or its binding.
 * - node-container: a container that a runtime on the node runs without a pod.
 * - account: a service account, or the user itself when the alert names no object.
 * - object: any other API object, such as a Secret or a Node.
 */
export type SubjectKind = 'pod' | 'workload' | 'rbac' | 'admission' | 'node-container' | 'account' | 'object';

/** The way a workload is stopped: scaled to zero, kept off every node, or suspended. */
export type StopMethod = 'scale' | 'node-selector' | 'suspend-job' | 'suspend-cronjob';

/** One kind of API object the runbook has steps for, keyed by its resource name as the audit log spells it. */
export interface ResourceKind {
  /** The plural resource name, as in objectRef.resource. */
  resource: string;
  /** The kind as Kubernetes prints it, such as ClusterRoleBinding. */
  kind: string;
  /** The name kubectl takes in `kubectl get <name>` and `<name>/<object>`. */
  kubectlName: string;
  subject: Exclude<SubjectKind, 'node-container' | 'object'>;
  namespaced: boolean;
  nameRule: KubernetesNameRule;
  /** Workloads only: how to stop it. */
  stop?: StopMethod;
  /** Workloads only: the go-template path of its matchLabels, or undefined when it selects no pods (CronJob). */
  matchLabels?: string;
}

const workload = (resource: string, kind: string, stop: StopMethod, matchLabels: string | undefined): ResourceKind => ({
  resource,
  kind,
  kubectlName: kind.toLowerCase(),
  subject: 'workload',
  namespaced: true,
  nameRule: 'subdomain',
  stop,
  matchLabels,
});

const clusterScoped = (
  resource: string,
  kind: string,
  subject: 'rbac' | 'admission',
  nameRule: KubernetesNameRule
) => ({
  resource,
  kind,
  kubectlName: kind.toLowerCase(),
  subject,
  namespaced: false,
  nameRule,
});

/**
 * The resources with their own steps. RBAC objects take path segment names (apimachinery's
 * ValidatePathSegmentName), the others DNS-1123 subdomains.
 */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  { resource: 'pods', kind: 'Pod', kubectlName: 'pod', subject: 'pod', namespaced: true, nameRule: 'subdomain' },
  workload('deployments', 'Deployment', 'scale', '.spec.selector.matchLabels'),
  workload('statefulsets', 'StatefulSet', 'scale', '.spec.selector.matchLabels'),
  workload('replicasets', 'ReplicaSet', 'scale', '.spec.selector.matchLabels'),
  workload('replicationcontrollers', 'ReplicationController', 'scale', '.spec.selector'),
  workload('daemonsets', 'DaemonSet', 'node-selector', '.spec.selector.matchLabels'),
  workload('jobs', 'Job', 'suspend-job', '.spec.selector.matchLabels'),
  workload('cronjobs', 'CronJob', 'suspend-cronjob', undefined),
  clusterScoped('clusterrolebindings', 'ClusterRoleBinding', 'rbac', 'path-segment'),
  { ...clusterScoped('rolebindings', 'RoleBinding', 'rbac', 'path-segment'), namespaced: true },
  clusterScoped('clusterroles', 'ClusterRole', 'rbac', 'path-segment'),
  { ...clusterScoped('roles', 'Role', 'rbac', 'path-segment'), namespaced: true },
  clusterScoped('validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', 'admission', 'subdomain'),
  clusterScoped('mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', 'admission', 'subdomain'),
  clusterScoped('validatingadmissionpolicies', 'ValidatingAdmissionPolicy', 'admission', 'subdomain'),
  clusterScoped('validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', 'admission', 'subdomain'),
  clusterScoped('mutatingadmissionpolicies', 'MutatingAdmissionPolicy', 'admission', 'subdomain'),
  clusterScoped('mutatingadmissionpolicybindings', 'MutatingAdmissionPolicyBinding', 'admission', 'subdomain'),
  {
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    kubectlName: 'serviceaccount',
    subject: 'account',
    namespaced: true,
    nameRule: 'subdomain',
  },
];

export function findResourceKind(resource: string | undefined): ResourceKind | undefined {
  return RESOURCE_KINDS.find((entry) => entry.resource === resource);
}

/** The object an alert is about, and whether it names a Kubernetes user whose access the runbook should review. */
export interface RunbookSubject {
  kind: SubjectKind;
  /** The resource kind from the alert's `resource` value, when the runbook has steps for it. */
  resource?: ResourceKind;
  /**
   * The alert's user is a Kubernetes identity (from the audit log), so the runbook adds steps
   * that review and remove its access. Falco's user is a Linux user inside the container.
   */
  kubernetesActor: boolean;
}

/** The audit fields that hold the resource name, from the audit schema's `resource` entity. */
const RESOURCE_FIELDS = new Set(AUDIT_SCHEMA.entities.resource?.paths ?? []);

/**
 * Lists the resources a condition requires, in the order it names them, from its equals and oneOf
 * tests on the audit resource field. Negated tests are skipped, because they exclude resources.
 */
export function conditionResources(condition: Condition): string[] {
  switch (condition.op) {
    case 'all':
    case 'any':
      return condition.of.flatMap(conditionResources);
    case 'equals':
      return RESOURCE_FIELDS.has(condition.field) && typeof condition.value === 'string' ? [condition.value] : [];
    case 'oneOf':
      return RESOURCE_FIELDS.has(condition.field) ? condition.values : [];
    default:
      return [];
  }
}

/** Log detections all read telemetry with a pod entity; a metric detection has one only when it maps a label to it. */
function detectionHasPods(detection: Detection): boolean {
  return detection.kind === 'log' || detection.entities.pod !== undefined;
}

/**
 * Guesses the subject when the page has no alert values, from the resources the detection
 * matches: a detection that matches pods gets the pod steps, one that matches only bindings the
 * RBAC steps, and an audit detection that matches any resource is about the user. A metric
 * detection without a pod label is about containers outside Kubernetes.
 */
function defaultSubject(detection: Detection): Pick<RunbookSubject, 'kind' | 'resource'> {
  if (!detectionHasPods(detection)) {
    return { kind: 'node-container' };
  }
  if (detection.kind !== 'log' || detection.telemetry !== 'audit') {
    return { kind: 'pod' };
  }
  const resources = conditionResources(detection.condition(defaultTuning(detection)));
  if (resources.length === 0) {
    return { kind: 'account' };
  }
  const kinds = resources.map(findResourceKind).filter((entry) => entry !== undefined);
  if (kinds.length === 0) {
    return { kind: 'object' };
  }
  if (kinds.some((entry) => entry.subject === 'pod')) {
    return { kind: 'pod' };
  }
  const first = kinds[0];
  // Several kinds of the same subject (RoleBinding and ClusterRoleBinding) leave the kind open.
  const sameKind = kinds.every((entry) => entry.resource === first.resource);
  return { kind: first.subject, resource: sameKind ? first : undefined };
}

function defaultTuning(detection: Detection) {
  return Object.fromEntries(detection.tuning.map((parameter) => [parameter.name, parameter.default]));
}

/**
 * Decides what an alert is about from its values: a pod when it names one, else the object its
 * resource and name point to, else a container outside Kubernetes when it names only a container
 * or image, else the user. Without values the detection's own resources decide.
 */
export function runbookSubject(detection: Detection, context: RunbookContext): RunbookSubject {
  const { values } = context;
  const kubernetesActor = detection.kind === 'log' && detection.telemetry === 'audit';
  const resource = findResourceKind(values.resource);

  if (values.pod !== undefined || resource?.subject === 'pod') {
    return { kind: 'pod', resource, kubernetesActor };
  }
  if (resource) {
    return { kind: resource.subject, resource, kubernetesActor };
  }
  if (values.resource !== undefined) {
    return { kind: 'object', kubernetesActor };
  }
  const namesContainer = values.container !== undefined || values.image !== undefined || values.name !== undefined;
  if (values.namespace === undefined && namesContainer) {
    return { kind: 'node-container', kubernetesActor };
  }
  if (values.user !== undefined && kubernetesActor && values.namespace === undefined) {
    return { kind: 'account', kubernetesActor };
  }
  return { ...defaultSubject(detection), kubernetesActor };
}

/** Names of the subject kinds, as the runbook page offers them. */
export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = {
  pod: 'Pod',
  workload: 'Workload',
  rbac: 'RBAC object',
  admission: 'Admission webhook or policy',
  'node-container': 'Container outside Kubernetes',
  account: 'User or service account',
  object: 'Other object',
};

/** Returns the subject with another kind, keeping the resource kind only where it belongs to that kind. */
export function withSubjectKind(subject: RunbookSubject, kind: SubjectKind): RunbookSubject {
  if (kind === subject.kind) {
    return subject;
  }
  return { ...subject, kind, resource: subject.resource?.subject === kind ? subject.resource : undefined };
}
