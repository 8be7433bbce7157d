import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fill as fillShared } from '../../github/support/fake-github.js';
import { loadResponseValidator, type ResponseValidator } from '../../github/support/openapi.js';
import { error, GitHubServer, idOf, type Reply, type Route } from '../../support/github-server.js';

const RESPONSES = join(import.meta.dirname, '..', 'fixtures', 'responses');
const NOW = '2026-11-24T03:00:00Z';
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** Templates of this folder first (issue), then the approvals fake's (users, comments, pull requests). */
function fill(name: string, vars: Record<string, unknown>): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(join(RESPONSES, `${name}.json`), 'utf8');
  } catch {
    return fillShared(name, vars);
  }
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    if (typeof node !== 'string') return node;
    const whole = /^\{\{(\w+)\}\}$/.exec(node);
    if (whole) return vars[whole[1]!];
    return node.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(vars[key]));
  };
  return walk(JSON.parse(text)) as Record<string, unknown>;
}

export interface IssueState {
  number: number;
  title: string;
  body: string;
  author: string;
  state: 'open' | 'closed';
  labels: string[];
  pullRequest?: boolean;
}

interface Comment { id: number; user: string; type: 'User' | 'Bot'; body: string }
export interface Pull { number: number; head: string; base: string; title: string; body: string; state: 'open' | 'closed'; merged: boolean; user: string }
interface Commit { tree: string; parents: string[]; message: string }

/**
 * A GitHub-like REST API on 127.0.0.1 for `subdomain intake`: issues and their comments, the
 * git data API (refs, commits, trees), contents, and pull requests, with an in-memory git
 * store. Every body it serves is checked against GitHub's OpenAPI description, like the
 * approvals fake does.
 */
export class IntakeFakeGitHub extends GitHubServer {
  /** Bodies of the write requests received, for assertions. */
  readonly writes: { method: string; path: string; body: Record<string, unknown> }[] = [];
  writer = 'github-actions[bot]';
  defaultBranch = 'main';
  comments: Comment[] = [];
  pulls: Pull[] = [];
  readonly refs = new Map<string, string>();
  readonly commits = new Map<string, Commit>();
  readonly trees = new Map<string, Map<string, string>>();
  private nextId = 5000;
  protected readonly routes: Route[];

  constructor(validator: ResponseValidator, readonly repo: string, public issue: IssueState) {
    super(validator);
    const R = '/repos/([^/]+)/([^/]+)';
    this.routes = [
      ['GET', new RegExp(`^${R}$`), '/repos/{owner}/{repo}', () => ({ status: 200, body: this.repository(true) })],
      ['GET', new RegExp(`^${R}/issues/(\\d+)$`), '/repos/{owner}/{repo}/issues/{issue_number}', (m) => this.getIssue(Number(m[3]))],
      ['GET', new RegExp(`^${R}/issues/(\\d+)/comments$`), '/repos/{owner}/{repo}/issues/{issue_number}/comments', (m) => this.listComments(Number(m[3]))],
      ['POST', new RegExp(`^${R}/issues/(\\d+)/comments$`), '/repos/{owner}/{repo}/issues/{issue_number}/comments', (m, _u, b) => this.createComment(Number(m[3]), b)],
      ['PATCH', new RegExp(`^${R}/issues/comments/(\\d+)$`), '/repos/{owner}/{repo}/issues/comments/{comment_id}', (m, _u, b) => this.updateComment(Number(m[3]), b)],
      ['GET', new RegExp(`^${R}/git/ref/(.+)$`), '/repos/{owner}/{repo}/git/ref/{ref}', (m) => this.getRef(decodeURIComponent(m[3]!))],
      ['POST', new RegExp(`^${R}/git/refs$`), '/repos/{owner}/{repo}/git/refs', (_m, _u, b) => this.createRef(b)],
      ['PATCH', new RegExp(`^${R}/git/refs/(.+)$`), '/repos/{owner}/{repo}/git/refs/{ref}', (m, _u, b) => this.updateRef(decodeURIComponent(m[3]!), b)],
      ['GET', new RegExp(`^${R}/git/commits/([0-9a-f]{40})$`), '/repos/{owner}/{repo}/git/commits/{commit_sha}', (m) => this.getCommit(m[3]!, 200)],
      ['POST', new RegExp(`^${R}/git/commits$`), '/repos/{owner}/{repo}/git/commits', (_m, _u, b) => this.createCommit(b)],
      ['POST', new RegExp(`^${R}/git/trees$`), '/repos/{owner}/{repo}/git/trees', (_m, _u, b) => this.createTree(b)],
      ['GET', new RegExp(`^${R}/contents/(.+)$`), '/repos/{owner}/{repo}/contents/{path}', (m, u) => this.content(decodeURIComponent(m[3]!), u.searchParams.get('ref') ?? this.defaultBranch)],
      ['GET', new RegExp(`^${R}/pulls$`), '/repos/{owner}/{repo}/pulls', (_m, u) => this.listPulls(u)],
      ['POST', new RegExp(`^${R}/pulls$`), '/repos/{owner}/{repo}/pulls', (_m, _u, b) => this.createPull(b)],
      ['PATCH', new RegExp(`^${R}/pulls/(\\d+)$`), '/repos/{owner}/{repo}/pulls/{pull_number}', (m, _u, b) => this.updatePull(Number(m[3]), b)],
    ];
    const tree = this.storeTree(new Map([['README.md', '# Permohonan sub domain\n']]));
    const root = this.storeCommit({ tree, parents: [], message: 'base' });
    this.refs.set(`heads/${this.defaultBranch}`, root);
  }

  /** The next `times` requests matching fail with `status`. */
  fail(method: string, path: RegExp, status: number, times = 1): void {
    this.inject({ method, path, status, times });
  }

  protected get servedRepo(): string {
    return this.repo;
  }

  protected override received(method: string, path: string, body: Record<string, unknown>): void {
    if (method !== 'GET') this.writes.push({ method, path, body });
  }

  /** The files at the tip of a branch. */
  filesOf(branch: string): Map<string, string> | undefined {
    const sha = this.refs.get(`heads/${branch}`);
    return sha ? this.trees.get(this.commits.get(sha)!.tree) : undefined;
  }

  /** Someone pushes to the default branch (it moves on while a request waits). */
  advanceDefault(path: string, text: string): void {
    const head = this.refs.get(`heads/${this.defaultBranch}`)!;
    const files = new Map(this.trees.get(this.commits.get(head)!.tree)!);
    files.set(path, text);
    this.refs.set(`heads/${this.defaultBranch}`, this.storeCommit({ tree: this.storeTree(files), parents: [head], message: 'advance' }));
  }

  // ---- bodies ---------------------------------------------------------------------------

  private get owner(): string {
    return this.repo.split('/')[0]!;
  }

  private vars(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const [owner, repo] = this.repo.split('/');
    return { api: this.url, owner, repo, ...extra };
  }

  user(login: string, type?: string): Record<string, unknown> {
    return fillShared('simple-user', { api: this.url, login, login_path: encodeURIComponent(login), id: idOf(login), type: type ?? (login.endsWith('[bot]') ? 'Bot' : login === this.owner ? 'Organization' : 'User') });
  }

  private repository(full = false): Record<string, unknown> {
    const base = fillShared('repository', this.vars({ ownerUser: this.user(this.owner, 'Organization') }));
    base.default_branch = this.defaultBranch;
    return full ? { ...base, network_count: 0, subscribers_count: 1 } : base;
  }

  private getIssue(number: number): Reply {
    if (number !== this.issue.number) return { status: 404, body: error('Not Found', 404) };
    const i = this.issue;
    const body = fill('issue', this.vars({
      id: idOf(`issue ${i.number}`),
      number: i.number,
      state: i.state,
      title: i.title,
      body: i.body,
      user: this.user(i.author),
      labels: i.labels.map((name) => fillShared('label', this.vars({ id: idOf(name), name, number: i.number }))),
      comments: this.comments.length,
      updated_at: NOW,
    }));
    if (i.pullRequest) body.pull_request = { url: `${this.url}/repos/${this.repo}/pulls/${i.number}`, html_url: `https://github.com/${this.repo}/pull/${i.number}`, diff_url: null, patch_url: null };
    return { status: 200, body };
  }

  private commentBody(c: Comment): Record<string, unknown> {
    const body = fillShared('issue-comment', this.vars({ id: c.id, number: this.issue.number, body: c.body, created_at: NOW, updated_at: NOW, association: c.type === 'Bot' ? 'NONE' : 'MEMBER', user: this.user(c.user) }));
    (body.user as Record<string, unknown>).type = c.type;
    return body;
  }

  /** A comment someone else wrote (e.g. one pasting the marker). */
  addComment(user: string, body: string, type: 'User' | 'Bot' = 'User'): void {
    this.comments.push({ id: this.nextId++, user, type, body });
  }

  private listComments(number: number): Reply {
    if (number !== this.issue.number && !this.pulls.some((p) => p.number === number)) return { status: 404, body: error('Not Found', 404) };
    return { status: 200, body: number === this.issue.number ? this.comments.map((c) => this.commentBody(c)) : [] };
  }

  private createComment(number: number, b: Record<string, unknown>): Reply {
    if (number !== this.issue.number) return { status: 404, body: error('Not Found', 404) };
    if (typeof b.body !== 'string' || b.body.length > 65536) return { status: 422, body: error('Validation Failed', 422) };
    const comment: Comment = { id: this.nextId++, user: this.writer, type: 'Bot', body: b.body };
    this.comments.push(comment);
    return { status: 201, body: this.commentBody(comment) };
  }

  private updateComment(id: number, b: Record<string, unknown>): Reply {
    const comment = this.comments.find((c) => c.id === id);
    if (!comment) return { status: 404, body: error('Not Found', 404) };
    if (comment.user !== this.writer) return { status: 403, body: error('Resource not accessible by integration', 403) };
    if (typeof b.body !== 'string') return { status: 422, body: error('Validation Failed', 422) };
    comment.body = b.body;
    return { status: 200, body: this.commentBody(comment) };
  }

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
    const old = this.refs.get(ref);
    const sha = String(b.sha ?? '');
    if (!old) return { status: 422, body: error('Reference does not exist', 422) };
    if (!this.commits.has(sha)) return { status: 422, body: error('Object does not exist', 422) };
    if (b.force !== true && !this.isAncestor(old, sha)) return { status: 422, body: error('Update is not a fast forward', 422) };
    this.refs.set(ref, sha);
    return { status: 200, body: this.refBody(ref, sha) };
  }

  private isAncestor(ancestor: string, sha: string): boolean {
    if (ancestor === sha) return true;
    return (this.commits.get(sha)?.parents ?? []).some((p) => this.isAncestor(ancestor, p));
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

  private commitBody(sha: string): Record<string, unknown> {
    const c = this.commits.get(sha)!;
    const person = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com', date: NOW };
    return {
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
    };
  }

  private getCommit(sha: string, status: number): Reply {
    return this.commits.has(sha) ? { status, body: this.commitBody(sha) } : { status: 404, body: error('Not Found', 404) };
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
      if (entry.mode !== '100644' || entry.type !== 'blob' || typeof entry.content !== 'string' || path === '' || path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
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
    return { status: 200, body: fillShared('content-file', this.vars({ size: bytes.length, name: path.slice(path.lastIndexOf('/') + 1), path, content, sha: sha1(`blob ${bytes.length}\0${text}`), ref })) };
  }

  private pullBody(p: Pull): Record<string, unknown> {
    const body = fillShared('pull-request', this.vars({
      id: idOf(`pull ${p.number}`),
      number: p.number,
      state: p.state,
      title: p.title,
      body: p.body,
      user: this.user(p.user),
      created_at: NOW,
      updated_at: NOW,
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
    body.merged = p.merged;
    body.merged_at = p.merged ? NOW : null;
    body.closed_at = p.state === 'closed' ? NOW : null;
    (body.base as Record<string, unknown>).ref = p.base;
    return body;
  }

  private listPulls(url: URL): Reply {
    const head = url.searchParams.get('head');
    const state = url.searchParams.get('state') ?? 'open';
    const pulls = this.pulls.filter((p) => (state === 'all' || p.state === state) && (!head || head === `${this.owner}:${p.head}`));
    return { status: 200, body: pulls.map((p) => this.pullBody(p)) };
  }

  private createPull(b: Record<string, unknown>): Reply {
    const head = String(b.head ?? '');
    const base = String(b.base ?? '');
    if (!this.refs.has(`heads/${head}`) || !this.refs.has(`heads/${base}`) || typeof b.title !== 'string') return { status: 422, body: error('Validation Failed', 422) };
    if (this.pulls.some((p) => p.head === head && p.state === 'open')) return { status: 422, body: error(`A pull request already exists for ${this.owner}:${head}.`, 422) };
    const pull: Pull = { number: this.issue.number + 1 + this.pulls.length, head, base, title: b.title, body: typeof b.body === 'string' ? b.body : '', state: 'open', merged: false, user: this.writer };
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

export async function startIntakeFake(repo: string, issue: IssueState): Promise<IntakeFakeGitHub> {
  validator ??= loadResponseValidator();
  const fake = new IntakeFakeGitHub(validator, repo, issue);
  await fake.start();
  return fake;
}
