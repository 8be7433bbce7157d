/**
 * The pacing proxy against a fake upstream on 127.0.0.1 (node:http): what it forwards, what it
 * retries, how it waits for budget, what it refuses, and what it never prints. Nothing here
 * leaves 127.0.0.1.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { DEFAULT_UPSTREAM, parseBudget, parseUpstream, startPacer, summaryLine, type Pacer, type PacerOptions } from '../../src/cloudflare/pacer.js';
import { CLOUDFLARE_API_BASE } from '../../src/dns/cdktf/zone-stack.js';

const TOKEN = 'Bearer cf-secret-token-9f8e7d';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}
type Answer = { status: number; headers?: Record<string, string>; body?: string };

/** An upstream on 127.0.0.1 that records every request and answers from a script (the last answer repeats). */
async function fakeUpstream(answers: Answer[] = [{ status: 200, body: '{"success":true}' }]) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, seen, port, base: `http://127.0.0.1:${port}/client/v4` };
}

function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A request written by hand on a socket: for targets node:http would never send. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('end', () => resolve(got));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy());
  });
}

const servers: Server[] = [];
const pacers: Pacer[] = [];
afterEach(async () => {
  await Promise.all(pacers.splice(0).map((p) => p.close(100)));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function setup(answers?: Answer[], options: Omit<PacerOptions, 'upstream' | 'log'> = {}) {
  const upstream = await fakeUpstream(answers);
  servers.push(upstream.server);
  const lines: string[] = [];
  const pacer = await startPacer({ upstream: upstream.base, log: (l) => lines.push(l), ...options });
  pacers.push(pacer);
  return { upstream, pacer, lines };
}

describe('subdomain pace: the proxy', () => {
  it('listens on 127.0.0.1 under the upstream path; the default upstream is the API the provider uses', async () => {
    const { pacer, upstream } = await setup();
    expect(pacer.url).toBe(`http://127.0.0.1:${pacer.port}/client/v4`);
    expect(pacer.upstream).toBe(upstream.base);
    expect(pacer.port).toBeGreaterThan(0);
    expect(DEFAULT_UPSTREAM).toBe('https://api.cloudflare.com/client/v4');
    expect(CLOUDFLARE_API_BASE).toBe(DEFAULT_UPSTREAM);
  });

  it('forwards method, path, query, headers (Authorization included) and body exactly, and the answer unchanged', async () => {
    const { upstream, pacer } = await setup([{ status: 201, headers: { 'x-upstream': 'ja', 'cf-ray': 'abc' }, body: '{"success":true,"result":{"id":"r1"}}' }]);
    const body = JSON.stringify({ type: 'TXT', name: 'sehat.contohkota.go.id', content: '"v=spf1 -all"', comment: 'opd:dinkes; surat:1/2' });
    const path = '/client/v4/zones/0123456789abcdef0123456789abcdef/dns_records/abc?per_page=5000&name=sehat.contohkota.go.id&x=%20y';
    const got = await send(`${pacer.url.replace('/client/v4', '')}${path}`, { method: 'PATCH', headers: { authorization: TOKEN, 'content-type': 'application/json', 'x-custom': 'satu' }, body });
    expect(got).toMatchObject({ status: 201, body: '{"success":true,"result":{"id":"r1"}}' });
    expect(got.headers).toMatchObject({ 'x-upstream': 'ja', 'cf-ray': 'abc', 'content-type': 'application/json' });
    expect(upstream.seen).toHaveLength(1);
    const [seen] = upstream.seen;
    expect(seen).toMatchObject({ method: 'PATCH', url: path, body });
    expect(seen!.headers).toMatchObject({ authorization: TOKEN, 'content-type': 'application/json', 'x-custom': 'satu', host: `127.0.0.1:${upstream.port}`, 'content-length': String(Buffer.byteLength(body)) });
    expect(pacer.stats()).toMatchObject({ requests: 1, retries: 0, refused: 0 });
  });

  it('streams a large body through, and each of several methods (GET, DELETE, HEAD) as sent', async () => {
    const { upstream, pacer } = await setup();
    const big = 'x'.repeat(3 * 1024 * 1024);
    expect((await send(`${pacer.url}/zones/z/dns_records/batch`, { method: 'POST', headers: { authorization: TOKEN }, body: big })).status).toBe(200);
    await send(`${pacer.url}/zones/z/dns_records`);
    await send(`${pacer.url}/zones/z/dns_records/r`, { method: 'DELETE', headers: { authorization: TOKEN } });
    await send(`${pacer.url}/zones/z`, { method: 'HEAD' });
    expect(upstream.seen.map((s) => [s.method, s.url, s.body.length])).toEqual([
      ['POST', '/client/v4/zones/z/dns_records/batch', big.length],
      ['GET', '/client/v4/zones/z/dns_records', 0],
      ['DELETE', '/client/v4/zones/z/dns_records/r', 0],
      ['HEAD', '/client/v4/zones/z', 0],
    ]);
  });

  it('retries a 429 after its retry-after (any method, the same body again); the client sees the 200 once', async () => {
    const { upstream, pacer, lines } = await setup([
      { status: 429, headers: { 'retry-after': '1' }, body: '{"success":false,"errors":[{"code":971,"message":"Please wait and consider throttling your request speed"}]}' },
      { status: 200, body: '{"success":true,"result":{"id":"new"}}' },
    ]);
    const body = '{"type":"A","name":"pasar.contohkota.go.id","content":"192.0.2.1"}';
    const started = Date.now();
    const got = await send(`${pacer.url}/zones/z/dns_records`, { method: 'POST', headers: { authorization: TOKEN, 'content-type': 'application/json' }, body });
    expect(got).toMatchObject({ status: 200, body: '{"success":true,"result":{"id":"new"}}' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(upstream.seen.map((s) => [s.method, s.url, s.body, s.headers.authorization])).toEqual([
      ['POST', '/client/v4/zones/z/dns_records', body, TOKEN],
      ['POST', '/client/v4/zones/z/dns_records', body, TOKEN],
    ]);
    expect(pacer.stats()).toMatchObject({ requests: 1, retries: 1 });
    expect(pacer.stats().waitedMs).toBeGreaterThanOrEqual(900);
    expect(lines.join('\n')).toMatch(/retry 1\/3: 429 POST \/client\/v4\/zones\/z\/dns_records/);
  });

  it('gives up after a few attempts and passes the last 429 on', async () => {
    const { upstream, pacer } = await setup([{ status: 429, headers: { 'retry-after': '0' }, body: '{"success":false}' }], { maxAttempts: 3 });
    const got = await send(`${pacer.url}/zones/z/dns_records/r`, { method: 'DELETE' });
    expect(got).toMatchObject({ status: 429, body: '{"success":false}' });
    expect(got.headers['retry-after']).toBe('0');
    expect(upstream.seen).toHaveLength(3);
    expect(pacer.stats().retries).toBe(2);
  });

  it('never retries a POST that got a 500 or a 503; retries a GET that got a 503', async () => {
    const { upstream, pacer } = await setup([{ status: 500, body: '{"success":false,"errors":[{"code":10000}]}' }]);
    const got = await send(`${pacer.url}/zones/z/dns_records`, { method: 'POST', body: '{}' });
    expect(got).toMatchObject({ status: 500, body: '{"success":false,"errors":[{"code":10000}]}' });
    expect(upstream.seen).toHaveLength(1);
    expect(pacer.stats().retries).toBe(0);

    const flaky = await setup([{ status: 503, headers: { 'retry-after': '0' } }, { status: 503, headers: { 'retry-after': '0' } }, { status: 200, body: 'ok' }]);
    expect((await send(`${flaky.pacer.url}/zones/z/dns_records/r`, { method: 'POST', body: '{}' })).status).toBe(503);
    expect(flaky.upstream.seen).toHaveLength(1);
    // The script's next answers: 503, then 200: a GET is retried and gets the 200.
    expect(await send(`${flaky.pacer.url}/zones/z/dns_records/r`)).toMatchObject({ status: 200, body: 'ok' });
    expect(flaky.upstream.seen.map((s) => s.method)).toEqual(['POST', 'GET', 'GET']);
    expect(flaky.pacer.stats().retries).toBe(1);
  });

  it('a budget of 3 per second makes the 4th request wait for room instead of failing', async () => {
    const { upstream, pacer } = await setup(undefined, { budget: { requests: 3, seconds: 1 } });
    const started = Date.now();
    const answers = await Promise.all([1, 2, 3, 4].map((n) => send(`${pacer.url}/zones/z/dns_records/r${n}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const times = upstream.seen.map((s) => s.at - started).sort((a, b) => a - b);
    expect(times).toHaveLength(4);
    // Three at once, the fourth only once the first start has left the window (loosely: no tight timing).
    expect(times[2]!).toBeLessThan(800);
    expect(times[3]!).toBeGreaterThanOrEqual(800);
    expect(pacer.stats().waitedMs).toBeGreaterThanOrEqual(700);
  });

  it('refuses absolute-URI and CONNECT requests, a foreign Host and a path outside the base, and never contacts another host', async () => {
    const { upstream, pacer } = await setup();
    const other = await fakeUpstream();
    servers.push(other.server);
    const refusals = [
      `GET http://127.0.0.1:${other.port}/client/v4/zones HTTP/1.1\r\nHost: 127.0.0.1:${other.port}\r\nAuthorization: ${TOKEN}\r\nConnection: close\r\n\r\n`,
      `GET http://127.0.0.1:${pacer.port}/client/v4/zones HTTP/1.1\r\nHost: 127.0.0.1:${pacer.port}\r\nConnection: close\r\n\r\n`,
      `CONNECT 127.0.0.1:${other.port} HTTP/1.1\r\nHost: 127.0.0.1:${other.port}\r\n\r\n`,
      `GET /client/v4/zones HTTP/1.1\r\nHost: 127.0.0.1:${other.port}\r\nConnection: close\r\n\r\n`,
      `GET /client/v4/zones HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
      `GET /client/v4/../../other HTTP/1.1\r\nHost: 127.0.0.1:${pacer.port}\r\nConnection: close\r\n\r\n`,
      `GET /client/v4/%2e%2e/other HTTP/1.1\r\nHost: 127.0.0.1:${pacer.port}\r\nConnection: close\r\n\r\n`,
      `GET /client/v4/zones/..%2f..%2fother HTTP/1.1\r\nHost: 127.0.0.1:${pacer.port}\r\nConnection: close\r\n\r\n`,
      `GET /client/v5/zones HTTP/1.1\r\nHost: 127.0.0.1:${pacer.port}\r\nConnection: close\r\n\r\n`,
      `GET //127.0.0.1:${other.port}/client/v4/zones HTTP/1.1\r\nHost: 127.0.0.1:${pacer.port}\r\nConnection: close\r\n\r\n`,
      `GET /client/v4\\..\\other HTTP/1.1\r\nHost: 127.0.0.1:${pacer.port}\r\nConnection: close\r\n\r\n`,
    ];
    for (const text of refusals) {
      const answer = await raw(pacer.port, text);
      expect(answer, text).toMatch(/^HTTP\/1\.1 (400|405|421) /);
    }
    expect(other.seen).toEqual([]);
    expect(upstream.seen).toEqual([]);
    expect(pacer.stats()).toMatchObject({ requests: 0, refused: refusals.length });
    // The same proxy still forwards a proper request.
    expect(await raw(pacer.port, `GET /client/v4/zones HTTP/1.1\r\nHost: 127.0.0.1:${pacer.port}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 200 /);
    expect(upstream.seen.map((s) => s.url)).toEqual(['/client/v4/zones']);
  });

  it('answers 502 (no retry for a POST) when the upstream cannot be reached', async () => {
    const closed = await fakeUpstream();
    await new Promise((resolve) => closed.server.close(resolve));
    const pacer = await startPacer({ upstream: closed.base, maxAttempts: 2 });
    pacers.push(pacer);
    const got = await send(`${pacer.url}/zones/z/dns_records`, { method: 'POST', body: '{}' });
    expect(got.status).toBe(502);
    expect(pacer.stats().retries).toBe(0);
  });

  it('times out a hanging upstream attempt (504), bounded', async () => {
    const hanging = createServer(() => undefined);
    servers.push(hanging);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const pacer = await startPacer({ upstream: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/client/v4`, timeoutMs: 300, maxAttempts: 1 });
    pacers.push(pacer);
    expect((await send(`${pacer.url}/zones/z`, { method: 'POST', body: '{}' })).status).toBe(504);
    hanging.closeAllConnections();
  });

  it('never prints the Authorization header or a body, through retries and refusals', async () => {
    const { pacer, lines } = await setup([{ status: 429, headers: { 'retry-after': '0' } }, { status: 200, body: 'answer-body-secret' }]);
    await send(`${pacer.url}/zones/z/dns_records?secret-query=1`, { method: 'PUT', headers: { authorization: TOKEN }, body: 'request-body-secret' });
    await raw(pacer.port, `GET http://elsewhere/ HTTP/1.1\r\nHost: elsewhere\r\nAuthorization: ${TOKEN}\r\nConnection: close\r\n\r\n`);
    const printed = [...lines, summaryLine(await pacer.close(100))].join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const secret of ['cf-secret-token', 'request-body-secret', 'answer-body-secret', 'secret-query']) expect(printed).not.toContain(secret);
    expect(printed).toMatch(/1 permintaan\/requests, 1 ulang\/retries, [0-9.]+ s menunggu\/waited, 1 ditolak\/refused$/);
  });

  it('reads budgets and upstreams strictly', () => {
    expect(parseBudget('1100/300')).toEqual({ requests: 1100, seconds: 300 });
    for (const bad of ['1100', '0/300', '1100/0', '-1/3', '1.5/3', 'abc/def', '1100/300/1']) expect(parseBudget(bad), bad).toBeUndefined();
    expect(String(parseUpstream('https://api.cloudflare.com/client/v4/'))).toBe('https://api.cloudflare.com/client/v4');
    expect(parseUpstream('http://127.0.0.1:8080/client/v4')).toBeInstanceOf(URL);
    for (const bad of ['http://api.cloudflare.com/client/v4', 'ftp://x/', 'https://user:pw@api.cloudflare.com/', 'https://api.cloudflare.com/client/v4?x=1', 'not a url']) {
      expect(parseUpstream(bad), bad).not.toBeInstanceOf(URL);
    }
  });
});
