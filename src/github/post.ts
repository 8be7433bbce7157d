import { APPROVALS_MARKER } from '../approvals/render.js';
import { msg } from '../model/problem.js';
import { setCheckRun, verdictOf } from './check-run.js';
import { ownMarked, upsertMarkedComment, type BotIdentity, type KnownComment } from './comments.js';
import { apiFailure, call, statusOf, type GitHub } from './client.js';
import type { PullRequestRef } from './pull-request.js';

export const STATUS_CONTEXT = 'sop/approvals';
export const COMMENT_MARKER = APPROVALS_MARKER;
const MAX_DESCRIPTION = 140;

export type StatusState = 'success' | 'pending' | 'failure' | 'error';

/** Where the verdict goes: the commit status, the check run, or both (same name, same answer). */
export type ReportTarget = 'status' | 'check' | 'both';
export const REPORT_TARGETS: readonly ReportTarget[] = ['status', 'check', 'both'];

export interface Outcome {
  state: StatusState;
  /** One line, at most 140 characters (GitHub's limit). */
  description: string;
  /** The sticky comment, holding COMMENT_MARKER. */
  comment: string;
  /** Whom to ask next: logins and `org/slug` teams. */
  reviewers: { users: string[]; teams: string[] };
}

export interface PostContext {
  ref: PullRequestRef;
  headSha: string;
  author: string;
  /** Already asked (logins, team slugs). */
  requested: { users: string[]; teams: string[] };
  /** Logins that already reviewed. */
  reviewed: string[];
  targetUrl?: string;
  /** Defaults to `status`. */
  report?: ReportTarget;
  /** The app our token acts as, to tell our check runs from another app's (see setCheckRun). */
  checkAppSlug?: string;
  /** Who the bot is: only its own sticky comment is updated (comments.ts). */
  self?: BotIdentity;
  /** The pull request's comments, already read with it (the timeline): the sticky comment is found among them. */
  comments?: readonly KnownComment[];
}

export interface PostReport {
  comment: 'created' | 'updated' | 'unchanged';
  check?: 'created' | 'updated' | 'unchanged';
  requestedUsers: string[];
  requestedTeams: string[];
  warnings: { id: string; en: string }[];
}

/**
 * Publishes an evaluation: the sticky comment, review requests for the next step, then the
 * verdict last, so that a failure earlier never leaves a fresh success behind. With both, the
 * check run goes first: it needs the newer permission (`checks: write`), so it is the likelier
 * to fail, and then no success status has been written yet.
 */
export async function publish(gh: GitHub, ctx: PostContext, outcome: Outcome): Promise<PostReport> {
  const warnings: PostReport['warnings'] = [];
  const target = ctx.report ?? 'status';
  // The sticky comment names the head commit it was written for: a run of ours on this commit
  // can exist only if it does (or a failed run left one: then a new run is made, which is safe).
  const head = headLine(ctx.headSha);
  const fresh = ctx.comments !== undefined && !(ownMarked(ctx.comments, COMMENT_MARKER, ctx.self)?.body ?? '').includes(head);
  const comment = await upsertMarkedComment(gh, { owner: ctx.ref.owner, repo: ctx.ref.repo }, ctx.ref.number, COMMENT_MARKER, `${outcome.comment.replace(/\n*$/, '')}\n\n${head}\n`, msg('Menulis komentar ringkasan persetujuan', 'Writing the approvals comment'), {
    ...(ctx.self ? { self: ctx.self } : {}),
    ...(ctx.comments ? { known: ctx.comments } : {}),
  });
  const asked = await requestReviewers(gh, ctx, outcome.reviewers, warnings);
  let check: PostReport['check'];
  if (target !== 'status') {
    check = await setCheckRun(
      gh,
      ctx.ref,
      ctx.headSha,
      { verdict: verdictOf(outcome.state), title: outcome.description, summary: outcome.comment, ...(ctx.targetUrl ? { detailsUrl: ctx.targetUrl } : {}) },
      { ...(ctx.checkAppSlug ? { appSlug: ctx.checkAppSlug } : {}), ...(fresh ? { fresh } : {}) },
    );
  }
  if (target !== 'check') await setStatus(gh, ctx.ref, ctx.headSha, outcome.state, outcome.description, ctx.targetUrl);
  return { comment, ...(check ? { check } : {}), requestedUsers: asked.users, requestedTeams: asked.teams, warnings };
}

/** The hidden line of the sticky comment naming the head commit the verdict is for. */
export function headLine(sha: string): string {
  return `<!-- ${STATUS_CONTEXT} head: ${sha} -->`;
}

export async function setStatus(gh: GitHub, ref: PullRequestRef, sha: string, state: StatusState, description: string, targetUrl?: string): Promise<void> {
  await call(msg(`Menulis status ${STATUS_CONTEXT}`, `Writing the ${STATUS_CONTEXT} status`), () => gh.octokit.rest.repos.createCommitStatus({
    owner: ref.owner,
    repo: ref.repo,
    sha,
    state,
    context: STATUS_CONTEXT,
    description: oneLine(description),
    ...(targetUrl ? { target_url: targetUrl } : {}),
  }));
}


/**
 * Asks the next step's holders for a review, as a disposition would. Skips the author,
 * whoever already reviewed or was asked, and teams of another organisation (GitHub only
 * takes team slugs of the repository's owner).
 */
export async function requestReviewers(
  gh: GitHub,
  ctx: PostContext,
  next: Outcome['reviewers'],
  warnings: PostReport['warnings'] = [],
): Promise<{ users: string[]; teams: string[] }> {
  const lower = (s: string) => s.toLowerCase();
  const skipUsers = new Set([ctx.author, ...ctx.reviewed, ...ctx.requested.users].map(lower));
  const users = [...new Set(next.users)].filter((u) => !skipUsers.has(lower(u)));
  const requestedTeams = new Set(ctx.requested.teams.map(lower));
  const teams: string[] = [];
  for (const team of new Set(next.teams)) {
    const [org, slug] = [team.slice(0, team.indexOf('/')), team.slice(team.indexOf('/') + 1)];
    if (lower(org) !== lower(ctx.ref.owner) || requestedTeams.has(lower(slug))) continue;
    teams.push(slug);
  }
  if (users.length === 0 && teams.length === 0) return { users, teams };
  try {
    await gh.octokit.rest.pulls.requestReviewers({ owner: ctx.ref.owner, repo: ctx.ref.repo, pull_number: ctx.ref.number, reviewers: users, team_reviewers: teams });
    return { users, teams };
  } catch (error) {
    // GitHub refuses reviewers who are not collaborators (422): the policy names someone
    // without access. Worth a warning, not a failed check.
    if (statusOf(error) === 422) {
      warnings.push(
        msg(
          `Tidak dapat meminta review dari ${[...users, ...teams].join(', ')}: bukan kolaborator repositori?`,
          `Cannot request a review from ${[...users, ...teams].join(', ')}: not collaborators of the repository?`,
        ),
      );
      return { users: [], teams: [] };
    }
    throw apiFailure(error, msg('Meminta review', 'Requesting reviews'));
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= MAX_DESCRIPTION ? line : `${line.slice(0, MAX_DESCRIPTION - 1)}…`;
}
