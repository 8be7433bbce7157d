import type { DnsRecord } from '../schema/types.gen.js';
import { A, AAAA } from './address.js';
import { CAA } from './caa.js';
import { CNAME } from './cname.js';
import { MX } from './mx.js';
import { NS } from './ns.js';
import { compareRecords, recordIdentity, type DesiredRecord, type RecordKind, type RecordType } from './record.js';
import { valueStrings } from './ref.js';
import { SRV } from './srv.js';
import { TXT } from './txt.js';

export * from './record.js';

/** Every record type the product manages, one module each. */
export const RECORD_KINDS: Readonly<Record<RecordType, RecordKind>> = { A, AAAA, CNAME, TXT, MX, CAA, NS, SRV };

export function kindOf(type: RecordType): RecordKind {
  return RECORD_KINDS[type];
}

/**
 * The desired records of what one file writes: service labels (`_dmarc`) placed under the
 * subdomain, contents in canonical form, sorted, each record once. A TXT list is one record;
 * an NS list one record per name server; other types take one value each. MX and SRV keep
 * their priority apart from the content.
 */
export function desiredRecords(fqdn: string, written: readonly DnsRecord[]): DesiredRecord[] {
  const out: DesiredRecord[] = [];
  const seen = new Set<string>();
  for (const record of written) {
    const kind = kindOf(record.type);
    const name = record.name ? `${record.name.toLowerCase()}.${fqdn}` : fqdn;
    const proxied = record.proxied === true && kind.proxiable;
    const contents = kind.listIsOneRecord ? [kind.content(record)] : valueStrings(record.value).map((value) => kind.content({ ...record, value }));
    for (const content of contents) {
      const desired: DesiredRecord = { name, type: record.type, content };
      if (!proxied && record.ttl !== undefined && record.ttl !== 1) desired.ttl = record.ttl;
      if (proxied) desired.proxied = true;
      if (kind.hasPriority && record.priority !== undefined) desired.priority = record.priority;
      const identity = recordIdentity(desired);
      if (seen.has(identity)) continue;
      seen.add(identity);
      out.push(desired);
    }
  }
  return out.sort(compareRecords);
}
