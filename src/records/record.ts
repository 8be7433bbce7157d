import type { DomainName } from '../model/domain.js';
import type { Position, Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import type { DnsRecord } from '../schema/types.gen.js';

export type RecordType = DnsRecord['type'];

/**
 * One DNS record as it should exist: the full owner name and its content written the way
 * Cloudflare stores it, so two records compare equal exactly when DNS would not change.
 */
export interface DesiredRecord {
  /** Full owner name: `_dmarc.sehat.bekasikota.go.id`. */
  name: string;
  type: RecordType;
  /** Canonical content (TXT: quoted character-strings; CAA: `0 issue "ca.example"`). */
  content: string;
  /** Seconds; absent = automatic (Cloudflare's `1`), which is also what proxied records get. */
  ttl?: number;
  /** Present (true) only for proxied records of a proxiable type. */
  proxied?: true;
  /** MX and SRV (Cloudflare keeps it apart from the content). */
  priority?: number;
}

/** What the provider's `cloudflare_dns_record` gets for a record's value: `content`, or `data` for structured types. */
export type ProviderValue = { content: string } | { data: Record<string, string | number> };

/**
 * The fields of a written record (request or register `records:`) that make its content: `value`,
 * and for SRV `weight` and `port`. `priority`, `ttl` and `proxied` are attributes, not content.
 */
export type WrittenValue = Pick<DnsRecord, 'value' | 'weight' | 'port'>;

/** The records of a request or register entry, with the means to point at each one. */
export interface RecordsOwner {
  path: string;
  name: DomainName;
  source: YamlSource;
  records: readonly DnsRecord[];
}

/** One written record and the means to point at it or at one of its fields. */
export interface RecordRef {
  record: DnsRecord;
  index: number;
  /** The full name the record lives at: the subdomain, or `name` + subdomain. */
  fqdn: string;
  at(field?: keyof DnsRecord): Position;
}

/**
 * Everything the product knows about one record type, in one place (octoDNS's `record/<type>`):
 * its own validation, its canonical content, what the provider gets, whether Cloudflare can
 * proxy it. Rules, desired state, plan and synthesis all ask the kind.
 */
export interface RecordKind {
  readonly type: RecordType;
  /** Cloudflare can proxy it (`proxied: true`, TTL automatic). */
  readonly proxiable: boolean;
  /** A list of values is one record of this type (TXT character-strings). */
  readonly listIsOneRecord: boolean;
  /** A list of values is one record per value (NS: the name servers of a delegation). Other types refuse lists. */
  readonly listIsRecords: boolean;
  /** The record has a `priority` (MX, SRV), kept apart from its content. */
  readonly hasPriority: boolean;
  /** Problems of one written record that only this type has (a list too, when `listIsRecords`). */
  check(ref: RecordRef, owner: RecordsOwner): Problem[];
  /** The canonical content of one written record's value (assumes `check` passed; never throws). */
  content(written: WrittenValue): string;
  /**
   * The inverse of `content`: what to write in a request or register file so that `content` gives
   * back exactly this canonical content. A TXT content comes back as one string when it is the
   * 255-byte split of one text, else as the list of its strings.
   */
  written(content: string): WrittenValue;
  /** A content as Cloudflare returns it (dashboard, API) in canonical form, to compare with ours. */
  fromProvider(content: string): string;
  /** What `cloudflare_dns_record` gets for a desired record's content (and priority, which SRV's `data` holds too). */
  provider(record: Pick<DesiredRecord, 'content' | 'priority'>): ProviderValue;
  /** The host name the record points at (CNAME, MX, NS, SRV), for checks on targets. */
  target?(content: string): string;
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareRecords(a: DesiredRecord, b: DesiredRecord): number {
  return cmp(a.name, b.name) || cmp(a.type, b.type) || cmp(a.content, b.content) || (a.priority ?? -1) - (b.priority ?? -1);
}

/** Identity of a record: what it is (owner name, type, content). TTL, proxying and priority are attributes. */
export function recordIdentity(record: Pick<DesiredRecord, 'name' | 'type' | 'content'>): string {
  return `${record.name}\0${record.type}\0${record.content}`;
}

export function sameRecord(a: DesiredRecord, b: DesiredRecord): boolean {
  return recordIdentity(a) === recordIdentity(b) && a.ttl === b.ttl && a.proxied === b.proxied && a.priority === b.priority;
}

/** `ttl` as people read it. */
export function ttlText(record: DesiredRecord): string {
  return record.ttl === undefined ? 'auto' : String(record.ttl);
}
