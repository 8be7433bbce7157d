import { REQUESTS_DIR } from '../model/domain.js';
import { msg, problem, type Message, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { GitTree, type Tree } from '../repo/tree.js';
import type { PullRequestProvenance } from '../register/approvals.js';
import { requestOrigins } from '../register/origin.js';
import { planRegister, type FileChange, type Provenance, type RegisterPlan } from '../register/register.js';

/**
 * `subdomain register` as a use case: after an apply, record each request of the applied
 * commit in the register (src/register/register.ts plans it), with the approvals of the pull
 * request that carried it: from the approvals file, or read from GitHub the way the approvals
 * check reads them (`readApprovals`: use-cases/approvals.ts `mergedApprovals`). It prints
 * nothing and never exits: the command renders the outcome.
 */
export interface RecordAppliedRequest {
  root: string;
  /** The working tree of main. */
  tree: Tree;
  policy: ResolvedPolicy;
  /** The merged pull request the workflow names. */
  pr: number;
  /** The applied commit (full SHA). */
  commit: string;
  /** The approvals of `pr` from `--approvals`, when given. */
  fromFile?: PullRequestProvenance;
  /** Reads a merged pull request's approvals from GitHub; absent without a token and repository. */
  readApprovals?: (pullRequest: number) => Promise<PullRequestProvenance>;
  now: Date;
  /** Writes the changes; not called on a dry run. */
  write?: (changes: FileChange[]) => void;
}

/** What the command says beside the plan, in order: each on its own stream. */
export type RegisterNote =
  | { kind: 'no-approvals' }
  | { kind: 'unknown-origin'; path: string; recordedUnder: number }
  | { kind: 'earlier'; path: string; pullRequest: number };

export type RegisterOutcome =
  /** A pull request's approvals could not be read from GitHub: nothing was written. */
  | { kind: 'unread'; pullRequest: number; detail: Message }
  | { kind: 'planned'; notes: RegisterNote[]; plan: RegisterPlan };

export async function recordApplied(request: RecordAppliedRequest): Promise<RegisterOutcome> {
  const { root, tree, pr, commit } = request;
  const applied = new GitTree(root, commit);
  const origins = requestOrigins(root, commit, applied.list(REQUESTS_DIR).map((name) => `${REQUESTS_DIR}/${name}`).filter((path) => tree.kind(path) !== 'missing'));
  const earlierPrs = [...new Set([...origins.earlier.values()].filter((n): n is number => n !== undefined && n !== pr))].sort((a, b) => a - b);

  const byPr = new Map<number, PullRequestProvenance>();
  byPr.set(pr, request.fromFile ?? { approvals: [] });
  // The pull request the workflow names, unless its approvals came in a file; and every
  // earlier pull request whose request this apply also carried.
  const toRead = request.readApprovals ? [...(request.fromFile ? [] : [pr]), ...earlierPrs] : [];
  for (const number of toRead) {
    try {
      byPr.set(number, await request.readApprovals!(number));
    } catch (error) {
      // An ApiFailure (src/github/client.ts) says what failed in both languages.
      const detail = isMessage((error as { detail?: unknown }).detail) ? (error as { detail: Message }).detail : msg(String(error), String(error));
      return { kind: 'unread', pullRequest: number, detail };
    }
  }
  const notes: RegisterNote[] = [];
  if (!request.readApprovals && !request.fromFile) notes.push({ kind: 'no-approvals' });

  const appliedAt = request.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const provenanceOf = (path: string): Provenance => {
    let number = pr;
    if (origins.earlier.has(path)) {
      const earlier = origins.earlier.get(path);
      if (earlier === undefined) {
        notes.push({ kind: 'unknown-origin', path, recordedUnder: pr });
      } else {
        number = earlier;
        if (earlier !== pr) notes.push({ kind: 'earlier', path, pullRequest: earlier });
      }
    }
    const from = byPr.get(number) ?? { approvals: [] };
    return {
      pullRequest: number,
      commit,
      appliedAt,
      ...(from.applicant ? { applicant: from.applicant } : {}),
      ...(from.filedBy ? { filedBy: from.filedBy } : {}),
      ...(from.openedAt ? { openedAt: from.openedAt } : {}),
      approvals: from.approvals,
    };
  };
  const plan = planRegister(tree, request.policy, provenanceOf, { applied });
  if (plan.problems.length === 0 && plan.registered.length > 0) request.write?.(plan.changes);
  return { kind: 'planned', notes, plan };
}

/** The problem the command reports when a pull request's approvals cannot be read. */
export function unreadProblem(repo: string, outcome: Extract<RegisterOutcome, { kind: 'unread' }>): Problem {
  return problem(`${repo}#${outcome.pullRequest}`, 'register/github', msg(
    `Persetujuan pull request tidak dapat dibaca: ${outcome.detail.id}. Tidak ada yang ditulis; jalankan ulang atau berikan --approvals.`,
    `The pull request's approvals cannot be read: ${outcome.detail.en}. Nothing was written; re-run, or pass --approvals.`,
  ));
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).id === 'string' && typeof (value as Message).en === 'string';
}
