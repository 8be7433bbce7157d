import { createHash } from 'node:crypto';
import type { ApprovalInput, Commit, RequestFacts, Review, ReviewState, TeamMemberships } from '../approvals/context.js';
import { evaluateApprovals, type ApprovalResult } from '../approvals/evaluate.js';
import { requestFacts, requestFileOf, type ChangedPath, type RegisterLookup } from '../approvals/request-facts.js';
import { registerPath } from '../model/domain.js';
import { msg, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { loadFile, parseFile } from '../repo/load.js';
import type { Tree } from '../repo/tree.js';
import type { DnsRecord } from '../schema/types.gen.js';
import { ApiFailure, apiFailure, call, statusOf, type GitHub } from './client.js';
import { applicantOf } from '../intake/applicant.js';
import { TeamMembers } from './memberships.js';

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
  /** The conversation's comments, oldest first (from the timeline: no call of their own). */
  comments: ConversationComment[];
}

const REVIEW_STATES: ReadonlySet<string> = new Set<ReviewState>(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);
const MAX_LISTED_FILES = 3000;

/** The account the intake workflow opens pull requests as, unless SUBDOMAIN_INTAKE_BOTS names others (see port.ts). */
export const DEFAULT_INTAKE_BOTS: readonly string[] = ['github-actions[bot]'];

/** A comment on the pull request's conversation, as the timeline lists it (for the sticky comment). */
export interface ConversationComment {
  id: number;
  body: string;
  /** The author's login and account type (`Bot` for GitHub Apps and github-actions). */
  user: { login: string; type: string } | null;
  /** The GitHub App the comment was made through, when GitHub says. */
  app?: string;
}

export interface ReadOptions {
  /** The accounts whose pull requests name their applicant by the intake marker. */
  intakeBots?: readonly string[];
  /** The run's membership reader: each team is listed once however often it is asked for. */
  members?: TeamMembers;
}

/**
 * Reads a pull request from the API, in as few calls as GitHub allows:
 * - the pull request;
 * - its files and commits, in one comparison of its base and head commits (the pull request's
 *   own lists when the comparison cannot hold them: over 250 commits or 300 files);
 * - its timeline, which holds the submitted reviews, the conversation's comments and the
 *   `ready_for_review` events at once;
 * - the request file at the head commit: the file's patch when it adds the file whole and
 *   its text hashes to the blob GitHub names, else one read of the file;
 * - each team the policy names that the evaluation asks about, once (TeamMembers): none when
 *   the applicant and every approver are named by login;
 * - the request file at one older commit reviewed, only when counting its reviews could change
 *   the verdict (see the end of readRest).
 * The register comes from `base`, the base branch's checkout, never from the pull request.
 * Every failure is an ApiFailure carrying the head commit (to leave a pending status there).
 */
export async function readPullRequest(
  gh: GitHub,
  ref: PullRequestRef,
  policy: ResolvedPolicy,
  base: Tree,
  now: Date,
  o: ReadOptions = {},
): Promise<PullRequestRead> {
  const { octokit } = gh;
  const repo = { owner: ref.owner, repo: ref.repo };
  const what = describe(ref);

  const pr = await call(what('Membaca pull request', 'Reading pull request'), () => octokit.rest.pulls.get({ ...repo, pull_number: ref.number })).then((r) => r.data);
  try {
    return await readRest(gh, ref, pr, policy, base, now, o.intakeBots ?? DEFAULT_INTAKE_BOTS, o.members ?? new TeamMembers(gh));
  } catch (error) {
    const failure = apiFailure(error, what('Membaca pull request', 'Reading pull request'));
    failure.headSha = pr.head.sha;
    throw failure;
  }
}

const describe = (ref: PullRequestRef) => (id: string, en: string) => msg(`${id} #${ref.number} (${ref.owner}/${ref.repo})`, `${en} #${ref.number} (${ref.owner}/${ref.repo})`);

type PullData = Awaited<ReturnType<GitHub['octokit']['rest']['pulls']['get']>>['data'];
type FileData = Awaited<ReturnType<GitHub['octokit']['rest']['pulls']['listFiles']>>['data'][number];
type CommitData = Awaited<ReturnType<GitHub['octokit']['rest']['pulls']['listCommits']>>['data'][number];

/** What a comparison holds at most without pagination (GitHub's documented limits). */
const COMPARE_MAX_COMMITS = 250;
const COMPARE_MAX_FILES = 300;

/** The pull request's files and commits: one comparison of base and head, or the pull request's own lists. */
async function filesAndCommits(gh: GitHub, ref: PullRequestRef, pr: PullData): Promise<{ files: FileData[]; commits: CommitData[] }> {
  const { octokit } = gh;
  const repo = { owner: ref.owner, repo: ref.repo };
  const what = describe(ref);
  const compared = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${pr.base.sha}...${pr.head.sha}` }).then(
    (r) => r.data,
    (error: unknown) => {
      // A head GitHub cannot compare from here (a fork's commit, a base rewritten): ask the pull request.
      if (statusOf(error) === 404 || statusOf(error) === 422) return undefined;
      throw apiFailure(error, what('Membandingkan commit', 'Comparing the commits of'));
    },
  );
  const files = compared?.files;
  if (compared && files && compared.commits.length >= compared.total_commits && compared.commits.length < COMPARE_MAX_COMMITS && files.length < COMPARE_MAX_FILES
    && files.length >= Math.min(pr.changed_files, COMPARE_MAX_FILES - 1) && compared.commits.at(-1)?.sha === pr.head.sha) {
    return { files: files as FileData[], commits: compared.commits as CommitData[] };
  }
  const page = { ...repo, pull_number: ref.number, per_page: 100 };
  const [listed, commits] = await Promise.all([
    call(what('Membaca berkas', 'Reading the files of'), () => octokit.paginate(octokit.rest.pulls.listFiles, page)),
    call(what('Membaca commit', 'Reading the commits of'), () => octokit.paginate(octokit.rest.pulls.listCommits, page)),
  ]);
  return { files: listed, commits };
}

interface TimelineItem {
  event?: string;
  id?: number;
  created_at?: string;
  /** reviewed */
  user?: { login: string; type?: string } | null;
  state?: string;
  commit_id?: string;
  submitted_at?: string;
  /** commented */
  body?: string;
  performed_via_github_app?: { slug?: string } | null;
}

async function readRest(gh: GitHub, ref: PullRequestRef, pr: PullData, policy: ResolvedPolicy, base: Tree, now: Date, intakeBots: readonly string[], members: TeamMembers): Promise<PullRequestRead> {
  const { octokit } = gh;
  const repo = { owner: ref.owner, repo: ref.repo };
  const what = describe(ref);
  const [{ files, commits }, timeline] = await Promise.all([
    filesAndCommits(gh, ref, pr),
    call(what('Membaca linimasa', 'Reading the timeline of'), () =>
      octokit.paginate(octokit.rest.issues.listEventsForTimeline, { ...repo, issue_number: ref.number, per_page: 100 }),
    ) as Promise<TimelineItem[]>,
  ]);
  const reviews = timeline.filter((e) => e.event === 'reviewed');

  const changed: ChangedPath[] = files.map((f) => ({ path: f.filename, status: f.status, ...(f.previous_filename ? { previous: f.previous_filename } : {}) }));
  const problems: Problem[] = [];
  let requestOpd: string | undefined;
  let requestAction: 'create' | 'update' | 'delete' | undefined;
  let requestRecords: DnsRecord[] | undefined;
  let requestIncident: number | undefined;
  let requestLetter: RequestFacts['letter'] | undefined;
  const requestPath = requestFileOf(changed);
  /** Files already read, by `sha:path`: the comparison below does not read them again. */
  const known = new Map<string, Uint8Array>();
  if (requestPath) {
    const listed = files.find((f) => f.filename === requestPath);
    const patched = listed ? addedWhole(listed) : undefined;
    if (patched) known.set(`${pr.head.sha}:${requestPath}`, patched);
    const bytes = patched ?? await call(what(`Membaca ${requestPath} pada`, `Reading ${requestPath} at`), () => readFileAt(gh, ref, requestPath, pr.head.sha));
    const loaded = parseFile(requestPath, bytes, 'request');
    if (loaded.ok) {
      requestOpd = loaded.value.opd;
      requestAction = loaded.value.action;
      requestRecords = loaded.value.records;
      // Only the pipeline's own pull request may stand on an incident instead of an applicant of the OPD.
      const byBot = intakeBots.some((bot) => bot.toLowerCase() === (pr.user?.login ?? '').toLowerCase());
      if (byBot && loaded.value.incident) requestIncident = loaded.value.incident.issue;
      const letter = loaded.value.letter;
      if (letter) requestLetter = { ...(letter.via ? { via: letter.via } : {}), ...(letter.reference ? { reference: letter.reference } : {}), ...(letter.attachment ? { attachment: letter.attachment } : {}) };
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
    ...(requestLetter !== undefined ? { requestLetter } : {}),
    ...(problems.length > 0 ? { requestInvalid: true } : {}),
    register: registerAt(base),
  });

  // A base merged into the pull request (GitHub's "Update branch", needed when main requires
  // up-to-date branches) changes no request file: reviews of the commit before it still review
  // the request that merges, and whoever merged the base did not write the request.
  const compare = sameRequestFiles(gh, ref, changed, known);
  const baseMerges = new Set<string>();
  for (const c of commits.filter((c) => (c.parents?.length ?? 0) > 1).slice(-MAX_COMPARED)) if (await compare(c.sha, c.parents[0]!.sha)) baseMerges.add(c.sha);
  const reviewed = compare.comparable ? [...new Set(reviews.map((r) => r.commit_id).filter((c): c is string => typeof c === 'string' && c !== pr.head.sha))].slice(-MAX_COMPARED) : [];
  const sameAsHead = new Set<string>();
  // One older commit is decided only if it matters (below); several are compared now, as always.
  let open = reviewed.length === 1 ? reviewed[0] : undefined;
  if (open === undefined) for (const commit of reviewed) if (await compare(commit, pr.head.sha)) sameAsHead.add(commit);

  const readyAt = pr.draft ? undefined : lastReadyForReview(timeline);
  const inputWith = (same: ReadonlySet<string>, memberships: TeamMemberships): ApprovalInput => ({
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
    reviews: reviews.flatMap((r): Review[] => {
      // The timeline writes a review's state in lower case (`approved`); the reviews list in upper.
      const state = (r.state ?? '').toUpperCase();
      return typeof r.id === 'number' && r.user && r.submitted_at && r.commit_id && REVIEW_STATES.has(state)
        ? [{ id: r.id, user: r.user.login, state: state as ReviewState, commitId: same.has(r.commit_id) ? pr.head.sha : r.commit_id, submittedAt: r.submitted_at }]
        : [];
    }),
    commits: commits.filter((c) => !baseMerges.has(c.sha)).map((c): Commit => ({ sha: c.sha, ...(c.author?.login ? { author: c.author.login } : {}), ...(c.committer?.login ? { committer: c.committer.login } : {}) })),
    memberships,
    request,
    now: now.toISOString(),
  });

  // Only what the evaluation asks is read (evaluateApprovals is pure, so this is exact): each
  // team of the policy when it asks about the team (an applicant or an approver named by login
  // needs no listing), and whether the one older commit reviewed holds the head's request files
  // only when counting its reviews on the head could change anything but the note that they
  // were given on an older commit (left unread, they count as the older commit's, and that note
  // stays). Each round reads what the last evaluation asked for, until it asks for nothing new;
  // the last evaluation then looked only at teams that were listed, so its verdict, steps and
  // reviewers are the ones reading every team and commit up front would give.
  // Listing returns active members only: a pending invitation never holds a role.
  const named = teamsNamed(policy, request.opd);
  const memberships: TeamMemberships = {};
  for (;;) {
    const asked = new Set<string>();
    const view = askedTeams(named, memberships, asked);
    const counted = evaluateApprovals(policy, inputWith(sameAsHead, view));
    const onHead = open !== undefined ? evaluateApprovals(policy, inputWith(new Set([...sameAsHead, open]), view)) : undefined;
    const missing = [...asked].filter((team) => !(team in memberships));
    if (missing.length > 0) {
      Object.assign(memberships, await members.ofTeams(missing));
      continue;
    }
    if (open !== undefined && onHead && !sameBesidesStale(counted, onHead)) {
      if (await compare(open, pr.head.sha)) sameAsHead.add(open);
      open = undefined;
      continue;
    }
    break;
  }
  const input = inputWith(sameAsHead, memberships);
  return {
    input,
    requested: {
      users: (pr.requested_reviewers ?? []).map((u) => u.login),
      teams: (pr.requested_teams ?? []).map((t) => t.slug),
    },
    draft: pr.draft === true,
    state: pr.state,
    problems,
    comments: timeline.flatMap((e): ConversationComment[] =>
      e.event === 'commented' && typeof e.id === 'number'
        ? [{ id: e.id, body: e.body ?? '', user: e.user ? { login: e.user.login, type: e.user.type ?? 'User' } : null, ...(e.performed_via_github_app?.slug ? { app: e.performed_via_github_app.slug } : {}) }]
        : [],
    ),
  };
}

/**
 * The text of a file the pull request adds whole, from its patch (`@@ -0,0 +1,N @@` and `+` lines),
 * when that text hashes to the blob GitHub lists for the file: then it is the file, byte for byte.
 * Undefined otherwise (no patch, a patch GitHub cut, any doubt): the caller reads the file.
 */
export function addedWhole(file: { status: string; sha?: string | null; patch?: string }): Uint8Array | undefined {
  if (file.status !== 'added' || typeof file.patch !== 'string' || !file.sha) return undefined;
  const lines = file.patch.split('\n');
  if (!/^@@ -0,0 \+1(?:,\d+)? @@/.test(lines[0] ?? '')) return undefined;
  let text = '';
  let endsWithNewline = true;
  for (const line of lines.slice(1)) {
    if (line.startsWith('+')) text += `${line.slice(1)}\n`;
    else if (line === '\\ No newline at end of file') endsWithNewline = false;
    else if (line !== '') return undefined;
  }
  if (!endsWithNewline) text = text.slice(0, -1);
  const bytes = Buffer.from(text, 'utf8');
  const blob = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  return blob === file.sha ? new Uint8Array(bytes) : undefined;
}

/** Every `org/slug` team that can hold a role of a step, the maintainers' role, or the request's OPD. */
export function teamsNamed(policy: ResolvedPolicy, opd: string | undefined): string[] {
  const roles = new Set(policy.steps.flatMap((s) => s.roles));
  roles.add('maintainers');
  if (policy.intake) roles.add(policy.intake.role);
  const teams = new Set<string>();
  for (const role of roles) for (const team of policy.roles[role]?.teams ?? []) teams.add(team);
  if (opd !== undefined) for (const team of policy.opds[opd]?.teams ?? []) teams.add(team);
  return [...teams].sort();
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
function sameRequestFiles(gh: GitHub, ref: PullRequestRef, files: readonly ChangedPath[], known: ReadonlyMap<string, Uint8Array> = new Map()): ((a: string, b: string) => Promise<boolean>) & { comparable: boolean } {
  const comparable = files.length > 0 && files.length <= MAX_COMPARED_FILES && files.every((f) => f.path.startsWith('requests/') && f.status !== 'renamed' && f.previous === undefined);
  const read = new Map<string, Promise<string | undefined>>([...known].map(([key, bytes]) => [key, Promise.resolve(Buffer.from(bytes).toString('base64'))]));
  const at = (path: string, sha: string) => {
    const key = `${sha}:${path}`;
    if (!read.has(key)) {
      read.set(key, readFileAt(gh, ref, path, sha).then(
        (bytes) => Buffer.from(bytes).toString('base64'),
        (error: unknown) => {
          if (statusOf(error) === 404) return undefined;
          throw error;
        },
      ));
    }
    return read.get(key)!;
  };
  const same = async (a: string, b: string) => {
    if (!comparable || a === b) return comparable && a === b;
    for (const f of files) {
      const [x, y] = await Promise.all([at(f.path, a), at(f.path, b)]);
      if (x !== y) return false;
    }
    return true;
  };
  return Object.assign(same, { comparable });
}

/**
 * The teams of the policy as the evaluation sees them, noting each one it asks about: a listed
 * team answers from `read`, one not yet listed as having nobody (the caller lists it and asks
 * again). A team the policy does not name is absent, as before.
 */
function askedTeams(named: readonly string[], read: TeamMemberships, asked: Set<string>): TeamMemberships {
  const view: TeamMemberships = {};
  for (const team of named) {
    Object.defineProperty(view, team, {
      enumerable: true,
      get: () => {
        asked.add(team);
        return read[team] ?? {};
      },
    });
  }
  return view;
}

/** The same verdict, steps, people and notes, but for notes that an approval was given on an older commit. */
function sameBesidesStale(a: ApprovalResult, b: ApprovalResult): boolean {
  const strip = (r: ApprovalResult) => JSON.stringify({ ...r, problems: r.problems.filter((p) => p.code !== 'review/stale') });
  return strip(a) === strip(b);
}

function registerAt(base: Tree): RegisterLookup {
  return (fqdn) => {
    const path = registerPath(fqdn);
    if (base.kind(path) === 'missing') return undefined;
    const loaded = loadFile(base, path, 'register');
    return loaded.ok ? { opd: loaded.value.opd } : 'unreadable';
  };
}

