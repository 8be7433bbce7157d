// A pacing proxy for Terraform's Cloudflare provider, on 127.0.0.1 only. Cloudflare allows 1,200
// API calls per 5 minutes per user and answers more with 429; provider 5.x neither paces nor
// retries them (cloudflare/terraform-provider-cloudflare#5505). The provider's `base_url` points
// here (`TF_VAR_cloudflare_base_url`); every request goes to ONE upstream base URL, never anywhere
// else, after waiting for room in a sliding-window budget, and a 429 is retried after its
// `retry-after`. It holds no secret: the token travels in each request, and neither the
// Authorization header nor any body is ever logged.
import { createServer, request as httpRequest, Agent as HttpAgent, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** Cloudflare's API, as the rest of the product calls it (`CLOUDFLARE_API_BASE_URL` overrides it). */
export { CLOUDFLARE_API_BASE as DEFAULT_UPSTREAM } from './api-base.js';
import { CLOUDFLARE_API_BASE as DEFAULT_UPSTREAM } from './api-base.js';

export interface Budget {
  requests: number;
  seconds: number;
}

/** 1,100 calls per 300 s: Cloudflare's 1,200 leaves room for the user's other calls (the dashboard, an audit). */
export const DEFAULT_BUDGET: Budget = { requests: 1100, seconds: 300 };

export interface PacerOptions {
  /** Upstream base URL: https, or http on a loopback host (tests); no credentials, query or fragment. */
  upstream?: string;
  /** 0 (default): an ephemeral port. */
  port?: number;
  budget?: Budget;
  /** Upstream requests in flight at once (default 10, Terraform's parallelism). */
  maxConcurrent?: number;
  /** One upstream attempt, from sending to the end of its answer (default 60 s). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 4). */
  maxAttempts?: number;
  /** The longest wait one `retry-after` gets (default 120 s). */
  maxRetryAfterMs?: number;
  /** A request body up to this size is kept so that it can be sent again after a 429 (default 8 MiB). */
  maxReplayBytes?: number;
  /** One line per retry or refusal: method, status, path (never a header, query or body). */
  log?: (line: string) => void;
}

export interface PacerStats {
  /** Requests forwarded (each counted once, however many attempts it took). */
  requests: number;
  /** Attempts beyond the first. */
  retries: number;
  /** Requests refused without contacting the upstream (foreign host, absolute URI, path outside the base). */
  refused: number;
  /** Time requests spent waiting (budget, a free slot, retry-after), summed over requests. */
  waitedMs: number;
}

export interface Pacer {
  /** The base URL to give the provider: `http://127.0.0.1:PORT` plus the upstream's path. */
  readonly url: string;
  readonly port: number;
  readonly upstream: string;
  stats(): PacerStats;
  /** Stops accepting requests, lets those in flight finish (up to `graceMs`), then ends the rest. */
  close(graceMs?: number): Promise<PacerStats>;
}

/** `REQUESTS/SECONDS`, e.g. `1100/300`; undefined when malformed. */
export function parseBudget(text: string): Budget | undefined {
  const m = /^([1-9][0-9]{0,6})\/([1-9][0-9]{0,5})$/.exec(text.trim());
  return m ? { requests: Number(m[1]), seconds: Number(m[2]) } : undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The upstream base URL, checked; an error message (Indonesian / English) otherwise. */
export function parseUpstream(text: string): URL | { id: string; en: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { id: `--upstream bukan URL: ${text}`, en: `--upstream is not a URL: ${text}` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return { id: `--upstream harus https (http hanya untuk 127.0.0.1): ${text}`, en: `--upstream must be https (http only on 127.0.0.1): ${text}` };
  }
  if (url.username || url.password || url.search || url.hash || text.includes('?') || text.includes('#')) {
    return { id: `--upstream tanpa kredensial, query atau fragmen: ${text}`, en: `--upstream takes no credentials, query or fragment: ${text}` };
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

export function summaryLine(stats: PacerStats): string {
  return `Jeda Cloudflare / Cloudflare pacing: ${stats.requests} permintaan/requests, ${stats.retries} ulang/retries, ${(stats.waitedMs / 1000).toFixed(1)} s menunggu/waited${stats.refused > 0 ? `, ${stats.refused} ditolak/refused` : ''}`;
}

/** Starts the proxy on 127.0.0.1; resolves once it listens. */
export async function startPacer(options: PacerOptions = {}): Promise<Pacer> {
  const parsed = parseUpstream(options.upstream ?? DEFAULT_UPSTREAM);
  if (!(parsed instanceof URL)) throw new Error(`${parsed.id} / ${parsed.en}`);
  const base: URL = parsed;
  const basePath = base.pathname === '/' ? '' : base.pathname;
  const budget = options.budget ?? DEFAULT_BUDGET;
  const maxConcurrent = options.maxConcurrent ?? 10;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const maxReplayBytes = options.maxReplayBytes ?? 8 * 1024 * 1024;
  const log = options.log ?? (() => undefined);

  const stopping = new AbortController();
  const budgetWindow = new SlidingWindow(budget.requests, budget.seconds * 1000, stopping.signal);
  const slots = new Slots(maxConcurrent, stopping.signal);
  const secure = base.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: maxConcurrent }) : new HttpAgent({ keepAlive: true, maxSockets: maxConcurrent });
  const send = secure ? httpsRequest : httpRequest;
  const stats: PacerStats = { requests: 0, retries: 0, refused: 0, waitedMs: 0 };
  const inFlight = new Set<Promise<void>>();
  let port = 0;

  const refuse = (res: ServerResponse, status: number, why: string, method: string | undefined) => {
    stats.refused += 1;
    log(`Ditolak / refused: ${status} ${method ?? '?'} (${why})`);
    reply(res, status, `pacer: ${why}`);
  };

  const server = createServer((req, res) => {
    // Only a request for the one upstream: origin-form targets under its path, on our own host name.
    const host = req.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return refuse(res, 421, 'host', req.method);
    const target = targetPath(req.url ?? '', base, basePath);
    if (!target) return refuse(res, 400, 'request target outside the upstream base', req.method);
    stats.requests += 1;
    const done = forward(req, res, target).catch(() => {
      if (!res.headersSent) reply(res, 502, 'pacer: upstream failed');
      else res.destroy();
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  // CONNECT (a tunnel to anywhere) and protocol upgrades are never forwarded.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    stats.refused += 1;
    log('Ditolak / refused: CONNECT');
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('upgrade', (_req: IncomingMessage, socket: Socket) => {
    stats.refused += 1;
    log('Ditolak / refused: upgrade');
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.requestTimeout = 0; // a request may wait minutes for budget; the upstream attempt has its own timeout

  async function forward(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const headers = forwardedHeaders(req, base);
    const body = new RequestBody(req, maxReplayBytes, timeoutMs);
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    const label = `${method} ${path.split('?')[0]}`;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const release = await slots.take();
      if (clientGone) return release();
      try {
        await budgetWindow.take();
      } catch (error) {
        release();
        throw error;
      }
      stats.waitedMs += Date.now() - started;
      if (clientGone) return release();

      let answer: IncomingMessage | undefined;
      let failure: Error | undefined;
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(new Error('timeout')), timeoutMs);
      try {
        answer = await new Promise<IncomingMessage>((resolve, reject) => {
          const out = send({ protocol: base.protocol, hostname: base.hostname, port: base.port || undefined, path, method, headers, agent, signal: deadline.signal }, resolve);
          out.on('error', reject);
          if (attempt === 1) body.streamTo(out);
          else out.end(body.replay());
        });
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }

      const status = answer?.statusCode ?? 0;
      const retryable = status === 429 || (method === 'GET' && (status === 502 || status === 503 || status === 504 || failure !== undefined));
      if (retryable && attempt < maxAttempts && !clientGone && (await body.replayable())) {
        const wait = status === 429 || status === 503 ? retryAfterMs(answer?.headers['retry-after'], maxRetryAfterMs) ?? backoff(attempt) : backoff(attempt);
        // A 429 is the user's whole budget: every request holds until it has passed.
        if (status === 429) budgetWindow.holdFor(wait);
        answer?.resume();
        clearTimeout(timer);
        release();
        stats.retries += 1;
        log(`Ulang / retry ${attempt}/${maxAttempts - 1}: ${failure ? ((failure as NodeJS.ErrnoException).code ?? 'no answer') : status} ${label}, ${(wait / 1000).toFixed(1)} s`);
        const pause = Date.now();
        await sleep(wait, stopping.signal).catch(() => undefined);
        stats.waitedMs += Date.now() - pause;
        if (stopping.signal.aborted) throw new Error('stopping');
        continue;
      }

      if (!answer) {
        clearTimeout(timer);
        release();
        if (!clientGone) reply(res, deadline.signal.aborted ? 504 : 502, deadline.signal.aborted ? 'pacer: upstream timed out' : 'pacer: upstream unreachable');
        return;
      }
      // Everything else goes back as it came: status, headers, body.
      await new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          release();
          resolve();
        };
        answer.on('error', () => res.destroy());
        res.on('close', () => {
          if (!answer.complete) answer.destroy();
          finish();
        });
        res.writeHead(status, answer.statusMessage, passedHeaders(answer.headers));
        answer.pipe(res);
      });
      return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}${basePath}`;

  let closing: Promise<PacerStats> | undefined;
  return {
    url,
    port,
    upstream: `${base.origin}${basePath}`,
    stats: () => ({ ...stats }),
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
        await Promise.race([Promise.allSettled([...inFlight]), grace]);
        clearTimeout(timer);
        stopping.abort();
        server.closeAllConnections();
        await closed;
        await Promise.allSettled([...inFlight]);
        agent.destroy();
        return { ...stats };
      })();
      return closing;
    },
  };
}

/**
 * The path (and query, exactly as sent) to ask the upstream for, or undefined: only origin-form
 * targets (`/…`, never `http://other/…`), under the upstream's base path, with no `.`/`..`
 * segment (plain or percent-encoded), encoded slash or backslash that could lead elsewhere.
 */
function targetPath(raw: string, base: URL, basePath: string): string | undefined {
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\#\s]/.test(raw)) return undefined;
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  if (/%(2f|5c|00)/i.test(path)) return undefined;
  if (path.split('/').some((s) => /^(\.|%2e){1,2}$/i.test(s))) return undefined;
  if (basePath && path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(`${base.origin}${raw}`);
  } catch {
    return undefined;
  }
  // The URL parser found the same origin and changed nothing in the path: no trick left.
  if (parsed.origin !== base.origin || parsed.pathname !== path) return undefined;
  return raw;
}

/** Headers that belong to one connection (RFC 9110 §7.6.1), never passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

function connectionTokens(value: string | string[] | undefined): Set<string> {
  return new Set([value ?? ''].flat().join(',').split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== ''));
}

/** The client's headers as it sent them (Authorization included), for the upstream's host. */
function forwardedHeaders(req: IncomingMessage, base: URL): OutgoingHttpHeaders {
  const named = connectionTokens(req.headers.connection);
  const headers: Record<string, string | string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === lower);
    if (existing === undefined) headers[name] = raw[i + 1]!;
    else headers[existing] = [headers[existing]!, raw[i + 1]!].flat();
  }
  headers.Host = base.host;
  return headers;
}

function passedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = connectionTokens(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  }
  return out;
}

function reply(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ success: false, errors: [{ code: status, message }], messages: [], result: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/** `retry-after` in milliseconds (seconds or an HTTP date), capped; undefined when absent or unreadable. */
function retryAfterMs(value: string | string[] | undefined, cap: number): number | undefined {
  const text = [value ?? ''].flat()[0]!.trim();
  if (text === '') return undefined;
  let ms: number;
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - Date.now();
  }
  return Math.min(Math.max(ms, 0), cap);
}

/** 1 s, 2 s, 4 s … for answers without `retry-after`. */
function backoff(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 30_000);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('stopping'));
    const done = () => {
      signal.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(new Error('stopping'));
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

/**
 * At most `limit` starts in any `windowMs`: a request takes a start, waiting in arrival order
 * until the oldest start in the window has aged out. A 429 holds every start for a while.
 */
class SlidingWindow {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private heldUntil = 0;

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly signal: AbortSignal) {}

  holdFor(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, Date.now() + ms);
  }

  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        while (this.starts.length > 0 && this.starts[0]! <= now - this.windowMs) this.starts.shift();
        const wait = Math.max(this.heldUntil - now, this.starts.length >= this.limit ? this.starts[0]! + this.windowMs - now : 0);
        if (wait <= 0) {
          this.starts.push(now);
          return;
        }
        await sleep(wait, this.signal);
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

/** At most `size` upstream requests at once; waiting in arrival order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number, private readonly signal: AbortSignal) {
    this.free = Math.max(1, size);
    signal.addEventListener('abort', () => this.waiting.splice(0).forEach((wake) => wake()), { once: true });
  }

  async take(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.signal.aborted) throw new Error('stopping');
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    };
  }
}

/**
 * The client's body: streamed to the first attempt as it arrives, and kept (up to a limit) so
 * that a retry can send it again. Nothing of it is ever logged.
 */
class RequestBody {
  private chunks: Buffer[] = [];
  private size = 0;
  private overflow = false;
  private started = false;
  private out: ClientRequest | undefined;
  private readonly settled: Promise<boolean>;
  private settle!: (complete: boolean) => void;

  constructor(private readonly req: IncomingMessage, private readonly limit: number, private readonly waitMs: number) {
    this.settled = new Promise((resolve) => (this.settle = resolve));
    // Paused until the first attempt is sent: nothing is read while the request waits for budget.
    req.pause();
    req.on('data', (chunk: Buffer) => {
      if (!this.overflow) {
        this.size += chunk.length;
        if (this.size > this.limit) {
          this.overflow = true;
          this.chunks = [];
        } else this.chunks.push(chunk);
      }
      const out = this.out;
      if (out && !out.destroyed && !out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    req.on('end', () => {
      if (this.out && !this.out.destroyed) this.out.end();
      this.settle(!this.overflow);
    });
    req.on('close', () => this.settle(false));
    req.on('error', () => this.settle(false));
  }

  /** The first attempt: the body goes on as it arrives. */
  streamTo(out: ClientRequest): void {
    this.out = out;
    // Once that attempt is over (say, an early 429), the rest is still read and kept for a retry.
    out.on('close', () => this.req.resume());
    this.start();
  }

  /** Whether the whole body arrived and was kept (waits for its end, at most `waitMs`). */
  async replayable(): Promise<boolean> {
    this.start();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.waitMs)));
    try {
      return await Promise.race([this.settled, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  replay(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.req.resume();
  }
}
