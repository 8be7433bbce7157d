import { createHash } from 'node:crypto';
import type { DesiredSubdomain } from './desired-state.js';
import { cmp, type DesiredRecord } from './records.js';

/** The Terraform variable that carries the Cloudflare API token (sensitive, never in the JSON). */
export const TOKEN_VARIABLE = 'cloudflare_api_token';
export const RESOURCE_TYPE = 'cloudflare_dns_record';

/** `bekasikota.go.id` → `bekasikota-go-id`: the stack's name and its folder under `stacks/`. */
export function stackName(zone: string): string {
  return zone.replace(/\./g, '-');
}

/**
 * The Terraform address (logical id) of each record. An address names the owner name, the type
 * and the record's position among the records of that name and type (in sorted order), never
 * the value: changing a value is an in-place update, and reordering a file or adding another
 * subdomain moves nothing. The trade-off: with two records of one type at one name, changing one
 * value can swap their positions, which Terraform shows as two in-place updates (no deletes).
 *
 * `sehat` A → `sehat__a`; a second A → `sehat__a_2`; `_dmarc.sehat` TXT →
 * `_dmarc_sehat_x1f3a9c2d__txt`. Names that hold `_` or start with a digit get a hash of the
 * name, so that `a_b.c` and `a.b_c` cannot share an address.
 */
export function addressRecords(zone: string, records: readonly DesiredRecord[]): { id: string; record: DesiredRecord }[] {
  const sorted = [...records].sort((a, b) => cmp(a.name, b.name) || cmp(a.type, b.type) || cmp(a.content, b.content));
  const out: { id: string; record: DesiredRecord }[] = [];
  let previous = '';
  let index = 0;
  for (const record of sorted) {
    const group = `${record.name} ${record.type}`;
    index = group === previous ? index + 1 : 0;
    previous = group;
    out.push({ id: recordAddress(zone, record.name, record.type, index), record });
  }
  return out;
}

export function recordAddress(zone: string, name: string, type: string, index: number): string {
  return `${nameSlug(zone, name)}__${type.toLowerCase()}${index > 0 ? `_${index + 1}` : ''}`;
}

function nameSlug(zone: string, name: string): string {
  const relative = name.endsWith(`.${zone}`) ? name.slice(0, -(zone.length + 1)) : name;
  const slug = relative.replace(/\./g, '_');
  if (/^[a-z][a-z0-9-]*(_[a-z0-9][a-z0-9-]*)*$/.test(slug) && !relative.includes('_')) return slug;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const safe = slug.replace(/[^a-z0-9_-]/g, '-');
  return `${/^[a-z_]/.test(safe) ? '' : 'n'}${safe}_x${hash}`;
}

/** Cloudflare's comment: who owns the record and which letter asked for it (≤ 100 characters, the free plan's limit). */
export function recordComment(subdomain: Pick<DesiredSubdomain, 'opd' | 'letter'>): string {
  const text = `opd:${subdomain.opd}; surat:${subdomain.letter}`.replace(/[\r\n]+/g, ' ');
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}

/** Tags (paid Cloudflare plans): `opd:<key>` and `surat:<letter number>`. */
export function recordTags(subdomain: Pick<DesiredSubdomain, 'opd' | 'letter'>): string[] {
  return [`opd:${subdomain.opd}`, `surat:${subdomain.letter.replace(/[\r\n]+/g, ' ')}`];
}
