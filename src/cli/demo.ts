import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from './io.js';

/**
 * `npm start`: the main job on the repository's own example data, as CI would run it on main —
 * check every file, show what DNS the pending requests will change, synthesize Terraform JSON.
 */
export const run: Command = async (args, io) => {
  const out = args[0] ?? mkdtempSync(join(tmpdir(), 'subdomain-demo-'));
  const steps: [string, string[]][] = [
    ['1/3 subdomain validate — periksa semua berkas / check every file', ['validate']],
    ['2/3 subdomain plan — perubahan DNS dari permohonan tertunda / DNS changes of the pending requests', ['plan']],
    [`3/3 subdomain synth — Terraform JSON per zona / per zone → ${out}`, ['synth', '--out', out]],
  ];
  const { main } = await import('./main.js');
  let worst = 0;
  for (const [title, argv] of steps) {
    io.stdout(`\n== ${title}\n`);
    worst = Math.max(worst, await main(argv, io));
  }
  return worst;
};
