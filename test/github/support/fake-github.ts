import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { error, GitHubServer, idOf, type Fault, type Reply, type Route } from '../../support/github-server.js';
import type { ResponseValidator } from './openapi.js';

export type { Fault };

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const RESPONSES = join(FIXTURES, 'responses');

/** A pull request and its surroundings, as a scenario file under fixtures/scenarios/ describes it. */
export interface Scenario {
  repo: string;
  pull: {
    number: number;
    author: string;
    title?: string;
    body?: string;
    created_at: string;
    draft?: boolean;
    head: string;
    labels?: string[];
    files: { path: string; status?: string; previous?: string }[];
    /** `parents` defaults to the commit before (the first one's: a base commit); a merge lists two. */
    commits: { sha: string; author?: string | null; committer?: string | null; date?: string; message?: string; parents?: string[] }[];
    reviews?: ReviewSpec[];
    events?: { event: string; at: string; actor?: string }[];
    requested_reviewers?: string[];
    requested_teams?: string[];
  };
  /** Files at the head commit: path → fixture file (relative to fixtures/) or inline text. */
  contents?: Record<string, { file?: string; text?: string }>;
  /** Files at other commits: sha → path → file or text (absent: 404, as for a file not there). */
  contentsAt?: Record<string, Record<string, { file?: string; text?: string }>>;
  /** `org/slug` → login → membership state. */
  teams?: Record<string, Record<string, 'active' | 'pending'>>;
  /** When given, review requests for anyone else get GitHub's 422. */
  collaborators?: string[];
  comments?: { user: string; body: string; type?: 'User' | 'Bot' }[];
}

export interface ReviewSpec {
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  at: string;
  /** Defaults to the head commit. */
  commit?: string;
  body?: string;
}

interface Comment {
  id: number;
  user: string;
  type: 'User' | 'Bot';
  /** The GitHub App the comment was made through (`performed_via_github_app`). */
  app?: CheckApp;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface PostedStatus {
  sha: string;
  state: string;
  description: string | null;
  context: string;
  target_url: string | null;
}

/** The GitHub App a token acts as: a check run belongs to the app that created it. */
export interface CheckApp {
  id: number;
  slug: string;
  name: string;
}

/** The app behind a workflow's GITHUB_TOKEN. */
export const GITHUB_ACTIONS_APP: CheckApp = { id: 15368, slug: 'github-actions', name: 'GitHub Actions' };

export interface CheckRun {
  id: number;
  head_sha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  details_url: string | null;
  started_at: string;
  completed_at: string | null;
  app: CheckApp;
}

/** Git's id of a blob: what GitHub lists as a file's `sha`. */
export function blobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The patch GitHub lists for a file added whole: one hunk of `+` lines. */
function addedPatch(bytes: Buffer): { patch: string; additions: number; changes: number } {
  const text = bytes.toString('utf8');
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const patch = [`@@ -0,0 +1${lines.length === 1 ? '' : `,${lines.length}`} @@`, ...lines.map((l) => `+${l}`), ...(endsWithNewline ? [] : ['\\ No newline at end of file'])].join('\n');
  return { patch, additions: lines.length, changes: lines.length };
}

export function loadScenario(name: string): Scenario {
  return parse(readFileSync(join(FIXTURES, 'scenarios', `${name}.yaml`), 'utf8')) as Scenario;
}

const templates = new Map<string, unknown>();
function template(name: string): unknown {
  if (!templates.has(name)) templates.set(name, JSON.parse(readFileSync(join(RESPONSES, `${name}.json`), 'utf8')));
  return templates.get(name);
}

/** A response template with `{{name}}` filled in: a whole-string placeholder takes the raw value (number, object, null). */
export function fill(name: string, vars: Record<string, unknown>): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    if (typeof node !== 'string') return node;
    const whole = /^\{\{(\w+)\}\}$/.exec(node);
    if (whole) {
      if (!(whole[1]! in vars)) throw new Error(`template ${name}: no value for ${whole[1]}`);
      return vars[whole[1]!];
    }
    return node.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      if (!(key in vars)) throw new Error(`template ${name}: no value for ${key}`);
      return String(vars[key]);
    });
  };
  return walk(template(name)) as Record<string, unknown>;
}

/**
 * A GitHub-like REST API on 127.0.0.1: the endpoints `subdomain approvals` uses, with state,
 * pagination (Link headers), injected failures, and every body it serves checked against
 * GitHub's OpenAPI description.
 */
export class FakeGitHub extends GitHubServer {
  readonly statuses: PostedStatus[] = [];
  /** Check runs on any commit, oldest first. */
  readonly checkRuns: CheckRun[] = [];
  /** The app the token acts as (creates and may update its own check runs only). */
  app: CheckApp = GITHUB_ACTIONS_APP;
  comments: Comment[] = [];
  writer = 'github-actions[bot]';
  /** GitHub serves at most 100 items a page; tests lower it to make every list span pages. */
  maxPerPage = 100;
  private scenario!: Scenario;
  private reviews: (ReviewSpec & { id: number })[] = [];
  private requested = { users: [] as string[], teams: [] as string[] };
  private nextId = 1000;
  protected readonly routes: Route[];

  constructor(validator: ResponseValidator) {
    super(validator);
    const R = '/repos/([^/]+)/([^/]+)';
    this.routes = [
      ['GET', new RegExp(`^${R}/pulls/(\\d+)$`), '/repos/{owner}/{repo}/pulls/{pull_number}', (m) => this.getPull(Number(m[3]))],
      ['GET', new RegExp(`^${R}/pulls/(\\d+)/files$`), '/repos/{owner}/{repo}/pulls/{pull_number}/files', (m, u) => this.page(u, this.pullOr404(m, () => this.files()))],
      ['GET', new RegExp(`^${R}/pulls/(\\d+)/reviews$`), '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', (m, u) => this.page(u, this.pullOr404(m, () => this.reviewBodies()))],
      ['GET', new RegExp(`^${R}/pulls/(\\d+)/commits$`), '/repos/{owner}/{repo}/pulls/{pull_number}/commits', (m, u) => this.page(u, this.pullOr404(m, () => this.commitBodies()))],
      ['GET', new RegExp(`^${R}/compare/([^/]+)$`), '/repos/{owner}/{repo}/compare/{basehead}', (m) => this.compare(decodeURIComponent(m[3]!))],
      ['GET', new RegExp(`^${R}/issues/(\\d+)/timeline$`), '/repos/{owner}/{repo}/issues/{issue_number}/timeline', (m, u) => this.page(u, this.pullOr404(m, () => this.events()))],
      ['GET', new RegExp(`^${R}/contents/(.+)$`), '/repos/{owner}/{repo}/contents/{path}', (m, u) => this.content(decodeURIComponent(m[3]!), u.searchParams.get('ref') ?? 'main')],
      ['GET', /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/, '/orgs/{org}/teams/{team_slug}/members', (m, u) => this.teamMembers(`${m[1]}/${m[2]}`, u)],
      ['GET', /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/, '/orgs/{org}/teams/{team_slug}/memberships/{username}', (m) => this.teamMembership(`${m[1]}/${m[2]}`, m[3]!)],
      ['GET', new RegExp(`^${R}/issues/(\\d+)/comments$`), '/repos/{owner}/{repo}/issues/{issue_number}/comments', (m, u) => this.page(u, this.pullOr404(m, () => this.comments.map((c) => this.commentBody(c)))) ],
      ['POST', new RegExp(`^${R}/issues/(\\d+)/comments$`), '/repos/{owner}/{repo}/issues/{issue_number}/comments', (m, _u, b) => this.createComment(m, b)],
      ['PATCH', new RegExp(`^${R}/issues/comments/(\\d+)$`), '/repos/{owner}/{repo}/issues/comments/{comment_id}', (m, _u, b) => this.updateComment(Number(m[3]), b)],
      ['POST', new RegExp(`^${R}/statuses/([0-9a-f]{40})$`), '/repos/{owner}/{repo}/statuses/{sha}', (m, _u, b) => this.createStatus(m[3]!, b)],
      ['POST', new RegExp(`^${R}/check-runs$`), '/repos/{owner}/{repo}/check-runs', (_m, _u, b) => this.createCheckRun(b)],
      ['PATCH', new RegExp(`^${R}/check-runs/(\\d+)$`), '/repos/{owner}/{repo}/check-runs/{check_run_id}', (m, _u, b) => this.updateCheckRun(Number(m[3]), b)],
      ['GET', new RegExp(`^${R}/commits/([^/]+)/check-runs$`), '/repos/{owner}/{repo}/commits/{ref}/check-runs', (m, u) => this.listCheckRuns(decodeURIComponent(m[3]!), u)],
      ['POST', new RegExp(`^${R}/pulls/(\\d+)/requested_reviewers$`), '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', (m, _u, b) => this.requestReviewers(m, b)],
    ];
  }

  load(scenario: Scenario): this {
    this.scenario = scenario;
    this.reviews = (scenario.pull.reviews ?? []).map((r, i) => ({ ...r, id: 2_000_000 + i }));
    this.requested = { users: [...(scenario.pull.requested_reviewers ?? [])], teams: [...(scenario.pull.requested_teams ?? [])] };
    this.comments = (scenario.comments ?? []).map((c) => ({ id: this.nextId++, user: c.user, type: c.type ?? 'User', body: c.body, created_at: scenario.pull.created_at, updated_at: scenario.pull.created_at }));
    return this;
  }

  /** A review submitted later (the scenario goes on). */
  addReview(review: ReviewSpec): void {
    this.reviews.push({ ...review, id: 2_000_000 + this.reviews.length });
  }

  /** A review dismissed later: GitHub keeps it, with state DISMISSED. */
  dismiss(user: string): void {
    for (const r of this.reviews) if (r.user === user && r.state === 'APPROVED') r.state = 'DISMISSED';
  }

  /** A push: a new head commit. */
  push(sha: string, author: string): void {
    this.scenario.pull.head = sha;
    this.scenario.pull.commits.push({ sha, author, committer: author });
  }

  get requestedReviewers(): { users: string[]; teams: string[] } {
    return this.requested;
  }

  /** A check run someone else made earlier (another app, or an earlier run of ours). */
  addCheckRun(run: Partial<CheckRun> & { name: string; app: CheckApp }): CheckRun {
    const created: CheckRun = {
      id: this.nextId++,
      head_sha: this.scenario.pull.head,
      status: 'completed',
      conclusion: 'success',
      title: null,
      summary: null,
      details_url: null,
      started_at: this.scenario.pull.created_at,
      completed_at: this.scenario.pull.created_at,
      ...run,
    };
    this.checkRuns.push(created);
    return created;
  }

  /** What a required check of that name sees on the head commit: each app's newest run. */
  latestCheckRuns(name = 'sop/approvals', sha = this.scenario.pull.head): CheckRun[] {
    const newest = new Map<number, CheckRun>();
    for (const run of this.checkRuns) if (run.name === name && run.head_sha === sha) newest.set(run.app.id, run);
    return [...newest.values()];
  }

  fail(fault: Fault): void {
    this.inject(fault);
  }

  protected get servedRepo(): string {
    return this.scenario.repo;
  }

  // ---- response bodies ------------------------------------------------------------------

  private get owner(): string {
    return this.scenario.repo.split('/')[0]!;
  }

  private base(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const [owner, repo] = this.scenario.repo.split('/');
    return { api: this.url, owner, repo, number: this.scenario.pull.number, ...extra };
  }

  user(login: string): Record<string, unknown> {
    return fill('simple-user', { api: this.url, login, login_path: encodeURIComponent(login), id: idOf(login), type: login.endsWith('[bot]') ? 'Bot' : this.owner === login ? 'Organization' : 'User' });
  }

  private repository(): Record<string, unknown> {
    return fill('repository', this.base({ ownerUser: fill('simple-user', { api: this.url, login: this.owner, login_path: this.owner, id: idOf(this.owner), type: 'Organization' }) }));
  }

  private pullOr404(m: RegExpMatchArray, items: () => unknown[]): unknown[] | Reply {
    return Number(m[3]) === this.scenario.pull.number ? items() : { status: 404, body: error('Not Found', 404) };
  }

  private getPull(number: number): Reply {
    const p = this.scenario.pull;
    if (number !== p.number) return { status: 404, body: error('Not Found', 404) };
    return { status: 200, body: this.pullBody() };
  }

  private pullBody(): Record<string, unknown> {
    const p = this.scenario.pull;
    const last = this.reviews.map((r) => r.at).sort().at(-1) ?? p.created_at;
    return fill('pull-request', this.base({
      id: idOf(`${this.scenario.repo}#${p.number}`),
      state: 'open',
      title: p.title ?? `Permohonan ${p.files[0]?.path ?? ''}`,
      user: this.user(p.author),
      body: p.body ?? 'Permohonan sub domain sesuai surat terlampir.',
      created_at: p.created_at,
      updated_at: last,
      requested_reviewers: this.requested.users.map((u) => this.user(u)),
      requested_teams: this.requested.teams.map((slug) => fill('team-simple', { api: this.url, org: this.owner, slug, id: idOf(slug) })),
      labels: (p.labels ?? []).map((name) => fill('label', this.base({ id: idOf(name), name }))),
      draft: p.draft ?? false,
      head_label: `${p.author}:permohonan-${p.number}`,
      head_ref: `permohonan-${p.number}`,
      head_sha: p.head,
      base_sha: '5f0c9e6a3b1d2c4e8f7a6b5c4d3e2f1a0b9c8d7e',
      ownerUser: fill('simple-user', { api: this.url, login: this.owner, login_path: this.owner, id: idOf(this.owner), type: 'Organization' }),
      repository: this.repository(),
      comment_count: this.comments.length,
      commit_count: p.commits.length,
      changed_files: p.files.length,
    }));
  }

  /** The pull request's files; a file it adds whole carries its patch and blob id, as GitHub lists them. */
  private files(): unknown[] {
    const p = this.scenario.pull;
    return p.files.map((f) => {
      const status = f.status ?? 'added';
      const bytes = status === 'added' ? this.bytesAt(p.head, f.path) : undefined;
      const body = fill('diff-entry', this.base({ sha: bytes ? blobSha(bytes) : createHash('sha1').update(f.path).digest('hex'), filename: f.path, status, head_sha: p.head }));
      if (bytes) Object.assign(body, addedPatch(bytes));
      return { ...body, ...(f.previous ? { previous_filename: f.previous } : {}) };
    });
  }

  private bytesAt(ref: string, path: string): Buffer | undefined {
    const spec = ref === this.scenario.pull.head ? this.scenario.contents?.[path] : this.scenario.contentsAt?.[ref]?.[path];
    if (!spec) return undefined;
    return spec.file !== undefined ? readFileSync(join(FIXTURES, spec.file)) : Buffer.from(spec.text ?? '', 'utf8');
  }

  /** `GET /repos/{owner}/{repo}/compare/{base}...{head}`: the pull request's commits and files, as a comparison. */
  private compare(basehead: string): Reply {
    const [base, head] = basehead.split('...');
    if (head !== this.scenario.pull.head || !base) return { status: 404, body: error('Not Found', 404) };
    const commits = this.commitBodies();
    const baseCommit = fill('commit', this.base({
      sha: base, author_name: 'Pengelola', author_email: 'pengelola@users.noreply.github.com', committer_name: 'GitHub', committer_email: 'noreply@github.com',
      date: '2026-11-01T00:00:00Z', message: 'main', author: null, committer: null, parents: [],
    }));
    return { status: 200, body: fill('commit-comparison', this.base({ basehead, base_commit: baseCommit, total: commits.length, commits, files: this.files() })) };
  }

  private reviewBodies(): unknown[] {
    return this.reviews.map((r) => {
      const body = fill('pull-request-review', this.base({ id: r.id, user: this.user(r.user), body: r.body ?? '', state: r.state, submitted_at: r.at, commit_id: r.commit ?? this.scenario.pull.head }));
      // A pending (draft) review has no submission time yet.
      if (r.state === 'PENDING') delete body.submitted_at;
      return body;
    });
  }

  private commitBodies(): unknown[] {
    let parent = '5f0c9e6a3b1d2c4e8f7a6b5c4d3e2f1a0b9c8d7e';
    return this.scenario.pull.commits.map((c) => {
      const body = fill('commit', this.base({
        sha: c.sha,
        author_name: c.author ?? 'Tanpa Akun',
        author_email: `${c.author ?? 'someone'}@users.noreply.github.com`,
        committer_name: c.committer ?? 'GitHub',
        committer_email: c.committer === 'web-flow' ? 'noreply@github.com' : `${c.committer ?? 'someone'}@users.noreply.github.com`,
        date: c.date ?? this.scenario.pull.created_at,
        message: c.message ?? 'Tambah permohonan sub domain',
        author: c.author ? this.user(c.author) : null,
        committer: c.committer ? this.user(c.committer) : null,
        parents: (c.parents ?? [parent]).map((p) => ({ sha: p, url: `${this.url}/repos/${this.scenario.repo}/commits/${p}`, html_url: `https://github.com/${this.scenario.repo}/commit/${p}` })),
      }));
      parent = c.sha;
      return body;
    });
  }

  /** The timeline: state changes, submitted reviews (state in lower case, as GitHub writes it there) and comments, oldest first. */
  private events(): unknown[] {
    const items: { at: string; body: unknown }[] = (this.scenario.pull.events ?? []).map((e, i) => ({
      at: e.at,
      body: fill('timeline-state-change', this.base({ id: 3_000_000 + i, actor: this.user(e.actor ?? this.scenario.pull.author), event: e.event, created_at: e.at })),
    }));
    for (const r of this.reviews) {
      if (r.state === 'PENDING') continue; // a review not yet submitted is not on the timeline
      items.push({ at: r.at, body: fill('timeline-reviewed-event', this.base({ id: r.id, user: this.user(r.user), body: r.body ?? '', state: r.state.toLowerCase(), submitted_at: r.at, commit_id: r.commit ?? this.scenario.pull.head })) });
    }
    for (const c of this.comments) {
      const body = fill('timeline-comment-event', this.base({ id: c.id, body: c.body, created_at: c.created_at, updated_at: c.updated_at, association: c.type === 'Bot' ? 'NONE' : 'MEMBER', user: this.user(c.user) }));
      (body.user as Record<string, unknown>).type = c.type;
      (body.actor as Record<string, unknown>).type = c.type;
      if (c.app) body.performed_via_github_app = this.integration(c.app);
      items.push({ at: c.created_at, body });
    }
    return items.map((item, i) => ({ ...item, i })).sort((a, b) => a.at.localeCompare(b.at) || a.i - b.i).map((item) => item.body);
  }

  private content(path: string, ref: string): Reply {
    const spec = ref === this.scenario.pull.head ? this.scenario.contents?.[path] : this.scenario.contentsAt?.[ref]?.[path];
    if (!spec) return { status: 404, body: error('Not Found', 404) };
    const bytes = spec.file !== undefined ? readFileSync(join(FIXTURES, spec.file)) : Buffer.from(spec.text ?? '', 'utf8');
    const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    // GitHub wraps base64 content at 60 characters.
    const content = (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
    return { status: 200, body: fill('content-file', this.base({ size: bytes.length, name: path.slice(path.lastIndexOf('/') + 1), path, content, sha, ref })) };
  }

  private teamMembers(team: string, url: URL): Reply {
    const members = this.scenario.teams?.[team];
    if (!members) return { status: 404, body: error('Not Found', 404) };
    // Like GitHub: invitations still pending are not members.
    return this.page(url, Object.entries(members).filter(([, state]) => state === 'active').map(([login]) => this.user(login)));
  }

  private teamMembership(team: string, login: string): Reply {
    const state = this.scenario.teams?.[team]?.[login];
    if (!state) return { status: 404, body: error('Not Found', 404) };
    return { status: 200, body: { url: `${this.url}/teams/${idOf(team)}/memberships/${login}`, role: 'member', state } };
  }

  private commentBody(c: Comment): Record<string, unknown> {
    const body = fill('issue-comment', this.base({ id: c.id, body: c.body, created_at: c.created_at, updated_at: c.updated_at, association: c.type === 'Bot' ? 'NONE' : 'MEMBER', user: this.user(c.user) }));
    (body.user as Record<string, unknown>).type = c.type;
    if (c.app) body.performed_via_github_app = this.integration(c.app);
    return body;
  }

  private integration(app: CheckApp): Record<string, unknown> {
    return fill('integration', {
      id: app.id,
      slug: app.slug,
      name: app.name,
      description: null,
      owner: this.user(app.slug === 'github-actions' ? 'github' : this.owner),
      permissions: { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'write', statuses: 'write' },
    });
  }

  private createComment(m: RegExpMatchArray, body: Record<string, unknown>): Reply {
    if (Number(m[3]) !== this.scenario.pull.number) return { status: 404, body: error('Not Found', 404) };
    if (typeof body.body !== 'string') return { status: 422, body: error('Validation Failed', 422) };
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const comment: Comment = { id: this.nextId++, user: this.writer, type: 'Bot', body: body.body, created_at: now, updated_at: now, ...(this.writer === `${this.app.slug}[bot]` ? { app: this.app } : {}) };
    this.comments.push(comment);
    return { status: 201, body: this.commentBody(comment) };
  }

  private updateComment(id: number, body: Record<string, unknown>): Reply {
    const comment = this.comments.find((c) => c.id === id);
    if (!comment) return { status: 404, body: error('Not Found', 404) };
    if (comment.user !== this.writer) return { status: 403, body: error('Resource not accessible by integration', 403) };
    if (typeof body.body !== 'string') return { status: 422, body: error('Validation Failed', 422) };
    comment.body = body.body;
    comment.updated_at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return { status: 200, body: this.commentBody(comment) };
  }

  private createStatus(sha: string, body: Record<string, unknown>): Reply {
    const state = String(body.state);
    if (!['error', 'failure', 'pending', 'success'].includes(state)) return { status: 422, body: error('Validation Failed', 422) };
    if (typeof body.description === 'string' && body.description.length > 140) return { status: 422, body: error('Validation Failed: description is too long (maximum is 140 characters)', 422) };
    const status: PostedStatus = {
      sha,
      state,
      description: typeof body.description === 'string' ? body.description : null,
      context: typeof body.context === 'string' ? body.context : 'default',
      target_url: typeof body.target_url === 'string' ? body.target_url : null,
    };
    this.statuses.push(status);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return { status: 201, body: fill('status', this.base({ ...status, id: this.statuses.length, created_at: now, creator: this.user(this.writer) })) };
  }

  private checkRunBody(run: CheckRun): Record<string, unknown> {
    const p = this.scenario.pull;
    const app = fill('integration', {
      id: run.app.id,
      slug: run.app.slug,
      name: run.app.name,
      description: null,
      owner: this.user(run.app.slug === 'github-actions' ? 'github' : this.owner),
      permissions: { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'write', statuses: 'write' },
    });
    return fill('check-run', this.base({
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      external_id: '',
      details_url: run.details_url ?? `https://github.com/apps/${run.app.slug}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at,
      completed_at: run.completed_at,
      title: run.title,
      summary: run.summary,
      text: null,
      suite_id: idOf(`${run.app.id}:${run.head_sha}`),
      app,
      pull_id: idOf(`${this.scenario.repo}#${p.number}`),
      head_ref: `permohonan-${p.number}`,
      repo_id: 731204455,
      base_sha: '5f0c9e6a3b1d2c4e8f7a6b5c4d3e2f1a0b9c8d7e',
    }));
  }

  /** GitHub's checks of a create or update body; an error reply, or the fields to set. */
  private checkRunFields(body: Record<string, unknown>, creating: boolean): Reply | Partial<CheckRun> {
    const invalid = (why: string): Reply => ({ status: 422, body: error(`Invalid request.\n\n${why}`, 422) });
    const fields: Partial<CheckRun> = {};
    if (body.status !== undefined) {
      if (!['queued', 'in_progress', 'completed'].includes(String(body.status))) return invalid(`${String(body.status)} is not a member of [queued, in_progress, completed].`);
      fields.status = body.status as CheckRun['status'];
    }
    if (body.conclusion !== undefined) {
      if (!['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out'].includes(String(body.conclusion))) return invalid('conclusion is not valid.');
      fields.conclusion = String(body.conclusion);
      // Providing a conclusion completes the run.
      fields.status = 'completed';
    }
    if (fields.status === 'completed' && fields.conclusion === undefined) return invalid('"conclusion" is required when "status" is "completed".');
    if (body.output !== undefined) {
      const output = body.output as Record<string, unknown>;
      if (typeof output.title !== 'string' || typeof output.summary !== 'string') return invalid('For \'properties/output\', "title" and "summary" are required.');
      if ([...output.summary].length > 65535) return invalid('output.summary is too long (maximum is 65535 characters).');
      fields.title = output.title;
      fields.summary = output.summary;
    }
    if (body.details_url !== undefined) fields.details_url = String(body.details_url);
    if (creating && fields.status === undefined) fields.status = 'queued';
    return fields;
  }

  private createCheckRun(body: Record<string, unknown>): Reply {
    if (typeof body.name !== 'string' || body.name === '') return { status: 422, body: error('Invalid request.\n\n"name" wasn\'t supplied.', 422) };
    const sha = String(body.head_sha ?? '');
    if (!this.scenario.pull.commits.some((c) => c.sha === sha) && sha !== this.scenario.pull.head) return { status: 422, body: error(`No commit found for SHA: ${sha}`, 422) };
    const fields = this.checkRunFields(body, true);
    if ('body' in fields) return fields as Reply;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const run: CheckRun = {
      id: this.nextId++,
      head_sha: sha,
      name: body.name,
      status: 'queued',
      conclusion: null,
      title: null,
      summary: null,
      details_url: null,
      started_at: now,
      completed_at: null,
      app: this.app,
      ...(fields as Partial<CheckRun>),
    };
    if (run.status === 'completed') run.completed_at = now;
    this.checkRuns.push(run);
    return { status: 201, body: this.checkRunBody(run) };
  }

  private updateCheckRun(id: number, body: Record<string, unknown>): Reply {
    const run = this.checkRuns.find((r) => r.id === id);
    if (!run) return { status: 404, body: error('Not Found', 404) };
    if (run.app.id !== this.app.id) return { status: 403, body: error(`Invalid app_id \`${this.app.id}\` - check run can only be modified by the GitHub App that created it.`, 403) };
    const fields = this.checkRunFields(body, false);
    if ('body' in fields) return fields as Reply;
    const update = fields as Partial<CheckRun>;
    // Like GitHub (its support says so): a completed run keeps its status and conclusion,
    // whatever an update asks; only its output changes. A naive update leaves an old success green.
    if (run.status === 'completed') {
      delete update.status;
      delete update.conclusion;
    }
    Object.assign(run, update);
    if (update.status === 'completed') run.completed_at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return { status: 200, body: this.checkRunBody(run) };
  }

  private listCheckRuns(ref: string, url: URL): Reply {
    const q = url.searchParams;
    const sha = ref === `permohonan-${this.scenario.pull.number}` ? this.scenario.pull.head : ref;
    let runs = this.checkRuns.filter((r) => r.head_sha === sha);
    if (q.get('check_name') !== null) runs = runs.filter((r) => r.name === q.get('check_name'));
    if (q.get('app_id') !== null) runs = runs.filter((r) => String(r.app.id) === q.get('app_id'));
    if (q.get('status') !== null) runs = runs.filter((r) => r.status === q.get('status'));
    if ((q.get('filter') ?? 'latest') === 'latest') {
      const newest = new Map<string, CheckRun>();
      for (const r of runs) newest.set(`${r.app.id}\0${r.name}`, r);
      runs = [...newest.values()];
    }
    // Newest first, as GitHub lists them.
    const reply = this.page(url, [...runs].reverse().map((r) => this.checkRunBody(r)));
    return { ...reply, body: { total_count: runs.length, check_runs: reply.body } };
  }

  private requestReviewers(m: RegExpMatchArray, body: Record<string, unknown>): Reply {
    if (Number(m[3]) !== this.scenario.pull.number) return { status: 404, body: error('Not Found', 404) };
    const users = (body.reviewers as string[] | undefined) ?? [];
    const teams = (body.team_reviewers as string[] | undefined) ?? [];
    if (users.includes(this.scenario.pull.author)) return { status: 422, body: error('Review cannot be requested from pull request author.', 422) };
    const allowed = this.scenario.collaborators;
    if (allowed && users.some((u) => !allowed.includes(u))) return { status: 422, body: error('Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the repository.', 422) };
    for (const u of users) if (!this.requested.users.includes(u)) this.requested.users.push(u);
    for (const t of teams) if (!this.requested.teams.includes(t)) this.requested.teams.push(t);
    const simple = this.pullBody();
    for (const key of ['merged', 'mergeable', 'rebaseable', 'mergeable_state', 'merged_by', 'comments', 'review_comments', 'maintainer_can_modify', 'commits', 'additions', 'deletions', 'changed_files']) delete simple[key];
    return { status: 201, body: simple };
  }

  private page(url: URL, items: unknown[] | Reply): Reply {
    if (!Array.isArray(items)) return items;
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, this.maxPerPage);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (n: number, rel: string) => {
      const u = new URL(url);
      u.searchParams.set('page', String(n));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links = [];
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), ...(links.length ? { headers: { link: links.join(', ') } } : {}) };
  }
}
