/** Seconds per unit of a Prometheus duration, the format Grafana, Loki and Prometheus all read. */
const UNIT_SECONDS: Record<string, number> = {
  y: 365 * 24 * 3600,
  w: 7 * 24 * 3600,
  d: 24 * 3600,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};

const DURATION = /^(?:[0-9]+(?:ms|y|w|d|h|m|s))+$/;
const PART = /([0-9]+)(ms|y|w|d|h|m|s)/g;

/** Parses a Prometheus duration such as 30s, 5m or 1h30m into seconds; throws on anything else. */
export function parseDurationSeconds(text: string): number {
  if (text === '0') {
    return 0;
  }
  if (!DURATION.test(text)) {
    throw new Error(`Invalid duration ${JSON.stringify(text)}: write a number and a unit, such as 30s, 5m or 1h.`);
  }
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    seconds += Number(amount) * UNIT_SECONDS[unit];
  }
  return seconds;
}

/**
 * Formats whole seconds the way Prometheus' model.Duration prints them (1m, 1h30m, 0s), which
 * is also how Grafana's provisioning API returns `for`.
 */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isInteger(totalSeconds) || totalSeconds < 0) {
    throw new Error(`Invalid duration of ${totalSeconds} seconds: expected a whole, non-negative number.`);
  }
  if (totalSeconds === 0) {
    return '0s';
  }
  let rest = totalSeconds;
  let text = '';
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's']) {
    const size = UNIT_SECONDS[unit];
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      text += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return text;
}
