/** Dates, times and numbers written the way Indonesian official letters write them. */

export type OfficeTimeZone = 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';

export const DEFAULT_TIME_ZONE: OfficeTimeZone = 'Asia/Jakarta';

const ZONE_ABBREVIATION: Record<OfficeTimeZone, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export const MONTHS = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
] as const;

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'] as const;

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

/** A calendar date and wall-clock time in one of Indonesia's three time zones. */
export interface LocalTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0 = Minggu (Sunday) … 6 = Sabtu */
  weekday: number;
  hour: number;
  minute: number;
}

/**
 * The local date of an ISO instant in `zone`. A plain date (`2026-11-18`, as request letters
 * carry) is a calendar date already and is taken as is.
 */
export function localTime(iso: string, zone: OfficeTimeZone = DEFAULT_TIME_ZONE): LocalTime {
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (plain) {
    const [year, month, day] = [Number(plain[1]), Number(plain[2]), Number(plain[3])];
    return { year, month, day, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(), hour: 0, minute: 0 };
  }
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date: ${iso}`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const [year, month, day] = [get('year'), get('month'), get('day')];
  return {
    year, month, day,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** `20 November 2026` */
export function formatDate(iso: string, zone: OfficeTimeZone = DEFAULT_TIME_ZONE): string {
  const t = localTime(iso, zone);
  return `${t.day} ${MONTHS[t.month - 1]} ${t.year}`;
}

/** `4 Maret 2025 pukul 09.10 WIB` (Indonesian writes times with a dot). */
export function formatDateTime(iso: string, zone: OfficeTimeZone = DEFAULT_TIME_ZONE): string {
  const t = localTime(iso, zone);
  return `${t.day} ${MONTHS[t.month - 1]} ${t.year} pukul ${pad(t.hour)}.${pad(t.minute)} ${ZONE_ABBREVIATION[zone]}`;
}

/** `Selasa` */
export function dayName(iso: string, zone: OfficeTimeZone = DEFAULT_TIME_ZONE): string {
  return DAYS[localTime(iso, zone).weekday]!;
}

/** Months in letter numbers are Roman: 11 → `XI`. */
export function romanMonth(month: number): string {
  const roman = ROMAN_MONTHS[month - 1];
  if (!roman) throw new RangeError(`month out of range: ${month}`);
  return roman;
}

const ONES = ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'] as const;

/**
 * A whole number in Indonesian words (terbilang), as a Berita Acara spells out its date:
 * 2025 → `dua ribu dua puluh lima`. Covers 0 … 999 999.
 */
export function numberInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) throw new RangeError(`out of range: ${n}`);
  if (n < 12) return ONES[n]!;
  if (n < 20) return `${ONES[n - 10]} belas`;
  if (n < 100) return join(`${ONES[Math.floor(n / 10)]} puluh`, n % 10);
  if (n < 200) return join('seratus', n - 100);
  if (n < 1000) return join(`${ONES[Math.floor(n / 100)]} ratus`, n % 100);
  if (n < 2000) return join('seribu', n - 1000);
  return join(`${numberInWords(Math.floor(n / 1000))} ribu`, n % 1000);
}

function join(head: string, rest: number): string {
  return rest === 0 ? head : `${head} ${numberInWords(rest)}`;
}

/** `empat bulan Maret tahun dua ribu dua puluh lima` */
export function dateInWords(iso: string, zone: OfficeTimeZone = DEFAULT_TIME_ZONE): string {
  const t = localTime(iso, zone);
  return `${numberInWords(t.day)} bulan ${MONTHS[t.month - 1]} tahun ${numberInWords(t.year)}`;
}

/** `04-03-2025` */
export function formatDateNumeric(iso: string, zone: OfficeTimeZone = DEFAULT_TIME_ZONE): string {
  const t = localTime(iso, zone);
  return `${pad(t.day)}-${pad(t.month)}-${t.year}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
