import { appendFileSync } from 'node:fs';
import { formatMarkdown, formatReport, type Format } from '../validate/format.js';
import { jakartaDate, validateChanges, validatePaths, validateRepository } from '../validate/validate.js';
import { EXIT, parseOptions, UsageError, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain validate [BERKAS/PATH…] [--base REF] [--format text|json|github]

Tanpa berkas: seluruh repositori (permohonan, daftar sub domain, kebijakan).
With no path: the whole repository (requests, register, policy).
--base REF   hanya berkas yang berubah sejak REF, diperiksa terhadap kebijakan dan daftar di REF
             only files changed since REF, checked against the policy and register at REF
--format     text (bawaan/default), json, github (anotasi / workflow annotations)

Kode keluar / exit: 0 sah/valid, 1 ada masalah/problems, 2 pemakaian atau kebijakan rusak / usage or broken policy
`;

export const run: Command = async (args, io) => {
  const parsed = parseOptions({
    args,
    allowPositionals: true,
    options: { base: { type: 'string' }, format: { type: 'string', default: 'text' } },
  }, HELP);
  const format = parsed.values.format as Format;
  if (!['text', 'json', 'github'].includes(format)) throw new UsageError(`--format harus / must be text, json or github\n\n${HELP}`);
  if (parsed.values.base && parsed.positionals.length > 0) throw new UsageError(`--base tidak dapat digabung dengan berkas / cannot be combined with paths\n\n${HELP}`);

  const options = { root: io.cwd, today: jakartaDate(io.now()) };
  let report;
  if (parsed.values.base) {
    try {
      report = validateChanges(options, parsed.values.base);
    } catch (error) {
      const detail = (error as { stderr?: Buffer }).stderr?.toString().trim();
      throw new UsageError(`Tidak dapat membaca git pada / cannot read git at \`${parsed.values.base}\`${detail ? `: ${detail}` : ' (ref tidak ada? / no such ref?)'}`);
    }
  } else if (parsed.positionals.length > 0) {
    report = validatePaths(options, parsed.positionals);
  } else {
    report = await validateRepository(options);
  }
  io.stdout(formatReport(report, format));
  if (format === 'github' && io.env.GITHUB_STEP_SUMMARY) appendFileSync(io.env.GITHUB_STEP_SUMMARY, formatMarkdown(report));
  if (report.policyBroken) return EXIT.usage;
  return report.valid ? EXIT.ok : EXIT.problems;
};
