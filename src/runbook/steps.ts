import { Argument, CommandArguments, CommandStep, placeholder } from './commands';
import { shellQuote } from './shell';
import { RESOURCE_KINDS, ResourceKind, RunbookSubject, StopMethod } from './subject';

/** The label that marks a quarantined pod; the quarantine NetworkPolicy selects it. */
export const QUARANTINE_LABEL = 'cordon.io/quarantine';

/** Steps that belong together under one heading, such as the evidence of one pod. */
export interface StepGroup {
  id: string;
  title: string;
  /** One or two sentences on when to run the group, or empty when the title is enough. */
  description: string;
  steps: CommandStep[];
}

/** The subject-specific part of a runbook, in the order a responder runs it. */
export interface ResponsePlan {
  /** The object the alert is about, as one phrase, for example "Deployment api in namespace prod". */
  summary: string;
  /** Steps that save what containment would change or destroy. They change nothing themselves. */
  evidence: StepGroup[];
  /** Reversible isolation first, then the disruptive steps, then removing access. */
  contain: StepGroup[];
  /** Offline analysis of what was saved. */
  analyze: CommandStep[];
}

const NEWLINE = '{"\\n"}';
const TAB = '{"\\t"}';
const OWNER_REFERENCES = `-o jsonpath='{range .metadata.ownerReferences[*]}{.kind}{"/"}{.name}${NEWLINE}{end}'`;

/** Kinds whose revisions `kubectl rollout history` lists. */
const ROLLOUT_KINDS = new Set(['deployments', 'daemonsets', 'statefulsets']);

/** Builds the evidence, containment and analysis steps for what the alert is about. */
export function responsePlan(subject: RunbookSubject, args: CommandArguments): ResponsePlan {
  const actor = subject.kubernetesActor && subject.kind !== 'account';
  const plan = SUBJECT_PLANS[subject.kind](subject, args);
  return {
    summary: actor && args.user.known ? `${plan.summary}, changed by ${args.user.text}` : plan.summary,
    evidence: actor ? [...plan.evidence, actorEvidence(args)] : plan.evidence,
    contain: actor ? [...plan.contain, actorContainment(args, args.serviceAccount)] : plan.contain,
    analyze: subject.kubernetesActor ? [...plan.analyze, ANALYZE_ACTOR] : plan.analyze,
  };
}

type PlanBuilder = (subject: RunbookSubject, args: CommandArguments) => ResponsePlan;

const SUBJECT_PLANS: Record<RunbookSubject['kind'], PlanBuilder> = {
  pod: podPlan,
  workload: workloadPlan,
  rbac: rbacPlan,
  admission: admissionPlan,
  'node-container': nodeContainerPlan,
  account: accountPlan,
  object: objectPlan,
};

function inNamespace(args: CommandArguments): string {
  return `-n ${args.namespace.word}`;
}

/** Names a saved file after the object when its name is safe in a file name, else after the kind. */
function fileStem(kind: string, name: Argument): string {
  return name.known && /^[a-z0-9.-]+$/.test(name.text) ? `cordon-${kind}-${name.text}` : `cordon-${kind}`;
}

// Pods

function podPlan(_subject: RunbookSubject, args: CommandArguments): ResponsePlan {
  return {
    summary: `Pod ${args.pod.text} in namespace ${args.namespace.text}`,
    evidence: [
      {
        id: 'evidence-pod',
        title: 'Save the pod',
        description: '',
        steps: podEvidence(args, args.pod),
      },
    ],
    contain: [
      {
        id: 'contain-isolate',
        title: 'Isolate: reversible, the pod keeps running',
        description:
          'Isolation keeps the pod and its memory for analysis. Do not drain the node: draining evicts the pod.',
        steps: [...podIsolation(args, args.pod, true), cordonNode(args)],
      },
      {
        id: 'contain-stop',
        title: 'Stop: last, once every evidence step is done',
        description: 'These steps delete pods, and with them their memory, files and logs.',
        steps: [findOwner(args), stopWorkload(args, undefined, placeholder('name'))],
      },
    ],
    analyze: [ANALYZE_CHECKPOINT, ANALYZE_IMAGE, ANALYZE_NODE],
  };
}

/** Steps that save a pod's logs, manifest, image digests, memory and files without changing the pod. */
function podEvidence(args: CommandArguments, pod: Argument): CommandStep[] {
  const target = `${inNamespace(args)} ${pod.word}`;
  const stem = fileStem('pod', pod);
  const containerId = `kubectl get pod ${target} -o jsonpath='{.status.containerStatuses[?(@.name=="${args.container.text}")].containerID}${NEWLINE}'`;
  const checkpointUrl = `https://${args.node.text}:10250/checkpoint/${args.namespace.text}/${pod.text}/${args.container.text}`;
  return [
    {
      id: 'evidence-logs',
      title: 'Save the container logs',
      description:
        'Logs of every container in the pod, with timestamps. The node keeps them only as long as the pod exists.',
      command: `kubectl logs ${target} --all-containers --timestamps --prefix > ${stem}-logs.txt`,
    },
    {
      id: 'evidence-previous-logs',
      title: 'Save the logs of restarted containers',
      description:
        'kubectl logs --previous reads the instance before the last restart and fails for a container that never restarted, ' +
        'so the loop asks only for containers whose restart count is above zero. It does nothing when none restarted.',
      command: [
        `for c in $(kubectl get pod ${target} -o jsonpath='{range .status.containerStatuses[?(@.restartCount>0)]}{.name}{" "}{end}'); do`,
        `  kubectl logs ${target} -c "$c" --previous --timestamps > "${stem}-$c-previous-logs.txt"`,
        'done',
      ].join('\n'),
    },
    {
      id: 'evidence-manifest',
      title: 'Save the pod description and manifest',
      description:
        'The description keeps recent events; the manifest keeps the spec, labels, owner, node and status as they are now.',
      command: [
        `kubectl describe pod ${target} > ${stem}-describe.txt`,
        `kubectl get pod ${target} -o yaml > ${stem}.yaml`,
      ].join('\n'),
    },
    {
      id: 'evidence-digest',
      title: 'Record the node, image digests and container IDs',
      description:
        'The image ID is the digest that actually ran; a tag can later point to another image. ' +
        'The container ID, after containerd:// or cri-o://, names the container on the node for the next two steps.',
      command: `kubectl get pod ${target} -o jsonpath='{.spec.nodeName}${NEWLINE}{range .status.containerStatuses[*]}{.name}${TAB}{.image}${TAB}{.imageID}${TAB}{.containerID}${NEWLINE}{end}' | tee ${stem}-containers.txt`,
    },
    {
      id: 'evidence-checkpoint',
      title: "Checkpoint the container's memory, where the cluster supports it",
      description:
        "The kubelet's checkpoint API saves the memory of every process in the container to a tar archive on the node, " +
        'while the container keeps running. No other step keeps memory. Run it once for each container.',
      notes: [
        'It needs the ContainerCheckpoint feature gate (alpha and off by default since Kubernetes 1.25, beta and on by default since 1.30), ' +
          'CRIU on the node, and CRI-O 1.25 or later with CRIU support enabled or containerd 2.0 or later. ' +
          'A 404 means the feature gate is off, a 500 that the runtime cannot checkpoint; go on with the next step.',
        'The kubelet writes the archive on the node as /var/lib/kubelet/checkpoints/checkpoint-<pod>_<namespace>-<container>-<time>.tar ' +
          '(under its --root-dir). Copy it off the node.',
        'The archive holds every memory page, secrets included, so keep it as you keep secrets.',
        "Send the request to the kubelet's port 10250 with a client certificate the kubelet authorizes, " +
          "such as the API server's kubelet client certificate (apiserver-kubelet-client.crt on kubeadm clusters).",
      ],
      command: `curl -sS -X POST --cacert <kubelet-ca.crt> --cert <client.crt> --key <client.key> ${shellQuote(checkpointUrl)}`,
    },
    {
      id: 'evidence-filesystem',
      title: "Copy the container's files from the node",
      description:
        "Read the container's root filesystem on the node through /proc/<pid>/root. " +
        'This does not enter the container: the pod does not change, and the intruder sees no new process in it.',
      notes: [
        "Run the lines after the comment on the node as root, over SSH or your provider's node access. " +
          '--one-file-system leaves out mounted volumes, /proc and /sys.',
        'On a node that runs Docker through cri-dockerd, docker export <container-id> writes the same copy.',
        'kubectl debug node/<node> also reaches the node, but it starts a pod in the host namespaces with the host filesystem mounted, ' +
          "which raises Cordon's k8s-host-namespaces detection unless you are a trusted user.",
        'kubectl exec <pod> -- tar is a last resort: it runs a tar binary the intruder may have replaced, inside the compromised container, ' +
          "and raises Cordon's k8s-exec-attach detection.",
        'kubectl debug <pod> adds an ephemeral container that cannot be removed and changes the pod spec, ' +
          "and raises Cordon's k8s-ephemeral-container detection.",
      ],
      command: [
        containerId,
        `# On the node ${args.node.text}, as root, with the ID printed above without its containerd:// or cri-o:// prefix:`,
        // NOTE: containerd and CRI-O both report the PID as info.pid in crictl's verbose output; no live node checked it here.
        `PID=$(crictl inspect -o go-template --template '{{.info.pid}}' <container-id>)`,
        `tar --one-file-system -C "/proc/$PID/root" -czf ${stem}-${args.container.known ? args.container.text : 'container'}-rootfs.tar.gz .`,
        'sha256sum cordon-*',
      ].join('\n'),
    },
  ];
}

/** Steps that cut a pod's network and, for one pod, take it out of the selectors that still reach it. */
function podIsolation(args: CommandArguments, pod: Argument, singlePod: boolean): CommandStep[] {
  const ns = inNamespace(args);
  const target = `${ns} ${pod.word}`;
  const steps: CommandStep[] = [
    {
      id: 'contain-list-policies',
      title: 'List the NetworkPolicies that select the pod',
      description:
        'NetworkPolicies are additive: a pod that several policies select may make every connection that any of them allows, ' +
        'so a deny-all policy blocks nothing that another selecting policy allows.',
      notes: [
        "A policy selects the pod when its pod selector matches the pod's labels, printed first; an empty selector ({}) selects every pod in the namespace.",
      ],
      command: [
        `kubectl get pod ${target} -o jsonpath='{.metadata.labels}${NEWLINE}'`,
        `kubectl get networkpolicy ${ns} -o jsonpath='{range .items[*]}{.metadata.name}${TAB}{.spec.podSelector}${TAB}{.spec.policyTypes}${NEWLINE}{end}'`,
      ].join('\n'),
    },
    {
      id: 'contain-network-policy',
      title: 'Apply the quarantine NetworkPolicy',
      description:
        `The policy selects pods labelled ${QUARANTINE_LABEL}=true and isolates them for ingress and egress without allowing any traffic. ` +
        'Because policies add up, it cuts off only what no other selecting policy allows: if the list above shows other policies, also run the next steps.',
      notes: [
        'Only a network plugin that enforces NetworkPolicy applies it: Calico and Cilium do, Flannel alone does not.',
        'It does not apply to pods with hostNetwork, and traffic between the pod and its own node stays allowed.',
        'Kubernetes does not define whether connections opened before the policy are cut. ' +
          'Depending on the plugin, an established connection such as a reverse shell may continue.',
      ],
      command: [
        singlePod
          ? `kubectl label pod ${target} ${QUARANTINE_LABEL}=true`
          : `kubectl label pod ${target} ${QUARANTINE_LABEL}=true  # once for each pod listed above`,
        `kubectl apply ${ns} -f - <<'EOF'`,
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        '  name: cordon-quarantine',
        'spec:',
        '  podSelector:',
        '    matchLabels:',
        `      ${QUARANTINE_LABEL}: "true"`,
        '  policyTypes:',
        '    - Ingress',
        '    - Egress',
        'EOF',
      ].join('\n'),
    },
  ];
  if (singlePod) {
    steps.push({
      id: 'contain-relabel',
      title: 'Take the pod out of the selectors that still reach it',
      description:
        `Replace every label with ${QUARANTINE_LABEL}=true. The pod leaves its Services, so it stops receiving their traffic, ` +
        'and the NetworkPolicies that select it by label.',
      notes: [
        'It also leaves the selector of its ReplicaSet or other owner, which releases it and starts a replacement: ' +
          'the workload keeps serving while the quarantined pod keeps running.',
        'The original labels are in the manifest saved above.',
      ],
      command: `kubectl patch pod ${target} --type json -p '[{"op":"add","path":"/metadata/labels","value":{"${QUARANTINE_LABEL}":"true"}}]'`,
    });
  }
  steps.push({
    id: 'contain-cni-deny',
    title: 'Where a policy with an empty selector still selects the pod, add a deny rule of the network plugin',
    description:
      "A NetworkPolicy cannot deny traffic that another policy allows, but the network plugin's own deny rules can. " +
      'The command is for Cilium; the notes name the equivalents for Calico and AdminNetworkPolicy.',
    notes: [
      'Cilium (1.9 or later) applies deny rules before any allow rule, so the policy below blocks all traffic of quarantined pods.',
      'Calico: use a projectcalico.org/v3 NetworkPolicy or GlobalNetworkPolicy whose rules have action Deny, ' +
        'with an order below 1000, the order Calico gives Kubernetes NetworkPolicies.',
      'Where the plugin implements AdminNetworkPolicy (policy.networking.k8s.io), a Deny rule there also overrides NetworkPolicies.',
    ],
    // NOTE: written from Cilium's deny policy documentation (ingressDeny, egressDeny, the all entity); not applied to a Cilium cluster here.
    command: [
      `kubectl apply ${ns} -f - <<'EOF'`,
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata:',
      '  name: cordon-quarantine-deny',
      'spec:',
      '  endpointSelector:',
      '    matchLabels:',
      `      ${QUARANTINE_LABEL}: "true"`,
      '  ingressDeny:',
      '    - fromEntities:',
      '        - all',
      '  egressDeny:',
      '    - toEntities:',
      '        - all',
      'EOF',
    ].join('\n'),
  });
  return steps;
}

function cordonNode(args: CommandArguments): CommandStep {
  return {
    id: 'contain-cordon-node',
    title: 'Cordon the node',
    description:
      'Cordoning keeps new pods off the node while you check it, and leaves running pods alone. ' +
      'Drain it only after the evidence is saved, because draining evicts its pods.',
    command: `kubectl cordon ${args.node.word}`,
  };
}

function findOwner(args: CommandArguments): CommandStep {
  return {
    id: 'contain-owner',
    title: "Find the pod's owner",
    description:
      'A Deployment owns its pods through a ReplicaSet, so look up the owner of the ReplicaSet too. A pod without an owner is a bare pod. ' +
      'Read the owner from the manifest saved above if you already relabeled the pod, because its owner has released it.',
    command: [
      `kubectl get pod ${inNamespace(args)} ${args.pod.word} ${OWNER_REFERENCES}`,
      `kubectl get replicaset ${inNamespace(args)} <replicaset> ${OWNER_REFERENCES}`,
    ].join('\n'),
  };
}

/** The effect of stopping on the pods, per method, as the end of a sentence that starts with the kind names. */
const STOP_TEXT: Record<StopMethod, string> = {
  scale: 'scaling to zero deletes the pods.',
  'node-selector': 'it cannot be scaled, so give it a node selector no node has, which deletes its pods.',
  'suspend-job': 'suspending it deletes its running pods.',
  'suspend-cronjob': 'suspending it stops new runs only; suspend or delete the Jobs it already started.',
};

function stopNote(kinds: readonly ResourceKind[]): string {
  const text = STOP_TEXT[kinds[0].stop ?? 'scale'];
  return `${kinds.map((entry) => entry.kind).join(', ')}: ${text}`;
}

function stopCommand(args: CommandArguments, kind: ResourceKind, name: Argument): string {
  const ns = inNamespace(args);
  switch (kind.stop) {
    case 'node-selector':
      return `kubectl patch ${kind.kubectlName} ${ns} ${name.word} --type merge -p '{"spec":{"template":{"spec":{"nodeSelector":{"${QUARANTINE_LABEL}":"no-node"}}}}}'`;
    case 'suspend-job':
    case 'suspend-cronjob':
      return `kubectl patch ${kind.kubectlName} ${ns} ${name.word} --type merge -p '{"spec":{"suspend":true}}'`;
    default:
      return `kubectl scale ${ns} ${kind.kubectlName}/${name.known ? name.text : `<${kind.kubectlName}>`} --replicas=0`;
  }
}

/** Builds the stop step for one known workload kind, or a line per kind plus bare pods when the kind is open. */
function stopWorkload(args: CommandArguments, kind: ResourceKind | undefined, name: Argument): CommandStep {
  if (kind) {
    return {
      id: 'contain-stop-workload',
      title: `Stop the ${kind.kind}`,
      description: `${stopNote([kind])} Run this only once every evidence step is done.`,
      command: stopCommand(args, kind, name),
    };
  }
  const kinds = RESOURCE_KINDS.filter((entry) => entry.subject === 'workload' && entry.resource !== 'replicasets');
  const methods = [...new Set(kinds.map((entry) => entry.stop))];
  return {
    id: 'contain-stop-workload',
    title: 'Stop the workload',
    description: 'Run the line for the kind of owner you found. A bare pod is deleted.',
    notes: methods.map((method) => stopNote(kinds.filter((entry) => entry.stop === method))),
    command: [
      ...kinds.map((entry) => stopCommand(args, entry, placeholder(entry.kubectlName))),
      `kubectl delete pod ${inNamespace(args)} ${args.pod.word}`,
    ].join('\n'),
  };
}

// Workloads

function workloadPlan(subject: RunbookSubject, args: CommandArguments): ResponsePlan {
  const kind = subject.resource?.subject === 'workload' ? subject.resource : undefined;
  const kindName = kind?.kubectlName ?? 'workload';
  const kindWord = kind?.kubectlName ?? '<kind>';
  const ns = inNamespace(args);
  const stem = fileStem(kindName, args.name);
  const save = [
    `kubectl get ${kindWord} ${ns} ${args.name.word} -o yaml > ${stem}.yaml`,
    `kubectl describe ${kindWord} ${ns} ${args.name.word} > ${stem}-describe.txt`,
  ];
  if (kind === undefined || ROLLOUT_KINDS.has(kind.resource)) {
    save.push(`kubectl rollout history ${kindWord} ${ns} ${args.name.word} > ${stem}-history.txt`);
  }
  const pod = placeholder('pod');
  return {
    summary: `${kind?.kind ?? 'Workload'} ${args.name.text} in namespace ${args.namespace.text}`,
    evidence: [
      {
        id: 'evidence-workload',
        title: `Save the ${kind?.kind ?? 'workload'}`,
        description: '',
        steps: [
          {
            id: 'evidence-workload-manifest',
            title: 'Save the manifest, description and revision history',
            description:
              'The manifest shows the spec as it is now; the revision history (Deployments, DaemonSets and StatefulSets) shows which templates ran before. ' +
              'If the object is already deleted, the audit log holds its last version where the audit policy records request bodies: see what else happened to this object under Investigate.',
            command: save.join('\n'),
          },
          listWorkloadPods(args, kind),
        ],
      },
      {
        id: 'evidence-workload-pods',
        title: 'Save each pod that ran the suspicious spec',
        description: 'Repeat these steps for every pod listed above, with its name in place of <pod>.',
        steps: podEvidence(args, pod),
      },
    ],
    contain: [
      {
        id: 'contain-isolate',
        title: 'Isolate: reversible, the pods keep running',
        description:
          "Do not take the workload's pods out of its selector: the owner would start replacements from the same suspicious template.",
        steps: [...podIsolation(args, pod, false), cordonNode(args)],
      },
      {
        id: 'contain-stop',
        title: 'Stop: last, once every evidence step is done',
        description: 'Stopping the workload deletes its pods, and with them their memory, files and logs.',
        steps: [stopWorkload(args, kind, args.name)],
      },
    ],
    analyze: [ANALYZE_CHECKPOINT, ANALYZE_IMAGE, ANALYZE_NODE],
  };
}

/** Lists a workload's pods through its matchLabels, or a CronJob's Jobs and their pods. */
function listWorkloadPods(args: CommandArguments, kind: ResourceKind | undefined): CommandStep {
  const ns = inNamespace(args);
  if (kind?.stop === 'suspend-cronjob') {
    return {
      id: 'evidence-workload-pods',
      title: "List the CronJob's Jobs and their pods",
      description: 'A CronJob owns Jobs, and each Job labels its pods with job-name.',
      command: [
        `kubectl get jobs ${ns} -o jsonpath='{range .items[?(@.metadata.ownerReferences[0].name=="${args.name.text}")]}{.metadata.name}${NEWLINE}{end}'`,
        `kubectl get pods ${ns} -o wide -l job-name=<job>`,
      ].join('\n'),
    };
  }
  const path = kind?.matchLabels ?? '.spec.selector.matchLabels';
  const selector = `kubectl get ${kind?.kubectlName ?? '<kind>'} ${ns} ${args.name.word} -o go-template='{{range $k, $v := ${path}}}{{$k}}={{$v}},{{end}}' | sed 's/,$//'`;
  return {
    id: 'evidence-workload-pods',
    title: 'List its pods and the nodes they run on',
    description:
      "The command builds a label selector from the workload's matchLabels. A workload that also selects with matchExpressions selects fewer pods than this lists.",
    command: `kubectl get pods ${ns} -o wide -l "$(${selector})"`,
  };
}

// RBAC objects

function rbacPlan(subject: RunbookSubject, args: CommandArguments): ResponsePlan {
  const kind = subject.resource?.subject === 'rbac' ? subject.resource : undefined;
  const kindWord = kind?.kubectlName ?? '<kind>';
  const ns = kind === undefined || kind.namespaced ? ` ${inNamespace(args)}` : '';
  const target = `${kindWord}${ns} ${args.name.word}`;
  const binding = kind === undefined || kind.resource.endsWith('bindings');
  const stem = fileStem(kind?.kubectlName ?? 'rbac', args.name);

  const save: CommandStep = {
    id: 'evidence-rbac-object',
    title: `Save the ${kind?.kind ?? 'RBAC object'}`,
    description: binding
      ? 'The manifest keeps the role reference and the subjects as they are now; the wide listing shows them in one line.'
      : 'The manifest keeps the rules as they are now. The bindings listed next give those rules to their subjects.',
    command: [`kubectl get ${target} -o yaml > ${stem}.yaml`, binding ? `kubectl get ${target} -o wide` : undefined]
      .filter((line) => line !== undefined)
      .join('\n'),
  };
  const steps = [save];
  if (!binding && kind) {
    const roleRef = shellQuote(`${kind.kind}/${args.name.text}`);
    steps.push({
      id: 'evidence-rbac-bindings',
      title: `List the bindings that grant this ${kind.kind}`,
      description: 'The ROLE column of the wide listing names the role as Kind/name; the grep keeps those lines.',
      command: `kubectl get clusterrolebindings,rolebindings -A -o wide | grep -F -- ${roleRef}`,
    });
  }
  return {
    summary: `${kind?.kind ?? 'RBAC object'} ${args.name.text}${kind?.namespaced ? ` in namespace ${args.namespace.text}` : ''}`,
    evidence: [{ id: 'evidence-rbac', title: `Save the ${kind?.kind ?? 'RBAC object'}`, description: '', steps }],
    contain: [
      {
        id: 'contain-rbac',
        title: 'Remove the access it grants',
        description: '',
        steps: [
          {
            id: 'contain-rbac-remove',
            title: binding
              ? 'Delete the binding, or restore its previous version'
              : 'Delete the role, or restore its previous version',
            description:
              'Delete it if nobody you trust created it. If it existed before and the alert is about a change, apply the version from source control instead, ' +
              'or remove only the unexpected subjects or rules with kubectl edit. The change applies to the next request; ' +
              'requests already running, such as an open exec session or a watch, keep going.',
            command: `kubectl delete ${target}`,
          },
        ],
      },
    ],
    analyze: [],
  };
}

// Admission webhooks and policies

function admissionPlan(subject: RunbookSubject, args: CommandArguments): ResponsePlan {
  const kind = subject.resource?.subject === 'admission' ? subject.resource : undefined;
  const target = `${kind?.kubectlName ?? '<kind>'} ${args.name.word}`;
  const webhook = kind === undefined || kind.resource.endsWith('webhookconfigurations');
  const stem = fileStem(kind?.kubectlName ?? 'admission', args.name);
  const save = [`kubectl get ${target} -o yaml > ${stem}.yaml`];
  if (webhook) {
    save.push(
      `kubectl get ${target} -o jsonpath='{range .webhooks[*]}{.name}${TAB}{.clientConfig.service.namespace}/{.clientConfig.service.name}${TAB}{.clientConfig.url}${TAB}{.failurePolicy}${NEWLINE}{end}'`
    );
  }
  return {
    summary: `${kind?.kind ?? 'Admission webhook or policy'} ${args.name.text}`,
    evidence: [
      {
        id: 'evidence-admission',
        title: `Save the ${kind?.kind ?? 'webhook configuration or policy'}`,
        description: '',
        steps: [
          {
            id: 'evidence-admission-object',
            title: 'Save the manifest',
            description: webhook
              ? 'The second line lists each webhook with the service or URL it calls and its failure policy, the first things an attacker changes. ' +
                'If the object is already deleted, the audit log holds its last version where the audit policy records request bodies: see what else happened to this object under Investigate.'
              : 'If the object is already deleted, the audit log holds its last version where the audit policy records request bodies: see what else happened to this object under Investigate.',
            command: save.join('\n'),
          },
        ],
      },
    ],
    contain: [
      {
        id: 'contain-admission',
        title: 'Restore admission control',
        description: '',
        steps: [
          {
            id: 'contain-admission-restore',
            title: 'Delete what you did not create, restore what you did',
            description:
              'Delete a webhook or policy that nobody you trust created. For one of your own policy engine, apply the version from source control instead, ' +
              'because deleting it switches its checks off.',
            command: [`kubectl delete ${target}`, 'kubectl apply -f <manifest-from-source-control.yaml>'].join('\n'),
          },
        ],
      },
    ],
    analyze: [],
  };
}

// Containers outside Kubernetes

const DOCKER = '# Docker:';
const CONTAINERD = '# containerd, in the namespace that lists the container:';

function nodeContainerPlan(_subject: RunbookSubject, args: CommandArguments): ResponsePlan {
  const name = args.runtimeContainer;
  const stem = fileStem('container', name);
  const onNode = `# On the node ${args.node.text}, as root:`;
  return {
    summary: `Container ${name.text} (image ${args.image.text}) running on node ${args.node.text} without a pod`,
    evidence: [
      {
        id: 'evidence-node-container',
        title: 'Save the container, on its node',
        description:
          "kubectl cannot see this container. Log in to the node (SSH or your provider's node access) and run these steps as root.",
        steps: [
          {
            id: 'evidence-node-find',
            title: 'Find the container and its runtime',
            description:
              'Docker and containerd keep separate lists. ctr lists every containerd namespace; containers that Docker runs appear there under moby. ' +
              'Use the runtime and the namespace that list the container in the next steps.',
            command: [
              onNode,
              DOCKER,
              `docker ps -a --no-trunc --filter ${shellQuote(`name=${name.text}`)}`,
              `docker ps -a --no-trunc --filter ${shellQuote(`ancestor=${args.image.text}`)}`,
              CONTAINERD,
              'for ns in $(ctr namespaces list -q); do echo "== $ns"; ctr -n "$ns" containers list; done',
            ].join('\n'),
          },
          {
            id: 'evidence-node-inspect',
            title: 'Save its configuration, processes and logs',
            description:
              'The inspect output shows the image, mounts, privileges and host namespaces. containerd has no log store of its own, so ctr saves only the configuration.',
            command: [
              onNode,
              DOCKER,
              `docker inspect ${name.word} > ${stem}-inspect.json`,
              `docker top ${name.word} > ${stem}-processes.txt`,
              `docker logs --timestamps ${name.word} > ${stem}-logs.txt 2>&1`,
              CONTAINERD,
              `ctr -n <namespace> containers info ${name.word} > ${stem}-info.json`,
            ].join('\n'),
          },
          {
            id: 'evidence-node-filesystem',
            title: 'Copy its files',
            description:
              'docker export writes the container filesystem without its volumes, and docker diff lists what changed since the image. ' +
              'For containerd, read the files through /proc/<pid>/root with the PID that ctr task ls prints. ' +
              'To keep memory as well, pause the container under Contain rather than stopping it; a memory checkpoint needs CRIU ' +
              "(docker checkpoint create --leave-running, which needs the Docker daemon's experimental features).",
            command: [
              onNode,
              DOCKER,
              `docker export ${name.word} -o ${stem}-rootfs.tar`,
              `docker diff ${name.word} > ${stem}-diff.txt`,
              CONTAINERD,
              'ctr -n <namespace> task ls',
              `tar --one-file-system -C /proc/<pid>/root -czf ${stem}-rootfs.tar.gz .`,
              '# Both:',
              'sha256sum cordon-*',
            ].join('\n'),
          },
          {
            id: 'evidence-node-image',
            title: 'Save the image',
            description:
              'The image digest tells you exactly what ran, and the saved image lets you analyze it after the node is rebuilt.',
            command: [
              onNode,
              `docker image inspect ${args.image.word} > ${stem}-image.json`,
              `docker save ${args.image.word} -o ${stem}-image.tar`,
            ].join('\n'),
          },
        ],
      },
    ],
    contain: [
      {
        id: 'contain-isolate',
        title: 'Isolate: reversible, memory and files stay',
        description: '',
        steps: [
          {
            id: 'contain-node-pause',
            title: 'Pause the container',
            description:
              'Pausing freezes every process of the container and keeps its memory and files; unpause reverses it. Connections stay open but nothing in the container answers them.',
            command: [
              onNode,
              DOCKER,
              `docker pause ${name.word}`,
              CONTAINERD,
              `ctr -n <namespace> task pause ${name.word}`,
            ].join('\n'),
          },
          cordonNode(args),
        ],
      },
      {
        id: 'contain-stop',
        title: 'Stop: last, once every evidence step is done',
        description: 'Stopping the container ends its processes and loses their memory.',
        steps: [
          {
            id: 'contain-node-stop',
            title: 'Stop the container',
            description: 'Remove it only after its files and image are copied off the node.',
            command: [
              onNode,
              DOCKER,
              `docker stop ${name.word}`,
              CONTAINERD,
              `ctr -n <namespace> task kill ${name.word}`,
            ].join('\n'),
          },
        ],
      },
    ],
    analyze: [ANALYZE_IMAGE, ANALYZE_NODE],
  };
}

// Service accounts and users

function accountPlan(subject: RunbookSubject, args: CommandArguments): ResponsePlan {
  const account = args.serviceAccount;
  const summary = account
    ? `Service account ${account.name.text} in namespace ${account.namespace.text}`
    : `User ${args.user.text}`;
  const evidence = actorEvidence(args);
  if (subject.resource?.resource === 'serviceaccounts') {
    const stem = fileStem('serviceaccount', args.name);
    evidence.steps.unshift({
      id: 'evidence-account-object',
      title: 'Save the service account',
      description:
        'The manifest shows its secrets and image pull secrets; the audit log shows who requested tokens for it.',
      command: `kubectl get serviceaccount ${inNamespace(args)} ${args.name.word} -o yaml > ${stem}.yaml`,
    });
  }
  return { summary, evidence: [evidence], contain: [actorContainment(args, account)], analyze: [] };
}

/** Names a user in the wide binding listing: a service account as namespace/name, anyone else by name. */
function bindingSubject(args: CommandArguments, account = args.serviceAccount): string {
  return account ? shellQuote(`${account.namespace.text}/${account.name.text}`) : args.user.word;
}

function actorEvidence(args: CommandArguments): StepGroup {
  const account = args.serviceAccount;
  const who = account ? 'service account' : 'user';
  return {
    id: 'evidence-actor',
    title: `Record the access of the ${who}`,
    description: '',
    steps: [
      {
        id: 'evidence-actor-bindings',
        title: `List the bindings that name the ${who}`,
        description:
          'This reads the bindings without acting as the user. The wide listing names service accounts as namespace/name. ' +
          'Rights that come through groups, such as system:authenticated, appear under the group instead, and members of system:masters bypass RBAC altogether.',
        command: `kubectl get clusterrolebindings,rolebindings -A -o wide | grep -F -- ${bindingSubject(args, account)}`,
      },
      {
        id: 'evidence-actor-rights',
        title: `Optional: list the ${who}'s rights by impersonating it`,
        description:
          'kubectl auth can-i --list --as is an impersonation request. It needs the impersonate verb on that user, the audit log records it under your name, ' +
          "and for a privileged identity, such as a kube-system service account or a node, Cordon's own k8s-impersonation-privileged detection alerts on it. " +
          'Tell the other responders before you run it. For a user that is not a service account, add --as-group for each of its groups, or rights granted to groups are missing.',
        command: `kubectl auth can-i --list --as ${args.user.word} ${inNamespace(args)}`,
      },
    ],
  };
}

function actorContainment(args: CommandArguments, account: CommandArguments['serviceAccount']): StepGroup {
  if (account) {
    const ns = `-n ${account.namespace.word}`;
    return {
      id: 'contain-actor',
      title: 'Remove the access of the service account',
      description: '',
      steps: [
        {
          id: 'contain-actor-revoke',
          title: 'Remove its bindings and tokens',
          description:
            'Delete the bindings listed above that it should not have, and its long-lived token Secrets. ' +
            'A token mounted into a pod stops working when the pod is deleted. A token issued with kubectl create token stays valid until it expires, ' +
            'unless you delete the service account: tokens carry its UID, so a recreated account does not accept them.',
          command: [
            `kubectl get secrets ${ns} --field-selector type=kubernetes.io/service-account-token -o jsonpath='{range .items[*]}{.metadata.name}${TAB}{.metadata.annotations.kubernetes\\.io/service-account\\.name}${NEWLINE}{end}'`,
            `kubectl delete secret ${ns} <token-secret>`,
            'kubectl delete rolebinding -n <namespace> <binding>',
            'kubectl delete clusterrolebinding <binding>',
          ].join('\n'),
        },
      ],
    };
  }
  return {
    id: 'contain-actor',
    title: 'Remove the access of the user',
    description: '',
    steps: [
      {
        id: 'contain-actor-revoke',
        title: 'Remove its bindings and sign-in',
        description:
          'Delete the bindings listed above that name the user, and disable the user at its identity provider (OIDC) or cloud IAM. ' +
          'The API server does not check certificate revocation, so a client certificate stays valid until it expires; ' +
          'a leaked certificate in the system:masters group can only be shut out with a new cluster CA.',
        command: [
          'kubectl delete rolebinding -n <namespace> <binding>',
          'kubectl delete clusterrolebinding <binding>',
        ].join('\n'),
      },
    ],
  };
}

// Other objects

function objectPlan(_subject: RunbookSubject, args: CommandArguments): ResponsePlan {
  const resource = args.resource.text;
  const ns = args.namespace.known ? ` ${inNamespace(args)}` : '';
  const target = `${resource}${ns} ${args.name.word}`;
  const secret = resource === 'secrets';
  return {
    summary: `${resource} ${args.name.text}${args.namespace.known ? ` in namespace ${args.namespace.text}` : ''}`,
    evidence: [
      {
        id: 'evidence-object',
        title: 'Save the object',
        description: '',
        steps: [
          {
            id: 'evidence-object-manifest',
            title: 'Save the manifest',
            description:
              (secret ? 'The file holds the Secret values, so keep it as you keep secrets. ' : '') +
              'If the object is already deleted, the audit log holds its last version where the audit policy records request bodies: see what else happened to this object under Investigate.',
            command: `kubectl get ${target} -o yaml > ${fileStem('object', args.name)}.yaml`,
          },
        ],
      },
    ],
    contain: [],
    analyze: [],
  };
}

// Analysis

const ANALYZE_CHECKPOINT: CommandStep = {
  id: 'analyze-checkpoint',
  title: 'Examine the checkpoint',
  description:
    'Open the checkpoint archive on an isolated machine, never in the cluster. checkpointctl (from the CRIU project) shows its processes and mounts, ' +
    "the archive's rootfs-diff.tar holds the files the container changed, and the memory pages can be searched for strings such as addresses and keys.",
};

const ANALYZE_IMAGE: CommandStep = {
  id: 'analyze-image',
  title: 'Examine the image',
  description:
    'Pull the image by the digest recorded above into an isolated environment, scan it, and compare the digest with what your pipeline built.',
};

const ANALYZE_NODE: CommandStep = {
  id: 'analyze-node',
  title: 'Collect the node logs',
  description:
    "Save the node's kubelet and container runtime logs for the alert window (journalctl -u kubelet -u containerd, or -u crio) before log rotation removes them.",
};

const ANALYZE_ACTOR: CommandStep = {
  id: 'analyze-actor',
  title: 'Follow the user through the audit log',
  description:
    'Use the Explore links under Investigate to list what the user read, created and bound around the alert, starting from its first request in the window.',
};
