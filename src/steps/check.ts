import type { TeamMemberships } from '../approvals/context.js';
import { parseDuration } from '../approvals/duration.js';
import { actingMark, actingOutsideMessage, roleHolding, sameLogin } from '../approvals/roles.js';
import { msg, type Message } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { Approval, RequestHistoryEntry, Step } from '../schema/types.gen.js';

/** What the step check may know: plain data, read by the adapter (src/cli/step.ts) from the register and GitHub. */
export interface StepClaim {
  /** The step the official named: a step id, or the SOP row number. */
  step: string;
  /** GitHub login of the commenter. */
  by: string;
  /** When the comment was written (ISO 8601): the time the step is recorded at. */
  at: string;
  /** Who asked for the request (the history's applicant, the pull request's author): never takes a step. */
  applicants: readonly string[];
  /** `org/slug` → login → state, for the teams of the step's roles. */
  memberships: TeamMemberships;
}

export type RefusalCode = 'step/unknown' | 'step/not-after-merge' | 'step/applicant' | 'step/no-role' | 'step/acting-period' | 'step/one-role' | 'step/order' | 'step/recorded';

export interface Refusal {
  code: RefusalCode;
  message: Message;
}

export type StepDecision =
  | { outcome: 'record'; step: Step; approval: Approval }
  /** This very claim (same person, same time) is already recorded: a re-run, nothing to change. */
  | { outcome: 'already'; step: Step; approval: Approval }
  | { outcome: 'refuse'; step?: Step; refusals: Refusal[] };

/** The SOP's after-merge steps, in order. */
export function afterMergeSteps(policy: Pick<ResolvedPolicy, 'steps'>): Step[] {
  return policy.steps.filter((s) => s.kind === 'after_merge');
}

/** The step an official named: by id, else by SOP row (`/langkah 5`). */
export function findStep(policy: Pick<ResolvedPolicy, 'steps'>, named: string): Step | undefined {
  const key = named.toLowerCase();
  return policy.steps.find((s) => s.id === key) ?? policy.steps.find((s) => s.sop_row !== undefined && s.sop_row.toLowerCase() === key);
}

/**
 * Whether one official may record one after-merge step for one request (a history entry of the
 * register), and the approval to append when they may. Pure.
 *
 * Rules, each its own refusal (all that apply are reported):
 * - the step exists in the policy and is an after-merge step (before-merge steps are taken by
 *   approving the pull request);
 * - the applicant never takes a step;
 * - the official holds one of the step's roles at the comment's time (listed user, active team
 *   member, or its Plh./Plt. inside the appointment's period: `roleHolding`, as for approvals);
 * - one person, one role per request: someone already recorded under a role takes later steps
 *   only under that role;
 * - `order: strict`: every earlier after-merge step is recorded first;
 * - a step is recorded once.
 */
export function decideStep(policy: ResolvedPolicy, entry: RequestHistoryEntry, claim: StepClaim): StepDecision {
  const step = findStep(policy, claim.step);
  const roleTitle = (key: string) => policy.roles[key]?.title ?? key;
  if (!step) {
    return {
      outcome: 'refuse',
      refusals: [{ code: 'step/unknown', message: msg(`Langkah \`${claim.step}\` tidak ada dalam SOP.`, `Step \`${claim.step}\` is not in the SOP.`) }],
    };
  }
  if (step.kind !== 'after_merge') {
    return {
      outcome: 'refuse',
      step,
      refusals: [{
        code: 'step/not-after-merge',
        message: msg(
          `Langkah \`${step.id}\` diambil sebelum merge dengan menyetujui (Approve) pull request, bukan dengan perintah.`,
          `Step \`${step.id}\` is taken before the merge by approving the pull request, not by a command.`,
        ),
      }],
    };
  }

  const recorded = entry.approvals ?? [];
  const existing = recorded.find((a) => a.step === step.id);
  if (existing && sameLogin(existing.by, claim.by) && Date.parse(existing.at) === Date.parse(claim.at)) {
    return { outcome: 'already', step, approval: existing };
  }

  const refusals: Refusal[] = [];
  const refuse = (code: RefusalCode, id: string, en: string) => refusals.push({ code, message: msg(id, en) });
  const titles = step.roles.map(roleTitle).join(' / ');

  if (claim.applicants.some((a) => sameLogin(a, claim.by))) {
    refuse('step/applicant', `@${claim.by} adalah pemohon; pemohon tidak dapat mengisi langkah SOP.`, `@${claim.by} is the applicant; the applicant cannot take an SOP step.`);
  }

  const bound = boundRole(policy, recorded, claim.by);
  const holdings = new Map(step.roles.map((role) => [role, roleHolding(policy, role, claim.by, claim.at, claim.memberships)]));
  const held = step.roles.filter((role) => holdings.get(role)!.held);
  const outside = step.roles.flatMap((role) => {
    const h = holdings.get(role)!;
    return !h.held && h.outside ? [actingOutsideMessage(claim.by, roleTitle(role), h.outside)] : [];
  });
  if (held.length === 0 && outside.length > 0) {
    for (const message of outside) refusals.push({ code: 'step/acting-period', message });
  } else if (held.length === 0) {
    refuse('step/no-role', `@${claim.by} tidak memegang peran ${titles} (anggota tim yang masih undangan tidak dihitung).`, `@${claim.by} does not hold the role ${titles} (pending team invitations do not count).`);
  } else if (bound !== undefined && !held.includes(bound)) {
    refuse(
      'step/one-role',
      `@${claim.by} sudah mengambil peran ${roleTitle(bound)} dalam permohonan ini; satu orang hanya mengisi satu peran per permohonan (langkah ini untuk ${titles}).`,
      `@${claim.by} already took the role ${roleTitle(bound)} in this request; one person fills one role per request (this step is for ${titles}).`,
    );
  }

  if (policy.order === 'strict') {
    const steps = afterMergeSteps(policy);
    const missing = steps.slice(0, steps.indexOf(step)).filter((s) => !recorded.some((a) => a.step === s.id));
    if (missing.length > 0) {
      const list = missing.map((s) => `\`${s.id}\``).join(', ');
      refuse('step/order', `SOP berurutan: langkah ${list} harus dicatat lebih dulu.`, `The SOP is in strict order: step ${list} must be recorded first.`);
    }
  }

  if (existing) {
    refuse('step/recorded', `Langkah \`${step.id}\` sudah dicatat oleh @${existing.by} pada ${existing.at}.`, `Step \`${step.id}\` was already recorded by @${existing.by} at ${existing.at}.`);
  }

  if (refusals.length > 0) return { outcome: 'refuse', step, refusals };

  const role = bound ?? held[0]!;
  const holding = holdings.get(role)!;
  const approval: Approval = { step: step.id, title: step.title, role, ...(holding.held && holding.acting ? { acting: actingMark(holding.acting) } : {}), by: claim.by, at: claim.at };
  const previous = previousTime(entry, claim.at);
  if (previous !== undefined) approval.elapsed_s = Math.round((Date.parse(claim.at) - previous) / 1000);
  const standard = parseDuration(step.standard);
  if (standard !== undefined) approval.standard_s = standard;
  return { outcome: 'record', step, approval };
}

/**
 * The role a person already took in this request, from the recorded approvals: the `role`
 * written there, or (for older entries without it) the only role of the step they took.
 */
export function boundRole(policy: Pick<ResolvedPolicy, 'steps'>, recorded: readonly Approval[], login: string): string | undefined {
  for (const approval of recorded) {
    if (!sameLogin(approval.by, login)) continue;
    if (approval.role) return approval.role;
    const roles = policy.steps.find((s) => s.id === approval.step)?.roles;
    if (roles?.length === 1) return roles[0];
  }
  return undefined;
}

/** When the previous step was taken: the latest recorded step not after `at`; else the apply, if it came before. */
function previousTime(entry: RequestHistoryEntry, at: string): number | undefined {
  const now = Date.parse(at);
  const times = (entry.approvals ?? []).map((a) => Date.parse(a.at)).filter((t) => !Number.isNaN(t) && t <= now);
  if (times.length > 0) return Math.max(...times);
  const applied = Date.parse(entry.applied_at);
  return !Number.isNaN(applied) && applied <= now ? applied : undefined;
}

/** The history entry with the step appended to its approvals. */
export function withApproval(entry: RequestHistoryEntry, approval: Approval): RequestHistoryEntry {
  return { ...entry, approvals: [...(entry.approvals ?? []), approval] };
}
