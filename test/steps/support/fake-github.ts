import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fill } from '../../github/support/fake-github.js';
import { loadResponseValidator, type ResponseValidator } from '../../github/support/openapi.js';

const idOf = (text: string) => Number.parseInt(createHash('sha256').update(text).digest('hex').slice(0, 7), 16);
const error = (message: string, status: number) => ({ message, documentation_url: 'https://docs.github.com/rest', status: String(status) });
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

type Reply = { status: number; body?: unknown };
type Handler = (m: RegExpMatchArray, body: Record<string, unknown>) => Reply;

let shared: ResponseValidator | undefined;

/**
 * A GitHub-like REST API on 127.0.0.1 for `subdomain step`: one comment, pull requests
 * (merged or not), team memberships, and comment creation. Every body it serves is checked
 * against GitHub's OpenAPI description (`@octokit/openapi`), like the approvals fake.
 */
export class StepFakeGitHub {
  url = '';
  readonly log: { method: string; path: string; status: number }[] = [];
  readonly invalid: string[] = [];
  /** Comments the command wrote (bodies), in order. */
  readonly replies: { on: number; body: string }[] = [];
  comments: StepComment[] = [];
  pulls: StepPull[] = [];
  /** `org/slug` → login → state. */
  teams: Record<string, Record<string, 'active' | 'pending'>> = {};
  token = 'test-token';
  writer = 'github-actions[bot]';
  private failures: { method: string; path: RegExp; status: number; times: number }[] = [];
  private server: Server | undefined;
  private nextId = 900_000;
  private readonly validator: ResponseValidator;
  private readonly routes: [string, RegExp, string, Handler][];

  constructor(readonly repo: string) {
    shared ??= loadResponseValidator();
    this.validator = shared;
    const R = '/repos/([^/]+)/([^/]+)';
    this.routes = [
      ['GET', new RegExp(`^${R}/issues/comments/(\\d+)$`), '/repos/{owner}/{repo}/issues/comments/{comment_id}', (m) => this.getComment(Number(m[3]))],
      ['GET', new RegExp(`^${R}/pulls/(\\d+)$`), '/repos/{owner}/{repo}/pulls/{pull_number}', (m) => this.getPull(Number(m[3]))],
      ['POST', new RegExp(`^${R}/issues/(\\d+)/comments$`), '/repos/{owner}/{repo}/issues/{issue_number}/comments', (m, b) => this.createComment(Number(m[3]), b)],
      ['GET', /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/, '/orgs/{org}/teams/{team_slug}/memberships/{username}', (m) => this.membership(`${m[1]}/${m[2]}`, decodeURIComponent(m[3]!))],
    ];
  }

  /** The next `times` requests matching fail with `status`. */
  fail(method: string, path: RegExp, status: number, times = 1): void {
    this.failures.push({ method, path, status, times });
  }

  addComment(comment: Omit<StepComment, 'id'> & { id?: number }): number {
    const id = comment.id ?? this.nextId++;
    this.comments.push({ ...comment, id });
    return id;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const send = (reply: Reply) => {
      this.log.push({ method, path: url.pathname, status: reply.status });
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    };
    const failure = this.failures.find((f) => f.times > 0 && f.method === method && f.path.test(url.pathname));
    if (failure) {
      failure.times -= 1;
      return send({ status: failure.status, body: error('Server Error', failure.status) });
    }
    const auth = req.headers.authorization ?? '';
    if (auth.replace(/^(token|bearer) /i, '') !== this.token) return send({ status: 401, body: error('Bad credentials', 401) });
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return send({ status: 400, body: error('Problems parsing JSON', 400) });
    }
    for (const [m, pattern, template, handler] of this.routes) {
      const match = m === method ? pattern.exec(url.pathname) : null;
      if (!match) continue;
      if (template.startsWith('/repos/') && `${match[1]}/${match[2]}` !== this.repo) return send({ status: 404, body: error('Not Found', 404) });
      const reply = handler(match, body);
      if (reply.status < 300) {
        const problems = this.validator.check(method, template, reply.status, reply.body);
        if (problems.length > 0) {
          this.invalid.push(...problems);
          return send({ status: 500, body: error(`fake GitHub served an invalid body: ${problems[0]}`, 500) });
        }
      }
      return send(reply);
    }
    send({ status: 404, body: error('Not Found', 404) });
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
