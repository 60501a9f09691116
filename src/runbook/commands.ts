import { RunbookContext, describeValue } from './context';
import { KubernetesNameRule, NAME_RULE_TEXT, isKubernetesName, isRuntimeContainerName, shellQuote } from './shell';
import type { RunbookSubject } from './subject';

/** One runbook step: what to do and why, and the shell commands that do it. */
export interface CommandStep {
  id: string;
  title: string;
  /** The action and its reason, in one or two sentences. */
  description: string;
  /** Conditions, caveats and alternatives, one sentence or two each. */
  notes?: readonly string[];
  /** Commands, one per line, ready to paste; `<name>` marks a value the alert did not provide. */
  command?: string;
}

/** A value for a command: the shell word to paste, and the plain text for use inside a larger quoted word. */
export interface Argument {
  /** Shell-quoted value, or a `<placeholder>`. */
  word: string;
  /** The validated value, or the same placeholder. */
  text: string;
  /** The alert provided a usable value; false for a placeholder. */
  known: boolean;
}

/** A service account as namespace and name, from a user name such as system:serviceaccount:prod:default. */
export interface ServiceAccountArguments {
  namespace: Argument;
  name: Argument;
}

export interface CommandArguments {
  namespace: Argument;
  pod: Argument;
  container: Argument;
  node: Argument;
  user: Argument;
  image: Argument;
  /** The plural resource name of the object the alert is about, such as secrets. */
  resource: Argument;
  /** The name of the object the alert is about; for a pod alert from the audit log, the pod. */
  name: Argument;
  /** A container's runtime name or id, for containers outside Kubernetes (docker, ctr, crictl). */
  runtimeContainer: Argument;
  /** The user when it is a service account, else undefined. */
  serviceAccount?: ServiceAccountArguments;
  /** One sentence per value that was present but could not be used. */
  warnings: string[];
}

export function placeholder(name: string): Argument {
  return { word: `<${name}>`, text: `<${name}>`, known: false };
}

function quoted(value: string): Argument {
  return { word: shellQuote(value), text: value, known: true };
}

/** A scrape target such as 10.0.0.5:10250; Prometheus puts one in the instance label. */
const HOST_PORT = /^(.+):([0-9]{1,5})$/;

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * Turns the alert's values into command arguments. A name that breaks the rule of its kind cannot
 * be what the alert claims, so it becomes a placeholder with a warning instead of a broken
 * command. Every value is also shell-quoted, so none can add shell syntax.
 */
export function commandArguments(context: RunbookContext, subject: RunbookSubject): CommandArguments {
  const { values } = context;
  const warnings: string[] = [];

  const checked = (field: string, value: string | undefined, rule: KubernetesNameRule, what = field): Argument => {
    if (value === undefined) {
      return placeholder(field);
    }
    if (!isKubernetesName(value, rule)) {
      warnings.push(
        `The ${field} from the alert, ${describeValue(value)}, is not a valid Kubernetes ${what} name (${NAME_RULE_TEXT[rule]}), ` +
          `so the commands show <${field}>. Check the alert's labels before you run them.`
      );
      return placeholder(field);
    }
    return quoted(value);
  };

  const nodeContainer = subject.kind === 'node-container';
  const podFromName = values.pod === undefined && subject.resource?.subject === 'pod' ? values.name : undefined;
  const nameRule = subject.resource?.nameRule ?? 'path-segment';

  const args: CommandArguments = {
    namespace: checked('namespace', values.namespace, 'label'),
    pod: checked('pod', values.pod ?? podFromName, 'subdomain'),
    container: nodeContainer ? placeholder('container') : checked('container', values.container, 'label'),
    node: nodeArgument(values.node, warnings),
    user: values.user === undefined ? placeholder('user') : quoted(values.user),
    image: values.image === undefined ? placeholder('image') : quoted(values.image),
    resource: checked('resource', values.resource, 'label', 'resource'),
    name:
      nodeContainer || podFromName !== undefined
        ? placeholder('name')
        : checked('name', values.name, nameRule, subject.resource?.kind ?? 'object'),
    runtimeContainer: nodeContainer
      ? runtimeContainer(values.container ?? values.name, warnings)
      : placeholder('container'),
    warnings,
  };
  args.serviceAccount = serviceAccountOf(subject, args, values.user);
  return args;
}

/** Reads the node, dropping the port of a scrape address, because an instance label is host:port. */
function nodeArgument(value: string | undefined, warnings: string[]): Argument {
  if (value === undefined) {
    return placeholder('node');
  }
  const hostPort = HOST_PORT.exec(value);
  const host = hostPort ? hostPort[1] : value;
  if (!isKubernetesName(host, 'subdomain')) {
    warnings.push(
      `The node from the alert, ${describeValue(value)}, is not a valid Kubernetes node name (${NAME_RULE_TEXT.subdomain}), ` +
        "so the commands show <node>. Check the alert's labels before you run them."
    );
    return placeholder('node');
  }
  if (hostPort) {
    warnings.push(
      `The node from the alert, ${describeValue(value)}, is a scrape address, so the commands use its host ${describeValue(host)}. ` +
        'If that is an IP address rather than the node name, look the name up with kubectl get nodes -o wide.'
    );
  }
  return quoted(host);
}

function runtimeContainer(value: string | undefined, warnings: string[]): Argument {
  if (value === undefined) {
    return placeholder('container');
  }
  if (!isRuntimeContainerName(value)) {
    warnings.push(
      `The container name from the alert, ${describeValue(value)}, is not a name a container runtime accepts ` +
        '(letters, digits, "_", "." and "-", starting with a letter or digit), so the commands show <container>.'
    );
    return placeholder('container');
  }
  return quoted(value);
}

/** Finds the service account an account alert is about: the object it names, else the user. */
function serviceAccountOf(
  subject: RunbookSubject,
  args: CommandArguments,
  user: string | undefined
): ServiceAccountArguments | undefined {
  if (subject.resource?.resource === 'serviceaccounts') {
    return { namespace: args.namespace, name: args.name };
  }
  const match = user === undefined ? null : SERVICE_ACCOUNT_USER.exec(user);
  if (!match || !isKubernetesName(match[1], 'label') || !isKubernetesName(match[2], 'subdomain')) {
    return undefined;
  }
  return { namespace: quoted(match[1]), name: quoted(match[2]) };
}
