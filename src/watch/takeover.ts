import { readFileSync } from 'node:fs';

/**
 * Subdomain takeover fingerprints: which third-party services a CNAME can point into, and what
 * an unclaimed resource on each looks like. The data is a snapshot of EdOverflow/can-i-take-over-xyz
 * (CC BY 4.0, see fingerprints/NOTICE.md), refreshed with scripts/refresh-fingerprints.mjs.
 * Everything here is pure: nothing is resolved or fetched.
 */
export interface TakeoverService {
  /** The service as the source names it: "AWS/S3", "Microsoft Azure". */
  service: string;
  /** Domain suffixes, lower case, no trailing dot ("s3.amazonaws.com"). */
  cnames: string[];
  /** Text an unclaimed resource's page contains, as the source gives it, or "NXDOMAIN". */
  fingerprint: string;
  /** Unclaimed shows as the CNAME target not resolving. */
  nxdomain: boolean;
  /** The HTTP status an unclaimed resource answers with, when the source names one. */
  httpStatus?: number;
  status: 'Vulnerable' | 'Edge case';
  /** The source's discussion links as plain text: `Issue #36 (https://github.com/…/issues/36)`. */
  discussion?: string;
}

/** An entry of the snapshot, as the source has it. */
interface SnapshotEntry {
  service: string;
  cname: string[];
  fingerprint: string;
  nxdomain: boolean;
  http_status: number | null;
  status: string;
  vulnerable: boolean;
  discussion: string;
}

const SNAPSHOT = new URL('./fingerprints/can-i-take-over-xyz.json', import.meta.url);
/** Our own list of CNAME suffixes for services the source lists without one (see its "about"). */
const SERVICE_DOMAINS = new URL('./fingerprints/service-domains.json', import.meta.url);

let cached: readonly TakeoverService[] | undefined;

/**
 * Entries that can be taken over (Vulnerable and Edge case) with at least one cname suffix; read
 * once from the JSON beside this module, so it works from src/ under vitest and from dist/.
 *
 * A cname the source gives that is not a domain suffix (a URL, an IP address) is left out; an
 * entry left with none is not included, since no CNAME chain can be matched to it. The source
 * gives no cname for some services it lists (GitHub, Heroku, Netlify, Shopify …); their suffixes
 * come from fingerprints/service-domains.json, which is ours.
 */
export function takeoverServices(): readonly TakeoverService[] {
  const extra = readServiceDomains();
  cached ??= Object.freeze(readSnapshot().flatMap((e) => toService({ ...e, cname: [...e.cname, ...(extra[e.service] ?? [])] }) ?? []));
  return cached;
}

/**
 * The services a CNAME chain points into: any hop equal to or under a service's cname suffix, on
 * a label boundary (pages.github.io matches github.io; evilgithub.io does not). Hops are compared
 * case-insensitively, with or without a trailing dot. Services come back in list order, once each.
 */
export function servicesFor(hops: readonly string[], services: readonly TakeoverService[] = takeoverServices()): TakeoverService[] {
  const names = hops.map(normaliseName).filter((h) => h !== '');
  return services.filter((s) => s.cnames.some((suffix) => names.some((h) => h === suffix || h.endsWith(`.${suffix}`))));
}

/**
 * Whether what was seen shows the service unclaimed:
 * - nxdomain services: the chain ended NXDOMAIN;
 * - otherwise a page must have been seen (not NXDOMAIN), its status must match when the entry
 *   names one, and its body must contain the fingerprint (see fingerprintMatches). A fingerprint
 *   of the form `HTTP_STATUS=301` is the status alone, as the source means it.
 * An empty fingerprint never matches: it would match every page.
 */
export function isUnclaimed(service: TakeoverService, seen: { nxdomain: boolean; status?: number; body?: string }): boolean {
  if (service.nxdomain) return seen.nxdomain;
  if (seen.nxdomain) return false;
  if (service.httpStatus !== undefined && seen.status !== service.httpStatus) return false;
  if (STATUS_ONLY.test(service.fingerprint)) return service.httpStatus !== undefined;
  return seen.body !== undefined && fingerprintMatches(service.fingerprint, seen.body);
}

const STATUS_ONLY = /^HTTP_STATUS=(\d{3})$/i;

/**
 * Whether a page body shows a fingerprint. No regular expression is ever built from the data, so
 * a fingerprint cannot cause catastrophic backtracking (ReDoS), and matching is linear in the body.
 *
 * 1. The fingerprint exactly as the source gives it, as a substring (case-sensitive).
 * 2. The same with HTML entities decoded (`&rsquo;` → ’), for bodies that carry the character.
 * 3. Some fingerprints are regular-expression-like: the source compiles them as (Python) regular
 *    expressions, and writes them in a Markdown table (`Tunnel .*.ngrok.io not found`,
 *    `Site unavailable\.&#124;Failed to resolve…`, "`A` `B`"). They are read as a small safe
 *    subset instead, with the table's escapes undone: `|` (written `&#124;`) separates
 *    alternatives, any one of which may match; "` `" (two code spans) separates texts that must
 *    all appear; `.*` is a gap within one line (`.` does not match a newline); `\x` is the
 *    character x. Every other character is literal (`.` is a dot, `?` a question mark), which errs
 *    towards not matching. An alternative with no literal text (empty, or only `.*`) never
 *    matches, since it would match every page.
 */
export function fingerprintMatches(fingerprint: string, body: string): boolean {
  if (fingerprint === '') return false;
  if (body.includes(fingerprint)) return true;
  const decoded = decodeEntities(fingerprint);
  if (decoded !== fingerprint && body.includes(decoded)) return true;
  return parsePattern(decoded).some((parts) => parts.every((segments) => inOrderOnOneLine(body, segments)));
}

/** Alternatives → parts (all must appear) → literal segments (in order, on one line, gaps between). */
function parsePattern(pattern: string): string[][][] {
  return splitUnescaped(pattern, '|')
    .map((alternative) =>
      alternative
        .split('` `')
        .map((part) => splitUnescaped(part, '.*').map(unescape).filter((s) => s !== ''))
        .filter((segments) => segments.length > 0),
    )
    .filter((parts) => parts.length > 0);
}

/** Splits on `sep` where it is not preceded by a backslash escape; escapes are kept for unescape. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < s.length; ) {
    if (s[i] === '\\' && i + 1 < s.length) {
      current += s.slice(i, i + 2);
      i += 2;
    } else if (s.startsWith(sep, i)) {
      out.push(current);
      current = '';
      i += sep.length;
    } else {
      current += s[i];
      i += 1;
    }
  }
  out.push(current);
  return out;
}

function unescape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) i += 1;
    out += s[i];
  }
  return out;
}

/** Whether the segments appear in this order on one line of the body (leftmost-first, linear). */
function inOrderOnOneLine(body: string, segments: readonly string[]): boolean {
  if (segments.length === 1) return body.includes(segments[0]!);
  if (!segments.every((s) => body.includes(s))) return false;
  for (const line of body.split('\n')) {
    let from = 0;
    const found = segments.every((s) => {
      const at = line.indexOf(s, from);
      if (at < 0) return false;
      from = at + s.length;
      return true;
    });
    if (found) return true;
  }
  return false;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', hellip: '\u2026', ndash: '\u2013', mdash: '\u2014',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, '');
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** A source cname as a domain suffix (lower case, no `*.` or trailing dot), or undefined for a URL or an IP address. */
function asSuffix(cname: string): string | undefined {
  const name = normaliseName(cname).replace(/^\*\./, '');
  const labels = name.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels[labels.length - 1]!)) return undefined;
  return name;
}

function toService(e: SnapshotEntry): TakeoverService | undefined {
  if (e.status !== 'Vulnerable' && e.status !== 'Edge case') return undefined;
  const cnames = [...new Set(e.cname.flatMap((c) => asSuffix(c) ?? []))];
  if (cnames.length === 0) return undefined;
  const statusInFingerprint = STATUS_ONLY.exec(e.fingerprint)?.[1];
  const httpStatus = e.http_status ?? (statusInFingerprint === undefined ? undefined : Number(statusInFingerprint));
  const discussion = e.discussion.replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, '$1 ($2)').trim();
  return Object.freeze({
    service: e.service,
    cnames: Object.freeze(cnames) as string[],
    fingerprint: e.fingerprint,
    nxdomain: e.nxdomain,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    status: e.status,
    ...(discussion !== '' ? { discussion } : {}),
  });
}

function readServiceDomains(): Record<string, string[]> {
  const doc = JSON.parse(readFileSync(SERVICE_DOMAINS, 'utf8')) as { domains?: Record<string, unknown> };
  const domains = doc.domains ?? {};
  for (const [service, list] of Object.entries(domains)) {
    if (!Array.isArray(list) || !list.every((d) => typeof d === 'string')) throw new Error(`${SERVICE_DOMAINS.pathname}: "${service}" must be a list of domain suffixes`);
  }
  return domains as Record<string, string[]>;
}

function readSnapshot(): SnapshotEntry[] {
  const doc = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { fingerprints?: unknown };
  if (!Array.isArray(doc.fingerprints)) throw new Error(`${SNAPSHOT.pathname}: no "fingerprints" list`);
  return doc.fingerprints.map((e: unknown, i) => {
    const x = e as Partial<Record<keyof SnapshotEntry, unknown>> | null;
    const ok =
      x !== null && typeof x === 'object' &&
      typeof x.service === 'string' &&
      Array.isArray(x.cname) && x.cname.every((c) => typeof c === 'string') &&
      typeof x.fingerprint === 'string' &&
      typeof x.nxdomain === 'boolean' &&
      (x.http_status === null || typeof x.http_status === 'number') &&
      typeof x.status === 'string' &&
      typeof x.discussion === 'string';
    if (!ok) throw new Error(`${SNAPSHOT.pathname}: fingerprint entry ${i} is malformed; refresh it with scripts/refresh-fingerprints.mjs`);
    return x as SnapshotEntry;
  });
}
