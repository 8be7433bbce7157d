/**
 * What of the register may be published. Indonesia's personal data protection law (UU 27/2022,
 * PDP) and data minimisation decide: the site shows what a citizen needs to know which agency
 * runs a name, for what, and how fast the office handled it.
 *
 * Published: the name, the OPD (key and name), the purpose, DNS records (they are public in
 * the DNS anyway) or hosting, the request letter's number and date, the pull request number,
 * the commit, and for each SOP step its title, role title, the official's GitHub login, time
 * and duration. Officials' logins are kept: they act in a public office, the SOP exists to make
 * their handling accountable, and their reviews are public on GitHub anyway.
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
import type { DnsRecord, HistoryEntry, RegisterEntry, RequestHistoryEntry } from '../schema/types.gen.js';
import { entryTime, isImportEntry, requestHistory } from '../register/history.js';
import { requestTiming, type RegisterItem, type ReportPolicy, type StepTiming } from '../report/mutu-baku.js';

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

export interface PublicRequestHistory {
  action: RequestHistoryEntry['action'];
  letter: { number: string; date: string; reference?: string };
  purpose?: string;
  pullRequest: number;
  openedAt?: string;
  appliedAt: string;
  commit: string;
  /** The SOP steps taken, in the order they were taken, with their durations against Mutu Baku. */
  approvals: StepTiming[];
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
      phones.add(entry.contact.phone);
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

function publicHistory(fqdn: string, entry: RegisterEntry, h: HistoryEntry, policy: ReportPolicy, scrub: Scrubber): PublicHistory {
  if (isImportEntry(h)) return { action: 'import', source: h.source, importedAt: h.imported_at, appliedAt: entryTime(h) };
  const timing = requestTiming(fqdn, entry, h, policy);
  return {
    action: h.action,
    letter: {
      number: scrub.text(h.letter.number),
      date: h.letter.date,
      ...(h.letter.reference !== undefined ? { reference: scrub.text(h.letter.reference) } : {}),
    },
    ...(h.purpose !== undefined ? { purpose: scrub.text(h.purpose) } : {}),
    pullRequest: h.pull_request,
    ...(h.opened_at !== undefined ? { openedAt: h.opened_at } : {}),
    appliedAt: h.applied_at,
    commit: h.commit,
    approvals: timing.steps.map((step) => ({ ...step, title: scrub.text(step.title), by: scrub.known(step.by) })),
    ...(timing.totalS !== undefined ? { totalS: timing.totalS } : {}),
    late: timing.late,
  };
}

function byTime(a: { appliedAt: string }, b: { appliedAt: string }): number {
  return Date.parse(a.appliedAt) - Date.parse(b.appliedAt);
}

export function publicEntry(fqdn: string, entry: RegisterEntry, policy: ReportPolicy, scrub: Scrubber): PublicEntry {
  const history = entry.history.map((h) => publicHistory(fqdn, entry, h, policy, scrub)).sort(byTime);
  return {
    fqdn,
    opd: entry.opd,
    purpose: scrub.text(entry.purpose),
    hosting: entry.hosting === true,
    records: (entry.records ?? []).map((r) => publicRecord(r, scrub)),
    registeredAt: history[0]!.appliedAt,
    updatedAt: history.at(-1)!.appliedAt,
    history,
  };
}

/** The publishable register: every entry, whitelisted and scrubbed. */
export function publicRegister(items: readonly RegisterItem[], policy: ReportPolicy): PublicEntry[] {
  const scrub = scrubber(items);
  return items.map(({ fqdn, entry }) => publicEntry(fqdn, entry, policy, scrub));
}
