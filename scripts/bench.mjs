// npm run bench: speed and memory targets, measured as whole CLI processes (bin/subdomain.js)
// beside floors measured in the same run. Prints one line per measurement; exits 1 when a target
// is missed (or a bench cannot run).
//
// On 10,000 register files + 1,000 pending requests (scripts/bench/data.mjs), floor = one node
// process reading the same files and parsing each with js-yaml, measured beside each of the two
// (their runs alternate):
//   subdomain validate (whole repo)                         ≤ 2 × floor
//   subdomain plan --base main, full (zone id changed)      ≤ 4 × floor
//   subdomain plan --base main, three requests              ≤ 1.5 s
//   subdomain validate --base main, one added request       ≤ 0.4 s (beside node's start-up)
// On a register giving ~20,000 DNS records:
//   subdomain synth                                         ≤ 4 s, ≤ 300 MiB
// Against a local Cloudflare-like page server (scripts/bench/cloudflare.mjs), in a copy of
// test/fixtures/office, floor = one node process fetching the same pages with fetch + JSON.parse:
//   subdomain import --cloudflare --dry-run, 5,000 records  ≤ 5 s
//   subdomain audit, 20,000 records (2,000 names registered) ≤ 3 s, ≤ 300 MiB, ≤ 5 API calls
// Against local DNS, HTTPS and HTTP servers (scripts/bench/watch.mjs), floor = one node process
// resolving and fetching the same names with node:dns, https.get and http.get:
//   subdomain watch, 1,000 names, 10% hanging (--timeout 5)  ≤ 60 s, ≤ 300 MiB
// Fresh checkout → check result of a one-request pull request (scripts/bench/check.mjs), beside
// node's start-up and the clone alone; today's path (npm ci from a warm and from a cold npm
// cache, build, validate) is printed beside it, without a target:
//   clone + node check/subdomain-check.mjs validate --base  ≤ 10 s
// Against the approvals tests' GitHub-like server (scripts/bench/approvals.mjs), a typical
// request pull request (12 reviews, 2 teams), pending and approved, floor = one node process
// sending as many requests with fetch + JSON.parse:
//   subdomain approvals --post --report both --verbose      ≤ 1.5 s, ≤ 8 API calls (worst run of three scenarios)
import { existsSync } from 'node:fs';
import { benchApprovals } from './bench/approvals.mjs';
import { benchCheck } from './bench/check.mjs';
import { benchAudit, benchImport, startCloudflareServer } from './bench/cloudflare.mjs';
import { generateRepo, printRow, RUNS } from './bench/data.mjs';
import { benchFullPlan, benchPlan, benchSynth } from './bench/dns.mjs';
import { benchValidatePullRequest, benchValidateRepo } from './bench/validate.mjs';
import { benchWatch } from './bench/watch.mjs';

if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  console.error('Build first: npm run build');
  process.exit(2);
}

console.log(`(each line: the fastest of ${RUNS} run(s), BENCH_RUNS=n to change; MiB: the highest peak RSS of those runs; a floor's runs alternate with those of the line below it)`);
const rows = [];
const report = (row) => {
  rows.push(row);
  printRow(row);
};
let failed = false;
const step = (name, fn) => {
  try {
    fn();
  } catch (error) {
    console.error(`✖ ${name} bench failed: ${error.message}`);
    failed = true;
  }
};

const data = generateRepo();
try {
  step('validate', () => benchValidateRepo(report, data));
  step('full plan', () => benchFullPlan(report, data));
  step('plan', () => benchPlan(report, data));
  step('pull request validate', () => benchValidatePullRequest(report, data));
} finally {
  data.remove();
}
step('synth', () => benchSynth(report));
step('Cloudflare server', () => {
  const cloudflare = startCloudflareServer();
  try {
    step('import', () => benchImport(report, cloudflare));
    step('audit', () => benchAudit(report, cloudflare));
  } finally {
    cloudflare.close();
  }
});
step('watch', () => benchWatch(report));
step('pull-request check from a fresh checkout', () => benchCheck(report));
try {
  await benchApprovals(report);
} catch (error) {
  console.error(`✖ approvals bench failed: ${error.message}`);
  failed = true;
}

if (failed || rows.some((r) => r.ok === false)) process.exitCode = 1;
