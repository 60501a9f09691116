import { parse, stringify } from 'yaml';

interface Route {
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
}

interface Receiver {
  name: string;
  pagerduty_configs?: Array<{ url?: string }>;
  slack_configs?: Array<{ api_url?: string }>;
  webhook_configs?: Array<{ url?: string; send_resolved?: boolean }>;
}

export interface AdaptOptions {
  /** Base URL of the test's webhook receiver; each notifier posts to <base>/<receiver>/<notifier>. */
  webhookUrl: string;
  /** Absolute glob of the template files, because the adapted file lives in another folder. */
  templates: string;
  /** Route timers for tests: group_wait and group_interval; the shipped values apply when unset. */
  groupWait?: string;
  groupInterval?: string;
}

/**
 * Adapts the shipped Alertmanager configuration for a local run: every notifier posts to the
 * webhook receiver, each receiver also gets a plain webhook (so the test reads labels and
 * annotations as JSON), and the templates are read from their absolute path. Routing,
 * inhibition and templates stay as shipped.
 */
export function adaptAlertmanagerConfig(shipped: string, options: AdaptOptions): string {
  const config = parse(shipped) as { templates?: string[]; route: Route; receivers: Receiver[] };
  config.templates = [options.templates];
  for (const receiver of config.receivers) {
    const base = `${options.webhookUrl}/${receiver.name}`;
    for (const notifier of receiver.pagerduty_configs ?? []) {
      notifier.url = `${base}/pagerduty`;
    }
    for (const notifier of receiver.slack_configs ?? []) {
      notifier.api_url = `${base}/slack`;
    }
    for (const notifier of receiver.webhook_configs ?? []) {
      notifier.url = `${base}/webhook`;
    }
    if (!receiver.webhook_configs) {
      receiver.webhook_configs = [{ url: `${base}/webhook`, send_resolved: true }];
    }
  }
  setTimers(config.route, options);
  return stringify(config, { lineWidth: 0 });
}

function setTimers(route: Route, options: AdaptOptions): void {
  if (options.groupWait) {
    route.group_wait = options.groupWait;
  }
  if (options.groupInterval) {
    route.group_interval = options.groupInterval;
  }
  for (const child of route.routes ?? []) {
    setTimers(child, options);
  }
}
