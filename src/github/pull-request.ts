import type { ApprovalInput, Commit, Review, ReviewState, TeamMemberships } from '../approvals/context.js';
import { requestFacts, requestFileOf, type ChangedPath, type RegisterLookup } from '../approvals/request-facts.js';
import { registerPath } from '../model/domain.js';
import { msg, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { loadFile, parseFile } from '../repo/load.js';
import type { Tree } from '../repo/tree.js';
import type { DnsRecord } from '../schema/types.gen.js';
import { ApiFailure, apiFailure, type GitHub } from './client.js';
import { applicantOf } from '../intake/applicant.js';

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

/** Everything read about one pull request: the evaluator's input and what posting needs. */
export interface PullRequestRead {
  input: ApprovalInput;
  /** Reviewers already asked (logins) and teams already asked (slugs). */
  requested: { users: string[]; teams: string[] };
  draft: boolean;
  state: string;
  /** Problems with the request file at the head commit (it cannot be read, or is not a valid request). */
  problems: Problem[];
}

const REVIEW_STATES: ReadonlySet<string> = new Set<ReviewState>(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);
const MAX_LISTED_FILES = 3000;

/**
 * Reads a pull request from the API: the pull request, its files, reviews, commits and
 * timeline, the request file at the head commit, and each team the policy names, once.
 * The register comes from `base`, the base branch's checkout, never from the pull request.
 */
/** The account the intake workflow opens pull requests as, unless SUBDOMAIN_INTAKE_BOTS names others. */
export const DEFAULT_INTAKE_BOTS = ['github-actions[bot]'];

/** The intake bots, read once the same way by every command that names an applicant (approvals, register, step). */
export function intakeBotsFromEnv(env: NodeJS.ProcessEnv): readonly string[] {
  const named = env.SUBDOMAIN_INTAKE_BOTS?.split(',').map((b) => b.trim()).filter(Boolean);
  return named?.length ? named : DEFAULT_INTAKE_BOTS;
}

export async function readPullRequest(
  gh: GitHub,
  ref: PullRequestRef,
  policy: ResolvedPolicy,
  base: Tree,
  now: Date,
  intakeBots: readonly string[] = DEFAULT_INTAKE_BOTS,
): Promise<PullRequestRead> {
  const { octokit } = gh;
  const repo = { owner: ref.owner, repo: ref.repo };
  const what = (id: string, en: string) => msg(`${id} #${ref.number} (${ref.owner}/${ref.repo})`, `${en} #${ref.number} (${ref.owner}/${ref.repo})`);

  const pr = await call(what('Membaca pull request', 'Reading pull request'), () => octokit.rest.pulls.get({ ...repo, pull_number: ref.number })).then((r) => r.data);
  try {
    return await readRest(gh, ref, pr, policy, base, now, intakeBots);
  } catch (error) {
    const failure = apiFailure(error, what('Membaca pull request', 'Reading pull request'));
    failure.headSha = pr.head.sha;
    throw failure;
  }
}

type PullData = Awaited<ReturnType<GitHub['octokit']['rest']['pulls']['get']>>['data'];

async function readRest(gh: GitHub, ref: PullRequestRef, pr: PullData, policy: ResolvedPolicy, base: Tree, now: Date, intakeBots: readonly string[]): Promise<PullRequestRead> {
  const { octokit } = gh;
  const repo = { owner: ref.owner, repo: ref.repo };
  const what = (id: string, en: string) => msg(`${id} #${ref.number} (${ref.owner}/${ref.repo})`, `${en} #${ref.number} (${ref.owner}/${ref.repo})`);
  const page = { ...repo, pull_number: ref.number, per_page: 100 };
  const [files, reviews, commits, events] = await Promise.all([
    call(what('Membaca berkas', 'Reading the files of'), () => octokit.paginate(octokit.rest.pulls.listFiles, page)),
    call(what('Membaca review', 'Reading the reviews of'), () => octokit.paginate(octokit.rest.pulls.listReviews, page)),
    call(what('Membaca commit', 'Reading the commits of'), () => octokit.paginate(octokit.rest.pulls.listCommits, page)),
    pr.draft
      ? Promise.resolve([])
      : call(what('Membaca linimasa', 'Reading the timeline of'), () =>
          octokit.paginate(octokit.rest.issues.listEventsForTimeline, { ...repo, issue_number: ref.number, per_page: 100 }),
        ),
  ]);

  const changed: ChangedPath[] = files.map((f) => ({ path: f.filename, status: f.status, ...(f.previous_filename ? { previous: f.previous_filename } : {}) }));
  const problems: Problem[] = [];
  let requestOpd: string | undefined;
  let requestAction: 'create' | 'update' | 'delete' | undefined;
  let requestRecords: DnsRecord[] | undefined;
  let requestIncident: number | undefined;
  const requestPath = requestFileOf(changed);
  if (requestPath) {
    const bytes = await call(what(`Membaca ${requestPath} pada`, `Reading ${requestPath} at`), () => readFileAt(gh, ref, requestPath, pr.head.sha));
    const loaded = parseFile(requestPath, bytes, 'request');
    if (loaded.ok) {
      requestOpd = loaded.value.opd;
      requestAction = loaded.value.action;
      requestRecords = loaded.value.records;
      // Only the pipeline's own pull request may stand on an incident instead of an applicant of the OPD.
      const byBot = intakeBots.some((bot) => bot.toLowerCase() === (pr.user?.login ?? '').toLowerCase());
      if (byBot && loaded.value.incident) requestIncident = loaded.value.incident.issue;
    }
    else problems.push(...loaded.problems);
  }
  const request = requestFacts({
    files: changed,
    truncated: files.length >= MAX_LISTED_FILES || pr.changed_files > files.length,
    ...(requestOpd !== undefined ? { requestOpd } : {}),
    ...(requestAction !== undefined ? { requestAction } : {}),
    ...(requestRecords !== undefined ? { requestRecords } : {}),
    ...(requestIncident !== undefined ? { requestIncident } : {}),
    ...(problems.length > 0 ? { requestInvalid: true } : {}),
    register: registerAt(base),
  });

  const memberships: TeamMemberships = {};
  for (const team of teamsNamed(policy, request.opd)) {
    const [org, slug] = splitTeam(team);
    const members = await call(
      msg(`Membaca anggota tim ${team}`, `Reading the members of team ${team}`),
      () => octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 }),
    );
    // Listing returns active members only: a pending invitation never holds a role.
    memberships[team] = Object.fromEntries(members.map((m) => [m.login, 'active' as const]));
  }

  // A base merged into the pull request (GitHub's "Update branch", needed when main requires
  // up-to-date branches) changes no request file: reviews of the commit before it still review
  // the request that merges, and whoever merged the base did not write the request.
  const compare = sameRequestFiles(gh, ref, changed);
  const reviewed = [...new Set(reviews.map((r) => r.commit_id).filter((c): c is string => typeof c === 'string' && c !== pr.head.sha))];
  const sameAsHead = new Set<string>();
  for (const commit of reviewed.slice(-MAX_COMPARED)) if (await compare(commit, pr.head.sha)) sameAsHead.add(commit);
  const baseMerges = new Set<string>();
  for (const c of commits.filter((c) => (c.parents?.length ?? 0) > 1).slice(-MAX_COMPARED)) if (await compare(c.sha, c.parents[0]!.sha)) baseMerges.add(c.sha);

  const readyAt = lastReadyForReview(events as { event?: string; created_at?: string }[]);
  const input: ApprovalInput = {
    pullRequest: {
      number: pr.number,
      // For a pull request the intake bot opened from an issue form, the issue's author.
      author: applicantOf(pr, intakeBots),
      headSha: pr.head.sha,
      createdAt: pr.created_at,
      ...(readyAt ? { readyAt } : {}),
      ...(pr.draft === true ? { draft: true } : {}),
      changedFiles: changed.map((f) => f.path),
      labels: pr.labels.map((l) => l.name).filter((n): n is string => typeof n === 'string'),
    },
    reviews: reviews.flatMap((r): Review[] =>
      r.user && r.submitted_at && r.commit_id && REVIEW_STATES.has(r.state)
        ? [{ id: r.id, user: r.user.login, state: r.state as ReviewState, commitId: sameAsHead.has(r.commit_id) ? pr.head.sha : r.commit_id, submittedAt: r.submitted_at }]
        : [],
    ),
    commits: commits.filter((c) => !baseMerges.has(c.sha)).map((c): Commit => ({ sha: c.sha, ...(c.author?.login ? { author: c.author.login } : {}), ...(c.committer?.login ? { committer: c.committer.login } : {}) })),
    memberships,
    request,
    now: now.toISOString(),
  };
  return {
    input,
    requested: {
      users: (pr.requested_reviewers ?? []).map((u) => u.login),
      teams: (pr.requested_teams ?? []).map((t) => t.slug),
    },
    draft: pr.draft === true,
    state: pr.state,
    problems,
  };
}

/** Every `org/slug` team that can hold a role of a step, the maintainers' role, or the request's OPD. */
export function teamsNamed(policy: ResolvedPolicy, opd: string | undefined): string[] {
  const roles = new Set(policy.steps.flatMap((s) => s.roles));
  roles.add('maintainers');
  const teams = new Set<string>();
  for (const role of roles) for (const team of policy.roles[role]?.teams ?? []) teams.add(team);
  if (opd !== undefined) for (const team of policy.opds[opd]?.teams ?? []) teams.add(team);
  return [...teams].sort();
}

function splitTeam(team: string): [string, string] {
  const slash = team.indexOf('/');
  return [team.slice(0, slash), team.slice(slash + 1)];
}

function lastReadyForReview(events: { event?: string; created_at?: string }[]): string | undefined {
  let last: string | undefined;
  for (const e of events) if (e.event === 'ready_for_review' && e.created_at && (!last || e.created_at > last)) last = e.created_at;
  return last;
}

async function readFileAt(gh: GitHub, ref: PullRequestRef, path: string, sha: string): Promise<Uint8Array> {
  const { data } = await gh.octokit.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, ref: sha });
  if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
    throw new ApiFailure(msg(`${path} pada ${sha.slice(0, 7)} bukan berkas biasa.`, `${path} at ${sha.slice(0, 7)} is not a regular file.`));
  }
  // Files over 1 MB come without content: far beyond a request's 64 KiB, the parser says so.
  return data.encoding === 'base64' ? Buffer.from(data.content, 'base64') : new Uint8Array(data.size > 0 ? data.size : 0).fill(0x20);
}

/** At most this many commits are compared with the head (or a merge with its first parent). */
const MAX_COMPARED = 10;
/** A pull request with more files than this is compared by commit only (approvals on the head). */
const MAX_COMPARED_FILES = 5;

/**
 * `compare(a, b)`: do commits a and b hold the same request files, byte for byte (a file the pull
 * request removes: absent at both)? Only for a pull request that changes nothing but request files
 * (at most MAX_COMPARED_FILES, none renamed); for any other, always false, so approvals count on
 * the head commit only, as before. Each file is read once per commit.
 */
function sameRequestFiles(gh: GitHub, ref: PullRequestRef, files: readonly ChangedPath[]): (a: string, b: string) => Promise<boolean> {
  const comparable = files.length > 0 && files.length <= MAX_COMPARED_FILES && files.every((f) => f.path.startsWith('requests/') && f.status !== 'renamed' && f.previous === undefined);
  const read = new Map<string, Promise<string | undefined>>();
  const at = (path: string, sha: string) => {
    const key = `${sha}:${path}`;
    if (!read.has(key)) {
      read.set(key, readFileAt(gh, ref, path, sha).then(
        (bytes) => Buffer.from(bytes).toString('base64'),
        (error: unknown) => {
          if ((error as { status?: number }).status === 404) return undefined;
          throw error;
        },
      ));
    }
    return read.get(key)!;
  };
  return async (a, b) => {
    if (!comparable || a === b) return comparable && a === b;
    for (const f of files) {
      const [x, y] = await Promise.all([at(f.path, a), at(f.path, b)]);
      if (x !== y) return false;
    }
    return true;
  };
}

function registerAt(base: Tree): RegisterLookup {
  return (fqdn) => {
    const path = registerPath(fqdn);
    if (base.kind(path) === 'missing') return undefined;
    const loaded = loadFile(base, path, 'register');
    return loaded.ok ? { opd: loaded.value.opd } : 'unreadable';
  };
}

async function call<T>(what: { id: string; en: string }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw apiFailure(error, what);
  }
}
