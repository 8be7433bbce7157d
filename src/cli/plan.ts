import { planRepository } from '../dns/plan-trees.js';
import { renderPlan, type PlanFormat } from '../dns/plan-render.js';
import { renderProblems } from '../dns/report.js';
import { EXIT, parseOptions, UsageError, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain plan [--base REF] [--format text|json|markdown]

Perubahan DNS per catatan (ditambah, diubah, dihapus), per zona.
The record-level DNS changes (added, changed, deleted), zone by zone.
--base REF   dari keadaan di REF (titik cabang dengan HEAD) ke working tree
             from the state at REF (its merge base with HEAD) to the working tree
             tanpa/without: dari daftar saja ke daftar + permohonan tertunda
             from the register alone to the register + pending requests
--format     text (bawaan/default), json, markdown (komentar pull request / PR comment)

Kode keluar / exit: 0 rencana dibuat/plan made, 1 ada masalah/problems, 2 pemakaian/usage
`;

export const run: Command = async (args, io) => {
  const parsed = parseOptions({ args, options: { base: { type: 'string' }, format: { type: 'string', default: 'text' } } }, HELP);
  const format = parsed.values.format as PlanFormat;
  if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError(`--format harus / must be text, json or markdown\n\n${HELP}`);
  let result;
  try {
    result = await planRepository(io.cwd, parsed.values.base);
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim();
    if (parsed.values.base && detail !== undefined) {
      throw new UsageError(`Tidak dapat membaca git pada ${parsed.values.base} / cannot read git at ${parsed.values.base}: ${detail || (error as Error).message}`);
    }
    throw error;
  }
  if (!result.ok) {
    io.stderr(renderProblems(result.problems, result.tree));
    return EXIT.problems;
  }
  io.stdout(renderPlan(result.plan, format));
  return EXIT.ok;
};
