import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE } from '../../../compiler/regex';
import { all, any, equals, exists, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE, podSpecEvidence } from './evidence';
import { listParameter, unlisted } from './lists';
import { WRITE_VERBS, anyContainer, containerPointers, jsonPatchSets, storedObjectHas, writesPodSpec } from './podSpec';
import { DEPLOYERS } from './trust';

/** Service types that open a port outside the cluster: on every node, or on a cloud load balancer. */
const EXTERNAL_SERVICE_TYPES = ['NodePort', 'LoadBalancer'];

/** A port number from 1 up; hostPort 0 means "no host port". */
const PORT_NUMBER = '[1-9][0-9]*';

/**
 * A Service written with an external type or external IPs. A ClusterIP Service with externalIPs
 * also receives traffic that any node gets for those addresses, so it exposes the pods too, and
 * lets its author intercept traffic meant for someone else's address (CVE-2020-8554).
 */
/** An external Service type or external IPs in a Service's JSON text. */
const EXTERNAL_SERVICE = `(?:"type"${JSON_SPACE}:${JSON_SPACE}"(?:NodePort|LoadBalancer)"|"externalIPs"${JSON_SPACE}:${JSON_SPACE}\\[${JSON_SPACE}")`;

/** A host port in a pod spec's JSON text. */
const HOST_PORT_SET = `"hostPort"${JSON_SPACE}:${JSON_SPACE}[1-9]`;

const exposesService = all(
  // The most specific test comes first in each branch, because it becomes the branch's line filter.
  equals('objectRef.resource', 'services'),
  // The status subresource carries the load balancer address that the cloud controller writes.
  equals('objectRef.subresource', ''),
  any(
    oneOf('requestObject.spec.type', EXTERNAL_SERVICE_TYPES),
    exists('requestObject.spec.externalIPs[0]'),
    jsonPatchSets(
      any(
        all(regex('path', '[^/]*/spec/type'), oneOf('value', EXTERNAL_SERVICE_TYPES)),
        all(regex('path', `[^/]*/spec/externalIPs(?:/${ANY_TEXT})?`), regex('value', `${ANY_TEXT}[0-9a-fA-F:.]${ANY_TEXT}`))
      ),
      EXTERNAL_SERVICE,
      ['/spec/type', '/spec/externalIPs/*']
    ),
    storedObjectHas('type|externalIPs', EXTERNAL_SERVICE)
  )
);

/** A pod or workload written with a container port bound on the node (hostPort). */
const exposesHostPort = all(
  any(
    // A container's ports list as Loki reads it: the JSON text of the array.
    anyContainer(regex('ports', `${ANY_TEXT}"hostPort"${JSON_SPACE}:${JSON_SPACE}${PORT_NUMBER}${ANY_TEXT}`)),
    jsonPatchSets(all(regex('path', '.*/hostPort'), regex('value', PORT_NUMBER)), HOST_PORT_SET, containerPointers(['ports/*/hostPort'])),
    storedObjectHas('hostPort', HOST_PORT_SET)
  ),
  writesPodSpec
);

function condition(tuning: TuningValues) {
  return all(
    any(exposesService, exposesHostPort),
    oneOf('verb', WRITE_VERBS),
    ...unlisted('user.username', listParameter(tuning, 'deployers')),
    ...unlisted('objectRef.namespace', listParameter(tuning, 'trustedNamespaces'))
  );
}

/**
 * ATT&CK has no technique for exposing a workload, and T1133 External Remote Services fits best.
 * An adversary who can already write to the API opens a path from outside the cluster to a
 * workload they control, which serves as a way back in and as the inbound leg of command and
 * control. T1572 Protocol Tunneling (used for port-forward and the API server proxy) is about
 * carrying traffic inside another protocol, which is not what happens here.
 * NOTE: Ingress and Gateway API routes also expose workloads; they are not checked here.
 */
export const workloadExposed: LogDetection = {
  kind: 'log',
  id: 'k8s-workload-exposed',
  title: 'Pod or service exposed outside the cluster',
  description:
    'Someone other than the expected deployers created or changed a Service of type NodePort or LoadBalancer, a Service with externalIPs, ' +
    'or a pod or workload whose container binds a hostPort on the node. ' +
    'Each opens a port that clients outside the cluster can reach, past the NetworkPolicies and ingress controls that guard other workloads: ' +
    'a backdoor listener in a pod becomes reachable from the internet or the node network, giving the adversary a way back in and an inbound channel for command and control. ' +
    'A Service with externalIPs can also capture traffic meant for another address (CVE-2020-8554). ' +
    'Severity is medium: exposing services is routine for deploy pipelines, but rare for people and for workloads outside them. ' +
    'Objects are read from requestObject, so the audit policy must log services, pods and workloads at the Request level or higher. ' +
    'A JSON patch that copies or moves a value onto the type, external IPs or a host port matches as well, because the value it writes is not in the audit event. ' +
    'At the RequestResponse level an update or patch that names the field also matches when the stored object in responseObject has it, which catches a patch body that repeats a key ({"type":"ClusterIP","type":"NodePort"}); at the Request level such a body still hides the value.',
  severity: 'medium',
  technique: TECHNIQUES.externalRemoteServices,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Object', paths: ['objectRef.name'] },
    { label: 'Service type', paths: ['requestObject.spec.type'] },
    { label: 'External IPs', paths: ['requestObject.spec.externalIPs[*]'] },
    { label: 'Node ports', paths: ['requestObject.spec.ports[*].nodePort'] },
    { label: 'Allowed source ranges', paths: ['requestObject.spec.loadBalancerSourceRanges[*]'] },
    podSpecEvidence('Host ports', 'containers[*].ports[*].hostPort'),
    CONTAINER_IMAGES_EVIDENCE,
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'Ingress controllers and service meshes create LoadBalancer Services, and some run as DaemonSets with hostPort 80 and 443; they are installed by a deploy account, which belongs in deployers, or live in a namespace that you can add to trustedNamespaces.',
    'kubectl apply of an unchanged NodePort or LoadBalancer Service still sends a patch with its type; the user is then a person or pipeline that manages it, which you can add to deployers.',
    'Controllers that create the pods of a workload with hostPort are in deployers by default, so only the write of the workload itself is reported.',
    'At the RequestResponse level, a later patch of an exposed Service or workload that names the field matches again; add the namespace to trustedNamespaces or the writer to deployers.',
  ],
  tuning: [
    {
      name: 'deployers',
      kind: 'list',
      description:
        'Users and service accounts expected to expose workloads: controllers, kubelets (mirror pods) and your CI and GitOps accounts. An empty list trusts nobody. An entry ending in * matches by prefix.',
      default: DEPLOYERS,
    },
    {
      name: 'trustedNamespaces',
      kind: 'list',
      description: 'Namespaces whose Services and pods may be exposed, such as the namespace of your ingress controller. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Identify who created or changed the object, from which source IP and user agent, and whether a change ticket or pipeline run explains it.',
      'Find the pods behind the Service (its selector) or the pod with the hostPort, what listens on the port, and which image it runs.',
      'Check the load balancer address, the node ports and loadBalancerSourceRanges, and look in the cloud and node firewall logs for connections to them.',
    ],
    contain: [
      'Save the Service or workload manifest and the logs and connections of the exposed pods, then remove the exposure: switch the Service back to ClusterIP or delete it, remove the externalIPs, or scale the workload with the hostPort to zero.',
      'Block the node ports and the load balancer in the cloud firewall until the investigation ends.',
    ],
    forensics: [
      'Collect the logs and network connections of the exposed pods and the load balancer or node flow logs for the time the port was open.',
    ],
    remediate: [
      'Restrict who can create Services of type NodePort and LoadBalancer and set externalIPs with an admission policy, and enforce the Pod Security Admission "baseline" level, which rejects every hostPort other than 0.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/service/',
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    'https://kubernetes.io/docs/concepts/configuration/overview/',
  ],
};
