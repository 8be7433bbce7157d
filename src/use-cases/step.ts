import { roleHolding } from '../approvals/roles.js';
import type { ApiFailure } from '../github/client.js';
import type { GitHubPort } from '../github/port.js';
import type { RepoRef } from '../github/intake.js';
import { msg, type Message, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { Tree } from '../repo/tree.js';
import type { FileChange } from '../register/register.js';
import type { RequestHistoryEntry } from '../schema/types.gen.js';
import { decideStep, findStep, type StepDecision } from '../steps/check.js';
import { parseCommand } from '../steps/command.js';
import { findRegistered, recordApproval, type RegisteredRequest } from '../steps/register.js';
import { renderReply, type Reply } from '../steps/reply.js';
import { answer, orFailed, readCommand, type NotACommand } from './comment-command.js';

/**
 * `/langkah` as a use case: read the official's comment and the merged pull request through
 * the GitHub port, decide the step (src/steps/check.ts, pure), write it to the register and
 * answer with one reply. It prints nothing and never exits: `subdomain step` renders the outcome.
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
  /** GitHub failed before anything was decided. */
  | { kind: 'failed'; failure: ApiFailure };

/**
 * Answered with one reply (recorded, already recorded, or refused): its text (printed, and
 * posted unless a re-run found its own step), the register files written (or that would be, on
 * a dry run), and the problems of register files that stopped it (`unwritten`: a register entry
 * that would not read back, so nothing was written). `failure`: posting the reply failed.
 */
export interface Answered {
  kind: 'answered';
  reply: Reply;
  text: string;
  written: { path: string; step: string }[];
  problems: Problem[];
  unwritten?: true;
  failure?: ApiFailure;
}

export async function recordStep(port: GitHubPort, request: RecordStepRequest): Promise<StepOutcome> {
  const outcome = await orFailed(() => decide(port, request));
  if (outcome.kind !== 'answered') return outcome;
  const text = renderReply(request.policy, outcome.reply);
  // A re-run finding its own step recorded stays quiet: the first run answered.
  const failure = await answer(port, request.repo, request.number, { text, reply: request.reply, rerun: outcome.reply.kind === 'already' });
  return { ...outcome, text, ...(failure ? { failure } : {}) };
}

function answered(reply: Reply, extra: Partial<Pick<Answered, 'written' | 'problems' | 'unwritten'>> = {}): Answered {
  return { kind: 'answered', reply, text: '', written: extra.written ?? [], problems: extra.problems ?? [], ...(extra.unwritten ? { unwritten: true } : {}) };
}

function refused(reasons: Message[], entry?: RequestHistoryEntry, extra: Partial<Pick<Answered, 'problems' | 'unwritten'>> = {}): Answered {
  return answered({ kind: 'refused', reasons, ...(entry ? { entry } : {}) }, extra);
}

async function decide(port: GitHubPort, request: RecordStepRequest): Promise<StepOutcome> {
  const { repo, number, policy, tree } = request;
  const read = await readCommand(port, repo, number, request.commentId, parseCommand);
  if (read.kind !== 'command') return read;
  const { comment, command } = read;
  // Someone who holds no SOP role gets no answer at all: a reply would show (and mention) the
  // request's officials to anyone who writes `/langkah`, and the workflow starts no write job.
  const anyRole = Object.keys(policy.roles);
  const asHolder = await port.memberships(comment.author, teamsOf(policy, anyRole));
  if (!anyRole.some((role) => roleHolding(policy, role, comment.author, comment.createdAt, asHolder).held)) {
    return { kind: 'ignored', why: 'no-role', author: comment.author };
  }
  if (request.gate) return { kind: 'proceed' };
  if (command.kind === 'invalid') return refused([command.reason]);

  const pull = await port.readMerged(repo, number);
  if (!pull.merged) {
    return refused([msg(
      `Pull request #${number} belum digabung (merge). Langkah setelah merge dicatat setelah permohonan digabung dan diterapkan.`,
      `Pull request #${number} is not merged. After-merge steps are recorded once the request is merged and applied.`,
    )]);
  }

  const lookup = findRegistered(tree, number);
  if (lookup.problems.length > 0) {
    return refused([msg(
      'Berkas daftar sub domain untuk pull request ini tidak dapat dibaca; pengelola repositori perlu memperbaikinya.',
      'The register file of this pull request cannot be read; the repository maintainers need to fix it.',
    )], undefined, { problems: lookup.problems });
  }
  if (lookup.found.length === 0) {
    return refused([msg(
      `Pull request #${number} belum tercatat di daftar sub domain (subdomains/). Tunggu workflow penerapan DNS selesai mencatatnya, lalu tulis perintahnya lagi.`,
      `Pull request #${number} is not in the register (subdomains/) yet. Wait for the DNS apply workflow to record it, then write the command again.`,
    )]);
  }

  const step = findStep(policy, command.step);
  // Memoised by the port: a team already asked about above is not asked again.
  const memberships = step ? await port.memberships(comment.author, teamsOf(policy, step.roles)) : {};
  const decisions = lookup.found.map((found) => ({
    found,
    decision: decideStep(policy, found.history, {
      step: command.step,
      by: comment.author,
      at: comment.createdAt,
      applicants: [pull.applicant, pull.author, found.history.applicant].filter((a): a is string => typeof a === 'string' && a !== ''),
      memberships,
    }),
  }));
  const firstEntry = lookup.found[0]!.history;

  const refusals = decisions.flatMap(({ found, decision }) =>
    decision.outcome === 'refuse' ? decision.refusals.map((r) => (lookup.found.length > 1 ? prefixed(found.fqdn, r.message) : r.message)) : [],
  );
  if (refusals.length > 0) return refused(unique(refusals), firstEntry);

  const toRecord = decisions.filter((d): d is { found: RegisteredRequest; decision: Extract<StepDecision, { outcome: 'record' }> } => d.decision.outcome === 'record');
  const shown = decisions[0]!.decision as Extract<StepDecision, { outcome: 'record' | 'already' }>;
  const changes: FileChange[] = [];
  const problems: Problem[] = [];
  for (const { found, decision } of toRecord) {
    const result = recordApproval(found, decision.approval);
    problems.push(...result.problems);
    if (result.change) changes.push(result.change);
  }
  if (problems.length > 0) {
    return refused([msg('Hasil pencatatan tidak sah menurut skema daftar; tidak ada yang ditulis.', 'The register entry produced is not valid against the register schema; nothing was written.')], undefined, { problems, unwritten: true });
  }
  request.write?.(changes);
  const after = toRecord.length > 0 ? { ...firstEntry, approvals: [...(firstEntry.approvals ?? []), shown.approval] } : firstEntry;
  return answered(
    { kind: toRecord.length > 0 ? 'recorded' : 'already', step: shown.step, approval: shown.approval, files: lookup.found.map((r) => r.path), entry: after },
    { written: changes.map((c) => ({ path: c.path, step: shown.step.id })) },
  );
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
