import { addressRecords, recordComment, stackName, zoneMoves } from './addresses.js';
import type { DesiredState, DesiredSubdomain } from './desired-state.js';
import { cmp, recordIdentity, sameRecord, type DesiredRecord } from '../records/index.js';
import { NOT_MATCHED } from '../adopt/import.js';

/** `adopt`: a live record a merged import takes over (a Terraform `import` block); DNS does not change. */
export type ChangeKind = 'add' | 'change' | 'delete' | 'adopt';

/** One record that DNS gains, loses or changes. */
export interface RecordChange {
  kind: ChangeKind;
  zone: string;
  /** The subdomain the record belongs to (its register/request name). */
  subdomain: string;
  /** Terraform address inside the zone's stack: `cloudflare_dns_record.<id>`. */
  address: string;
  before?: DesiredRecord;
  after?: DesiredRecord;
  /** True when Terraform must destroy and recreate it (the zone id changed). */
  replace?: boolean;
  /** For a change: the attributes Terraform updates that DNS does not serve (the record's comment). */
  metadata?: { comment?: { before: string; after: string } };
  /** For an adoption: the Cloudflare record id taken over, and the comment the record gets (Terraform sets it). */
  recordId?: string;
  comment?: string;
  /**
   * For an add: the record comes from a pending import that has no Cloudflare id for it (read from
   * a zone file, not matched against Cloudflare yet), so the apply creates it rather than adopts it.
   */
  unmatchedImport?: true;
  /** The record's resource moves to a new address (its group of records grew or shrank); no DNS change by itself. */
  movedFrom?: string;
  opd: string;
  /** The file that asks for the change: the request, or the register entry. */
  file?: string;
}

export interface ZonePlan {
  zone: string;
  stack: string;
  changes: RecordChange[];
  /** Updates that change only register data (purpose, contact): Terraform changes nothing. */
  registerOnly: { subdomain: string; opd: string; file?: string }[];
}

export interface PlanSummary {
  add: number;
  change: number;
  delete: number;
  /** Live records adopted by a merged import: no DNS change. */
  adopt: number;
  /** Changes that destroy and recreate a record. */
  replace: number;
}

/** A DNS plan is a value: what changes, zone by zone; renderers only print it. */
export interface DnsPlan {
  /** What the plan starts from: a ref, or "register". */
  from: string;
  /** What it ends at: "working tree", or "register + requests". */
  to: string;
  /** Whether every name was compared (false: only the names the change touches). */
  full: boolean;
  zones: ZonePlan[];
  summary: PlanSummary;
}

interface Side {
  record: DesiredRecord;
  subdomain: DesiredSubdomain;
  zoneId: string;
  comment: string;
}

/** The record-level difference between two desired states. */
export function diffStates(before: DesiredState, after: DesiredState, labels: { from: string; to: string; full: boolean }): DnsPlan {
  const zoneNames = [...new Set([...Object.keys(before.zones), ...Object.keys(after.zones)])];
  const zones: ZonePlan[] = [];
  const summary: PlanSummary = { add: 0, change: 0, delete: 0, adopt: 0, replace: 0 };
  for (const zone of zoneNames) {
    const old = indexZone(before, zone);
    const now = indexZone(after, zone);
    // A record whose resource moves (its group grew or shrank) is compared at its new address.
    const moved = new Map(zoneMoves(zone, Object.values(after.zones[zone]?.subdomains ?? {})).filter((m) => !m.legacy).map((m) => [m.from, m.to]));
    const changes: RecordChange[] = [];
    const matched = new Set<string>();
    for (const [address, b] of old) {
      const target = !now.has(address) && moved.has(address) ? moved.get(address)! : address;
      const a = now.get(target);
      if (!a) {
        changes.push({ kind: 'delete', zone, subdomain: b.subdomain.fqdn, address, before: b.record, opd: b.subdomain.opd, ...fileOf(b.subdomain, true) });
        continue;
      }
      matched.add(target);
      const replace = a.zoneId !== b.zoneId;
      const metadata = a.comment !== b.comment ? { comment: { before: b.comment, after: a.comment } } : undefined;
      if (replace || !sameRecord(a.record, b.record) || metadata) {
        changes.push({
          kind: 'change', zone, subdomain: a.subdomain.fqdn, address: target, before: b.record, after: a.record,
          ...(replace ? { replace } : {}), ...(metadata ? { metadata } : {}), ...(target !== address ? { movedFrom: address } : {}),
          opd: a.subdomain.opd, ...fileOf(a.subdomain, false),
        });
      }
    }
    for (const [address, a] of now) {
      if (matched.has(address)) continue;
      const recordId = a.subdomain.adopting?.[recordIdentity(a.record)];
      const unmatched = recordId === NOT_MATCHED;
      changes.push({
        kind: recordId ? 'adopt' : 'add', zone, subdomain: a.subdomain.fqdn, address, after: a.record, ...(recordId ? { recordId, comment: a.comment } : {}),
        ...(unmatched ? { unmatchedImport: true as const } : {}), opd: a.subdomain.opd, ...fileOf(a.subdomain, false),
      });
    }
    const touched = new Set(changes.map((c) => c.subdomain));
    const registerOnly = Object.values(after.zones[zone]?.subdomains ?? {})
      .filter((s) => s.provenance.action === 'update' && !touched.has(s.fqdn) && before.zones[zone]?.subdomains[s.fqdn]?.provenance.source === 'register')
      .map((s) => ({ subdomain: s.fqdn, opd: s.opd, ...(s.provenance.requestFile ? { file: s.provenance.requestFile } : {}) }));
    changes.sort((x, y) => cmp(x.subdomain, y.subdomain) || cmp(x.address, y.address));
    for (const c of changes) {
      summary[c.kind]++;
      if (c.replace) summary.replace++;
    }
    if (changes.length > 0 || registerOnly.length > 0) zones.push({ zone, stack: stackName(zone), changes, registerOnly });
  }
  return { from: labels.from, to: labels.to, full: labels.full, zones, summary };
}

function indexZone(state: DesiredState, zone: string): Map<string, Side> {
  const index = new Map<string, Side>();
  const zs = state.zones[zone];
  if (!zs) return index;
  for (const subdomain of Object.values(zs.subdomains)) {
    const comment = recordComment(subdomain);
    for (const { id, record } of addressRecords(zone, subdomain.records)) index.set(id, { record, subdomain, zoneId: zs.zone.cloudflare_zone_id, comment });
  }
  return index;
}

/** For a deleted record, the request that deletes it (when pending); else where the new state comes from. */
function fileOf(subdomain: DesiredSubdomain, deleted: boolean): { file?: string } {
  if (deleted) {
    return { file: subdomain.provenance.registerFile ?? subdomain.provenance.file };
  }
  return { file: subdomain.provenance.file };
}

/** Deletes that a pending request asks for point at the request rather than the register. */
export function attributeDeletes(plan: DnsPlan, after: DesiredState): DnsPlan {
  const requested = new Map(after.deletes.map((d) => [d.fqdn, d.requestFile]));
  for (const zone of plan.zones) {
    for (const change of zone.changes) {
      if (change.kind === 'delete' && requested.has(change.subdomain)) change.file = requested.get(change.subdomain)!;
    }
  }
  return plan;
}

export function isEmptyPlan(plan: DnsPlan): boolean {
  return plan.zones.length === 0;
}
