// Speed of the approvals check, called by `npm run bench` (scripts/bench.mjs); `node
// scripts/bench/approvals.mjs` runs it alone. `subdomain approvals --post --report both --verbose`
// (as the shipped workflow runs it) as a whole CLI process (bin/subdomain.js, the built dist/)
// against the approvals tests' GitHub-like server (test/github/support/fake-github.ts, every
// answer checked against @octokit/openapi), bundled with esbuild into a temporary module and run
// in a child process on 127.0.0.1. A typical request pull request of Kota Bekasi
// (test/github/fixtures/bases/bekasi): a dozen reviews, two teams,
// - still pending (the Kabid is asked for a review next), with an approval on an older commit
//   (the Kabid's, before the Kadis disposed), and
// - the same with that approval given after the disposition (it could count: the request file at
//   that commit is read), and
// - approved (every step done),
// each ≤ 8 GitHub API calls in the worst of its runs (the count `--verbose` prints, checked
// against the server's log) and ≤ 1.5 s in its best run (the worst is printed beside it). Floor,
// measured in the same run, its runs alternating with the CLI's: one node process sending as many
// requests to the same server with fetch + JSON.parse (the CLI's GETs as they were, its writes as
// GETs of the pull request). Each run starts from the scenario as loaded: no comment, status or
// check run yet, so every write is made (the most calls; a later run lists and may write less).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cli, printRow, repo, RUNS, timeProcess } from './data.mjs';

export const TARGETS = { calls: 8, seconds: 1.5 };
const OFFICE = join(repo, 'test', 'github', 'fixtures', 'bases', 'bekasi');
const SUPPORT = join(repo, 'test', 'github', 'support');
const TOKEN = 'test-token';

/** Twelve reviews: the scenario's own, then comments of role holders and colleagues on the head commit. */
const EXTRA_REVIEWS = ['kasi-egov', 'staf-dinkes-2', 'admin-server', 'kabid-egov', 'kasi-egov', 'pengelola-bekasi', 'staf-dinkes-2', 'admin-server', 'kasi-egov', 'pengelola-bekasi'];

const SERVER = (bundle) => `
import { FakeGitHub, loadScenario } from ${JSON.stringify(bundle)};
import { loadResponseValidator } from ${JSON.stringify(bundle)};
import { createInterface } from 'node:readline';
const validator = loadResponseValidator();
// older: 'kept' (as the scenario has it), 'after' (given after the disposition), 'dropped'.
const [name, older] = process.argv.slice(2);
const scenario = () => {
  const s = loadScenario(name);
  const own = (s.pull.reviews ?? []).filter((r) => older !== 'dropped' || r.commit === undefined)
    .map((r) => (older === 'after' && r.commit ? { ...r, at: '2026-11-18T02:11:00Z' } : r));
  const extra = ${JSON.stringify(EXTRA_REVIEWS)}.slice(0, Math.max(0, 12 - own.length))
    .map((user, i) => ({ user, state: 'COMMENTED', at: '2026-11-18T02:0' + (i % 10) + ':30Z' }));
  s.pull.reviews = [...own, ...extra].sort((a, b) => a.at.localeCompare(b.at));
  return s;
};
const fake = await new FakeGitHub(validator).load(scenario()).start();
console.log('url ' + fake.url);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'log') console.log('log ' + JSON.stringify({ log: fake.log, invalid: fake.invalid }));
  if (line === 'reset') { fake.load(scenario()); fake.log.length = 0; fake.statuses.length = 0; fake.checkRuns.length = 0; console.log('ok'); }
}
`;

const FLOOR = `
const [url, token, ...paths] = process.argv.slice(1);
for (const path of paths) {
  const res = await fetch(url + path, { headers: { authorization: 'token ' + token, accept: 'application/vnd.github+json' } });
  JSON.parse(await res.text());
}
`;

/** The fake GitHub in a child process: `ask('log')` and `ask('reset')` answer one line each. */
async function startServer(dir, scenario, older) {
  const { build } = await import('esbuild');
  const bundle = join(dir, 'fake-github.mjs');
  await build({
    stdin: { contents: `export * from ${JSON.stringify(join(SUPPORT, 'fake-github.ts'))};\nexport * from ${JSON.stringify(join(SUPPORT, 'openapi.ts'))};\n`, resolveDir: SUPPORT, loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, packages: 'external', logLevel: 'silent',
    define: { 'import.meta.dirname': JSON.stringify(SUPPORT) },
  });
  const script = join(dir, `server-${scenario}.mjs`);
  writeFileSync(script, SERVER(bundle));
  const child = spawn(process.execPath, [script, scenario, older], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the GitHub-like server stopped');
    return value;
  };
  const first = await next();
  if (!first.startsWith('url ')) throw new Error(`the GitHub-like server said: ${first}`);
  return {
    url: first.slice(4),
    async ask(command) {
      child.stdin.write(`${command}\n`);
      return next();
    },
    close: () => child.kill(),
  };
}

/** One CLI run from the scenario as loaded: its time, the calls it counted, the server's log. */
async function runOnce(server, pr, expect) {
  await server.ask('reset');
  // The CLI inherits this process's environment (timeProcess), set for the run only.
  const saved = { ...process.env };
  Object.assign(process.env, { GITHUB_API_URL: server.url, GITHUB_TOKEN: TOKEN });
  for (const name of ['SUBDOMAIN_CHECK_APP', 'SUBDOMAIN_INTAKE_BOTS', 'GITHUB_SERVER_URL', 'GITHUB_RUN_ID']) delete process.env[name];
  let run;
  try {
    run = timeProcess([cli, 'approvals', '--repo', 'pemkot-bekasi/subdomain', '--pr', String(pr), '--post', '--report', 'both', '--verbose'], OFFICE);
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  const seconds = run.seconds;
  if (run.status !== expect) throw new Error(`subdomain approvals exited ${run.status} (expected ${expect}):\n${(run.stderr ?? '').slice(0, 2000)}`);
  const counted = Number(/GitHub API calls: (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  const { log, invalid } = JSON.parse((await server.ask('log')).slice(4));
  if (invalid.length > 0) throw new Error(`the server served bodies GitHub's description refuses: ${invalid[0]}`);
  return { ...run, seconds, counted, log };
}

function floorOnce(server, log, pr) {
  const paths = log.map((l) => (l.method === 'GET' ? l.path : `/repos/pemkot-bekasi/subdomain/pulls/${pr}`));
  return timeProcess(['--input-type=module', '-e', FLOOR, server.url, TOKEN, ...paths], repo);
}

export async function benchApprovals(report) {
  const dir = join(repo, 'node_modules', '.cache', 'subdomain-bench-approvals');
  mkdirSync(dir, { recursive: true });
  try {
    for (const c of [
      { label: 'pending, asks the next reviewer, an approval on an older commit', scenario: 'bekasi-pending', older: 'kept', pr: 8, expect: 1 },
      { label: 'pending, an approval on an older commit that could count', scenario: 'bekasi-pending', older: 'after', pr: 8, expect: 1 },
      { label: 'approved', scenario: 'bekasi-approved', older: 'kept', pr: 7, expect: 0 },
    ]) {
      const server = await startServer(dir, c.scenario, c.older);
      try {
        await runOnce(server, c.pr, c.expect); // warm-up: the server compiles its response schemas
        const runs = [];
        const floors = [];
        for (let i = 0; i < RUNS; i++) {
          const run = await runOnce(server, c.pr, c.expect);
          runs.push(run);
          floors.push(floorOnce(server, run.log, c.pr));
        }
        const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
        const worst = runs.reduce((a, b) => (b.seconds > a.seconds ? b : a));
        const floor = floors.reduce((a, b) => (b.seconds < a.seconds ? b : a));
        // Calls: the worst of the runs (they should all agree), both as counted and as the server saw them.
        const counted = runs.map((r) => r.counted);
        const calls = Math.max(...counted);
        const seen = Math.max(...runs.map((r) => r.log.length));
        if (calls !== seen || Number.isNaN(calls)) console.error(`note: approvals counted ${calls} API calls, the server saw ${seen}`);
        const fewest = Math.min(...counted);
        const callText = fewest === calls ? `${calls} API calls` : `${fewest}–${calls} API calls`;
        report({ name: `floor: node + fetch of the same ${seen} requests`, seconds: floor.seconds, rssMiB: floor.rssMiB });
        report({
          name: `subdomain approvals --post --report both, ${c.label} (12 reviews, 2 teams; ${callText}; worst run ${worst.seconds.toFixed(2)} s)`,
          seconds: best.seconds,
          rssMiB: Math.max(...runs.map((r) => r.rssMiB)),
          target: `≤ ${TARGETS.seconds} s, ≤ ${TARGETS.calls} API calls (floor ${floor.seconds.toFixed(2)} s)`,
          ok: best.seconds <= TARGETS.seconds && Math.max(calls, seen) <= TARGETS.calls,
        });
      } finally {
        server.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  await benchApprovals((row) => {
    rows.push(row);
    printRow(row);
  });
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}
