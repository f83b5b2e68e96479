// Small formatting rules shared by the presenters: ages, durations, counts.
import type { RotationStatus } from '../../domain/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact age for list columns: now, 5m, 3h, 12d, 4mo, 2y. */
export function shortAge(fromIso: string, now: Date): string {
  const ms = Math.max(0, now.getTime() - Date.parse(fromIso));
  if (ms < MINUTE) return 'now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  if (ms < 60 * DAY) return `${Math.floor(ms / DAY)}d`;
  if (ms < 365 * DAY) return `${Math.floor(ms / (30 * DAY))}mo`;
  return `${Math.floor(ms / (365 * DAY))}y`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Words for the detail pane: just now, 5 minutes ago, 3 hours ago, 12 days ago. */
export function longAge(fromIso: string, now: Date): string {
  const ms = Math.max(0, now.getTime() - Date.parse(fromIso));
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${plural(Math.floor(ms / MINUTE), 'minute')} ago`;
  if (ms < DAY) return `${plural(Math.floor(ms / HOUR), 'hour')} ago`;
  return `${plural(Math.floor(ms / DAY), 'day')} ago`;
}

/** The rotation line: "every 90 days · due in 12 days", "… · overdue by 3 days". */
export function rotationText(everyDays: number | undefined, status: RotationStatus): string {
  if (everyDays === undefined || status.state === 'none') return 'no rotation policy';
  const days = status.daysLeft ?? 0;
  // daysLeft is floored, so -1 means "less than a day overdue".
  const when =
    status.state === 'overdue'
      ? `overdue by ${plural(Math.max(1, -days - 1), 'day')}`
      : days === 0
        ? 'due today'
        : `due in ${plural(days, 'day')}`;
  return `every ${plural(everyDays, 'day')} · ${when}`;
}

export function countText(n: number, unit: string): string {
  return plural(n, unit);
}
