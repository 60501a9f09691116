import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { LocatedFinding, ScanResult, scan } from '../src/cli/scan';
import { LOG_DETECTIONS } from '../src/detections/catalog';
import { DEFAULT_SETTINGS } from '../src/settings';

const AUDIT_FOLDER = path.join(__dirname, 'fixtures', 'shared-data', 'k8s-audit');
const TRACES_FOLDER = path.join(AUDIT_FOLDER, 'falco-traces');
const PANTHER_FILE = path.join(AUDIT_FOLDER, 'panther-cases.jsonl');

/**
 * The audit findings each of Falco's k8s_audit trace files should give, by line. Controllers
 * that create pods (replicaset-controller) are reported for what the pod requests, like a
 * person would be. Files that trigger nothing list one empty line per event.
 */
const TRACES: Record<string, string[][]> = {
  // system:anonymous was allowed to create a namespace (201).
  'anonymous_creates_namespace_foo.json': [['k8s-anonymous-request']],
  'attach_cluster_admin_role.json': [['k8s-cluster-admin-binding']],
  'attach_pod.json': [['k8s-exec-attach']],
  'create_cluster_role_pod_exec.json': [[]],
  // Roles by minikube-user that grant resources ["*"] and verbs ["*"].
  'create_cluster_role_wildcard_resources.json': [['k8s-role-grants-escalation']],
  'create_cluster_role_wildcard_verbs.json': [['k8s-role-grants-escalation']],
  'create_cluster_role_write_privileges.json': [[]],
  'create_clusterrole.json': [[]],
  // Binds system:basic-user, not a privileged role.
  'create_clusterrolebinding.json': [[]],
  'create_configmap.json': [[]],
  'create_configmap_no_sensitive_values.json': [[]],
  'create_configmap_sensitive_values.json': [[], [], [], [], [], []],
  // A new Deployment created by hand: creations are not reported by default, only changes.
  'create_deployment.json': [[]],
  'create_kube_system_secret.json': [[]],
  'create_nginx_pod_hostnetwork.json': [['k8s-host-namespaces']],
  'create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json': [['k8s-privileged-container']],
  'create_nginx_pod_nohostnetwork.json': [[]],
  'create_nginx_pod_privileged.json': [['k8s-privileged-container']],
  'create_nginx_pod_privileged_2nd_container.json': [['k8s-privileged-container']],
  'create_nginx_pod_sensitive_mount_2nd_container.json': [['k8s-sensitive-hostpath']],
  // Despite its name, a get by the kubelet: reading a pod with a host mount requests nothing.
  'create_nginx_pod_unsensitive_mount.json': [[]],
  // A NodePort Service created by hand, not by a deployer.
  'create_nginx_service_nodeport.json': [['k8s-workload-exposed']],
  'create_nginx_service_nonodeport.json': [[]],
  // Pods of ordinary images created by the replica set controller in system namespaces.
  'create_pod_kube_public_namespace.json': [[]],
  'create_pod_kube_system_namespace.json': [[]],
  // A secret in the sysdig-agent namespace: created, not an agent removed.
  'create_secret.json': [[]],
  'create_service.json': [[]],
  'create_service_account_token_secret.json': [[]],
  'create_serviceaccount.json': [[]],
  'create_serviceaccount_kube_public_namespace.json': [[]],
  'create_serviceaccount_kube_system_namespace.json': [[]],
  'delete_cluster_role_kube_aggregator.json': [[]],
  'delete_clusterrole.json': [[]],
  'delete_clusterrolebinding.json': [[]],
  'delete_configmap.json': [[]],
  'delete_deployment.json': [[]],
  'delete_namespace_foo.json': [[]],
  'delete_secret.json': [[]],
  'delete_service.json': [[]],
  'delete_serviceaccount.json': [[]],
  'exec_pod.json': [['k8s-exec-attach']],
  // {"kind": 0}: not an audit event, reported as unmapped.
  'fal_01_003.json': [[]],
  'minikube_creates_namespace_foo.json': [[]],
  'modify_cluster_role_node_problem_detector.json': [[]],
  'some-user_creates_namespace_foo.json': [[]],
};

/** The audit findings of each line of panther-cases.jsonl (EKS events, AKS and GKE records). */
const PANTHER: string[][] = [
  ['k8s-privileged-container'],
  ['k8s-privileged-container'],
  [],
  ['k8s-host-namespaces'],
  ['k8s-host-namespaces'],
  [],
  ['k8s-sensitive-hostpath'],
  ['k8s-sensitive-hostpath'],
  // A kube-system network agent that mounts /var/lib/cni, which is not a sensitive path.
  [],
  ['k8s-exec-attach'],
  // AKS, kubectl 1.35: exec over a WebSocket is a get.
  ['k8s-exec-attach'],
  [],
];

const AUDIT_IDS = new Set(LOG_DETECTIONS.filter((detection) => detection.telemetry === 'audit').map((detection) => detection.id));

function detectionsAt(findings: LocatedFinding[], file: string, line: number): string[] {
  return findings
    .filter((finding) => AUDIT_IDS.has(finding.detection) && finding.file === file && finding.line === line)
    .map((finding) => finding.detection)
    .sort();
}

describe('public Kubernetes audit events', () => {
  let result: ScanResult;

  beforeAll(async () => {
    // The folder also contains panther-cases.expected.json, a table of expected results, not events.
    result = await scan([TRACES_FOLDER, PANTHER_FILE], LOG_DETECTIONS, DEFAULT_SETTINGS);
  });

  test('lists every trace file', () => {
    expect(readdirSync(TRACES_FOLDER).sort()).toEqual(Object.keys(TRACES).sort());
  });

  test('reads every event and reports the malformed one', () => {
    expect(result.unreadable).toEqual([]);
    expect(result.problems).toEqual([{ file: path.join(TRACES_FOLDER, 'fal_01_003.json'), line: 1, reason: expect.stringContaining('not a Kubernetes audit event') }]);
    // 49 audit events in the traces and 12 Panther records.
    expect(result.eventsRead).toBe(61);
  });

  test.each(Object.entries(TRACES))('%s gives the expected findings', (file, perLine) => {
    const location = path.join(TRACES_FOLDER, file);
    perLine.forEach((expected, index) => {
      expect(detectionsAt(result.findings, location, index + 1)).toEqual([...expected].sort());
    });
    const beyond = result.findings.filter((finding) => AUDIT_IDS.has(finding.detection) && finding.file === location && finding.line > perLine.length);
    expect(beyond).toEqual([]);
  });

  test.each(PANTHER.map((expected, index) => [index + 1, expected] as const))('Panther line %i gives the expected findings', (line, expected) => {
    expect(detectionsAt(result.findings, PANTHER_FILE, line)).toEqual([...expected].sort());
  });

  test('Panther negatives stay silent', () => {
    const sidecar = JSON.parse(readFileSync(path.join(AUDIT_FOLDER, 'panther-cases.expected.json'), 'utf8')) as {
      cases: Array<{ line: number; expected_result: boolean }>;
    };
    const negatives = sidecar.cases.filter((entry) => !entry.expected_result).map((entry) => entry.line);
    expect(negatives).toEqual([3, 6, 9, 12]);
    for (const line of negatives) {
      expect(PANTHER[line - 1]).toEqual([]);
    }
  });

  test('Panther has no findings past its last line', () => {
    const beyond = result.findings.filter((finding) => AUDIT_IDS.has(finding.detection) && finding.file === PANTHER_FILE && finding.line > PANTHER.length);
    expect(beyond).toEqual([]);
  });

  test('finding of the GKE hostPath record names the user and pod', () => {
    const [finding] = result.findings.filter((candidate) => candidate.file === PANTHER_FILE && candidate.line === 8);
    expect(finding).toMatchObject({
      detection: 'k8s-sensitive-hostpath',
      severity: 'critical',
      technique: 'T1611',
      user: 'user@company.com',
      namespace: 'default',
      pod: 'test',
    });
    expect(finding.evidence['Host paths']).toBe('/var/lib/kubelet');
  });

  test('finding of the anonymous namespace creation says it was allowed', () => {
    const location = path.join(TRACES_FOLDER, 'anonymous_creates_namespace_foo.json');
    const [finding] = result.findings.filter((candidate) => candidate.file === location && candidate.detection === 'k8s-anonymous-request');
    expect(finding).toMatchObject({ severity: 'high', technique: 'T1078.001', user: 'system:anonymous', resource: 'namespaces', name: 'foo', outcome: 'allowed' });
    expect(finding.evidence['Outcome']).toBe('allowed (201)');
  });

  test('finding of the NodePort Service names its node port', () => {
    const location = path.join(TRACES_FOLDER, 'create_nginx_service_nodeport.json');
    const [finding] = result.findings.filter((candidate) => candidate.file === location && candidate.detection === 'k8s-workload-exposed');
    expect(finding).toMatchObject({ severity: 'medium', technique: 'T1133', namespace: 'default', name: 'nginx' });
    expect(finding.evidence['Service type']).toBe('NodePort');
    expect(finding.evidence['Node ports']).toBe('30080');
  });
});
