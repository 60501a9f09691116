/**
 * The falcosecurity/rules files that the default rule names were copied from. The three
 * release tags and the archive path all point at commit 6cbb113 of 2026-05-20.
 */
export const FALCO_RULES_FILES = {
  stable: 'https://github.com/falcosecurity/rules/blob/falco-rules-5.1.0/rules/falco_rules.yaml',
  incubating: 'https://github.com/falcosecurity/rules/blob/falco-incubating-rules-6.0.1/rules/falco-incubating_rules.yaml',
  sandbox: 'https://github.com/falcosecurity/rules/blob/falco-sandbox-rules-6.1.0/rules/falco-sandbox_rules.yaml',
  archived: 'https://github.com/falcosecurity/rules/blob/6cbb113dd3fbcaf157c077414a57d2180f3e0eec/archive/falco-deprecated_rules.yaml',
} as const;

/** The version sentence that every Falco detection's description ends with. */
export const FALCO_RULES_VERSION =
  'Default rule names are taken from falcosecurity/rules falco-rules 5.1.0, falco-incubating-rules 6.0.1 and falco-sandbox-rules 6.1.0.';
