// "Fresh checkout → check result" of the pull-request check, called by `npm run bench`
// (scripts/bench.mjs); `node scripts/bench/check.mjs` runs it alone. The pull request adds one
// request to a copy of this working tree (tracked and untracked files, not node_modules or
// dist/) committed as `main` in a temporary git repository; each run starts from a fresh local
// `git clone` of the pull request's branch, the workflow's checkout, and ends when
// `validate --base <base commit> --format github` (the validate workflow's command) has exited 0:
// - today's path: clone, `npm ci --ignore-scripts` from the warm npm cache (this machine's),
//   `npm run build`, `node bin/subdomain.js validate …`;
// - the same from a cold cache (`npm ci --cache <empty folder>`): everything is downloaded from
//   the npm registry; when the registry cannot be reached the line says "skipped" and why;
// - the bundled path: clone, `node check/subdomain-check.mjs validate …`, nothing installed:
//   ≤ 10 s.
// Floors measured in the same run: node's start-up and the clone alone. The install paths take
// a minute or more each, so they run once (BENCH_INSTALL_RUNS=n for more); the bundled path and
// the floors take the fastest of BENCH_RUNS. MiB: the highest peak RSS of the node processes a
// line runs (npm, the build script, the CLI; not the compiler npm's build starts).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestOf, fastest, measureStartup, printRow, repo, request, RUNS, timeProcess, ZONE } from './data.mjs';

export const TARGETS = { bundledSeconds: 10 };
const INSTALL_RUNS = Math.max(1, Number(process.env.BENCH_INSTALL_RUNS ?? 1) || 1);
const BUNDLE = 'check/subdomain-check.mjs';
/** The pull request's one file: a new name, valid against the repository's example policy. */
const REQUEST_FILE = `requests/antrean-bench.${ZONE}.yaml`;
const GIT_ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };
/** npm errors that mean the registry could not be reached (then the cold line is skipped). */
const UNREACHABLE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)\b|network request .* failed|request to \S+ failed/i;

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...GIT_ENV } }).trim();
const stripRss = (text) => (text ?? '').replace(/\nBENCH_MAXRSS_KB=\d+\n?/, '');

/** npm's own script, run by this node (so its time and peak RSS are measured like the CLI's). */
function npmCli() {
  const candidates = [process.env.npm_execpath, join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')];
  const found = candidates.find((c) => c && /npm-cli\.js$/.test(c) && existsSync(c));
  if (!found) throw new Error(`npm-cli.js not found (tried ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

/**
 * A git repository holding a copy of this working tree on `main` and, on `pr`, one added
 * request. Returns its path, the base commit and a remover.
 */
export function pullRequestRepo() {
  const root = mkdtempSync(join(tmpdir(), 'subdomain-bench-check-'));
  const origin = join(root, 'origin');
  mkdirSync(origin);
  // Read-only: which files the working tree holds (tracked, and untracked but not ignored).
  const files = git(repo, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter((f) => f && existsSync(join(repo, f)));
  for (const file of files) cpSync(join(repo, file), join(origin, file), { recursive: false });
  if (!existsSync(join(origin, BUNDLE))) throw new Error(`${BUNDLE} is missing: run npm run bundle`);
  git(origin, 'init', '-q', '-b', 'main');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-qm', 'base');
  const base = git(origin, 'rev-parse', 'HEAD');
  git(origin, 'checkout', '-q', '-b', 'pr');
  writeFileSync(join(origin, REQUEST_FILE), request('create', 1));
  git(origin, 'add', '-A');
  git(origin, 'commit', '-qm', 'one request');
  let n = 0;
  return {
    origin,
    base,
    files: files.length,
    /** A fresh clone of the pull request's branch: its path and the clone's time. */
    checkout() {
      const dir = join(root, `checkout-${n++}`);
      const start = process.hrtime.bigint();
      git(root, 'clone', '-q', '--branch', 'pr', origin, dir);
      return { dir, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs node with `args` in `cwd`; it must exit 0. */
function must(label, args, cwd) {
  const run = timeProcess(args, cwd);
  if (run.status !== 0) {
    const error = new Error(`${label} exited ${run.status}:\n${stripRss(run.stderr || run.stdout).slice(-4000)}`);
    error.output = stripRss(`${run.stdout}\n${run.stderr}`);
    throw error;
  }
  return run;
}

const validateArgs = (base) => ['validate', '--base', base, '--format', 'github'];

/** The bundled path: checkout, then the committed single file. */
function bundledRun(pr) {
  const { dir, seconds: clone } = pr.checkout();
  try {
    const check = must(`node ${BUNDLE} validate`, [BUNDLE, ...validateArgs(pr.base)], dir);
    return { seconds: clone + check.seconds, rssMiB: check.rssMiB, clone, check: check.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Today's path: checkout, npm ci --ignore-scripts (with `cache`, or npm's own), build, validate. */
function installedRun(pr, { cache } = {}) {
  const { dir, seconds: clone } = pr.checkout();
  try {
    const npm = npmCli();
    const install = must('npm ci', [npm, 'ci', '--ignore-scripts', '--no-audit', '--no-fund', '--fetch-retries', '1', ...(cache ? ['--cache', cache] : [])], dir);
    const build = must('npm run build', [npm, 'run', 'build'], dir);
    const check = must('subdomain validate', ['bin/subdomain.js', ...validateArgs(pr.base)], dir);
    return {
      seconds: clone + install.seconds + build.seconds + check.seconds,
      rssMiB: Math.max(install.rssMiB, build.rssMiB, check.rssMiB),
      clone, install: install.seconds, build: build.seconds, check: check.seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const s = (n) => `${n.toFixed(n < 10 ? 2 : 1)} s`;
const installName = (label, r) => `today, ${label}: npm ci ${s(r.install)} + build ${s(r.build)} + validate ${s(r.check)}`;

/** Every line of the check bench, through `report` (rows as in scripts/bench/data.mjs). */
export function benchCheck(report, { runs = RUNS, installRuns = INSTALL_RUNS } = {}) {
  const pr = pullRequestRepo();
  try {
    const hello = measureStartup(pr.origin);
    report({ name: 'node start-up alone (floor)', seconds: hello.seconds, rssMiB: hello.rssMiB });
    const clone = bestOf(() => {
      const { dir, seconds } = pr.checkout();
      rmSync(dir, { recursive: true, force: true });
      return { seconds, rssMiB: 0 };
    }, runs);
    report({ name: `git clone of the pull request alone (${pr.files} files; checkout floor)`, seconds: clone.seconds, rssMiB: 0 });

    const bundled = bestOf(() => bundledRun(pr), runs);
    report({ name: `bundled check: clone + ${BUNDLE} validate ${s(bundled.check)}`, seconds: bundled.seconds, rssMiB: bundled.rssMiB,
      target: `≤ ${TARGETS.bundledSeconds} s (start-up ${hello.seconds.toFixed(2)} s, clone ${clone.seconds.toFixed(2)} s)`,
      ok: bundled.seconds <= TARGETS.bundledSeconds });

    const warm = fastest(Array.from({ length: installRuns }, () => installedRun(pr)));
    report({ name: installName('warm cache', warm), seconds: warm.seconds, rssMiB: warm.rssMiB });

    const coldRuns = [];
    let skipped;
    for (let i = 0; i < installRuns && !skipped; i++) {
      const cache = mkdtempSync(join(tmpdir(), 'subdomain-bench-npm-cache-'));
      try {
        coldRuns.push(installedRun(pr, { cache }));
      } catch (error) {
        const reason = UNREACHABLE.exec(error.output ?? error.message);
        if (!reason) throw error;
        const line = (error.output ?? '').split('\n').find((l) => UNREACHABLE.test(l)) ?? reason[0];
        skipped = `the npm registry cannot be reached (${line.replace(/^npm (error|ERR!)\s*/, '').trim().slice(0, 160)})`;
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    }
    if (skipped) {
      console.log(`- ${'today, cold cache: npm ci + build + validate'.padEnd(66)} skipped: ${skipped}`);
    } else {
      const cold = fastest(coldRuns);
      report({ name: installName('cold cache', cold), seconds: cold.seconds, rssMiB: cold.rssMiB });
    }
    const times = (r) => `${(r.seconds / bundled.seconds).toFixed(0)} ×`;
    console.log(`  → today's path takes ${times(warm)} the bundled check's time from a warm npm cache${skipped ? '' : `, ${times(fastest(coldRuns))} from a cold one`}`);
  } finally {
    pr.remove();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  console.log(`(check bench: the bundled path and the floors are the fastest of ${RUNS} run(s), BENCH_RUNS=n; each install path ${INSTALL_RUNS} run(s), BENCH_INSTALL_RUNS=n)`);
  benchCheck((row) => {
    rows.push(row);
    printRow(row);
  });
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}
