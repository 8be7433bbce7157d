import type { ZoneAudit } from '../adopt/audit.js';
import type { DesiredState } from '../dns/desired-state.js';
import { RECORD_KINDS, type RecordKind } from '../records/index.js';
import type { RegisterItem } from '../report/mutu-baku.js';

/** A record the watch looks at: its full owner name, type and content as the register or Cloudflare holds it. */
export interface WatchedRecord {
  name: string;
  type: string;
  content: string;
  proxied?: boolean;
}

/** One name the watch checks, with what the office knows about it. */
export interface WatchSubject {
  name: string;
  zone: string;
  /** The owner OPD; absent for a record found at Cloudflare in no register entry. */
  opd?: string;
  purpose?: string;
  managed: boolean;
  records: WatchedRecord[];
}

/** Every registered subdomain (the register alone, never pending requests), with its purpose. */
export function registeredSubjects(state: DesiredState, items: readonly RegisterItem[]): WatchSubject[] {
  const purposes = new Map(items.map((item) => [item.fqdn, item.entry.purpose]));
  const subjects: WatchSubject[] = [];
  for (const [zone, zoneState] of Object.entries(state.zones)) {
    for (const subdomain of Object.values(zoneState.subdomains)) {
      const purpose = purposes.get(subdomain.fqdn);
      subjects.push({
        name: subdomain.fqdn,
        zone,
        opd: subdomain.opd,
        ...(purpose !== undefined ? { purpose } : {}),
        managed: true,
        records: subdomain.records.map((r) => ({ name: r.name, type: r.type, content: r.content, ...(r.proxied ? { proxied: true } : {}) })),
      });
    }
  }
  return subjects;
}

/** The records the audit found at Cloudflare in no register entry, grouped by the name they belong to. */
export function unmanagedSubjects(audits: readonly ZoneAudit[]): WatchSubject[] {
  const byName = new Map<string, WatchSubject>();
  for (const audit of audits) {
    for (const found of audit.unmanaged) {
      const subject = byName.get(found.subdomain) ?? { name: found.subdomain, zone: audit.zone, managed: false, records: [] };
      const { record } = found;
      subject.records.push({ name: record.name, type: record.type, content: record.content, ...(record.proxied ? { proxied: true } : {}) });
      byName.set(found.subdomain, subject);
    }
  }
  return [...byName.values()];
}

/** The host name a record points at (CNAME, MX, NS, SRV), from the record model. */
export function recordTarget(record: WatchedRecord): string | undefined {
  // Live records may be of types the record model does not manage (SOA, PTR …): those have no target here.
  const target = (RECORD_KINDS as Partial<Record<string, RecordKind>>)[record.type]?.target?.(record.content);
  return target?.toLowerCase().replace(/\.$/, '');
}

/** Keeps the subjects a command line asked for: a zone, and/or names (exact, case-insensitive). */
export function selectSubjects(subjects: readonly WatchSubject[], zone?: string, names: readonly string[] = []): WatchSubject[] {
  const wanted = new Set(names.map(normalName));
  return subjects.filter((s) => (!zone || s.zone === normalName(zone)) && (wanted.size === 0 || wanted.has(s.name)));
}

export function normalName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
