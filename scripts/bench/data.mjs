// Shared by the benches (scripts/bench/validate.mjs, scripts/bench/dns.mjs): the generated data,
// the bench's own policy, the js-yaml floor and the process timer.
//
// Every generated file passes `subdomain validate` (synth and plan run validate's rules too):
// public addresses only (103.147.x.y, 2400:cb00::/32), MX targets are the infrastructure name
// `mail.<zone>`, every request's owner is the register entry's owner, letters are in the past.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(repo, 'bin', 'subdomain.js');
export const ZONE = 'bekasikota.go.id';
/** The hosting target of the bench's policy (the root policy holds a documentation address). */
export const HOSTING_ADDRESS = '103.147.200.10';
export const OPDS = ['dinkes', 'disdik', 'dpmptsp', 'disdagperin', 'bapenda'];
// Prints the peak resident set size of the process (all its threads) when it exits.
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nBENCH_MAXRSS_KB='+process.resourceUsage().maxRSS+'\\n'))`;

const letter = `letter:
  number: 400.7/1021/Dinkes
  date: "2026-11-18"
  signer:
    name: dr. Tanti Rohilawati, M.Kes
    nip: "197205031999032004"
    position: Kepala Dinas Kesehatan
`;
const contact = `contact:
  name: Andi Prasetyo
  nip: "199001152015031002"
  email: andi.prasetyo@bekasikota.go.id
  phone: "081234567890"
`;

/** Two records per name: mostly A + TXT, some A + MX, some AAAA + TXT. */
export function records(i) {
  const second = i % 10 === 5
    ? `  - type: MX\n    value: mail.${ZONE}\n    priority: 10\n`
    : `  - type: TXT\n    name: _dmarc\n    value: v=DMARC1; p=quarantine; rua=mailto:dmarc@${ZONE}\n`;
  const first = i % 10 === 7
    ? `  - type: AAAA\n    value: 2400:cb00:2049:1::${i.toString(16)}\n`
    : `  - type: A\n    value: 103.147.${(i >> 8) & 255}.${i & 255}\n`;
  return `records:\n${first}${second}`;
}

/** Register entry `layanan<i>`: every tenth asks for hosting (one record, the policy's), the rest two records. */
export function registerEntry(i) {
  return `opd: ${OPDS[i % OPDS.length]}
purpose: Layanan daring nomor ${i} untuk warga Kota Bekasi.
${contact}${i % 10 === 0 ? 'hosting: true\n' : records(i)}history:
  - action: create
    ${letter.replace(/\n(?=.)/g, '\n    ')}    pull_request: ${i + 1}
    applied_at: "2025-03-04T03:25:00Z"
    commit: 4f1c2a9e0b7d3c5a6e8f9a0b1c2d3e4f5a6b7c8d
`;
}

/** DNS records the register entries 0…count-1 give (hosting entries: the policy's one record). */
export function expectedRecords(count) {
  return 2 * count - Math.ceil(count / 10);
}

/** A request; the owner is `layanan<i>`'s, so updates and deletes of `layanan<i>` are the owner's. */
export function request(action, i, recordsText = records(i)) {
  const body = action === 'delete' ? '' : `${contact}${recordsText}`;
  return `action: ${action}\nopd: ${OPDS[i % OPDS.length]}\n${letter}purpose: Permohonan nomor ${i} untuk layanan warga.\n${body}`;
}

/** The root policy with the hosting target replaced by a public address. */
export function policyText() {
  const root = readFileSync(join(repo, '.github', 'sop.yaml'), 'utf8');
  const text = root.replace(/^(hosting:\n(?:[ \t]+.*\n|[ \t]*\n)*?[ \t]+(?:- )?value:[ \t]*)\S+/m, `$1${HOSTING_ADDRESS}`);
  const policy = yaml.load(text);
  const hosting = policy?.hosting?.records ?? [];
  if (hosting.length !== 1 || hosting[0].value !== HOSTING_ADDRESS) {
    throw new Error(`bench policy: could not set hosting.records to ${HOSTING_ADDRESS} in a copy of .github/sop.yaml (hosting is now ${JSON.stringify(policy?.hosting)})`);
  }
  if (!policy.zones?.some((z) => z.name === ZONE && typeof z.cloudflare_zone_id === 'string')) {
    throw new Error(`bench policy: .github/sop.yaml has no zone ${ZONE} with a cloudflare_zone_id`);
  }
  return text;
}

/** The policy with another zone id: every name's records now belong to another zone (a full plan). */
export function policyWithOtherZoneId(text) {
  const changed = text.replace(/(cloudflare_zone_id:[ \t]*)(["']?)([0-9a-f]+)\2/, (_, key, q, id) => `${key}${q}${id.replace(/./g, (c) => (c === 'f' ? '0' : 'f'))}${q}`);
  if (changed === text) throw new Error('bench policy: no cloudflare_zone_id to change');
  return changed;
}

const GIT_ENV = { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };

/**
 * A folder holding the bench policy, `registerCount` register files and `requestCount` pending
 * requests (a tenth delete `layanan<i+1>`, a tenth update it, the rest create `baru<i>`); with
 * `commit`, a git repository whose `main` holds them all.
 */
export function generateRepo({ registerCount = 10_000, requestCount = 1_000, commit = true } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'subdomain-bench-'));
  mkdirSync(join(root, '.github'));
  mkdirSync(join(root, 'subdomains'));
  mkdirSync(join(root, 'requests'));
  const policy = policyText();
  writeFileSync(join(root, '.github/sop.yaml'), policy);
  for (let i = 0; i < registerCount; i++) writeFileSync(join(root, 'subdomains', `layanan${i}.${ZONE}.yaml`), registerEntry(i));
  for (let i = 0; i < requestCount; i++) {
    const action = i % 10 === 0 ? 'delete' : i % 5 === 0 ? 'update' : 'create';
    const name = action === 'create' ? `baru${i}` : `layanan${i + 1}`;
    writeFileSync(join(root, 'requests', `${name}.${ZONE}.yaml`), request(action, i + 1));
  }
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...GIT_ENV } }).toString('utf8');
  if (commit) {
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'bench data');
  }
  return { root, git, policy, files: registerCount + requestCount, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Each measurement is repeated BENCH_RUNS times (default 3) and its fastest run kept, with the
 * highest peak RSS of all runs: other work on the machine only ever slows a run down.
 */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 1);

export function bestOf(measure, runs = RUNS) {
  return fastest(Array.from({ length: runs }, () => measure()));
}

/** The fastest of some runs, with the highest peak RSS of them all. */
export function fastest(runs) {
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, rssMiB: Math.max(...runs.map((r) => r.rssMiB)), runs: runs.length };
}

/** Runs `node [--import hook] ...args` in `cwd`: wall time, peak RSS, exit status, output. */
export function timeProcess(args, cwd, { nodeOptions = [] } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...nodeOptions, '--import', RSS_HOOK, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rssMiB = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(result.stderr ?? '')?.[1] ?? NaN) / 1024;
  if (result.error) throw result.error;
  return { seconds, rssMiB, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI, which must exit 0 (or `expect`). */
export function runCli(args, cwd, { expect = 0, nodeOptions } = {}) {
  const run = timeProcess([cli, ...args], cwd, { nodeOptions });
  if (run.status !== expect) {
    throw new Error(`subdomain ${args.join(' ')} exited ${run.status}:\n${(run.stderr || run.stdout).replace(/\nBENCH_MAXRSS_KB=\d+\n?/, '').slice(0, 4000)}`);
  }
  return run;
}

// One process reading and parsing the same files with js-yaml (`load` of each file's text).
const FLOOR = `
import { readdirSync, readFileSync } from 'node:fs';
import { load } from ${JSON.stringify(join(repo, 'node_modules/js-yaml/dist/js-yaml.mjs'))};
let n = 0;
load(readFileSync('.github/sop.yaml', 'utf8')); n++;
for (const dir of ['subdomains', 'requests']) for (const f of readdirSync(dir)) {
  if (load(readFileSync(dir + '/' + f, 'utf8')) !== null) n++;
}
console.log(n);
`;

/**
 * A measurement beside the floor of its data set (js-yaml alone reading and parsing the same
 * files and the policy, in one process), their runs alternating so that both see the same
 * machine: the fastest of each is kept.
 */
export function besideFloor(root, files, measure, runs = RUNS) {
  const floorFile = join(tmpdir(), `subdomain-bench-floor-${process.pid}.mjs`);
  writeFileSync(floorFile, FLOOR);
  try {
    const floorRuns = [];
    const runsOf = [];
    for (let i = 0; i < runs; i++) {
      const run = timeProcess([floorFile], root);
      if (run.status !== 0) throw new Error(`floor failed: ${run.stderr}`);
      const parsed = Number(run.stdout.trim()) - 1;
      if (files !== undefined && parsed !== files) throw new Error(`floor parsed ${parsed} files, expected ${files}`);
      floorRuns.push(run);
      runsOf.push(measure());
    }
    return { floor: { ...fastest(floorRuns), files }, run: fastest(runsOf) };
  } finally {
    rmSync(floorFile, { force: true });
  }
}

/** Node starting and exiting (the start-up floor). */
export function measureStartup(cwd) {
  return bestOf(() => timeProcess(['-e', '0'], cwd));
}

/** `subdomain validate --format json` of the whole tree: it must be valid; warnings are returned. */
export function assertValid(root, label) {
  const run = timeProcess([cli, 'validate', '--format', 'json'], root);
  let parsed;
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    throw new Error(`${label}: validate gave no JSON (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  }
  if (!parsed.valid || run.status !== 0) throw new Error(`${label}: bench data should be valid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  return { run, parsed };
}

export const fmt = (n) => n.toLocaleString('en-US');

/** One printed line: mark, name, seconds, MiB, target. */
export function printRow(row) {
  const mark = row.ok === undefined ? ' ' : row.ok ? '✔' : '✖';
  console.log(`${mark} ${row.name.padEnd(66)} ${row.seconds.toFixed(2).padStart(6)} s ${row.rssMiB.toFixed(0).padStart(5)} MiB${row.target ? `   target ${row.target}` : ''}`);
}
