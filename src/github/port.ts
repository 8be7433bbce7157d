import type { ResolvedPolicy } from '../policy/policy.js';
import type { Tree } from '../repo/tree.js';
import { setCheckRun, type CheckReport } from './check-run.js';
import { createGitHub, gitHubOptionsFromEnv, type GitHub } from './client.js';
import type { BotIdentity } from './comments.js';
import { closeIssue, listComments, postReply, readComment, readMerged, type ListedComment, type MergedState, type StepComment } from './comment-commands.js';
import { readIssue, type IssueRead, type RepoRef } from './intake.js';
import { TeamMembers } from './memberships.js';
import { publish, setStatus, type Outcome, type PostContext, type PostReport, type StatusState } from './post.js';
import { DEFAULT_INTAKE_BOTS, readPullRequest, type PullRequestRead, type PullRequestRef } from './pull-request.js';


/**
 * The intake bots, read from the environment here and nowhere else: `SUBDOMAIN_INTAKE_BOTS`
 * (comma-separated logins), else the workflow token's `github-actions[bot]`.
 */
export function intakeBotsFromEnv(env: NodeJS.ProcessEnv): readonly string[] {
  const named = env.SUBDOMAIN_INTAKE_BOTS?.split(',').map((b) => b.trim()).filter(Boolean);
  return named?.length ? named : DEFAULT_INTAKE_BOTS;
}

export interface PortOptions {
  /** Accounts whose pull requests name their applicant by the intake marker (default DEFAULT_INTAKE_BOTS). */
  intakeBots?: readonly string[];
  /** The slug of the GitHub App the token belongs to (`SUBDOMAIN_CHECK_APP`), when known. */
  appSlug?: string;
}

/**
 * The product's one way to GitHub for the approvals check and the comment commands: what a
 * use case may ask of GitHub, with the run's state kept in one place:
 * - the intake bots (read once, from the environment: `GitHubPort.fromEnv`), so the approvals
 *   check, `subdomain step` and `subdomain register` name the same applicant;
 * - team membership, memoised for the run (TeamMembers);
 * - who the bot is (`self`), so the one sticky-comment updater edits only the bot's own comment;
 * - the status and check-run writes, and the count of API calls for `--verbose`.
 * Every failure is an ApiFailure (src/github/client.ts) saying what failed, in Indonesian and English.
 */
export class GitHubPort {
  readonly members: TeamMembers;
  readonly intakeBots: readonly string[];
  readonly self: BotIdentity;

  constructor(readonly gh: GitHub, options: PortOptions = {}) {
    this.members = new TeamMembers(gh);
    this.intakeBots = options.intakeBots ?? DEFAULT_INTAKE_BOTS;
    this.self = options.appSlug ? { appSlug: options.appSlug } : {};
  }

  /** GITHUB_TOKEN, GITHUB_API_URL, the retry knobs, SUBDOMAIN_INTAKE_BOTS and SUBDOMAIN_CHECK_APP, read once. */
  static fromEnv(env: NodeJS.ProcessEnv): GitHubPort {
    const appSlug = env.SUBDOMAIN_CHECK_APP?.trim();
    // A run of the approvals check or a comment command writes at most three times: no pause between them.
    const options = gitHubOptionsFromEnv(env);
    const github = createGitHub({ ...options, throttle: { ...options.throttle, writeSpacing: 'serial' } });
    return new GitHubPort(github, { intakeBots: intakeBotsFromEnv(env), ...(appSlug ? { appSlug } : {}) });
  }

  /** HTTP requests sent so far, retries included. */
  requestCount(): number {
    return this.gh.requestCount();
  }

  readPullRequest(ref: PullRequestRef, policy: ResolvedPolicy, base: Tree, now: Date): Promise<PullRequestRead> {
    return readPullRequest(this.gh, ref, policy, base, now, { intakeBots: this.intakeBots, members: this.members });
  }

  readComment(repo: RepoRef, id: number): Promise<StepComment> {
    return readComment(this.gh, repo, id);
  }

  /** Every comment of an issue or pull request, oldest first (all pages), each saying whether it is the bot's own. */
  listComments(repo: RepoRef, number: number): Promise<ListedComment[]> {
    return listComments(this.gh, repo, number, this.self);
  }

  readIssue(repo: RepoRef, number: number): Promise<IssueRead> {
    return readIssue(this.gh, repo, number);
  }

  readMerged(repo: RepoRef, number: number): Promise<MergedState> {
    return readMerged(this.gh, repo, number, this.intakeBots);
  }

  /** One person's membership of each team (memoised; from a listing already read when there is one). */
  memberships(login: string, teams: readonly string[]): ReturnType<TeamMembers['of']> {
    return this.members.of(login, teams);
  }

  postReply(repo: RepoRef, number: number, body: string): Promise<void> {
    return postReply(this.gh, repo, number, body);
  }

  closeIssue(repo: RepoRef, number: number): Promise<void> {
    return closeIssue(this.gh, repo, number);
  }


  setStatus(ref: PullRequestRef, sha: string, state: StatusState, description: string, targetUrl?: string): Promise<void> {
    return setStatus(this.gh, ref, sha, state, description, targetUrl);
  }

  setCheckRun(ref: PullRequestRef, sha: string, report: CheckReport): Promise<'created' | 'updated' | 'unchanged'> {
    return setCheckRun(this.gh, ref, sha, report, this.self.appSlug ? { appSlug: this.self.appSlug } : {});
  }

  /** The sticky comment, review requests, then the verdict (post.ts). */
  publish(ctx: Omit<PostContext, 'checkAppSlug' | 'self'>, outcome: Outcome): Promise<PostReport> {
    return publish(this.gh, { ...ctx, ...(this.self.appSlug ? { checkAppSlug: this.self.appSlug } : {}), self: this.self }, outcome);
  }
}
