import { formatProblems } from '../validate/format.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../report/format.js';
import { loadPolicyAndRegister } from '../report/load.js';
import { computeReport, reportPolicy, sinceInstant } from '../report/mutu-baku.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../report/render.js';
import { WorkingTree } from '../repo/tree.js';
import { EXIT, parseOptions, UsageError, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain report [--since DATE] [--format markdown|json|csv] [--time-zone ZONE]

Laporan Mutu Baku dari riwayat daftar sub domain: untuk tiap langkah SOP, lama pengerjaan
(median, persentil ke-90) terhadap Mutu Baku, langkah yang terlambat, dan waktu layanan
keseluruhan (pull request dibuka sampai diterapkan) terhadap batas total kebijakan.
Mutu Baku report from the register's history: per SOP step, how long it took (median, 90th
percentile) against its standard, the late steps, and the whole-service time (pull request
opened to applied) against the policy's total limit.

  --since DATE       hanya permohonan yang diterapkan sejak / only requests applied since
                     DATE (YYYY-MM-DD, tengah malam WIB / midnight WIB, or an ISO date-time)
  --format F         markdown (bawaan / default), json, csv
  --time-zone ZONE   zona waktu tampilan / display time zone (bawaan / default ${DEFAULT_TIME_ZONE})

Exit: 0 selesai / done, 1 masalah membaca daftar / problems reading the register, 2 pemakaian / usage.
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      since: { type: 'string' },
      format: { type: 'string', default: 'markdown' },
      'time-zone': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format harus / must be one of ${REPORT_FORMATS.join(', ')}.\n\n${HELP}`);
  let since: string | undefined;
  if (values.since !== undefined) {
    since = sinceInstant(values.since);
    if (since === undefined) throw new UsageError(`--since harus tanggal YYYY-MM-DD atau waktu ISO 8601 / must be a YYYY-MM-DD date or an ISO 8601 date-time: ${values.since}`);
  }
  const timeZone = values['time-zone'] ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new UsageError(`Zona waktu tidak dikenal / unknown time zone: ${timeZone}`);

  const tree = new WorkingTree(io.cwd);
  const inputs = loadPolicyAndRegister(tree);
  if (!inputs.ok) {
    io.stderr(formatProblems(inputs.problems));
    return EXIT.problems;
  }
  const report = computeReport(reportPolicy(inputs.policy), inputs.items, since !== undefined ? { since } : {});
  io.stdout(renderReport(report, format, { office: inputs.policy.office.name, timeZone }));
  return EXIT.ok;
};
