// Speed of `subdomain validate`, called by `npm run bench` (scripts/bench.mjs). Generates a register
// of 10,000 subdomains and 1,000 pending requests, then measures whole CLI processes beside their
// floor in the same run:
// - full validate ≤ 1.5 × the time the yaml library alone takes to parse the same files, ≤ 300 MiB;
// - a pull request adding one request (`--base`) ≤ 0.5 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repo, 'bin', 'subdomain.js');
const ZONE = 'bekasikota.go.id';
const OPDS = ['dinkes', 'disdik', 'dpmptsp', 'disdagperin', 'bapenda'];
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

function records(i) {
  return `records:
  - type: A
    value: 103.147.${(i >> 8) & 255}.${i & 255}
  - type: TXT
    name: _dmarc
    value: v=DMARC1; p=quarantine; rua=mailto:dmarc@${ZONE}
`;
}

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

export function request(action, i) {
  const body = action === 'delete' ? '' : `${contact}${records(i)}`;
  return `action: ${action}\nopd: ${OPDS[i % OPDS.length]}\n${letter}purpose: Permohonan nomor ${i} untuk layanan warga.\n${body}`;
}

/** A git repository on `main` holding the policy, 10,000 register files and 1,000 pending requests. */
export function generateRepo() {
  const root = mkdtempSync(join(tmpdir(), 'subdomain-bench-'));
  mkdirSync(join(root, '.github'));
  mkdirSync(join(root, 'subdomains'));
  mkdirSync(join(root, 'requests'));
  writeFileSync(join(root, '.github/sop.yaml'), readFileSync(join(repo, '.github/sop.yaml')));
  for (let i = 0; i < 10_000; i++) writeFileSync(join(root, 'subdomains', `layanan${i}.${ZONE}.yaml`), registerEntry(i));
  for (let i = 0; i < 1_000; i++) {
    const action = i % 10 === 0 ? 'delete' : i % 5 === 0 ? 'update' : 'create';
    const name = action === 'create' ? `baru${i}` : `layanan${i + 1}`;
    writeFileSync(join(root, 'requests', `${name}.${ZONE}.yaml`), request(action, i + 1));
  }
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'bench data');
  return { root, git };
}

export function timeProcess(args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', RSS_HOOK, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024;
  return { seconds, rssMiB: rss, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FLOOR = `
import { readdirSync, readFileSync } from 'node:fs';
import { parseDocument, LineCounter } from ${JSON.stringify(join(repo, 'node_modules/yaml/dist/index.js'))};
let n = 0;
for (const dir of ['subdomains', 'requests']) for (const f of readdirSync(dir)) {
  const doc = parseDocument(readFileSync(dir + '/' + f, 'utf8'), { uniqueKeys: true, resolveKnownTags: false, schema: 'core', lineCounter: new LineCounter() });
  doc.toJS(); n++;
}
console.log(n);
`;

export async function benchValidate(report) {
  const { root, git } = generateRepo();
  try {
    const floorFile = join(root, 'floor.mjs');
    writeFileSync(floorFile, FLOOR);
    const floor = timeProcess([floorFile], root);
    rmSync(floorFile);
    const full = timeProcess([cli, 'validate', '--format', 'json'], root);
    const parsed = JSON.parse(full.stdout);
    if (!parsed.valid) throw new Error(`bench data should be valid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
    report({ name: 'yaml parse alone, 11,000 files (floor)', seconds: floor.seconds, rssMiB: floor.rssMiB });
    report({ name: 'subdomain validate, whole repo (11,000 files)', seconds: full.seconds, rssMiB: full.rssMiB,
      target: `≤ 1.5 × floor = ${(1.5 * floor.seconds).toFixed(2)} s, ≤ 300 MiB`, ok: full.seconds <= 1.5 * floor.seconds && full.rssMiB <= 300 });

    git('checkout', '-q', '-b', 'pr');
    writeFileSync(join(root, 'requests', `antrean.layanan1.${ZONE}.yaml`), request('create', 1));
    git('add', '-A');
    git('commit', '-qm', 'one request');
    const pr = timeProcess([cli, 'validate', '--base', 'main', '--format', 'json'], root);
    if (pr.status !== 0) throw new Error(`pull request validate failed: ${pr.stdout}`);
    const hello = timeProcess(['-e', '0'], root);
    report({ name: 'node start-up alone (floor)', seconds: hello.seconds, rssMiB: hello.rssMiB });
    report({ name: 'subdomain validate --base (pull request, 1 request)', seconds: pr.seconds, rssMiB: pr.rssMiB, target: '≤ 0.5 s', ok: pr.seconds <= 0.5 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
