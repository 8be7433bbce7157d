import { msg, type Message } from '../model/problem.js';
import { MAINTAINERS_ROLE, type ResolvedPolicy } from '../policy/policy.js';
import type { ApprovalActing, Step } from '../schema/types.gen.js';
import type { ApprovalInput, RequestFacts, Review } from './context.js';
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
  /**
   * Who took it under which role; `acting` when they took it as the role's Plh./Plt., with the
   * appointment letter; `filed` when the registrar's act of filing the letter took it.
   */
  by?: { login: string; role: string; acting?: ApprovalActing; filed?: true };
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
  /** A short Indonesian reason for the one-line commit status (blocking problems), e.g. `@kasi meminta perubahan`. */
  status?: string;
  /** The applicant may not ask at all (no reviewer is requested then). */
  applicant?: true;
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
  /** The office's registrar opened the request on the agency's behalf, from the letter received. */
  registrar?: Registrar;
}

/** A holder of the policy's intake role who filed the request for the OPD of the letter. */
export interface Registrar {
  login: string;
  role: string;
  /** The role's title and the OPD's name, as the comment and the letters say them. */
  roleTitle: string;
  opdName: string;
  acting?: ApprovalActing;
  via?: NonNullable<RequestFacts['letter']>['via'];
  reference?: string;
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
  /** Taken by the registrar's act of filing the letter, not by a review. */
  filed?: true;
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
 *   incident (`request.incident`): no one of the OPD asks, and the maintainers approve instead;
 *   or a registrar (the policy's intake role) files it from the letter received, and their act
 *   fills the letter-receiving step (`applicantStage`).
 * - Maintainers approve too when `maintainerReasons` is non-empty, or when the policy has no
 *   approval step at all (nothing merges with nobody's approval).
 */
export function evaluateApprovals(policy: ResolvedPolicy, input: ApprovalInput): ApprovalResult {
  const { pullRequest: pr, memberships } = input;
  const startedAt = pr.readyAt ?? pr.createdAt;
  const ctx: Context = {
    policy,
    input,
    startedAt,
    roleTitle: (key) => policy.roles[key]?.title ?? key,
    holding: (login, role, at) => roleHolding(policy, role, login, at, memberships),
    notes: new Map(),
  };

  const excluded = excludedLogins(input);
  const { required, maintainersStep, reasons } = requiredSteps(policy, input);
  const allRoles = new Set<string>([MAINTAINERS_ROLE, ...policy.steps.flatMap((s) => s.roles)]);
  const { live, blockers } = reviewHistory(ctx, input.reviews);
  const candidates = eligibleApprovals(ctx, live, excluded, allRoles);
  const applicant = applicantStage(policy, input, startedAt, ctx.holding);
  const { fills, bindings } = fill(required, candidates, policy.order === 'strict', maintainersStep, ctx.holding, registrarFill(ctx, applicant));
  oneRoleNotes(ctx, candidates, fills, bindings, required, allRoles);
  const steps = stepResults(ctx, fills, maintainersStep, reasons);

  const problems: ApprovalProblem[] = [
    ...blockerProblems(ctx, blockers, bindings, steps, allRoles),
    ...requestProblems(input),
    ...applicant.problems,
    ...waitingProblems(policy, steps),
  ];
  const allDone = required.every((s) => fills.has(s.id));
  const total = totalTime(policy, startedAt, input.now, fills, allDone);
  if (total.late) {
    problems.push({
      code: 'time/total-limit',
      severity: 'note',
      message: msg(`Batas waktu layanan ${policy.total_limit} terlampaui.`, `The service time limit of ${policy.total_limit} is exceeded.`),
    });
  }
  problems.push(...ctx.notes.values());

  const blocked = problems.some((p) => p.severity === 'blocking');
  const registrar = applicant.registrar;
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
    ...(registrar ? { registrar } : {}),
  };
}

/** What every stage may ask: the policy, the input, who holds a role when, and the notes gathered (one per person and reason). */
interface Context {
  policy: ResolvedPolicy;
  input: ApprovalInput;
  startedAt: string;
  roleTitle: (key: string) => string;
  holding: (login: string, role: string, at: string) => RoleHolding;
  notes: Map<string, ApprovalProblem>;
}

function note(ctx: Context, code: string, login: string, id: string, en: string): void {
  ctx.notes.set(`${code}:${login.toLowerCase()}`, { code, severity: 'note', login, message: msg(id, en) });
}

/** The author and every author/committer of the pull request's commits (lower case): they never fill a step. */
function excludedLogins(input: ApprovalInput): Set<string> {
  const excluded = new Set<string>([input.pullRequest.author.toLowerCase()]);
  for (const commit of input.commits) {
    if (commit.author) excluded.add(commit.author.toLowerCase());
    if (commit.committer) excluded.add(commit.committer.toLowerCase());
  }
  return excluded;
}

/** The SOP's approval steps, plus the maintainers' step when they must approve (with why). */
function requiredSteps(policy: ResolvedPolicy, input: ApprovalInput): { required: Step[]; maintainersStep?: Step; reasons: Message[] } {
  const approvalSteps = policy.steps.filter((s) => s.kind === 'approval');
  const reasons = [...input.request.maintainerReasons];
  if (approvalSteps.length === 0 && reasons.length === 0) {
    reasons.push(msg('Kebijakan tidak memiliki langkah persetujuan SOP.', 'The policy has no SOP approval step.'));
  }
  if (reasons.length === 0) return { required: approvalSteps, reasons };
  const maintainersStep: Step = { id: MAINTAINERS_STEP, title: 'Persetujuan pengelola repositori / maintainers’ approval', roles: [MAINTAINERS_ROLE], kind: 'approval' };
  return { required: [...approvalSteps, maintainersStep], maintainersStep, reasons };
}

/**
 * Each reviewer's reviews in time order: which approvals are still live, and who blocks. A
 * dismissed review withdraws the reviewer's earlier approvals and their change request.
 */
function reviewHistory(ctx: Context, reviews: readonly Review[]): { live: Map<string, Candidate[]>; blockers: Map<string, Review> } {
  const ordered = reviews
    .map((review) => ({ review, time: Date.parse(review.submittedAt) }))
    .sort((a, b) => a.time - b.time || a.review.id - b.review.id);
  const live = new Map<string, Candidate[]>();
  const blockers = new Map<string, Review>();
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
          note(ctx, 'review/withdrawn', review.user, `Persetujuan @${review.user} sebelum ulasan yang dibatalkan (dismissed) tidak dihitung.`, `@${review.user}'s approvals before the dismissed review do not count.`);
        }
        mine.length = 0;
        break;
      default:
        break; // COMMENTED and PENDING neither approve nor block.
    }
  }
  return { live, blockers };
}

/** An acting holder (Plh./Plt.) reviewing outside their period: the note names the period. True when there was one. */
function actingPeriodNotes(ctx: Context, candidate: Candidate, allRoles: ReadonlySet<string>): boolean {
  const login = candidate.review.user;
  let any = false;
  for (const role of allRoles) {
    const h = ctx.holding(login, role, candidate.review.submittedAt);
    if (h.held || !h.outside) continue;
    ctx.notes.set(`review/acting-period:${candidate.user}:${role}`, { code: 'review/acting-period', severity: 'note', login, message: actingOutsideMessage(login, ctx.roleTitle(role), h.outside) });
    any = true;
  }
  return any;
}

/**
 * The live approvals that may fill a step, in time order: on the head commit, by someone who is
 * neither an author nor a committer, holding some role of the policy when they reviewed.
 */
function eligibleApprovals(ctx: Context, live: Map<string, Candidate[]>, excluded: ReadonlySet<string>, allRoles: ReadonlySet<string>): Candidate[] {
  const candidates: Candidate[] = [];
  const stale: Candidate[] = [];
  for (const [user, approvals] of live) {
    for (const candidate of approvals) {
      const login = candidate.review.user;
      if (excluded.has(user)) {
        note(ctx, 'review/author', login, `@${login} menulis atau meng-commit perubahan ini, jadi persetujuannya tidak mengisi langkah.`, `@${login} authored or committed this change, so their approval fills no step.`);
      } else if (candidate.review.commitId !== ctx.input.pullRequest.headSha) {
        stale.push(candidate);
      } else if ([...allRoles].some((role) => ctx.holding(login, role, candidate.review.submittedAt).held)) {
        candidates.push(candidate);
      } else if (!actingPeriodNotes(ctx, candidate, allRoles)) {
        note(ctx, 'review/no-role', login, `@${login} tidak memegang peran SOP mana pun (anggota tim yang masih undangan tidak dihitung).`, `@${login} holds no SOP role (pending team invitations do not count).`);
      }
    }
  }
  for (const { user, review } of stale) {
    if (candidates.some((c) => c.user === user)) continue;
    note(ctx, 'review/stale', review.user, `Persetujuan @${review.user} diberikan pada commit lama; setelah ada perubahan baru perlu persetujuan ulang.`, `@${review.user} approved an older commit; a new push needs a new approval.`);
  }
  candidates.sort((a, b) => a.time - b.time || a.review.id - b.review.id);
  candidates.forEach((c, i) => (c.index = i));
  return candidates;
}

/** The registrar's act, as the fill of the letter-receiving step (`intake.step`) at the start of the clock. */
function registrarFill(ctx: Context, applicant: ReturnType<typeof applicantStage>): Map<string, Fill> {
  const prefilled = new Map<string, Fill>();
  const { registrar, filing } = applicant;
  const { policy, input, startedAt } = ctx;
  if (!registrar || !filing || policy.intake?.step === undefined) return prefilled;
  const act: Review = { id: 0, user: registrar.login, state: 'APPROVED', commitId: input.pullRequest.headSha, submittedAt: startedAt };
  const candidate = { review: act, user: registrar.login.toLowerCase(), time: Date.parse(startedAt), index: -1 };
  prefilled.set(policy.intake.step, { candidate, role: registrar.role, holding: filing, filed: true });
  return prefilled;
}

/** Approvals that filled nothing because their author already took another role: say so. */
function oneRoleNotes(ctx: Context, candidates: readonly Candidate[], fills: ReadonlyMap<string, Fill>, bindings: ReadonlyMap<string, string>, required: readonly Step[], allRoles: ReadonlySet<string>): void {
  const usedReviews = new Set([...fills.values()].map((f) => f.candidate));
  for (const candidate of candidates) {
    if (!usedReviews.has(candidate)) actingPeriodNotes(ctx, candidate, allRoles);
    const bound = bindings.get(candidate.user);
    if (usedReviews.has(candidate) || bound === undefined) continue;
    const login = candidate.review.user;
    const otherRole = required.some((s) => !fills.has(s.id) && !s.roles.includes(bound) && s.roles.some((r) => ctx.holding(login, r, candidate.review.submittedAt).held));
    if (otherRole) {
      note(ctx, 'review/one-role', login, `@${login} sudah mengambil peran ${ctx.roleTitle(bound)}; satu orang hanya mengisi satu peran dalam satu permohonan.`, `@${login} already took the role ${ctx.roleTitle(bound)}; one person fills one role per request.`);
    }
  }
}

/** Every step of the SOP (and the maintainers'), with who took it and the time each took: since the step before it; the open ones until now. */
function stepResults(ctx: Context, fills: ReadonlyMap<string, Fill>, maintainersStep: Step | undefined, reasons: Message[]): StepResult[] {
  const { policy } = ctx;
  const doneTimes = [...fills.values()].map((f) => f.candidate.time).sort((a, b) => a - b);
  const startTime = Date.parse(ctx.startedAt);
  const nowTime = Date.parse(ctx.input.now);
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
      roleTitles: step.roles.map(ctx.roleTitle),
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
        result.by = { login: taken.candidate.review.user, role: taken.role, ...(taken.holding.acting ? { acting: actingMark(taken.holding.acting) } : {}), ...(taken.filed ? { filed: true as const } : {}) };
        result.at = taken.candidate.review.submittedAt;
        if (!taken.filed) result.reviewId = taken.candidate.review.id;
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
  return steps;
}

/**
 * Who blocks: a change request by a holder of any role of the policy, until re-approved or
 * dismissed. It blocks the open step of the role they took (or hold); at a decision it is "No".
 */
function blockerProblems(ctx: Context, blockers: ReadonlyMap<string, Review>, bindings: ReadonlyMap<string, string>, steps: StepResult[], allRoles: ReadonlySet<string>): ApprovalProblem[] {
  const problems: ApprovalProblem[] = [];
  for (const [user, review] of blockers) {
    const login = review.user;
    const held = [...allRoles].filter((role) => ctx.holding(login, role, review.submittedAt).held);
    if (held.length === 0) {
      note(ctx, 'review/no-role', login, `Permintaan perubahan dari @${login} tidak menahan: ia tidak memegang peran SOP.`, `@${login}'s change request does not block: they hold no SOP role.`);
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
        status: `keputusan TIDAK oleh @${login}`,
        message: msg(
          `Keputusan pada langkah "${target.title}" (baris SOP ${target.sopRow ?? '-'}): TIDAK, oleh @${login}. ${target.decision.text}`,
          `Decision at step "${target.title}" (SOP row ${target.sopRow ?? '-'}): NO, by @${login}. ${target.decision.text}`,
        ),
      });
    } else {
      const titles = held.map(ctx.roleTitle).join(', ');
      problems.push({
        code: 'review/changes-requested',
        severity: 'blocking',
        ...(target ? { step: target.id } : {}),
        login,
        status: `@${login} meminta perubahan`,
        message: msg(
          `@${login} (${titles}) meminta perubahan; permohonan tertahan sampai ia menyetujui lagi atau ulasannya dibatalkan (dismissed).`,
          `@${login} (${titles}) requested changes; the request is held until they approve again or the review is dismissed.`,
        ),
      });
    }
  }
  return problems;
}

/** The request itself: a file that cannot be read fails closed; a draft is not ready. */
function requestProblems(input: ApprovalInput): ApprovalProblem[] {
  const problems: ApprovalProblem[] = [];
  if (input.request.requestInvalid) {
    problems.push({
      code: 'request/invalid',
      severity: 'blocking',
      status: 'berkas permohonan tidak sah',
      message: msg(
        'Berkas permohonan di pull request ini tidak sah, jadi pemohon dan OPD-nya tidak dapat diperiksa. Perbaiki berkas itu sampai lolos `subdomain validate` (lihat pemeriksaan validate); persetujuan baru dihitung sesudahnya.',
        'The request file of this pull request is not valid, so its applicant and OPD cannot be checked. Fix the file until it passes `subdomain validate` (see the validate check); approvals count only after that.',
      ),
    });
  }
  if (input.pullRequest.draft) {
    problems.push({
      code: 'pr/draft',
      severity: 'pending',
      message: msg('Pull request masih berupa draf: tandai "Ready for review" bila permohonan sudah siap.', 'The pull request is still a draft: mark it "Ready for review" when the request is ready.'),
    });
  }
  return problems;
}

/** Why it is still pending: each open step whose turn it is, and whether anyone holds its role. */
function waitingProblems(policy: ResolvedPolicy, steps: readonly StepResult[]): ApprovalProblem[] {
  const problems: ApprovalProblem[] = [];
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
  return problems;
}

/** The whole service time: from the start to the last step taken when all are done, else to now. */
function totalTime(policy: ResolvedPolicy, startedAt: string, now: string, fills: ReadonlyMap<string, Fill>, allDone: boolean): ApprovalResult['total'] {
  const doneTimes = [...fills.values()].map((f) => f.candidate.time).sort((a, b) => a - b);
  const limitS = parseDuration(policy.total_limit);
  const endTime = allDone && doneTimes.length > 0 ? doneTimes.at(-1)! : Date.parse(now);
  const elapsedS = Math.round((endTime - Date.parse(startedAt)) / 1000);
  return { elapsedS, ...(limitS !== undefined ? { limitS } : {}), late: limitS !== undefined && elapsedS > limitS };
}

/**
 * Who asks: the applicant must belong to the OPD the request names, except for a delete the
 * watch opened for an incident (`request.incident`). A holder of the policy's intake role
 * (TU, Sekretariat, Pelaksana) may file the request on the agency's behalf instead, from the
 * letter the office received: then the request must carry the letter's e-office number and
 * the signed letter, and the registrar, like every author, fills no later step.
 */
function applicantStage(
  policy: ResolvedPolicy,
  input: ApprovalInput,
  startedAt: string,
  holding: (login: string, role: string, at: string) => RoleHolding,
): { problems: ApprovalProblem[]; registrar?: Registrar; filing?: RoleHolding & { held: true } } {
  const { pullRequest: pr, memberships, request } = input;
  const opdKey = request.opd;
  if (opdKey === undefined) return { problems: [] };
  const opd = policy.opds[opdKey];
  if (!opd) {
    return { problems: [{ code: 'applicant/unknown-opd', severity: 'blocking', applicant: true, status: 'OPD tidak terdaftar', login: pr.author, message: msg(`OPD \`${opdKey}\` tidak terdaftar di kebijakan.`, `OPD \`${opdKey}\` is not listed in the policy.`) }] };
  }
  if (request.incident !== undefined || holds(pr.author, opd, memberships)) return { problems: [] };

  const intake = policy.intake;
  const filing = intake ? holding(pr.author, intake.role, startedAt) : { held: false as const };
  if (intake && filing.held) {
    const roleTitle = policy.roles[intake.role]?.title ?? intake.role;
    const letter = request.letter ?? {};
    const missing: [string, string][] = [];
    if (letter.reference === undefined) missing.push(['nomor agenda surat masuk (`letter.reference`: Srikandi, MIPP, atau buku agenda)', 'the incoming letter\'s number (`letter.reference`: Srikandi, MIPP, or the agenda book)']);
    if (letter.attachment === undefined) missing.push(['surat bertanda tangan (`letter.attachment`)', 'the signed letter (`letter.attachment`)']);
    if (missing.length > 0) {
      return { problems: [{
        code: 'applicant/registrar-letter',
        severity: 'blocking',
        applicant: true,
        status: 'surat masuk belum lengkap',
        login: pr.author,
        message: msg(
          `@${pr.author} (${roleTitle}) mengajukan atas nama ${opd.name}; untuk itu permohonan harus memuat ${missing.map((m) => m[0]).join(' dan ')}.`,
          `@${pr.author} (${roleTitle}) files on behalf of ${opd.name}; for that the request must carry ${missing.map((m) => m[1]).join(' and ')}.`,
        ),
      }] };
    }
    return { problems: [], filing, registrar: {
      login: pr.author,
      role: intake.role,
      roleTitle,
      opdName: opd.name,
      ...(filing.acting ? { acting: actingMark(filing.acting) } : {}),
      ...(letter.via !== undefined ? { via: letter.via } : {}),
      reference: letter.reference!,
    } };
  }
  const registrarHint = intake
    ? [` Surat yang diterima kantor dapat dicatat oleh ${policy.roles[intake.role]?.title ?? intake.role} atas nama OPD.`, ` A letter the office received can be filed by the ${policy.roles[intake.role]?.title ?? intake.role} on the agency's behalf.`]
    : ['', ''];
  return { problems: [{
    code: 'applicant/not-member',
    severity: 'blocking',
    applicant: true,
    status: `pemohon @${pr.author} bukan anggota OPD`,
    login: pr.author,
    message: msg(
      `Pemohon @${pr.author} bukan anggota ${opd.name} (\`${opdKey}\`): sebuah instansi tidak dapat mengajukan permohonan atas nama instansi lain.${registrarHint[0]}`,
      `Applicant @${pr.author} is not a member of ${opd.name} (\`${opdKey}\`): an agency cannot ask in another agency's name.${registrarHint[1]}`,
    ),
  }] };
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
  prefilled: ReadonlyMap<string, Fill> = new Map(),
): { fills: Map<string, Fill>; bindings: Map<string, string> } {
  const fills = new Map<string, Fill>(prefilled);
  const bindings = new Map<string, string>([...prefilled.values()].map((f) => [f.candidate.user, f.role]));
  const used = new Set<Candidate>();
  let previous = -1;
  let open = false;
  for (const step of steps) {
    const ordered = strict && step !== maintainersStep;
    if (ordered && open) continue;
    for (const candidate of fills.has(step.id) ? [] : candidates) {
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
