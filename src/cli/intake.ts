import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiFailure, createGitHub, gitHubOptionsFromEnv } from '../github/client.js';
import { upsertMarkedComment } from '../github/comments.js';
import { openPullFrom, proposeFile, readIssue, type RepoRef } from '../github/intake.js';
import { applicantOutsideOpd, type RegistrarLetter } from '../intake/applicant-opd.js';
import { checkIssue } from '../intake/check.js';
import { FORM_LABEL, TEMPLATE_PATH } from '../intake/form.js';
import { renderIssueForm } from '../intake/form-template.js';
import { parseIssueForm } from '../intake/parse.js';
import { describeProblems, forwardedComment, INTAKE_COMMENT_MARKER, pullRequestText, problemsComment, type FieldProblem } from '../intake/render.js';
import { LOGIN } from '../intake/request-file.js';
import { hasErrors, msg, type Message } from '../model/problem.js';
import { loadPolicy, omitsContactPhone } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { formatReport } from '../validate/format.js';
import { jakartaDate } from '../validate/validate.js';
import { type Command, EXIT, idOption, type Io, parseOptions, repoOption, UsageError } from './io.js';

export const HELP = `Pemakaian / usage: subdomain intake --repo OWNER/NAME --issue N [--dry-run] [--label NAME]
                  subdomain intake --write-form | --print-form

Mengubah issue formulir "Permohonan subdomain" menjadi berkas permohonan dan pull request.
Issue dibaca lewat API; kebijakan dan daftar sub domain dibaca dari direktori kerja
(checkout cabang utama). Bila isian salah: satu komentar berisi masalahnya, tanpa pull request.
Turns a "Permohonan subdomain" form issue into a request file and a pull request. The issue is
read through the API; the policy and register come from the working directory (a checkout of
the default branch). When the answers are wrong: one comment listing the problems, no pull request.

--repo OWNER/NAME  repositori / repository
--issue N          nomor issue / issue number
--dry-run          hanya periksa dan tampilkan; tidak menulis apa pun ke GitHub
                   check and show only; write nothing to GitHub
--label NAME       label formulir / the form's label (bawaan/default ${FORM_LABEL})
--write-form       tulis ulang ${TEMPLATE_PATH} dari .github/sop.yaml (OPD, zona, hosting)
                   rewrite ${TEMPLATE_PATH} from .github/sop.yaml (OPDs, zones, hosting)
--print-form       tampilkan formulir itu tanpa menulis / print that form, write nothing

Lingkungan / environment: GITHUB_TOKEN, GITHUB_API_URL (bawaan/default https://api.github.com)
Kode keluar / exit: 0 pull request dibuat/diperbarui atau dilewati / opened, updated or skipped;
1 isian tidak sah / invalid answers; 2 pemakaian, kebijakan, atau API gagal / usage, policy or API failure
`;

export const branchFor = (issue: number) => `permohonan/issue-${issue}`;

export const run: Command = async (args, io) => {
  const parsed = parseOptions({
    args,
    options: {
      repo: { type: 'string' },
      issue: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      label: { type: 'string', default: FORM_LABEL },
      'write-form': { type: 'boolean', default: false },
      'print-form': { type: 'boolean', default: false },
    },
  }, HELP);
  const o = parsed.values;
  if (o['write-form'] || o['print-form']) return form(io, o['write-form'] ? 'write' : 'print');
  const repo: RepoRef = repoOption(o.repo, HELP);
  const number = idOption(o.issue, '--issue', 'issue', HELP);
  try {
    return await intake(io, repo, number, { dryRun: o['dry-run']!, label: o.label! });
  } catch (error) {
    if (error instanceof ApiFailure) {
      io.stderr(`${error.detail.id}\n${error.detail.en}\n`);
      return EXIT.usage;
    }
    throw error;
  }
};

async function intake(io: Io, repo: RepoRef, number: number, options: { dryRun: boolean; label: string }): Promise<number> {
  const base = new WorkingTree(io.cwd);
  const policy = loadPolicy(base);
  if (!policy.ok) {
    io.stderr(formatReport({ valid: false, files: 1, problems: policy.problems, policyBroken: true, lines: new Map() }, 'text'));
    return EXIT.usage;
  }
  const gh = createGitHub(gitHubOptionsFromEnv(io.env));
  const issue = await readIssue(gh, repo, number);
  if (issue.isPullRequest) throw new UsageError(`#${number} adalah pull request, bukan issue / is a pull request, not an issue`);
  if (issue.state !== 'open') {
    io.stdout(`Issue #${number} sudah ditutup; dilewati / is closed; skipped.\n`);
    return EXIT.ok;
  }
  if (!issue.labels.includes(options.label)) {
    io.stdout(`Issue #${number} tidak berlabel ${options.label}; dilewati / has no ${options.label} label; skipped.\n`);
    return EXIT.ok;
  }
  if (!LOGIN.test(issue.author)) {
    io.stderr(`Penulis issue tidak dikenal / the issue's author is unknown: ${JSON.stringify(issue.author)}\n`);
    return EXIT.usage;
  }

  const today = jakartaDate(io.now());
  const parsed = parseIssueForm(issue.body, { zones: policy.policy.zones.map((z) => z.name), omitContactPhone: omitsContactPhone(policy.policy) });
  const check = checkIssue(base, parsed, { issue: number, author: issue.author }, today);
  if (check.policyBroken) {
    io.stderr(formatReport({ valid: false, files: 1, problems: check.problems, policyBroken: true, lines: new Map() }, 'text'));
    return EXIT.usage;
  }
  const problems: FieldProblem[] = check.problems;
  const { text, path } = check;
  // Only the OPD's own staff may apply in its name: checked before any branch is written.
  const asked = (parsed.request as { opd?: unknown } | undefined)?.opd;
  const letter = (parsed.request as { letter?: RegistrarLetter } | undefined)?.letter ?? {};
  if (!hasErrors(problems) && text && typeof asked === 'string') problems.push(...(await applicantOutsideOpd(gh, policy.policy, issue.author, asked, letter, io.now().toISOString())));
  const branch = branchFor(number);

  if (hasErrors(problems) || !text || !path || !parsed.fqdn) {
    const comment = problemsComment(problems, number);
    io.stdout(describeProblems(problems));
    if (options.dryRun) {
      io.stdout(`\n--dry-run: komentar tidak ditulis / comment not written.\n`);
      return EXIT.problems;
    }
    const open = await openPullFrom(gh, repo, branch);
    const note = open
      ? `\nPull request #${open.number} tetap berisi versi sebelumnya yang sah sampai isian diperbaiki.\nPull request #${open.number} keeps the previous valid version until the answers are fixed.\n`
      : '';
    const written = await upsertMarkedComment(gh, repo, number, INTAKE_COMMENT_MARKER, comment + note, issueCommentWhat(number));
    io.stdout(`Komentar pada issue #${number} / comment on issue #${number}: ${written}\n`);
    return EXIT.problems;
  }

  const request = parsed.request as { action: string; opd: string };
  const pr = pullRequestText({ issue: number, author: issue.author, fqdn: parsed.fqdn, action: request.action, opd: request.opd, path });
  if (options.dryRun) {
    io.stdout(`Sah / valid: ${path} (cabang / branch ${branch})\n\n${text}\n${describeProblems(problems)}--dry-run: tidak ada yang ditulis / nothing written.\n`);
    return EXIT.ok;
  }
  const commitMessage = `Permohonan subdomain ${parsed.fqdn} (${request.action}) dari issue #${number}\n\nRequest for ${parsed.fqdn} from issue #${number} by @${issue.author}.`;
  const { pull, created, branch: written } = await proposeFile(gh, repo, { branch, path, text, commitMessage, title: pr.title, body: pr.body });
  const warnings = problems.filter((p) => p.severity === 'warning');
  await upsertMarkedComment(gh, repo, number, INTAKE_COMMENT_MARKER, forwardedComment({ issue: number, pullNumber: pull.number, pullUrl: pull.url, fqdn: parsed.fqdn, path, warnings }), issueCommentWhat(number));
  io.stdout(`Cabang / branch ${branch}: ${written}; pull request #${pull.number} ${created ? 'dibuat / opened' : 'diperbarui / updated'}: ${pull.url}\n`);
  return EXIT.ok;
}

/** The issue form of the working directory's policy, printed or written to its place. */
function form(io: Io, mode: 'write' | 'print'): number {
  const policy = loadPolicy(new WorkingTree(io.cwd));
  if (!policy.ok) {
    io.stderr(formatReport({ valid: false, files: 1, problems: policy.problems, policyBroken: true, lines: new Map() }, 'text'));
    return EXIT.usage;
  }
  const text = renderIssueForm(policy.policy);
  if (mode === 'print') {
    io.stdout(text);
    return EXIT.ok;
  }
  const target = join(io.cwd, TEMPLATE_PATH);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  io.stdout(`Ditulis / written: ${TEMPLATE_PATH} (${Object.keys(policy.policy.opds).length} OPD)\n`);
  return EXIT.ok;
}

function issueCommentWhat(issue: number): Message {
  return msg(`Menulis komentar pada issue #${issue}`, `Writing the comment on issue #${issue}`);
}
