import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildGrafanaProvisioningFile } from '../alerting/grafanaFile';
import { buildLokiRuleFile } from '../alerting/lokiRules';
import { buildPrometheusRuleFile } from '../alerting/prometheusRules';
import { CATALOG } from '../detections/catalog';
import { catalogMarkdown } from '../docs/catalogMarkdown';
import { EXIT, Io, UsageError, parsePositiveInteger } from './common';
import { loadSettings } from './config';

const TARGETS = ['grafana-rules', 'prometheus-rules', 'loki-rules', 'catalog'] as const;
type Target = (typeof TARGETS)[number];

/** Writes one of the rule outputs generated from the catalog to stdout or to --output. */
export async function runExport(args: string[], io: Io): Promise<number> {
  const [target, ...rest] = args;
  if (!TARGETS.includes(target as Target)) {
    throw new UsageError(`export needs a target: ${TARGETS.join(', ')}; got ${JSON.stringify(target ?? '')}.`);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: false,
    options: {
      'grafana-url': { type: 'string' },
      'loki-uid': { type: 'string' },
      'prometheus-uid': { type: 'string' },
      'org-id': { type: 'string', default: '1' },
      config: { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
  });
  if (positionals.length > 0) {
    throw new UsageError(`export takes no paths; got ${positionals.join(' ')}.`);
  }
  if (target === 'catalog') {
    return writeOutput(catalogMarkdown(CATALOG), values.output, target, io);
  }
  if (values['grafana-url'] === undefined) {
    throw new UsageError(
      'export needs --grafana-url, the address your users open Grafana at (for example https://grafana.example.com): ' +
        'every alert carries an absolute runbook link, which is clicked in chat, e-mail or a pager.'
    );
  }
  const settings = await loadSettings(values.config);
  const grafanaUrl = values['grafana-url'];
  let text = '';
  try {
    switch (target as Target) {
      case 'grafana-rules':
        text = buildGrafanaProvisioningFile({
          grafanaUrl,
          settings,
          lokiUid: values['loki-uid'] ?? settings.lokiUid,
          prometheusUid: values['prometheus-uid'] ?? settings.prometheusUid,
          orgId: parsePositiveInteger(values['org-id']!, '--org-id'),
        });
        break;
      case 'prometheus-rules':
        text = buildPrometheusRuleFile({ grafanaUrl, settings });
        break;
      case 'loki-rules':
        text = buildLokiRuleFile({ grafanaUrl, settings });
        break;
    }
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  for (const line of text.split('\n').filter((entry) => entry.startsWith('# Skipped '))) {
    io.stderr(`cordon: ${line.slice(2)}\n`);
  }
  return writeOutput(text, values.output, target, io);
}

async function writeOutput(text: string, output: string | undefined, target: string, io: Io): Promise<number> {
  if (output) {
    try {
      await fs.writeFile(output, text);
    } catch (error) {
      throw new Error(`Cannot write ${target} to ${output}: ${(error as Error).message}. Check that the folder exists and is writable.`);
    }
    io.stderr(`cordon: wrote ${target} to ${output}.\n`);
  } else {
    io.stdout(text);
  }
  return EXIT.ok;
}
