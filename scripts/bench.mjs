// npm run bench: speed and memory targets, measured as whole CLI processes beside their floors.
// Prints one line per measurement; exits 1 when a target is missed.
import { existsSync } from 'node:fs';
import { benchValidate } from './bench/validate.mjs';

const rows = [];
const report = (row) => {
  rows.push(row);
  const mark = row.ok === undefined ? ' ' : row.ok ? '✔' : '✖';
  console.log(`${mark} ${row.name.padEnd(58)} ${row.seconds.toFixed(2).padStart(6)} s ${row.rssMiB.toFixed(0).padStart(5)} MiB${row.target ? `   target ${row.target}` : ''}`);
};

if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  console.error('Build first: npm run build');
  process.exit(2);
}
await benchValidate(report);
try {
  const dns = await import('./bench/dns.mjs');
  const quiet = { log: () => {} };
  const synth = await dns.benchSynth(quiet);
  report({ name: `subdomain synth (${synth.subdomains} subdomains, ${synth.records} records)`, seconds: synth.seconds, rssMiB: synth.maxRssMiB, target: '≤ 6 s, ≤ 400 MiB', ok: synth.ok });
  const plan = await dns.benchPlan(quiet);
  report({ name: `subdomain plan --base (two ${plan.subdomains}-subdomain trees)`, seconds: plan.seconds, rssMiB: plan.maxRssMiB, target: '≤ 1.5 s', ok: plan.ok });
} catch (error) {
  console.error(`dns bench failed: ${error.message}`);
  process.exitCode = 1;
}
if (rows.some((r) => r.ok === false)) process.exitCode = 1;
