/** Times and durations for people, in Indonesian with English beside. */
import { formatDuration } from '../approvals/duration.js';

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
  UTC: 'UTC',
};

/** True when the runtime knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parts(iso: string, zone: string): Record<string, string> | undefined {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return undefined;
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  });
  return Object.fromEntries(format.formatToParts(new Date(time)).map((p) => [p.type, p.value]));
}

/** `2025-03-04 09:10 WIB` (or the GMT offset for zones without an Indonesian name); the input as is when it does not parse. */
export function formatTime(iso: string, zone = DEFAULT_TIME_ZONE): string {
  const p = parts(iso, zone);
  if (!p) return iso;
  const name = ZONE_NAMES[zone] ?? p.timeZoneName ?? zone;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${name}`;
}

/** `2025-03-04`: the calendar date in the zone. */
export function formatDate(iso: string, zone = DEFAULT_TIME_ZONE): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const p = parts(iso, zone);
  return p ? `${p.year}-${p.month}-${p.day}` : iso;
}

/** `1 jam 5 menit / 1 h 5 min`; the two languages agree on `—` for unknown. */
export function bilingualDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const id = formatDuration(seconds, 'id');
  const en = formatDuration(seconds, 'en');
  return id === en ? id : `${id} / ${en}`;
}

/** The Indonesian half only, for tight table cells. */
export function durationId(seconds: number | undefined): string {
  return seconds === undefined ? '—' : formatDuration(seconds, 'id');
}

export function durationEn(seconds: number | undefined): string {
  return seconds === undefined ? '—' : formatDuration(seconds, 'en');
}
