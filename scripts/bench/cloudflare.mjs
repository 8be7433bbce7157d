// Speed of the Cloudflare part, called by `npm run bench` (scripts/bench.mjs), as whole CLI
// processes against a local Cloudflare-like page server (below), beside a floor measured in the
// same run: one node process fetching the same pages with `fetch` and `JSON.parse` alone (the
// zone check and every page of records, as the product asks for them). Their runs alternate.
// - `subdomain import --zone Z --cloudflare --dry-run` of a 5,000-record zone ≤ 5 s;
// - `subdomain audit` of a 20,000-record zone (2,000 registered names, the rest unmanaged)
//   ≤ 3 s, ≤ 300 MiB, ≤ 5 API calls (the calls the server saw are printed).
// Both run in a temporary copy of test/fixtures/office (zone bekasikota.go.id, zone id
// 0123456789abcdef0123456789abcdef). `node scripts/bench/cloudflare.mjs` runs these alone.
//
// The server answers only what the product reads: GET /client/v4/zones/{id} and
// GET /client/v4/zones/{id}/dns_records?page=N&per_page=M (per_page as asked), with the bearer
// token required. It runs in a worker thread, since the CLI runs under spawnSync, which blocks
// this thread's event loop; the zone is handed over and the calls counted through shared memory.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fastest, fmt, OPDS, printRow, repo, RUNS, runCli, timeProcess, ZONE } from './data.mjs';

export const TARGETS = { importRecords: 5_000, importSeconds: 5, auditRecords: 20_000, auditRegistered: 2_000, auditSeconds: 3, auditRssMiB: 300, auditCalls: 5 };

/** The zone id of test/fixtures/office/.github/sop.yaml. */
export const ZONE_ID = '0123456789abcdef0123456789abcdef';
const OFFICE = join(repo, 'test', 'fixtures', 'office');
const TOKEN = 'bench-cloudflare-token';
const CREATED = '2024-01-15T03:00:00.000000Z';
const DMARC = `v=DMARC1; p=quarantine; rua=mailto:dmarc@${ZONE}`;

// ---------------------------------------------------------------------------------------
// The zone.

/** 32 lower-case hex characters from a text: ids are the same from run to run. */
const recordId = (text) => createHash('md5').update(text).digest('hex');
const PROXIABLE = new Set(['A', 'AAAA', 'CNAME']);

/** A record as the API serialises it (the key order is the API's). */
function apiRecord({ type, name, content, priority, proxied = false, ttl = 1 }, n) {
  const fqdn = name === '@' ? ZONE : `${name}.${ZONE}`;
  return {
    id: recordId(`${n} ${type} ${fqdn} ${content}`),
    name: fqdn,
    type,
    content,
    ...(priority !== undefined ? { priority } : {}),
    proxiable: PROXIABLE.has(type),
    proxied,
    ttl,
    settings: {},
    meta: {},
    comment: null,
    tags: [],
    created_on: CREATED,
    modified_on: CREATED,
  };
}

/** The apex and the office's own names: infrastructure (the apex, and `mail`, `www` are reserved). */
const HEADER = [
  { type: 'NS', name: '@', content: 'ns1.cloudflare.com', ttl: 86400 },
  { type: 'NS', name: '@', content: 'ns2.cloudflare.com', ttl: 86400 },
  { type: 'MX', name: '@', content: `mail.${ZONE}`, priority: 10 },
  { type: 'TXT', name: '@', content: '"v=spf1 mx -all"' },
  { type: 'A', name: 'mail', content: '103.147.200.25' },
  { type: 'CNAME', name: 'www', content: ZONE, proxied: true },
];

const address = (i) => `103.147.${((i + 1) >> 8) & 255}.${(i + 1) & 255}`;

/**
 * The records of `layanan<i>` as the register writes them (relative names, register values):
 * mostly A (every other one proxied) + TXT at `_dmarc`, every tenth a proxied CNAME instead of
 * the A, every tenth an MX instead of the TXT.
 */
export function nameRecords(i) {
  const name = `layanan${i}`;
  const first = i % 10 === 3
    ? { type: 'CNAME', name, value: `${name}-bekasi.pages.dev`, proxied: true }
    : { type: 'A', name, value: address(i), ...(i % 2 === 0 ? { proxied: true } : {}) };
  const second = i % 10 === 5
    ? { type: 'MX', name, value: `mail.${ZONE}`, priority: 10 }
    : { type: 'TXT', name: `_dmarc.${name}`, value: DMARC };
  return [first, second];
}

/**
 * `count` live records: the apex and infrastructure, then `layanan0`, `layanan1` … (nameRecords)
 * until there are `count`. Names below `registered` are in the register; of those, every
 * hundredth (i % 100 = 50) has its A changed in the dashboard (not proxied, TTL 300: drifted) and
 * every two hundredth (i % 200 = 99) an extra TXT added by hand.
 */
export function zoneRecords(count, { registered = 0 } = {}) {
  const out = HEADER.map((r) => ({ ...r }));
  for (let i = 0; out.length < count; i++) {
    for (const r of nameRecords(i)) {
      const live = { type: r.type, name: r.name, content: r.type === 'TXT' ? `"${r.value}"` : r.value, ...(r.priority !== undefined ? { priority: r.priority } : {}), ...(r.proxied ? { proxied: true } : {}) };
      if (i < registered && i % 100 === 50 && r.type === 'A') Object.assign(live, { proxied: false, ttl: 300 });
      out.push(live);
    }
    if (i < registered && i % 200 === 99) out.push({ type: 'TXT', name: `layanan${i}`, content: `"google-site-verification=bench${i}"` });
  }
  return out.slice(0, count).map(apiRecord);
}

// ---------------------------------------------------------------------------------------
// The register (the audit's office).

const registerRecord = (r) => {
  const own = r.name.replace(/^(?:_dmarc\.)?layanan\d+$/, (m) => (m.startsWith('_dmarc.') ? '_dmarc' : ''));
  return `  - type: ${r.type}\n${own ? `    name: ${own}\n` : ''}    value: ${r.value}\n${r.priority !== undefined ? `    priority: ${r.priority}\n` : ''}${r.proxied ? '    proxied: true\n' : ''}`;
};

/** The register entry of `layanan<i>`, holding nameRecords(i). */
export function registerEntry(i) {
  return `opd: ${OPDS[i % OPDS.length]}
purpose: Layanan daring nomor ${i} untuk warga Kota Bekasi.
contact:
  name: Andi Prasetyo
  nip: "199001152015031002"
  email: andi.prasetyo@bekasikota.go.id
  phone: "081234567890"
records:
${nameRecords(i).map(registerRecord).join('')}history:
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

/** A temporary copy of test/fixtures/office, with `registered` generated register entries. */
export function officeCopy({ registered = 0 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'subdomain-bench-office-'));
  cpSync(OFFICE, root, { recursive: true });
  for (let i = 0; i < registered; i++) writeFileSync(join(root, 'subdomains', `layanan${i}.${ZONE}.yaml`), registerEntry(i));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------
// The server.

// Shared Int32Array slots.
const GENERATION = 0; // 1 when listening, then the generation of the zone being served
const PORT = 1;
const CALLS = 2; // every request
const REFUSED = 3; // requests answered with an error

const envelope = (result, extra = {}) => ({ success: true, errors: [], messages: [], result, ...extra });
const failure = (code, message) => ({ success: false, errors: [{ code, message }], messages: [], result: null });

function serve({ shared, token }) {
  const state = new Int32Array(shared);
  let zone; // { id, name, records }
  let pages = new Map(); // "page/per_page" → body: the same bytes for every run
  parentPort.on('message', (message) => {
    zone = message.zone;
    pages = new Map();
    Atomics.store(state, GENERATION, message.generation);
    Atomics.notify(state, GENERATION);
  });
  const server = createServer((req, res) => {
    Atomics.add(state, CALLS, 1);
    const send = (status, body) => {
      if (status !== 200) Atomics.add(state, REFUSED, 1);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    req.resume();
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, failure(10000, 'Authentication error'));
    const url = new URL(req.url, 'http://127.0.0.1');
    const match = /^\/client\/v4\/zones\/([^/]+)(\/dns_records)?\/?$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return send(404, failure(7000, 'No route for that URI'));
    if (!zone || match[1] !== zone.id) return send(404, failure(7003, 'Could not route to /zones, perhaps your object identifier is invalid?'));
    if (!match[2]) {
      return send(200, envelope({ id: zone.id, name: zone.name, status: 'active', paused: false, type: 'full', development_mode: 0,
        name_servers: ['ns1.cloudflare.com', 'ns2.cloudflare.com'], original_name_servers: null, original_registrar: null, original_dnshost: null,
        modified_on: CREATED, created_on: CREATED, activated_on: CREATED, vanity_name_servers: [], meta: {},
        owner: { id: null, type: 'user', email: null }, account: { id: '1'.repeat(32), name: 'Pemerintah Kota Bekasi' }, permissions: ['#dns_records:read', '#zone:read'], plan: {} }));
    }
    const page = Number(url.searchParams.get('page') ?? 1);
    const perPage = Number(url.searchParams.get('per_page') ?? 100);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1) return send(400, failure(1004, 'DNS Validation Error'));
    const key = `${page}/${perPage}`;
    let body = pages.get(key);
    if (body === undefined) {
      const result = zone.records.slice((page - 1) * perPage, page * perPage);
      body = JSON.stringify(envelope(result, { result_info: { page, per_page: perPage, count: result.length, total_count: zone.records.length, total_pages: Math.ceil(zone.records.length / perPage) } }));
      pages.set(key, body);
    }
    return send(200, body);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(0, '127.0.0.1', () => {
    Atomics.store(state, PORT, server.address().port);
    Atomics.store(state, GENERATION, 1);
    Atomics.notify(state, GENERATION);
  });
}

if (!isMainThread && workerData?.benchCloudflare) serve(workerData);

/** Waits (blocking this thread) until the worker has reached `generation`. */
function waitFor(state, generation, what) {
  const deadline = Date.now() + 30_000;
  for (let now = Atomics.load(state, GENERATION); now < generation; now = Atomics.load(state, GENERATION)) {
    if (Date.now() > deadline) throw new Error(`bench Cloudflare server: ${what} timed out`);
    Atomics.wait(state, GENERATION, now, 1_000);
  }
}

/**
 * The page server, ready, in a worker thread. Synchronous: `serveZone` returns once the worker
 * serves the new zone; `calls()` is what it has answered since the last `resetCalls()`.
 */
export function startCloudflareServer({ token = TOKEN } = {}) {
  const shared = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
  const state = new Int32Array(shared);
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { benchCloudflare: true, shared, token } });
  let failed;
  worker.on('error', (error) => { failed = error; });
  worker.unref();
  waitFor(state, 1, 'start');
  if (failed) throw failed;
  let generation = 1;
  return {
    baseURL: `http://127.0.0.1:${Atomics.load(state, PORT)}/client/v4`,
    token,
    serveZone(zone) {
      generation++;
      worker.postMessage({ generation, zone });
      waitFor(state, generation, 'zone hand-over');
    },
    calls: () => ({ calls: Atomics.load(state, CALLS), refused: Atomics.load(state, REFUSED) }),
    resetCalls() {
      Atomics.store(state, CALLS, 0);
      Atomics.store(state, REFUSED, 0);
    },
    close: () => worker.terminate(),
  };
}

// ---------------------------------------------------------------------------------------
// The measurements.

// One process fetching the zone and every page of its records, parsing each with JSON.parse.
const FLOOR = `
const [base, token, zoneId, perPage] = process.argv.slice(2);
const get = async (path) => {
  const res = await fetch(base + path, { headers: { authorization: 'Bearer ' + token } });
  const body = JSON.parse(await res.text());
  if (!res.ok || !body.success) throw new Error(path + ': ' + res.status);
  return body;
};
const zone = await get('/zones/' + zoneId);
let records = 0;
for (let page = 1; ; page++) {
  const body = await get('/zones/' + zoneId + '/dns_records?page=' + page + '&per_page=' + perPage);
  records += body.result.length;
  if (body.result.length === 0 || page >= body.result_info.total_pages) break;
}
console.log(zone.result.name, records);
`;

/** The Cloudflare environment of the CLI (spawnSync inherits this process's), for one call. */
function withCloudflareEnv(server, fn) {
  const saved = { CLOUDFLARE_API_TOKEN: process.env.CLOUDFLARE_API_TOKEN, CLOUDFLARE_API_BASE_URL: process.env.CLOUDFLARE_API_BASE_URL };
  process.env.CLOUDFLARE_API_TOKEN = server.token;
  process.env.CLOUDFLARE_API_BASE_URL = server.baseURL;
  try {
    return fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/**
 * `measure` (a CLI run) beside the fetch floor of the zone the server holds, their runs
 * alternating; each CLI run gets the calls the server saw during it (`serverCalls`).
 */
function besideFetchFloor(server, cwd, records, measure, runs = RUNS) {
  const floorFile = join(tmpdir(), `subdomain-bench-fetch-floor-${process.pid}.mjs`);
  writeFileSync(floorFile, FLOOR);
  try {
    const floorRuns = [];
    const runsOf = [];
    for (let i = 0; i < runs; i++) {
      server.resetCalls();
      const floor = timeProcess([floorFile, server.baseURL, server.token, ZONE_ID, '5000'], cwd);
      if (floor.status !== 0) throw new Error(`fetch floor failed: ${floor.stderr}`);
      if (floor.stdout.trim() !== `${ZONE} ${records}`) throw new Error(`fetch floor read ${floor.stdout.trim()}, expected ${ZONE} ${records}`);
      floorRuns.push({ ...floor, serverCalls: server.calls() });
      server.resetCalls();
      const run = withCloudflareEnv(server, measure);
      runsOf.push({ ...run, serverCalls: server.calls() });
    }
    return { floor: fastest(floorRuns), run: fastest(runsOf) };
  } finally {
    rmSync(floorFile, { force: true });
  }
}

const callsText = ({ calls, refused }) => `${calls} call${calls === 1 ? '' : 's'}${refused ? `, ${refused} refused` : ''}`;
const floorName = (records, calls) => `fetch + JSON.parse alone, ${fmt(records)} records, ${callsText(calls)} (floor)`;

/** `import --zone Z --cloudflare --dry-run` of a zone of `records` records into a copy of the office. */
export function benchImport(report, server, { records = TARGETS.importRecords } = {}) {
  const office = officeCopy();
  try {
    server.serveZone({ id: ZONE_ID, name: ZONE, records: zoneRecords(records) });
    const args = ['import', '--zone', ZONE, '--cloudflare', '--dry-run', '--format', 'json'];
    const { floor, run } = besideFetchFloor(server, office.root, records, () => runCli(args, office.root));
    report({ name: floorName(records, floor.serverCalls), seconds: floor.seconds, rssMiB: floor.rssMiB });
    const result = JSON.parse(run.stdout);
    if (result.written.length !== 0) throw new Error(`import --dry-run wrote ${result.written.length} files`);
    const adopted = result.entries.reduce((n, e) => n + e.records, 0);
    if (run.serverCalls.refused > 0 || result.apiCalls !== run.serverCalls.calls) console.error(`note: import counted ${result.apiCalls} API calls, the server saw ${callsText(run.serverCalls)}`);
    report({ name: `subdomain import --cloudflare --dry-run, ${fmt(records)} records (${callsText(run.serverCalls)})`,
      seconds: run.seconds, rssMiB: run.rssMiB,
      target: `≤ ${TARGETS.importSeconds} s (floor ${floor.seconds.toFixed(2)} s)`, ok: run.seconds <= TARGETS.importSeconds,
      detail: { entries: result.entries.length, adopted, infrastructure: result.infrastructure.records, leftOut: result.leftOut.length, warnings: result.warnings.length } });
  } finally {
    office.remove();
  }
}

/** `audit --format json` of a zone of `records` records, `registered` of its names in the office's register. */
export function benchAudit(report, server, { records = TARGETS.auditRecords, registered = TARGETS.auditRegistered } = {}) {
  const office = officeCopy({ registered });
  try {
    server.serveZone({ id: ZONE_ID, name: ZONE, records: zoneRecords(records, { registered }) });
    // Exit 1: the audit has findings (the unmanaged names, the drifted and extra records).
    const { floor, run } = besideFetchFloor(server, office.root, records, () => runCli(['audit', '--format', 'json'], office.root, { expect: 1 }));
    report({ name: floorName(records, floor.serverCalls), seconds: floor.seconds, rssMiB: floor.rssMiB });
    const audit = JSON.parse(run.stdout);
    const zone = audit.zones[0];
    const found = { inSync: zone.inSync, drifted: zone.drifted.length, missing: zone.missing.length, extra: zone.extra.length, unmanaged: zone.unmanaged.length, infrastructure: zone.infrastructure };
    const total = found.inSync + found.drifted + found.extra + found.unmanaged + found.infrastructure;
    if (total !== records) console.error(`note: the audit accounted for ${total} live records, the zone has ${records}: ${JSON.stringify(found)}`);
    if (run.serverCalls.refused > 0 || audit.apiCalls !== run.serverCalls.calls) console.error(`note: audit counted ${audit.apiCalls} API calls, the server saw ${callsText(run.serverCalls)}`);
    const calls = run.serverCalls.calls;
    const ok = run.seconds <= TARGETS.auditSeconds && run.rssMiB <= TARGETS.auditRssMiB && calls <= TARGETS.auditCalls;
    report({ name: `subdomain audit, ${fmt(records)} records, ${fmt(registered)} registered (${callsText(run.serverCalls)})`,
      seconds: run.seconds, rssMiB: run.rssMiB,
      target: `≤ ${TARGETS.auditSeconds} s, ≤ ${TARGETS.auditRssMiB} MiB, ≤ ${TARGETS.auditCalls} calls (floor ${floor.seconds.toFixed(2)} s)`, ok, detail: found });
  } finally {
    office.remove();
  }
}

/** Both benches on one server. */
export function benchCloudflare(report) {
  const server = startCloudflareServer();
  try {
    benchImport(report, server);
    benchAudit(report, server);
  } finally {
    server.close();
  }
}

if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  benchCloudflare((row) => {
    rows.push(row);
    printRow(row);
    if (process.env.BENCH_DETAIL && row.detail) console.log(`    ${JSON.stringify(row.detail)}`);
  });
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}
