// Speed of the DNS part, called by `npm run bench` (scripts/bench.mjs). Generates a register of
// 10,000 subdomains (about 20,000 records) in a temporary folder and runs the real CLI on it as a
// whole process: `subdomain synth` (target ≤ 6 s, ≤ 400 MiB) and `subdomain plan --base`
// between two such trees in one git repository (target ≤ 1.5 s).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultCli = join(repo, 'bin', 'subdomain.js');
const ZONE = 'bekasikota.go.id';
const OPDS = ['dinkes', 'disdik', 'dpmptsp', 'disdagperin', 'bapenda'];
// Prints the peak resident set size of the CLI process when it exits.
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nBENCH_MAXRSS_KB='+process.resourceUsage().maxRSS+'\\n'))`;

function policyText() {
  return readFileSync(join(repo, '.github', 'sop.yaml'), 'utf8');
}

function registerEntry(i) {
  const opd = OPDS[i % OPDS.length];
  const records = i % 10 === 0
    ? '\nhosting: true\nrecords:\n  - type: TXT\n    name: _dmarc\n    value: v=DMARC1; p=reject\n'
    : `\nrecords:\n  - type: A\n    value: 103.147.${(i >> 8) & 255}.${i & 255}\n  - type: ${i % 2 ? 'AAAA' : 'TXT'}\n    ${i % 2 ? `value: 2400:cb00:2049:1::${i.toString(16)}` : 'name: _dmarc\n    value: v=DMARC1; p=quarantine'}\n`;
  return `opd: ${opd}
purpose: Layanan daring nomor ${i} untuk warga Kota Bekasi.
contact:
  name: Petugas Nomor ${i}
  nip: "198507122010012015"
  email: petugas${i}@bekasikota.go.id
  phone: "+6281210001111"${records}history:
  - action: create
    letter:
      number: 400.3/${i}/Diskominfo
      date: "2025-03-03"
      signer:
        name: Drs. Ahmad Fauzi, M.Pd
        nip: "196805101994031007"
        position: Kepala Dinas
    pull_request: ${i + 1}
    applicant: staf-${opd}
    approvals:
      - { step: disposisi-kadis, role: kepala_dinas, by: kadis-bekasi, at: "2025-03-04T02:10:00Z" }
      - { step: pembuatan, role: pelaksana, by: admin-server, at: "2025-03-04T03:20:00Z" }
    applied_at: "2025-03-04T03:25:00Z"
    commit: 4f1c2a9e0b7d3c5a6e8f9a0b1c2d3e4f5a6b7c8d
`;
}

function requestFile(action, opd, records) {
  return `action: ${action}
opd: ${opd}
letter:
  number: 400.7/9999/Bench
  date: "2026-11-18"
  signer:
    name: dr. Tanti Rohilawati, M.Kes
    nip: "197205031999032004"
    position: Kepala Dinas
purpose: Permohonan untuk pengukuran kecepatan rencana DNS.
${action === 'delete' ? '' : `contact:
  name: Andi Prasetyo
  nip: "199001152015031002"
  email: andi@bekasikota.go.id
  phone: "081234567890"
records:
${records}`}`;
}

/** Writes a repository with a policy and `count` register entries; returns its folder. */
export function generateRegister(count = 10_000, root = mkdtempSync(join(tmpdir(), 'dns-bench-'))) {
  mkdirSync(join(root, '.github'), { recursive: true });
  mkdirSync(join(root, 'subdomains'), { recursive: true });
  mkdirSync(join(root, 'requests'), { recursive: true });
  writeFileSync(join(root, '.github', 'sop.yaml'), policyText());
  for (let i = 0; i < count; i++) writeFileSync(join(root, 'subdomains', `layanan${i}.${ZONE}.yaml`), registerEntry(i));
  return root;
}

function runCli(cli, args, cwd) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', RSS_HOOK, cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr ?? '');
  if (child.status !== 0) throw new Error(`subdomain ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { seconds, maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN, stdout: child.stdout };
}

/** `subdomain synth` of a 10,000-subdomain register, as a whole process. */
export async function benchSynth({ cli = defaultCli, count = 10_000, log = console.log } = {}) {
  const root = generateRegister(count);
  try {
    const run = runCli(cli, ['synth', '--out', 'cdktf.out'], root);
    const records = Number(/(\d+) catatan/.exec(run.stdout)?.[1] ?? NaN);
    const result = { name: 'dns synth', subdomains: count, records, seconds: run.seconds, maxRssMiB: run.maxRssMiB, limits: { seconds: 6, maxRssMiB: 400 } };
    result.ok = result.seconds <= 6 && result.maxRssMiB <= 400;
    log(`dns synth: ${count} subdomains, ${records} records: ${run.seconds.toFixed(2)} s, ${run.maxRssMiB.toFixed(0)} MiB (≤ 6 s, ≤ 400 MiB) ${result.ok ? 'ok' : 'TOO SLOW/BIG'}`);
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** `subdomain plan --base` between a 10,000-subdomain base and a working tree with a few requests. */
export async function benchPlan({ cli = defaultCli, count = 10_000, log = console.log } = {}) {
  const root = generateRegister(count);
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'add', '-A');
    git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'base');
    writeFileSync(join(root, 'requests', `baru.${ZONE}.yaml`), requestFile('create', 'dinkes', '  - type: A\n    value: 103.147.9.1\n'));
    writeFileSync(join(root, 'requests', `layanan1.${ZONE}.yaml`), requestFile('update', OPDS[1], '  - type: A\n    value: 103.147.9.2\n'));
    writeFileSync(join(root, 'requests', `layanan2.${ZONE}.yaml`), requestFile('delete', OPDS[2]));
    const run = runCli(cli, ['plan', '--base', 'main', '--format', 'json'], root);
    const plan = JSON.parse(run.stdout);
    const result = { name: 'dns plan', subdomains: count, changes: plan.summary, seconds: run.seconds, maxRssMiB: run.maxRssMiB, limits: { seconds: 1.5 } };
    result.ok = result.seconds <= 1.5;
    log(`dns plan --base: ${count} subdomains, ${JSON.stringify(plan.summary)}: ${run.seconds.toFixed(2)} s, ${run.maxRssMiB.toFixed(0)} MiB (≤ 1.5 s) ${result.ok ? 'ok' : 'TOO SLOW'}`);
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function bench(options = {}) {
  return [await benchSynth(options), await benchPlan(options)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cli = process.argv[2] ? resolve(process.argv[2]) : defaultCli;
  await bench({ cli });
}
