import { LETTER_LEDGER_PATH, REGISTER_DIR } from '../model/domain.js';
import { msg, problem, type Message, type Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import type { Tree } from '../repo/tree.js';
import { loadFile } from '../repo/load.js';
import type { HistoryEntry, Office, OutgoingLetter, RegisterEntry } from '../schema/types.gen.js';
import { DEFAULT_TIME_ZONE, localTime, romanMonth, type OfficeTimeZone } from './indonesian.js';

/**
 * Outgoing letter numbers. An office numbers its letters from its own agenda (buku agenda surat
 * keluar): `{seq}` is the running number, which starts again at 1 each year when the template
 * has `{year}` (as offices number per year) and never restarts when it has none, so no number
 * can come round twice. The register gives a request its number once, when it records the
 * applied request (`outgoing_letter` in the history entry), and writes every number it gave to
 * the ledger `subdomains/.letter-numbers.json`, which outlives the register file of a deleted
 * subdomain. Nothing here reads a pull request number.
 */

export const DEFAULT_LETTER_NUMBER = '{seq}/{short}/{month}/{year}';
export const DEFAULT_BERITA_ACARA_NUMBER = 'BA/{seq}/{short}/{month}/{year}';
/** What a letter without a recorded number prints for `{seq}`: the secretariat writes the number in. */
export const BLANK_SEQ = '......';

const PLACEHOLDERS = new Set(['seq', 'short', 'month', 'year', 'pr']);
const PLACEHOLDER = /\{([^{}]*)\}/g;

export type NumberOffice = Pick<Office, 'short' | 'timezone' | 'letter_number' | 'berita_acara_number'>;

export function letterTemplate(office: NumberOffice): string {
  return office.letter_number ?? DEFAULT_LETTER_NUMBER;
}

export function beritaAcaraTemplate(office: NumberOffice): string {
  return office.berita_acara_number ?? DEFAULT_BERITA_ACARA_NUMBER;
}

/**
 * A number from its template. `{pr}`, which older policies have, is read as `{seq}`: the
 * number of a pull request never reaches a letter.
 */
export function formatNumber(template: string, parts: { seq: string; short: string; month: number; year: number }): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    switch (name) {
      case 'seq':
      case 'pr':
        return parts.seq;
      case 'short':
        return parts.short;
      case 'month':
        return romanMonth(parts.month);
      case 'year':
        return String(parts.year);
      default:
        return whole;
    }
  });
}

/** The numbers of a request's letter and Berita Acara, from its recorded sequence (blank for the secretariat when none was recorded). */
export function documentNumbers(office: NumberOffice, appliedAt: string, recorded: OutgoingLetter | undefined): { letter: string; beritaAcara: string } {
  const t = localTime(appliedAt, zoneOf(office));
  const parts = { seq: recorded ? String(recorded.seq) : BLANK_SEQ, short: office.short ?? 'Diskominfo', month: t.month, year: t.year };
  return {
    // The recorded number is the letter's, whatever the template says today.
    letter: recorded ? recorded.number : formatNumber(letterTemplate(office), parts),
    beritaAcara: formatNumber(beritaAcaraTemplate(office), parts),
  };
}

/** `2026` when the template numbers per year, `*` when the count never restarts. */
export function numberPeriod(template: string, year: number): string {
  return template.includes('{year}') ? String(year) : '*';
}

/** One number the register gave. */
export interface IssuedLetter {
  number: string;
  seq: number;
  /** The year the sequence counts in, or `*`. */
  period: string;
  fqdn: string;
  applied_at: string;
}

export interface LetterLedger {
  issued: IssuedLetter[];
}

export const EMPTY_LEDGER: LetterLedger = { issued: [] };

/** The next number for a letter dated `appliedAt`: one above the period's highest, and never a number given before. */
export function nextOutgoingLetter(ledger: LetterLedger, office: NumberOffice, fqdn: string, appliedAt: string): { letter: OutgoingLetter; ledger: LetterLedger } {
  const template = letterTemplate(office);
  const t = localTime(appliedAt, zoneOf(office));
  const period = numberPeriod(template, t.year);
  const used = new Set(ledger.issued.map((i) => i.number));
  let seq = 1 + ledger.issued.filter((i) => i.period === period).reduce((max, i) => Math.max(max, i.seq), 0);
  const numberOf = (n: number) => formatNumber(template, { seq: String(n), short: office.short ?? 'Diskominfo', month: t.month, year: t.year });
  // A template edited within the period could meet a number given under the old one.
  while (used.has(numberOf(seq))) seq++;
  const letter: OutgoingLetter = { number: numberOf(seq), seq };
  return { letter, ledger: { issued: [...ledger.issued, { number: letter.number, seq, period, fqdn, applied_at: appliedAt }] } };
}

const LEDGER_ABOUT =
  'Nomor surat keluar yang sudah diberikan oleh subdomain register; jangan diubah dengan tangan. / Outgoing letter numbers given by subdomain register; do not edit by hand.';

/** The ledger as committed: one issued number per line, in the order given. */
export function renderLedger(ledger: LetterLedger): string {
  const lines = ledger.issued.map((i) => `    ${JSON.stringify({ number: i.number, seq: i.seq, period: i.period, fqdn: i.fqdn, applied_at: i.applied_at })}`);
  return `{\n  "about": ${JSON.stringify(LEDGER_ABOUT)},\n  "issued": [${lines.length > 0 ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

export function parseLedger(text: string): { ok: true; ledger: LetterLedger } | { ok: false; message: Message } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: msg(`Buku nomor surat bukan JSON yang sah: ${(error as Error).message}`, `The letter-number ledger is not valid JSON: ${(error as Error).message}`) };
  }
  const issued = (value as { issued?: unknown } | null)?.issued;
  if (!Array.isArray(issued)) return { ok: false, message: msg('Buku nomor surat tidak memuat daftar `issued`.', 'The letter-number ledger has no `issued` list.') };
  const out: IssuedLetter[] = [];
  for (const [i, item] of issued.entries()) {
    const it = item as Partial<IssuedLetter> | null;
    if (!it || typeof it.number !== 'string' || !Number.isInteger(it.seq) || (it.seq as number) < 1 || typeof it.period !== 'string' || typeof it.fqdn !== 'string' || typeof it.applied_at !== 'string') {
      return { ok: false, message: msg(`Buku nomor surat: butir ${i + 1} tidak lengkap (number, seq, period, fqdn, applied_at).`, `Letter-number ledger: item ${i + 1} is incomplete (number, seq, period, fqdn, applied_at).`) };
    }
    out.push({ number: it.number, seq: it.seq as number, period: it.period, fqdn: it.fqdn, applied_at: it.applied_at });
  }
  return { ok: true, ledger: { issued: out } };
}

/** What the register step asks of the numbering: read the ledger once, number each recorded request, write the ledger back. */
export interface LetterNumbering {
  /** The history entry with its outgoing letter number (a request entry only); the number is now taken. */
  assign(fqdn: string, entry: HistoryEntry): HistoryEntry;
  /** The ledger to write when numbers were given. */
  change(): { path: string; content: string } | undefined;
  /** The ledger could not be read: no number may be given, so nothing may be recorded. */
  readonly problems: Problem[];
}

const NUMBERED = /^\s*outgoing_letter:/m;

/** Does any register file carry an outgoing letter number? (Read only when the ledger is missing.) */
function registerHoldsNumbers(tree: Tree): boolean {
  const decoder = new TextDecoder();
  return tree.list(REGISTER_DIR).some((name) => {
    if (!name.endsWith('.yaml')) return false;
    const bytes = tree.read(`${REGISTER_DIR}/${name}`);
    return bytes !== undefined && NUMBERED.test(decoder.decode(bytes));
  });
}

/** The outgoing letter numbers a register entry's history holds. */
export function numbersIn(entry: Pick<RegisterEntry, 'history'>): string[] {
  return entry.history.flatMap((h) => ('outgoing_letter' in h && h.outgoing_letter ? [h.outgoing_letter.number] : []));
}

/** The outgoing letter numbers of every register file of a tree that carries one. */
function registerNumbers(tree: Tree): string[] {
  const decoder = new TextDecoder();
  return tree.list(REGISTER_DIR).flatMap((name) => {
    if (!name.endsWith('.yaml')) return [];
    const bytes = tree.read(`${REGISTER_DIR}/${name}`);
    if (bytes === undefined || !NUMBERED.test(decoder.decode(bytes))) return [];
    const loaded = loadFile(tree, `${REGISTER_DIR}/${name}`, 'register');
    return loaded.ok ? numbersIn(loaded.value) : [];
  });
}

/**
 * A ledger that lacks a number the register holds was cut short (a hand edit, a bad merge):
 * numbering from it would give that number again. Refused like a lost ledger.
 */
export function ledgerShortOf(ledger: LetterLedger, numbers: Iterable<string>): Problem | undefined {
  const issued = new Set(ledger.issued.map((i) => i.number));
  const missing = [...new Set(numbers)].filter((n) => !issued.has(n));
  if (missing.length === 0) return undefined;
  const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '');
  return problem(LETTER_LEDGER_PATH, 'register/letter-ledger', msg(
    `Buku nomor surat tidak memuat nomor yang sudah ada di daftar sub domain (${shown}); memberi nomor darinya akan mengulang nomor. Pulihkan berkas ini dari riwayat git. Tidak ada nomor surat yang diberikan dan tidak ada yang dicatat.`,
    `The letter-number ledger lacks numbers the register already holds (${shown}); numbering from it would repeat them. Restore this file from the git history. No letter number is given and nothing is recorded.`,
  ), { line: 1, column: 1 });
}

/** The ledger is gone while numbers were given: the register refuses to number again from 1. */
export function ledgerLost(): Problem {
  return problem(LETTER_LEDGER_PATH, 'register/letter-ledger', msg(
    'Buku nomor surat tidak ada, padahal daftar sub domain sudah memuat nomor surat keluar; memulai lagi akan mengulang nomor. Pulihkan berkas ini dari riwayat git. Tidak ada nomor surat yang diberikan dan tidak ada yang dicatat.',
    'The letter-number ledger is missing although the register already holds outgoing letter numbers; starting again would repeat them. Restore this file from the git history. No letter number is given and nothing is recorded.',
  ), { line: 1, column: 1 });
}

/** The ledger of a tree (empty when there is none yet), or the problem that keeps it from being read. */
export function readLedger(tree: Tree): { ok: true; ledger: LetterLedger; found: boolean } | { ok: false; problem: Problem } {
  const kind = tree.kind(LETTER_LEDGER_PATH);
  if (kind === 'missing') return { ok: true, ledger: EMPTY_LEDGER, found: false };
  const bytes = kind === 'file' ? tree.read(LETTER_LEDGER_PATH) : undefined;
  const parsed = bytes
    ? parseLedger(new TextDecoder().decode(bytes))
    : { ok: false as const, message: msg('Buku nomor surat harus berkas biasa (bukan symlink atau folder).', 'The letter-number ledger must be a regular file (no symlink or folder).') };
  if (parsed.ok) return { ...parsed, found: true };
  return { ok: false, problem: problem(LETTER_LEDGER_PATH, 'register/letter-ledger', msg(
    `${parsed.message.id} Tidak ada nomor surat yang diberikan dan tidak ada yang dicatat.`,
    `${parsed.message.en} No letter number is given and nothing is recorded.`,
  ), { line: 1, column: 1 }) };
}

/**
 * The ledger the register may number from: readable, present whenever the register holds
 * numbers (else it was lost), and holding every number the register holds (else it was cut
 * short). Either way numbering from it would repeat a number.
 */
export function trustedLedger(tree: Tree): { ok: true; ledger: LetterLedger } | { ok: false; problem: Problem } {
  const read = readLedger(tree);
  if (!read.ok) return read;
  if (!read.found) return registerHoldsNumbers(tree) ? { ok: false, problem: ledgerLost() } : read;
  const short = ledgerShortOf(read.ledger, registerNumbers(tree));
  return short ? { ok: false, problem: short } : read;
}

export function letterNumbering(tree: Tree, office: NumberOffice): LetterNumbering {
  const problems: Problem[] = [];
  let ledger: LetterLedger | undefined;
  let given = 0;
  const load = (): LetterLedger | undefined => {
    const read = trustedLedger(tree);
    if (!read.ok) problems.push(read.problem);
    return read.ok ? read.ledger : undefined;
  };
  let loaded = false;
  return {
    problems,
    assign(fqdn, entry) {
      if (!('letter' in entry) || !('applied_at' in entry) || entry.action === 'delete') return entry;
      if (!loaded) {
        ledger = load();
        loaded = true;
      }
      if (!ledger) return entry;
      const next = nextOutgoingLetter(ledger, office, fqdn, entry.applied_at);
      ledger = next.ledger;
      given++;
      return { ...entry, outgoing_letter: next.letter };
    },
    change() {
      return ledger && given > 0 ? { path: LETTER_LEDGER_PATH, content: renderLedger(ledger) } : undefined;
    },
  };
}

/**
 * The number templates of the policy: `{seq}` must be there (without it every letter of a
 * period would carry the same number); `{pr}` still works, as `{seq}`, with a warning; an
 * unknown placeholder is an error.
 */
export function checkNumberTemplates(file: string, source: YamlSource, office: NumberOffice): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['letter_number', 'berita_acara_number'] as const) {
    const template = office[key];
    if (template === undefined) continue;
    const at = source.positionOf(['office', key]);
    const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    for (const name of names.filter((n) => !PLACEHOLDERS.has(n))) {
      problems.push(problem(file, 'policy/letter-number-placeholder', msg(
        `\`office.${key}\` memuat {${name}} yang tidak dikenal; yang tersedia: {seq} {short} {month} {year}.`,
        `\`office.${key}\` holds the unknown placeholder {${name}}; the placeholders are {seq} {short} {month} {year}.`), at));
    }
    if (names.includes('pr')) {
      problems.push(problem(file, 'policy/letter-number-pr', msg(
        `\`office.${key}\` memakai {pr}: surat tidak lagi memuat nomor pull request; {pr} dibaca sebagai nomor urut {seq}. Ganti {pr} dengan {seq}.`,
        `\`office.${key}\` uses {pr}: letters no longer carry pull request numbers; {pr} is read as the running number {seq}. Replace {pr} with {seq}.`), at, 'warning'));
    } else if (!names.includes('seq')) {
      problems.push(problem(file, 'policy/letter-number-seq', msg(
        `\`office.${key}\` harus memuat {seq} (nomor urut); tanpa itu setiap surat bernomor sama.`,
        `\`office.${key}\` must hold {seq} (the running number); without it every letter gets the same number.`), at));
    }
  }
  return problems;
}

function zoneOf(office: NumberOffice): OfficeTimeZone {
  return office.timezone ?? DEFAULT_TIME_ZONE;
}
