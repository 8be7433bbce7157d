// Speed of the DNS part, called by `npm run bench` (scripts/bench.mjs), as whole CLI processes:
// - `subdomain plan --base main` in full mode (the policy's zone id changed, so every name is
//   compared) on 10,000 register files + 1,000 pending requests ≤ 4 × the js-yaml floor of the
//   same files;
// - `subdomain plan --base main` with a few requests (changed names only) ≤ 1.5 s;
// - `subdomain synth` of a register giving ~20,000 DNS records ≤ 4 s, ≤ 300 MiB.
// `node scripts/bench/dns.mjs` runs these alone.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { besideFloor, bestOf, expectedRecords, fmt, generateRepo, policyWithOtherZoneId, printRow, request, runCli, ZONE } from './data.mjs';

export const TARGETS = { fullPlanFloorFactor: 4, planSeconds: 1.5, synthRecords: 20_000, synthSeconds: 4, synthRssMiB: 300 };

/** Register entries giving the first count ≥ `records` DNS records. */
export function registerSizeFor(records) {
  let n = Math.floor(records / 2);
  while (expectedRecords(n) < records) n++;
  return n;
}

/**
 * `plan --base main --format json` in full mode on `data` (generateRepo, committed on main):
 * the working tree's policy has another zone id. The policy is put back afterwards.
 */
export function benchFullPlan(report, data) {
  const { root, git, policy } = data;
  writeFileSync(join(root, '.github', 'sop.yaml'), policyWithOtherZoneId(policy));
  try {
    const { floor, run } = besideFloor(root, data.files, () => runCli(['plan', '--base', 'main', '--format', 'json'], root));
    report({ name: `js-yaml load alone, ${fmt(floor.files)} files + policy (floor)`, seconds: floor.seconds, rssMiB: floor.rssMiB });
    const plan = JSON.parse(run.stdout);
    if (plan.full !== true) throw new Error(`plan with a changed zone id should be full, got full: ${plan.full}`);
    const limit = TARGETS.fullPlanFloorFactor * floor.seconds;
    report({ name: `subdomain plan --base main, full (zone id changed, ${fmt(data.files)} files)`, seconds: run.seconds, rssMiB: run.rssMiB,
      target: `≤ ${TARGETS.fullPlanFloorFactor} × floor = ${limit.toFixed(2)} s`, ok: run.seconds <= limit, detail: plan.summary });
  } finally {
    git('checkout', '-q', '--', '.github/sop.yaml');
  }
}

/** `plan --base main --format json` with three requests in the working tree (changed names only). Removes them afterwards. */
export function benchPlan(report, data) {
  const { root } = data;
  // layanan3 and layanan4 are registered, not hosting, and have no pending request.
  const files = {
    [`baru.${ZONE}.yaml`]: request('create', 0, 'records:\n  - type: A\n    value: 103.147.9.1\n'),
    [`layanan3.${ZONE}.yaml`]: request('update', 3, 'records:\n  - type: A\n    value: 103.147.9.2\n'),
    [`layanan4.${ZONE}.yaml`]: request('delete', 4),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'requests', name), text);
  try {
    const run = bestOf(() => runCli(['plan', '--base', 'main', '--format', 'json'], root));
    const plan = JSON.parse(run.stdout);
    if (plan.full !== false) throw new Error(`plan with three requests should not be full, got full: ${plan.full}`);
    report({ name: `subdomain plan --base main (${Object.keys(files).length} requests, ${fmt(data.files)}-file base)`, seconds: run.seconds, rssMiB: run.rssMiB,
      target: `≤ ${TARGETS.planSeconds} s`, ok: run.seconds <= TARGETS.planSeconds, detail: plan.summary });
  } finally {
    for (const name of Object.keys(files)) rmSync(join(root, 'requests', name), { force: true });
  }
}

/** `synth` of a register (no pending requests) sized to give ~20,000 records. */
export function benchSynth(report, { records = TARGETS.synthRecords } = {}) {
  const registerCount = registerSizeFor(records);
  const data = generateRepo({ registerCount, requestCount: 0, commit: false });
  try {
    const run = bestOf(() => runCli(['synth', '--out', 'cdktf.out'], data.root));
    const counts = [...run.stdout.matchAll(/(\d+) catatan/g)].map((m) => Number(m[1]));
    const synthesized = counts.reduce((a, b) => a + b, 0);
    if (synthesized !== expectedRecords(registerCount)) console.error(`note: synth printed ${synthesized} records, the generator expected ${expectedRecords(registerCount)}`);
    const ok = run.seconds <= TARGETS.synthSeconds && run.rssMiB <= TARGETS.synthRssMiB;
    report({ name: `subdomain synth (${fmt(registerCount)} subdomains, ${fmt(synthesized)} records)`, seconds: run.seconds, rssMiB: run.rssMiB,
      target: `≤ ${TARGETS.synthSeconds} s, ≤ ${TARGETS.synthRssMiB} MiB`, ok, records: synthesized });
  } finally {
    data.remove();
  }
}

/** The DNS benches on one generated repository (plans) and one register (synth). */
export function benchDns(report) {
  const data = generateRepo();
  try {
    benchFullPlan(report, data);
    benchPlan(report, data);
  } finally {
    data.remove();
  }
  benchSynth(report);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  benchDns((row) => { rows.push(row); printRow(row); });
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}
