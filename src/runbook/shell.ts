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

/** The two name rules Kubernetes applies (k8s.io/apimachinery validation): namespaces and containers are labels, pods and nodes subdomains. */
export type KubernetesNameRule = 'label' | 'subdomain';

export const NAME_RULE_TEXT: Record<KubernetesNameRule, string> = {
  label: 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
  subdomain:
    'lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
};

/** Checks a Kubernetes object name against the DNS-1123 rule its kind uses. */
export function isKubernetesName(value: string, rule: KubernetesNameRule): boolean {
  if (rule === 'label') {
    return value.length <= 63 && DNS1123_LABEL.test(value);
  }
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}
