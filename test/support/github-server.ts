import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResponseValidator } from '../github/support/openapi.js';

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
export type Handler = (m: RegExpMatchArray, url: URL, body: Record<string, unknown>) => Reply;
/** Method, path pattern, the operation's path template in GitHub's description, handler. */
export type Route = [method: string, pattern: RegExp, template: string, handler: Handler];

export interface Fault {
  /** Any method when left out. */
  method?: string;
  path: RegExp;
  status: number;
  /** How many matching requests fail; then they succeed. */
  times: number;
  headers?: Record<string, string>;
  message?: string;
}

/** GitHub's error body. */
export function error(message: string, status: number): Record<string, unknown> {
  return { message, documentation_url: 'https://docs.github.com/rest', status: String(status) };
}

/** A stable numeric id for a name. */
export const idOf = (text: string) => Number.parseInt(createHash('sha256').update(text).digest('hex').slice(0, 7), 16);

/**
 * The skeleton of a GitHub-like REST API on 127.0.0.1: injected failures, the token check,
 * routing to a subclass's handlers (404 for another repository), every successful body checked
 * against GitHub's OpenAPI description (a 500 and an entry in `invalid` when it doesn't match),
 * a request log, and JSON replies with rate-limit headers.
 */
export abstract class GitHubServer {
  url = '';
  /** Every request served: method, path and status. */
  readonly log: { method: string; path: string; status: number }[] = [];
  /** Bodies that did not match GitHub's description (a test must keep this empty). */
  readonly invalid: string[] = [];
  /** The token requests must carry; no check when undefined. */
  token: string | undefined = 'test-token';
  private readonly faults: Fault[] = [];
  private server: Server | undefined;

  constructor(protected readonly validator: ResponseValidator) {}

  /** `owner/name` of the one repository served; `/repos/…` routes of any other get a 404. */
  protected abstract get servedRepo(): string;
  protected abstract readonly routes: Route[];

  /** Called for a request routed to a handler, before the handler runs. */
  protected received(_method: string, _path: string, _body: Record<string, unknown>): void {}

  /** The next `times` requests matching fail with `status`. */
  protected inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  count(method: string, path: RegExp): number {
    return this.log.filter((l) => l.method === method && path.test(l.path)).length;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', ...reply.headers });
      res.end(text);
    };
    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname));
    if (fault) {
      fault.times -= 1;
      return send({ status: fault.status, body: error(fault.message ?? 'Server Error', fault.status), ...(fault.headers ? { headers: fault.headers } : {}) });
    }
    if (this.token !== undefined) {
      const auth = req.headers.authorization ?? '';
      if (auth !== `token ${this.token}` && auth !== `bearer ${this.token}` && auth !== `Bearer ${this.token}`) {
        return send({ status: 401, body: error('Bad credentials', 401) });
      }
    }
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return send({ status: 400, body: error('Problems parsing JSON', 400) });
    }
    for (const [m, pattern, template, handler] of this.routes) {
      const match = m === method ? pattern.exec(url.pathname) : null;
      if (!match) continue;
      if (template.startsWith('/repos/') && `${match[1]}/${match[2]}` !== this.servedRepo) return send({ status: 404, body: error('Not Found', 404) });
      this.received(method, url.pathname, body);
      const reply = handler(match, url, body);
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
}
