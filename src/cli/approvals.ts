import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { ApprovalResult } from '../approvals/evaluate.js';
import { evaluateApprovals } from '../approvals/evaluate.js';
import { renderMarkdown, renderText, statusDescription, toJson } from '../approvals/render.js';
import { nextReviewers } from '../approvals/reviewers.js';
import { ApiFailure, createGitHub, gitHubOptionsFromEnv, type GitHub } from '../github/client.js';
import { setCheckRun } from '../github/check-run.js';
import { publish, REPORT_TARGETS, setStatus, type ReportTarget, type StatusState } from '../github/post.js';
import { intakeBotsFromEnv, readPullRequest, type PullRequestRead, type PullRequestRef } from '../github/pull-request.js';
import { POLICY_PATH } from '../model/domain.js';
import { parsePolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
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

const STATUS_OF: Record<ApprovalResult['state'], StatusState> = { approved: 'success', pending: 'pending', blocked: 'failure' };

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
  const checkAppSlug = io.env.SUBDOMAIN_CHECK_APP?.trim() || undefined;
  const post: Posting = { target, ...(checkAppSlug ? { checkAppSlug } : {}) };

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
  const policy = loaded.policy;

  if (!io.env.GITHUB_TOKEN) {
    io.stderr('GITHUB_TOKEN tidak diisi: persetujuan dibaca dari GitHub dan perlu token (di workflow: secrets.GITHUB_TOKEN atau token GitHub App; di komputer: `export GITHUB_TOKEN=$(gh auth token)`).\nGITHUB_TOKEN is not set: approvals are read from GitHub and need a token (in a workflow: secrets.GITHUB_TOKEN or a GitHub App token; on a computer: `export GITHUB_TOKEN=$(gh auth token)`).\n');
    return EXIT.usage;
  }
  const gh = createGitHub(gitHubOptionsFromEnv(io.env));
  const finish = (code: number) => {
    if (o.verbose) io.stderr(`Panggilan API GitHub / GitHub API calls: ${gh.requestCount()}\n`);
    return code;
  };

  let read: PullRequestRead;
  try {
    read = await readPullRequest(gh, ref, policy, new WorkingTree(io.cwd), io.now(), intakeBotsFromEnv(io.env));
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    reportFailure(io, error);
    if (o.post && error.headSha) await leavePending(gh, ref, error.headSha, io, post);
    return finish(EXIT.usage);
  }
  if (read.problems.length > 0) {
    io.stderr(`Berkas permohonan pada head tidak sah / the request file at the head commit is not valid:\n${formatProblems(read.problems)}`);
  }

  const result = evaluateApprovals(policy, read.input);
  io.stdout(format === 'json' ? `${JSON.stringify(toJson(result), null, 2)}\n` : renderText(result));

  if (o.post) {
    try {
      const report = await publish(
        gh,
        {
          ref,
          headSha: read.input.pullRequest.headSha,
          author: read.input.pullRequest.author,
          requested: read.requested,
          reviewed: answeredThisTurn(result, read),
          ...(runUrl(io) ? { targetUrl: runUrl(io)! } : {}),
          report: target,
          ...(checkAppSlug ? { checkAppSlug } : {}),
        },
        { state: STATUS_OF[result.state], description: statusDescription(result), comment: renderMarkdown(result), reviewers: nextReviewers(result, policy) },
      );
      for (const w of report.warnings) io.stderr(`Peringatan / warning: ${w.id}\n  ${w.en}\n`);
      if (o.verbose) {
        io.stderr(`Komentar / comment: ${report.comment}; review diminta / reviews requested: ${[...report.requestedUsers, ...report.requestedTeams].join(', ') || '-'}\n`);
        if (report.check) io.stderr(`Check run: ${report.check}\n`);
      }
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      reportFailure(io, error);
      await leavePending(gh, ref, read.input.pullRequest.headSha, io, post);
      return finish(EXIT.usage);
    }
  }
  return finish(result.state === 'approved' ? EXIT.ok : EXIT.problems);
};

/**
 * Reviewers who already answered the step whose turn it is: asked again, they would only be
 * nagged. Someone who approved an earlier step and holds the role of this one too (Balangan's
 * Kabid) has not, and is asked again, as a new disposition would.
 */
function answeredThisTurn(result: ApprovalResult, read: PullRequestRead): string[] {
  const done = result.steps.filter((s) => s.state === 'done' && s.at).map((s) => Date.parse(s.at!));
  const since = done.length > 0 ? Math.max(...done) : Date.parse(result.startedAt);
  return [...new Set(read.input.reviews.filter((r) => Date.parse(r.submittedAt) > since).map((r) => r.user))];
}

function runUrl(io: Io): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = io.env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

function reportFailure(io: Io, error: ApiFailure): void {
  io.stderr(`Gagal / failed: ${error.detail.id}\n  ${error.detail.en}\n`);
}

interface Posting {
  target: ReportTarget;
  checkAppSlug?: string;
}

const FAILED = 'Pemeriksaan gagal (GitHub API); jalankan ulang / check failed (GitHub API); re-run the workflow';

/**
 * After a failure neither the status nor the check run may stay (or become) success: leave a
 * pending status and an in_progress check run that say why. Each is tried on its own.
 */
async function leavePending(gh: GitHub, ref: PullRequestRef, sha: string, io: Io, post: Posting): Promise<void> {
  const url = runUrl(io);
  if (post.target !== 'status') {
    try {
      const summary = `**${FAILED}.**\n\nHasil sebelumnya tidak berlaku sampai pemeriksaan berhasil / an earlier result does not count until the check succeeds.\n`;
      await setCheckRun(gh, ref, sha, { verdict: { status: 'in_progress' }, title: FAILED, summary, ...(url ? { detailsUrl: url } : {}) }, post.checkAppSlug ? { appSlug: post.checkAppSlug } : {});
    } catch {
      io.stderr('Check run in_progress juga gagal ditulis / could not write the in_progress check run either\n');
    }
  }
  if (post.target !== 'check') {
    try {
      await setStatus(gh, ref, sha, 'pending', FAILED, url);
    } catch {
      io.stderr('Status pending juga gagal ditulis / could not write the pending status either\n');
    }
  }
}
