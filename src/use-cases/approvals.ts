import type { ApprovalResult } from '../approvals/evaluate.js';
import { evaluateApprovals } from '../approvals/evaluate.js';
import { renderMarkdown, statusDescription } from '../approvals/render.js';
import { nextReviewers } from '../approvals/reviewers.js';
import { ApiFailure } from '../github/client.js';
import type { GitHubPort } from '../github/port.js';
import type { PostReport, ReportTarget, StatusState } from '../github/post.js';
import type { PullRequestRead, PullRequestRef } from '../github/pull-request.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { Tree } from '../repo/tree.js';
import { provenanceFromResult, type PullRequestProvenance } from '../register/approvals.js';

/**
 * The approvals check as a use case: read the pull request through the GitHub port, evaluate
 * it (src/approvals/evaluate.ts, pure), and, when asked, publish the verdict. It prints nothing
 * and never exits: `subdomain approvals` renders the outcome.
 */
export interface CheckApprovalsRequest {
  ref: PullRequestRef;
  policy: ResolvedPolicy;
  /** The base branch's checkout: the register comes from here, never from the pull request. */
  base: Tree;
  now: Date;
  /** Publish the verdict (sticky comment, review requests, status and/or check run). */
  post?: { target: ReportTarget; targetUrl?: string };
}

/** What happened to the published verdict, when `post` was asked. */
export type Published =
  | { ok: true; report: PostReport }
  /** Publishing failed: a pending status / in_progress check run was left (each `false` when that failed too). */
  | { ok: false; failure: ApiFailure; pendingLeft: PendingLeft };

export interface PendingLeft {
  check?: boolean;
  status?: boolean;
}

export type ApprovalsOutcome =
  /** The pull request could not be read (fail closed: never an approval). */
  | { kind: 'unread'; failure: ApiFailure; pendingLeft?: PendingLeft }
  | { kind: 'evaluated'; read: PullRequestRead; result: ApprovalResult; published?: Published };

export const STATUS_OF: Record<ApprovalResult['state'], StatusState> = { approved: 'success', pending: 'pending', blocked: 'failure' };

/** The text a failed check leaves on the status and check run. */
export const FAILED = 'Pemeriksaan gagal (GitHub API); jalankan ulang / check failed (GitHub API); re-run the workflow';

export async function checkApprovals(port: GitHubPort, request: CheckApprovalsRequest): Promise<ApprovalsOutcome> {
  const { ref, policy, post } = request;
  let read: PullRequestRead;
  try {
    read = await port.readPullRequest(ref, policy, request.base, request.now);
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    const pendingLeft = post && error.headSha ? await leavePending(port, ref, error.headSha, post) : undefined;
    return { kind: 'unread', failure: error, ...(pendingLeft ? { pendingLeft } : {}) };
  }
  const result = evaluateApprovals(policy, read.input);
  if (!post) return { kind: 'evaluated', read, result };
  try {
    const report = await port.publish(
      {
        ref,
        headSha: read.input.pullRequest.headSha,
        author: read.input.pullRequest.author,
        requested: read.requested,
        reviewed: answeredThisTurn(result, read),
        comments: read.comments,
        ...(post.targetUrl ? { targetUrl: post.targetUrl } : {}),
        report: post.target,
      },
      { state: STATUS_OF[result.state], description: statusDescription(result), comment: renderMarkdown(result), reviewers: nextReviewers(result, policy) },
    );
    return { kind: 'evaluated', read, result, published: { ok: true, report } };
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    const pendingLeft = await leavePending(port, ref, read.input.pullRequest.headSha, post);
    return { kind: 'evaluated', read, result, published: { ok: false, failure: error, pendingLeft } };
  }
}

/**
 * Reviewers who already answered the step whose turn it is: asked again, they would only be
 * nagged. Someone who approved an earlier step and holds the role of this one too (Balangan's
 * Kabid) has not, and is asked again, as a new disposition would.
 */
export function answeredThisTurn(result: ApprovalResult, read: PullRequestRead): string[] {
  const done = result.steps.filter((s) => s.state === 'done' && s.at).map((s) => Date.parse(s.at!));
  const since = done.length > 0 ? Math.max(...done) : Date.parse(result.startedAt);
  return [...new Set(read.input.reviews.filter((r) => Date.parse(r.submittedAt) > since).map((r) => r.user))];
}

/**
 * After a failure neither the status nor the check run may stay (or become) success: leave a
 * pending status and an in_progress check run that say why. Each is tried on its own; the
 * answer says which were written (`false`: that write failed too).
 */
async function leavePending(port: GitHubPort, ref: PullRequestRef, sha: string, post: NonNullable<CheckApprovalsRequest['post']>): Promise<PendingLeft> {
  const left: PendingLeft = {};
  const url = post.targetUrl;
  if (post.target !== 'status') {
    try {
      const summary = `**${FAILED}.**\n\nHasil sebelumnya tidak berlaku sampai pemeriksaan berhasil / an earlier result does not count until the check succeeds.\n`;
      await port.setCheckRun(ref, sha, { verdict: { status: 'in_progress' }, title: FAILED, summary, ...(url ? { detailsUrl: url } : {}) });
      left.check = true;
    } catch {
      left.check = false;
    }
  }
  if (post.target !== 'check') {
    try {
      await port.setStatus(ref, sha, 'pending', FAILED, url);
      left.status = true;
    } catch {
      left.status = false;
    }
  }
  return left;
}

/**
 * The approvals a merged pull request had, as the approvals check evaluates them (the same read,
 * through the same port, with the same intake bots, so the register names the applicant the
 * check evaluated): for `subdomain register`. `base`: the register as it stood before the merge.
 * Throws the ApiFailure when GitHub cannot be read.
 */
export async function mergedApprovals(port: GitHubPort, ref: PullRequestRef, policy: ResolvedPolicy, base: Tree, now: Date): Promise<PullRequestProvenance> {
  const outcome = await checkApprovals(port, { ref, policy, base, now });
  if (outcome.kind === 'unread') throw outcome.failure;
  return provenanceFromResult(outcome.result, outcome.read.input.pullRequest);
}
