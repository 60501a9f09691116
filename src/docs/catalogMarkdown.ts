import { techniqueUrl } from '../detections/attack';
import type { Detection } from '../detections/model';
import { TELEMETRY_NAMES } from '../detections/telemetry';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/**
 * Renders the catalog as Markdown for docs/detections.md: a summary table, then one section per
 * detection with its description, benign look-alikes, tuning parameters and response steps, all
 * read from the definitions.
 */
export function catalogMarkdown(detections: readonly Detection[]): string {
  const lines: string[] = [
    '# Detection catalog',
    '',
    'Generated from the detection definitions by `npx cordon export catalog`; do not edit by hand.',
    '',
    '| Detection | Severity | ATT&CK | Telemetry |',
    '|---|---|---|---|',
  ];
  for (const detection of detections) {
    const technique = `[${detection.technique.id}](${techniqueUrl(detection.technique.id)}) ${detection.technique.name}`;
    lines.push(`| [${escapeCell(detection.title)}](#${detection.id}) | ${detection.severity} | ${escapeCell(technique)} | ${TELEMETRY_NAMES[detection.telemetry]} |`);
  }
  for (const detection of detections) {
    lines.push('', `## ${detection.id}`, '', `**${detection.title}**: ${detection.severity}, ${detection.technique.id} ${detection.technique.name} (${detection.technique.tactic.name}), reads ${TELEMETRY_NAMES[detection.telemetry]}.`, '', detection.description);
    lines.push('', 'Benign look-alikes:', '', ...detection.falsePositives.map((entry) => `- ${entry}`));
    if (detection.tuning.length > 0) {
      lines.push('', 'Tuning:', '');
      for (const parameter of detection.tuning) {
        const value = Array.isArray(parameter.default) ? (parameter.default.length > 0 ? parameter.default.map((item) => `\`${item}\``).join(', ') : 'empty') : `\`${String(parameter.default)}\``;
        lines.push(`- \`${parameter.name}\` (${parameter.kind}, default ${value}): ${parameter.description}`);
      }
    }
    lines.push('', 'Response (capture evidence before any Contain step; the runbook page lists the commands):', '');
    for (const [step, entries] of Object.entries(detection.response)) {
      for (const entry of entries as readonly string[]) {
        lines.push(`- ${step[0].toUpperCase()}${step.slice(1)}: ${entry}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
