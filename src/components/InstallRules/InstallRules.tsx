import React, { useMemo, useState } from 'react';
import { config } from '@grafana/runtime';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import {
  HttpClient,
  InstallOptions,
  InstallReport,
  installAlertRules,
  previewAlertRuleInstall,
} from '../../alerting/install';
import type { CordonSettings } from '../../settings';
import { backendSrvClient } from './backendSrvClient';
import { InstallResult } from './InstallResult';

export interface InstallRulesProps {
  /** The saved, resolved settings; the rules query the data sources and selectors they name. */
  settings: CordonSettings;
  /** Defaults to Grafana's backend_srv; tests pass a fake. */
  client?: HttpClient;
}

type State =
  | { status: 'idle' }
  | { status: 'running'; action: 'preview' | 'install' }
  | { status: 'done'; report: InstallReport }
  | { status: 'error'; message: string };

/** Grafana's root URL for absolute runbook links: the configured root_url, or the page's own origin and sub path. */
function grafanaRootUrl(): string {
  return config.appUrl || `${window.location.origin}${config.appSubUrl ?? ''}`;
}

/**
 * Renders the "Install alert rules" action of the configuration page. It previews or installs one
 * Grafana-managed alert rule per detection in the folder Cordon, and shows per rule whether it
 * was created, updated or left unchanged.
 */
export function InstallRules({ settings, client }: InstallRulesProps) {
  const [state, setState] = useState<State>({ status: 'idle' });
  const http = useMemo(() => client ?? backendSrvClient(), [client]);

  const run = async (action: 'preview' | 'install') => {
    setState({ status: 'running', action });
    const options: InstallOptions = {
      grafanaUrl: grafanaRootUrl(),
      settings,
      orgId: config.bootData?.user?.orgId ?? 1,
    };
    try {
      const report =
        action === 'install' ? await installAlertRules(http, options) : await previewAlertRuleInstall(http, options);
      setState({ status: 'done', report });
    } catch (error) {
      setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const running = state.status === 'running';
  return (
    <Stack direction="column" gap={2}>
      <Text element="h3">Alert rules</Text>
      <Text element="p" color="secondary">
        Grafana alerting cannot query Cordon&apos;s data source, so each detection also becomes a Grafana-managed alert
        rule on your Loki or Prometheus data source, in the folder Cordon. Installing again updates the rules that
        changed, keeps rules you paused and leaves the others untouched. It needs the Editor role or above.
      </Text>
      <Stack direction="row" gap={1}>
        <Button variant="secondary" icon="eye" disabled={running} onClick={() => run('preview')}>
          {running && state.action === 'preview' ? 'Checking…' : 'Preview changes'}
        </Button>
        <Button variant="primary" icon="bell" disabled={running} onClick={() => run('install')}>
          {running && state.action === 'install' ? 'Installing…' : 'Install alert rules'}
        </Button>
      </Stack>
      {state.status === 'error' && (
        <Alert severity="error" title="Alert rules were not installed">
          {state.message}
        </Alert>
      )}
      {state.status === 'done' && <InstallResult report={state.report} />}
    </Stack>
  );
}
