import { msg, type Message } from '../model/problem.js';
import { MAINTAINERS_ROLE, type ResolvedPolicy } from '../policy/policy.js';
import type { ApprovalActing, Step } from '../schema/types.gen.js';
import type { ApprovalInput, Review } from './context.js';
import { parseDuration } from './duration.js';
import { actingMark, actingOutsideMessage, hasPeople, holds, roleHolding, type RoleHolding } from './roles.js';

export type OverallState = 'approved' | 'pending' | 'blocked';
export type StepState = 'done' | 'waiting' | 'blocked' | 'after_merge';

/** Id of the extra step added when the maintainers must approve too. */
export const MAINTAINERS_STEP = 'maintainers';

export interface StepResult {
  id: string;
  title: string;
  /** Role keys any of which may take the step, and their titles (same order). */
  roles: string[];
  roleTitles: string[];
  /** `maintainers` marks the extra step required by `maintainerReasons` (not an SOP row). */
  kind: 'approval' | 'after_merge' | 'maintainers';
  sopRow?: string;
  state: StepState;
  /** True for an open step whose turn it is (strict order: the first open step). */
  current: boolean;
  /** Who took it under which role; `acting` when they took it as the role's Plh./Plt., with the appointment letter. */
  by?: { login: string; role: string; acting?: ApprovalActing };
  at?: string;
  reviewId?: number;
  /** Seconds since the previous step was taken (or the pull request became ready); for the current step, until `now`. */
  elapsedS?: number;
  standardS?: number;
  late: boolean;
  decision?: { text: string; answer?: 'yes' | 'no' };
  /** Why the maintainers must approve (only on the maintainers step). */
  reasons?: Message[];
}

export type ProblemSeverity = 'blocking' | 'pending' | 'note';

export interface ApprovalProblem {
  code: string;
  severity: ProblemSeverity;
  message: Message;
  step?: string;
  login?: string;
}

export interface ApprovalResult {
  state: OverallState;
  steps: StepResult[];
  problems: ApprovalProblem[];
  /** Required steps done / required steps (approval steps plus the maintainers step, if any). */
  done: number;
  required: number;
  startedAt: string;
  now: string;
  total: { elapsedS: number; limitS?: number; late: boolean };
  /** Logins that can never fill a step here: the author and the pull request's commit authors/committers (lower case). */
  excluded: string[];
  /** Who took which role (lower-case login → role key): one role per person per request. */
  bindings: Record<string, string>;
}

interface Candidate {
  review: Review;
  user: string;
  time: number;
  /** Position in time order: strict order compares these. */
  index: number;
}

interface Fill {
  candidate: Candidate;
  role: string;
  holding: RoleHolding & { held: true };
}

/**
 * Evaluates the SOP approvals of one pull request. Pure: everything it knows comes from the
 * policy (read from the base branch) and the input; the clock is `input.now`.
 *
 * Semantics, in the order they apply:
 * - Only APPROVED reviews on the head commit fill steps; COMMENTED and PENDING are ignored.
 * - A dismissed review withdraws that reviewer's earlier approvals and change requests: they
 *   must review again. A change request by a role holder blocks until they approve again or
 *   it is dismissed; it does not erase their earlier approvals (a Kabid who disposed at one
 *   step and says "no" at a later decision keeps the first step).
 * - The author and every author/committer of the pull request's commits never fill a step.
 * - Each APPROVED review fills at most one step; a person takes steps of one role only (the
 *   first role they take); a role named at several steps needs one approval per step.
 * - `order: strict`: a step counts only with an approval submitted after the previous step's.
 * - Who holds a role is asked at the time of each review (`roleHolding`): an acting holder
 *   (Plh./Plt.) fills the role's steps only with reviews submitted inside their period; outside
 *   it the review is ignored with the reason. Filling a step as acting holder binds the person
 *   to that role like any other.
 * - The applicant must belong to the request's OPD, except for a delete the watch opened for an
 *   incident (`request.incident`): no one of the OPD asks, and the maintainers approve instead.
 * - Maintainers approve too when `maintainerReasons` is non-empty, or when the policy has no
 *   approval step at all (nothing merges with nobody's approval).
 */
export function evaluateApprovals(policy: ResolvedPolicy, input: ApprovalInput): ApprovalResult {
  const { pullRequest: pr, memberships } = input;
  const problems: ApprovalProblem[] = [];
  const startedAt = pr.readyAt ?? pr.createdAt;
  const roleTitle = (key: string) => policy.roles[key]?.title ?? key;
  const holding = (login: string, role: string, at: string) => roleHolding(policy, role, login, at, memberships);
  const holdsRole = (login: string, role: string, at: string) => holding(login, role, at).held;

  const excluded = new Set<string>([pr.author.toLowerCase()]);
  for (const commit of input.commits) {
    if (commit.author) excluded.add(commit.author.toLowerCase());
    if (commit.committer) excluded.add(commit.committer.toLowerCase());
  }

  // Required steps: the SOP's approval steps, plus the maintainers when they must approve.
  const approvalSteps = policy.steps.filter((s) => s.kind === 'approval');
  const reasons = [...input.request.maintainerReasons];
  if (approvalSteps.length === 0 && reasons.length === 0) {
    reasons.push(msg('Kebijakan tidak memiliki langkah persetujuan SOP.', 'The policy has no SOP approval step.'));
  }
  const maintainersStep: Step | undefined =
    reasons.length > 0
      ? { id: MAINTAINERS_STEP, title: 'Persetujuan pengelola repositori / maintainers’ approval', roles: [MAINTAINERS_ROLE], kind: 'approval' }
      : undefined;
  const required = maintainersStep ? [...approvalSteps, maintainersStep] : approvalSteps;
  const allRoles = new Set<string>([MAINTAINERS_ROLE, ...policy.steps.flatMap((s) => s.roles)]);

  // Each reviewer's reviews in time order decide which approvals are live and who blocks.
  const ordered = input.reviews
    .map((review) => ({ review, time: Date.parse(review.submittedAt) }))
    .sort((a, b) => a.time - b.time || a.review.id - b.review.id);
  const live = new Map<string, Candidate[]>();
  const blockers = new Map<string, Review>();
  const notes = new Map<string, ApprovalProblem>();
  const note = (code: string, login: string, id: string, en: string) => {
    notes.set(`${code}:${login.toLowerCase()}`, { code, severity: 'note', login, message: msg(id, en) });
  };
  for (const { review, time } of ordered) {
    const user = review.user.toLowerCase();
    const mine = live.get(user) ?? [];
    live.set(user, mine);
    switch (review.state) {
      case 'APPROVED':
        blockers.delete(user);
        mine.push({ review, user, time, index: -1 });
        break;
      case 'CHANGES_REQUESTED':
        blockers.set(user, review);
        break;
      case 'DISMISSED':
        blockers.delete(user);
        if (mine.length > 0) {
          note('review/withdrawn', review.user, `Persetujuan @${review.user} sebelum ulasan yang dibatalkan (dismissed) tidak dihitung.`, `@${review.user}'s approvals before the dismissed review do not count.`);
        }
        mine.length = 0;
        break;
      default:
        break; // COMMENTED and PENDING neither approve nor block.
    }
  }

  // An acting holder (Plh./Plt.) reviewing outside their period: the note names the period.
  const actingPeriodNotes = (candidate: Candidate): boolean => {
    const login = candidate.review.user;
    let any = false;
    for (const role of allRoles) {
      const h = holding(login, role, candidate.review.submittedAt);
      if (h.held || !h.outside) continue;
      notes.set(`review/acting-period:${candidate.user}:${role}`, { code: 'review/acting-period', severity: 'note', login, message: actingOutsideMessage(login, roleTitle(role), h.outside) });
      any = true;
    }
    return any;
  };

  const candidates: Candidate[] = [];
  const stale: Candidate[] = [];
  for (const [user, approvals] of live) {
    for (const candidate of approvals) {
      const login = candidate.review.user;
      if (excluded.has(user)) {
        note('review/author', login, `@${login} menulis atau meng-commit perubahan ini, jadi persetujuannya tidak mengisi langkah.`, `@${login} authored or committed this change, so their approval fills no step.`);
      } else if (candidate.review.commitId !== pr.headSha) {
        stale.push(candidate);
      } else if ([...allRoles].some((role) => holdsRole(login, role, candidate.review.submittedAt))) {
        candidates.push(candidate);
      } else if (!actingPeriodNotes(candidate)) {
        note('review/no-role', login, `@${login} tidak memegang peran SOP mana pun (anggota tim yang masih undangan tidak dihitung).`, `@${login} holds no SOP role (pending team invitations do not count).`);
      }
    }
  }
  for (const { user, review } of stale) {
    if (candidates.some((c) => c.user === user)) continue;
    note('review/stale', review.user, `Persetujuan @${review.user} diberikan pada commit lama; setelah ada perubahan baru perlu persetujuan ulang.`, `@${review.user} approved an older commit; a new push needs a new approval.`);
  }
  candidates.sort((a, b) => a.time - b.time || a.review.id - b.review.id);
  candidates.forEach((c, i) => (c.index = i));

  const { fills, bindings } = fill(required, candidates, policy.order === 'strict', maintainersStep, holding);
  const usedReviews = new Set([...fills.values()].map((f) => f.candidate));
  for (const candidate of candidates) {
    if (!usedReviews.has(candidate)) actingPeriodNotes(candidate);
    const bound = bindings.get(candidate.user);
    if (usedReviews.has(candidate) || bound === undefined) continue;
    const login = candidate.review.user;
    const otherRole = required.some((s) => !fills.has(s.id) && !s.roles.includes(bound) && s.roles.some((r) => holdsRole(login, r, candidate.review.submittedAt)));
    if (otherRole) {
      note('review/one-role', login, `@${login} sudah mengambil peran ${roleTitle(bound)}; satu orang hanya mengisi satu peran dalam satu permohonan.`, `@${login} already took the role ${roleTitle(bound)}; one person fills one role per request.`);
    }
  }

  // Times: each taken step since the one taken before it; the current open steps until now.
  const doneTimes = [...fills.values()].map((f) => f.candidate.time).sort((a, b) => a - b);
  const startTime = Date.parse(startedAt);
  const nowTime = Date.parse(input.now);
  const latestBefore = (t: number) => doneTimes.filter((d) => d < t).at(-1) ?? startTime;

  const steps: StepResult[] = [];
  let openSeen = false;
  for (const step of [...policy.steps, ...(maintainersStep ? [maintainersStep] : [])]) {
    const isMaintainers = step === maintainersStep;
    const standardS = parseDuration(step.standard);
    const result: StepResult = {
      id: step.id,
      title: step.title,
      roles: [...step.roles],
      roleTitles: step.roles.map(roleTitle),
      kind: isMaintainers ? 'maintainers' : step.kind,
      ...(step.sop_row !== undefined ? { sopRow: step.sop_row } : {}),
      state: step.kind === 'after_merge' ? 'after_merge' : 'waiting',
      current: false,
      ...(standardS !== undefined ? { standardS } : {}),
      late: false,
      ...(step.decision !== undefined ? { decision: { text: step.decision } } : {}),
      ...(isMaintainers ? { reasons } : {}),
    };
    if (step.kind === 'approval') {
      const taken = fills.get(step.id);
      if (taken) {
        result.state = 'done';
        result.by = { login: taken.candidate.review.user, role: taken.role, ...(taken.holding.acting ? { acting: actingMark(taken.holding.acting) } : {}) };
        result.at = taken.candidate.review.submittedAt;
        result.reviewId = taken.candidate.review.id;
        result.elapsedS = Math.round((taken.candidate.time - latestBefore(taken.candidate.time)) / 1000);
        if (result.decision) result.decision.answer = 'yes';
      } else {
        // Strict order: only the first open SOP step is current; the maintainers step always is.
        result.current = policy.order !== 'strict' || isMaintainers || !openSeen;
        if (!isMaintainers) openSeen = true;
        if (result.current) result.elapsedS = Math.round((nowTime - (doneTimes.at(-1) ?? startTime)) / 1000);
      }
      if (result.elapsedS !== undefined && standardS !== undefined) result.late = result.elapsedS > standardS;
    }
    steps.push(result);
  }

  // Who blocks: a change request by a holder of any role of the policy, until re-approved or dismissed.
  for (const [user, review] of blockers) {
    const login = review.user;
    const held = [...allRoles].filter((role) => holdsRole(login, role, review.submittedAt));
    if (held.length === 0) {
      note('review/no-role', login, `Permintaan perubahan dari @${login} tidak menahan: ia tidak memegang peran SOP.`, `@${login}'s change request does not block: they hold no SOP role.`);
      continue;
    }
    const bound = bindings.get(user);
    const target = steps.find((s) => (s.state === 'waiting' || s.state === 'blocked') && s.roles.some((r) => (bound ? r === bound : held.includes(r))));
    if (target) target.state = 'blocked';
    if (target?.decision) {
      target.decision.answer = 'no';
      problems.push({
        code: 'decision/no',
        severity: 'blocking',
        step: target.id,
        login,
        message: msg(
          `Keputusan pada langkah "${target.title}" (baris SOP ${target.sopRow ?? '-'}): TIDAK, oleh @${login}. ${target.decision.text}`,
          `Decision at step "${target.title}" (SOP row ${target.sopRow ?? '-'}): NO, by @${login}. ${target.decision.text}`,
        ),
      });
    } else {
      const titles = held.map(roleTitle).join(', ');
      problems.push({
        code: 'review/changes-requested',
        severity: 'blocking',
        ...(target ? { step: target.id } : {}),
        login,
        message: msg(
          `@${login} (${titles}) meminta perubahan; permohonan tertahan sampai ia menyetujui lagi atau ulasannya dibatalkan (dismissed).`,
          `@${login} (${titles}) requested changes; the request is held until they approve again or the review is dismissed.`,
        ),
      });
    }
  }

  // The applicant must belong to the OPD the request names.
  if (input.request.requestInvalid) {
    problems.push({
      code: 'request/invalid',
      severity: 'blocking',
      message: msg(
        'Berkas permohonan di pull request ini tidak sah, jadi pemohon dan OPD-nya tidak dapat diperiksa. Perbaiki berkas itu sampai lolos `subdomain validate` (lihat pemeriksaan validate); persetujuan baru dihitung sesudahnya.',
        'The request file of this pull request is not valid, so its applicant and OPD cannot be checked. Fix the file until it passes `subdomain validate` (see the validate check); approvals count only after that.',
      ),
    });
  }
  if (pr.draft) {
    problems.push({
      code: 'pr/draft',
      severity: 'pending',
      message: msg('Pull request masih berupa draf: tandai "Ready for review" bila permohonan sudah siap.', 'The pull request is still a draft: mark it "Ready for review" when the request is ready.'),
    });
  }
  const opdKey = input.request.opd;
  if (opdKey !== undefined) {
    const opd = policy.opds[opdKey];
    if (!opd) {
      problems.push({
        code: 'applicant/unknown-opd',
        severity: 'blocking',
        login: pr.author,
        message: msg(`OPD \`${opdKey}\` tidak terdaftar di kebijakan.`, `OPD \`${opdKey}\` is not listed in the policy.`),
      });
    } else if (input.request.incident === undefined && !holds(pr.author, opd, memberships)) {
      problems.push({
        code: 'applicant/not-member',
        severity: 'blocking',
        login: pr.author,
        message: msg(
          `Pemohon @${pr.author} bukan anggota ${opd.name} (\`${opdKey}\`): sebuah instansi tidak dapat mengajukan permohonan atas nama instansi lain.`,
          `Applicant @${pr.author} is not a member of ${opd.name} (\`${opdKey}\`): an agency cannot ask in another agency's name.`,
        ),
      });
    }
  }

  // Why it is still pending.
  for (const step of steps) {
    if (step.state !== 'waiting' || !step.current) continue;
    const roles = step.roles.map((r) => policy.roles[r]);
    const titles = step.roleTitles.join(' / ');
    if (!roles.some(hasPeople)) {
      problems.push({
        code: 'role/unassigned',
        severity: 'pending',
        step: step.id,
        message: msg(`Belum ada orang untuk peran ${titles} di kebijakan (roles → users/teams).`, `Nobody holds the role ${titles} in the policy (roles → users/teams).`),
      });
    } else {
      problems.push({
        code: 'step/waiting',
        severity: 'pending',
        step: step.id,
        message: msg(`Menunggu persetujuan ${titles}: ${step.title}.`, `Waiting for approval by ${titles}: ${step.title}.`),
      });
    }
  }

  const limitS = parseDuration(policy.total_limit);
  const allDone = required.every((s) => fills.has(s.id));
  const endTime = allDone && doneTimes.length > 0 ? doneTimes.at(-1)! : nowTime;
  const totalElapsed = Math.round((endTime - startTime) / 1000);
  const total = { elapsedS: totalElapsed, ...(limitS !== undefined ? { limitS } : {}), late: limitS !== undefined && totalElapsed > limitS };
  if (total.late) {
    problems.push({
      code: 'time/total-limit',
      severity: 'note',
      message: msg(`Batas waktu layanan ${policy.total_limit} terlampaui.`, `The service time limit of ${policy.total_limit} is exceeded.`),
    });
  }

  problems.push(...notes.values());
  const blocked = problems.some((p) => p.severity === 'blocking');
  return {
    state: blocked ? 'blocked' : allDone && !pr.draft ? 'approved' : 'pending',
    steps,
    problems,
    done: required.filter((s) => fills.has(s.id)).length,
    required: required.length,
    startedAt,
    now: input.now,
    total,
    excluded: [...excluded].sort(),
    bindings: Object.fromEntries([...bindings].sort(([a], [b]) => a.localeCompare(b))),
  };
}

/**
 * Assigns approvals to steps, earliest first, in step order. Strict order: a step takes only an
 * approval later than the previous step's, and nothing after an open step is taken. The
 * maintainers step stands outside the order.
 */
function fill(
  steps: Step[],
  candidates: Candidate[],
  strict: boolean,
  maintainersStep: Step | undefined,
  holding: (login: string, role: string, at: string) => RoleHolding,
): { fills: Map<string, Fill>; bindings: Map<string, string> } {
  const fills = new Map<string, Fill>();
  const bindings = new Map<string, string>();
  const used = new Set<Candidate>();
  let previous = -1;
  let open = false;
  for (const step of steps) {
    const ordered = strict && step !== maintainersStep;
    if (ordered && open) continue;
    for (const candidate of candidates) {
      if (used.has(candidate) || (ordered && candidate.index <= previous)) continue;
      const bound = bindings.get(candidate.user);
      let taken: Fill | undefined;
      for (const role of step.roles) {
        if (bound !== undefined && bound !== role) continue;
        const h = holding(candidate.review.user, role, candidate.review.submittedAt);
        if (h.held) {
          taken = { candidate, role, holding: h };
          break;
        }
      }
      if (taken === undefined) continue;
      const { role } = taken;
      fills.set(step.id, taken);
      used.add(candidate);
      bindings.set(candidate.user, role);
      break;
    }
    if (ordered) {
      const taken = fills.get(step.id);
      if (taken) previous = taken.candidate.index;
      else open = true;
    }
  }
  return { fills, bindings };
}
