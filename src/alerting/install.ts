import { CATALOG } from '../detections/catalog';
import type { Detection } from '../detections/model';
import type { CordonSettings } from '../settings';
import { DataSourceUids } from './grafanaQueries';
import { GroupPlan, RulePlan, StoredRuleIndex, planGroup } from './installPlan';
import type { AlertRuleGroup, ProvisionedAlertRule } from './provisioningApi';
import { CordonRule, FOLDER_TITLE, FOLDER_UID, RuleDataSource, SkippedDetection, buildCordonRules } from './rules';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path on the Grafana server, such as /api/folders. */
  url: string;
  data?: unknown;
  headers?: Record<string, string>;
}

export interface HttpResponse<T = unknown> {
  status: number;
  data: T;
}

/** Sends requests to Grafana's HTTP API; resolves with the status for every HTTP response and rejects only when none arrives. */
export interface HttpClient {
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

export interface InstallOptions {
  /** Grafana's root URL, for absolute runbook links. */
  grafanaUrl: string;
  settings: CordonSettings;
  /** The signed-in user's organization. */
  orgId: number;
  /** Defaults to the whole catalog. */
  detections?: readonly Detection[];
}

export type GroupStatus = 'created' | 'updated' | 'unchanged' | 'failed';

export interface GroupResult {
  name: string;
  status: GroupStatus;
  message?: string;
  intervalChange?: { from: number; to: number };
}

export interface InstallReport {
  /** False for a preview, which reads and writes nothing. */
  applied: boolean;
  folderUid: string;
  /** Whether the folder Cordon was (or, in a preview, would be) created. */
  folderCreated: boolean;
  groups: GroupResult[];
  rules: RulePlan[];
  skipped: SkippedDetection[];
  /** Sentences for the user, such as a data source that is not configured. */
  notices: string[];
}

/** The user may not use the provisioning API; the message names the role that is needed. */
export class InstallPermissionError extends Error {
  constructor(action: string, status: number) {
    super(
      `Grafana rejected the request to ${action} (HTTP ${status}). Installing alert rules needs the Editor role or above, ` +
        'or the alerting provisioning permission alert.provisioning:write (fixed role fixed:alerting.provisioning:writer) ' +
        'together with permission to create folders. Ask a Grafana administrator to install the rules or to grant that access.'
    );
    this.name = 'InstallPermissionError';
  }
}

/** Grafana returned an unexpected status. */
export class InstallRequestError extends Error {
  constructor(action: string, response: HttpResponse) {
    super(`Could not ${action}: Grafana returned HTTP ${response.status}${grafanaMessage(response)}.`);
    this.name = 'InstallRequestError';
  }
}

function grafanaMessage(response: HttpResponse): string {
  const data = response.data as { message?: unknown } | string | undefined;
  const message = typeof data === 'string' ? data : data?.message;
  return typeof message === 'string' && message.trim() !== '' ? `: ${message.trim()}` : '';
}

function isDenied(status: number): boolean {
  return status === 401 || status === 403;
}

const FOLDER_ACTION = `find or create the folder "${FOLDER_TITLE}"`;

interface FolderLookup {
  uid: string;
  exists: boolean;
}

/**
 * Finds the Cordon folder: by its stable uid, or else by title, because Grafana's file
 * provisioning creates the folder "Cordon" with a uid of its own.
 */
async function findFolder(client: HttpClient): Promise<FolderLookup> {
  const byUid = await client.send<{ uid: string }>({ method: 'GET', url: `/api/folders/${FOLDER_UID}` });
  if (byUid.status === 200) {
    return { uid: byUid.data.uid ?? FOLDER_UID, exists: true };
  }
  if (isDenied(byUid.status)) {
    throw new InstallPermissionError(FOLDER_ACTION, byUid.status);
  }
  if (byUid.status !== 404) {
    throw new InstallRequestError(FOLDER_ACTION, byUid);
  }
  // NOTE: lists top-level folders only, which is where Cordon and file provisioning create it.
  const list = await client.send<Array<{ uid: string; title: string }>>({
    method: 'GET',
    url: '/api/folders?limit=1000',
  });
  if (isDenied(list.status)) {
    throw new InstallPermissionError(FOLDER_ACTION, list.status);
  }
  if (list.status !== 200) {
    throw new InstallRequestError(FOLDER_ACTION, list);
  }
  const match = (Array.isArray(list.data) ? list.data : []).find((folder) => folder.title === FOLDER_TITLE);
  return match ? { uid: match.uid, exists: true } : { uid: FOLDER_UID, exists: false };
}

async function createFolder(client: HttpClient): Promise<string> {
  const response = await client.send<{ uid: string }>({
    method: 'POST',
    url: '/api/folders',
    data: { uid: FOLDER_UID, title: FOLDER_TITLE },
  });
  if (isDenied(response.status)) {
    throw new InstallPermissionError(FOLDER_ACTION, response.status);
  }
  if (response.status !== 200) {
    throw new InstallRequestError(FOLDER_ACTION, response);
  }
  return response.data.uid ?? FOLDER_UID;
}

function groupUrl(folderUid: string, group: string): string {
  return `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(group)}`;
}

type StoredGroup = { group?: AlertRuleGroup; error?: string };

/** Reads one group; a missing group is normal, and an unexpected status is kept as that group's error. */
async function readGroup(client: HttpClient, folderUid: string, group: string): Promise<StoredGroup> {
  const action = `read rule group "${group}" in folder ${FOLDER_TITLE}`;
  const response = await client.send<AlertRuleGroup>({ method: 'GET', url: groupUrl(folderUid, group) });
  if (response.status === 404) {
    return {};
  }
  if (isDenied(response.status)) {
    throw new InstallPermissionError(action, response.status);
  }
  if (response.status !== 200) {
    return { error: new InstallRequestError(action, response).message };
  }
  return { group: { ...response.data, rules: response.data.rules ?? [] } };
}

/** Data source uids from the settings, and the kinds of rules that cannot be built without them. */
function dataSources(settings: CordonSettings): { uids: DataSourceUids; omit: RuleDataSource[]; notices: string[] } {
  const omit: RuleDataSource[] = [];
  const notices: string[] = [];
  if (!settings.lokiUid) {
    omit.push('loki');
    notices.push(
      'Log detections were left out: choose the Loki data source in the Cordon app settings, save, and install again.'
    );
  }
  if (!settings.prometheusUid) {
    omit.push('prometheus');
    notices.push(
      'Metric detections were left out: choose the Prometheus data source in the Cordon app settings, save, and install again.'
    );
  }
  return { uids: { lokiUid: settings.lokiUid ?? '', prometheusUid: settings.prometheusUid ?? '' }, omit, notices };
}

function groupStatus(plan: GroupPlan, existed: boolean): GroupStatus {
  if (!plan.payload) {
    return 'unchanged';
  }
  return existed ? 'updated' : 'created';
}

async function run(client: HttpClient, options: InstallOptions, apply: boolean): Promise<InstallReport> {
  const sources = dataSources(options.settings);
  const detections = options.detections ?? CATALOG;
  const { groups, skipped } = buildCordonRules({
    grafanaUrl: options.grafanaUrl,
    settings: options.settings,
    detections,
    omitDataSources: sources.omit,
  });

  const folder = await findFolder(client);
  const folderUid = folder.exists || !apply ? folder.uid : await createFolder(client);

  // Read every group first, so that a rule found in another Cordon group counts as moved, not new.
  const stored = new Map<string, StoredGroup>();
  for (const group of groups) {
    stored.set(group.name, folder.exists ? await readGroup(client, folderUid, group.name) : {});
  }
  const index: StoredRuleIndex = {
    byUid: new Map<string, ProvisionedAlertRule>(),
    desiredGroupOf: new Map(groups.flatMap((group) => group.rules.map((rule) => [rule.uid, group.name] as const))),
    catalogIds: new Set(detections.map((detection) => detection.id)),
  };
  for (const entry of stored.values()) {
    for (const rule of entry.group?.rules ?? []) {
      index.byUid.set(rule.uid, rule);
    }
  }

  const report: InstallReport = {
    applied: apply,
    folderUid,
    folderCreated: !folder.exists,
    groups: [],
    rules: [],
    skipped,
    notices: sources.notices,
  };
  for (const group of groups) {
    const { group: existing, error } = stored.get(group.name) ?? {};
    const plan = planGroup({ folderUid, group, uids: sources.uids, orgId: options.orgId }, existing, index);
    const failure =
      error ?? plan.blocked ?? (apply && plan.payload ? await writeGroup(client, folderUid, plan.payload) : undefined);
    if (failure) {
      report.groups.push({ name: group.name, status: 'failed', message: failure });
      report.rules.push(...failedRules(plan, group.rules));
      continue;
    }
    report.groups.push({
      name: group.name,
      status: groupStatus(plan, existing !== undefined),
      intervalChange: plan.intervalChange,
    });
    report.rules.push(...plan.rules);
  }
  return report;
}

/** Marks the rules of a group that could not be read or written as failed; rules Cordon only keeps stay `kept`. */
function failedRules(plan: GroupPlan, rules: readonly CordonRule[]): RulePlan[] {
  if (plan.rules.length === 0) {
    return rules.map((rule) => ({
      uid: rule.uid,
      title: rule.title,
      group: plan.name,
      outcome: 'failed',
      changes: [],
    }));
  }
  return plan.rules.map((rule) => (rule.outcome === 'kept' ? rule : { ...rule, outcome: 'failed' }));
}

/** PUTs one group; returns a message on failure and throws when the user lacks the rights. */
async function writeGroup(client: HttpClient, folderUid: string, payload: AlertRuleGroup): Promise<string | undefined> {
  const action = `write rule group "${payload.title}" in folder ${FOLDER_TITLE}`;
  const response = await client.send({
    method: 'PUT',
    url: groupUrl(folderUid, payload.title),
    data: payload,
    // Without this header Grafana marks the rules as provisioned and locks them in the UI.
    headers: { 'X-Disable-Provenance': 'true' },
  });
  if (isDenied(response.status)) {
    throw new InstallPermissionError(action, response.status);
  }
  return response.status === 200 ? undefined : new InstallRequestError(action, response).message;
}

/** Reports what an install would do, reading only; nothing in Grafana changes. */
export function previewAlertRuleInstall(client: HttpClient, options: InstallOptions): Promise<InstallReport> {
  return run(client, options, false);
}

/**
 * Installs every Cordon rule through the provisioning API: creates the folder when missing, then
 * PUTs each rule group that differs from what is stored. A second run finds nothing to change and
 * sends no write. Throws InstallPermissionError when the user lacks the rights; any other failure
 * is reported on its group and the remaining groups are still written.
 */
export function installAlertRules(client: HttpClient, options: InstallOptions): Promise<InstallReport> {
  return run(client, options, true);
}
