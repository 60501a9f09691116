
// NOTE: placeholder until the install action lands; the configuration page renders it.
export function InstallRules() {
  return null;
}
