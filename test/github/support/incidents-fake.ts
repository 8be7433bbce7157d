import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { error, GitHubServer, idOf, type Reply, type Route } from '../../support/github-server.js';
import { fill } from './fake-github.js';
import { loadResponseValidator, type ResponseValidator } from './openapi.js';

const ISSUE_TEMPLATE = join(import.meta.dirname, '..', '..', 'intake', 'fixtures', 'responses', 'issue.json');
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  user: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  createdAt: string;
  closedAt: string | null;
  comments: { user: string; body: string }[];
}

export interface FakeAdvisory {
  ghsa: string;
  summary: string;
  description: string;
  severity: string | null;
  state: 'draft' | 'closed' | 'published';
  package: string;
}

export interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  user: string;
}

interface Commit {
  tree: string;
  parents: string[];
  message: string;
}

/** An issue-like body from the intake fake's template (one issue shape for both fakes). */
function issueTemplate(vars: Record<string, unknown>): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    if (typeof node !== 'string') return node;
    const whole = /^\{\{(\w+)\}\}$/.exec(node);
    if (whole) return vars[whole[1]!];
    return node.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(vars[key]));
  };
  return walk(JSON.parse(readFileSync(ISSUE_TEMPLATE, 'utf8'))) as Record<string, unknown>;
}

/**
 * A GitHub-like REST API on 127.0.0.1 for `subdomain incidents`: many issues (listed by label,
 * paginated), their comments and assignees, repository security advisories, and the git data
 * API with pull requests for the delete request, over an in-memory git store. Issues and pull
 * requests share one numbering, as on GitHub. Every body it serves is checked against
 * GitHub's OpenAPI description.
 */
export class IncidentsFakeGitHub extends GitHubServer {
  /** Write requests received (method, path, body), for assertions. */
  readonly writes: { method: string; path: string; body: Record<string, unknown> }[] = [];
  readonly issues: FakeIssue[] = [];
  readonly advisories: FakeAdvisory[] = [];
  readonly pulls: FakePull[] = [];
  readonly refs = new Map<string, string>();
  readonly commits = new Map<string, Commit>();
  readonly trees = new Map<string, Map<string, string>>();
  /** The account our token writes as. */
  writer = 'github-actions[bot]';
  isPrivate = false;
  /** Who may be assigned (collaborators); others get 404 from the assignees check. */
  assignable = new Set<string>();
  /** GitHub serves at most 100 items a page; tests lower it to make lists span pages. */
  maxPerPage = 100;
  /** `false`: the token may not create advisories (GITHUB_TOKEN): 403 like GitHub. */
  advisoriesAllowed = true;
  private next = 1;
  protected readonly routes: Route[];

  constructor(validator: ResponseValidator, readonly repo: string) {
    super(validator);
    const R = '/repos/([^/]+)/([^/]+)';
    this.routes = [
      ['GET', new RegExp(`^${R}$`), '/repos/{owner}/{repo}', () => ({ status: 200, body: this.repository(true) })],
      ['GET', new RegExp(`^${R}/issues$`), '/repos/{owner}/{repo}/issues', (_m, u) => this.listIssues(u)],
      ['POST', new RegExp(`^${R}/issues$`), '/repos/{owner}/{repo}/issues', (_m, _u, b) => this.createIssue(b)],
      ['PATCH', new RegExp(`^${R}/issues/(\\d+)$`), '/repos/{owner}/{repo}/issues/{issue_number}', (m, _u, b) => this.updateIssue(Number(m[3]), b)],
      ['POST', new RegExp(`^${R}/issues/(\\d+)/comments$`), '/repos/{owner}/{repo}/issues/{issue_number}/comments', (m, _u, b) => this.createComment(Number(m[3]), b)],
      ['POST', new RegExp(`^${R}/issues/(\\d+)/assignees$`), '/repos/{owner}/{repo}/issues/{issue_number}/assignees', (m, _u, b) => this.addAssignees(Number(m[3]), b)],
      ['GET', new RegExp(`^${R}/assignees/([^/]+)$`), '/repos/{owner}/{repo}/assignees/{assignee}', (m) => (this.assignable.has(decodeURIComponent(m[3]!)) ? { status: 204 } : { status: 404, body: error('Not Found', 404) })],
      ['GET', new RegExp(`^${R}/security-advisories$`), '/repos/{owner}/{repo}/security-advisories', (_m, u) => this.listAdvisories(u)],
      ['POST', new RegExp(`^${R}/security-advisories$`), '/repos/{owner}/{repo}/security-advisories', (_m, _u, b) => this.createAdvisory(b)],
      ['PATCH', new RegExp(`^${R}/security-advisories/([^/]+)$`), '/repos/{owner}/{repo}/security-advisories/{ghsa_id}', (m, _u, b) => this.updateAdvisory(decodeURIComponent(m[3]!), b)],
      ['GET', new RegExp(`^${R}/git/ref/(.+)$`), '/repos/{owner}/{repo}/git/ref/{ref}', (m) => this.getRef(decodeURIComponent(m[3]!))],
      ['POST', new RegExp(`^${R}/git/refs$`), '/repos/{owner}/{repo}/git/refs', (_m, _u, b) => this.createRef(b)],
      ['PATCH', new RegExp(`^${R}/git/refs/(.+)$`), '/repos/{owner}/{repo}/git/refs/{ref}', (m, _u, b) => this.updateRef(decodeURIComponent(m[3]!), b)],
      ['GET', new RegExp(`^${R}/git/commits/([0-9a-f]{40})$`), '/repos/{owner}/{repo}/git/commits/{commit_sha}', (m) => this.getCommit(m[3]!, 200)],
      ['POST', new RegExp(`^${R}/git/commits$`), '/repos/{owner}/{repo}/git/commits', (_m, _u, b) => this.createCommit(b)],
      ['POST', new RegExp(`^${R}/git/trees$`), '/repos/{owner}/{repo}/git/trees', (_m, _u, b) => this.createTree(b)],
      ['GET', new RegExp(`^${R}/contents/(.+)$`), '/repos/{owner}/{repo}/contents/{path}', (m, u) => this.content(decodeURIComponent(m[3]!), u.searchParams.get('ref') ?? 'main')],
      ['GET', new RegExp(`^${R}/pulls$`), '/repos/{owner}/{repo}/pulls', (_m, u) => this.listPulls(u)],
      ['POST', new RegExp(`^${R}/pulls$`), '/repos/{owner}/{repo}/pulls', (_m, _u, b) => this.createPull(b)],
      ['PATCH', new RegExp(`^${R}/pulls/(\\d+)$`), '/repos/{owner}/{repo}/pulls/{pull_number}', (m, _u, b) => this.updatePull(Number(m[3]), b)],
    ];
    const root = this.storeCommit({ tree: this.storeTree(new Map([['README.md', '# Permohonan sub domain\n']])), parents: [], message: 'base' });
    this.refs.set('heads/main', root);
  }

  protected get servedRepo(): string {
    return this.repo;
  }

  protected override received(method: string, path: string, body: Record<string, unknown>): void {
    if (method !== 'GET') this.writes.push({ method, path, body });
  }

  /** An issue someone opened earlier (a person, or an earlier run as `writer`). */
  addIssue(issue: Partial<FakeIssue> & { title: string; body: string; user: string }): FakeIssue {
    const made: FakeIssue = { number: this.next++, state: 'open', stateReason: null, labels: [], assignees: [], createdAt: stamp(), closedAt: null, comments: [], ...issue };
    this.issues.push(made);
    return made;
  }

  issue(number: number): FakeIssue | undefined {
    return this.issues.find((i) => i.number === number);
  }

  /** The files at the tip of a branch. */
  filesOf(branch: string): Map<string, string> | undefined {
    const sha = this.refs.get(`heads/${branch}`);
    return sha ? this.trees.get(this.commits.get(sha)!.tree) : undefined;
  }

  // ---- bodies ---------------------------------------------------------------------------

  private get owner(): string {
    return this.repo.split('/')[0]!;
  }

  private vars(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const [owner, repo] = this.repo.split('/');
    return { api: this.url, owner, repo, ...extra };
  }

  private user(login: string, type?: string): Record<string, unknown> {
    return fill('simple-user', { api: this.url, login, login_path: encodeURIComponent(login), id: idOf(login), type: type ?? (login.endsWith('[bot]') ? 'Bot' : login === this.owner ? 'Organization' : 'User') });
  }

  private repository(full = false): Record<string, unknown> {
    const base = fill('repository', this.vars({ ownerUser: this.user(this.owner, 'Organization') }));
    base.default_branch = 'main';
    base.private = this.isPrivate;
    base.visibility = this.isPrivate ? 'private' : 'public';
    return full ? { ...base, network_count: 0, subscribers_count: 1 } : base;
  }

  private issueBody(i: FakeIssue): Record<string, unknown> {
    const body = issueTemplate(this.vars({
      id: idOf(`issue ${i.number}`),
      number: i.number,
      state: i.state,
      title: i.title,
      body: i.body,
      user: this.user(i.user),
      labels: i.labels.map((name) => fill('label', this.vars({ id: idOf(name), name }))),
      comments: i.comments.length,
      updated_at: stamp(),
    }));
    body.created_at = i.createdAt;
    body.closed_at = i.closedAt;
    body.state_reason = i.stateReason;
    const assignees = i.assignees.map((a) => this.user(a));
    body.assignees = assignees;
    body.assignee = assignees[0] ?? null;
    return body;
  }

  private page(url: URL, items: unknown[]): Reply {
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

  // ---- issues ---------------------------------------------------------------------------

  private listIssues(url: URL): Reply {
    const state = url.searchParams.get('state') ?? 'open';
    const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
    const chosen = this.issues
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => labels.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number);
    return this.page(url, chosen.map((i) => this.issueBody(i)));
  }

  private validIssueFields(b: Record<string, unknown>): Reply | undefined {
    if (b.title !== undefined && (typeof b.title !== 'string' || b.title === '')) return { status: 422, body: error('Validation Failed', 422) };
    if (b.body !== undefined && (typeof b.body !== 'string' || b.body.length > 65536)) return { status: 422, body: error('Validation Failed: body is too long (maximum is 65536 characters)', 422) };
    if (b.labels !== undefined && (!Array.isArray(b.labels) || !b.labels.every((l) => typeof l === 'string'))) return { status: 422, body: error('Validation Failed', 422) };
    const assignees = (b.assignees as unknown[] | undefined) ?? [];
    if (!Array.isArray(assignees) || assignees.length > 10 || assignees.some((a) => typeof a !== 'string' || !this.assignable.has(a))) {
      return { status: 422, body: error('Validation Failed: assignees are invalid', 422) };
    }
    return undefined;
  }

  private createIssue(b: Record<string, unknown>): Reply {
    if (typeof b.title !== 'string') return { status: 422, body: error('Validation Failed', 422) };
    const invalid = this.validIssueFields(b);
    if (invalid) return invalid;
    const issue = this.addIssue({ title: b.title, body: typeof b.body === 'string' ? b.body : '', user: this.writer, labels: (b.labels as string[] | undefined) ?? [], assignees: (b.assignees as string[] | undefined) ?? [] });
    return { status: 201, body: this.issueBody(issue) };
  }

  private updateIssue(number: number, b: Record<string, unknown>): Reply {
    const issue = this.issue(number);
    if (!issue) return { status: 404, body: error('Not Found', 404) };
    const invalid = this.validIssueFields(b);
    if (invalid) return invalid;
    if (typeof b.title === 'string') issue.title = b.title;
    if (typeof b.body === 'string') issue.body = b.body;
    if (Array.isArray(b.labels)) issue.labels = [...(b.labels as string[])];
    if (b.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closedAt = stamp();
      issue.stateReason = typeof b.state_reason === 'string' ? b.state_reason : 'completed';
    } else if (b.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    }
    return { status: 200, body: this.issueBody(issue) };
  }

  private createComment(number: number, b: Record<string, unknown>): Reply {
    const issue = this.issue(number);
    if (!issue) return { status: 404, body: error('Not Found', 404) };
    if (typeof b.body !== 'string' || b.body.length > 65536) return { status: 422, body: error('Validation Failed', 422) };
    issue.comments.push({ user: this.writer, body: b.body });
    const body = fill('issue-comment', this.vars({ id: 9_000_000 + issue.comments.length, number, body: b.body, created_at: stamp(), updated_at: stamp(), association: 'NONE', user: this.user(this.writer) }));
    return { status: 201, body };
  }

  private addAssignees(number: number, b: Record<string, unknown>): Reply {
    const issue = this.issue(number);
    if (!issue) return { status: 404, body: error('Not Found', 404) };
    // Like GitHub: people who cannot be assigned are left out silently.
    for (const a of (b.assignees as string[] | undefined) ?? []) if (this.assignable.has(a) && !issue.assignees.includes(a)) issue.assignees.push(a);
    return { status: 201, body: this.issueBody(issue) };
  }

  // ---- security advisories --------------------------------------------------------------

  private advisoryBody(a: FakeAdvisory): Record<string, unknown> {
    return fill('repository-advisory', this.vars({
      ghsa: a.ghsa,
      summary: a.summary,
      description: a.description,
      severity: a.severity,
      author: this.user(this.writer),
      state: a.state,
      created_at: '2026-11-24T03:00:00Z',
      updated_at: stamp(),
      closed_at: a.state === 'closed' ? stamp() : null,
      package: a.package,
    }));
  }

  private listAdvisories(url: URL): Reply {
    const state = url.searchParams.get('state');
    return this.page(url, this.advisories.filter((a) => !state || a.state === state).map((a) => this.advisoryBody(a)));
  }

  private createAdvisory(b: Record<string, unknown>): Reply {
    if (!this.advisoriesAllowed) return { status: 403, body: error('Resource not accessible by integration', 403) };
    const vulnerabilities = b.vulnerabilities as { package?: { ecosystem?: string; name?: string } }[] | undefined;
    if (typeof b.summary !== 'string' || b.summary.length > 1024 || typeof b.description !== 'string' || !Array.isArray(vulnerabilities) || vulnerabilities.some((v) => !v.package?.ecosystem)) {
      return { status: 422, body: error('Validation Failed', 422) };
    }
    const code = sha1(`${this.advisories.length}`).replace(/[^23456789cfghjmpqrvwx]/g, '').padEnd(12, 'c');
    const advisory: FakeAdvisory = {
      ghsa: `GHSA-${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`,
      summary: b.summary,
      description: b.description,
      severity: typeof b.severity === 'string' ? b.severity : null,
      state: 'draft',
      package: vulnerabilities[0]?.package?.name ?? '',
    };
    this.advisories.push(advisory);
    return { status: 201, body: this.advisoryBody(advisory) };
  }

  private updateAdvisory(ghsa: string, b: Record<string, unknown>): Reply {
    const advisory = this.advisories.find((a) => a.ghsa === ghsa);
    if (!advisory) return { status: 404, body: error('Not Found', 404) };
    if (typeof b.summary === 'string') advisory.summary = b.summary;
    if (typeof b.description === 'string') advisory.description = b.description;
    if (typeof b.severity === 'string') advisory.severity = b.severity;
    if (b.state === 'closed' || b.state === 'draft') advisory.state = b.state;
    return { status: 200, body: this.advisoryBody(advisory) };
  }

  // ---- git data and pull requests -------------------------------------------------------

  private refBody(ref: string, sha: string): Record<string, unknown> {
    return { ref: `refs/${ref}`, node_id: `REF_${idOf(ref)}`, url: `${this.url}/repos/${this.repo}/git/refs/${ref}`, object: { type: 'commit', sha, url: `${this.url}/repos/${this.repo}/git/commits/${sha}` } };
  }

  private getRef(ref: string): Reply {
    const sha = this.refs.get(ref);
    return sha ? { status: 200, body: this.refBody(ref, sha) } : { status: 404, body: error('Not Found', 404) };
  }

  private createRef(b: Record<string, unknown>): Reply {
    const ref = String(b.ref ?? '');
    const sha = String(b.sha ?? '');
    if (!ref.startsWith('refs/heads/') || !this.commits.has(sha)) return { status: 422, body: error('Validation Failed', 422) };
    const name = ref.slice('refs/'.length);
    if (this.refs.has(name)) return { status: 422, body: error('Reference already exists', 422) };
    this.refs.set(name, sha);
    return { status: 201, body: this.refBody(name, sha) };
  }

  private updateRef(ref: string, b: Record<string, unknown>): Reply {
    const sha = String(b.sha ?? '');
    if (!this.refs.has(ref)) return { status: 422, body: error('Reference does not exist', 422) };
    if (!this.commits.has(sha) || b.force !== true) return { status: 422, body: error('Update is not a fast forward', 422) };
    this.refs.set(ref, sha);
    return { status: 200, body: this.refBody(ref, sha) };
  }

  private storeTree(files: Map<string, string>): string {
    const sha = sha1(JSON.stringify([...files].sort()));
    this.trees.set(sha, files);
    return sha;
  }

  private storeCommit(commit: Commit): string {
    const sha = sha1(JSON.stringify(commit) + this.commits.size);
    this.commits.set(sha, commit);
    return sha;
  }

  private getCommit(sha: string, status: number): Reply {
    const c = this.commits.get(sha);
    if (!c) return { status: 404, body: error('Not Found', 404) };
    const person = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com', date: '2026-11-24T03:00:00Z' };
    return {
      status,
      body: {
        sha,
        node_id: `C_${idOf(sha)}`,
        url: `${this.url}/repos/${this.repo}/git/commits/${sha}`,
        html_url: `https://github.com/${this.repo}/commit/${sha}`,
        author: person,
        committer: person,
        tree: { sha: c.tree, url: `${this.url}/repos/${this.repo}/git/trees/${c.tree}` },
        message: c.message,
        parents: c.parents.map((p) => ({ sha: p, url: `${this.url}/repos/${this.repo}/git/commits/${p}`, html_url: `https://github.com/${this.repo}/commit/${p}` })),
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
    };
  }

  private createCommit(b: Record<string, unknown>): Reply {
    const tree = String(b.tree ?? '');
    const parents = Array.isArray(b.parents) ? b.parents.map(String) : [];
    if (!this.trees.has(tree) || parents.some((p) => !this.commits.has(p)) || typeof b.message !== 'string') return { status: 422, body: error('Validation Failed', 422) };
    return this.getCommit(this.storeCommit({ tree, parents, message: b.message }), 201);
  }

  private createTree(b: Record<string, unknown>): Reply {
    const base = b.base_tree === undefined ? new Map<string, string>() : this.trees.get(String(b.base_tree));
    if (!base || !Array.isArray(b.tree)) return { status: 422, body: error('Validation Failed', 422) };
    const files = new Map(base);
    for (const entry of b.tree as Record<string, unknown>[]) {
      const path = String(entry.path ?? '');
      if (entry.mode !== '100644' || entry.type !== 'blob' || typeof entry.content !== 'string' || path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
        return { status: 422, body: error('Validation Failed', 422) };
      }
      files.set(path, entry.content);
    }
    const sha = this.storeTree(files);
    const tree = [...files].map(([path, text]) => ({ path, mode: '100644', type: 'blob', sha: sha1(`blob ${Buffer.byteLength(text)}\0${text}`), size: Buffer.byteLength(text), url: `${this.url}/repos/${this.repo}/git/blobs/${sha1(text)}` }));
    return { status: 201, body: { sha, url: `${this.url}/repos/${this.repo}/git/trees/${sha}`, tree, truncated: false } };
  }

  private content(path: string, ref: string): Reply {
    const sha = this.refs.get(`heads/${ref}`) ?? (this.commits.has(ref) ? ref : undefined);
    const text = sha ? this.trees.get(this.commits.get(sha)!.tree)!.get(path) : undefined;
    if (text === undefined) return { status: 404, body: error('Not Found', 404) };
    const bytes = Buffer.from(text, 'utf8');
    const content = (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
    return { status: 200, body: fill('content-file', this.vars({ size: bytes.length, name: path.slice(path.lastIndexOf('/') + 1), path, content, sha: sha1(`blob ${bytes.length}\0${text}`), ref })) };
  }

  private pullBody(p: FakePull): Record<string, unknown> {
    const body = fill('pull-request', this.vars({
      id: idOf(`pull ${p.number}`),
      number: p.number,
      state: p.state,
      title: p.title,
      body: p.body,
      user: this.user(p.user),
      created_at: '2026-11-24T03:00:00Z',
      updated_at: '2026-11-24T03:00:00Z',
      requested_reviewers: [],
      requested_teams: [],
      labels: [],
      draft: false,
      head_label: `${this.owner}:${p.head}`,
      head_ref: p.head,
      head_sha: this.refs.get(`heads/${p.head}`) ?? '0'.repeat(40),
      base_sha: this.refs.get(`heads/${p.base}`)!,
      ownerUser: this.user(this.owner, 'Organization'),
      repository: this.repository(),
      comment_count: 0,
      commit_count: 1,
      changed_files: 1,
    }));
    body.body = p.body;
    body.merged = false;
    body.merged_at = null;
    (body.base as Record<string, unknown>).ref = p.base;
    return body;
  }

  private listPulls(url: URL): Reply {
    const head = url.searchParams.get('head');
    const state = url.searchParams.get('state') ?? 'open';
    const pulls = this.pulls.filter((p) => (state === 'all' || p.state === state) && (!head || head === `${this.owner}:${p.head}`));
    return this.page(url, pulls.map((p) => this.pullBody(p)));
  }

  private createPull(b: Record<string, unknown>): Reply {
    const head = String(b.head ?? '');
    const base = String(b.base ?? '');
    if (!this.refs.has(`heads/${head}`) || !this.refs.has(`heads/${base}`) || typeof b.title !== 'string') return { status: 422, body: error('Validation Failed', 422) };
    if (this.pulls.some((p) => p.head === head && p.state === 'open')) return { status: 422, body: error(`A pull request already exists for ${this.owner}:${head}.`, 422) };
    const pull: FakePull = { number: this.next++, head, base, title: b.title, body: typeof b.body === 'string' ? b.body : '', state: 'open', user: this.writer };
    this.pulls.push(pull);
    return { status: 201, body: this.pullBody(pull) };
  }

  private updatePull(number: number, b: Record<string, unknown>): Reply {
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) return { status: 404, body: error('Not Found', 404) };
    if (typeof b.title === 'string') pull.title = b.title;
    if (typeof b.body === 'string') pull.body = b.body;
    return { status: 200, body: this.pullBody(pull) };
  }
}

let validator: ResponseValidator | undefined;

export async function startIncidentsFake(repo: string): Promise<IncidentsFakeGitHub> {
  validator ??= loadResponseValidator();
  const fake = new IncidentsFakeGitHub(validator, repo);
  await fake.start();
  return fake;
}
