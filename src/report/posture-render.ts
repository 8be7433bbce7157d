/**
 * Renderings of the posture report: Markdown for people, JSON for programs, CSV (one row per
 * OPD) for spreadsheets. The PDF is in posture-pdf.ts. Every text from the register, the policy
 * or the watch reaches Markdown through src/render/markdown.ts and CSV through `csvField`.
 */
import { codeCell, plainText, tableCell } from '../render/markdown.js';
import type { Message } from '../model/problem.js';
import { NEEDS_ATTENTION, SEVERITY_ORDER, type FindingSeverity } from '../watch/finding.js';
import { bilingualDuration, DEFAULT_TIME_ZONE, durationId, formatDate, formatTime } from './format.js';
import type { CertificateRow, IncidentRow, OpdPosture, PostureCounts, PostureFinding, PostureReport } from './posture.js';
import { csvField } from './render.js';

export type PostureFormat = 'markdown' | 'json' | 'csv';
export const POSTURE_FORMATS: readonly PostureFormat[] = ['markdown', 'json', 'csv'];

export interface PostureContext {
  office?: string;
  timeZone?: string;
  /** `OWNER/NAME` the incident issues were read from. */
  repo?: string;
}

export const POSTURE_TITLE = { id: 'Laporan Keamanan dan Kondisi Sub Domain', en: 'Subdomain posture report' } as const;
export const NOT_CHECKED = 'tidak diperiksa / not checked';
export const UNREGISTERED = 'tidak terdaftar / not in the register';

/** Severities whose findings are listed one by one; lower ones are counted only. */
export const LISTED_SEVERITIES: ReadonlySet<FindingSeverity> = new Set(['critical', 'high', 'medium']);

export const SEVERITY_ID: Record<FindingSeverity, string> = { critical: 'kritis', high: 'tinggi', medium: 'sedang', low: 'rendah', info: 'info' };

export function renderPosture(report: PostureReport, format: PostureFormat, context: PostureContext = {}): string {
  switch (format) {
    case 'markdown':
      return postureMarkdown(report, context);
    case 'json':
      return `${JSON.stringify(postureJson(report, context), null, 2)}\n`;
    case 'csv':
      return postureCsv(report);
  }
}

// ---- shared wording (Markdown and PDF) -----------------------------------------------------

/** `sejak / since 2026-01-01 00:00 WIB s.d. / until 2026-11-24 10:00 WIB` */
export function periodText(report: Pick<PostureReport, 'since' | 'generatedAt'>, zone: string): string {
  const until = `s.d. / until ${formatTime(report.generatedAt, zone)}`;
  return report.since ? `sejak / since ${formatTime(report.since, zone)} ${until}` : `seluruh riwayat / whole history ${until}`;
}

/** `12 hari lagi / in 12 days`, `hari ini / today`, `kedaluwarsa 3 hari lalu / expired 3 days ago` */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `${daysLeft} hari lagi / in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  if (daysLeft === 0) return 'hari ini / today';
  return `kedaluwarsa ${-daysLeft} hari lalu / expired ${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
}

export function incidentStatus(row: IncidentRow): Message {
  if (row.closed === undefined) {
    return row.withinStandard ? { id: 'terbuka', en: 'open' } : { id: 'terbuka, melewati standar', en: 'open, over the standard' };
  }
  if (row.responseS === undefined) return { id: 'ditutup, lama tidak diketahui', en: 'closed, time unknown' };
  return row.withinStandard ? { id: 'dalam standar', en: 'within the standard' } : { id: 'melewati standar', en: 'over the standard' };
}

const reasonText = (reason: Message) => `${reason.id} / ${reason.en}`;

/** Why an input was not checked, in both languages; empty when it was. */
export function whyNotChecked(status: PostureReport['watch'] | PostureReport['incidents']): Message {
  return status.checked ? { id: '', en: '' } : status.reason;
}

// ---- Markdown -------------------------------------------------------------------------

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function opdCell(o: Pick<OpdPosture, 'key' | 'name'>): string {
  return o.key === undefined ? `_${UNREGISTERED}_` : `${tableCell(o.name ?? o.key)} (${codeCell(o.key)})`;
}

function opdNameCell(opds: ReadonlyMap<string, string>, key: string | undefined): string {
  return key === undefined ? `_${UNREGISTERED}_` : tableCell(opds.get(key) ?? key);
}

/** A table cell of text the watch saw on someone else's server: plain, and its @mentions notify nobody. */
function inertCell(text: string): string {
  return tableCell(text).replace(/@/g, '@\u200b');
}

const count = (n: number | undefined) => (n === undefined ? NOT_CHECKED : String(n));

export function postureMarkdown(report: PostureReport, context: PostureContext = {}): string {
  const zone = context.timeZone ?? DEFAULT_TIME_ZONE;
  const names = new Map(report.opds.flatMap((o) => (o.key !== undefined ? [[o.key, o.name ?? o.key] as const] : [])));
  const all: { label: string; counts: PostureCounts }[] = [
    ...report.opds.map((o) => ({ label: opdCell(o), counts: o as PostureCounts })),
    { label: '**Jumlah / total**', counts: report.total },
  ];
  const lines: string[] = [];
  lines.push(`# ${POSTURE_TITLE.id} / ${POSTURE_TITLE.en}${context.office ? ` — ${plainText(context.office)}` : ''}`);
  lines.push('');
  lines.push(`- Periode / period: ${periodText(report, zone)}`);
  lines.push(`- Standar waktu insiden / incident time standard: ${bilingualDuration(report.incidentLimitS)}`);
  const w = report.watch;
  lines.push(w.checked
    ? `- Pemantauan / watch: ${formatTime(w.checkedAt, zone)}, ${w.names} nama diperiksa, ${w.registered} terdaftar / ${w.names} names checked, ${w.registered} registered${w.complete ? '' : ' — **sebagian: tidak semua nama terdaftar diperiksa / partial: not every registered name was checked**'}`
    : `- Pemantauan / watch: **${NOT_CHECKED}** (${reasonText(w.reason)})`);
  lines.push(report.incidents.checked
    ? `- Insiden / incidents: issue GitHub${context.repo ? ` ${codeCell(context.repo)}` : ''} / GitHub issues`
    : `- Insiden / incidents: **${NOT_CHECKED}** (${reasonText(report.incidents.reason)})`);
  lines.push('');

  lines.push('## Ringkasan per OPD / per agency');
  lines.push('');
  lines.push(row(['OPD', 'Sub domain', 'Terkonfirmasi / confirmed', 'Jatuh tempo / due', 'Lewat tenggang / overdue', 'Temuan / findings', 'Insiden / incidents', 'Sertifikat / certificates']));
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { label, counts } of all) {
    lines.push(row([
      label,
      String(counts.subdomains),
      String(counts.confirmation.ok),
      String(counts.confirmation.due),
      String(counts.confirmation.overdue),
      count(counts.findings?.total),
      count(counts.incidents?.opened),
      count(counts.certificates),
    ]));
  }
  lines.push('');
  lines.push('Terkonfirmasi: dikonfirmasi ulang oleh OPD dalam jangka kebijakan (pembuatan dihitung). Insiden: dibuka dalam periode. Sertifikat: berakhir dalam 30 hari atau sudah kedaluwarsa.');
  lines.push('_Confirmed: re-confirmed by the OPD within the policy\'s interval (creation counts). Incidents: opened in the period. Certificates: ending within 30 days or already expired._');
  lines.push('');

  lines.push('## Konfirmasi ulang / re-confirmation');
  lines.push('');
  if (report.confirmations.length === 0) {
    lines.push('Semua sub domain sudah dikonfirmasi. / Every subdomain is confirmed.');
  } else {
    lines.push(row(['Sub domain', 'OPD', 'Terakhir / last', 'Jatuh tempo / due', 'Tenggang s.d. / grace until', 'Status']));
    lines.push('|---|---|---|---|---|---|');
    for (const c of report.confirmations) {
      lines.push(row([codeCell(c.fqdn), opdNameCell(names, c.opd), c.lastConfirmed ? formatDate(c.lastConfirmed, zone) : '—', formatDate(c.dueAt, zone), formatDate(c.graceEndsAt, zone), c.state === 'overdue' ? '**lewat tenggang / overdue**' : 'jatuh tempo / due']));
    }
  }
  lines.push('');

  lines.push('## Temuan pemantauan / watch findings');
  lines.push('');
  if (!report.findings) {
    lines.push(`${NOT_CHECKED}: ${reasonText(whyNotChecked(report.watch))}`);
  } else {
    lines.push(row(['OPD', ...SEVERITY_ORDER.map((s) => `${SEVERITY_ID[s]} / ${s}`), NEEDS_ATTENTION]));
    lines.push(`|---|${SEVERITY_ORDER.map(() => '---:').join('|')}|---:|`);
    for (const { label, counts } of all) {
      const f = counts.findings!;
      lines.push(row([label, ...SEVERITY_ORDER.map((s) => String(f.bySeverity[s])), String(f.needsAttention)]));
    }
    lines.push('');
    lines.push(...findingList(report.findings, names));
  }
  lines.push('');

  lines.push(`## Insiden / incidents — standar / standard ${bilingualDuration(report.incidentLimitS)}`);
  lines.push('');
  if (!report.incidentRows) {
    lines.push(`${NOT_CHECKED}: ${reasonText(whyNotChecked(report.incidents))}`);
  } else {
    lines.push(row(['OPD', 'Dibuka / opened', 'Selesai dalam standar / closed within', 'Selesai melewati standar / closed over', 'Masih terbuka / still open', 'Terbuka melewati standar / open over']));
    lines.push('|---|---:|---:|---:|---:|---:|');
    for (const { label, counts } of all) {
      const i = counts.incidents!;
      lines.push(row([label, String(i.opened), String(i.closedWithin), String(i.closedOver), String(i.open), String(i.openOver)]));
    }
    lines.push('');
    lines.push(...incidentList(report.incidentRows, names, zone));
  }
  lines.push('');

  lines.push(`## Sertifikat segera kedaluwarsa / certificates about to expire (${report.certificateWindowDays} hari / days)`);
  lines.push('');
  if (!report.certificates) lines.push(`${NOT_CHECKED}: ${reasonText(whyNotChecked(report.watch))}`);
  else lines.push(...certificateList(report.certificates, names));
  lines.push('');
  return lines.join('\n');
}

function findingList(findings: readonly PostureFinding[], names: ReadonlyMap<string, string>): string[] {
  const listed = findings.filter((f) => LISTED_SEVERITIES.has(f.severity));
  const lines: string[] = [];
  if (listed.length === 0) {
    lines.push('Tidak ada temuan tingkat kritis, tinggi atau sedang. / No critical, high or medium findings.');
  } else {
    lines.push(row(['Tingkat / severity', 'Sub domain', 'OPD', 'Temuan / finding']));
    lines.push('|---|---|---|---|');
    for (const f of listed) {
      const what = f.confidential ? NEEDS_ATTENTION : `${inertCell(f.title.id)} / ${inertCell(f.title.en)} (${codeCell(f.kind)})`;
      lines.push(row([`${SEVERITY_ID[f.severity]} / ${f.severity}`, codeCell(f.fqdn), opdNameCell(names, f.opd), what]));
    }
  }
  lines.push('');
  lines.push('Temuan kelas pengambilalihan hanya ditulis "perlu perhatian" sampai diperbaiki; rinciannya dilaporkan secara tertutup. Temuan rendah dan info hanya dihitung.');
  lines.push('_Takeover-class findings only say "needs attention" until they are fixed; their details are reported privately. Low and info findings are counted only._');
  return lines;
}

function incidentList(rows: readonly IncidentRow[], names: ReadonlyMap<string, string>, zone: string): string[] {
  if (rows.length === 0) return ['Tidak ada insiden dalam periode ini. / No incidents in this period.'];
  const lines = [row(['Issue', 'Sub domain', 'OPD', 'Dibuka / opened', 'Ditutup / closed', 'Lama / time', 'Status'])];
  lines.push('|---:|---|---|---|---|---|---|');
  for (const r of rows) {
    const status = incidentStatus(r);
    const time = r.closed !== undefined ? durationId(r.responseS) : `${durationId(r.ageS)} (berjalan / running)`;
    lines.push(row([
      `#${r.number}`,
      codeCell(r.fqdn),
      opdNameCell(names, r.opd),
      formatTime(r.opened, zone),
      r.closed !== undefined ? formatTime(r.closed, zone) : '—',
      time,
      `${tableCell(status.id)} / ${tableCell(status.en)}${r.inPeriod ? '' : ' (dibuka sebelum periode / opened before the period)'}`,
    ]));
  }
  return lines;
}

function certificateList(rows: readonly CertificateRow[], names: ReadonlyMap<string, string>): string[] {
  if (rows.length === 0) return ['Tidak ada. / None.'];
  const lines = [row(['Sub domain', 'OPD', 'Berlaku s.d. / valid until', 'Sisa / left']), '|---|---|---|---|'];
  for (const c of rows) lines.push(row([codeCell(c.fqdn), opdNameCell(names, c.opd), c.validUntil, daysLeftText(c.daysLeft)]));
  return lines;
}

// ---- JSON -----------------------------------------------------------------------------

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function countsJson(c: PostureCounts) {
  return {
    subdomains: c.subdomains,
    confirmation: { ok: c.confirmation.ok, due: c.confirmation.due, overdue: c.confirmation.overdue },
    findings: c.findings ? { total: c.findings.total, ...c.findings.bySeverity, needs_attention: c.findings.needsAttention } : null,
    incidents: c.incidents
      ? { opened: c.incidents.opened, closed_within: c.incidents.closedWithin, closed_over: c.incidents.closedOver, open: c.incidents.open, open_over: c.incidents.openOver }
      : null,
    certificates_expiring: orNull(c.certificates),
  };
}

/** Snake case, seconds, and `null` for what was not checked (never 0). */
export function postureJson(report: PostureReport, context: PostureContext = {}) {
  const w = report.watch;
  return {
    office: orNull(context.office),
    generated_at: report.generatedAt,
    since: orNull(report.since),
    incident_limit_s: report.incidentLimitS,
    certificate_window_days: report.certificateWindowDays,
    watch: w.checked
      ? { checked: true, checked_at: w.checkedAt, names: w.names, registered: w.registered, complete: w.complete }
      : { checked: false, reason: w.reason },
    incident_issues: report.incidents.checked
      ? { checked: true, repo: orNull(context.repo) }
      : { checked: false, reason: report.incidents.reason },
    opds: report.opds.map((o) => ({ key: orNull(o.key), name: orNull(o.name), ...countsJson(o) })),
    total: countsJson(report.total),
    confirmations: report.confirmations.map((c) => ({ fqdn: c.fqdn, opd: c.opd, last_confirmed: c.lastConfirmed, due_at: c.dueAt, grace_ends_at: c.graceEndsAt, state: c.state })),
    findings: report.findings
      ? report.findings.map((f) => (f.confidential
        ? { fqdn: f.fqdn, opd: orNull(f.opd), severity: f.severity, confidential: true, kind: null, title: null }
        : { fqdn: f.fqdn, opd: orNull(f.opd), severity: f.severity, confidential: false, kind: f.kind, title: f.title }))
      : null,
    certificates: report.certificates
      ? report.certificates.map((c) => ({ fqdn: c.fqdn, opd: orNull(c.opd), kind: c.kind, valid_until: c.validUntil, days_left: c.daysLeft }))
      : null,
    incidents: report.incidentRows
      ? report.incidentRows.map((r) => ({
        issue: r.number,
        fqdn: r.fqdn,
        opd: orNull(r.opd),
        opened: r.opened,
        closed: orNull(r.closed),
        kinds: r.kinds,
        response_s: orNull(r.responseS),
        age_s: orNull(r.ageS),
        within_standard: r.withinStandard,
        in_period: r.inPeriod,
      }))
      : null,
  };
}

// ---- CSV ------------------------------------------------------------------------------

export const POSTURE_CSV_HEADER = [
  'opd', 'name', 'subdomains', 'confirmed', 'due', 'overdue',
  'findings', ...SEVERITY_ORDER, 'needs_attention',
  'incidents_opened', 'incidents_closed_within', 'incidents_closed_over', 'incidents_open', 'incidents_open_over',
  'certificates_expiring',
] as const;

/** One row per OPD and a last `_total` row; what was not checked says so in its cells. */
export function postureCsv(report: PostureReport): string {
  const cells = (key: string, name: string, c: PostureCounts): (string | number)[] => {
    const f = c.findings;
    const i = c.incidents;
    const or = (n: number | undefined) => (n === undefined ? NOT_CHECKED : n);
    return [
      key, name, c.subdomains, c.confirmation.ok, c.confirmation.due, c.confirmation.overdue,
      or(f?.total), ...SEVERITY_ORDER.map((s) => or(f?.bySeverity[s])), or(f?.needsAttention),
      or(i?.opened), or(i?.closedWithin), or(i?.closedOver), or(i?.open), or(i?.openOver),
      or(c.certificates),
    ];
  };
  const rows: (string | number)[][] = [[...POSTURE_CSV_HEADER]];
  for (const o of report.opds) rows.push(o.key === undefined ? cells('_unregistered', UNREGISTERED, o) : cells(o.key, o.name ?? o.key, o));
  rows.push(cells('_total', 'Jumlah / total', report.total));
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
