import { roleHolding } from '../approvals/roles.js';
import type { ApiFailure } from '../github/client.js';
import type { MergedState, StepComment } from '../github/comment-commands.js';
import type { GitHubPort } from '../github/port.js';
import type { RepoRef } from '../github/intake.js';
import { msg, type Message, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { Tree } from '../repo/tree.js';
import type { FileChange } from '../register/register.js';
import type { Approval, RequestHistoryEntry } from '../schema/types.gen.js';
import { decideStep, findStep, withApproval, type StepDecision } from '../steps/check.js';
import { parseCommand } from '../steps/command.js';
import { pendingCommands, type PendingCommand } from '../steps/pending.js';
import { findRegistered, recordApproval, type Lookup, type RegisteredRequest } from '../steps/register.js';
import { renderReply, type Reply } from '../steps/reply.js';
import { answer, orFailed, readCommand, type NotACommand } from './comment-command.js';

/**
 * `/langkah` as a use case: read the official's comment and the merged pull request through
 * the GitHub port, decide the step (src/steps/check.ts, pure), write it to the register and
 * answer with one reply. A run also catches up the role holders' commands written before its own
 * comment that no reply answers yet (src/steps/pending.ts: their run may have been cancelled),
 * in comment order, all written at once. It prints nothing and never exits: `subdomain step`
 * renders the outcome.
 */
export interface RecordStepRequest {
  repo: RepoRef;
  /** The merged pull request the comment must be on. */
  number: number;
  commentId: number;
  policy: ResolvedPolicy;
  /** The checkout of main: the register. */
  tree: Tree;
  /** Only say whether the comment is a command of an SOP role holder (`proceed`) or not (`ignore`). */
  gate: boolean;
  /** Post the reply (not with `--no-reply`, `--dry-run`, `--gate`). */
  reply: boolean;
  /** Writes the register changes; not called on a dry run. */
  write?: (changes: FileChange[]) => void;
}

export type StepOutcome =
  /** On another issue or pull request, a bot's comment, or no command (comment-command.ts). */
  | NotACommand
  /** A commenter who holds no SOP role: never answered. */
  | { kind: 'ignored'; why: 'no-role'; author: string }
  /** `--gate`: a command from an SOP role holder. */
  | { kind: 'proceed' }
  | Answered
  /** GitHub failed before anything was decided (the listing of the comments included). */
  | { kind: 'failed'; failure: ApiFailure };

/** One `/langkah` command the run handled. */
export interface CommandAnswer {
  commentId: number;
  author: string;
  /** The run's own comment (`--comment`); the others are earlier commands caught up. */
  own: boolean;
  /**
   * What the command came to (recorded, already recorded, or refused); undefined when an earlier
   * run refused it, or an earlier version answered it: it is not decided again (a refusal stays one).
   */
  reply?: Reply;
  /** The reply's text ('' without a reply). */
  text: string;
  /** Post the text: no earlier reply answers this comment (each command is answered once). */
  answer: boolean;
  /** Its register entry would not read back against the schema: nothing was written for it. */
  unwritten?: true;
}

/**
 * The commands handled, in comment order: the earlier commands no run answered yet (their run was
 * cancelled) or whose recording did not land (a retry), then the run's own. `written`: the
 * register files written in one go (or that would be, on a dry run); `problems`: those of register
 * files that stopped a command. `failure`: posting a reply failed (the later ones were not posted).
 */
export interface Answered {
  kind: 'answered';
  commands: CommandAnswer[];
  written: { path: string; step: string }[];
  problems: Problem[];
  failure?: ApiFailure;
}

export async function recordStep(port: GitHubPort, request: RecordStepRequest): Promise<StepOutcome> {
  const outcome = await orFailed(() => decide(port, request));
  if (outcome.kind !== 'answered') return outcome;
  // One reply per command, in comment order; a command an earlier run answered stays quiet.
  for (const command of outcome.commands) {
    if (!command.answer) continue;
    const failure = await answer(port, request.repo, request.number, { text: command.text, reply: request.reply, rerun: false });
    if (failure) return { ...outcome, failure };
  }
  return outcome;
}

/** What one command came to, before its text. */
interface Decided {
  reply: Reply;
  /** The register entries of the pull request after it (when it recorded). */
  after?: RegisteredRequest[];
  changes?: FileChange[];
  problems?: Problem[];
  unwritten?: true;
}

const refused = (reasons: Message[], entry?: RequestHistoryEntry): Reply => ({ kind: 'refused', reasons, ...(entry ? { entry } : {}) });

async function decide(port: GitHubPort, request: RecordStepRequest): Promise<StepOutcome> {
  const { repo, number, policy, tree } = request;
  const read = await readCommand(port, repo, number, request.commentId, parseCommand);
  if (read.kind !== 'command') return read;
  const { comment } = read;
  // Someone who holds no SOP role gets no answer at all: a reply would show (and mention) the
  // request's officials to anyone who writes `/langkah`, and the workflow starts no write job.
  if (!(await holdsAnyRole(port, policy, comment))) return { kind: 'ignored', why: 'no-role', author: comment.author };
  if (request.gate) return { kind: 'proceed' };

  // The earlier commands too: their run may have been cancelled by a newer one waiting in the
  // concurrency group. Without the listing nothing is recorded or answered (fail closed).
  const conversation = await port.listComments(repo, number);
  const commands: PendingCommand[] = [];
  for (const pending of pendingCommands(conversation, read)) {
    // A command the bot answered before was a role holder's then, and is not decided again: no membership to read.
    const settled = pending.prior === 'refused' || pending.prior === 'answered';
    if (pending.comment.id === comment.id || settled || (await holdsAnyRole(port, policy, pending.comment))) commands.push(pending);
  }

  const pull = await port.readMerged(repo, number);
  const lookup = findRegistered(tree, number);
  const blocked = blockedBy(number, pull, lookup);

  let found = lookup.found;
  const changes = new Map<string, FileChange>();
  const written: Answered['written'] = [];
  const problems: Problem[] = [...lookup.problems];
  const answers: CommandAnswer[] = [];
  for (const pending of commands) {
    const base = { commentId: pending.comment.id, author: pending.comment.author, own: pending.comment.id === comment.id };
    // An earlier refusal stands, and an earlier version's answer is not second-guessed.
    if (pending.prior === 'refused' || pending.prior === 'answered') {
      answers.push({ ...base, text: '', answer: false });
      continue;
    }
    const decided: Decided = pending.command.kind === 'invalid'
      ? { reply: refused([pending.command.reason]) }
      : blocked
        ? { reply: refused([blocked]) }
        : await decideOne(port, policy, pull, found, pending.comment, pending.command.step);
    problems.push(...(decided.problems ?? []));
    if (decided.after) found = decided.after;
    for (const change of decided.changes ?? []) {
      changes.set(change.path, change);
      if (decided.reply.kind === 'recorded') written.push({ path: change.path, step: decided.reply.step.id });
    }
    answers.push({
      ...base,
      reply: decided.reply,
      text: renderReply(policy, decided.reply, pending.comment.id),
      // Answered before (recorded, then lost to a moved main): recorded again without a second reply.
      answer: pending.prior === undefined,
      ...(decided.unwritten ? { unwritten: true as const } : {}),
    });
  }
  // All or nothing: every file once, with every step recorded in this run.
  request.write?.([...changes.values()]);
  return { kind: 'answered', commands: answers, written, problems };
}

/** Why no command can be recorded on this pull request (not merged, its register unreadable or not there yet). */
function blockedBy(number: number, pull: { merged: boolean }, lookup: Lookup): Message | undefined {
  if (!pull.merged) {
    return msg(
      `Pull request #${number} belum digabung (merge). Langkah setelah merge dicatat setelah permohonan digabung dan diterapkan.`,
      `Pull request #${number} is not merged. After-merge steps are recorded once the request is merged and applied.`,
    );
  }
  if (lookup.problems.length > 0) {
    return msg(
      'Berkas daftar sub domain untuk pull request ini tidak dapat dibaca; pengelola repositori perlu memperbaikinya.',
      'The register file of this pull request cannot be read; the repository maintainers need to fix it.',
    );
  }
  if (lookup.found.length === 0) {
    return msg(
      `Pull request #${number} belum tercatat di daftar sub domain (subdomains/). Tunggu workflow penerapan DNS selesai mencatatnya, lalu tulis perintahnya lagi.`,
      `Pull request #${number} is not in the register (subdomains/) yet. Wait for the DNS apply workflow to record it, then write the command again.`,
    );
  }
  return undefined;
}

/** One command against the register as the commands before it in this run left it (`found`). */
async function decideOne(port: GitHubPort, policy: ResolvedPolicy, pull: MergedState, found: RegisteredRequest[], comment: StepComment, named: string): Promise<Decided> {
  const step = findStep(policy, named);
  // Memoised by the port: a team already asked about is not asked again.
  const memberships = step ? await port.memberships(comment.author, teamsOf(policy, step.roles)) : {};
  const decisions = found.map((f) => ({
    found: f,
    decision: decideStep(policy, f.history, {
      step: named,
      by: comment.author,
      at: comment.createdAt,
      applicants: [pull.applicant, pull.author, f.history.applicant].filter((a): a is string => typeof a === 'string' && a !== ''),
      memberships,
    }),
  }));
  const firstEntry = found[0]!.history;

  const refusals = decisions.flatMap(({ found: f, decision }) =>
    decision.outcome === 'refuse' ? decision.refusals.map((r) => (found.length > 1 ? prefixed(f.fqdn, r.message) : r.message)) : [],
  );
  if (refusals.length > 0) return { reply: refused(unique(refusals), firstEntry) };

  const shown = decisions[0]!.decision as Extract<StepDecision, { outcome: 'record' | 'already' }>;
  const changes: FileChange[] = [];
  const problems: Problem[] = [];
  const after = found.map((f, i) => {
    const decision = decisions[i]!.decision;
    if (decision.outcome !== 'record') return f;
    const result = recordApproval(f, decision.approval);
    problems.push(...result.problems);
    if (result.change) changes.push(result.change);
    return advanced(f, decision.approval);
  });
  if (problems.length > 0) {
    return {
      reply: refused([msg('Hasil pencatatan tidak sah menurut skema daftar; tidak ada yang ditulis.', 'The register entry produced is not valid against the register schema; nothing was written.')]),
      problems,
      unwritten: true,
    };
  }
  const recorded = changes.length > 0;
  return {
    reply: { kind: recorded ? 'recorded' : 'already', step: shown.step, approval: shown.approval, files: found.map((r) => r.path), entry: after[0]!.history },
    ...(recorded ? { after, changes } : {}),
  };
}

/** The register entry with the approval appended, as the next command of the run sees it. */
function advanced(found: RegisteredRequest, approval: Approval): RegisteredRequest {
  const history = withApproval(found.history, approval);
  return { ...found, history, entry: { ...found.entry, history: found.entry.history.map((h, i) => (i === found.index ? history : h)) } };
}

/** Whether the commenter holds any SOP role at the comment's time (memoised membership). */
async function holdsAnyRole(port: GitHubPort, policy: ResolvedPolicy, comment: StepComment): Promise<boolean> {
  const anyRole = Object.keys(policy.roles);
  const asHolder = await port.memberships(comment.author, teamsOf(policy, anyRole));
  return anyRole.some((role) => roleHolding(policy, role, comment.author, comment.createdAt, asHolder).held);
}

/** The teams (`org/slug`) of the given roles. */
function teamsOf(policy: ResolvedPolicy, roles: readonly string[]): string[] {
  return [...new Set(roles.flatMap((role) => policy.roles[role]?.teams ?? []))];
}

function prefixed(fqdn: string, message: Message): Message {
  return msg(`${fqdn}: ${message.id}`, `${fqdn}: ${message.en}`);
}

function unique(messages: Message[]): Message[] {
  const seen = new Set<string>();
  return messages.filter((m) => !seen.has(m.id) && seen.add(m.id) !== undefined);
}
