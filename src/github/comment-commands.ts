import { ApiFailure, call, type GitHub } from './client.js';
import { isBotsOwn, listIssueComments, type BotIdentity } from './comments.js';
import { applicantOf } from '../intake/applicant.js';
import { msg } from '../model/problem.js';
import type { RepoRef } from './intake.js';

export type { RepoRef } from './intake.js';
export { readMemberships } from './memberships.js';

/**
 * The GitHub side of the comment commands (`subdomain step`, `subdomain confirm`): the comment,
 * the pull request, team membership, the reply, closing an issue.
 */

export interface StepComment {
  id: number;
  author: string;
  /** `Bot` for GitHub Apps and github-actions: their comments are never commands. */
  authorType: string;
  body: string;
  createdAt: string;
  /** The issue or pull request the comment is on. */
  issue: number;
}

/** A comment of an issue's or pull request's conversation, as listed. */
export interface ListedComment extends StepComment {
  /** The bot's own comment (isBotsOwn): only its replies say that a command was answered. */
  own: boolean;
}

export interface MergedState {
  number: number;
  merged: boolean;
  mergedAt?: string;
  /** The applicant: the author, or for a pull request the intake bot opened, the issue's author. */
  applicant: string;
  author: string;
}


export async function readComment(gh: GitHub, ref: RepoRef, id: number): Promise<StepComment> {
  const { data } = await call(msg(`Membaca komentar ${id}`, `Reading comment ${id}`), () => gh.octokit.rest.issues.getComment({ ...ref, comment_id: id }));
  const issue = /\/issues\/([1-9][0-9]*)$/.exec(data.issue_url ?? '');
  if (!data.user || !issue) {
    throw new ApiFailure(msg(`Komentar ${id} tidak memiliki penulis atau issue/pull request.`, `Comment ${id} has no author or issue/pull request.`));
  }
  return { id: data.id, author: data.user.login, authorType: data.user.type ?? 'User', body: data.body ?? '', createdAt: data.created_at, issue: Number(issue[1]) };
}

/**
 * Every comment of issue or pull request `number`, oldest first, all pages. A comment without an
 * author (a deleted account) is left out: it can be no one's command.
 */
export async function listComments(gh: GitHub, ref: RepoRef, number: number, self: BotIdentity = {}): Promise<ListedComment[]> {
  const listed = await call(msg(`Membaca komentar #${number}`, `Reading the comments of #${number}`), () => listIssueComments(gh, ref, number));
  return listed.flatMap((c) => (c.user
    ? [{ id: c.id, author: c.user.login, authorType: c.user.type ?? 'User', body: c.body ?? '', createdAt: c.createdAt, issue: number, own: isBotsOwn(c, self) }]
    : []));
}

export async function readMerged(gh: GitHub, ref: RepoRef, number: number, intakeBots: readonly string[]): Promise<MergedState> {
  const { data } = await call(msg(`Membaca pull request #${number}`, `Reading pull request #${number}`), () => gh.octokit.rest.pulls.get({ ...ref, pull_number: number }));
  return {
    number: data.number,
    merged: data.merged === true || data.merged_at != null,
    ...(data.merged_at ? { mergedAt: data.merged_at } : {}),
    applicant: applicantOf(data, intakeBots),
    author: data.user?.login ?? '',
  };
}

export async function postReply(gh: GitHub, ref: RepoRef, number: number, body: string): Promise<void> {
  await call(msg(`Menulis balasan di #${number}`, `Writing the reply on #${number}`), () => gh.octokit.rest.issues.createComment({ ...ref, issue_number: number, body }));
}

/** Closes an issue as done (`PATCH /repos/{owner}/{repo}/issues/{issue_number}`, state closed, reason completed). */
export async function closeIssue(gh: GitHub, ref: RepoRef, number: number): Promise<void> {
  await call(msg(`Menutup issue #${number}`, `Closing issue #${number}`), () => gh.octokit.rest.issues.update({ ...ref, issue_number: number, state: 'closed', state_reason: 'completed' }));
}
