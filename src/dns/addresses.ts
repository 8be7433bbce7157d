import { createHash } from 'node:crypto';
import { cmp, recordIdentity, type DesiredRecord } from '../records/index.js';
import { kindOf } from '../records/index.js';
import type { DnsRecord, Zone } from '../schema/types.gen.js';
import type { DesiredSubdomain } from './desired-state.js';

/** The Terraform variable that carries the Cloudflare API token (sensitive, never in the JSON). */
export const TOKEN_VARIABLE = 'cloudflare_api_token';
export const RESOURCE_TYPE = 'cloudflare_dns_record';

/** `bekasikota.go.id` → `bekasikota-go-id`: the stack's name and its folder under `stacks/`. */
export function stackName(zone: string): string {
  return zone.replace(/\./g, '-');
}

export interface AddressedRecord {
  id: string;
  record: DesiredRecord;
}

/** A Terraform `moved` block: the resource at `from` is now the one at `to`. */
export interface Move {
  from: string;
  to: string;
  /** From the positional addresses of version 0.1, for state written before stable addresses. */
  legacy?: true;
}

/**
 * The Terraform address (logical id) of each record, derived from what the record is, never
 * from its position: the only record of its name and type is `<name>__<type>` (so changing its
 * value is an in-place update), and each of several is `<name>__<type>_c<hash of content>` (so
 * adding A .49 beside A .50 leaves .50's resource alone). When a group grows from one record to
 * several or shrinks back, `subdomainMoves` keeps the surviving record's resource.
 *
 * `sehat` A → `sehat__a`; `_dmarc.sehat` TXT → `_dmarc_sehat_x1f3a9c2d__txt`. Names that hold
 * `_` or start with a digit get a hash of the name, so that `a_b.c` and `a.b_c` cannot share one.
 */
export function addressRecords(zone: string, records: readonly DesiredRecord[]): AddressedRecord[] {
  const groups = groupSizes(records);
  return [...records]
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.type, b.type) || cmp(a.content, b.content))
    .map((record) => ({ id: addressIn(zone, record, groups.get(groupKey(record))!), record }));
}

function groupKey(record: Pick<DesiredRecord, 'name' | 'type'>): string {
  return `${record.name} ${record.type}`;
}

function groupSizes(records: readonly DesiredRecord[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const r of records) sizes.set(groupKey(r), (sizes.get(groupKey(r)) ?? 0) + 1);
  return sizes;
}

function addressIn(zone: string, record: DesiredRecord, groupSize: number): string {
  const base = baseAddress(zone, record.name, record.type);
  return groupSize === 1 ? base : `${base}_c${createHash('sha256').update(record.content).digest('hex').slice(0, 10)}`;
}

function baseAddress(zone: string, name: string, type: string): string {
  return `${nameSlug(zone, name)}__${type.toLowerCase()}`;
}

function nameSlug(zone: string, name: string): string {
  const relative = name.endsWith(`.${zone}`) ? name.slice(0, -(zone.length + 1)) : name;
  const slug = relative.replace(/\./g, '_');
  if (/^[a-z][a-z0-9-]*(_[a-z0-9][a-z0-9-]*)*$/.test(slug) && !relative.includes('_')) return slug;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const safe = slug.replace(/[^a-z0-9_-]/g, '-');
  return `${/^[a-z_]/.test(safe) ? '' : 'n'}${safe}_x${hash}`;
}

/**
 * The `moved` blocks that keep live records' resources while a subdomain's records change from
 * what the register holds to what is desired: a surviving record whose address changes (its
 * group grew or shrank) moves, and state written with 0.1's positional addresses moves to the
 * stable ones. Never from an address the configuration still declares, never in a cycle.
 */
export function subdomainMoves(zone: string, subdomain: Pick<DesiredSubdomain, 'fqdn' | 'records' | 'registered'>, declared: ReadonlySet<string>): Move[] {
  const registered = subdomain.registered;
  if (!registered || !canMove(registered, subdomain.records)) return [];
  const before = new Map(addressRecords(zone, registered.records).map((a) => [recordIdentity(a.record), a.id]));
  const after = new Map(addressRecords(zone, subdomain.records).map((a) => [recordIdentity(a.record), a.id]));
  const legacy = legacyAddresses(zone, subdomain.fqdn, registered.written);
  const moves: Move[] = [];
  for (const [identity, now] of before) {
    const old = legacy.get(identity);
    if (old !== undefined && old !== now && !declared.has(old)) moves.push({ from: old, to: now, legacy: true });
    const next = after.get(identity);
    if (next !== undefined && next !== now && !declared.has(now)) moves.push({ from: now, to: next });
  }
  return moves;
}

/**
 * Nothing moves when the records are the ones registered and no group of one name and type
 * held several records in 0.1's terms (several values, or a TXT list): the usual case, checked
 * without computing any address.
 */
function canMove(registered: NonNullable<DesiredSubdomain['registered']>, records: readonly DesiredRecord[]): boolean {
  if (registered.records.length !== records.length || registered.records.some((r, i) => recordIdentity(r) !== recordIdentity(records[i]!))) return true;
  const pieces = new Map<string, number>();
  for (const record of registered.written) {
    const key = `${record.name ?? ''} ${record.type}`;
    const count = (pieces.get(key) ?? 0) + (Array.isArray(record.value) ? record.value.length : 1);
    if (count > 1) return true;
    pieces.set(key, count);
  }
  return false;
}

/**
 * 0.1 addressed a record by its position among the records of its name and type, sorted by a
 * content that it normalised differently (and it made one record per TXT list item). This
 * recomputes those addresses for a register entry's written records, keyed by the identity each
 * written record has now; only the first piece of a former TXT list keeps a resource.
 */
function legacyAddresses(zone: string, fqdn: string, written: readonly DnsRecord[]): Map<string, string> {
  const pieces: { name: string; type: string; content: string; priority: number; source: number }[] = [];
  const seen = new Set<string>();
  written.forEach((record, source) => {
    const name = record.name ? `${record.name.toLowerCase()}.${fqdn}` : fqdn;
    for (const value of Array.isArray(record.value) ? record.value : [record.value as string]) {
      const content = legacyContent(record.type, value);
      const key = `${name}\0${record.type}\0${content}\0${record.priority ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pieces.push({ name, type: record.type, content, priority: record.priority ?? -1, source });
    }
  });
  pieces.sort((a, b) => cmp(a.name, b.name) || cmp(a.type, b.type) || cmp(a.content, b.content));
  const out = new Map<string, string>();
  let group = '';
  let index = 0;
  for (const piece of pieces) {
    const key = `${piece.name} ${piece.type}`;
    index = key === group ? index + 1 : 0;
    group = key;
    const record = written[piece.source]!;
    const kind = kindOf(record.type);
    const content = kind.listIsOneRecord ? kind.content(record) : kind.content({ ...record, value: piece.content });
    const identity = recordIdentity({ name: piece.name, type: record.type, content });
    if (!out.has(identity)) out.set(identity, `${baseAddress(zone, piece.name, piece.type)}${index > 0 ? `_${index + 1}` : ''}`);
  }
  return out;
}

function legacyContent(type: string, value: string): string {
  const v = value.trim();
  if (type === 'CNAME' || type === 'MX') return v.toLowerCase().replace(/\.$/, '');
  if (type === 'AAAA' || type === 'CAA') return kindOf(type).content({ value: v });
  return v;
}

/** Cloudflare's comment: who owns the record and which letter asked for it, cut to the free plan's 100 characters. */
export function recordComment(subdomain: Pick<DesiredSubdomain, 'opd' | 'letter'>): string {
  // NFC: Terraform composes every string it reads, so the comment is sent as it will be stored.
  // An imported entry has no letter until a request changes it.
  const text = `opd:${subdomain.opd}; ${subdomain.letter ? `surat:${subdomain.letter}` : 'import'}`.replace(/[\r\n\t]+/g, ' ').normalize('NFC');
  return truncateCodePoints(text, COMMENT_MAX);
}

/**
 * Cloudflare counts a comment's length in characters (Unicode code points, not UTF-16 units or
 * bytes): 100 on the free plan. A cut never splits a character.
 */
export const COMMENT_MAX = 100;

function truncateCodePoints(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Tags (paid Cloudflare plans): `opd:<key>` and `surat:<letter number>`. */
export function recordTags(subdomain: Pick<DesiredSubdomain, 'opd' | 'letter'>): string[] {
  return [`opd:${subdomain.opd}`, `surat:${subdomain.letter.replace(/[\r\n\t]+/g, ' ')}`.normalize('NFC')];
}

/** Every `moved` block of a zone, for its whole set of subdomains. */
export function zoneMoves(zone: string, subdomains: readonly Pick<DesiredSubdomain, 'fqdn' | 'records' | 'registered'>[]): Move[] {
  const withHistory = subdomains.filter((s) => s.registered);
  if (withHistory.length === 0) return [];
  const declared = new Set<string>();
  for (const s of withHistory) for (const { id } of addressRecords(zone, s.records)) declared.add(id);
  return withHistory.flatMap((s) => subdomainMoves(zone, s, declared));
}

/** A Terraform `import` block: adopt the live record `id` (`<zone_id>/<record_id>`, provider 5.x) at address `to`. */
export interface Adoption {
  to: string;
  id: string;
}

/** The `import` blocks of a zone: one per desired record that a pending import adopts. */
export function zoneAdoptions(zone: Pick<Zone, 'name' | 'cloudflare_zone_id'>, subdomains: readonly Pick<DesiredSubdomain, 'records' | 'adopting'>[]): Adoption[] {
  const out: Adoption[] = [];
  for (const s of subdomains) {
    if (!s.adopting) continue;
    for (const { id, record } of addressRecords(zone.name, s.records)) {
      const recordId = s.adopting[recordIdentity(record)];
      if (recordId) out.push({ to: `${RESOURCE_TYPE}.${id}`, id: `${zone.cloudflare_zone_id}/${recordId}` });
    }
  }
  return out;
}
