import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, createSecureContext, rootCertificates, type PeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import type { Transform } from 'node:stream';
import { constants as zlib, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { msg, type Message } from '../model/problem.js';

/**
 * The watch's web fetcher: one GET of a page, redirects followed by hand so that every hop's
 * host goes through the same `Connector` (which resolves names itself and refuses private
 * addresses), everything bounded by one deadline and one body size, and the certificate of
 * the name asked about recorded even when it is bad (the page behind it is still read).
 */

export interface ConnectTarget {
  address: string;
  port: number;
}
/**
 * Why a Connector refused a host: it is (or resolves to) a non-public address, or it does not
 * resolve at all. A refusal that does not say is taken as non-public (the stricter reading).
 */
export type RefusalReason = 'non-public' | 'unresolved';
/** A Connector's refusal: its message, and why. */
export interface Refusal {
  refused: Message;
  reason?: RefusalReason;
}
/** Decides where a host:port is really reached. The watch resolves names itself and refuses non-public addresses; tests map names to 127.0.0.1. */
export type Connector = (host: string, port: number) => Promise<ConnectTarget | Refusal>;

export interface FetchOptions {
  connect: Connector;
  /** Whole fetch deadline including redirects and body (a slow-loris server must not hold us longer). */
  timeoutMs: number;
  /** Body bytes kept (after decompression); the rest is not read. */
  maxBytes: number;
  maxRedirects: number;
  /** Extra trusted CAs (tests), added to Node's roots; default Node's roots only. */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * Ask as a search engine's crawler arriving from a search (its User-Agent and a Referer), the
   * way hidden gambling pages are usually cloaked: shown to Google, hidden from the office.
   */
  asCrawler?: boolean;
}

export interface Hop {
  url: string;
  status: number;
  /** The Location header as sent (maybe relative), on redirects. */
  location?: string;
}

export interface TlsFacts {
  /** Chain trusted AND hostname matches AND within dates. */
  authorized: boolean;
  /** E.g. CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, UNABLE_TO_VERIFY_LEAF_SIGNATURE, DEPTH_ZERO_SELF_SIGNED_CERT. */
  error?: string;
  /** ISO 8601 ('' when the server sent no certificate). */
  validFrom: string;
  /** ISO 8601 ('' when the server sent no certificate). */
  validTo: string;
  /** subjectAltName DNS names. */
  names: string[];
  /** Issuer CN, or O when there is no CN. */
  issuer: string;
}

export type FetchOutcome = 'ok' | 'timeout' | 'refused' | 'blocked' | 'too-many-redirects' | 'redirect-loop' | 'error';

export interface PageFetch {
  /** The URL asked for. */
  url: string;
  outcome: FetchOutcome;
  /** Error code or short reason (never a stack). */
  detail?: string;
  /** The Connector's refusal, when outcome is 'blocked'. */
  blocked?: Message;
  /** Why the Connector refused, when outcome is 'blocked': only 'non-public' means an address that is never contacted. */
  refusal?: RefusalReason;
  /** Every response in order, redirects included. */
  hops: Hop[];
  /**
   * The URL the fetch ended at: that of the final response, or the URL that could not be
   * fetched (the refused redirect target, the one that timed out …).
   */
  finalUrl: string;
  /** Status of the response at finalUrl, when there was one. */
  status?: number;
  /** Headers of the response at finalUrl (lower-case names; repeated headers joined with ', '). */
  headers: Record<string, string>;
  /** Decoded text (charset from Content-Type, else a <meta charset>, else utf-8), at most maxBytes. */
  body: string;
  /** The body had more than maxBytes (after decompression): the rest was not read. */
  truncated: boolean;
  /** Of the first https:// connection (the name asked about, when the URL is https://). */
  tls?: TlsFacts;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Compressed bytes read beyond maxBytes before giving up on a body that will not grow. */
const WIRE_SLACK = 64 * 1024;
const USER_AGENT = 'subdomain-watch/0.1 (pemantau subdomain pemerintah; government subdomain monitor)';
const CRAWLER_USER_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** Ends the fetch with an outcome other than 'ok' that is not an exception of the network. */
class Ended extends Error {
  constructor(
    readonly outcome: FetchOutcome,
    readonly reason: string,
    readonly refusal?: Message,
    readonly refusalReason?: RefusalReason,
  ) {
    super(reason);
  }
}

class TimedOut extends Error {}

/** Fetches one page. Never throws for network outcomes: they are in `outcome`/`detail`. */
export async function fetchPage(url: string, options: FetchOptions): Promise<PageFetch> {
  const page: PageFetch = { url, outcome: 'error', hops: [], finalUrl: url, headers: {}, body: '', truncated: false };
  let run: Run | undefined;
  let sink: Sink | undefined;
  try {
    run = new Run(options);
    sink = await fetchHops(url, options, run, page);
    page.outcome = 'ok';
  } catch (error) {
    sink = run?.sink;
    if (error instanceof TimedOut || run?.timedOut) {
      page.outcome = 'timeout';
      page.detail = `no complete answer within ${options.timeoutMs} ms`;
    } else if (error instanceof Ended) {
      page.outcome = error.outcome;
      page.detail = error.reason;
      if (error.refusal) page.blocked = error.refusal;
      if (error.refusalReason) page.refusal = error.refusalReason;
    } else {
      const code = errorCode(error);
      page.outcome = code === 'ECONNREFUSED' ? 'refused' : 'error';
      page.detail = code ?? shortMessage(error);
    }
  } finally {
    run?.close();
  }
  if (sink) {
    page.body = decodeText(sink.bytes(), page.headers['content-type']);
    page.truncated = sink.truncated;
  }
  return page;
}

async function fetchHops(start: string, options: FetchOptions, run: Run, page: PageFetch): Promise<Sink> {
  let current = parseHttpUrl(start);
  const visited = new Set<string>();
  let redirects = 0;
  for (;;) {
    page.finalUrl = current.href;
    page.status = undefined;
    page.headers = {};
    visited.add(withoutHash(current));

    const host = bareHost(current.hostname);
    const https = current.protocol === 'https:';
    const port = current.port ? Number(current.port) : https ? 443 : 80;
    const target = await run.wait(options.connect(host, port));
    if ('refused' in target) throw new Ended('blocked', `${host}:${port} refused by the connector`, target.refused, target.reason ?? 'non-public');
    if (isIP(target.address) === 0) throw new Ended('error', `the connector gave no IP address for ${host}:${port}`);

    const socket = await run.wait(openSocket(run, target, host, https, page));
    const res = await run.wait(sendGet(socket, current, options.asCrawler === true));
    run.track(res);
    const hop: Hop = { url: current.href, status: res.statusCode ?? 0 };
    const location = header(res, 'location');
    if (location !== undefined && REDIRECTS.has(hop.status)) hop.location = location;
    page.hops.push(hop);
    page.status = hop.status;
    page.headers = flatHeaders(res);

    if (hop.location === undefined) {
      const sink = new Sink(options.maxBytes);
      run.sink = sink;
      await run.wait(readBody(res, socket, sink, options.maxBytes + WIRE_SLACK, page));
      return sink;
    }

    res.destroy();
    socket.destroy();
    let next: URL;
    try {
      next = new URL(hop.location, current);
    } catch {
      throw new Ended('error', `bad Location: ${hop.location.slice(0, 200)}`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Ended('error', `redirect to unsupported scheme ${next.protocol}`);
    if (visited.has(withoutHash(next))) throw new Ended('redirect-loop', `redirect back to ${next.href}`);
    if (redirects >= options.maxRedirects) throw new Ended('too-many-redirects', `more than ${options.maxRedirects} redirects`);
    redirects += 1;
    current = next;
  }
}

/** The deadline, the sockets and streams to destroy when it passes, and the body read so far. */
class Run {
  timedOut = false;
  sink: Sink | undefined;
  private readonly open = new Set<{ destroy(): void }>();
  private readonly timer: NodeJS.Timeout;
  private readonly deadline: Promise<never>;
  private fire: (error: Error) => void = () => {};
  readonly secureContext: SecureContext | undefined;

  constructor(options: FetchOptions) {
    this.deadline = new Promise<never>((_, reject) => {
      this.fire = reject;
    });
    this.deadline.catch(() => {});
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.fire(new TimedOut());
      this.close();
    }, Math.max(0, options.timeoutMs));
    this.secureContext = options.ca === undefined ? undefined : secureContextFor(options.ca);
  }

  /** `promise`, unless the deadline passes first. */
  wait<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => {});
    return Promise.race([promise, this.deadline]);
  }

  track<T extends { destroy(): void; on(event: 'error', listener: (error: Error) => void): unknown }>(stream: T): T {
    stream.on('error', () => {});
    this.open.add(stream);
    return stream;
  }

  close(): void {
    clearTimeout(this.timer);
    for (const stream of this.open) stream.destroy();
    this.open.clear();
  }
}

let cachedCa: { ca: FetchOptions['ca']; context: SecureContext } | undefined;
/** Node's `ca` replaces its roots: the extra CAs are added to them. Built once per `ca` value. */
function secureContextFor(ca: NonNullable<FetchOptions['ca']>): SecureContext {
  if (cachedCa?.ca !== ca) cachedCa = { ca, context: createSecureContext({ ca: [...rootCertificates, ...(Array.isArray(ca) ? ca : [ca])] }) };
  return cachedCa.context;
}

function openSocket(run: Run, target: ConnectTarget, host: string, https: boolean, page: PageFetch): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    if (!https) {
      const socket = run.track(netConnect({ host: target.address, port: target.port, noDelay: true }));
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
      return;
    }
    const socket: TLSSocket = run.track(
      tlsConnect({
        host: target.address,
        port: target.port,
        // SNI is the name asked about (never an IP address: RFC 6066).
        ...(isIP(host) === 0 ? { servername: host } : {}),
        rejectUnauthorized: false,
        // The name is checked below against the name asked about, not the connect address.
        checkServerIdentity: () => undefined,
        ALPNProtocols: ['http/1.1'],
        ...(run.secureContext ? { secureContext: run.secureContext } : {}),
      }),
    );
    socket.once('secureConnect', () => {
      if (!page.tls) page.tls = tlsFacts(socket, host);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function sendGet(socket: Socket, url: URL, asCrawler: boolean): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest({
      createConnection: () => socket,
      method: 'GET',
      path: `${url.pathname}${url.search}`,
      setHost: false,
      headers: {
        host: url.host,
        'user-agent': asCrawler ? CRAWLER_USER_AGENT : USER_AGENT,
        ...(asCrawler ? { referer: 'https://www.google.com/' } : {}),
        accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
        'accept-language': 'id,en;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
        connection: 'close',
      },
    });
    req.on('error', reject);
    req.once('response', resolve);
    req.end();
  });
}

/** Reads at most `sink.max` decoded bytes (and at most `wireMax` bytes off the wire), then closes the socket. */
function readBody(res: IncomingMessage, socket: Socket, sink: Sink, wireMax: number, page: PageFetch): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const decoders: Transform[] = [];
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      res.destroy();
      for (const d of decoders) d.destroy();
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const take = (chunk: Buffer) => {
      if (!sink.add(chunk)) finish();
    };

    const encodings = (header(res, 'content-encoding') ?? '')
      .toLowerCase()
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '' && e !== 'identity');
    const known = encodings.every((e) => e === 'gzip' || e === 'x-gzip' || e === 'deflate' || e === 'br');
    if (!known) page.detail = `content-encoding ${encodings.join(', ')} not decoded`;

    res.on('error', (e) => finish(e));
    const cutOff = () => finish(Object.assign(new Error('response cut off'), { code: 'ECONNRESET' }));
    res.on('aborted', cutOff);
    res.on('close', () => {
      if (!res.complete) cutOff();
    });

    if (encodings.length === 0 || !known) {
      res.on('data', take);
      res.on('end', () => finish());
      return;
    }

    // Decoded in the reverse of the order applied; the decoders are piped so that each waits
    // for the next (an inner bomb does not run ahead), and the last feeds the bounded sink.
    let wire = 0;
    let first: Transform | undefined;
    let head: Buffer | undefined;
    const build = (sniff: Buffer) => {
      let prev: Transform | undefined;
      for (const e of [...encodings].reverse()) {
        const d = decoderFor(e, prev ? undefined : sniff);
        d.on('error', (err) => finish(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'Z_DATA_ERROR' })));
        if (prev) prev.pipe(d);
        decoders.push(d);
        prev = d;
      }
      prev!.on('data', take);
      prev!.on('end', () => finish());
      return decoders[0]!;
    };
    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      wire += chunk.length;
      if (wire > wireMax) {
        sink.truncated = true;
        finish();
        return;
      }
      if (!first) {
        // A deflate body may be zlib-wrapped (as the RFC says) or raw (as some servers send):
        // the first two bytes tell.
        head = head ? Buffer.concat([head, chunk]) : chunk;
        if (head.length < 2) return;
        first = build(head);
        chunk = head;
      }
      if (!first.write(chunk)) {
        res.pause();
        first.once('drain', () => res.resume());
      }
    });
    res.on('end', () => {
      if (settled) return;
      if (wire === 0) return finish(); // nothing to decode (a 204, a 304, an empty body)
      if (!first) {
        first = build(head!);
        first.write(head!);
      }
      first.end();
    });
  });
}

function decoderFor(encoding: string, sniff: Buffer | undefined): Transform {
  const flush = { finishFlush: zlib.Z_SYNC_FLUSH };
  if (encoding === 'br') return createBrotliDecompress({ finishFlush: zlib.BROTLI_OPERATION_FLUSH });
  if (encoding === 'deflate') {
    const zlibWrapped = !sniff || sniff.length < 2 || ((sniff[0]! & 0x0f) === 8 && ((sniff[0]! << 8) | sniff[1]!) % 31 === 0);
    return zlibWrapped ? createInflate(flush) : createInflateRaw(flush);
  }
  return createGunzip(flush);
}

/** Body bytes kept, at most `max`. */
class Sink {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(readonly max: number) {}

  /** Keeps what fits; false once there was more than fits (then nothing more is wanted). */
  add(chunk: Buffer): boolean {
    const room = this.max - this.size;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.size = this.max;
      this.truncated = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

function tlsFacts(socket: TLSSocket, host: string): TlsFacts {
  // An empty object when the server sent none.
  const cert = socket.getPeerCertificate(false) as PeerCertificate | undefined;
  if (!cert?.raw) {
    return { authorized: false, error: 'NO_PEER_CERTIFICATE', validFrom: '', validTo: '', names: [], issuer: '' };
  }
  const validFrom = isoDate(cert.valid_from);
  const validTo = isoDate(cert.valid_to);
  const names = (cert.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4));
  const now = Date.now();
  let error: string | undefined = chainError(socket);
  if (error === undefined) {
    const identity = checkServerIdentity(host, cert);
    if (identity) error = (identity as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT_ALTNAME_INVALID';
  }
  if (error === undefined && validFrom && now < Date.parse(validFrom)) error = 'CERT_NOT_YET_VALID';
  if (error === undefined && validTo && now > Date.parse(validTo)) error = 'CERT_HAS_EXPIRED';
  return {
    authorized: error === undefined,
    ...(error !== undefined ? { error } : {}),
    validFrom,
    validTo,
    names,
    issuer: firstValue(cert.issuer?.CN) ?? firstValue(cert.issuer?.O) ?? '',
  };
}

function chainError(socket: TLSSocket): string | undefined {
  if (socket.authorized) return undefined;
  // Node's typings say Error; at run time it is the OpenSSL code as a string.
  const e = socket.authorizationError as unknown;
  if (typeof e === 'string') return e;
  if (e instanceof Error) return (e as NodeJS.ErrnoException).code ?? e.message;
  return 'UNABLE_TO_VERIFY';
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isoDate(text: string | undefined): string {
  const t = text ? Date.parse(text) : NaN;
  return Number.isNaN(t) ? '' : new Date(t).toISOString();
}

function decodeText(bytes: Buffer, contentType: string | undefined): string {
  let label = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (!label) label = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Ended('error', 'ERR_INVALID_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Ended('error', `unsupported scheme ${url.protocol}`);
  return url;
}

function withoutHash(url: URL): string {
  const u = new URL(url.href);
  u.hash = '';
  return u.href;
}

/** The URL's hostname without IPv6 brackets or a trailing dot: what is resolved, sent as SNI and checked against the certificate. */
function bareHost(hostname: string): string {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return hostname.slice(1, -1);
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 200) || 'unknown error';
}

// ---------------------------------------------------------------------------------------
// --connect-to

/** curl's --connect-to: 'NAME:PORT=ADDR:PORT' (NAME may be empty = any host; ADDR may be [IPv6]). */
export interface ConnectTo {
  /** Lower case; '' = any host. */
  host: string;
  /** 0 = any port (an empty PORT). */
  port: number;
  /** An IP address, or a name reached through the fallback Connector; '' = the host asked for. */
  address: string;
  /** 0 = the port asked for (an empty PORT). */
  toPort: number;
}

/** A --connect-to text that cannot be read; `detail` is the bilingual message. */
export class ConnectToError extends Error {
  constructor(readonly detail: Message) {
    super(`${detail.id} / ${detail.en}`);
  }
}

/** Throws ConnectToError (an Error with a bilingual message) on bad text. */
export function parseConnectTo(spec: string): ConnectTo {
  const bad = (id: string, en: string): never => {
    throw new ConnectToError(
      msg(`--connect-to \`${spec}\`: ${id} Bentuknya NAMA:PORT=ALAMAT:PORT.`, `--connect-to \`${spec}\`: ${en} The form is NAME:PORT=ADDR:PORT.`),
    );
  };
  const eq = spec.indexOf('=');
  if (eq < 0 || spec.indexOf('=', eq + 1) >= 0) bad('harus memuat tepat satu `=`.', 'must hold exactly one `=`.');
  const from = splitHostPort(spec.slice(0, eq));
  const to = splitHostPort(spec.slice(eq + 1));
  if (!from) return bad('bagian sebelum `=` bukan NAMA:PORT.', 'the part before `=` is not NAME:PORT.');
  if (!to) return bad('bagian sesudah `=` bukan ALAMAT:PORT.', 'the part after `=` is not ADDR:PORT.');
  const port = readPort(from.port);
  const toPort = readPort(to.port);
  if (port === undefined) bad(`port \`${from.port}\` tidak sah (1–65535).`, `port \`${from.port}\` is not valid (1–65535).`);
  if (toPort === undefined) bad(`port \`${to.port}\` tidak sah (1–65535).`, `port \`${to.port}\` is not valid (1–65535).`);
  if (from.host !== '' && !from.bracketed && !isHostName(from.host)) bad(`nama \`${from.host}\` tidak sah.`, `name \`${from.host}\` is not valid.`);
  if (from.bracketed && isIP(from.host) !== 6) bad(`\`[${from.host}]\` bukan alamat IPv6.`, `\`[${from.host}]\` is not an IPv6 address.`);
  if (to.bracketed && isIP(to.host) !== 6) bad(`\`[${to.host}]\` bukan alamat IPv6.`, `\`[${to.host}]\` is not an IPv6 address.`);
  if (to.host !== '' && !to.bracketed && isIP(to.host) === 0 && !isHostName(to.host))
    bad(`alamat \`${to.host}\` tidak sah.`, `address \`${to.host}\` is not valid.`);
  return { host: from.host.toLowerCase(), port: port!, address: to.host.toLowerCase(), toPort: toPort! };
}

function splitHostPort(text: string): { host: string; port: string; bracketed: boolean } | undefined {
  if (text.startsWith('[')) {
    const m = /^\[([^\]]*)\]:(\d*)$/.exec(text);
    return m ? { host: m[1]!, port: m[2]!, bracketed: true } : undefined;
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return undefined;
  const host = text.slice(0, colon);
  if (host.includes(':')) return undefined; // IPv6 must be in brackets
  return { host, port: text.slice(colon + 1), bracketed: false };
}

function readPort(text: string): number | undefined {
  if (text === '') return 0;
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

function isHostName(name: string): boolean {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  return n.length > 0 && n.length <= 253 && n.split('.').every((label) => /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/.test(label));
}

/**
 * A Connector that sends the hosts the rules name where they say (the first rule that matches
 * wins, as in curl), and everything else to `fallback`. A rule's IP address is used as given
 * (the operator chose it); a rule's name is resolved (and judged) by `fallback`.
 */
export function connectToRules(rules: ConnectTo[], fallback: Connector): Connector {
  return async (host, port) => {
    const h = host.toLowerCase().replace(/\.$/, '');
    const rule = rules.find((r) => (r.host === '' || r.host.replace(/\.$/, '') === h) && (r.port === 0 || r.port === port));
    if (!rule) return fallback(host, port);
    const toPort = rule.toPort === 0 ? port : rule.toPort;
    if (rule.address === '') return fallback(host, toPort);
    if (isIP(rule.address) !== 0) return { address: rule.address, port: toPort };
    return fallback(rule.address, toPort);
  };
}
