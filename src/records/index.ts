import type { DnsRecord } from '../schema/types.gen.js';
import { A, AAAA } from './address.js';
import { CAA } from './caa.js';
import { CNAME } from './cname.js';
import { MX } from './mx.js';
import { compareRecords, recordIdentity, type DesiredRecord, type RecordKind, type RecordType } from './record.js';
import { valueStrings } from './ref.js';
import { TXT } from './txt.js';

export * from './record.js';

/** Every record type the product manages, one module each. */
export const RECORD_KINDS: Readonly<Record<RecordType, RecordKind>> = { A, AAAA, CNAME, TXT, MX, CAA };

export function kindOf(type: RecordType): RecordKind {
  return RECORD_KINDS[type];
}

/**
 * The desired records of what one file writes: service labels (`_dmarc`) placed under the
 * subdomain, contents in canonical form, sorted, each record once. A TXT list is one record;
 * other types take one value each.
 */
export function desiredRecords(fqdn: string, written: readonly DnsRecord[]): DesiredRecord[] {
  const out: DesiredRecord[] = [];
  const seen = new Set<string>();
  for (const record of written) {
    const kind = kindOf(record.type);
    const name = record.name ? `${record.name.toLowerCase()}.${fqdn}` : fqdn;
    const proxied = record.proxied === true && kind.proxiable;
    const contents = kind.listIsOneRecord ? [kind.content(record.value)] : valueStrings(record.value).map((v) => kind.content(v));
    for (const content of contents) {
      const desired: DesiredRecord = { name, type: record.type, content };
      if (!proxied && record.ttl !== undefined && record.ttl !== 1) desired.ttl = record.ttl;
      if (proxied) desired.proxied = true;
      if (record.type === 'MX' && record.priority !== undefined) desired.priority = record.priority;
      const identity = recordIdentity(desired);
      if (seen.has(identity)) continue;
      seen.add(identity);
      out.push(desired);
    }
  }
  return out.sort(compareRecords);
}
