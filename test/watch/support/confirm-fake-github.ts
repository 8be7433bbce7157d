import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fill } from '../../github/support/fake-github.js';
import { loadResponseValidator, type ResponseValidator } from '../../github/support/openapi.js';
import { error, GitHubServer, idOf, type Reply, type Route } from '../../support/github-server.js';

/** The issue template the intake fake serves (GitHub's `issue` shape), filled the same way. */
const ISSUE_TEMPLATE = join(import.meta.dirname, '..', '..', 'intake', 'fixtures', 'responses', 'issue.json');

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  author: string;
  state: 'open' | 'closed';
  labels: string[];
  pullRequest?: boolean;
}

export interface FakeComment {
  id: number;
  user: string;
  type?: 'User' | 'Bot';
  body: string;
  created_at: string;
  /** The issue the comment is on. */
  on: number;
}

let shared: ResponseValidator | undefined;

/**
 * A GitHub-like REST API on 127.0.0.1 for `subdomain confirm`: issues (read, and closed through
 * `PATCH /repos/{owner}/{repo}/issues/{issue_number}`), their comments, replies and team
 * memberships. Every body it serves is checked against GitHub's OpenAPI description, like the
 * other fakes.
 */
export class ConfirmFakeGitHub extends GitHubServer {
  /** Comments the command wrote, in order. */
  readonly replies: { on: number; body: string }[] = [];
  /** Issue updates received (`PATCH …/issues/N` bodies). */
  readonly updates: { on: number; body: Record<string, unknown> }[] = [];
  issues: FakeIssue[] = [];
  comments: FakeComment[] = [];
  /** `org/slug` → login → state. */
  teams: Record<string, Record<string, 'active' | 'pending'>> = {};
  writer = 'github-actions[bot]';
  private nextId = 700_000;
  protected readonly routes: Route[];

  constructor(readonly repo: string) {
    super((shared ??= loadResponseValidator()));
    const R = '/repos/([^/]+)/([^/]+)';
    this.routes = [
      ['GET', new RegExp(`^${R}/issues/comments/(\\d+)$`), '/repos/{owner}/{repo}/issues/comments/{comment_id}', (m) => this.getComment(Number(m[3]))],
      ['GET', new RegExp(`^${R}/issues/(\\d+)$`), '/repos/{owner}/{repo}/issues/{issue_number}', (m) => this.getIssue(Number(m[3]))],
      ['PATCH', new RegExp(`^${R}/issues/(\\d+)$`), '/repos/{owner}/{repo}/issues/{issue_number}', (m, _u, b) => this.updateIssue(Number(m[3]), b)],
      ['POST', new RegExp(`^${R}/issues/(\\d+)/comments$`), '/repos/{owner}/{repo}/issues/{issue_number}/comments', (m, _u, b) => this.createComment(Number(m[3]), b)],
      ['GET', /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/, '/orgs/{org}/teams/{team_slug}/memberships/{username}', (m) => this.membership(`${m[1]}/${m[2]}`, decodeURIComponent(m[3]!))],
    ];
  }

  /** The next `times` requests matching fail with `status`. */
  fail(method: string, path: RegExp, status: number, times = 1): void {
    this.inject({ method, path, status, times });
  }

  protected get servedRepo(): string {
    return this.repo;
  }

  addComment(comment: Omit<FakeComment, 'id'> & { id?: number }): number {
    const id = comment.id ?? this.nextId++;
    this.comments.push({ ...comment, id });
    return id;
  }

  issue(number: number): FakeIssue | undefined {
    return this.issues.find((i) => i.number === number);
  }

  private vars(number: number): Record<string, unknown> {
    const [owner, repo] = this.repo.split('/');
    return { api: this.url, owner, repo, number };
  }

  private user(login: string, type?: 'User' | 'Bot'): Record<string, unknown> {
    const owner = this.repo.split('/')[0]!;
    return fill('simple-user', { api: this.url, login, login_path: encodeURIComponent(login), id: idOf(login), type: type ?? (login.endsWith('[bot]') ? 'Bot' : login === owner ? 'Organization' : 'User') });
  }

  private commentBody(c: FakeComment): Record<string, unknown> {
    return fill('issue-comment', { ...this.vars(c.on), id: c.id, body: c.body, created_at: c.created_at, updated_at: c.created_at, association: c.type === 'Bot' ? 'NONE' : 'MEMBER', user: this.user(c.user, c.type) });
  }

  private issueBody(i: FakeIssue): Record<string, unknown> {
    const text = readFileSync(ISSUE_TEMPLATE, 'utf8');
    const vars: Record<string, unknown> = {
      ...this.vars(i.number),
      id: idOf(`issue ${i.number}`),
      state: i.state,
      title: i.title,
      body: i.body,
      user: this.user(i.author),
      labels: i.labels.map((name) => fill('label', { ...this.vars(i.number), id: idOf(name), name })),
      comments: this.comments.filter((c) => c.on === i.number).length,
      updated_at: '2026-11-24T03:00:00Z',
    };
    const walk = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(walk);
      if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
      if (typeof node !== 'string') return node;
      const whole = /^\{\{(\w+)\}\}$/.exec(node);
      if (whole) return vars[whole[1]!];
      return node.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(vars[key]));
    };
    const body = walk(JSON.parse(text)) as Record<string, unknown>;
    if (i.state === 'closed') Object.assign(body, { closed_at: '2026-11-24T03:00:00Z', state_reason: 'completed', closed_by: this.user(this.writer) });
    if (i.pullRequest) body.pull_request = { url: `${this.url}/repos/${this.repo}/pulls/${i.number}`, html_url: `https://github.com/${this.repo}/pull/${i.number}`, diff_url: null, patch_url: null };
    return body;
  }

  private getComment(id: number): Reply {
    const comment = this.comments.find((c) => c.id === id);
    return comment ? { status: 200, body: this.commentBody(comment) } : { status: 404, body: error('Not Found', 404) };
  }

  private getIssue(number: number): Reply {
    const issue = this.issue(number);
    return issue ? { status: 200, body: this.issueBody(issue) } : { status: 404, body: error('Not Found', 404) };
  }

  private updateIssue(number: number, body: Record<string, unknown>): Reply {
    const issue = this.issue(number);
    if (!issue) return { status: 404, body: error('Not Found', 404) };
    if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed') return { status: 422, body: error('Validation Failed', 422) };
    this.updates.push({ on: number, body });
    if (body.state === 'open' || body.state === 'closed') issue.state = body.state;
    return { status: 200, body: this.issueBody(issue) };
  }

  private createComment(number: number, body: Record<string, unknown>): Reply {
    if (!this.issue(number)) return { status: 404, body: error('Not Found', 404) };
    if (typeof body.body !== 'string' || body.body.length > 65_536) return { status: 422, body: error('Validation Failed', 422) };
    const comment: FakeComment = { id: this.nextId++, user: this.writer, type: 'Bot', body: body.body, created_at: '2026-11-24T03:00:00Z', on: number };
    this.comments.push(comment);
    this.replies.push({ on: number, body: body.body });
    return { status: 201, body: this.commentBody(comment) };
  }

  private membership(team: string, login: string): Reply {
    const state = Object.entries(this.teams[team] ?? {}).find(([member]) => member.toLowerCase() === login.toLowerCase())?.[1];
    if (!state) return { status: 404, body: error('Not Found', 404) };
    return { status: 200, body: { url: `${this.url}/teams/${idOf(team)}/memberships/${login}`, role: 'member', state } };
  }
}
