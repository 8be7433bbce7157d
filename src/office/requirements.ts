/**
 * What the product's workflows need from the GitHub repository they run in, declared once:
 * labels, Actions variables and secrets, environments, the required checks on `main`, the
 * GitHub App's permissions, the workflow files themselves and the actions they call.
 * `subdomain doctor` checks an office against this list; test/office/requirements.test.ts reads
 * every file in .github/workflows/ and fails when a workflow uses something this list does not
 * declare, or the list declares something no workflow uses.
 *
 * Pure data: no GitHub client, no file system.
 */
import { msg, type Message } from '../model/problem.js';

/** The branch everything is protected on and deployed from. */
export const MAIN_BRANCH = 'main';

/** The GitHub App behind a workflow's GITHUB_TOKEN (github.com). */
export const GITHUB_ACTIONS_APP_ID = 15368;

/**
 * When a requirement must be met. `always`: an error when missing. `recommended`: a warning.
 * `backend`: required when the policy's backend is of that type. `teams`: required when the
 * policy names a team anywhere (roles or OPDs), recommended otherwise. `with-secret`: required
 * when that secret exists.
 */
export type Need =
  | { kind: 'always' }
  | { kind: 'recommended' }
  | { kind: 'backend'; backend: 's3' | 'remote' }
  | { kind: 'teams' }
  | { kind: 'with-secret'; secret: string };

const always: Need = { kind: 'always' };
const recommended: Need = { kind: 'recommended' };

export interface WorkflowRequirement {
  /** File name under .github/workflows/. */
  file: string;
  /** The workflow's `name:` (other workflows' `workflow_run` triggers name it). */
  name: string;
  need: Need;
  purpose: Message;
}

export interface LabelRequirement {
  name: string;
  /** Six hex digits, no `#`. */
  color: string;
  description: string;
  need: Need;
  /** The label's name is the policy's `limits.override_label` (this is its default). */
  fromPolicy?: 'limits.override_label';
  /** Workflow files (or, for labels set by code, the source file) that use it. */
  usedBy: string[];
  purpose: Message;
}

/** `repository` = a repository or organisation secret/variable; otherwise an environment's name. */
export type Scope = 'repository' | string;

export interface VariableRequirement {
  name: string;
  scopes: Scope[];
  need: Need;
  usedBy: string[];
  purpose: Message;
}

export interface SecretRequirement {
  name: string;
  /** Where the jobs that read it run. */
  scopes: Scope[];
  /**
   * Where it must be stored. `repository`: a repository or organisation secret, which every job
   * sees (a job in an environment too). `environment`: in each environment of `scopes`, never as
   * a repository secret, which a workflow on any branch could read.
   */
  home: 'repository' | 'environment';
  need: Need;
  usedBy: string[];
  purpose: Message;
}

export interface EnvironmentRequirement {
  name: string;
  need: Need;
  /** Deployments only from `main`. */
  mainOnly: boolean;
  /** Required reviewers would hold a scheduled job (the daily drift check) waiting for a person. */
  noReviewers: boolean;
  usedBy: string[];
  purpose: Message;
}

export interface RequiredCheck {
  /** The check's name on a commit: a check run or commit status context. */
  context: string;
  /** Who must provide it: GitHub Actions, or the office's GitHub App (GitHub Actions without one). */
  source: 'github-actions' | 'sop-app';
  /** The workflow and job that report it. */
  workflow: string;
  job: string;
  purpose: Message;
}

export interface AppPermission {
  scope: 'repository' | 'organization';
  /** GitHub's key in an installation's `permissions`. */
  name: string;
  level: 'read' | 'write';
  need: Need;
  /** For people: the name GitHub's settings page shows. */
  title: string;
  /** `workflow.yml#job`: the jobs that hand the App's token to a command needing this. */
  usedBy: string[];
  purpose: Message;
}

export interface ActionRequirement {
  /** `owner/name` (a sub-path allowed: `owner/name/path`). */
  action: string;
  /** The ref the product's workflows use. */
  ref: string;
}

export const WORKFLOWS: readonly WorkflowRequirement[] = [
  { file: 'validate.yml', name: 'validate', need: always, purpose: msg('memeriksa berkas permohonan di pull request (check `validate`)', 'checks request files on pull requests (the `validate` check)') },
  { file: 'approvals.yml', name: 'sop-approvals', need: always, purpose: msg('memeriksa persetujuan SOP (check `sop/approvals`)', 'checks the SOP approvals (the `sop/approvals` check)') },
  { file: 'approvals-review.yml', name: 'sop-approvals-review', need: always, purpose: msg('memicu pemeriksaan persetujuan setelah setiap review', 'triggers the approvals check after every review') },
  { file: 'apply.yml', name: 'Terapkan DNS / Apply DNS', need: always, purpose: msg('menerapkan DNS ke Cloudflare dan mencatat daftar sub domain setelah merge', 'applies DNS to Cloudflare and records the register after a merge') },
  { file: 'intake.yml', name: 'intake', need: always, purpose: msg('mengubah formulir issue menjadi pull request permohonan', 'turns the request form issue into a request pull request') },
  { file: 'drift.yml', name: 'Periksa drift DNS / DNS drift check', need: recommended, purpose: msg('memeriksa setiap hari apakah DNS di Cloudflare sama dengan daftar', 'checks daily that DNS at Cloudflare matches the register') },
  { file: 'steps.yml', name: 'sop-after-merge-steps', need: recommended, purpose: msg('mencatat langkah SOP setelah merge (`/langkah`)', 'records the after-merge SOP steps (`/step`)') },
  { file: 'reconfirm.yml', name: 'subdomain-reconfirm', need: recommended, purpose: msg('mencatat konfirmasi ulang sub domain oleh OPD (`/konfirmasi`)', 'records the OPDs\' re-confirmations (`/confirm`)') },
  { file: 'watch.yml', name: 'Pantau sub domain / watch the subdomains', need: recommended, purpose: msg('memantau setiap sub domain setiap hari dan menangani insidennya', 'watches every subdomain daily and handles its incidents') },
  { file: 'pages.yml', name: 'Situs daftar / Register site', need: recommended, purpose: msg('menerbitkan situs daftar sub domain dan Mutu Baku', 'publishes the register site and the Mutu Baku dashboard') },
];

export const LABELS: readonly LabelRequirement[] = [
  {
    name: 'permohonan-subdomain', color: '0e8a16', description: 'Permohonan subdomain lewat formulir / subdomain request by form', need: always,
    usedBy: ['.github/ISSUE_TEMPLATE/permohonan-subdomain.yml', 'intake.yml', 'src/intake/form.ts'],
    purpose: msg('formulir issue memberi label ini dan workflow intake hanya berjalan pada issue berlabel ini (GitHub tidak memasang label yang belum ada)', 'the issue form sets it and the intake workflow only runs on issues carrying it (GitHub does not set a label that does not exist)'),
  },
  {
    name: 'konfirmasi-ulang', color: 'fbca04', description: 'Konfirmasi ulang sub domain oleh OPD / subdomain re-confirmation by its OPD', need: always,
    usedBy: ['reconfirm.yml', 'src/watch/reconfirm.ts'],
    purpose: msg('issue konfirmasi ulang memakai label ini dan workflow konfirmasi hanya berjalan pada issue berlabel ini', 're-confirmation issues carry it and the confirm workflow only runs on issues carrying it'),
  },
  {
    name: 'insiden-subdomain', color: 'd93f0b', description: 'Insiden sub domain dari pemantauan / subdomain incident from the watch', need: always,
    usedBy: ['src/watch/incident-issue.ts'],
    purpose: msg('issue insiden pemantauan memakai label ini', 'the watch\'s incident issues carry it'),
  },
  {
    name: 'dns-drift', color: 'b60205', description: 'DNS berbeda dari repositori / DNS differs from the repository', need: recommended,
    usedBy: ['drift.yml'],
    purpose: msg('issue drift DNS memakai label ini (workflow drift juga membuatnya sendiri)', 'the DNS drift issue carries it (the drift workflow also creates it itself)'),
  },
  {
    name: 'izin-hapus-massal', color: 'b60205', description: 'Izinkan apply menghapus banyak catatan DNS / allow the apply to delete many DNS records', need: always,
    fromPolicy: 'limits.override_label', usedBy: ['apply.yml'],
    purpose: msg('pengelola memberi label ini pada pull request yang memang menghapus lebih dari `limits.max_deletes` catatan', 'maintainers put it on a pull request that deliberately deletes more than `limits.max_deletes` records'),
  },
];

export const VARIABLES: readonly VariableRequirement[] = [
  {
    name: 'SUBDOMAIN_INTAKE_BOTS', scopes: ['repository'], need: { kind: 'with-secret', secret: 'SUBDOMAIN_INTAKE_TOKEN' }, usedBy: ['approvals.yml', 'steps.yml'],
    purpose: msg('login akun yang membuka pull request dari formulir (pemilik SUBDOMAIN_INTAKE_TOKEN), agar pemohonnya dibaca dari issue', 'the login the intake opens pull requests as (the owner of SUBDOMAIN_INTAKE_TOKEN), so the applicant is read from the issue'),
  },
];

export const SECRETS: readonly SecretRequirement[] = [
  {
    name: 'CLOUDFLARE_API_TOKEN', scopes: ['dns-production', 'dns-drift'], home: 'environment', need: always, usedBy: ['apply.yml', 'drift.yml', 'watch.yml'],
    purpose: msg('token API Cloudflare: DNS → Edit untuk dns-production, DNS → Read cukup untuk dns-drift, hanya zona kantor', 'the Cloudflare API token: DNS → Edit for dns-production, DNS → Read is enough for dns-drift, on the office\'s zones only'),
  },
  {
    name: 'TF_STATE_ACCESS_KEY_ID', scopes: ['dns-production'], home: 'environment', need: { kind: 'backend', backend: 's3' }, usedBy: ['apply.yml'],
    purpose: msg('kunci akses R2/S3 untuk state Terraform (backend s3)', 'the R2/S3 access key for the Terraform state (backend s3)'),
  },
  {
    name: 'TF_STATE_SECRET_ACCESS_KEY', scopes: ['dns-production'], home: 'environment', need: { kind: 'backend', backend: 's3' }, usedBy: ['apply.yml'],
    purpose: msg('kunci rahasia R2/S3 untuk state Terraform (backend s3)', 'the R2/S3 secret key for the Terraform state (backend s3)'),
  },
  {
    name: 'TF_API_TOKEN', scopes: ['dns-production'], home: 'environment', need: { kind: 'backend', backend: 'remote' }, usedBy: ['apply.yml'],
    purpose: msg('token HCP Terraform (backend remote)', 'the HCP Terraform token (backend remote)'),
  },
  {
    name: 'SOP_APP_ID', scopes: ['repository', 'dns-drift'], home: 'repository', need: { kind: 'teams' }, usedBy: ['approvals.yml', 'apply.yml', 'steps.yml', 'reconfirm.yml', 'watch.yml'],
    purpose: msg('id GitHub App kantor: membaca keanggotaan tim dan menulis check run sop/approvals yang tidak dapat dipalsukan', 'the office\'s GitHub App id: reads team membership and writes the sop/approvals check run nobody can forge'),
  },
  {
    name: 'SOP_APP_PRIVATE_KEY', scopes: ['repository', 'dns-drift'], home: 'repository', need: { kind: 'teams' }, usedBy: ['approvals.yml', 'apply.yml', 'steps.yml', 'reconfirm.yml', 'watch.yml'],
    purpose: msg('kunci privat GitHub App kantor', 'the office\'s GitHub App private key'),
  },
  {
    name: 'SUBDOMAIN_INTAKE_TOKEN', scopes: ['repository'], home: 'repository', need: recommended, usedBy: ['intake.yml'],
    purpose: msg('token yang membuka pull request dari formulir; dengan token bawaan, validate dan sop/approvals tidak berjalan pada pull request itu', 'the token the intake opens pull requests with; with the default token, validate and sop/approvals do not run on those pull requests'),
  },
];

export const ENVIRONMENTS: readonly EnvironmentRequirement[] = [
  {
    name: 'dns-production', need: always, mainOnly: true, noReviewers: false, usedBy: ['apply.yml'],
    purpose: msg('menyimpan token Cloudflare dan state untuk apply; hanya cabang main yang boleh memakainya', 'holds the Cloudflare and state tokens for the apply; only the main branch may use it'),
  },
  {
    name: 'dns-drift', need: always, mainOnly: true, noReviewers: true, usedBy: ['drift.yml', 'watch.yml'],
    purpose: msg('menyimpan token Cloudflare baca-saja untuk pemeriksaan drift dan pemantauan harian, tanpa reviewer', 'holds the read-only Cloudflare token for the daily drift check and watch, without reviewers'),
  },
  {
    name: 'github-pages', need: recommended, mainOnly: true, noReviewers: false, usedBy: ['pages.yml'],
    purpose: msg('dibuat GitHub saat Pages bersumber GitHub Actions; situs hanya diterbitkan dari main', 'created by GitHub when Pages is built by GitHub Actions; the site is published from main only'),
  },
];

export const REQUIRED_CHECKS: readonly RequiredCheck[] = [
  { context: 'validate', source: 'github-actions', workflow: 'validate.yml', job: 'validate', purpose: msg('berkas permohonan lolos aturan', 'the request files pass the rules') },
  { context: 'sop/approvals', source: 'sop-app', workflow: 'approvals.yml', job: 'approvals', purpose: msg('pejabat sesuai SOP sudah menyetujui', 'the officials the SOP names approved') },
];

export const APP_PERMISSIONS: readonly AppPermission[] = [
  { scope: 'organization', name: 'members', level: 'read', need: { kind: 'teams' }, title: 'Organization → Members', usedBy: ['approvals.yml#approvals', 'steps.yml#record', 'reconfirm.yml#confirm', 'apply.yml#zones', 'apply.yml#register', 'watch.yml#watch'], purpose: msg('membaca anggota tim yang memegang peran SOP atau mewakili OPD', 'reads the members of the teams that hold SOP roles or stand for OPDs') },
  { scope: 'repository', name: 'contents', level: 'read', need: always, title: 'Repository → Contents', usedBy: ['approvals.yml#approvals'], purpose: msg('membaca berkas permohonan pada pull request', 'reads the request files of a pull request') },
  { scope: 'repository', name: 'contents', level: 'write', need: always, title: 'Repository → Contents', usedBy: ['watch.yml#watch'], purpose: msg('menulis cabang permohonan hapus dari insiden', 'writes the branch of a delete request made from an incident') },
  { scope: 'repository', name: 'pull_requests', level: 'write', need: always, title: 'Repository → Pull requests', usedBy: ['approvals.yml#approvals', 'steps.yml#record', 'apply.yml#zones', 'apply.yml#register', 'watch.yml#watch'], purpose: msg('membaca review, menulis komentar, meminta review langkah berikutnya dan membuka permohonan hapus', 'reads reviews, writes the comment, requests the next step\'s reviews and opens delete requests') },
  { scope: 'repository', name: 'statuses', level: 'write', need: always, title: 'Repository → Commit statuses', usedBy: ['approvals.yml#approvals'], purpose: msg('menulis status sop/approvals', 'writes the sop/approvals status') },
  { scope: 'repository', name: 'checks', level: 'write', need: always, title: 'Repository → Checks', usedBy: ['approvals.yml#approvals'], purpose: msg('menulis check run sop/approvals', 'writes the sop/approvals check run') },
  { scope: 'repository', name: 'issues', level: 'write', need: always, title: 'Repository → Issues', usedBy: ['reconfirm.yml#confirm', 'watch.yml#watch'], purpose: msg('membalas dan menutup issue konfirmasi ulang dan issue insiden', 'answers and closes re-confirmation and incident issues') },
  { scope: 'repository', name: 'repository_advisories', level: 'write', need: always, title: 'Repository → Repository security advisories', usedBy: ['watch.yml#watch'], purpose: msg('menulis security advisory draf untuk temuan kelas pengambilalihan', 'writes the draft security advisory of a takeover-class finding') },
];

/** The actions the product's workflows call, at the refs they call. */
export const ACTIONS: readonly ActionRequirement[] = [
  { action: 'actions/checkout', ref: 'v4' },
  { action: 'actions/setup-node', ref: 'v4' },
  { action: 'actions/create-github-app-token', ref: 'v2' },
  { action: 'actions/upload-artifact', ref: 'v4' },
  { action: 'actions/download-artifact', ref: 'v4' },
  { action: 'hashicorp/setup-terraform', ref: 'v3' },
  { action: 'actions/upload-pages-artifact', ref: 'v3' },
  { action: 'actions/deploy-pages', ref: 'v4' },
];

/** Six hex digits, as GitHub stores a label colour. */
export function isLabelColor(color: string): boolean {
  return /^[0-9a-f]{6}$/i.test(color);
}
