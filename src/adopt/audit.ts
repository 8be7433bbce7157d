import type { ZoneState } from '../dns/desired-state.js';
import { cmp, kindOf, RECORD_KINDS, recordIdentity, type DesiredRecord, type RecordType } from '../records/index.js';
import type { Zone } from '../schema/types.gen.js';
import type { LiveRecord } from '../zone/live-record.js';
import { isInfrastructure, splitOwner } from './import.js';

/** An attribute of a record that Cloudflare holds differently from the register. */
export type DriftField = 'content' | 'ttl' | 'proxied' | 'priority';

export interface Drifted {
  name: string;
  type: string;
  subdomain: string;
  desired: DesiredRecord;
  live: LiveRecord;
  differs: DriftField[];
}

export interface AuditFinding {
  name: string;
  type: string;
  /** The register entry (or, for unmanaged records, the name) it belongs to. */
  subdomain: string;
  record: DesiredRecord | LiveRecord;
}

export interface ZoneAudit {
  zone: string;
  inSync: number;
  drifted: Drifted[];
  /** In the register, not at Cloudflare. */
  missing: AuditFinding[];
  /** At Cloudflare under a registered name, but in no register entry (added by hand). */
  extra: AuditFinding[];
  /** At Cloudflare, in no register entry and in no infrastructure list: the forgotten names. */
  unmanaged: AuditFinding[];
  /** Records at the apex and infrastructure names: never managed by the pipeline. */
  infrastructure: number;
}

export function isClean(audit: ZoneAudit): boolean {
  return audit.drifted.length + audit.missing.length + audit.extra.length + audit.unmanaged.length === 0;
}

/**
 * Compares a zone's live records with its register. Records pair by identity (name, type,
 * canonical content); what is left pairs by name and type (content drifted); the rest is
 * missing, extra or unmanaged. Pure: the caller reads Cloudflare and the register.
 */
export function auditZone(zone: Zone, desired: ZoneState, live: readonly LiveRecord[]): ZoneAudit {
  const audit: ZoneAudit = { zone: zone.name, inSync: 0, drifted: [], missing: [], extra: [], unmanaged: [], infrastructure: 0 };
  const want = new Map<string, { record: DesiredRecord; subdomain: string }>();
  for (const [fqdn, subdomain] of Object.entries(desired.subdomains)) {
    for (const record of subdomain.records) want.set(recordIdentity(record), { record, subdomain: fqdn });
  }
  const leftover: { live: LiveRecord; canonical?: DesiredRecord; subdomain: string }[] = [];
  for (const record of live) {
    const owner = splitOwner(record.name, zone.name);
    const relative = owner?.subdomain === '' ? '@' : owner?.subdomain ?? record.name;
    const subdomain = relative === '@' ? zone.name : `${relative}.${zone.name}`;
    if (isInfrastructure(zone, relative, record.type)) {
      audit.infrastructure++;
      continue;
    }
    const canonical = canonicalOf(record);
    const wanted = canonical ? want.get(recordIdentity(canonical)) : undefined;
    if (!canonical || !wanted) {
      leftover.push({ live: record, ...(canonical ? { canonical } : {}), subdomain });
      continue;
    }
    want.delete(recordIdentity(canonical));
    const differs = attributeDiffs(wanted.record, canonical);
    if (differs.length === 0) audit.inSync++;
    else audit.drifted.push({ name: record.name, type: record.type, subdomain: wanted.subdomain, desired: wanted.record, live: record, differs });
  }
  // Left on both sides at the same name and type: the content was changed by hand.
  const unmatched = new Map<string, { record: DesiredRecord; subdomain: string }[]>();
  for (const w of want.values()) {
    const key = `${w.record.name}\0${w.record.type}`;
    unmatched.set(key, [...(unmatched.get(key) ?? []), w]);
  }
  for (const { live: record, canonical, subdomain } of leftover) {
    const candidates = unmatched.get(`${record.name}\0${record.type}`);
    const wanted = candidates?.shift();
    if (wanted && canonical) {
      audit.drifted.push({ name: record.name, type: record.type, subdomain: wanted.subdomain, desired: wanted.record, live: record, differs: ['content', ...attributeDiffs(wanted.record, canonical)] });
      continue;
    }
    const finding = { name: record.name, type: record.type, subdomain, record };
    if (desired.subdomains[subdomain]) audit.extra.push(finding);
    else audit.unmanaged.push(finding);
  }
  for (const list of unmatched.values()) for (const w of list) audit.missing.push({ name: w.record.name, type: w.record.type, subdomain: w.subdomain, record: w.record });
  const byName = (a: { name: string; type: string }, b: { name: string; type: string }) => cmp(a.name, b.name) || cmp(a.type, b.type);
  for (const list of [audit.drifted, audit.missing, audit.extra, audit.unmanaged]) list.sort(byName);
  return audit;
}

/** A live record in the register's terms; undefined for types the product does not manage. */
function canonicalOf(record: LiveRecord): DesiredRecord | undefined {
  if (!(record.type in RECORD_KINDS)) return undefined;
  const kind = kindOf(record.type as RecordType);
  const out: DesiredRecord = { name: record.name, type: record.type as RecordType, content: kind.fromProvider(record.content) };
  if (record.proxied && kind.proxiable) out.proxied = true;
  else if (record.ttl !== 1) out.ttl = record.ttl;
  if (kind.hasPriority && record.priority !== undefined) out.priority = record.priority;
  return out;
}

function attributeDiffs(desired: DesiredRecord, live: DesiredRecord): DriftField[] {
  const out: DriftField[] = [];
  if (desired.ttl !== live.ttl) out.push('ttl');
  if (desired.proxied !== live.proxied) out.push('proxied');
  if (desired.priority !== live.priority) out.push('priority');
  return out;
}
