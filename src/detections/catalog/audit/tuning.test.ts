import * as path from 'node:path';
import { LogDetection, TuningValues, resolveTuning } from '../../model';
import { PreparedDetection } from '../../../matcher/detector';
import { CASES_DIR, readEvents } from '../../../testing/cases';
import { DEFAULT_SETTINGS, logSource } from '../../../settings';
import { anonymousRequest } from './anonymousRequest';
import { dangerousCapabilities } from './dangerousCapabilities';
import { execAttach } from './execAttach';
import { hostNamespaces } from './hostNamespaces';
import { kubeletProxy } from './kubeletProxy';
import { podPinnedToNode } from './podPinnedToNode';
import { privilegedContainer } from './privilegedContainer';
import { privilegedImpersonation } from './privilegedImpersonation';
import { privilegedTokenRequest } from './privilegedTokenRequest';
import { roleGrantsEscalation } from './roleGrantsEscalation';
import { sensitiveHostPath } from './sensitiveHostPath';
import { webhookInjectedPrivilege } from './webhookInjectedPrivilege';
import { workloadExposed } from './workloadExposed';
import { workloadImageChanged } from './workloadImageChanged';

/** Prepares a detection with the tuning and reports whether it fires on any event of a case file. */
function fires(detection: LogDetection, file: string, tuning: TuningValues = {}, caseFolder = detection.id): boolean {
  const prepared = new PreparedDetection(detection, logSource(DEFAULT_SETTINGS, 'audit'), { maxArrayElements: DEFAULT_SETTINGS.maxArrayElements, tuning });
  return readEvents(path.join(CASES_DIR, caseFolder, file)).some((event) => prepared.matches(event));
}

describe('trusted workloads', () => {
  test('exempt a request whose every image is trusted', () => {
    expect(fires(sensitiveHostPath, 'attack-docker-socket-daemonset.json', { trustedImages: ['ghcr.io/example/*'] })).toBe(false);
    expect(fires(hostNamespaces, 'attack-hostpid-pod.json', { trustedImages: ['docker.io/library/alpine:*'] })).toBe(false);
  });

  test('do not exempt a request with one untrusted image', () => {
    expect(fires(dangerousCapabilities, 'attack-lowercase-cap-prefix-init-container.json', { trustedImages: ['registry.example.com/*'] })).toBe(true);
  });

  test('do not exempt a JSON patch, which names no image', () => {
    expect(fires(sensitiveHostPath, 'attack-containerd-socket-json-patch.json', { trustedImages: ['*'] })).toBe(true);
  });

  test('exempt trusted namespaces', () => {
    expect(fires(sensitiveHostPath, 'attack-kubelet-dir-odd-spelling-cronjob.json', { trustedNamespaces: ['ops'] })).toBe(false);
    expect(fires(sensitiveHostPath, 'attack-kubelet-dir-odd-spelling-cronjob.json', { trustedNamespaces: ['web'] })).toBe(true);
  });

  test('report kubelet mirror pods once kubelets are no longer trusted', () => {
    expect(fires(sensitiveHostPath, 'benign-mirror-pod-of-static-apiserver.json', { trustedUsers: [] })).toBe(true);
    expect(fires(privilegedContainer, 'benign-mirror-pod-of-static-kube-proxy.json', { trustedUsers: [] })).toBe(true);
  });

  test('exempt a CNI DaemonSet pod of privileged containers', () => {
    const cniPod = 'attack-privileged-daemonset-pod-kube-system.json';
    expect(() => resolveTuning(privilegedContainer, { trustedNamespaces: ['kube-system'] })).not.toThrow();
    expect(fires(privilegedContainer, cniPod, { trustedNamespaces: ['kube-system'] })).toBe(false);
    expect(fires(privilegedContainer, cniPod, { trustedImages: ['docker.io/calico/*'] })).toBe(false);
    expect(fires(privilegedContainer, cniPod, { trustedImages: ['docker.io/calico/node:*'] })).toBe(true);
  });
});

describe('k8s-workload-image-changed registries', () => {
  const registries = { trustedRegistries: ['registry.example.com/*'] };

  test('reports a deployer that uses an untrusted registry', () => {
    const deployers = { ...registries, deployers: ['dev@example.com'] };
    expect(fires(workloadImageChanged, 'attack-kubectl-set-image.json', deployers)).toBe(true);
    expect(fires(workloadImageChanged, 'attack-json-patch-image.json', deployers)).toBe(true);
  });

  test('stays silent for a deployer that uses a trusted registry', () => {
    expect(fires(workloadImageChanged, 'benign-argocd-sync.json', registries)).toBe(false);
  });

  test('reports every change when no deployer is listed', () => {
    expect(fires(workloadImageChanged, 'benign-argocd-sync.json', { deployers: [] })).toBe(true);
  });

  test('reports pods created by hand once create is a reported verb', () => {
    expect(fires(workloadImageChanged, 'benign-new-pod-by-hand.json', { reportedVerbs: ['create', 'update', 'patch'] })).toBe(true);
  });

  test('rejects tuning that leaves nothing to report', () => {
    expect(() => fires(workloadImageChanged, 'benign-argocd-sync.json', { reportedVerbs: [] })).toThrow('nothing to report');
  });
});

describe('other tuning lists', () => {
  test('trusted users silence exec', () => {
    expect(fires(execAttach, 'attack-exec-shell-spdy.json', { trustedUsers: ['dev@*'] })).toBe(false);
  });

  test('an empty monitoring path list reports metric scrapes', () => {
    expect(fires(kubeletProxy, 'benign-prometheus-cadvisor-scrape.json', { monitoringPaths: [] })).toBe(true);
  });

  test('trusted impersonators are not reported', () => {
    expect(fires(privilegedImpersonation, 'attack-as-group-system-masters.json', { trustedImpersonators: ['dev@example.com'] })).toBe(false);
  });

  test('capability names can be changed', () => {
    expect(fires(dangerousCapabilities, 'benign-net-bind-service-drop-all.json', { capabilities: ['NET_BIND_SERVICE'] })).toBe(true);
  });
});

describe('tuning of the access detections', () => {
  test('an empty public path list reports anonymous health checks', () => {
    expect(fires(anonymousRequest, 'benign-anonymous-health-checks.json', { publicPaths: [] })).toBe(true);
  });

  test('public paths match without the query string', () => {
    expect(fires(anonymousRequest, 'benign-anonymous-health-checks.json', { publicPaths: ['/readyz'] })).toBe(true);
    expect(fires(anonymousRequest, 'benign-anonymous-health-checks.json', { publicPaths: ['/readyz', '/version'] })).toBe(false);
  });

  test('listed service account names are privileged in any namespace', () => {
    expect(fires(privilegedTokenRequest, 'benign-token-for-app-service-account.json', { privilegedServiceAccounts: ['web-ci'] })).toBe(true);
  });

  test('kubelet token requests are reported once kubelets are not trusted', () => {
    expect(fires(privilegedTokenRequest, 'benign-kubelet-projected-token.json', { trustedUsers: [] })).toBe(true);
  });

  test('rejects token tuning that leaves nothing to report', () => {
    expect(() => fires(privilegedTokenRequest, 'attack-create-token-for-controller.json', { privilegedNamespaces: [] })).toThrow('nothing to report');
  });

  test('dangerous resources can be extended', () => {
    expect(fires(roleGrantsEscalation, 'benign-read-only-role.json', { dangerousResources: ['pods/log'] })).toBe(true);
  });

  test('rejects role tuning that leaves nothing to report', () => {
    expect(() => fires(roleGrantsEscalation, 'benign-read-only-role.json', { dangerousVerbs: [], dangerousResources: [] })).toThrow('nothing to report');
  });
});

describe('tuning of the placement and exposure detections', () => {
  test('an empty deployer list reports GitOps services', () => {
    expect(fires(workloadExposed, 'benign-argocd-creates-loadbalancer.json', { deployers: [] })).toBe(true);
  });

  test('trusted namespaces silence exposure', () => {
    expect(fires(workloadExposed, 'attack-nodeport-to-backdoor.json', { trustedNamespaces: ['web'] })).toBe(false);
  });

  test('scheduler bindings are reported once the scheduler is not trusted', () => {
    expect(fires(podPinnedToNode, 'benign-scheduler-binding.json', { trustedUsers: [] })).toBe(true);
  });

  test('trusted namespaces silence webhook injection', () => {
    expect(fires(webhookInjectedPrivilege, 'attack-patch-annotation-adds-privileged-container.json', { trustedNamespaces: ['web'] })).toBe(false);
    expect(fires(webhookInjectedPrivilege, 'attack-stored-pod-gains-runtime-socket.json', { sensitivePaths: ['/etc'] })).toBe(false);
  });
});
