import { synthesize } from '../dns/synth.js';
import { renderProblems } from '../dns/report.js';
import { POLICY_PATH } from '../model/domain.js';
import { WorkingTree } from '../repo/tree.js';
import { EXIT, parseOptions, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain synth [--out FOLDER] [--tags]

Menghasilkan Terraform JSON (satu stack per zona) dari daftar sub domain ditambah permohonan
yang tertunda. Produces Terraform JSON (one stack per zone) from the register plus the pending
requests.
--out FOLDER  folder keluaran / output folder (bawaan/default: cdktf.out)
--tags        tambahkan tag Cloudflare opd:/surat: (paket berbayar) / add Cloudflare tags (paid plans)

Kode keluar / exit: 0 berhasil/done, 1 ada masalah/problems (tidak ada yang ditulis / nothing written), 2 pemakaian/usage
`;

export const run: Command = async (args, io) => {
  const parsed = parseOptions({ args, options: { out: { type: 'string', default: 'cdktf.out' }, tags: { type: 'boolean', default: false } } }, HELP);
  const tree = new WorkingTree(io.cwd);
  const result = await synthesize(tree, { out: parsed.values.out!, tags: parsed.values.tags === true, cwd: io.cwd });
  if (!result.ok) {
    io.stderr(renderProblems(result.problems, tree));
    io.stderr('Tidak ada yang ditulis / nothing written.\n');
    return EXIT.problems;
  }
  // The apply log is where an administrator last looks before DNS changes: the policy's own
  // warnings (an example hosting address, say) are shown whole, the others counted.
  const policyWarnings = result.problems.filter((p) => p.file === POLICY_PATH);
  if (policyWarnings.length > 0) io.stderr(renderProblems(policyWarnings, tree));
  const others = result.problems.length - policyWarnings.length;
  if (others > 0) io.stderr(`${others} peringatan lain di permohonan dan daftar sub domain; lihat \`subdomain validate\`. / ${others} other warning(s) in requests and the register; see \`subdomain validate\`.\n`);
  for (const stack of result.stacks) {
    io.stdout(`${stack.zone}: ${stack.records} catatan/records → ${stack.path}\n`);
  }
  return EXIT.ok;
};
