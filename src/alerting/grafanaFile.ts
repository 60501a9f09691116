import { stringify } from 'yaml';
import { CordonSettings, resolveSettings } from '../settings';
import {
  CONDITION_REF_ID,
  DataSourceUids,
  EXEC_ERR_STATE,
  NO_DATA_STATE,
  checkDataSourceUid,
  grafanaAlertQueries,
} from './grafanaQueries';
import { normalizeGrafanaUrl } from './metadata';
import { CordonRule, FOLDER_TITLE, SkippedDetection, buildCordonRules } from './rules';

/** Data source uids that the compose stack provisions, used when none are given. */
export const DEFAULT_DATA_SOURCE_UIDS: DataSourceUids = { lokiUid: 'loki', prometheusUid: 'prometheus' };

export interface GrafanaProvisioningFileOptions {
  /** Grafana's root URL, for absolute runbook links. */
  grafanaUrl: string;
  /** Defaults to `loki`. */
  lokiUid?: string;
  /** Defaults to `prometheus`. */
  prometheusUid?: string;
  settings: CordonSettings;
  /** Grafana organization id; defaults to 1. */
  orgId?: number;
}

/**
 * Grafana expands environment variables in provisioning files: `$NAME` and `${NAME}` in titles
 * and labels, where `$$` is a literal `$` (pkg/services/provisioning/values/values.go).
 * Annotations go through ValueWithBracedVars (rules_types.go), which keeps `{{ $labels.x }}`.
 * NOTE: only the name of ValueWithBracedVars was read, so `${` in annotations is rejected outright.
 */
function escapeDollars(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

function checkAnnotations(rule: CordonRule): Record<string, string> {
  for (const [name, value] of Object.entries(rule.annotations)) {
    if (value.includes('${')) {
      throw new Error(
        `Detection ${rule.detectionId}: annotation ${name} contains "\${", which Grafana file provisioning replaces ` +
          'with an environment variable. Reword the text without "${".'
      );
    }
  }
  return rule.annotations;
}

function fileRule(rule: CordonRule, uids: DataSourceUids) {
  const labels = Object.fromEntries(Object.entries(rule.labels).map(([name, value]) => [name, escapeDollars(value)]));
  return {
    uid: rule.uid,
    title: escapeDollars(rule.title),
    condition: CONDITION_REF_ID,
    data: grafanaAlertQueries(rule, uids),
    noDataState: NO_DATA_STATE,
    execErrState: EXEC_ERR_STATE,
    for: rule.for,
    labels,
    annotations: checkAnnotations(rule),
    isPaused: false,
  };
}

/** Tells whether settings change the rules: anything but the data source uids differs from the defaults. */
function hasCustomRuleSettings(settings: CordonSettings): boolean {
  const { lokiUid, prometheusUid, ...ruleSettings } = settings;
  return JSON.stringify(ruleSettings) !== JSON.stringify(resolveSettings(undefined));
}

function regenerateCommand(grafanaUrl: string, uids: DataSourceUids, orgId: number, customSettings: boolean): string {
  const orgOption = orgId === 1 ? '' : ` --org-id ${orgId}`;
  const configOption = customSettings ? ' --config SETTINGS.json' : '';
  return `  npx cordon export grafana-rules --grafana-url ${grafanaUrl} --loki-uid ${uids.lokiUid} --prometheus-uid ${uids.prometheusUid}${orgOption}${configOption}`;
}

function header(grafanaUrl: string, uids: DataSourceUids, orgId: number, settings: CordonSettings, skipped: SkippedDetection[]): string {
  const customSettings = hasCustomRuleSettings(settings);
  const lines = [
    'Cordon alert rules for Grafana file provisioning (provisioning/alerting/*.yaml).',
    'Generated from the detection catalog; do not edit by hand. Regenerate with:',
    regenerateCommand(grafanaUrl, uids, orgId, customSettings),
    ...(customSettings ? ['where SETTINGS.json is the settings file these rules were built with: its selectors and tuning are in the queries.'] : []),
    ...skipped.map((entry) => `Skipped ${entry.detectionId}: ${entry.reason.replace(/[\s\u0085]+/g, ' ')}`),
  ];
  return lines.map((line) => `# ${line}`.trimEnd()).join('\n');
}

/**
 * Builds the YAML file that provisions every Cordon rule into Grafana at start-up: one group per
 * kind of telemetry in the folder "Cordon". Field names follow Grafana's file format
 * (AlertRuleGroupV1 and AlertRuleV1 in pkg/services/provisioning/alerting/rules_types.go), which
 * differs from the HTTP API: `interval` and `for` are duration strings and the folder is a title.
 * NOTE: Grafana keeps the rule of a detection that left the catalog; only a `deleteRules` entry removes it.
 */
export function buildGrafanaProvisioningFile(options: GrafanaProvisioningFileOptions): string {
  const grafanaUrl = normalizeGrafanaUrl(options.grafanaUrl, 'Grafana provisioning file');
  const uids: DataSourceUids = {
    lokiUid: checkDataSourceUid(options.lokiUid ?? DEFAULT_DATA_SOURCE_UIDS.lokiUid, 'Loki data source uid'),
    prometheusUid: checkDataSourceUid(
      options.prometheusUid ?? DEFAULT_DATA_SOURCE_UIDS.prometheusUid,
      'Prometheus data source uid'
    ),
  };
  const { groups, skipped } = buildCordonRules({ grafanaUrl, settings: options.settings });
  const file = {
    apiVersion: 1,
    groups: groups.map((group) => ({
      orgId: options.orgId ?? 1,
      name: group.name,
      folder: FOLDER_TITLE,
      interval: group.interval,
      rules: group.rules.map((rule) => fileRule(rule, uids)),
    })),
  };
  // YAML 1.1 quotes yes, no, on and off, which older YAML readers take for booleans.
  return `${header(grafanaUrl, uids, options.orgId ?? 1, options.settings, skipped)}\n${stringify(file, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false })}`;
}
