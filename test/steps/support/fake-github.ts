import { createHash } from 'node:crypto';
import { fill } from '../../github/support/fake-github.js';
import { loadResponseValidator, type ResponseValidator } from '../../github/support/openapi.js';
import { error, GitHubServer, idOf, type Reply, type Route } from '../../support/github-server.js';

const BASE_SHA = '5f0c9e6a3b1d2c4e8f7a6b5c4d3e2f1a0b9c8d7e';

export interface StepComment {
  id: number;
  user: string;
  type?: 'User' | 'Bot';
  body: string;
  created_at: string;
  /** The pull request (or issue) the comment is on. */
  on: number;
}

export interface StepPull {
  number: number;
  author: string;
  body?: string;
  created_at: string;
  merged_at: string | null;
}

let shared: ResponseValidator | undefined;

/**
 * A GitHub-like REST API on 127.0.0.1 for `subdomain step`: one comment, a pull request's
 * comments (paginated), pull requests (merged or not), team memberships, and comment creation.
 * Every body it serves is checked against GitHub's OpenAPI description (`@octokit/openapi`),
 * like the approvals fake.
 */
export class StepFakeGitHub extends GitHubServer {
  /** Comments the command wrote (bodies), in order. */
  readonly replies: { on: number; body: string }[] = [];
  comments: StepComment[] = [];
  pulls: StepPull[] = [];
  /** `org/slug` → login → state. */
  teams: Record<string, Record<string, 'active' | 'pending'>> = {};
  writer = 'github-actions[bot]';
  /** GitHub serves at most 100 comments a page; a test lowers it to make the listing span pages. */
  maxPerPage = 100;
  private nextId = 900_000;
  protected readonly routes: Route[];

  constructor(readonly repo: string) {
    super((shared ??= loadResponseValidator()));
    const R = '/repos/([^/]+)/([^/]+)';
    this.routes = [
      ['GET', new RegExp(`^${R}/issues/comments/(\\d+)$`), '/repos/{owner}/{repo}/issues/comments/{comment_id}', (m) => this.getComment(Number(m[3]))],
      ['GET', new RegExp(`^${R}/pulls/(\\d+)$`), '/repos/{owner}/{repo}/pulls/{pull_number}', (m) => this.getPull(Number(m[3]))],
      ['GET', new RegExp(`^${R}/issues/(\\d+)/comments$`), '/repos/{owner}/{repo}/issues/{issue_number}/comments', (m, u) => this.listComments(Number(m[3]), u)],
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

  addComment(comment: Omit<StepComment, 'id'> & { id?: number }): number {
    const id = comment.id ?? this.nextId++;
    this.comments.push({ ...comment, id });
    return id;
  }

  private vars(number: number): Record<string, unknown> {
    const [owner, repo] = this.repo.split('/');
    return { api: this.url, owner, repo, number };
  }

  private user(login: string, type?: 'User' | 'Bot'): Record<string, unknown> {
    const owner = this.repo.split('/')[0]!;
    return fill('simple-user', { api: this.url, login, login_path: encodeURIComponent(login), id: idOf(login), type: type ?? (login.endsWith('[bot]') ? 'Bot' : login === owner ? 'Organization' : 'User') });
  }

  private commentBody(c: StepComment): Record<string, unknown> {
    return fill('issue-comment', { ...this.vars(c.on), id: c.id, body: c.body, created_at: c.created_at, updated_at: c.created_at, association: c.type === 'Bot' ? 'NONE' : 'MEMBER', user: this.user(c.user, c.type) });
  }

  private getComment(id: number): Reply {
    const comment = this.comments.find((c) => c.id === id);
    return comment ? { status: 200, body: this.commentBody(comment) } : { status: 404, body: error('Not Found', 404) };
  }

  /** The comments of an issue or pull request, oldest first, a page at a time (Link headers). */
  private listComments(number: number, url: URL): Reply {
    if (!this.pulls.some((p) => p.number === number)) return { status: 404, body: error('Not Found', 404) };
    const items = this.comments.filter((c) => c.on === number).map((c) => this.commentBody(c));
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

  private getPull(number: number): Reply {
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) return { status: 404, body: error('Not Found', 404) };
    const owner = this.repo.split('/')[0]!;
    const ownerUser = this.user(owner);
    const repository = fill('repository', { ...this.vars(number), ownerUser });
    const body = fill('pull-request', {
      ...this.vars(number),
      id: idOf(`${this.repo}#${number}`),
      state: pull.merged_at ? 'closed' : 'open',
      title: `Permohonan sub domain #${number}`,
      user: this.user(pull.author),
      body: pull.body ?? 'Permohonan sub domain sesuai surat terlampir.',
      created_at: pull.created_at,
      updated_at: pull.merged_at ?? pull.created_at,
      requested_reviewers: [],
      requested_teams: [],
      labels: [],
      draft: false,
      head_label: `${pull.author}:permohonan-${number}`,
      head_ref: `permohonan-${number}`,
      head_sha: createHash('sha1').update(`head ${number}`).digest('hex'),
      base_sha: BASE_SHA,
      ownerUser,
      repository,
      comment_count: this.comments.filter((c) => c.on === number).length,
      commit_count: 1,
      changed_files: 1,
    });
    if (pull.merged_at) {
      Object.assign(body, {
        merged: true,
        merged_at: pull.merged_at,
        closed_at: pull.merged_at,
        merge_commit_sha: createHash('sha1').update(`merge ${number}`).digest('hex'),
        merged_by: this.user('pengelola'),
        mergeable: null,
        mergeable_state: 'unknown',
      });
    }
    return { status: 200, body };
  }

  private createComment(number: number, body: Record<string, unknown>): Reply {
    if (!this.pulls.some((p) => p.number === number)) return { status: 404, body: error('Not Found', 404) };
    if (typeof body.body !== 'string' || body.body.length > 65_536) return { status: 422, body: error('Validation Failed', 422) };
    const comment: StepComment = { id: this.nextId++, user: this.writer, type: 'Bot', body: body.body, created_at: '2026-11-24T03:00:00Z', on: number };
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
