import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { formatProblems } from '../validate/format.js';
import { ApiFailure, createGitHub, gitHubOptionsFromEnv } from '../github/client.js';
import { listLabelledIssues } from '../github/incidents.js';
import { msg, type Message } from '../model/problem.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../report/format.js';
import { loadPolicyAndRegister } from '../report/load.js';
import { computeReport, reportPolicy, sinceInstant } from '../report/mutu-baku.js';
import { computePosture, incidentRecords, type IncidentRecord } from '../report/posture.js';
import { renderPosturePdf } from '../report/posture-pdf.js';
import { renderPosture, POSTURE_FORMATS, type PostureFormat } from '../report/posture-render.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../report/render.js';
import { WorkingTree } from '../repo/tree.js';
import { INCIDENT_LABEL } from '../watch/incident-issue.js';
import type { WatchReport } from '../watch/incidents.js';
import { readWatchResult } from './watch-result.js';
import { type Command, EXIT, type Io, parseOptions, repoOption, UsageError } from './io.js';

export const HELP = `Pemakaian / usage: subdomain report [--since DATE] [--format markdown|json|csv] [--time-zone ZONE]
                   subdomain report --posture [--watch FILE] [--repo OWNER/NAME] [--since DATE]
                                    [--format markdown|json|csv|pdf] [--out FILE] [--time-zone ZONE]

Laporan Mutu Baku dari riwayat daftar sub domain: untuk tiap langkah SOP, lama pengerjaan
(median, persentil ke-90) terhadap Mutu Baku, langkah yang terlambat, dan waktu layanan
keseluruhan (pull request dibuka sampai diterapkan) terhadap batas total kebijakan.
Mutu Baku report from the register's history: per SOP step, how long it took (median, 90th
percentile) against its standard, the late steps, and the whole-service time (pull request
opened to applied) against the policy's total limit.

--posture: Laporan Keamanan dan Kondisi Sub Domain untuk kepala dinas dan evaluasi SPBE: per OPD
jumlah sub domain, konfirmasi ulang (terkonfirmasi, jatuh tempo, lewat tenggang), temuan
pemantauan per tingkat (temuan kelas pengambilalihan hanya "perlu perhatian"), insiden yang
dibuka dalam periode dengan waktu penanganan terhadap standar watch.incident_limit (bawaan 2×24
jam) dan insiden yang masih terbuka, serta sertifikat yang berakhir dalam 30 hari. Masukan yang
tidak diberikan ditulis "tidak diperiksa", tidak pernah nol.
--posture: the subdomain posture report for the head of office and the SPBE evaluation: per
agency, the subdomains, their re-confirmation (confirmed, due, overdue), the watch's findings by
severity (takeover-class ones only "need attention"), incidents opened in the period with their
response time against watch.incident_limit (default 2×24 hours) and those still open, and the
certificates ending within 30 days. An input not given is reported as "not checked", never zero.

  --since DATE       Mutu Baku: permohonan yang diterapkan sejak / requests applied since;
                     --posture: insiden yang dibuka sejak / incidents opened since DATE
                     (YYYY-MM-DD, tengah malam WIB / midnight WIB, or an ISO date-time)
  --format F         markdown (bawaan / default), json, csv; pdf hanya / only with --posture
  --time-zone ZONE   zona waktu tampilan / display time zone (bawaan / default ${DEFAULT_TIME_ZONE};
                     --posture: office.timezone)
  --posture          laporan keamanan dan kondisi / the posture report
  --watch FILE       hasil / the result of \`subdomain watch --format json\`; tanpa ini temuan dan
                     sertifikat tidak diperiksa / without it findings and certificates are not checked
  --repo OWNER/NAME  baca issue insiden lewat API dengan GITHUB_TOKEN / read the incident issues
                     through the API with GITHUB_TOKEN; tanpa ini (atau tanpa token) insiden tidak
                     diperiksa / without it (or without a token) incidents are not checked
  --out FILE         tulis ke berkas, bukan ke stdout (wajib untuk pdf) / write to a file instead
                     of stdout (required for pdf)

Lingkungan / environment: GITHUB_TOKEN (issues: read), GITHUB_API_URL.
Exit: 0 selesai / done, 1 masalah membaca daftar / problems reading the register, 2 pemakaian,
hasil pemantauan tak terbaca, atau API GitHub gagal / usage, an unreadable watch result, or a
GitHub API failure.
`;


export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      since: { type: 'string' },
      format: { type: 'string', default: 'markdown' },
      'time-zone': { type: 'string' },
      posture: { type: 'boolean', default: false },
      watch: { type: 'string' },
      repo: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
  const posture = values.posture === true;
  if (!posture) {
    for (const flag of ['watch', 'repo', 'out'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} hanya dengan --posture / only with --posture.\n\n${HELP}`);
    }
  }
  const formats: readonly string[] = posture ? [...POSTURE_FORMATS, 'pdf'] : REPORT_FORMATS;
  if (!formats.includes(values.format!)) throw new UsageError(`--format harus / must be one of ${formats.join(', ')}.\n\n${HELP}`);
  if (values.format === 'pdf' && values.out === undefined) throw new UsageError(`--format pdf perlu / needs --out FILE.\n\n${HELP}`);
  let since: string | undefined;
  if (values.since !== undefined) {
    since = sinceInstant(values.since);
    if (since === undefined) throw new UsageError(`--since harus tanggal YYYY-MM-DD atau waktu ISO 8601 / must be a YYYY-MM-DD date or an ISO 8601 date-time: ${values.since}`);
  }
  const zoneGiven = values['time-zone'];
  if (zoneGiven !== undefined && !isTimeZone(zoneGiven)) throw new UsageError(`Zona waktu tidak dikenal / unknown time zone: ${zoneGiven}`);
  const incidentRepo = values.repo !== undefined ? repoOption(values.repo, HELP) : undefined;

  const tree = new WorkingTree(io.cwd);
  const inputs = loadPolicyAndRegister(tree);
  if (!inputs.ok) {
    io.stderr(formatProblems(inputs.problems));
    return EXIT.problems;
  }
  if (!posture) {
    const report = computeReport(reportPolicy(inputs.policy), inputs.items, since !== undefined ? { since } : {});
    io.stdout(renderReport(report, values.format as ReportFormat, { office: inputs.policy.office.name, timeZone: zoneGiven ?? DEFAULT_TIME_ZONE }));
    return EXIT.ok;
  }

  // The watch result: a file that cannot be read is an error, never "no findings".
  let watch: WatchReport | undefined;
  if (values.watch !== undefined) {
    const read = readWatchResult(io.cwd, values.watch, values.watch);
    if (!read.ok) {
      io.stderr(read.error);
      return EXIT.usage;
    }
    watch = read.report;
  }

  // The incident issues: an API failure is an error, never "no incidents".
  const notChecked: { watch?: Message; incidents?: Message } = {};
  if (values.watch === undefined) notChecked.watch = msg('tanpa --watch', 'no --watch given');
  let incidents: IncidentRecord[] | undefined;
  if (incidentRepo) {
    if (!io.env.GITHUB_TOKEN) {
      notChecked.incidents = msg('GITHUB_TOKEN tidak ada', 'GITHUB_TOKEN is not set');
      io.stderr('GITHUB_TOKEN tidak ada: insiden tidak diperiksa. / GITHUB_TOKEN is not set: incidents are not checked.\n');
    } else {
      const gh = createGitHub(gitHubOptionsFromEnv(io.env));
      try {
        incidents = incidentRecords(await listLabelledIssues(gh, incidentRepo, [INCIDENT_LABEL]));
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        io.stderr(`${error.detail.id}\n${error.detail.en}\nLaporan tidak dibuat. / No report written.\n`);
        return EXIT.usage;
      }
    }
  } else {
    notChecked.incidents = msg('tanpa --repo', 'no --repo given');
  }

  const report = computePosture({
    policy: inputs.policy,
    items: inputs.items,
    now: io.now(),
    ...(watch ? { watch } : {}),
    ...(incidents ? { incidents } : {}),
    ...(since !== undefined ? { since } : {}),
    notChecked,
  });
  const context = {
    office: inputs.policy.office.name,
    timeZone: zoneGiven ?? inputs.policy.office.timezone ?? DEFAULT_TIME_ZONE,
    ...(incidentRepo ? { repo: values.repo! } : {}),
  };
  if (values.format === 'pdf') {
    write(io, values.out!, await renderPosturePdf(report, inputs.policy, context));
    return EXIT.ok;
  }
  const text = renderPosture(report, values.format as PostureFormat, context);
  if (values.out !== undefined) write(io, values.out, text);
  else io.stdout(text);
  return EXIT.ok;
};

/** Writes the report and prints where it went. */
function write(io: Io, out: string, content: string | Buffer): void {
  const path = resolve(io.cwd, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  const shown = relative(io.cwd, path);
  io.stdout(`${shown.startsWith('..') ? path : shown}\n`);
}
