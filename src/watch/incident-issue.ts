/**
 * The incident issue as text: its hidden markers, its machine-readable state block, its public
 * body (takeover-class findings only "need attention" there), the private advisory's text, and
 * the comments. Pure; the planner (incidents.ts) decides what is written, the adapter
 * (src/github/incidents.ts) writes it. Every text from a finding goes through
 * src/render/markdown.ts: data never becomes Markdown.
 */
import { formatDuration } from '../approvals/duration.js';
import { codeCell, plainText, tableCell } from '../render/markdown.js';
import { formatDate, formatTime } from '../report/format.js';
import { reconfirmMarker } from './reconfirm.js';
import type { ConfirmationStatus } from './reconfirm.js';
import { NEEDS_ATTENTION, type FindingSeverity } from './finding.js';
import { msg, type Message } from '../model/problem.js';

/** Label of every incident issue (the planner lists issues by it). */
export const INCIDENT_LABEL = 'insiden-subdomain';

/** The pseudo-kind of a re-confirmation the OPD let pass its grace period. */
export const OVERDUE_KIND = 'reconfirm/overdue';

/** A lowercase full domain name: safe inside an HTML comment and as a file name. */
const FQDN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const INCIDENT_MARKER = /<!--\s*subdomain-incident:([^\s>]*)\s*-->/g;
const STATE_BLOCK = /<!-- subdomain-incident-state (\{[^\n]*?\}) -->/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const KIND = /^[a-z]+\/[a-z-]+$/;
const GHSA = /^GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/;

export function isFqdn(name: string): boolean {
  return FQDN.test(name);
}

/** `<!-- subdomain-incident:sehat.bekasikota.go.id -->`; throws for a string that is not a domain name (a bug). */
export function incidentMarker(fqdn: string): string {
  if (!FQDN.test(fqdn)) throw new Error(`incidentMarker: not a domain name: ${JSON.stringify(fqdn)}`);
  return `<!-- subdomain-incident:${fqdn} -->`;
}

/** The subdomain an issue body's incident marker names, or undefined (none, not a domain name, or several). */
export function readIncidentMarker(body: string | null | undefined): string | undefined {
  if (typeof body !== 'string') return undefined;
  const names = new Set<string>();
  for (const match of body.slice(0, 65_536).matchAll(INCIDENT_MARKER)) names.add(match[1]!);
  if (names.size !== 1) return undefined;
  const [name] = [...names];
  return name !== undefined && FQDN.test(name) ? name : undefined;
}

/**
 * What the issue remembers between runs, as one JSON line in a hidden comment at the end of
 * its body. Read back strictly: a field of the wrong shape drops the whole block (the planner
 * then starts from the issue's creation time, never from a guess).
 */
export interface IncidentState {
  /** When this incident began: the time standard and the removal grace count from here. */
  opened: string;
  /** The kinds seen at the last run, sorted (`reconfirm/overdue` for a missed confirmation). */
  kinds: string[];
  /** Digest of the confidential findings' details: the private advisory is updated when it changes. */
  secret?: string;
  /** When the time standard passed and the next role was called in. */
  escalated?: string;
  /** The draft security advisory holding the confidential details. */
  advisory?: string;
  /** The pull request of the delete request the watch opened. */
  removal?: number;
}

export function readIncidentState(body: string): IncidentState | undefined {
  const match = STATE_BLOCK.exec(body);
  if (!match) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(match[1]!);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const known = new Set(['opened', 'kinds', 'secret', 'escalated', 'advisory', 'removal']);
  if (Object.keys(r).some((k) => !known.has(k))) return undefined;
  if (typeof r.opened !== 'string' || !ISO.test(r.opened)) return undefined;
  if (!Array.isArray(r.kinds) || r.kinds.length > 50 || !r.kinds.every((k) => typeof k === 'string' && KIND.test(k))) return undefined;
  if (r.secret !== undefined && (typeof r.secret !== 'string' || !/^[0-9a-f]{16}$/.test(r.secret))) return undefined;
  if (r.escalated !== undefined && (typeof r.escalated !== 'string' || !ISO.test(r.escalated))) return undefined;
  if (r.advisory !== undefined && (typeof r.advisory !== 'string' || !GHSA.test(r.advisory))) return undefined;
  if (r.removal !== undefined && (!Number.isSafeInteger(r.removal) || (r.removal as number) < 1)) return undefined;
  return {
    opened: r.opened,
    kinds: [...(r.kinds as string[])].sort(),
    ...(r.secret !== undefined ? { secret: r.secret as string } : {}),
    ...(r.escalated !== undefined ? { escalated: r.escalated as string } : {}),
    ...(r.advisory !== undefined ? { advisory: r.advisory as string } : {}),
    ...(r.removal !== undefined ? { removal: r.removal as number } : {}),
  };
}

/** The hidden state block: fixed key order, one line; every value matches a pattern that cannot close the comment. */
export function stateBlock(state: IncidentState): string {
  const ordered: IncidentState = {
    opened: state.opened,
    kinds: [...state.kinds].sort(),
    ...(state.secret !== undefined ? { secret: state.secret } : {}),
    ...(state.escalated !== undefined ? { escalated: state.escalated } : {}),
    ...(state.advisory !== undefined ? { advisory: state.advisory } : {}),
    ...(state.removal !== undefined ? { removal: state.removal } : {}),
  };
  const text = `<!-- subdomain-incident-state ${JSON.stringify(ordered)} -->`;
  if (readIncidentState(text) === undefined) throw new Error(`stateBlock: state does not read back: ${text}`);
  return text;
}

// ---- what the body shows ------------------------------------------------------------------

/** One finding as the issue shows it; `confidential` ones show only "needs attention" unless the repository is private. */
export interface ShownFinding {
  kind: string;
  severity: FindingSeverity;
  confidential: boolean;
  title: Message;
  evidence: { where: string; seen: string }[];
  action: Message;
}

/** A person or team the issue is addressed to: a GitHub login or `org/team`, from the policy. */
export interface Addressee {
  handle: string;
  /** What they are here: the OPD's name, or the role's title. */
  as: string;
}

/** The time standard of the incident, shown like the Mutu Baku steps of the SOP. */
export interface Timing {
  /** The run's clock (ISO 8601): whether the standard has passed. */
  now: string;
  limitS: number;
  removeAfterS: number;
  /** The policy removes a confirmed takeover at once. */
  removeAtOnce: boolean;
  /** Titles of the role handling the incident and of the one it escalates to. */
  handler: string;
  escalateTo: string;
  /** Why the watch opens no delete request by itself, when it will not. */
  removalHeld?: { message: Message; blocked: boolean };
}

export interface IncidentContent {
  fqdn: string;
  /** The OPD's name and key; undefined for a name in no register entry (found at Cloudflare). */
  opd?: { key: string; name: string };
  addressees: Addressee[];
  checkedAt?: string;
  findings: ShownFinding[];
  /** The re-confirmation, when it is due or overdue. */
  confirmation?: Pick<ConfirmationStatus, 'lastConfirmed' | 'dueAt' | 'graceEndsAt' | 'state'>;
  /** Details of confidential findings stay out of the body (public repository, or no private channel). */
  redact: boolean;
  timing: Timing;
  timeZone: string;
}

interface TimeStep {
  title: Message;
  role: string;
  startedAt?: string;
  dueAt?: string;
  standardS?: number;
  status: 'running' | 'late' | 'done' | 'waiting' | 'blocked';
  note?: Message;
}

const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** The three steps: handling within the standard, escalation when it passes, then the delete request. */
function timeSteps(content: IncidentContent, state: IncidentState): TimeStep[] {
  const t = content.timing;
  const limitAt = plus(state.opened, t.limitS);
  const late = Date.parse(t.now) > Date.parse(limitAt);
  const removalAt = t.removeAtOnce ? state.opened : plus(state.opened, t.removeAfterS);
  const removal: TimeStep = { title: msg('Permohonan penghapusan', 'Delete request'), role: 'SOP', dueAt: removalAt, ...(t.removeAtOnce ? {} : { standardS: t.removeAfterS }), status: 'waiting' };
  if (state.removal !== undefined) Object.assign(removal, { status: 'done', note: msg(`dibuka: #${state.removal}`, `opened: #${state.removal}`) });
  else if (t.removalHeld) Object.assign(removal, { status: t.removalHeld.blocked ? 'blocked' : 'waiting', note: t.removalHeld.message });
  return [
    { title: msg('Penanganan insiden', 'Incident handling'), role: t.handler, startedAt: state.opened, dueAt: limitAt, standardS: t.limitS, status: late ? 'late' : 'running' },
    state.escalated
      ? { title: msg('Eskalasi', 'Escalation'), role: t.escalateTo, startedAt: state.escalated, status: 'done' }
      : { title: msg('Eskalasi', 'Escalation'), role: t.escalateTo, dueAt: limitAt, status: 'waiting', note: msg('bila standar waktu terlewati', 'when the time standard passes') },
    removal,
  ];
}

const STATUS: Record<TimeStep['status'], string> = {
  running: '⏳ berjalan / running',
  late: '⚠️ terlambat / late',
  done: '✅ selesai / done',
  waiting: '— belum / not yet',
  blocked: '⛔ tertahan / held',
};

const PRIVATE = 'dilaporkan secara tertutup kepada pengelola repositori / reported privately to the repository maintainers';

/** A table cell of text someone outside the office wrote (a page, a record): plain, and its @mentions notify nobody. */
function cell(text: string): string {
  return tableCell(text).replace(/@/g, '@\u200b');
}

function mentions(addressees: readonly Addressee[]): string {
  if (addressees.length === 0) return 'belum ada orang di kebijakan / nobody in the policy yet';
  return addressees.map((a) => `@${a.handle} (${plainText(a.as)})`).join(', ');
}

/**
 * The findings table. Redacted, a confidential finding shows neither its severity nor its place
 * in the severity order (only takeover and gambling are critical: either would tell an attacker
 * what to look for): those rows come first, with "—" for the severity.
 */
function findingRows(content: IncidentContent, redact: boolean): string[] {
  const rows = ['| Tingkat / severity | Temuan / finding | Bukti / evidence | Tindakan / action |', '|---|---|---|---|'];
  const hidden = redact ? content.findings.filter((f) => f.confidential) : [];
  rows.push(...hidden.map(() => `| — | ${NEEDS_ATTENTION} | ${PRIVATE} | — |`));
  for (const f of content.findings) {
    if (redact && f.confidential) continue;
    const evidence = f.evidence.map((e) => `${cell(e.where)}: ${cell(e.seen)}`).join('<br>') || '—';
    rows.push(`| ${f.severity} | ${cell(f.title.id)} / ${cell(f.title.en)} | ${evidence} | ${cell(f.action.id)}<br>_${cell(f.action.en)}_ |`);
  }
  const c = content.confirmation;
  if (c?.state === 'overdue') {
    const zone = content.timeZone;
    rows.push(`| — | Konfirmasi ulang terlewat / re-confirmation missed | jatuh tempo / due ${formatDate(c.dueAt, zone)}, tenggang s.d. / grace until ${formatDate(c.graceEndsAt, zone)} | OPD menulis komentar \`/konfirmasi\` bila sub domain masih dipakai<br>_The OPD writes a \`/konfirmasi\` comment if the subdomain is still used_ |`);
  }
  return rows;
}

function stepRows(content: IncidentContent, state: IncidentState): string[] {
  const zone = content.timeZone;
  const rows = ['| Langkah / Step | Peran / Role | Mulai / Started | Batas / Due | Mutu Baku | Status |', '|---|---|---|---|---|---|'];
  for (const s of timeSteps(content, state)) {
    const standard = s.standardS === undefined ? '-' : formatDuration(s.standardS, 'id');
    const note = s.note ? `<br>${tableCell(s.note.id)} / _${tableCell(s.note.en)}_` : '';
    rows.push(`| ${tableCell(s.title.id)} / ${tableCell(s.title.en)} | ${tableCell(s.role)} | ${s.startedAt ? formatTime(s.startedAt, zone) : ''} | ${s.dueAt ? formatTime(s.dueAt, zone) : ''} | ${standard} | ${STATUS[s.status]}${note} |`);
  }
  return rows;
}

function opdLine(content: IncidentContent): string {
  const opd = content.opd ? `${plainText(content.opd.name)} (\`${content.opd.key}\`)` : 'tidak terdaftar / not in the register';
  return `**OPD:** ${opd} · **Kepada / to:** ${mentions(content.addressees)}`;
}

/** The incident issue's body. Public unless `content.redact` is false (a private repository the policy names as the channel). */
export function incidentBody(content: IncidentContent, state: IncidentState): string {
  const lines = [incidentMarker(content.fqdn)];
  if (content.confirmation) lines.push(reconfirmMarker(content.fqdn));
  lines.push(`## Insiden sub domain / subdomain incident: ${codeCell(content.fqdn)}`, '', opdLine(content), '');
  if (content.findings.length > 0 || content.confirmation?.state === 'overdue') {
    const when = content.checkedAt ? ` — pemantauan / watch ${formatTime(content.checkedAt, content.timeZone)}` : '';
    lines.push(`### Temuan / findings${when}`, '', ...findingRows(content, content.redact), '');
  }
  if (content.redact && content.findings.some((f) => f.confidential)) {
    lines.push(
      'Sebagian temuan tidak ditampilkan di sini sampai diperbaiki, agar tidak dimanfaatkan pihak lain; rinciannya ada di security advisory draf yang hanya dapat dibuka pengelola repositori.',
      '_Some findings are not shown here until they are fixed, so nobody can exploit them; the details are in a draft security advisory only the repository maintainers can open._',
      '',
    );
  }
  if (content.confirmation?.state === 'overdue') lines.push(...confirmationText(content), '');
  lines.push('### Standar waktu / time standard', '', ...stepRows(content, state), '');
  lines.push(
    'Issue ini ditutup otomatis bila pemantauan berikutnya tidak lagi menemukan masalahnya.',
    '_This issue closes itself when the next watch no longer finds the problem._',
    '',
    stateBlock(state),
  );
  return `${lines.join('\n')}\n`;
}

function confirmationText(content: IncidentContent): string[] {
  const c = content.confirmation!;
  const zone = content.timeZone;
  const last = c.lastConfirmed ? formatDate(c.lastConfirmed, zone) : '—';
  return [
    `Terakhir dikonfirmasi / last confirmed: ${last}; jatuh tempo / due: ${formatDate(c.dueAt, zone)}; tenggang s.d. / grace until: ${formatDate(c.graceEndsAt, zone)}.`,
    '',
    'Bila sub domain ini masih dipakai, staf OPD cukup membalas issue ini dengan komentar `/konfirmasi` (boleh diikuti catatan). Bila tidak lagi dipakai, ajukan permohonan hapus (`action: delete`).',
    '_If the subdomain is still in use, a member of the OPD\'s staff replies to this issue with a `/konfirmasi` comment (a note may follow). If it is no longer used, file a delete request (`action: delete`)._',
  ];
}

/** The re-confirmation issue's body (due, not yet overdue): addressed to the OPD's listed people. */
export function reconfirmBody(content: IncidentContent): string {
  const lines = [
    reconfirmMarker(content.fqdn),
    `## Konfirmasi ulang sub domain / re-confirm a subdomain: ${codeCell(content.fqdn)}`,
    '',
    opdLine(content),
    '',
    'Mohon OPD menegaskan bahwa sub domain ini masih dipakai dan siapa penanggung jawabnya.',
    '_Please confirm that this subdomain is still in use and who answers for it._',
    '',
    ...confirmationText(content),
    '',
    'Bila tenggang berakhir tanpa konfirmasi, issue ini menjadi insiden dengan standar waktu penanganan, lalu permohonan penghapusan.',
    '_If the grace period ends without a confirmation, this issue becomes an incident with a handling time standard, then a delete request._',
  ];
  return `${lines.join('\n')}\n`;
}

export function incidentTitle(fqdn: string): string {
  return `Insiden sub domain / subdomain incident: ${fqdn}`;
}

export function reconfirmTitle(fqdn: string): string {
  return `Konfirmasi ulang sub domain / re-confirm a subdomain: ${fqdn}`;
}

// ---- the private channel -----------------------------------------------------------------

export type AdvisorySeverity = 'critical' | 'high' | 'medium' | 'low';

/** The advisory's summary: its start names the incident, so a re-run finds a draft it made before. */
export function advisorySummary(fqdn: string, issue: number, kinds: readonly string[]): string {
  return `${advisoryKey(fqdn, issue)}: ${kinds.join(', ')}`.slice(0, 1024);
}

export function advisoryKey(fqdn: string, issue: number): string {
  return `Insiden sub domain ${fqdn} (#${issue})`;
}

/** The advisory's description: every detail of the confidential findings, for the maintainers only. */
export function advisoryDescription(content: IncidentContent, issue: number): string {
  const confidential = { ...content, findings: content.findings.filter((f) => f.confidential) };
  const lines = [
    `## ${codeCell(content.fqdn)}`,
    '',
    `Insiden / incident: #${issue}. **OPD:** ${content.opd ? `${plainText(content.opd.name)} (\`${content.opd.key}\`)` : 'tidak terdaftar / not in the register'}`,
    '',
    'Jangan diterbitkan sebelum diperbaiki: rincian ini menunjukkan cara mengambil alih atau menyalahgunakan sub domain.',
    '_Do not publish before it is fixed: these details show how to take over or abuse the subdomain._',
    '',
    ...findingRows(confidential, false),
    '',
    `Pemantauan / watch: ${content.checkedAt ? formatTime(content.checkedAt, content.timeZone) : '—'}`,
  ];
  return `${lines.join('\n')}\n`.slice(0, 65_535);
}

export function advisorySeverity(findings: readonly ShownFinding[]): AdvisorySeverity {
  const order: FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const top = findings.map((f) => order.indexOf(f.severity)).reduce((a, b) => Math.min(a, b), order.length - 1);
  const severity = order[top]!;
  return severity === 'info' ? 'low' : severity;
}
