import { Address6 } from 'ip-address';
import type { DnsRecord } from '../schema/types.gen.js';

export type RecordType = DnsRecord['type'];

/**
 * One DNS record as it should exist: one value, the full owner name, and the fields normalised
 * the way Cloudflare stores them, so two records compare equal exactly when DNS would not change.
 */
export interface DesiredRecord {
  /** Full owner name: `_dmarc.sehat.bekasikota.go.id`. */
  name: string;
  type: RecordType;
  /** One value; a list in a file becomes several records. */
  content: string;
  /** Seconds; absent = automatic (Cloudflare's `1`), which is also what proxied records get. */
  ttl?: number;
  /** Present (true) only for proxied A/AAAA/CNAME records. */
  proxied?: true;
  /** MX only. */
  priority?: number;
}

const PROXIABLE: ReadonlySet<RecordType> = new Set(['A', 'AAAA', 'CNAME']);

/**
 * Expands the records written in one file into desired records: service labels (`_dmarc`) are
 * placed under the subdomain, lists of values become one record each, and values are normalised.
 */
export function expandRecords(fqdn: string, records: readonly DnsRecord[]): DesiredRecord[] {
  const out: DesiredRecord[] = [];
  for (const record of records) {
    const name = record.name ? `${record.name.toLowerCase()}.${fqdn}` : fqdn;
    const values = Array.isArray(record.value) ? record.value : [record.value];
    const proxied = record.proxied === true && PROXIABLE.has(record.type);
    for (const value of values) {
      const desired: DesiredRecord = { name, type: record.type, content: normaliseContent(record.type, value) };
      if (!proxied && record.ttl !== undefined && record.ttl !== 1) desired.ttl = record.ttl;
      if (proxied) desired.proxied = true;
      if (record.type === 'MX' && record.priority !== undefined) desired.priority = record.priority;
      out.push(desired);
    }
  }
  return sortRecords(dedupe(out));
}

export function normaliseContent(type: RecordType, value: string): string {
  const v = value.trim();
  switch (type) {
    case 'AAAA':
      return Address6.isValid(v) ? new Address6(v).correctForm() : v.toLowerCase();
    case 'CNAME':
    case 'MX':
      return v.toLowerCase().replace(/\.$/, '');
    case 'CAA': {
      const caa = parseCaa(v);
      return caa ? `${caa.flags} ${caa.tag} "${caa.value}"` : v;
    }
    default:
      return v;
  }
}

export interface CaaParts {
  flags: number;
  tag: string;
  value: string;
}

/** `0 issue "letsencrypt.org"` → its three parts; undefined when it is not written that way. */
export function parseCaa(content: string): CaaParts | undefined {
  const match = /^(\d{1,3})\s+([A-Za-z0-9]+)\s+(?:"((?:[^"\\]|\\.)*)"|(\S+))$/.exec(content.trim());
  if (!match) return undefined;
  const flags = Number(match[1]);
  if (flags > 255) return undefined;
  return { flags, tag: match[2]!.toLowerCase(), value: match[3] ?? match[4] ?? '' };
}

export function compareRecords(a: DesiredRecord, b: DesiredRecord): number {
  return cmp(a.name, b.name) || cmp(a.type, b.type) || cmp(a.content, b.content) || (a.priority ?? -1) - (b.priority ?? -1);
}

export function sortRecords(records: DesiredRecord[]): DesiredRecord[] {
  return records.sort(compareRecords);
}

export function sameRecord(a: DesiredRecord, b: DesiredRecord): boolean {
  return a.name === b.name && a.type === b.type && a.content === b.content && a.ttl === b.ttl && a.proxied === b.proxied && a.priority === b.priority;
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(records: DesiredRecord[]): DesiredRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.name}\0${r.type}\0${r.content}\0${r.priority ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `ttl` as people read it. */
export function ttlText(record: DesiredRecord): string {
  return record.ttl === undefined ? 'auto' : String(record.ttl);
}
