import { ANY_TEXT } from '../../../compiler/regex';
import { Condition, all, any, anyElement, oneOf, regex } from '../../conditions';

/**
 * Reusable pieces for audit detections that inspect pod specs. A pod spec reaches the API
 * server in a Pod itself, in the template of a Deployment, DaemonSet, StatefulSet, ReplicaSet or
 * Job, and in the job template of a CronJob. The paths were checked against real audit events
 * (Falco's k8s_audit trace files and Panther's EKS, AKS and GKE test cases).
 */
export const POD_SPEC_ROOTS = [
  { path: 'requestObject.spec', alias: 'pod', kinds: ['pods'] },
  { path: 'requestObject.spec.template.spec', alias: 'tpl', kinds: ['deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs', 'replicationcontrollers'] },
  { path: 'requestObject.spec.jobTemplate.spec.template.spec', alias: 'cj', kinds: ['cronjobs'] },
] as const;

/** Resources whose create, update or patch carries a pod spec. */
export const WORKLOAD_RESOURCES = POD_SPEC_ROOTS.flatMap((root) => root.kinds);

/** Verbs that write an object and so carry it as requestObject. */
export const WRITE_VERBS = ['create', 'update', 'patch'] as const;

/**
 * A write of a pod or a workload, the events whose requestObject carries a pod spec. Of the
 * subresources only pods/ephemeralcontainers changes the spec (`kubectl debug` adds a container
 * through it). An update of the status subresource carries the whole object, but the API server
 * ignores its spec, so counting it would repeat the finding on every status change.
 */
export const writesPodSpec: Condition = all(
  oneOf('verb', WRITE_VERBS),
  oneOf('objectRef.resource', WORKLOAD_RESOURCES),
  oneOf('objectRef.subresource', ['', 'ephemeralcontainers'])
);

const CONTAINER_LISTS = [
  { field: 'containers', alias: 'c' },
  { field: 'initContainers', alias: 'ic' },
  { field: 'ephemeralContainers', alias: 'ec' },
] as const;

/**
 * True when any container of any pod spec in the request satisfies `where` (fields relative
 * to the container). Ephemeral containers exist only in Pods, where `kubectl debug` adds them.
 */
export function anyContainer(where: Condition): Condition {
  const branches: Condition[] = [];
  for (const root of POD_SPEC_ROOTS) {
    for (const list of CONTAINER_LISTS) {
      if (list.field === 'ephemeralContainers' && root.alias !== 'pod') {
        continue;
      }
      branches.push(anyElement(`${root.path}.${list.field}`, `${root.alias}_${list.alias}`, where));
    }
  }
  return any(...branches);
}

/** True when any volume of any pod spec in the request satisfies `where`. */
export function anyVolume(where: Condition): Condition {
  return any(...POD_SPEC_ROOTS.map((root) => anyElement(`${root.path}.volumes`, `${root.alias}_v`, where)));
}

/** True when a field of any pod spec in the request satisfies the condition built for its path. */
export function anyPodSpec(build: (specPath: string) => Condition): Condition {
  return any(...POD_SPEC_ROOTS.map((root) => build(root.path)));
}

/**
 * True when the request is a JSON patch (RFC 6902, `kubectl patch --type=json`), whose
 * requestObject is a list of operations rather than an object, and one add or replace
 * operation sets the field: directly (`direct`, on the operation) or inside a larger value
 * (`embedded`, a regex over the value's JSON text).
 */
export function jsonPatchSets(direct: Condition, embedded: string): Condition {
  // The embedded test reads only `value`, so it runs as one regex over the values of every
  // operation; it also looks at `test` operations, whose value changes nothing, which can only
  // add a finding.
  return any(
    anyElement('requestObject', 'jp', all(oneOf('op', ['add', 'replace']), direct)),
    anyElement('requestObject', 'jpv', regex('value', `${ANY_TEXT}${embedded}${ANY_TEXT}`))
  );
}
