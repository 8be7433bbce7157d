/**
 * The posture of the office's subdomains, for the head of office's yearly report and the SPBE
 * evaluation: per OPD, how many subdomains, whether they were re-confirmed, what the watch found,
 * how fast incidents were handled against the incident time standard (Komdigi's 2×24 hours by
 * default), and which certificates are about to expire. A pure function of the policy, the
 * register, the clock and (when given) the watch result and the incident issues; no I/O.
 *
 * An input that was not given is "not checked", never zero. Confidential (takeover-class)
 * findings are counted but carry no detail at all here, so no rendering can publish them.
 */
import { parseDuration } from '../approvals/duration.js';
import { msg, type Message } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { readIncidentMarker, readIncidentState } from '../watch/incident-issue.js';
import { INCIDENT_DEFAULTS, type IssueSnapshot, type WatchReport } from '../watch/incidents.js';
import { CERTIFICATE_WINDOW_DAYS, SEVERITY_ORDER, type FindingSeverity } from '../watch/finding.js';
import { confirmationStatus, type ConfirmationStatus } from '../watch/reconfirm.js';
import type { RegisterItem } from './mutu-baku.js';

/**
 * Certificates about to expire (or already expired) are listed within the watch's own window,
 * so the report never promises certificates the watch does not report.
 */
export { CERTIFICATE_WINDOW_DAYS };

/**
 * The certificate findings: the end of validity is their JSON `certificate.valid_until`, or (a
 * result written before that field) their evidence's `s.d./until YYYY-MM-DD` (src/watch/watch.ts).
 */
const CERTIFICATE_KINDS: ReadonlySet<string> = new Set(['web/certificate-expiring', 'web/certificate-invalid']);
const VALID_UNTIL = /s\.d\.\/until (\d{4}-\d{2}-\d{2})\b/;

/** One incident issue as the report needs it. */
export interface IncidentRecord {
  fqdn: string;
  number: number;
  /** When the incident began (its state block's `opened`, else the issue's creation). */
  opened: string;
  /** When the issue was closed; undefined while it is open. */
  closed?: string;
  /** The public kinds its state block holds (confidential kinds are never there). */
  kinds: string[];
}

export interface PostureInput {
  policy: Pick<ResolvedPolicy, 'opds' | 'watch'>;
  items: readonly RegisterItem[];
  now: Date;
  /** The watch result (`parseWatchJson`); undefined: findings and certificates are not checked. */
  watch?: WatchReport;
  /** The incident issues (`incidentRecords`); undefined: incidents are not checked. */
  incidents?: readonly IncidentRecord[];
  /** Only incidents opened at or after this instant (ISO 8601). */
  since?: string;
  /** Why an input is missing, said in the report in place of its numbers. */
  notChecked?: { watch?: Message; incidents?: Message };
}

export type SeverityCounts = Record<FindingSeverity, number>;

export interface FindingCounts {
  total: number;
  bySeverity: SeverityCounts;
  /** Confidential findings among them: counted, never detailed ("perlu perhatian / needs attention"). */
  needsAttention: number;
}

export interface IncidentCounts {
  /** Opened in the period. */
  opened: number;
  /** Of those, closed within the time standard, and over it. */
  closedWithin: number;
  closedOver: number;
  /** Open now (whenever they were opened), and of those, older than the time standard. */
  open: number;
  openOver: number;
}

export interface PostureCounts {
  subdomains: number;
  confirmation: Record<ConfirmationStatus['state'], number>;
  /** Undefined when the watch was not checked. */
  findings?: FindingCounts;
  /** Undefined when the incidents were not checked. */
  incidents?: IncidentCounts;
  /** Certificates about to expire; undefined when the watch was not checked. */
  certificates?: number;
}

export interface OpdPosture extends PostureCounts {
  /** The OPD's key and name; both undefined for names outside the register (found at Cloudflare, or already deleted). */
  key?: string;
  name?: string;
}

/** A finding as the report shows it: a confidential one keeps its name and severity, nothing else. */
export type PostureFinding =
  | { fqdn: string; opd?: string; severity: FindingSeverity; confidential: false; kind: string; title: Message }
  | { fqdn: string; opd?: string; severity: FindingSeverity; confidential: true };

export interface CertificateRow {
  fqdn: string;
  opd?: string;
  kind: string;
  /** Last day of validity (UTC), as the watch saw it. */
  validUntil: string;
  /** Calendar days from the report's date to `validUntil`; negative once expired. */
  daysLeft: number;
}

export interface IncidentRow extends IncidentRecord {
  opd?: string;
  /** `closed − opened`, for a closed incident. */
  responseS?: number;
  /** `now − opened`, for an open one. */
  ageS?: number;
  /** Closed within the standard, or open and not yet past it. */
  withinStandard: boolean;
  /** Opened in the period (open incidents from before it are listed too). */
  inPeriod: boolean;
}

export type InputStatus = { checked: true } | { checked: false; reason: Message };

export interface PostureReport {
  /** The report's clock: the end of the period. */
  generatedAt: string;
  since?: string;
  incidentLimitS: number;
  certificateWindowDays: number;
  watch: { checked: true; checkedAt: string; names: number; registered: number; complete: boolean } | { checked: false; reason: Message };
  incidents: InputStatus;
  /** OPDs in the policy's order, then keys only the register knows, then names outside the register. */
  opds: OpdPosture[];
  total: PostureCounts;
  /** Due and overdue re-confirmations, in name order. */
  confirmations: ConfirmationStatus[];
  /** Worst first; undefined when not checked. */
  findings?: PostureFinding[];
  /** Soonest first; undefined when not checked. */
  certificates?: CertificateRow[];
  /** Oldest first; undefined when not checked. */
  incidentRows?: IncidentRow[];
}

const NOT_GIVEN = {
  watch: msg('hasil pemantauan tidak diberikan', 'no watch result given'),
  incidents: msg('issue insiden tidak dibaca', 'the incident issues were not read'),
};

/** The incident time standard: the policy's `watch.incident_limit`, else the incident planner's default. */
export function incidentLimitSeconds(policy: Pick<ResolvedPolicy, 'watch'>): number {
  return parseDuration(policy.watch?.incident_limit) ?? parseDuration(INCIDENT_DEFAULTS.incident_limit)!;
}

/**
 * Our incident issues among those listed: written by a bot, with one incident marker (anyone
 * may open an issue that carries our marker; the planner trusts only the bot's, and so do we).
 */
export function incidentRecords(issues: readonly IssueSnapshot[]): IncidentRecord[] {
  const out: IncidentRecord[] = [];
  for (const snap of issues) {
    if (!snap.byBot) continue;
    const fqdn = readIncidentMarker(snap.body);
    if (!fqdn) continue;
    const state = readIncidentState(snap.body);
    out.push({
      fqdn,
      number: snap.number,
      opened: state?.opened ?? snap.createdAt,
      ...(snap.state === 'closed' && snap.closedAt ? { closed: snap.closedAt } : {}),
      kinds: state?.kinds ?? [],
    });
  }
  return out.sort((a, b) => a.number - b.number);
}

function zeroCounts(watched: boolean, incidents: boolean): PostureCounts {
  return {
    subdomains: 0,
    confirmation: { ok: 0, due: 0, overdue: 0 },
    ...(watched ? { findings: { total: 0, bySeverity: Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as SeverityCounts, needsAttention: 0 }, certificates: 0 } : {}),
    ...(incidents ? { incidents: { opened: 0, closedWithin: 0, closedOver: 0, open: 0, openOver: 0 } } : {}),
  };
}

const bySeverity = (a: { severity: FindingSeverity; fqdn: string }, b: { severity: FindingSeverity; fqdn: string }) =>
  SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.fqdn < b.fqdn ? -1 : a.fqdn > b.fqdn ? 1 : 0);

/** Calendar days (UTC) from `now` to a `YYYY-MM-DD` date. */
function daysUntil(date: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / 86_400_000);
}

export function computePosture(input: PostureInput): PostureReport {
  const { policy, items, now } = input;
  const at = now.getTime();
  const watched = input.watch !== undefined;
  const withIncidents = input.incidents !== undefined;
  const limitS = incidentLimitSeconds(policy);
  const sinceTime = input.since !== undefined ? Date.parse(input.since) : undefined;
  const opdOf = new Map(items.map((i) => [i.fqdn, i.entry.opd]));

  // One row per OPD: the policy's, in its order, then keys only the register names.
  const rows = new Map<string, OpdPosture>();
  const rowFor = (key: string | undefined): OpdPosture => {
    const id = key ?? '';
    let row = rows.get(id);
    if (!row) {
      row = { ...(key !== undefined ? { key, name: policy.opds[key]?.name ?? key } : {}), ...zeroCounts(watched, withIncidents) };
      rows.set(id, row);
    }
    return row;
  };
  for (const key of Object.keys(policy.opds)) if (policy.opds[key]) rowFor(key);
  for (const item of items) rowFor(item.entry.opd).subdomains++;

  const statuses = confirmationStatus(items, policy, now);
  for (const s of statuses) rowFor(s.opd).confirmation[s.state]++;

  let findings: PostureFinding[] | undefined;
  let certificates: CertificateRow[] | undefined;
  if (input.watch) {
    findings = [];
    certificates = [];
    for (const f of input.watch.findings) {
      const opd = opdOf.get(f.name);
      const row = rowFor(opd);
      const counts = row.findings!;
      counts.total++;
      counts.bySeverity[f.severity]++;
      const base = { fqdn: f.name, ...(opd !== undefined ? { opd } : {}), severity: f.severity };
      if (f.confidential) {
        counts.needsAttention++;
        findings.push({ ...base, confidential: true });
        continue;
      }
      findings.push({ ...base, confidential: false, kind: f.kind, title: { id: f.title.id, en: f.title.en } });
      if (!CERTIFICATE_KINDS.has(f.kind)) continue;
      const until = f.certificate?.validUntil
        ?? f.evidence.map((e) => VALID_UNTIL.exec(e.seen)?.[1]).find((d) => d !== undefined && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
      if (until === undefined) continue;
      const daysLeft = daysUntil(until, now);
      if (daysLeft > CERTIFICATE_WINDOW_DAYS) continue;
      if (certificates.some((c) => c.fqdn === f.name)) continue;
      certificates.push({ fqdn: f.name, ...(opd !== undefined ? { opd } : {}), kind: f.kind, validUntil: until, daysLeft });
      row.certificates!++;
    }
    findings.sort(bySeverity);
    certificates.sort((a, b) => a.daysLeft - b.daysLeft || (a.fqdn < b.fqdn ? -1 : 1));
  }

  let incidentRows: IncidentRow[] | undefined;
  if (input.incidents) {
    incidentRows = [];
    for (const incident of input.incidents) {
      const opened = Date.parse(incident.opened);
      if (Number.isNaN(opened)) continue;
      const inPeriod = (sinceTime === undefined || opened >= sinceTime) && opened <= at;
      const open = incident.closed === undefined;
      if (!inPeriod && !open) continue;
      const opd = opdOf.get(incident.fqdn);
      const counts = rowFor(opd).incidents!;
      const row: IncidentRow = { ...incident, kinds: [...incident.kinds], ...(opd !== undefined ? { opd } : {}), withinStandard: true, inPeriod };
      if (inPeriod) counts.opened++;
      if (open) {
        row.ageS = Math.max(0, Math.round((at - opened) / 1000));
        row.withinStandard = row.ageS <= limitS;
        counts.open++;
        if (!row.withinStandard) counts.openOver++;
      } else {
        const closed = Date.parse(incident.closed!);
        if (!Number.isNaN(closed)) row.responseS = Math.max(0, Math.round((closed - opened) / 1000));
        row.withinStandard = row.responseS !== undefined && row.responseS <= limitS;
        if (row.withinStandard) counts.closedWithin++;
        else counts.closedOver++;
      }
      incidentRows.push(row);
    }
    incidentRows.sort((a, b) => Date.parse(a.opened) - Date.parse(b.opened) || a.number - b.number);
  }

  const opds = [...rows.values()].sort((a, b) => (a.key === undefined ? 1 : 0) - (b.key === undefined ? 1 : 0));
  return {
    generatedAt: now.toISOString(),
    ...(input.since !== undefined ? { since: input.since } : {}),
    incidentLimitS: limitS,
    certificateWindowDays: CERTIFICATE_WINDOW_DAYS,
    watch: input.watch
      ? { checked: true, checkedAt: input.watch.checkedAt, names: input.watch.names, registered: items.length, complete: input.watch.names >= items.length }
      : { checked: false, reason: input.notChecked?.watch ?? NOT_GIVEN.watch },
    incidents: withIncidents ? { checked: true } : { checked: false, reason: input.notChecked?.incidents ?? NOT_GIVEN.incidents },
    opds,
    total: sumCounts(opds, watched, withIncidents),
    confirmations: statuses.filter((s) => s.state !== 'ok'),
    ...(findings ? { findings } : {}),
    ...(certificates ? { certificates } : {}),
    ...(incidentRows ? { incidentRows } : {}),
  };
}

function sumCounts(rows: readonly PostureCounts[], watched: boolean, incidents: boolean): PostureCounts {
  const total = zeroCounts(watched, incidents);
  for (const row of rows) {
    total.subdomains += row.subdomains;
    for (const state of ['ok', 'due', 'overdue'] as const) total.confirmation[state] += row.confirmation[state];
    if (total.findings && row.findings) {
      total.findings.total += row.findings.total;
      total.findings.needsAttention += row.findings.needsAttention;
      for (const s of SEVERITY_ORDER) total.findings.bySeverity[s] += row.findings.bySeverity[s];
    }
    if (total.certificates !== undefined && row.certificates !== undefined) total.certificates += row.certificates;
    if (total.incidents && row.incidents) {
      for (const k of ['opened', 'closedWithin', 'closedOver', 'open', 'openOver'] as const) total.incidents[k] += row.incidents[k];
    }
  }
  return total;
}
