/**
 * From what the watch saw and the re-confirmations due, what to do on GitHub: one issue per
 * subdomain (opened, updated, reopened or closed, never a second one), its escalation when the
 * incident time standard passes, a draft security advisory for takeover-class findings, and a
 * delete request whose origin is the incident. Pure: every input is data (the issues as the
 * adapter read them, the clock as a value); the adapter (src/github/incidents.ts) and the CLI
 * (src/cli/incidents.ts) carry the actions out.
 */
import { createHash } from 'node:crypto';
import { formatDuration, parseDuration } from '../approvals/duration.js';
import { requestPath } from '../model/domain.js';
import { msg, type Message } from '../model/problem.js';
import { renderRequest } from '../model/request-yaml.js';
import { MAINTAINERS_ROLE, type ResolvedPolicy } from '../policy/policy.js';
import { deactivationNote } from '../register/history.js';
import { plainText } from '../render/markdown.js';
import { DEFAULT_TIME_ZONE, formatDate, formatTime } from '../report/format.js';
import type { RegisterItem } from '../report/mutu-baku.js';
import { isConfidential, SEVERITY_ORDER, type CertificateFacts, type FindingSeverity } from './finding.js';
import {
  incidentBody, incidentTitle, INCIDENT_LABEL, isFqdn, OVERDUE_KIND, readIncidentMarker, readIncidentState, reconfirmBody, reconfirmTitle,
  type Addressee, type IncidentContent, type IncidentState, type ShownFinding, type Timing,
} from './incident-issue.js';
import { RECONFIRM_LABEL, readReconfirmMarker, type ConfirmationStatus } from './reconfirm.js';

/** The policy's defaults when `watch` leaves them out: Komdigi's 2×24 hours, two weeks before removal. */
export const INCIDENT_DEFAULTS = { incident_limit: '2d', remove_after: '14d' } as const;

/** Findings that can end in a delete request by themselves; lower ones stay an issue for people to judge. */
const REMOVABLE: ReadonlySet<FindingSeverity> = new Set(['critical', 'high']);
/** A confirmed takeover: the name points at an unclaimed service anyone can claim. */
const TAKEOVER: ReadonlySet<string> = new Set(['dns/takeover', 'web/takeover']);
const OUR_LABELS: ReadonlySet<string> = new Set([INCIDENT_LABEL, RECONFIRM_LABEL]);
/** GitHub assigns at most ten people to an issue. */
const MAX_ASSIGNEES = 10;

// ---- the watch result -------------------------------------------------------------------

export interface WatchFinding extends ShownFinding {
  name: string;
  /** The JSON's `certificate` (`valid_until`, `days_left`), on certificate findings. */
  certificate?: CertificateFacts;
}

/** `subdomain watch --format json`, version 1, as read back. */
export interface WatchReport {
  checkedAt: string;
  /** How many names the watch checked. */
  names: number;
  findings: WatchFinding[];
}

export type WatchRead = { ok: true; report: WatchReport } | { ok: false; message: Message };

const isMessage = (v: unknown): v is Message => !!v && typeof v === 'object' && typeof (v as Message).id === 'string' && typeof (v as Message).en === 'string';

/**
 * Reads the watch's JSON strictly: anything unexpected makes the whole result unreadable, and
 * an unreadable result changes nothing (it never closes an incident). A kind this version does
 * not know is treated as confidential.
 */
export function parseWatchJson(text: string): WatchRead {
  const bad = (id: string, en: string): WatchRead => ({ ok: false, message: msg(`Hasil pemantauan tidak dapat dibaca: ${id}.`, `The watch result cannot be read: ${en}.`) });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return bad('bukan JSON', 'not JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return bad('bukan objek JSON', 'not a JSON object');
  const r = raw as Record<string, unknown>;
  if (r.version !== 1) return bad(`versi ${JSON.stringify(r.version)}, bukan 1`, `version ${JSON.stringify(r.version)}, not 1`);
  if (typeof r.checked_at !== 'string' || Number.isNaN(Date.parse(r.checked_at))) return bad('`checked_at` bukan waktu', '`checked_at` is not a time');
  if (!Number.isSafeInteger(r.names) || (r.names as number) < 0) return bad('`names` bukan bilangan', '`names` is not a count');
  if (!Array.isArray(r.findings)) return bad('`findings` bukan daftar', '`findings` is not a list');
  const findings: WatchFinding[] = [];
  for (const [i, f] of r.findings.entries()) {
    const at = `findings[${i}]`;
    if (!f || typeof f !== 'object') return bad(`${at} bukan objek`, `${at} is not an object`);
    const x = f as Record<string, unknown>;
    if (typeof x.name !== 'string' || !isFqdn(x.name)) return bad(`${at}.name bukan nama domain`, `${at}.name is not a domain name`);
    if (typeof x.kind !== 'string' || !/^[a-z]+\/[a-z-]+$/.test(x.kind)) return bad(`${at}.kind tidak sah`, `${at}.kind is not valid`);
    if (!SEVERITY_ORDER.includes(x.severity as FindingSeverity)) return bad(`${at}.severity tidak sah`, `${at}.severity is not valid`);
    if (typeof x.confidential !== 'boolean') return bad(`${at}.confidential bukan true/false`, `${at}.confidential is not true/false`);
    if (!isMessage(x.title) || !isMessage(x.action)) return bad(`${at}: title/action tidak sah`, `${at}: title/action is not valid`);
    if (!Array.isArray(x.evidence) || !x.evidence.every((e) => e && typeof e === 'object' && typeof e.where === 'string' && typeof e.seen === 'string')) {
      return bad(`${at}.evidence tidak sah`, `${at}.evidence is not valid`);
    }
    let certificate: CertificateFacts | undefined;
    if (x.certificate !== undefined) {
      const c = x.certificate as Record<string, unknown> | null;
      const until = c && typeof c === 'object' && !Array.isArray(c) ? c.valid_until : undefined;
      if (typeof until !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`)) || !Number.isSafeInteger(c!.days_left)) {
        return bad(`${at}.certificate tidak sah`, `${at}.certificate is not valid`);
      }
      certificate = { validUntil: until, daysLeft: c!.days_left as number };
    }
    findings.push({
      name: x.name,
      kind: x.kind,
      severity: x.severity as FindingSeverity,
      // Fail closed: the JSON's flag, the kind's own, or a kind this version does not know.
      confidential: isConfidential({ kind: x.kind, confidential: x.confidential === true }),
      title: { id: x.title.id, en: x.title.en },
      evidence: (x.evidence as { where: string; seen: string }[]).map((e) => ({ where: e.where, seen: e.seen })),
      action: { id: x.action.id, en: x.action.en },
      ...(certificate ? { certificate } : {}),
    });
  }
  return { ok: true, report: { checkedAt: new Date(Date.parse(r.checked_at)).toISOString(), names: r.names as number, findings } };
}

// ---- input and output -------------------------------------------------------------------

/** An issue as the adapter read it (open or closed, any author: the planner trusts only a bot's). */
export interface IssueSnapshot {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  createdAt: string;
  closedAt?: string;
  /** How it was closed: a person closing it as `not_planned` (a false alarm) is respected while the findings stay the same. */
  closedAs?: string;
  /** Written by a bot account (ours). Anyone may open an issue carrying our marker: such an issue is never read or written. */
  byBot: boolean;
}

export interface IncidentInput {
  /** The watch's result; undefined when it could not be read: then nothing closes or calms down. */
  watch: WatchReport | undefined;
  /** The watch also read Cloudflare (CLOUDFLARE_API_TOKEN): names outside the register were checked too. */
  unmanagedChecked: boolean;
  confirmations: readonly ConfirmationStatus[];
  issues: readonly IssueSnapshot[];
  policy: Pick<ResolvedPolicy, 'opds' | 'roles' | 'watch' | 'office'>;
  register: readonly RegisterItem[];
  /** Names with a request file waiting in `requests/` (a delete would be a second request in flight). */
  pending: ReadonlySet<string>;
  /** A private repository may hold the details in the issue itself, when the policy says `private_channel: issue`. */
  repositoryPrivate: boolean;
  now: Date;
}

export type IncidentAction =
  | { type: 'open-issue'; fqdn: string; assignees: string[] }
  | { type: 'reopen-issue'; fqdn: string; issue: number }
  | { type: 'update-issue'; fqdn: string; issue: number }
  | { type: 'comment'; fqdn: string; issue?: number; body: string }
  | { type: 'assign'; fqdn: string; issue?: number; assignees: string[] }
  | { type: 'escalate'; fqdn: string; issue?: number; assignees: string[]; body: string }
  | { type: 'open-advisory'; fqdn: string; issue?: number }
  | { type: 'update-advisory'; fqdn: string; issue?: number; ghsa: string }
  | { type: 'close-advisory'; fqdn: string; ghsa: string }
  | { type: 'open-delete-request'; fqdn: string; issue?: number; opd: string; reason: string }
  | { type: 'close-issue'; fqdn: string; issue: number; body: string };

/**
 * What the one issue of a subdomain holds after this run. The body is rendered from it after
 * the actions (`renderDraft`), once the advisory and the delete request have their numbers.
 */
export interface IssueDraft {
  fqdn: string;
  mode: 'incident' | 'reconfirm';
  title: string;
  labels: string[];
  content: IncidentContent;
  /** Incident mode: the state block. The adapter adds `advisory` and `removal` as it creates them. */
  state?: IncidentState;
}

export interface PlanNote {
  fqdn?: string;
  message: Message;
  /** Someone has to act (a removal that cannot be opened, a duplicate issue, a partial watch): the CLI exits 1. */
  attention: boolean;
}

export interface IncidentPlan {
  actions: IncidentAction[];
  drafts: IssueDraft[];
  notes: PlanNote[];
}

export function renderDraft(draft: IssueDraft): string {
  return draft.mode === 'incident' ? incidentBody(draft.content, draft.state!) : reconfirmBody(draft.content);
}

// ---- the planner ------------------------------------------------------------------------

interface OurIssue {
  snap: IssueSnapshot;
  mode: 'incident' | 'reconfirm';
  state?: IncidentState;
}

interface People {
  assignees: string[];
  addressees: Addressee[];
  title: string;
}

export function planIncidents(input: IncidentInput): IncidentPlan {
  const plan: IncidentPlan = { actions: [], drafts: [], notes: [] };
  const now = input.now.toISOString();
  const policy = input.policy;
  const registered = new Map(input.register.map((item) => [item.fqdn, item]));
  const confirmations = new Map(input.confirmations.map((c) => [c.fqdn, c]));
  const findings = new Map<string, WatchFinding[]>();
  for (const f of input.watch?.findings ?? []) findings.set(f.name, [...(findings.get(f.name) ?? []), f]);

  const complete = input.watch !== undefined && input.watch.names >= input.register.length;
  if (input.watch !== undefined && !complete) {
    plan.notes.push({ attention: true, message: msg(
      `Pemantauan hanya memeriksa ${input.watch.names} dari ${input.register.length} nama terdaftar: tidak ada insiden yang ditutup.`,
      `The watch checked only ${input.watch.names} of ${input.register.length} registered names: no incident is closed.`) });
  }
  /** Did this run's watch look at the name? A name it did not check proves nothing. */
  const checked = (fqdn: string) => complete && (registered.has(fqdn) || input.unmanagedChecked);

  // Our issues by name: a bot's, with a marker. Open ones first; the lowest number is the one.
  const open = new Map<string, OurIssue[]>();
  const closed = new Map<string, OurIssue>();
  for (const snap of input.issues) {
    if (!snap.byBot) continue;
    const incident = readIncidentMarker(snap.body);
    const reconfirm = readReconfirmMarker(snap.body);
    const fqdn = incident ?? reconfirm;
    if (!fqdn || (incident && reconfirm && incident !== reconfirm)) continue;
    const ours: OurIssue = { snap, mode: incident ? 'incident' : 'reconfirm', ...(incident ? { state: readIncidentState(snap.body) } : {}) };
    if (snap.state === 'open') open.set(fqdn, [...(open.get(fqdn) ?? []), ours]);
    else if (incident) {
      const before = closed.get(fqdn);
      if (!before || (snap.closedAt ?? '') > (before.snap.closedAt ?? '') || ((snap.closedAt ?? '') === (before.snap.closedAt ?? '') && snap.number > before.snap.number)) closed.set(fqdn, ours);
    }
  }

  const names = new Set<string>([...findings.keys(), ...open.keys()]);
  for (const c of input.confirmations) if (c.state !== 'ok') names.add(c.fqdn);

  const limitS = parseDuration(policy.watch?.incident_limit) ?? parseDuration(INCIDENT_DEFAULTS.incident_limit)!;
  const removeAfterS = parseDuration(policy.watch?.remove_after) ?? parseDuration(INCIDENT_DEFAULTS.remove_after)!;
  const privateIssue = policy.watch?.private_channel === 'issue' && input.repositoryPrivate;
  if (policy.watch?.private_channel === 'issue' && !input.repositoryPrivate && [...findings.values()].flat().some((f) => f.confidential)) {
    plan.notes.push({ attention: true, message: msg(
      'Kebijakan memilih `private_channel: issue`, tetapi repositori ini publik: rincian temuan dikirim lewat security advisory draf, tidak di issue.',
      'The policy chooses `private_channel: issue`, but this repository is public: the details go to a draft security advisory, not into the issue.') });
  }
  const timeZone = policy.office.timezone ?? DEFAULT_TIME_ZONE;
  const incidentRole = policy.watch?.incident_role ?? MAINTAINERS_ROLE;
  const escalateRole = policy.watch?.escalate_to ?? MAINTAINERS_ROLE;
  const handler = rolePeople(policy, incidentRole);
  const escalation = rolePeople(policy, escalateRole);

  for (const fqdn of [...names].sort()) {
    const issues = (open.get(fqdn) ?? []).sort((a, b) => a.snap.number - b.snap.number);
    const existing = issues[0];
    for (const extra of issues.slice(1)) {
      plan.notes.push({ fqdn, attention: true, message: msg(
        `Issue #${extra.snap.number} adalah salinan #${existing!.snap.number} untuk ${fqdn}; hanya #${existing!.snap.number} yang diperbarui. Tutup salinannya.`,
        `Issue #${extra.snap.number} duplicates #${existing!.snap.number} for ${fqdn}; only #${existing!.snap.number} is kept up to date. Close the copy.`) });
    }
    const item = registered.get(fqdn);
    const confirmation = item ? confirmations.get(fqdn) : undefined;
    // A finding proves the name was checked; its absence proves it only for a name the watch covered.
    const known = checked(fqdn) || findings.has(fqdn);
    const seen = known ? [...(findings.get(fqdn) ?? [])].sort(bySeverity) : undefined;
    // An incident the watch did not look at stays as it is (unless its name already left the register by its delete request).
    if (!known && existing?.mode === 'incident' && !(existing.state?.removal !== undefined && !item)) continue;

    const overdue = confirmation?.state === 'overdue';
    const due = confirmation?.state === 'due';
    const isIncident = (seen?.length ?? 0) > 0 || overdue;
    const opdKey = item?.entry.opd;
    const opd = opdKey ? policy.opds[opdKey] : undefined;
    const opdPeople = opdKey ? opdAddressees(policy, opdKey) : { assignees: [], addressees: [], title: '' };

    const content = (addressees: Addressee[], held?: Timing['removalHeld']): IncidentContent => ({
      fqdn,
      ...(opdKey ? { opd: { key: opdKey, name: opd?.name ?? opdKey } } : {}),
      addressees,
      ...(input.watch ? { checkedAt: input.watch.checkedAt } : {}),
      findings: seen ?? [],
      ...(confirmation && confirmation.state !== 'ok' ? { confirmation } : {}),
      redact: !privateIssue,
      timing: {
        now,
        limitS,
        removeAfterS,
        removeAtOnce: policy.watch?.remove_takeover_at_once === true && (seen ?? []).some((f) => TAKEOVER.has(f.kind)),
        handler: handler.title,
        escalateTo: escalation.title,
        ...(held ? { removalHeld: held } : {}),
      },
      timeZone,
    });

    if (isIncident) {
      const found = seen ?? [];
      const publicKinds = [...new Set(found.filter((f) => !f.confidential).map((f) => f.kind))];
      // Only what may be public goes into the state block: confidential kinds are in the digest alone.
      const kinds = [...publicKinds, ...(overdue ? [OVERDUE_KIND] : [])].sort();
      const secret = secretDigest(found);
      const people = unique([...opdPeople.addressees, ...handler.addressees]);
      const assignees = uniqueLogins([...opdPeople.assignees, ...handler.assignees]);
      const later: IncidentAction[] = [];
      let state: IncidentState;
      let issue: number | undefined;
      const fresh = (): IncidentState => ({ opened: now, kinds, ...(secret ? { secret } : {}) });
      if (existing?.mode === 'incident') {
        issue = existing.snap.number;
        const before = existing.state ?? { opened: isoOrNow(existing.snap.createdAt, now), kinds: [] };
        state = { ...before, kinds };
        if (secret) state.secret = secret;
        else delete state.secret;
        if (existing.state && (before.kinds.join() !== kinds.join() || before.secret !== state.secret)) {
          later.push({ type: 'comment', fqdn, issue, body: changedComment(input.watch?.checkedAt ?? now, timeZone) });
        }
      } else if (existing) {
        // A re-confirmation issue becomes the incident: the same issue, one per subdomain.
        issue = existing.snap.number;
        state = fresh();
      } else if (closed.has(fqdn)) {
        const last = closed.get(fqdn)!;
        if (last.snap.closedAs === 'not_planned' && last.state && last.state.kinds.join() === kinds.join() && last.state.secret === secret) {
          plan.notes.push({ fqdn, attention: false, message: msg(
            `Issue #${last.snap.number} ditutup sebagai "not planned" dengan temuan yang sama; dibiarkan tertutup.`,
            `Issue #${last.snap.number} was closed as "not planned" with the same findings; it is left closed.`) });
          continue;
        }
        issue = last.snap.number;
        state = fresh();
      } else {
        state = fresh();
      }
      const ref = issue !== undefined ? { issue } : {};

      // The private channel: a draft advisory follows the confidential findings.
      const confidential = found.some((f) => f.confidential);
      if (confidential && !privateIssue) {
        if (!state.advisory) later.push({ type: 'open-advisory', fqdn, ...ref });
        else if (existing?.state?.secret !== state.secret) later.push({ type: 'update-advisory', fqdn, ...ref, ghsa: state.advisory });
      } else if (state.advisory) {
        later.push({ type: 'close-advisory', fqdn, ghsa: state.advisory });
        delete state.advisory;
      }

      // The delete request: for serious incidents, once the grace period passed (or at once for a confirmed takeover).
      const serious = found.some((f) => REMOVABLE.has(f.severity)) || overdue;
      const atOnce = policy.watch?.remove_takeover_at_once === true && found.some((f) => TAKEOVER.has(f.kind));
      const age = (Date.parse(now) - Date.parse(state.opened)) / 1000;
      let held: Timing['removalHeld'];
      if (state.removal === undefined) {
        if (!serious) held = { blocked: false, message: msg('hanya untuk temuan tingkat critical/high atau konfirmasi ulang yang terlewat', 'only for critical/high findings or a missed re-confirmation') };
        else if (!item) held = { blocked: true, message: msg('nama tidak terdaftar: hapus catatannya di Cloudflare', 'the name is not registered: remove its records at Cloudflare') };
        else {
          const below = input.register.filter((other) => other.fqdn.endsWith(`.${fqdn}`)).map((other) => other.fqdn);
          if (below.length > 0) held = { blocked: true, message: msg(`masih ada sub domain di bawahnya: ${below.join(', ')}`, `names below it still exist: ${below.join(', ')}`) };
          else if (input.pending.has(fqdn)) held = { blocked: true, message: msg('sudah ada permohonan yang menunggu untuk nama ini', 'a request for this name is already waiting') };
          else if (atOnce || age >= removeAfterS) later.push({ type: 'open-delete-request', fqdn, ...ref, opd: item.entry.opd, reason: removalReason(found, confirmation, atOnce, removeAfterS, timeZone) });
        }
        if (held?.blocked && (atOnce || age >= removeAfterS)) {
          plan.notes.push({ fqdn, attention: true, message: msg(`${fqdn}: permohonan penghapusan tidak dapat dibuka (${held.message.id}).`, `${fqdn}: the delete request cannot be opened (${held.message.en}).`) });
        }
      }

      // The time standard: once it passes, the next role is called in (once per incident).
      if (Date.parse(now) > Date.parse(state.opened) + limitS * 1000 && !state.escalated) {
        state.escalated = now;
        later.push({ type: 'escalate', fqdn, ...ref, assignees: escalation.assignees, body: escalationComment(state.opened, limitS, escalation, timeZone) });
      }

      const labels = ourLabels((existing ?? closed.get(fqdn))?.snap.labels ?? [], [INCIDENT_LABEL, ...(confirmation && confirmation.state !== 'ok' ? [RECONFIRM_LABEL] : [])]);
      const draft: IssueDraft = { fqdn, mode: 'incident', title: incidentTitle(fqdn), labels, content: content(people, held), state };
      plan.drafts.push(draft);
      const creates = later.some((a) => a.type === 'open-advisory' || a.type === 'open-delete-request');
      if (existing?.mode === 'incident') {
        if (creates || renderDraft(draft) !== existing.snap.body || draft.title !== existing.snap.title || !sameSet(labels, existing.snap.labels)) {
          plan.actions.push({ type: 'update-issue', fqdn, issue: issue! });
        }
      } else if (existing) {
        plan.actions.push({ type: 'update-issue', fqdn, issue: issue! });
        plan.actions.push({ type: 'comment', fqdn, issue: issue!, body: becameIncidentComment(overdue && found.length === 0, limitS, handler) });
        const more = assignees.filter((a) => !opdPeople.assignees.includes(a));
        if (more.length > 0) plan.actions.push({ type: 'assign', fqdn, issue: issue!, assignees: more });
      } else if (issue !== undefined) {
        plan.actions.push({ type: 'reopen-issue', fqdn, issue });
        plan.actions.push({ type: 'comment', fqdn, issue, body: reopenedComment(input.watch?.checkedAt ?? now, timeZone) });
        if (assignees.length > 0) plan.actions.push({ type: 'assign', fqdn, issue, assignees });
      } else {
        plan.actions.push({ type: 'open-issue', fqdn, assignees });
      }
      plan.actions.push(...later);
      continue;
    }

    if (due) {
      const labels = ourLabels(existing?.snap.labels ?? [], [RECONFIRM_LABEL]);
      const draft: IssueDraft = { fqdn, mode: 'reconfirm', title: reconfirmTitle(fqdn), labels, content: content(opdPeople.addressees) };
      plan.drafts.push(draft);
      if (!existing) {
        plan.actions.push({ type: 'open-issue', fqdn, assignees: opdPeople.assignees });
        if (opdPeople.addressees.length === 0) {
          plan.notes.push({ fqdn, attention: true, message: msg(`OPD \`${opdKey}\` belum punya akun di kebijakan: konfirmasi ulang ${fqdn} tidak dapat dijawab.`, `OPD \`${opdKey}\` has no account in the policy: nobody can answer the re-confirmation of ${fqdn}.`) });
        }
        continue;
      }
      const issue = existing.snap.number;
      if (existing.mode === 'incident') {
        // The problem is gone; what is left is the re-confirmation.
        plan.actions.push({ type: 'update-issue', fqdn, issue });
        plan.actions.push({ type: 'comment', fqdn, issue, body: calmedComment(existing.state, timeZone, input.watch?.checkedAt ?? now) });
        if (existing.state?.advisory) plan.actions.push({ type: 'close-advisory', fqdn, ghsa: existing.state.advisory });
      } else if (renderDraft(draft) !== existing.snap.body || draft.title !== existing.snap.title || !sameSet(labels, existing.snap.labels)) {
        plan.actions.push({ type: 'update-issue', fqdn, issue });
      }
      continue;
    }

    // Nothing wrong any more: close the issue (the watch checked the name, or the name left the register).
    if (!existing) continue;
    const issue = existing.snap.number;
    if (existing.mode === 'incident') {
      if (existing.state?.advisory) plan.actions.push({ type: 'close-advisory', fqdn, ghsa: existing.state.advisory });
      plan.actions.push({ type: 'close-issue', fqdn, issue, body: resolvedComment(existing.state, !item, input.watch?.checkedAt ?? now, timeZone) });
    } else {
      plan.actions.push({ type: 'close-issue', fqdn, issue, body: item
        ? '✅ Sub domain ini sudah dikonfirmasi ulang; issue ditutup.\n\n_This subdomain has been re-confirmed; closing this issue._\n'
        : '✅ Sub domain ini tidak lagi terdaftar; konfirmasi ulang tidak diperlukan. Issue ditutup.\n\n_This subdomain is no longer registered; no re-confirmation is needed. Closing this issue._\n' });
    }
  }
  return plan;
}

function isoOrNow(iso: string, now: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? now : new Date(time).toISOString();
}

const bySeverity = (a: ShownFinding, b: ShownFinding) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.kind.localeCompare(b.kind);

/** A digest of what the confidential findings say: changes with their details, and tells nothing of them. */
function secretDigest(found: readonly ShownFinding[]): string | undefined {
  const confidential = found.filter((f) => f.confidential).map((f) => [f.kind, f.severity, f.title.en, f.evidence.map((e) => [e.where, e.seen])]);
  if (confidential.length === 0) return undefined;
  return createHash('sha256').update(JSON.stringify(confidential)).digest('hex').slice(0, 16);
}

function ourLabels(existing: readonly string[], wanted: readonly string[]): string[] {
  return [...new Set([...existing.filter((l) => !OUR_LABELS.has(l)), ...wanted])];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function unique(addressees: Addressee[]): Addressee[] {
  const seen = new Set<string>();
  return addressees.filter((a) => !seen.has(a.handle.toLowerCase()) && seen.add(a.handle.toLowerCase()));
}

function uniqueLogins(logins: string[]): string[] {
  const seen = new Set<string>();
  return logins.filter((l) => !seen.has(l.toLowerCase()) && seen.add(l.toLowerCase())).slice(0, MAX_ASSIGNEES);
}

/** The people of a role: its users (assignable) and teams (mentioned), with its title. */
function rolePeople(policy: Pick<ResolvedPolicy, 'roles'>, key: string): People {
  const role = policy.roles[key];
  const title = role?.title ?? key;
  const users = role?.users ?? [];
  const teams = role?.teams ?? [];
  return { assignees: [...users], addressees: [...users, ...teams].map((handle) => ({ handle, as: title })), title };
}

/** The OPD's listed people: its users (assignable) and teams (mentioned). */
function opdAddressees(policy: Pick<ResolvedPolicy, 'opds'>, key: string): People {
  const opd = policy.opds[key];
  const name = opd?.name ?? key;
  const users = opd?.users ?? [];
  return { assignees: [...users], addressees: [...users, ...(opd?.teams ?? [])].map((handle) => ({ handle, as: name })), title: name };
}

/**
 * Why the subdomain is deactivated, in words that are safe in a public pull request: a
 * takeover-class finding is only "a finding reported privately" until the name is gone.
 */
function removalReason(found: readonly ShownFinding[], confirmation: ConfirmationStatus | undefined, atOnce: boolean, removeAfterS: number, zone: string): string {
  const causes: string[] = [];
  if (found.some((f) => f.confidential)) causes.push('temuan keamanan yang dilaporkan secara tertutup');
  const open = [...new Set(found.filter((f) => !f.confidential && REMOVABLE.has(f.severity)).map((f) => f.title.id))];
  causes.push(...open);
  if (confirmation?.state === 'overdue') causes.push(`konfirmasi ulang OPD terlewat (jatuh tempo ${formatDate(confirmation.dueAt, zone)})`);
  // At once says nothing more: how soon alone would tell a takeover from other findings.
  const text = `${causes.join('; ')}${atOnce ? '' : `, belum tertangani dalam ${formatDuration(removeAfterS, 'id')}`}`.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/([$%])\{/g, '$1 {');
  return [...text].slice(0, 500).join('');
}

// ---- comments -----------------------------------------------------------------------------

function changedComment(checkedAt: string, zone: string): string {
  return `🔄 Temuan berubah pada pemantauan ${formatTime(checkedAt, zone)}; lihat tabel di atas.\n\n_The findings changed at the watch of ${formatTime(checkedAt, zone)}; see the table above._\n`;
}

function reopenedComment(checkedAt: string, zone: string): string {
  return `🚨 Pemantauan ${formatTime(checkedAt, zone)} menemukan masalah lagi: issue dibuka kembali sebagai insiden baru, dengan standar waktu dari awal.\n\n_The watch of ${formatTime(checkedAt, zone)} finds a problem again: the issue is reopened as a new incident, its time standard counting from now._\n`;
}

function becameIncidentComment(missed: boolean, limitS: number, handler: People): string {
  const why = missed
    ? ['Tenggang konfirmasi ulang berakhir tanpa konfirmasi', 'The re-confirmation grace period ended without a confirmation']
    : ['Pemantauan menemukan masalah pada sub domain ini', 'The watch finds a problem with this subdomain'];
  return `🚨 ${why[0]}: issue ini kini insiden, ditangani ${plainText(handler.title)} dengan standar waktu ${formatDuration(limitS, 'id')}.\n\n_${why[1]}: this issue is now an incident, handled by ${plainText(handler.title)} within ${formatDuration(limitS, 'en')}._\n`;
}

function escalationComment(opened: string, limitS: number, to: People, zone: string): string {
  const who = to.addressees.length > 0 ? to.addressees.map((a) => `@${a.handle}`).join(' ') : plainText(to.title);
  return `⚠️ Standar waktu penanganan insiden (${formatDuration(limitS, 'id')}) sejak ${formatTime(opened, zone)} terlewati. Diteruskan kepada ${plainText(to.title)}: ${who}.\n\n_The incident time standard (${formatDuration(limitS, 'en')}) since ${formatTime(opened, zone)} has passed. Escalated to ${plainText(to.title)}: ${who}._\n`;
}

function calmedComment(state: IncidentState | undefined, zone: string, checkedAt: string): string {
  const removal = state?.removal !== undefined ? ` Permohonan penghapusan #${state.removal} tidak lagi diperlukan; tutup bila tidak jadi dipakai.` : '';
  const removalEn = state?.removal !== undefined ? ` Delete request #${state.removal} is no longer needed; close it unless it is still wanted.` : '';
  return `✅ Pemantauan ${formatTime(checkedAt, zone)} tidak lagi menemukan masalah; yang tersisa konfirmasi ulang OPD.${removal}\n\n_The watch of ${formatTime(checkedAt, zone)} no longer finds a problem; the OPD's re-confirmation is what is left.${removalEn}_\n`;
}

function resolvedComment(state: IncidentState | undefined, unregistered: boolean, checkedAt: string, zone: string): string {
  if (unregistered && state?.removal !== undefined) {
    return `✅ Sub domain ini sudah dinonaktifkan lewat permohonan #${state.removal} dan tidak lagi terdaftar; issue ditutup.\n\n_This subdomain was deactivated through request #${state.removal} and is no longer registered; closing this issue._\n`;
  }
  const removal = state?.removal !== undefined ? ` Permohonan penghapusan #${state.removal} tidak lagi diperlukan; tutup bila tidak jadi dipakai.` : '';
  const removalEn = state?.removal !== undefined ? ` Delete request #${state.removal} is no longer needed; close it unless it is still wanted.` : '';
  return `✅ Pemantauan ${formatTime(checkedAt, zone)} tidak lagi menemukan masalah; issue ditutup.${removal}\n\n_The watch of ${formatTime(checkedAt, zone)} no longer finds the problem; closing this issue.${removalEn}_\n`;
}

/** The comment on the incident once its delete request is open. */
export function removalComment(pull: number): string {
  return `🗑️ Permohonan penghapusan dibuka: #${pull}. Permohonan ini melewati seluruh langkah SOP dan penerapan seperti permohonan lain.\n\n_Delete request opened: #${pull}. It goes through every SOP step and the apply like any request._\n`;
}

// ---- the delete request -----------------------------------------------------------------

export interface DeleteRequestFile {
  branch: string;
  path: string;
  text: string;
  title: string;
  body: string;
  commitMessage: string;
}

/** The delete request whose origin is the incident: no OPD letter, the incident is the reason. */
export function deleteRequestFile(fqdn: string, opd: string, issue: number, reason: string): DeleteRequestFile {
  const incident = { issue, reason };
  const note = deactivationNote(incident);
  const text = renderRequest({ action: 'delete', opd, incident, purpose: `${note.charAt(0).toUpperCase()}${note.slice(1)}` });
  return {
    branch: `insiden/issue-${issue}`,
    path: requestPath(fqdn),
    text,
    title: `Hapus ${fqdn}: dinonaktifkan karena insiden #${issue} / delete ${fqdn}: deactivated for incident #${issue}`,
    body: [
      `Permohonan penghapusan \`${fqdn}\` yang dibuka oleh pemantauan karena insiden #${issue}, tanpa surat OPD: insiden itulah alasannya. Permohonan ini melewati seluruh langkah SOP dan penerapan seperti permohonan lain; pengelola repositori ikut menyetujui.`,
      '',
      `_A request to delete \`${fqdn}\`, opened by the watch because of incident #${issue}, without an OPD letter: the incident is the reason. It goes through every SOP step and the apply like any request; the maintainers approve too._`,
      '',
      `Alasan / reason: ${plainText(reason)}`,
      '',
    ].join('\n'),
    commitMessage: `Hapus ${fqdn}: dinonaktifkan karena insiden #${issue}\n\nDelete request opened by the watch for incident #${issue}.`,
  };
}
