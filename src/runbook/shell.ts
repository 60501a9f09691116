/**
 * Quotes a value as one POSIX shell word: single quotes keep every character literal
 * ($, `, ;, newlines, backslashes), and a single quote inside ends the quoted part, adds an
 * escaped quote and reopens it ('\'').
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Name rules of k8s.io/apimachinery validation: namespaces and containers are DNS-1123 labels; pods,
 * nodes and most objects DNS-1123 subdomains. RBAC objects only need a path segment name, which
 * allows names such as system:node-proxier.
 */
export type KubernetesNameRule = 'label' | 'subdomain' | 'path-segment';

export const NAME_RULE_TEXT: Record<KubernetesNameRule, string> = {
  label: 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
  subdomain:
    'lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
  'path-segment': 'any printable characters except "/" and "%", and not "." or ".."',
};

/** Whitespace, control characters and format characters such as bidirectional overrides. */
const CONTROL_OR_SPACE = /[\s\p{Cc}\p{Cf}]/u;

/**
 * Checks a Kubernetes object name against the rule its kind uses. Apimachinery's path segment
 * rule also accepts control characters and whitespace. This check rejects them, because no real
 * object has them and they would hide in a command.
 */
export function isKubernetesName(value: string, rule: KubernetesNameRule): boolean {
  switch (rule) {
    case 'label':
      return value.length <= 63 && DNS1123_LABEL.test(value);
    case 'subdomain':
      return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
    case 'path-segment':
      return value !== '' && value !== '.' && value !== '..' && !/[/%]/.test(value) && !CONTROL_OR_SPACE.test(value);
  }
}

/** Docker's container name rule; containerd ids follow a narrower one, so both pass. */
const RUNTIME_CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,253}$/;

/** Checks a container name or id as the container runtime (docker, ctr, crictl) takes it. */
export function isRuntimeContainerName(value: string): boolean {
  return RUNTIME_CONTAINER_NAME.test(value);
}
