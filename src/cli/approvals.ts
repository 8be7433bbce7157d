import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { renderText, toJson } from '../approvals/render.js';
import type { ApiFailure } from '../github/client.js';
import { GitHubPort } from '../github/port.js';
import { REPORT_TARGETS, type ReportTarget } from '../github/post.js';
import type { PullRequestRef } from '../github/pull-request.js';
import { POLICY_PATH } from '../model/domain.js';
import { parsePolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { checkApprovals, type PendingLeft } from '../use-cases/approvals.js';
import { formatProblems } from '../validate/format.js';
import { type Command, EXIT, type Io, parseOptions, repoOption, UsageError } from './io.js';

export const HELP = `Pemakaian / usage: subdomain approvals --repo OWNER/NAME --pr N [--policy FILE] [--format text|json] [--post [--report status|check|both]] [--verbose]

Periksa persetujuan SOP sebuah pull request. Kebijakan dan daftar sub domain dibaca dari
direktori kerja (checkout cabang dasar), tidak pernah dari pull request.
Checks the SOP approvals of a pull request. The policy and the register come from the working
directory (a checkout of the base branch), never from the pull request.

--repo OWNER/NAME  repositori / repository
--pr N             nomor pull request / pull request number
--policy FILE      berkas kebijakan / policy file (bawaan/default ${POLICY_PATH})
--format           text (bawaan/default) atau/or json
--post             tulis status sop/approvals, satu komentar, dan minta review langkah berikutnya
                   write the sop/approvals status, one comment, and request the next step's reviews
--report           ke mana hasil ditulis / where the verdict goes: status (bawaan/default; status
                   commit), check (check run), both (keduanya / both). Check run: success bila
                   disetujui, in_progress bila menunggu, failure bila ditahan / success when
                   approved, in_progress when pending, failure when blocked
--verbose          cetak jumlah panggilan API / print the number of API calls

Lingkungan / environment: GITHUB_TOKEN, GITHUB_API_URL (bawaan/default https://api.github.com),
SUBDOMAIN_CHECK_APP (slug app pemilik token; hanya check run app itu yang diperbarui /
the slug of the token's app; only that app's check runs are updated)
Kode keluar / exit: 0 disetujui/approved, 1 menunggu atau ditahan/pending or blocked,
2 pemakaian, kebijakan, atau API gagal / usage, policy or API failure
`;

export const run: Command = async (args, io) => {
  const parsed = parseOptions({
    args,
    options: {
      repo: { type: 'string' },
      pr: { type: 'string' },
      policy: { type: 'string' },
      format: { type: 'string', default: 'text' },
      post: { type: 'boolean', default: false },
      report: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  }, HELP);
  const o = parsed.values;
  const repo = repoOption(o.repo, HELP);
  if (!o.pr || !/^[1-9][0-9]{0,9}$/.test(o.pr)) throw new UsageError(`--pr N wajib berupa bilangan bulat positif / must be a positive integer\n\n${HELP}`);
  const format = o.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format harus / must be text or json\n\n${HELP}`);
  const ref: PullRequestRef = { ...repo, number: Number(o.pr) };
  if (o.report !== undefined && !o.post) throw new UsageError(`--report hanya bersama --post / only with --post\n\n${HELP}`);
  if (o.report !== undefined && !(REPORT_TARGETS as readonly string[]).includes(o.report)) {
    throw new UsageError(`--report harus / must be status, check or both\n\n${HELP}`);
  }
  const target = (o.report ?? 'status') as ReportTarget;

  const policyFile = o.policy ?? POLICY_PATH;
  const policyPath = isAbsolute(policyFile) ? policyFile : join(io.cwd, policyFile);
  const shown = isAbsolute(policyFile) ? relative(io.cwd, policyFile) || policyFile : policyFile;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(policyPath);
  } catch {
    io.stderr(`${shown}: berkas kebijakan tidak dapat dibaca / cannot read the policy file\n`);
    return EXIT.usage;
  }
  const loaded = parsePolicy(shown, bytes);
  if (!loaded.ok) {
    io.stderr(formatProblems(loaded.problems));
    return EXIT.usage;
  }

  if (!io.env.GITHUB_TOKEN) {
    io.stderr('GITHUB_TOKEN tidak diisi: persetujuan dibaca dari GitHub dan perlu token (di workflow: secrets.GITHUB_TOKEN atau token GitHub App; di komputer: `export GITHUB_TOKEN=$(gh auth token)`).\nGITHUB_TOKEN is not set: approvals are read from GitHub and need a token (in a workflow: secrets.GITHUB_TOKEN or a GitHub App token; on a computer: `export GITHUB_TOKEN=$(gh auth token)`).\n');
    return EXIT.usage;
  }
  const port = GitHubPort.fromEnv(io.env);
  const url = runUrl(io);
  const outcome = await checkApprovals(port, {
    ref,
    policy: loaded.policy,
    base: new WorkingTree(io.cwd),
    now: io.now(),
    ...(o.post ? { post: { target, ...(url ? { targetUrl: url } : {}) } } : {}),
  });
  const finish = (code: number) => {
    if (o.verbose) io.stderr(`Panggilan API GitHub / GitHub API calls: ${port.requestCount()}\n`);
    return code;
  };

  if (outcome.kind === 'unread') {
    reportFailure(io, outcome.failure, outcome.pendingLeft);
    return finish(EXIT.usage);
  }
  const { read, result, published } = outcome;
  if (read.problems.length > 0) {
    io.stderr(`Berkas permohonan pada head tidak sah / the request file at the head commit is not valid:\n${formatProblems(read.problems)}`);
  }
  io.stdout(format === 'json' ? `${JSON.stringify(toJson(result), null, 2)}\n` : renderText(result));
  if (published?.ok === false) {
    reportFailure(io, published.failure, published.pendingLeft);
    return finish(EXIT.usage);
  }
  if (published) {
    const { report } = published;
    for (const w of report.warnings) io.stderr(`Peringatan / warning: ${w.id}\n  ${w.en}\n`);
    if (o.verbose) {
      io.stderr(`Komentar / comment: ${report.comment}; review diminta / reviews requested: ${[...report.requestedUsers, ...report.requestedTeams].join(', ') || '-'}\n`);
      if (report.check) io.stderr(`Check run: ${report.check}\n`);
    }
  }
  return finish(result.state === 'approved' ? EXIT.ok : EXIT.problems);
};

function runUrl(io: Io): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = io.env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

/** The failure, then any pending status or in_progress check run that could not be left either. */
function reportFailure(io: Io, error: ApiFailure, pendingLeft: PendingLeft = {}): void {
  io.stderr(`Gagal / failed: ${error.detail.id}\n  ${error.detail.en}\n`);
  if (pendingLeft.check === false) io.stderr('Check run in_progress juga gagal ditulis / could not write the in_progress check run either\n');
  if (pendingLeft.status === false) io.stderr('Status pending juga gagal ditulis / could not write the pending status either\n');
}
