import { msg, type Message } from '../model/problem.js';
import type { DnsRecord } from '../schema/types.gen.js';
import type { LetterChannel } from '../model/letter-channel.js';
import { ACTION_OPTIONS, FIELDS } from './form.js';

/**
 * The answers of a request as people give them, the same for `subdomain new` (question by
 * question, or flags) and the issue form: one normaliser that turns what a civil servant types
 * into what the request file holds, and the few things that can be told from one answer alone.
 * Everything else is for the rules of `subdomain validate`, which both paths run on the file.
 */

/** Answers by form field id (`signer_nip`, `letter_date` …), as typed. */
export type Answers = Readonly<Record<string, string | undefined>>;

export type Action = keyof typeof ACTION_OPTIONS;
export const ACTIONS = Object.keys(ACTION_OPTIONS) as Action[];

/** A problem with one answer, found before any file exists. */
export interface AnswerFlaw {
  rule: string;
  message: Message;
}

const NIP_FIELDS = new Set(['signer_nip', 'contact_nip']);

/** What the request file holds for an answer: trimmed, and NIP, phone, date, action and OPD written one way. */
export function normaliseAnswer(id: string, text: string): string {
  const value = text.trim();
  switch (id) {
    case 'signer_nip':
    case 'contact_nip': {
      // NIPs are often written in groups: "19900115 201503 1 002".
      const digits = value.replace(/[\s.-]/g, '');
      return /^[0-9]+$/.test(digits) ? digits : value;
    }
    case 'contact_phone': {
      const compact = value.replace(/[\s().-]/g, '');
      return /^\+?[0-9]+$/.test(compact) ? compact : value;
    }
    case 'letter_date':
      return isoDate(value) ?? value;
    case 'action':
      return actionOf(value) ?? value;
    case 'opd':
      return opdKeyOf(value);
    case 'letter_via':
      return viaOf(value) ?? value;
    default:
      return value;
  }
}

/** `create`, from the form's option text, the bare word, or the word at the start. */
function actionOf(value: string): Action | undefined {
  for (const [key, option] of Object.entries(ACTION_OPTIONS)) if (value === option) return key as Action;
  const word = /^(create|update|delete)\b/i.exec(value)?.[1];
  return word?.toLowerCase() as Action | undefined;
}

const VIA_WORDS: Record<string, LetterChannel> = { srikandi: 'srikandi', mipp: 'mipp', paper: 'paper', kertas: 'paper', 'surat kertas': 'paper', email: 'email', 'e-mail': 'email', surel: 'email' };

/** `srikandi`, from the dropdown's option, the key, or the way people say it (`kertas`, `e-mail`). */
function viaOf(value: string): LetterChannel | undefined {
  return VIA_WORDS[value.split(' — ')[0]!.trim().toLowerCase()];
}

/** The dropdown shows `dinkes — Dinas Kesehatan`; the file holds the key. */
function opdKeyOf(value: string): string {
  const key = value.split(' — ')[0]!.trim();
  return /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(key) ? key.toLowerCase() : value;
}

export function optionOfOpd(key: string, name: string | undefined): string {
  return name && name !== key ? `${key} — ${name}` : key;
}

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, februari: 2, feb: 2, pebruari: 2, maret: 3, mar: 3, april: 4, apr: 4, mei: 5, juni: 6, jun: 6,
  juli: 7, jul: 7, agustus: 8, agu: 8, agt: 8, ags: 8, aug: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, oct: 10,
  november: 11, nov: 11, nopember: 11, desember: 12, des: 12, dec: 12,
};

/**
 * `2026-11-18`, or the ways a letter's date is written here: `18-11-2026`, `18/11/2026`,
 * `18.11.2026`, `18 November 2026`, `18 Nov 2026`. Undefined when it is none of them.
 */
export function isoDate(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const local = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  const words = /^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$/.exec(value);
  let y: string, m: string, d: string;
  if (iso) [, y, m, d] = iso as unknown as [string, string, string, string];
  else if (local) [, d, m, y] = local as unknown as [string, string, string, string];
  else if (words && MONTHS[words[2]!.toLowerCase()]) {
    d = words[1]!;
    m = String(MONTHS[words[2]!.toLowerCase()]);
    y = words[3]!;
  } else return undefined;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function isRealDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * What one normalised answer shows by itself, before the rules see the file: a date that cannot
 * be read, a NIK given for a NIP. Undefined when the answer is for the rules to judge.
 */
export function answerFlaw(id: string, value: string): AnswerFlaw | undefined {
  if (value === '') return undefined;
  if (NIP_FIELDS.has(id) && /^[0-9]{16}$/.test(value)) {
    return {
      rule: 'person/nip',
      message: msg(
        'Nomor 16 digit ini tampaknya NIK (nomor KTP), bukan NIP. NIP pegawai negeri 18 digit; lihat SK pengangkatan atau kartu pegawai.',
        'These 16 digits look like a NIK (identity card number), not a NIP. A civil servant\'s NIP has 18 digits; see the appointment decree or the staff card.'),
    };
  }
  if (id === 'letter_date' && !(/^\d{4}-\d{2}-\d{2}$/.test(value) && isRealDate(value))) {
    return {
      rule: 'intake/date',
      message: msg(
        `Tanggal \`${value}\` tidak dapat dibaca. Tulis seperti 18-11-2026, 18 November 2026 atau 2026-11-18.`,
        `The date \`${value}\` cannot be read. Write it like 18-11-2026, 18 November 2026 or 2026-11-18.`),
    };
  }
  return undefined;
}

export type SubdomainAnswer = { ok: true; fqdn: string } | { ok: false; flaw: AnswerFlaw };

/**
 * The full name a subdomain answer asks for: a label (`sehat`, or `ppdb.sekolah`) is placed in
 * the first zone of the policy, a full name in its own zone. Only names that are safe as a file
 * name get through (no slashes, dots at the ends, `..`, spaces); whether they are valid DNS
 * names is for the name rules to say, with their own rule ids.
 */
export function subdomainAnswer(raw: string, zones: readonly string[]): SubdomainAnswer {
  const name = raw.trim().replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/\.$/, '');
  const bad = (id: string, en: string, rule = 'intake/subdomain'): SubdomainAnswer => ({
    ok: false,
    flaw: { rule, message: msg(`Nama subdomain ${id}. Tulis labelnya saja, contoh: sehat.`, `The subdomain name ${en}. Write the label only, e.g. sehat.`) },
  });
  if (name === '') return bad('wajib diisi', 'is required');
  if (/[/\\]/.test(name) || name.includes('://')) return bad('tidak boleh memuat / atau \\ (bukan alamat web)', 'must not contain / or \\ (it is not a web address)');
  if (/\s/u.test(name)) return bad('tidak boleh memuat spasi', 'must not contain spaces');
  if (name.startsWith('.') || name.includes('..')) return bad('tidak boleh diawali titik atau memuat dua titik berurutan', 'must not start with a dot or contain two dots in a row');
  if (name.length > 253) return bad('lebih dari 253 karakter', 'is longer than 253 characters');
  const zone = zones.find((z) => name === z || name.endsWith(`.${z}`));
  if (zone === name) return bad(`harus berada di bawah zona ${zone}, bukan zona itu sendiri`, `must be below the zone ${zone}, not the zone itself`);
  if (zone || zones.length === 0) return { ok: true, fqdn: name };
  if (/\.go\.id$/.test(name)) {
    return {
      ok: false,
      flaw: {
        rule: 'intake/zone',
        message: msg(
          `${name} tidak berada di zona kantor ini (${zones.join(', ')}). Tulis labelnya saja, contoh: sehat, atau nama lengkap di salah satu zona itu.`,
          `${name} is not in a zone of this office (${zones.join(', ')}). Write the label only, e.g. sehat, or a full name in one of those zones.`),
      },
    };
  }
  return { ok: true, fqdn: `${name}.${zones[0]}` };
}

/**
 * The request the answers give, not yet validated: each answer at its place in the file
 * (`letter.signer.nip` …), normalised; empty answers and fields without a place left out.
 */
export function requestFromAnswers(answers: Answers, records: readonly DnsRecord[] | undefined, hosting: boolean): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  const set = (path: readonly string[], value: unknown) => {
    let node = request;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = value;
  };
  for (const field of FIELDS) {
    if (!field.path) continue;
    if (field.id === 'records') {
      if (records && records.length > 0) set(field.path, [...records]);
      continue;
    }
    if (field.id === 'hosting') {
      if (hosting) set(field.path, true);
      continue;
    }
    const raw = answers[field.id];
    if (raw === undefined) continue;
    const value = normaliseAnswer(field.id, raw);
    if (value === '') continue;
    if (field.id === 'action' && !ACTIONS.includes(value as Action)) continue;
    set(field.path, value);
  }
  return request;
}

/**
 * Answers known to pass every rule, standing in for answers that are missing or at fault while
 * the rest are checked: the file then passes its schema, so the rules judge the real answers
 * (a rule about a stand-in is about an answer already reported, and is dropped).
 * Not for the action, the name or the OPD, which the rules read to decide what else applies.
 */
export function standInAnswers(today: string): Record<string, string> {
  const year = Number(today.slice(0, 4));
  const nip = `${year - 40}0101${year - 15}011001`;
  return {
    purpose: 'Isian sementara untuk pemeriksaan.',
    letter_number: '000/0/Contoh',
    letter_date: today,
    signer_name: 'Nama Contoh',
    signer_nip: nip,
    signer_position: 'Kepala Dinas',
    contact_name: 'Nama Contoh',
    contact_nip: nip,
    contact_email: 'contoh@contoh.go.id',
    contact_phone: '081234567890',
  };
}

/** Records standing in for a records answer that could not be read. */
export const STAND_IN_RECORDS: readonly DnsRecord[] = [{ type: 'TXT', value: 'isian sementara' }];
