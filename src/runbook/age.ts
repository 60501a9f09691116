const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * Writes how long before `nowMs` the alert fired, rounded down to minutes, such as "5 h 12 min ago",
 * because node logs and short-lived pods may be gone after some hours. A time after `nowMs`, from a
 * skewed clock or a wrong label, reads "in the future".
 */
export function formatAge(timeMs: number, nowMs: number): string {
  const age = nowMs - timeMs;
  if (age < 0) {
    return 'in the future';
  }
  if (age < MINUTE_MS) {
    return 'less than a minute ago';
  }
  const days = Math.floor(age / DAY_MS);
  const hours = Math.floor((age % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((age % HOUR_MS) / MINUTE_MS);
  const parts =
    days > 0 ? [`${days} d`, `${hours} h`] : hours > 0 ? [`${hours} h`, `${minutes} min`] : [`${minutes} min`];
  return `${parts.join(' ')} ago`;
}
