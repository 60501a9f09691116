/**
 * MITRE ATT&CK tactics and techniques that the catalog uses, with ids and names as of ATT&CK
 * v19, which split Defense Evasion into Stealth and Defense Impairment (TA0112) and moved
 * T1562.001 Disable or Modify Tools to T1685.
 */
export interface Tactic {
  /** NOTE: the id of the Stealth tactic was not confirmed, so it is left out. */
  id?: string;
  name: string;
}

export const TACTICS = {
  initialAccess: { id: 'TA0001', name: 'Initial Access' },
  execution: { id: 'TA0002', name: 'Execution' },
  persistence: { id: 'TA0003', name: 'Persistence' },
  privilegeEscalation: { id: 'TA0004', name: 'Privilege Escalation' },
  credentialAccess: { id: 'TA0006', name: 'Credential Access' },
  stealth: { name: 'Stealth' },
  defenseImpairment: { id: 'TA0112', name: 'Defense Impairment' },
  commandAndControl: { id: 'TA0011', name: 'Command and Control' },
  exfiltration: { id: 'TA0010', name: 'Exfiltration' },
} as const satisfies Record<string, Tactic>;

export interface Technique {
  id: string;
  name: string;
  tactic: Tactic;
  /** Ids of the same technique in earlier ATT&CK versions, which tools on those versions still report. */
  formerIds?: readonly string[];
}

const technique = (id: string, name: string, tactic: Tactic, formerIds?: readonly string[]): Technique =>
  formerIds ? { id, name, tactic, formerIds } : { id, name, tactic };

export const TECHNIQUES = {
  deployContainer: technique('T1610', 'Deploy Container', TACTICS.execution),
  escapeToHost: technique('T1611', 'Escape to Host', TACTICS.privilegeEscalation),
  containerAdministrationCommand: technique('T1609', 'Container Administration Command', TACTICS.execution),
  unixShell: technique('T1059.004', 'Command and Scripting Interpreter: Unix Shell', TACTICS.execution),
  ingressToolTransfer: technique('T1105', 'Ingress Tool Transfer', TACTICS.commandAndControl),
  applicationLayerProtocol: technique('T1071', 'Application Layer Protocol', TACTICS.commandAndControl),
  nonApplicationLayerProtocol: technique('T1095', 'Non-Application Layer Protocol', TACTICS.commandAndControl),
  protocolTunneling: technique('T1572', 'Protocol Tunneling', TACTICS.commandAndControl),
  indicatorRemoval: technique('T1070', 'Indicator Removal', TACTICS.stealth),
  clearSystemLogs: technique('T1070.002', 'Indicator Removal: Clear Linux or Mac System Logs', TACTICS.stealth),
  clearCommandHistory: technique('T1070.003', 'Indicator Removal: Clear Command History', TACTICS.stealth),
  obfuscatedFilesOrInformation: technique('T1027', 'Obfuscated Files or Information', TACTICS.stealth),
  disableOrModifyTools: technique('T1685', 'Disable or Modify Tools', TACTICS.defenseImpairment, ['T1562.001']),
  additionalClusterRoles: technique('T1098.006', 'Account Manipulation: Additional Container Cluster Roles', TACTICS.persistence),
  validAccounts: technique('T1078', 'Valid Accounts', TACTICS.privilegeEscalation),
  defaultAccounts: technique('T1078.001', 'Valid Accounts: Default Accounts', TACTICS.initialAccess),
  stealApplicationAccessToken: technique('T1528', 'Steal Application Access Token', TACTICS.credentialAccess),
  externalRemoteServices: technique('T1133', 'External Remote Services', TACTICS.persistence),
  containerOrchestrationJob: technique('T1053.007', 'Scheduled Task/Job: Container Orchestration Job', TACTICS.persistence),
  exfiltrationOverAlternativeProtocol: technique('T1048', 'Exfiltration Over Alternative Protocol', TACTICS.exfiltration),
} as const satisfies Record<string, Technique>;

/** The strategy as a whole: adversaries acquire container infrastructure to hide in. */
export const STRATEGY_TECHNIQUE = technique('T1583.004', 'Acquire Infrastructure: Server', { id: 'TA0042', name: 'Resource Development' });

/** Builds the attack.mitre.org address of a technique, sub-techniques as T1070/003. */
export function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}
