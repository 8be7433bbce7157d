// Speed of `subdomain watch`, called by `npm run bench` (scripts/bench.mjs), as a whole CLI
// process against local servers (below), beside a floor measured in the same run: one node
// process doing the same work with node built-ins alone (node:dns/promises Resolver, https.get,
// http.get), the same per-page time limit and the same concurrency. Their runs alternate.
// - `subdomain watch --timeout 5 --concurrency 32` of 1,000 registered names, every tenth of
//   them hanging (i % 10 = 0: connections accepted, never answered) ≤ 60 s, ≤ 300 MiB.
// The bench checks that the JSON names all 1,000 and that the hanging names, and only they,
// ended as `web/unreachable` (so the per-page limit held: without it the watch would not end).
// It runs in a temporary copy of test/fixtures/office (zone bekasikota.go.id) whose register
// holds only the generated names `situs<i>.bekasikota.go.id`, each one A record 103.147.x.y
// (the fixture's own entries are removed). `node scripts/bench/watch.mjs` runs this alone.
//
// TLS: the HTTPS server uses the test leaf of test/fixtures/watch/tls (sehat.pem: *.contoh.go.id,
// from the test CA, trusted with --ca ca.pem), since no certificate for *.bekasikota.go.id is
// generated. So every answering name has one `web/certificate-invalid` finding (the name does not
// match), counted and printed; the handshake, the certificate checks and the page read are real.
// Otherwise each answering name is a well-kept site: http:// answers 301 to https://, https://
// answers 200 with HSTS and a small page fitting the registered purpose.
//
// The servers run in a worker thread, since the CLI runs under spawnSync, which blocks this
// thread's event loop: a DNS server (UDP, dns-packet) answering A for every situs name (NOERROR
// without answers for their other types, NXDOMAIN for any other name), the HTTPS and HTTP
// servers, and the hanging server, which the hanging names are sent to with --connect-to
// (`situs<i>.bekasikota.go.id:443=127.0.0.1:<port>` and :80 likewise) before the catch-all rules
// `:443=…` and `:80=…` (the first matching rule wins). Ports are random; counters are shared memory.
import { createSocket } from 'node:dgram';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import dnsPacket from 'dns-packet';
import { cli, fastest, fmt, OPDS, printRow, repo, RUNS, timeProcess, ZONE } from './data.mjs';

export const TARGETS = { names: 1_000, hangEvery: 10, timeoutSeconds: 5, concurrency: 32, seconds: 60, rssMiB: 300 };

const OFFICE = join(repo, 'test', 'fixtures', 'office');
const TLS = join(repo, 'test', 'fixtures', 'watch', 'tls');
const CA_FILE = join(TLS, 'ca.pem');

const nameOf = (i) => `situs${i}.${ZONE}`;
const address = (i) => `103.147.${10 + Math.floor(i / 200)}.${10 + (i % 200)}`;
const hangs = (i) => i % TARGETS.hangEvery === 0;
const SITUS = new RegExp(`^situs(\\d+)\\.${ZONE.replace(/\./g, '\\.')}\\.?$`, 'i');
/** i of a situs name below `count`, else -1. */
const situsIndex = (name, count) => {
  const m = SITUS.exec(name ?? '');
  const i = m ? Number(m[1]) : -1;
  return i >= 0 && i < count && String(i) === m[1] ? i : -1;
};

// ---------------------------------------------------------------------------------------
// The office.

/** The register entry of `situs<i>`: one A record. */
export function registerEntry(i) {
  return `opd: ${OPDS[i % OPDS.length]}
purpose: Layanan daring nomor ${i} untuk warga Kota Bekasi.
contact:
  name: Andi Prasetyo
  nip: "199001152015031002"
  email: andi.prasetyo@bekasikota.go.id
  phone: "081234567890"
records:
  - type: A
    value: ${address(i)}
history:
  - action: create
    letter:
      number: 400.7/1021/Dinkes
      date: "2025-11-18"
      signer:
        name: dr. Tanti Rohilawati, M.Kes
        nip: "197205031999032004"
        position: Kepala Dinas Kesehatan
    pull_request: ${i + 1}
    applied_at: "2025-12-04T03:25:00Z"
    commit: 4f1c2a9e0b7d3c5a6e8f9a0b1c2d3e4f5a6b7c8d
`;
}

/** A temporary copy of test/fixtures/office whose register holds only `situs0` … `situs<count-1>`. */
export function watchOffice(count) {
  const root = mkdtempSync(join(tmpdir(), 'subdomain-bench-watch-'));
  cpSync(OFFICE, root, { recursive: true });
  for (const file of readdirSync(join(root, 'subdomains'))) rmSync(join(root, 'subdomains', file));
  for (let i = 0; i < count; i++) writeFileSync(join(root, 'subdomains', `${nameOf(i)}.yaml`), registerEntry(i));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------
// The servers (worker thread).

// Shared Int32Array slots.
const READY = 0; // 1 when every server listens
const DNS_PORT = 1;
const HTTPS_PORT = 2;
const HTTP_PORT = 3;
const HANG_PORT = 4;
const DNS_QUERIES = 5;
const HTTPS_REQUESTS = 6;
const HTTP_REQUESTS = 7;
const HANG_CONNECTIONS = 8;
const SLOTS = 9;

/** A small municipal page fitting the registered purpose (~3 KB). */
function page(i) {
  const items = Array.from({ length: 12 }, (_, n) => `      <li><a href="/layanan/${n + 1}">Informasi layanan ${n + 1} bagi warga</a></li>`).join('\n');
  return `<!doctype html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <title>Layanan Daring Nomor ${i} — Pemerintah Kota Bekasi</title>
  <meta name="description" content="Layanan daring nomor ${i} untuk warga Kota Bekasi.">
  <style>body{font-family:sans-serif;margin:0}header,main,footer{padding:1rem 2rem}nav a{margin-right:1rem}</style>
</head>
<body>
  <header><nav><a href="/">Beranda</a><a href="/profil">Profil</a><a href="/kontak">Kontak</a></nav></header>
  <main>
    <h1>Layanan Daring Nomor ${i}</h1>
    <p>Selamat datang di layanan daring nomor ${i} untuk warga Kota Bekasi. Halaman ini memuat
    informasi persyaratan, alur pengajuan, jadwal pelayanan dan kontak petugas.</p>
    <h2>Daftar layanan</h2>
    <ul>
${items}
    </ul>
    <p>Pengaduan dapat disampaikan melalui kanal resmi Pemerintah Kota Bekasi pada hari kerja,
    pukul 08.00–16.00 WIB.</p>
  </main>
  <footer><p>&copy; 2025 Pemerintah Kota Bekasi. Jl. Jend. Ahmad Yani No. 1, Bekasi.</p></footer>
</body>
</html>
`;
}

function serve({ shared, count, key, cert }) {
  const state = new Int32Array(shared);
  const count1 = (slot) => Atomics.add(state, slot, 1);

  // DNS: A for the situs names, NOERROR without answers for their other types, NXDOMAIN else.
  const udp = createSocket('udp4');
  udp.on('message', (message, peer) => {
    let query;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    count1(DNS_QUERIES);
    const question = query.questions?.[0];
    const i = situsIndex(question?.name, count);
    const answers = i >= 0 && question.type === 'A' ? [{ name: question.name, type: 'A', ttl: 300, data: address(i) }] : [];
    const rcode = !question ? 1 : i < 0 ? 3 : 0; // FORMERR, NXDOMAIN, NOERROR
    const flags = dnsPacket.RECURSION_AVAILABLE | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcode;
    udp.send(dnsPacket.encode({ type: 'response', id: query.id, flags, questions: query.questions, answers }), peer.port, peer.address);
  });

  const pages = new Map();
  const https = createHttpsServer({ key, cert }, (req, res) => {
    count1(HTTPS_REQUESTS);
    req.resume();
    const i = situsIndex((req.headers.host ?? '').replace(/:\d+$/, ''), count);
    if (i < 0) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    let body = pages.get(i);
    if (!body) pages.set(i, (body = Buffer.from(page(i))));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'strict-transport-security': 'max-age=31536000' });
    res.end(body);
  });
  const http = createHttpServer((req, res) => {
    count1(HTTP_REQUESTS);
    req.resume();
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    res.writeHead(301, { location: `https://${host}${req.url}`, 'content-type': 'text/plain', 'content-length': 0 });
    res.end();
  });
  // Accepts, reads and never answers (a hanging site: not even the TLS handshake).
  const hang = createNetServer((socket) => {
    count1(HANG_CONNECTIONS);
    socket.on('error', () => {});
    socket.resume();
  });
  for (const server of [https, http]) server.on('clientError', (_, socket) => socket.destroy());

  const listening = [
    new Promise((resolve) => udp.bind(0, '127.0.0.1', () => resolve(Atomics.store(state, DNS_PORT, udp.address().port)))),
    ...[[https, HTTPS_PORT], [http, HTTP_PORT], [hang, HANG_PORT]].map(([server, slot]) => new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve(Atomics.store(state, slot, server.address().port)));
    })),
  ];
  Promise.all(listening).then(() => {
    Atomics.store(state, READY, 1);
    Atomics.notify(state, READY);
  });
}

if (!isMainThread && workerData?.benchWatch) serve(workerData);

/** The servers, ready, in a worker thread; `counts()` is what they saw since the last `resetCounts()`. */
export function startWatchServers({ count = TARGETS.names } = {}) {
  const shared = new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const state = new Int32Array(shared);
  const key = readFileSync(join(TLS, 'sehat.key'), 'utf8');
  const cert = readFileSync(join(TLS, 'sehat.pem'), 'utf8');
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { benchWatch: true, shared, count, key, cert } });
  let failed;
  worker.on('error', (error) => { failed = error; });
  worker.unref();
  const deadline = Date.now() + 30_000;
  while (Atomics.load(state, READY) === 0 && !failed) {
    if (Date.now() > deadline) throw new Error('bench watch servers: start timed out');
    Atomics.wait(state, READY, 0, 200);
  }
  if (failed) throw failed;
  const port = (slot) => Atomics.load(state, slot);
  return {
    resolver: `127.0.0.1:${port(DNS_PORT)}`,
    httpsPort: port(HTTPS_PORT),
    httpPort: port(HTTP_PORT),
    hangPort: port(HANG_PORT),
    counts: () => ({ dns: port(DNS_QUERIES), https: port(HTTPS_REQUESTS), http: port(HTTP_REQUESTS), hang: port(HANG_CONNECTIONS) }),
    resetCounts() {
      for (const slot of [DNS_QUERIES, HTTPS_REQUESTS, HTTP_REQUESTS, HANG_CONNECTIONS]) Atomics.store(state, slot, 0);
    },
    close: () => worker.terminate(),
  };
}

// ---------------------------------------------------------------------------------------
// The measurements.

/** The --connect-to rules: the hanging names to the hanging server, then every other host. */
function connectTo(servers, count) {
  const rules = [];
  for (let i = 0; i < count; i++) {
    if (!hangs(i)) continue;
    rules.push(`${nameOf(i)}:443=127.0.0.1:${servers.hangPort}`, `${nameOf(i)}:80=127.0.0.1:${servers.hangPort}`);
  }
  rules.push(`:443=127.0.0.1:${servers.httpsPort}`, `:80=127.0.0.1:${servers.httpPort}`);
  return rules;
}

// One process doing the watch's work with node built-ins: the names from the register's file
// names; per name (at most `concurrency` at once) CNAME, then A and AAAA through one Resolver
// (the watch's timeout and tries), then https:// and http:// at once, each with one deadline of
// `timeout` s for the whole fetch (redirects followed, the body read, the certificate's name
// checked); hosts reached as the same --connect-to rules say. Prints names, answered, unreachable.
const FLOOR = `
import { Resolver } from 'node:dns/promises';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { checkServerIdentity, createSecureContext, rootCertificates } from 'node:tls';
const [server, caFile, timeoutText, concurrencyText, ...ruleTexts] = process.argv.slice(2);
const timeoutMs = Number(timeoutText) * 1000;
const rules = ruleTexts.map((t) => /^(.*):(\\d+)=(.*):(\\d+)$/.exec(t)).map((m) => ({ host: m[1], port: Number(m[2]), address: m[3], toPort: Number(m[4]) }));
const route = (host, port) => rules.find((r) => (r.host === '' || r.host === host) && r.port === port);
const secureContext = createSecureContext({ ca: [...rootCertificates, readFileSync(caFile, 'utf8')] });
const resolver = new Resolver({ timeout: 3000, tries: 2 });
resolver.setServers([server]);
const names = readdirSync('subdomains').filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
const quiet = (p) => p.catch((e) => { if (e.code !== 'ENODATA') throw e; return []; });

function get(url, signal, redirects = 0) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const to = route(u.hostname, Number(u.port) || (secure ? 443 : 80));
    const options = { host: to.address, port: to.toPort, path: u.pathname + u.search, agent: false, signal,
      headers: { host: u.host, connection: 'close', 'accept-encoding': 'identity' },
      ...(secure ? { servername: u.hostname, secureContext, rejectUnauthorized: false } : {}) };
    const req = (secure ? https : http).get(options, (res) => {
      const certificateOk = secure ? res.socket.authorized && !checkServerIdentity(u.hostname, res.socket.getPeerCertificate()) : undefined;
      if ([301, 302, 303, 307, 308].includes(res.statusCode) && res.headers.location && redirects < 5) {
        res.resume();
        return resolve(get(new URL(res.headers.location, url).href, signal, redirects + 1));
      }
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ok: true, status: res.statusCode, certificateOk, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ ok: false, error: e.code ?? e.name }));
    });
    req.on('error', (e) => resolve({ ok: false, error: e.code ?? e.name }));
  });
}

let answered = 0;
let unreachable = 0;
let next = 0;
await Promise.all(Array.from({ length: Number(concurrencyText) }, async () => {
  while (next < names.length) {
    const name = names[next++];
    await quiet(resolver.resolveCname(name));
    const [a] = await Promise.all([quiet(resolver.resolve4(name)), quiet(resolver.resolve6(name))]);
    if (a.length === 0) throw new Error(name + ': no address');
    const [secure, plain] = await Promise.all([get('https://' + name + '/', AbortSignal.timeout(timeoutMs)), get('http://' + name + '/', AbortSignal.timeout(timeoutMs))]);
    if (secure.ok || plain.ok) answered++;
    else unreachable++;
  }
}));
console.log(names.length, answered, unreachable);
`;

/** The CLI environment without a Cloudflare token (with one, watch would read the zone too). */
function withoutCloudflareToken(fn) {
  const saved = process.env.CLOUDFLARE_API_TOKEN;
  delete process.env.CLOUDFLARE_API_TOKEN;
  try {
    return fn();
  } finally {
    if (saved !== undefined) process.env.CLOUDFLARE_API_TOKEN = saved;
  }
}

const countsText = ({ dns, https, http, hang }) => `${fmt(dns)} DNS queries, ${fmt(https)} https + ${fmt(http)} http requests, ${fmt(hang)} hung connections`;

/** Findings by kind. */
function tally(findings) {
  const byKind = {};
  for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return byKind;
}

/** Checks the watch's JSON: every name checked, the hanging ones (and only they) unreachable after the time limit. */
function checkWatch(result, count, timeoutSeconds) {
  if (result.names !== count) throw new Error(`watch checked ${result.names} names, expected ${count}`);
  const hanging = new Set(Array.from({ length: count }, (_, i) => i).filter(hangs).map(nameOf));
  const unreachable = result.findings.filter((f) => f.kind === 'web/unreachable');
  const wrong = unreachable.filter((f) => !hanging.has(f.name)).map((f) => f.name);
  const reached = [...hanging].filter((n) => !unreachable.some((f) => f.name === n));
  if (wrong.length > 0 || reached.length > 0 || unreachable.length !== hanging.size) {
    throw new Error(`watch: expected the ${hanging.size} hanging names as web/unreachable, got ${unreachable.length}` +
      `${wrong.length ? `; answering names among them: ${wrong.slice(0, 3).join(', ')}` : ''}${reached.length ? `; hanging names not among them: ${reached.slice(0, 3).join(', ')}` : ''}`);
  }
  const untimed = unreachable.filter((f) => !f.evidence.every((e) => e.seen.includes(`${timeoutSeconds * 1000} ms`)));
  if (untimed.length > 0) console.error(`note: ${untimed.length} unreachable names did not end on the ${timeoutSeconds} s limit, e.g. ${JSON.stringify(untimed[0].evidence)}`);
  const byKind = tally(result.findings);
  const others = Object.entries(byKind).filter(([kind]) => kind !== 'web/unreachable' && kind !== 'web/certificate-invalid');
  if (others.length > 0) console.error(`note: watch findings beyond the expected kinds: ${JSON.stringify(Object.fromEntries(others))}`);
  return byKind;
}

/** `watch --format json` of `count` names, every tenth hanging, beside the built-ins floor. */
export function benchWatch(report, { count = TARGETS.names, runs = RUNS } = {}) {
  const office = watchOffice(count);
  const servers = startWatchServers({ count });
  const floorFile = join(tmpdir(), `subdomain-bench-watch-floor-${process.pid}.mjs`);
  writeFileSync(floorFile, FLOOR);
  try {
    const rules = connectTo(servers, count);
    const { timeoutSeconds: timeout, concurrency } = TARGETS;
    const args = [cli, 'watch', '--resolver', servers.resolver, ...rules.flatMap((r) => ['--connect-to', r]), '--ca', CA_FILE,
      '--timeout', String(timeout), '--concurrency', String(concurrency), '--format', 'json'];
    const hanging = Array.from({ length: count }, (_, i) => i).filter(hangs).length;
    const floorRuns = [];
    const watchRuns = [];
    for (let n = 0; n < runs; n++) {
      servers.resetCounts();
      const floor = timeProcess([floorFile, servers.resolver, CA_FILE, String(timeout), String(concurrency), ...rules], office.root);
      if (floor.status !== 0) throw new Error(`watch floor failed: ${floor.stderr.slice(0, 2000)}`);
      const expected = `${count} ${count - hanging} ${hanging}`;
      if (floor.stdout.trim() !== expected) throw new Error(`watch floor saw names/answered/unreachable ${floor.stdout.trim()}, expected ${expected}`);
      floorRuns.push({ ...floor, counts: servers.counts() });

      servers.resetCounts();
      const run = withoutCloudflareToken(() => timeProcess(args, office.root));
      // Exit 1: findings (the hanging names, and the certificate's name on every other).
      if (run.status !== 1) throw new Error(`subdomain watch exited ${run.status}, expected 1 (findings):\n${run.stderr.replace(/\nBENCH_MAXRSS_KB=\d+\n?/, '').slice(0, 4000)}`);
      const byKind = checkWatch(JSON.parse(run.stdout), count, timeout);
      watchRuns.push({ ...run, byKind, counts: servers.counts() });
    }
    const floor = fastest(floorRuns);
    const run = fastest(watchRuns);
    const what = `${fmt(count)} names, ${fmt(hanging)} hanging, --timeout ${timeout}, ${concurrency} at once`;
    report({ name: `node:dns + https.get + http.get alone, ${what} (floor)`, seconds: floor.seconds, rssMiB: floor.rssMiB, detail: floor.counts });
    const found = Object.entries(run.byKind).map(([kind, n]) => `${fmt(n)} ${kind}`).join(', ');
    report({ name: `subdomain watch, ${what} (${found})`, seconds: run.seconds, rssMiB: run.rssMiB,
      target: `≤ ${TARGETS.seconds} s, ≤ ${TARGETS.rssMiB} MiB (floor ${floor.seconds.toFixed(2)} s)`,
      ok: run.seconds <= TARGETS.seconds && run.rssMiB <= TARGETS.rssMiB, detail: { findings: run.byKind, servers: countsText(run.counts) } });
  } finally {
    rmSync(floorFile, { force: true });
    servers.close();
    office.remove();
  }
}

if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  benchWatch((row) => {
    rows.push(row);
    printRow(row);
    if (process.env.BENCH_DETAIL && row.detail) console.log(`    ${JSON.stringify(row.detail)}`);
  });
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}
