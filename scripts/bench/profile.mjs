// Where the time goes: runs one bench command once under `node --cpu-prof` on the bench data and
// prints the top self-time functions of each thread's profile (main thread and workers).
//   node scripts/bench/profile.mjs validate|plan-full|synth [top=25]
// Not part of `npm run bench`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateRepo, policyWithOtherZoneId, repo, runCli } from './data.mjs';
import { registerSizeFor, TARGETS } from './dns.mjs';

const [what = 'validate', topArg = '25'] = process.argv.slice(2);
const top = Number(topArg);
const commands = {
  validate: { data: () => generateRepo(), args: ['validate', '--format', 'json'] },
  'plan-full': {
    data: () => {
      const data = generateRepo();
      writeFileSync(join(data.root, '.github', 'sop.yaml'), policyWithOtherZoneId(data.policy));
      return data;
    },
    args: ['plan', '--base', 'main', '--format', 'json'],
  },
  synth: { data: () => generateRepo({ registerCount: registerSizeFor(TARGETS.synthRecords), requestCount: 0, commit: false }), args: ['synth', '--out', 'cdktf.out'] },
};
const command = commands[what];
if (!command) {
  console.error(`usage: node scripts/bench/profile.mjs ${Object.keys(commands).join('|')} [top]`);
  process.exit(2);
}

const where = (url) => {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith(repo) ? relative(repo, path) : path;
};

/** Self time per function (name + file:line) of one .cpuprofile, in ms, with the total. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ticks = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) ticks.set(profile.samples[i], (ticks.get(profile.samples[i]) ?? 0) + (dt[i + 1] ?? dt[i] ?? 0));
  const totals = new Map();
  let total = 0;
  for (const [id, us] of ticks) {
    const { callFrame: f } = byId.get(id);
    const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    totals.set(key, (totals.get(key) ?? 0) + us / 1000);
    total += us / 1000;
  }
  return { total, rows: [...totals].sort((a, b) => b[1] - a[1]) };
}

/** Self time per file (package or src file), in ms. */
function byFile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame;
    let key = where(f.url) || `(${f.functionName || 'native'})`;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(key);
    if (pkg) key = `node_modules/${pkg[1]}`;
    out.set(key, (out.get(key) ?? 0) + (dt[i + 1] ?? dt[i] ?? 0) / 1000);
  }
  return [...out].sort((a, b) => b[1] - a[1]);
}

/** Inclusive (total) time of the product's own functions (dist/), in ms: which phase costs what. */
function inclusiveOwn(profile) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      const file = where(f.url);
      if (!file.startsWith('dist/')) continue;
      const key = `${f.functionName || '(anonymous)'}  ${file}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.set(key, (out.get(key) ?? 0) + (dt[i + 1] ?? dt[i] ?? 0) / 1000);
    }
  }
  return [...out].sort((a, b) => b[1] - a[1]);
}

const data = command.data();
const dir = mkdtempSync(join(tmpdir(), 'subdomain-bench-prof-'));
try {
  const run = runCli(command.args, data.root, { nodeOptions: ['--cpu-prof', '--cpu-prof-dir', dir] });
  console.log(`subdomain ${command.args.join(' ')}: ${run.seconds.toFixed(2)} s under the profiler, ${run.rssMiB.toFixed(0)} MiB`);
  for (const file of readdirSync(dir).sort()) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const { total, rows } = selfTimes(profile);
    console.log(`\n${file}: ${(total / 1000).toFixed(2)} s sampled`);
    console.log('  by file / package:');
    for (const [key, ms] of byFile(profile).slice(0, 12)) console.log(`  ${ms.toFixed(0).padStart(7)} ms ${(100 * ms / total).toFixed(1).padStart(5)} %  ${key}`);
    console.log('  the product\'s functions by total (inclusive) time:');
    for (const [key, ms] of inclusiveOwn(profile).slice(0, 15)) console.log(`  ${ms.toFixed(0).padStart(7)} ms ${(100 * ms / total).toFixed(1).padStart(5)} %  ${key}`);
    console.log(`  top ${top} functions by self time:`);
    for (const [key, ms] of rows.slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(7)} ms ${(100 * ms / total).toFixed(1).padStart(5)} %  ${key}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  data.remove();
}
