/**
 * What of the register may be published. Indonesia's personal data protection law (UU 27/2022,
 * PDP) and data minimisation decide: the site shows what a citizen needs to know which agency
 * runs a name, for what, and how fast the office handled it.
 *
 * Published: the name, the OPD (key and name), the purpose, DNS records (they are public in
 * the DNS anyway) or hosting, the request letter's number and date, the pull request number,
 * the commit, and for each SOP step its title, the official who took it (the role's title and
 * the name the policy gives the login, `office.officials`), time and duration. Officials act in
 * a public office and the SOP exists to make their handling accountable; the pages name them by
 * title and name, not by GitHub login (the open data keeps the login beside them).
 *
 * Never published: the technical contact (name, NIP, e-mail, phone), the letter's signer
 * (name, NIP, position), the letter's attachment (a scanned, signed letter), and the
 * applicant's login (a requesting agency's staff member, not a decision maker: the OPD stands
 * for them). Free text (purpose) is scrubbed of those people's names and numbers and of
 * anything shaped like an e-mail address, an Indonesian phone number, a NIP or a NIK, in case
 * a requester typed them there.
 *
 * The public model is built by whitelisting fields: a field added to the register later stays
 * private until it is added here.
 */
import { stepRows } from '../letters/facts.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { DnsRecord, RegisterEntry, RequestHistoryEntry } from '../schema/types.gen.js';
import { entryTime, isChangeEntry, isImportEntry, lastConfirmed, requestHistory, type ChangeEntry } from '../register/history.js';
import { reportPolicy, requestTiming, type RegisterItem, type ReportPolicy, type StepTiming } from '../report/mutu-baku.js';

export const REDACTED = '[disembunyikan / hidden]';

export interface PublicRecord {
  type: DnsRecord['type'];
  name: string;
  values: string[];
  ttl?: number;
  priority?: number;
  proxied?: boolean;
}

export type PublicHistory = PublicRequestHistory | PublicImportHistory;

/** The name was adopted from the existing zone (`subdomain import`): no letter, pull request or approvals. */
export interface PublicImportHistory {
  action: 'import';
  source: 'cloudflare' | 'zone-file';
  importedAt: string;
  /** When the first apply adopted it; the import time while it is pending. */
  appliedAt: string;
}

/** Who took a step, as the public reads it: the role's title and the official's name. */
export interface PublicOfficial {
  /** The role's title from the policy: `Kepala Seksi Pengembangan E-Government`. */
  title: string;
  /** The name the policy gives the login (`office.officials`); undefined when it gives none. */
  name?: string;
}

/** One SOP step taken: its timing, its title from the policy (the SOP row's name) and who took it. */
export interface PublicStep extends StepTiming {
  official: PublicOfficial;
}

export interface PublicRequestHistory {
  action: RequestHistoryEntry['action'];
  letter: { number: string; date: string; reference?: string; via?: NonNullable<RequestHistoryEntry['letter']['via']> };
  /** The office filed the agency's letter itself: the registrar's role title (never their login). */
  filedBy?: string;
  purpose?: string;
  pullRequest: number;
  openedAt?: string;
  appliedAt: string;
  commit: string;
  /** The SOP steps taken, in the order they were taken, with their durations against Mutu Baku. */
  approvals: PublicStep[];
  /** Whole service (`opened_at` → `applied_at`) and whether it went over the policy's total limit. */
  totalS?: number;
  late: boolean;
}

export interface PublicEntry {
  fqdn: string;
  opd: string;
  purpose: string;
  hosting: boolean;
  records: PublicRecord[];
  /** When the name was first registered (the oldest history entry applied). */
  registeredAt: string;
  /** When it last changed. */
  updatedAt: string;
  /**
   * When the OPD last confirmed it is still used (its creation counts). Only the date is
   * published: who confirmed is the OPD's staff, like the applicant, and the note stays private.
   */
  confirmedAt: string;
  /** The requests and the import; re-confirmations show only as `confirmedAt`. */
  history: PublicHistory[];
}

/** Names shorter than this are not scrubbed from free text: they would hit ordinary words. */
const MIN_NAME = 4;

const HONORIFICS = /^(?:(?:dr|drs|dra|ir|hj|h|prof|dr\.?-?ing|kh|r|rr)\.?\s+)+/i;

/** The personal strings of the whole register: names, NIPs, e-mails and phone numbers of contacts and signers. */
export function personalData(items: readonly RegisterItem[]): { texts: string[]; phones: string[] } {
  const texts = new Set<string>();
  const phones = new Set<string>();
  const addName = (name: string) => {
    const full = name.trim();
    if (full.length >= MIN_NAME) texts.add(full);
    // `Drs. Ahmad Fauzi, M.Pd` is also written `Ahmad Fauzi`.
    const core = full.split(',')[0]!.replace(HONORIFICS, '').trim();
    if (core.length >= MIN_NAME) texts.add(core);
  };
  for (const { entry } of items) {
    if (entry.contact) {
      addName(entry.contact.name);
      texts.add(entry.contact.nip);
      texts.add(entry.contact.email);
      if (entry.contact.phone) phones.add(entry.contact.phone);
    }
    for (const h of requestHistory(entry)) {
      addName(h.letter.signer.name);
      texts.add(h.letter.signer.nip);
    }
  }
  return { texts: [...texts].filter((t) => t.length > 0), phones: [...phones] };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for a phone number in any usual spelling: +62 / 62 / 0 prefix, spaces, dots, dashes. */
function phonePattern(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '').replace(/^(?:62|0)/, '');
  if (digits.length < 6) return undefined;
  return `(?:\\+?\\s*62|0)?[\\s.()-]*${[...digits].join('[\\s.()-]*')}`;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(?:\+\s*62|\b62|\b0)[\s.-]?8\d(?:[\s.-]?\d){6,11}\b/g;
// NIP (18 digits) and NIK (16 digits), possibly grouped with spaces.
const ID_NUMBER = /\b\d(?:[\s.]?\d){15,17}\b/g;

export interface Scrubber {
  /** Free text with personal data replaced by `REDACTED`. */
  text(value: string): string;
  /** Strings published verbatim (DNS values, logins): only the register's own personal data is removed. */
  known(value: string): string;
}

export function scrubber(items: readonly RegisterItem[]): Scrubber {
  const { texts, phones } = personalData(items);
  const alternatives = [
    ...texts.sort((a, b) => b.length - a.length).map(escapeRegExp),
    ...phones.flatMap((p) => phonePattern(p) ?? []),
  ];
  const knownPattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gi') : undefined;
  const known = (value: string) => (knownPattern ? value.replace(knownPattern, REDACTED) : value);
  return {
    known,
    text: (value) => known(value).replace(EMAIL, REDACTED).replace(PHONE, REDACTED).replace(ID_NUMBER, REDACTED),
  };
}

function publicRecord(record: DnsRecord, scrub: Scrubber): PublicRecord {
  const values = Array.isArray(record.value) ? record.value : [record.value];
  return {
    type: record.type,
    name: record.name ?? '@',
    values: values.map(scrub.known),
    ...(record.ttl !== undefined ? { ttl: record.ttl } : {}),
    ...(record.priority !== undefined ? { priority: record.priority } : {}),
    ...(record.proxied !== undefined ? { proxied: record.proxied } : {}),
  };
}

/**
 * The step's title and who took it, as the letters' SOP step table resolves them (`stepRows`
 * of src/letters/facts.ts: the policy's step title, the role's title, the official's name from
 * `office.officials`), for one approval at a time. Its `by` is `@login` with the name on a
 * second line when the policy has one: only the name is kept.
 */
function stepAsLetters(policy: ResolvedPolicy, h: RequestHistoryEntry, step: StepTiming): { title: string; official: PublicOfficial } {
  const approval = { step: step.step, title: step.title, ...(step.role !== undefined ? { role: step.role } : {}), by: step.by, at: step.at };
  const row = stepRows(policy, { ...h, approvals: [approval] }).find((r) => r.by !== undefined);
  const newline = row?.by?.indexOf('\n') ?? -1;
  const name = newline >= 0 ? row!.by!.slice(newline + 1).trim() : '';
  const title = row && row.roles !== '-' ? row.roles : step.role ?? '';
  return { title: row?.title ?? step.title, official: { title, ...(name ? { name } : {}) } };
}

function publicHistory(fqdn: string, entry: RegisterEntry, h: ChangeEntry, policy: ResolvedPolicy, rp: ReportPolicy, scrub: Scrubber): PublicHistory {
  if (isImportEntry(h)) return { action: 'import', source: h.source, importedAt: h.imported_at, appliedAt: entryTime(h) };
  const timing = requestTiming(fqdn, entry, h, rp);
  return {
    action: h.action,
    letter: {
      number: scrub.text(h.letter.number),
      date: h.letter.date,
      ...(h.letter.reference !== undefined ? { reference: scrub.text(h.letter.reference) } : {}),
      ...(h.letter.via !== undefined ? { via: h.letter.via } : {}),
    },
    ...(h.filed_by !== undefined ? { filedBy: scrub.text(policy.roles[h.filed_by.role]?.title ?? h.filed_by.role) } : {}),
    ...(h.purpose !== undefined ? { purpose: scrub.text(h.purpose) } : {}),
    pullRequest: h.pull_request,
    ...(h.opened_at !== undefined ? { openedAt: h.opened_at } : {}),
    appliedAt: h.applied_at,
    commit: h.commit,
    approvals: timing.steps.map((step) => {
      const { title, official } = stepAsLetters(policy, h, step);
      return {
        ...step,
        title: scrub.text(title),
        by: scrub.known(step.by),
        official: { title: scrub.text(official.title), ...(official.name !== undefined ? { name: scrub.known(official.name) } : {}) },
      };
    }),
    ...(timing.totalS !== undefined ? { totalS: timing.totalS } : {}),
    late: timing.late,
  };
}

function byTime(a: { appliedAt: string }, b: { appliedAt: string }): number {
  return Date.parse(a.appliedAt) - Date.parse(b.appliedAt);
}

export function publicEntry(fqdn: string, entry: RegisterEntry, policy: ResolvedPolicy, scrub: Scrubber, rp: ReportPolicy = reportPolicy(policy)): PublicEntry {
  const history = entry.history.filter(isChangeEntry).map((h) => publicHistory(fqdn, entry, h, policy, rp, scrub)).sort(byTime);
  const confirmedAt = lastConfirmed(entry);
  return {
    fqdn,
    opd: entry.opd,
    purpose: scrub.text(entry.purpose),
    hosting: entry.hosting === true,
    records: (entry.records ?? []).map((r) => publicRecord(r, scrub)),
    registeredAt: history[0]?.appliedAt ?? confirmedAt,
    updatedAt: history.at(-1)?.appliedAt ?? confirmedAt,
    confirmedAt,
    history,
  };
}

/** The publishable register: every entry, whitelisted and scrubbed. */
export function publicRegister(items: readonly RegisterItem[], policy: ResolvedPolicy): PublicEntry[] {
  const scrub = scrubber(items);
  const rp = reportPolicy(policy);
  return items.map(({ fqdn, entry }) => publicEntry(fqdn, entry, policy, scrub, rp));
}
