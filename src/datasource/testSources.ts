import type { TestDataSourceResponse } from '@grafana/data';
import type { DataSourceSrv } from '@grafana/runtime';
import type { CordonSettings } from '../settings';
import { pickSourceHint } from './plan';

interface SourceCheck {
  ok: boolean;
  message: string;
}

function checkSource(name: 'Loki' | 'Prometheus', type: string, uid: string | undefined, dataSourceSrv: DataSourceSrv, needs: string): SourceCheck {
  if (!uid) {
    return { ok: false, message: `No ${name} data source is selected, so ${needs} cannot run. ${pickSourceHint(name)}` };
  }
  const instance = dataSourceSrv.getInstanceSettings(uid);
  if (!instance) {
    return { ok: false, message: `The ${name} data source with uid ${JSON.stringify(uid)} was not found or you cannot query it. ${pickSourceHint(name)}` };
  }
  if (instance.type !== type) {
    return {
      ok: false,
      message: `The data source ${JSON.stringify(instance.name)} (uid ${JSON.stringify(uid)}) is of type ${instance.type}, not ${name}. ${pickSourceHint(name)}`,
    };
  }
  return { ok: true, message: `${name}: ${JSON.stringify(instance.name)}.` };
}

/**
 * Checks that the Loki and Prometheus data sources selected in the app settings exist and have
 * the right type. One missing source is a warning, since the detections of the other still run.
 */
export function testSources(settings: CordonSettings, dataSourceSrv: DataSourceSrv): TestDataSourceResponse {
  const checks = [
    checkSource('Loki', 'loki', settings.lokiUid, dataSourceSrv, 'log detections and the audit, Falco and runtime coverage checks'),
    checkSource('Prometheus', 'prometheus', settings.prometheusUid, dataSourceSrv, 'metric detections and the cAdvisor and kube-state-metrics coverage checks'),
  ];
  const failed = checks.filter((check) => !check.ok).length;
  const message = checks.map((check) => check.message).join(' ');
  if (failed === 0) {
    return { status: 'success', message: `Cordon reads the app settings and queries these data sources. ${message}` };
  }
  return { status: failed === checks.length ? 'error' : 'warning', message };
}
