import { RunbookContext, describeValue } from './context';
import { KubernetesNameRule, NAME_RULE_TEXT, isKubernetesName, shellQuote } from './shell';

/** One runbook step: what to do and why, and the shell commands that do it. */
export interface CommandStep {
  id: string;
  title: string;
  description: string;
  /** Commands, one per line, ready to paste; `<name>` marks a value the alert did not provide. */
  command?: string;
}

/** A value for a command: the shell word to paste, and the plain text for use inside a larger quoted word. */
interface Argument {
  /** Shell-quoted value, or a `<placeholder>`. */
  word: string;
  /** The validated value, or the same placeholder. */
  text: string;
}

export interface CommandArguments {
  namespace: Argument;
  pod: Argument;
  container: Argument;
  node: Argument;
  user: Argument;
  /** The node came from the alert, so no lookup step is needed. */
  nodeKnown: boolean;
  /** One sentence per value that was present but could not be used. */
  warnings: string[];
}

const NAME_RULES = {
  namespace: 'label',
  pod: 'subdomain',
  container: 'label',
  node: 'subdomain',
} as const satisfies Record<string, KubernetesNameRule>;

function placeholder(name: string): Argument {
  return { word: `<${name}>`, text: `<${name}>` };
}

/**
 * Turns the alert's values into command arguments. A name that is not a valid Kubernetes name
 * cannot be what the alert claims, so it becomes a placeholder with a warning instead of a
 * broken command. Every value is also shell-quoted, so none can add shell syntax.
 */
export function commandArguments(context: RunbookContext): CommandArguments {
  const warnings: string[] = [];
  const name = (field: keyof typeof NAME_RULES): Argument => {
    const value = context.values[field];
    if (value === undefined) {
      return placeholder(field);
    }
    const rule = NAME_RULES[field];
    if (!isKubernetesName(value, rule)) {
      warnings.push(
        `The ${field} from the alert, ${describeValue(value)}, is not a valid Kubernetes ${field} name (${NAME_RULE_TEXT[rule]}), ` +
          `so the commands show <${field}>. Check the alert's labels before you run them.`
      );
      return placeholder(field);
    }
    return { word: shellQuote(value), text: value };
  };
  const user = context.values.user;
  return {
    namespace: name('namespace'),
    pod: name('pod'),
    container: name('container'),
    node: name('node'),
    user: user === undefined ? placeholder('user') : { word: shellQuote(user), text: user },
    nodeKnown: context.values.node !== undefined && isKubernetesName(context.values.node, 'subdomain'),
    warnings,
  };
}

/** The label that marks a quarantined pod; the NetworkPolicy below selects it. */
export const QUARANTINE_LABEL = 'cordon.io/quarantine';

const OWNER_REFERENCES = `-o jsonpath='{range .metadata.ownerReferences[*]}{.kind}{"/"}{.name}{"\\n"}{end}'`;

/** Steps that save what a deletion or restart would destroy; they come before any containment. */
export function evidenceSteps(args: CommandArguments): CommandStep[] {
  const pod = `-n ${args.namespace.word} ${args.pod.word}`;
  return [
    {
      id: 'evidence-logs',
      title: 'Save the container logs',
      description:
        'Logs of every container, with timestamps, including the previous instance of a restarted container.',
      command: [
        `kubectl logs ${pod} --all-containers --timestamps --prefix > cordon-pod.log`,
        `kubectl logs ${pod} --all-containers --timestamps --prefix --previous > cordon-pod-previous.log`,
      ].join('\n'),
    },
    {
      id: 'evidence-manifest',
      title: 'Save the pod description and manifest',
      description:
        'The description keeps recent events; the manifest keeps the spec, owner, node and status as they are now.',
      command: [
        `kubectl describe pod ${pod} > cordon-pod-describe.txt`,
        `kubectl get pod ${pod} -o yaml > cordon-pod.yaml`,
      ].join('\n'),
    },
    {
      id: 'evidence-digest',
      title: 'Record the image digests',
      description: 'The image ID is the digest that actually ran; a tag can be moved to another image later.',
      command: `kubectl get pod ${pod} -o jsonpath='{range .status.containerStatuses[*]}{.name}{"\\t"}{.image}{"\\t"}{.imageID}{"\\n"}{end}'`,
    },
  ];
}

/** Steps that isolate the pod, stop its workload and keep new pods off its node. */
export function containSteps(args: CommandArguments): CommandStep[] {
  const pod = `-n ${args.namespace.word} ${args.pod.word}`;
  const nodeLookup = args.nodeKnown ? [] : [`kubectl get pod ${pod} -o jsonpath='{.spec.nodeName}{"\\n"}'`];
  return [
    {
      id: 'contain-labels',
      title: "Read the pod's labels",
      description: 'The labels show which workload and which other pods a selector on them would reach.',
      command: `kubectl get pod ${pod} -o jsonpath='{.metadata.labels}{"\\n"}'`,
    },
    {
      id: 'contain-network-policy',
      title: 'Isolate the pod with a deny-all NetworkPolicy',
      description:
        `Label the pod ${QUARANTINE_LABEL}=true and apply a policy that selects that label and allows no ingress and no egress. ` +
        'To isolate every replica instead, put the labels from the previous step under matchLabels. ' +
        'A NetworkPolicy takes effect only where the network plugin enforces it (Calico and Cilium do).',
      command: [
        `kubectl label pod ${pod} ${QUARANTINE_LABEL}=true`,
        `kubectl apply -n ${args.namespace.word} -f - <<'EOF'`,
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
    {
      id: 'contain-cordon-node',
      title: 'Cordon the node',
      description: args.nodeKnown
        ? 'Cordoning keeps new pods off the node the container ran on, while you check the node itself.'
        : 'Find the node the pod runs on, then cordon it, so that no new pods are scheduled there while you check it.',
      command: [...nodeLookup, `kubectl cordon ${args.node.word}`].join('\n'),
    },
    {
      id: 'contain-owner',
      title: "Find the pod's owner",
      description:
        'A Deployment owns its pods through a ReplicaSet, so look up the owner of the ReplicaSet too. A pod without an owner is a bare pod.',
      command: [
        `kubectl get pod ${pod} ${OWNER_REFERENCES}`,
        `kubectl get replicaset -n ${args.namespace.word} <replicaset> ${OWNER_REFERENCES}`,
      ].join('\n'),
    },
    {
      id: 'contain-scale',
      title: 'Stop the workload once the evidence is saved',
      description:
        'Scaling to zero deletes the pods, so save the evidence first. Run the line for the kind of owner you found: ' +
        'a DaemonSet cannot be scaled, so give it a node selector no node has; a CronJob is suspended; a bare pod is deleted.',
      command: [
        `kubectl scale -n ${args.namespace.word} deployment/<deployment> --replicas=0`,
        `kubectl scale -n ${args.namespace.word} statefulset/<statefulset> --replicas=0`,
        `kubectl patch daemonset -n ${args.namespace.word} <daemonset> --type merge -p '{"spec":{"template":{"spec":{"nodeSelector":{"${QUARANTINE_LABEL}":"no-node"}}}}}'`,
        `kubectl patch cronjob -n ${args.namespace.word} <cronjob> --type merge -p '{"spec":{"suspend":true}}'`,
        `kubectl delete pod ${pod}`,
      ].join('\n'),
    },
  ];
}

/** Builds the forensic checklist, with a command only where one command does the job. */
export function forensicsChecklist(args: CommandArguments): CommandStep[] {
  const checkpointUrl = `https://${args.node.text}:10250/checkpoint/${args.namespace.text}/${args.pod.text}/${args.container.text}`;
  return [
    {
      id: 'forensics-logs',
      title: 'Logs',
      description:
        "Keep the container logs saved above, and collect the node's container runtime and kubelet logs for the same time window.",
    },
    {
      id: 'forensics-image',
      title: 'Image digest',
      description:
        'Pull the image by the digest recorded above into an isolated environment, scan it, and compare the digest with what your pipeline built.',
    },
    {
      id: 'forensics-checkpoint',
      title: 'Container checkpoint',
      description:
        'Where the cluster supports it, ask the kubelet for a checkpoint of the running container before it is stopped: ' +
        'Kubernetes 1.25 or later with the ContainerCheckpoint feature gate (beta and on by default since 1.30), and a container runtime ' +
        'that implements checkpointing, such as CRI-O. The kubelet writes a tar archive under /var/lib/kubelet/checkpoints/ on the node. ' +
        'The archive holds every memory page of the container, secrets included, so keep it as you keep secrets. ' +
        'The request needs a client certificate the kubelet accepts.',
      command: `curl -sS -X POST --cacert <kubelet-ca.crt> --cert <client.crt> --key <client.key> ${shellQuote(checkpointUrl)}`,
    },
    {
      id: 'forensics-actor',
      title: 'Audit trail of the actor',
      description:
        'Follow the actor through the Kubernetes audit log (the Explore links under Investigate), then list what it is still allowed to do; remove any access it gained.',
      command: `kubectl auth can-i --list --as ${args.user.word} -n ${args.namespace.word}`,
    },
  ];
}
