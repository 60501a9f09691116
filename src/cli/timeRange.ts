const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Reads a point in time from the command line: a duration before now ("24h", "30m", "7d") or
 * an RFC 3339 time ("2026-12-01T10:00:00Z").
 */
export function parseTimePoint(value: string, option: string, nowMs: number): number {
  const duration = /^([0-9]+)(s|m|h|d|w)$/.exec(value.trim());
  if (duration) {
    return nowMs - Number(duration[1]) * UNITS[duration[2]];
  }
  if (/^\d{4}-\d\d-\d\dT/.test(value)) {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) {
      return parsed;
    }
  }
  throw new Error(`Invalid ${option} ${JSON.stringify(value)}: use a duration before now such as 24h, 30m or 7d, or an RFC 3339 time such as 2026-12-01T10:00:00Z.`);
}
