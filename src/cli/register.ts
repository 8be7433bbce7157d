import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { msg, problem } from '../model/problem.js';
import { loadPolicy } from '../policy/policy.js';
import { git, GitTree, WorkingTree } from '../repo/tree.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { ApprovalsFileError, parseApprovalsJson, type PullRequestProvenance } from '../register/approvals.js';
import { recordApplied, unreadProblem } from '../use-cases/register.js';
import { formatProblems } from '../validate/format.js';
import { writeChanges } from '../register/write.js';
import { type Command, EXIT, idOption, type Io, parseOptions, UsageError } from './io.js';

export const HELP = `Pemakaian / usage: subdomain register --pr N --commit SHA [--approvals FILE] [--dry-run]

Dijalankan oleh workflow apply setelah terraform apply berhasil. Untuk tiap permohonan di
requests/ yang ada pada commit SHA: tulis atau perbarui subdomains/<nama>.yaml (dengan riwayat:
surat, pull request, persetujuan tiap langkah SOP, waktu penerapan, commit) atau hapus bila
permohonannya delete, lalu hapus berkas permohonan. Semua diperiksa dulu; bila ada masalah,
tidak ada yang ditulis.
Run by the apply workflow after a successful terraform apply. For each request in requests/
that commit SHA holds: write or update subdomains/<name>.yaml (with history: letter, pull
request, approvals per SOP step, applied time, commit) or remove it for a delete, then remove
the request file. Everything is checked first; on any problem nothing is written.

  --pr N             pull request yang digabung / the merged pull request
  --commit SHA       commit yang diterapkan / the commit that was applied
  --approvals FILE   JSON dari / from \`subdomain approvals --format json\` saat merge / at merge
  --repo OWNER/NAME  tanpa --approvals: baca persetujuan pull request dari GitHub (GITHUB_TOKEN)
                     without --approvals: read the pull request's approvals from GitHub
                     (GITHUB_TOKEN; default GITHUB_REPOSITORY)
  --dry-run          tampilkan saja / only show what would change

Exit: 0 selesai / done, 1 masalah, tidak ada yang ditulis / problems, nothing written, 2 pemakaian / usage.
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      pr: { type: 'string' },
      commit: { type: 'string' },
      approvals: { type: 'string' },
      repo: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
  const pr = idOption(values.pr, '--pr', 'pr', HELP);
  if (!values.commit || !/^[0-9a-f]{7,40}$/.test(values.commit)) throw new UsageError(`--commit harus SHA commit (7-40 heksadesimal huruf kecil) / --commit must be a commit SHA (7-40 lowercase hex).\n\n${HELP}`);

  const root = io.cwd;
  const tree = new WorkingTree(root);
  const policy = loadPolicy(tree);
  if (!policy.ok) {
    io.stderr(formatProblems(policy.problems));
    return EXIT.problems;
  }

  let commit: string;
  try {
    commit = git(root, ['rev-parse', '--verify', '--quiet', `${values.commit}^{commit}`]).toString('utf8').trim();
  } catch {
    io.stderr(formatProblems([
      problem('.', 'register/commit', msg(`Commit ${values.commit} tidak ditemukan di repositori ini.`, `Commit ${values.commit} is not in this repository.`)),
    ]));
    return EXIT.problems;
  }

  let fromPr: PullRequestProvenance | undefined;
  if (values.approvals) {
    try {
      fromPr = parseApprovalsJson(readFileSync(resolve(root, values.approvals), 'utf8'));
    } catch (error) {
      const detail = error instanceof ApprovalsFileError ? error.detail : msg(`Berkas tidak dapat dibaca: ${String(error)}`, `The file cannot be read: ${String(error)}`);
      io.stderr(formatProblems([problem(values.approvals, 'register/approvals-file', detail)]));
      return EXIT.problems;
    }
    if (fromPr.pullRequest !== undefined && fromPr.pullRequest !== pr) {
      io.stderr(formatProblems([
        problem(values.approvals, 'register/approvals-file', msg(
          `Berkas persetujuan milik pull request #${fromPr.pullRequest}, bukan #${values.pr}.`,
          `The approvals file belongs to pull request #${fromPr.pullRequest}, not #${values.pr}.`,
        )),
      ]));
      return EXIT.problems;
    }
  }

  const repo = values.repo ?? io.env.GITHUB_REPOSITORY;
  const fromGitHub = repo !== undefined && repo !== '' && io.env.GITHUB_TOKEN !== undefined && io.env.GITHUB_TOKEN !== '';
  if (fromGitHub && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) throw new UsageError(`--repo harus OWNER/NAME / --repo must be OWNER/NAME: ${repo}`);

  const outcome = await recordApplied({
    root,
    tree,
    policy: policy.policy,
    pr,
    commit,
    ...(fromPr ? { fromFile: fromPr } : {}),
    ...(fromGitHub ? { readApprovals: approvalsFromGitHub(io, root, repo!, commit, policy.policy) } : {}),
    now: io.now(),
    ...(values['dry-run'] ? {} : { write: (changes) => writeChanges(root, changes) }),
  });
  if (outcome.kind === 'unread') {
    io.stderr(formatProblems([unreadProblem(repo!, outcome)]));
    return EXIT.problems;
  }
  for (const note of outcome.notes) {
    if (note.kind === 'no-approvals') io.stderr('Catatan: tanpa --approvals atau GITHUB_TOKEN, riwayat dicatat tanpa persetujuan. / Note: without --approvals or GITHUB_TOKEN, history is recorded without approvals.\n');
    else if (note.kind === 'unknown-origin') io.stderr(`${note.path}: pull request asalnya tidak diketahui; dicatat dengan #${note.recordedUnder}. / its pull request is unknown; recorded under #${note.recordedUnder}.\n`);
    else io.stdout(`${note.path}: dari pull request #${note.pullRequest} (merge sebelumnya) / from pull request #${note.pullRequest} (an earlier merge)\n`);
  }
  const { plan } = outcome;
  for (const skip of plan.skipped) io.stdout(`${skip.request}: dilewati / skipped: ${skip.reason.id} / ${skip.reason.en}\n`);
  if (plan.problems.length > 0) {
    io.stderr(formatProblems(plan.problems));
    io.stderr('Tidak ada berkas yang ditulis. / Nothing was written.\n');
    return EXIT.problems;
  }
  if (plan.registered.length === 0) {
    io.stdout('Tidak ada permohonan yang menunggu pencatatan. / No pending request to record.\n');
    return EXIT.ok;
  }
  const verb = values['dry-run'] ? 'akan dicatat / would record' : 'dicatat / recorded';
  for (const r of plan.registered) io.stdout(`${r.fqdn}: ${r.action} ${verb} → ${r.action === 'delete' ? `${r.register} dihapus / removed` : r.register}\n`);
  return EXIT.ok;
};

/**
 * Reads a merged pull request's approvals through the GitHub port, as the approvals check does
 * (use-cases/approvals.ts `mergedApprovals`). Octokit is loaded only here, when a token is set.
 */
function approvalsFromGitHub(io: Io, root: string, repo: string, commit: string, policy: ResolvedPolicy): (number: number) => Promise<PullRequestProvenance> {
  const [owner, name] = repo.split('/') as [string, string];
  let port: Promise<{ read: (number: number) => Promise<PullRequestProvenance> }> | undefined;
  return async (number) => {
    port ??= Promise.all([import('../github/port.js'), import('../use-cases/approvals.js')]).then(([{ GitHubPort }, { mergedApprovals }]) => {
      // The register as it stood before the merge: the applied commit's first parent.
      let base = commit;
      try {
        base = git(root, ['rev-parse', '--verify', '--quiet', `${commit}^1`]).toString('utf8').trim();
      } catch {
        base = commit;
      }
      const github = GitHubPort.fromEnv(io.env);
      return { read: (n: number) => mergedApprovals(github, { owner, repo: name, number: n }, policy, new GitTree(root, base), io.now()) };
    });
    return (await port).read(number);
  };
}
