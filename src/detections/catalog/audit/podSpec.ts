import { ANY_TEXT, escapeRegex } from '../../../compiler/regex';
import { Condition, all, any, anyElement, equals, oneOf, regex } from '../../conditions';

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

/**
 * The sentences of the pod spec detections' descriptions on what each audit level shows: the
 * Request level covers everything but a patch body that repeats a key.
 */
export const POD_SPEC_AUDIT_LEVELS =
  'Pod specs are read from requestObject, so the audit policy must log pods and workloads at the Request level or higher. ' +
  'A JSON patch that copies or moves a value onto the field, or onto a step above it, matches as well, because the value it writes is not in the audit event. ' +
  'At the RequestResponse level an update or patch that names the field also matches when the stored object in responseObject has it: ' +
  'a patch body is logged as sent and may repeat a key ({"hostNetwork":false,"hostNetwork":true}), of which the API server applies the last copy and Loki reads the first. ' +
  'At the Request level such a body still hides the value.';

/** Resources whose create, update or patch carries a pod spec. */
export const WORKLOAD_RESOURCES = POD_SPEC_ROOTS.flatMap((root) => root.kinds);

/** Verbs that write an object and so carry it as requestObject. */
export const WRITE_VERBS = ['create', 'update', 'patch'] as const;

/**
 * A request that created its object: a create, or a server-side apply of an object that did not
 * exist. The API server logs an apply with the verb patch and returns 201 Created when it creates
 * the object (the patch handler of k8s.io/apiserver), so the code is in the event from the
 * ResponseComplete stage on.
 */
export const CREATES_OBJECT: Condition = any(equals('verb', 'create'), all(equals('verb', 'patch'), equals('responseStatus.code', '201')));

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
 * True for an update or patch whose stored object, in responseObject at the RequestResponse
 * level, has a field that the request may have hidden: `stored` is a regex over the object's
 * JSON text. The API server's encoder writes that text with each key once, unescaped (Go escapes
 * only <, >, & and control characters) and in field order, so a regex finds a field reliably
 * there, while a patch body is logged as sent: it may repeat a key ({"hostNetwork":false,
 * "hostNetwork":true}), whose last copy Go applies and whose first Loki and the matcher read.
 * The stored object contains the whole spec, so the request must also name the field
 * (`requestNames`, a regex for the field names) or contain an escape that could spell it.
 * Otherwise every later patch of a matching workload, such as a rollout restart, would match.
 * NOTE: at the Request level there is no responseObject, so a repeated key in a patch body still
 * hides the value that the API server applies.
 */
export function storedObjectHas(requestNames: string, stored: string): Condition {
  return all(
    regex('responseObject', `${ANY_TEXT}${stored}${ANY_TEXT}`),
    oneOf('verb', ['update', 'patch']),
    regex('requestObject', `${ANY_TEXT}(?:${requestNames}|\\\\[u/])${ANY_TEXT}`)
  );
}

/**
 * Lists the JSON pointers (RFC 6901) of fields of every pod spec a request can carry, for JSON
 * patch paths. `fields` are relative to the pod spec, such as "hostPID", and a step "*" stands for
 * any one step, such as an array index or "-".
 */
export function podSpecPointers(fields: readonly string[]): string[] {
  return POD_SPEC_ROOTS.flatMap((root) => fields.map((field) => `${pointerOf(root.path)}/${field}`));
}

/** Lists the JSON pointers of fields of every container of every pod spec, relative to the container. */
export function containerPointers(fields: readonly string[]): string[] {
  return POD_SPEC_ROOTS.flatMap((root) =>
    CONTAINER_LISTS.filter((list) => list.field !== 'ephemeralContainers' || root.alias === 'pod').flatMap((list) =>
      fields.map((field) => `${pointerOf(root.path)}/${list.field}/*/${field}`)
    )
  );
}

function pointerOf(path: string): string {
  // The first step names the request or response object, not a step of the pointer.
  return `/${path.split('.').slice(1).join('/')}`;
}

/**
 * An array step of a JSON patch path: the library parses it with strconv.Atoi or takes "-" for
 * the end. A class of the characters it accepts compiles far faster in Loki than [^/], a class of
 * almost all of Unicode (+120 ms per query for four such patterns, Loki 3.7.6 on 2 cores).
 */
export const ARRAY_INDEX = '[-+0-9]*';

interface PointerNode {
  children: Map<string, PointerNode>;
}

/**
 * Builds a pattern for JSON patch paths that reach one of the pointers: the pointer itself or
 * a step above it, since setting /spec/template/spec/containers/0 sets everything below it. The
 * API server's JSON patch library (evanphx/json-patch) splits a path at "/" and ignores the text
 * before the first "/", so any such text is allowed, and a path without "/" (the whole object)
 * matches too unless `wholeObject` is false. "*" in a pointer matches any array step (ARRAY_INDEX).
 */
export function reachingPointerPattern(pointers: readonly string[], options: { wholeObject?: boolean } = {}): string {
  const root: PointerNode = { children: new Map() };
  for (const pointer of pointers) {
    let node = root;
    for (const step of pointer.split('/').slice(1)) {
      let child = node.children.get(step);
      if (!child) {
        child = { children: new Map() };
        node.children.set(step, child);
      }
      node = child;
    }
  }
  const below = belowPointer(root);
  // belowPointer makes the first step optional, which lets the pattern match the whole object.
  return `[^/]*${options.wholeObject === false ? below.slice(0, -1) : below}`;
}

function belowPointer(node: PointerNode): string {
  if (node.children.size === 0) {
    return '';
  }
  const steps = [...node.children.entries()].map(([step, child]) => `${step === '*' ? ARRAY_INDEX : escapeRegex(step)}${belowPointer(child)}`);
  return `(?:/${steps.length === 1 ? steps[0] : `(?:${steps.join('|')})`})?`;
}

/** An escape that spells an ASCII letter or digit, which the JSON encoders of Go, Python and JavaScript never write. */
const ESCAPED_LETTER = '\\\\u00(?:[46][1-9a-fA-F]|[57][0-9aA]|3[0-9])';

/** An escaped slash, which PHP's json_encode writes by default but which can also hide a path. */
const ESCAPED_SLASH = '\\\\(?:/|u002[fF])';

/**
 * True when the request is a JSON patch (RFC 6902, `kubectl patch --type=json`), whose
 * requestObject is a list of operations rather than an object, and one operation can set a
 * field that `watched` points to (see podSpecPointers and containerPointers):
 * - an add or replace sets it directly (`direct`, on the operation, where each branch of an
 *   `any` runs as its own test over all operations), or inside a larger value (`embedded`, a
 *   regex over the value's JSON text);
 * - a copy or move writes to it or to a step above it. The value comes from elsewhere in the
 *   object and is not in the audit event, so the request fails closed;
 * - an operation that writes to it or above it has an object value with an escape that spells a
 *   letter or digit, such as "privil\u0065ged", which the embedded regex cannot read in the raw
 *   text. With `escapedSlash`, an escaped "/" counts too, for tests of path values.
 */
export function jsonPatchSets(direct: Condition, embedded: string, watched: readonly string[], options: { escapedSlash?: boolean } = {}): Condition {
  const reaches = reachingPointerPattern(watched);
  const escape = options.escapedSlash ? `(?:${ESCAPED_LETTER}|${ESCAPED_SLASH})` : ESCAPED_LETTER;
  const directTests = direct.op === 'any' ? direct.of : [direct];
  // The embedded test reads only `value`, so it runs as one regex over the values of every
  // operation; it also looks at `test` operations, whose value changes nothing, which can only
  // add a finding.
  return any(
    ...directTests.map((test) => anyElement('requestObject', 'jp', all(oneOf('op', ['add', 'replace']), test))),
    anyElement('requestObject', 'jpv', regex('value', `${ANY_TEXT}${embedded}${ANY_TEXT}`)),
    anyElement('requestObject', 'jpc', all(oneOf('op', ['copy', 'move']), regex('path', reaches))),
    // The JSON patch library of the API server (evanphx/json-patch v4) rejects a path without "/",
    // and a path test that needs one gives this branch a line filter on "path".
    anyElement('requestObject', 'jpe', all(regex('path', reachingPointerPattern(watched, { wholeObject: false })), regex('value', `${ANY_TEXT}${escape}${ANY_TEXT}`)))
  );
}
