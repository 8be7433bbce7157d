import { ApiFailure, createGitHub, gitHubOptionsFromEnv } from '../github/client.js';
import { applyIncidentPlan, listLabelledIssues, repositoryIsPrivate } from '../github/incidents.js';
import type { RepoRef } from '../github/intake.js';
import { domainOfFile, REQUESTS_DIR } from '../model/domain.js';
import type { Message } from '../model/problem.js';
import { loadPolicyAndRegister } from '../report/load.js';
import { WorkingTree } from '../repo/tree.js';
import { formatProblems } from '../validate/format.js';
import { INCIDENT_LABEL } from '../watch/incident-issue.js';
import { planIncidents, type IncidentAction } from '../watch/incidents.js';
import { readWatchResult } from './watch-result.js';
import { confirmationStatus, RECONFIRM_LABEL } from '../watch/reconfirm.js';
import { type Command, EXIT, parseOptions, repoOption, UsageError } from './io.js';

export const HELP = `Pemakaian / usage: subdomain incidents --repo OWNER/NAME --watch FILE [--with-unmanaged] [--dry-run]

Dari hasil \`subdomain watch --format json\` dan konfirmasi ulang yang jatuh tempo: satu issue per
sub domain (dibuka, diperbarui, ditutup bila masalahnya hilang), ditujukan kepada staf OPD dan
peran Diskominfo di kebijakan (watch.incident_role), dengan standar waktu insiden (bawaan 2×24
jam) lalu eskalasi (watch.escalate_to). Temuan kelas pengambilalihan tidak pernah terbit di issue
publik: rinciannya ke security advisory draf. Setelah watch.remove_after (bawaan 14 hari), atau
segera untuk pengambilalihan bila watch.remove_takeover_at_once, dibuka permohonan hapus yang
asalnya insiden (tanpa surat OPD), yang melewati persetujuan SOP seperti permohonan lain.
From \`subdomain watch --format json\` and the re-confirmations due: one issue per subdomain
(opened, updated, closed when the problem is gone), addressed to the OPD's staff and the office
role the policy names, with the incident time standard (default 2×24 hours), then escalation.
Takeover-class findings never appear in a public issue: their details go to a draft security
advisory. After watch.remove_after (default 14 days), or at once for a takeover when the policy
says so, a delete request whose origin is the incident is opened (no OPD letter); it goes
through the SOP approvals like any request.

--repo OWNER/NAME   repositori / repository
--watch FILE        hasil / the result of \`subdomain watch --format json\`
--with-unmanaged    pemantauan juga membaca Cloudflare (CLOUDFLARE_API_TOKEN): insiden nama di luar
                    daftar boleh ditutup / the watch also read Cloudflare: incidents of names
                    outside the register may close
--dry-run           hanya tampilkan rencana; tidak menulis apa pun / show the plan, write nothing

Kebijakan dan daftar dibaca dari direktori kerja (checkout cabang utama). / The policy and the
register come from the working directory (a checkout of the default branch).
Lingkungan / environment: GITHUB_TOKEN (issues, pull requests, contents: write; Repository
security advisories: write for the advisory), GITHUB_API_URL.
Kode keluar / exit: 0 selesai / done; 1 selesai, ada yang perlu ditangani orang (penghapusan yang
tidak dapat dibuka, issue ganda, pemantauan sebagian) / done, something needs a person; 2 pemakaian,
hasil pemantauan/kebijakan/daftar tak terbaca, atau API GitHub gagal / usage, unreadable input, or
a GitHub API failure.
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      repo: { type: 'string' },
      watch: { type: 'string' },
      'with-unmanaged': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  }, HELP);
  if (!values.watch) throw new UsageError(`--watch FILE wajib / is required\n\n${HELP}`);
  const repo: RepoRef = repoOption(values.repo, HELP);

  // Fail closed: a watch result that cannot be read changes nothing, and above all closes nothing.
  const read = readWatchResult(io.cwd, values.watch, values.watch);
  if (!read.ok) {
    io.stderr(`${read.error}${NOTHING_CHANGED}`);
    return EXIT.usage;
  }

  const tree = new WorkingTree(io.cwd);
  const loaded = loadPolicyAndRegister(tree);
  if (!loaded.ok) {
    io.stderr(formatProblems(loaded.problems));
    io.stderr(`Kebijakan atau daftar tidak dapat dibaca. / The policy or the register cannot be read.\n${NOTHING_CHANGED}`);
    return EXIT.usage;
  }
  const now = io.now();
  const pending = new Set(tree.list(REQUESTS_DIR).map((name) => domainOfFile(name)).filter((n): n is string => !!n));

  const gh = createGitHub(gitHubOptionsFromEnv(io.env));
  try {
    const [repositoryPrivate, issues] = await Promise.all([repositoryIsPrivate(gh, repo), listLabelledIssues(gh, repo, [INCIDENT_LABEL, RECONFIRM_LABEL])]);
    const plan = planIncidents({
      watch: read.report,
      unmanagedChecked: values['with-unmanaged']!,
      confirmations: confirmationStatus(loaded.items, loaded.policy, now),
      issues,
      policy: loaded.policy,
      register: loaded.items,
      pending,
      repositoryPrivate,
      now,
    });
    for (const note of plan.notes) io.stdout(`${note.attention ? '! ' : ''}${note.message.id}\n  ${note.message.en}\n`);
    const attention = plan.notes.some((n) => n.attention);
    if (values['dry-run']) {
      for (const action of plan.actions) io.stdout(`${describe(action)}\n`);
      io.stdout(`${plan.actions.length === 0 ? 'Tidak ada yang perlu dilakukan / nothing to do.\n' : ''}--dry-run: tidak ada yang ditulis / nothing written.\n`);
      return attention ? EXIT.problems : EXIT.ok;
    }
    const applied = await applyIncidentPlan(gh, repo, plan);
    for (const done of applied.done) io.stdout(`${done.fqdn}: ${done.message.id} / ${done.message.en}\n`);
    if (plan.actions.length === 0) io.stdout('Tidak ada yang perlu dilakukan / nothing to do.\n');
    for (const { fqdn, failure } of applied.failures) io.stderr(`${fqdn}: ${failure.detail.id}\n${fqdn}: ${failure.detail.en}\n`);
    if (applied.failures.length > 0) return EXIT.usage;
    return attention ? EXIT.problems : EXIT.ok;
  } catch (error) {
    if (error instanceof ApiFailure) {
      io.stderr(`${error.detail.id}\n${error.detail.en}\n${NOTHING_CHANGED}`);
      return EXIT.usage;
    }
    throw error;
  }
};

const NOTHING_CHANGED = 'Tidak ada yang diubah; insiden tidak pernah ditutup tanpa hasil pemantauan yang terbaca. / Nothing changed; incidents never close without a readable watch result.\n';

/** One planned action for the log: public, no finding's details. */
function describe(a: IncidentAction): string {
  const on = 'issue' in a && a.issue !== undefined ? ` #${a.issue}` : '';
  const what: Record<IncidentAction['type'], Message> = {
    'open-issue': { id: 'buka issue', en: 'open an issue' },
    'reopen-issue': { id: 'buka kembali issue', en: 'reopen the issue' },
    'update-issue': { id: 'perbarui issue', en: 'update the issue' },
    comment: { id: 'komentar pada issue', en: 'comment on the issue' },
    assign: { id: 'tugaskan issue', en: 'assign the issue' },
    escalate: { id: 'eskalasi issue', en: 'escalate the issue' },
    'open-advisory': { id: 'buat security advisory draf', en: 'create a draft security advisory' },
    'update-advisory': { id: 'perbarui security advisory draf', en: 'update the draft security advisory' },
    'close-advisory': { id: 'tutup security advisory draf', en: 'close the draft security advisory' },
    'open-delete-request': { id: 'buka permohonan penghapusan', en: 'open a delete request' },
    'close-issue': { id: 'tutup issue', en: 'close the issue' },
  };
  return `${a.fqdn}: ${what[a.type].id}${on} / ${what[a.type].en}${on}`;
}
