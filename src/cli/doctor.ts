import { TEMPLATE_PATH } from '../intake/form.js';
import { renderIssueForm } from '../intake/form-template.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../model/problem.js';
import { emblemProblems } from '../letters/emblem.js';
import { POLICY_PATH } from '../model/domain.js';
import { doctor, missingLabels, WORKFLOWS_DIR, type DoctorReport, type Finding, type GitHubFacts, type GitHubSkipped, type LabelFact, type LocalFacts } from '../office/doctor.js';
import { readProductPrefix } from '../office/callers.js';
import { loadPolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { EXIT, parseOptions, UsageError, type Command, type Io } from './io.js';
import { COMMAND_NAMES } from './main.js';

export const HELP = `Pemakaian / usage: subdomain doctor [--repo OWNER/NAME] [--fix] [--format text|json]

Memeriksa apakah kantor siap berjalan. Bagian lokal: kebijakan (.github/sop.yaml: preset, peran
dan orangnya, OPD, zona dan zone id, backend state, isian kantor) dan workflow di
${WORKFLOWS_DIR}/ (pemanggil subdomain-*.yml lengkap, sama dengan buatan \`subdomain init\`,
memanggil workflow produk pada tag rilis). Dengan GITHUB_TOKEN,
lewat API GitHub: label yang dipakai workflow, variabel dan secret (hanya namanya), environment
dan cabang yang boleh memakainya, proteksi atau ruleset cabang main (check validate / validate
dan sop/approvals beserta sumbernya, wajib pull request dan cabang terbaru, GitHub App sebagai
satu-satunya yang boleh melewati), dan izin GitHub App. Satu baris per temuan beserta yang perlu dilakukan.
Checks whether the office can go live. Local part: the policy and the workflows (the callers
subdomain-*.yml, calling the product's reusable workflows at a release tag). With
GITHUB_TOKEN, through GitHub's API: the labels the workflows use, the variables and secrets
(names only), the environments and the branches that may use them, the protection or rulesets
of main (the validate / validate and sop/approvals checks and their source, pull requests and
up-to-date branches required, the GitHub App as the only bypass actor) and the GitHub App's
permissions. One line per finding, with what to do.

  --repo OWNER/NAME  repositori / repository (bawaan/default GITHUB_REPOSITORY, lalu/then the
                     origin remote in .git/config)
  --fix              buat label yang belum ada / create the missing labels (only)
  --format           text (bawaan/default) atau/or json

Token: baca/read Metadata, Issues, Variables, Secrets, Actions, Environments, Administration
(repositori/repository); Administration: read (organisasi/organisation) untuk/for the App;
Issues: write untuk/for --fix. Izin yang kurang menjadi temuan, tidak pernah "beres".
A missing permission is a finding, never "fine".
Lingkungan / environment: GITHUB_TOKEN, GITHUB_API_URL.
Kode keluar / exit: 0 siap (tanpa galat) / ready (no errors), 1 ada galat atau bagian GitHub
belum diperiksa / errors, or the GitHub part not checked, 2 pemakaian / usage.
`;

const REPO = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      repo: { type: 'string' },
      fix: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
    },
    allowPositionals: false,
  }, HELP);
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format harus / must be text or json\n\n${HELP}`);
  if (values.repo !== undefined && !REPO.test(values.repo)) throw new UsageError(`--repo harus OWNER/NAME / must be OWNER/NAME (bukan/not ${values.repo})\n\n${HELP}`);

  const local = readLocal(io.cwd);
  const repo = values.repo ?? (REPO.test(io.env.GITHUB_REPOSITORY ?? '') ? io.env.GITHUB_REPOSITORY! : originRepo(io.cwd));
  const created: LabelFact[] = [];
  const github = await readGitHub(io, repo, local, values.fix, created);
  const report = doctor({ local, github });
  io.stdout(format === 'json' ? `${JSON.stringify(toJson(report, repo, created), null, 2)}\n` : renderText(report, created, values.fix));
  return report.ready ? EXIT.ok : EXIT.problems;
};

function readLocal(cwd: string): LocalFacts {
  const tree = new WorkingTree(cwd);
  const workflows = tree.list(WORKFLOWS_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .flatMap((name) => {
      const bytes = tree.read(`${WORKFLOWS_DIR}/${name}`);
      return bytes ? [{ file: `${WORKFLOWS_DIR}/${name}`, text: Buffer.from(bytes).toString('utf8') }] : [];
    });
  const prefix = readProductPrefix('exact');
  if (prefix.kind !== 'remote') throw new Error('the product prefix is always remote');
  const policy = loadPolicy(tree);
  const form = tree.read(TEMPLATE_PATH);
  return {
    policy,
    workflows,
    knownCommands: COMMAND_NAMES,
    product: { slug: prefix.slug, version: prefix.ref.replace(/^v/, '') },
    ...(policy.ok ? { issueForm: { committed: form ? Buffer.from(form).toString('utf8') : undefined, generated: renderIssueForm(policy.policy) } } : {}),
    ...(policy.ok ? { emblem: emblemProblems(tree, POLICY_PATH, policy.source, policy.policy.office.emblem) } : {}),
  };
}

/** `owner/name` of a github.com-style `origin` remote in .git/config, if any. */
function originRepo(cwd: string): string | undefined {
  let config: string;
  try {
    config = readFileSync(join(cwd, '.git', 'config'), 'utf8');
  } catch {
    return undefined;
  }
  const section = /\[remote "origin"\]([^[]*)/.exec(config)?.[1] ?? '';
  const url = /^\s*url\s*=\s*(\S+)/m.exec(section)?.[1] ?? '';
  const m = /[:/]([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

async function readGitHub(io: Io, repo: string | undefined, local: LocalFacts, fix: boolean, created: LabelFact[]): Promise<GitHubFacts | GitHubSkipped> {
  const fixNote = fix ? { id: ' Tidak ada label yang dibuat (--fix).', en: ' No label was created (--fix).' } : { id: '', en: '' };
  if (!io.env.GITHUB_TOKEN) {
    return {
      skipped: { id: `Bagian GitHub (label, variabel, secret, environment, proteksi main, GitHub App) belum diperiksa: GITHUB_TOKEN tidak diisi, jadi kantor belum dapat dinyatakan siap.${fixNote.id}`, en: `The GitHub part (labels, variables, secrets, environments, protection of main, the GitHub App) was not checked: GITHUB_TOKEN is not set, so the office cannot be declared ready.${fixNote.en}` },
      fix: { id: 'Jalankan lagi dengan token admin repositori: `GITHUB_TOKEN=$(gh auth token) npx subdomain doctor`.', en: 'Run it again with a repository admin\'s token: `GITHUB_TOKEN=$(gh auth token) npx subdomain doctor`.' },
    };
  }
  const match = REPO.exec(repo ?? '');
  if (!match) {
    return {
      skipped: { id: `Bagian GitHub belum diperiksa: repositorinya tidak diketahui.${fixNote.id}`, en: `The GitHub part was not checked: the repository is not known.${fixNote.en}` },
      fix: { id: 'Sebutkan dengan `--repo OWNER/NAME`.', en: 'Name it with `--repo OWNER/NAME`.' },
    };
  }
  // Octokit is loaded only when GitHub is asked.
  const [{ createGitHub, gitHubOptionsFromEnv }, { createLabels, readOfficeGitHub }] = await Promise.all([import('../github/client.js'), import('../github/doctor.js')]);
  const gh = createGitHub(gitHubOptionsFromEnv(io.env));
  const ref = { owner: match[1]!, repo: match[2]! };
  const facts = await readOfficeGitHub(gh, ref);
  if ('skipped' in facts || !fix || !facts.labels.ok) return facts;
  const wanted = missingLabels(facts.labels.value, local);
  if (wanted.length === 0) return facts;
  const result = await createLabels(gh, ref, wanted);
  created.push(...result.created);
  return { ...facts, labels: { ok: true, value: [...facts.labels.value, ...result.created] }, writes: [...(facts.writes ?? []), ...result.failures] };
}

const SEVERITY: Record<Severity, string> = { error: 'galat', warning: 'peringatan' };

/** One line per finding: severity, id, place, then Indonesian (what, what to do) / English. */
export function findingLine(f: Finding): string {
  const where = f.where ? `${f.where}: ` : '';
  return `${SEVERITY[f.severity].padEnd(10)} ${f.id}  ${where}${f.message.id} ${f.fix.id} / ${f.message.en} ${f.fix.en}`;
}

function renderText(report: DoctorReport, created: readonly LabelFact[], fix: boolean): string {
  const lines: string[] = [];
  for (const label of created) lines.push(`${'dibuat'.padEnd(10)} label/created  Label \`${label.name}\` dibuat. / Label \`${label.name}\` created.`);
  const order = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  for (const f of [...report.findings].sort((a, b) => order(a) - order(b))) lines.push(findingLine(f));
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const verdict = report.ready
    ? 'Kantor siap berjalan. / The office can go live.'
    : report.githubChecked
      ? 'Kantor belum siap berjalan. / The office cannot go live yet.'
      : 'Kantor belum dapat dinyatakan siap: bagian GitHub belum diperiksa. / The office cannot be declared ready: the GitHub part was not checked.';
  const fixed = fix && created.length > 0 ? ` ${created.length} label dibuat / ${created.length} labels created.` : '';
  lines.push(`Ringkasan / summary: ${errors} galat/errors, ${warnings} peringatan/warnings.${fixed} ${verdict}`);
  return `${lines.join('\n')}\n`;
}

function toJson(report: DoctorReport, repo: string | undefined, created: readonly LabelFact[]) {
  return {
    ready: report.ready,
    githubChecked: report.githubChecked,
    repo: repo ?? null,
    created: created.map((l) => l.name),
    findings: report.findings.map((f) => ({ id: f.id, severity: f.severity, where: f.where ?? null, message: f.message, fix: f.fix })),
  };
}
