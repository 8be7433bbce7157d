/**
 * What the product's workflows need from the GitHub repository they run in, declared once:
 * labels, Actions variables and secrets, environments, the required checks on `main`, the
 * GitHub App's permissions, the workflow files themselves and the actions they call.
 * `subdomain doctor` checks an office against this list; test/office/requirements.test.ts reads
 * every file in .github/workflows/ and fails when a workflow uses something this list does not
 * declare, or the list declares something no workflow uses.
 *
 * An office holds the thin callers (`subdomain-<name>.yml`, src/office/callers.ts); the jobs are
 * the product's reusable workflows (`<name>.yml`), called at a pinned version. Every `usedBy`
 * names the office's file, the caller (`subdomain-apply.yml`, or `subdomain-apply.yml#register`
 * for the reusable workflow's job `register`), since that is what an office has or lacks.
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
  /** The caller's file name under .github/workflows/ (what an office holds). */
  file: string;
  /** The workflow's `name:` (other workflows' `workflow_run` triggers name it). */
  name: string;
  /** The product's reusable workflow it calls: `uses: <product>/.github/workflows/<reusable>@<ref>`. */
  reusable: string;
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
  /** The check's name on a commit: a check run or commit status context (a called job's: `caller job / job name`). */
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
  /** The ref the product's workflows use: a full commit SHA. */
  ref: string;
  /** The release that commit is (the comment beside the pin; Dependabot moves both). */
  tag: string;
}

export const WORKFLOWS: readonly WorkflowRequirement[] = [
  { file: 'subdomain-validate.yml', name: 'validate', reusable: 'validate.yml', need: always, purpose: msg('memeriksa berkas permohonan di pull request (check `validate / validate`)', 'checks request files on pull requests (the `validate / validate` check)') },
  { file: 'subdomain-approvals.yml', name: 'sop-approvals', reusable: 'approvals.yml', need: always, purpose: msg('memeriksa persetujuan SOP (check `sop/approvals`)', 'checks the SOP approvals (the `sop/approvals` check)') },
  { file: 'subdomain-approvals-review.yml', name: 'sop-approvals-review', reusable: 'approvals-review.yml', need: always, purpose: msg('memicu pemeriksaan persetujuan setelah setiap review', 'triggers the approvals check after every review') },
  { file: 'subdomain-apply.yml', name: 'Terapkan DNS / Apply DNS', reusable: 'apply.yml', need: always, purpose: msg('menerapkan DNS ke Cloudflare dan mencatat daftar sub domain setelah merge', 'applies DNS to Cloudflare and records the register after a merge') },
  { file: 'subdomain-intake.yml', name: 'intake', reusable: 'intake.yml', need: always, purpose: msg('mengubah formulir issue menjadi pull request permohonan', 'turns the request form issue into a request pull request') },
  { file: 'subdomain-drift.yml', name: 'Periksa drift DNS / DNS drift check', reusable: 'drift.yml', need: recommended, purpose: msg('memeriksa setiap hari apakah DNS di Cloudflare sama dengan daftar', 'checks daily that DNS at Cloudflare matches the register') },
  { file: 'subdomain-steps.yml', name: 'sop-after-merge-steps', reusable: 'steps.yml', need: recommended, purpose: msg('mencatat langkah SOP setelah merge (`/langkah`)', 'records the after-merge SOP steps (`/step`)') },
  { file: 'subdomain-reconfirm.yml', name: 'subdomain-reconfirm', reusable: 'reconfirm.yml', need: recommended, purpose: msg('mencatat konfirmasi ulang sub domain oleh OPD (`/konfirmasi`)', 'records the OPDs\' re-confirmations (`/confirm`)') },
  { file: 'subdomain-watch.yml', name: 'Pantau sub domain / watch the subdomains', reusable: 'watch.yml', need: recommended, purpose: msg('memantau setiap sub domain setiap hari dan menangani insidennya', 'watches every subdomain daily and handles its incidents') },
  { file: 'subdomain-pages.yml', name: 'Situs daftar / Register site', reusable: 'pages.yml', need: recommended, purpose: msg('menerbitkan situs daftar sub domain dan Mutu Baku', 'publishes the register site and the Mutu Baku dashboard') },
];

export const LABELS: readonly LabelRequirement[] = [
  {
    name: 'permohonan-subdomain', color: '0e8a16', description: 'Permohonan subdomain lewat formulir / subdomain request by form', need: always,
    usedBy: ['.github/ISSUE_TEMPLATE/permohonan-subdomain.yml', 'subdomain-intake.yml', 'src/intake/form.ts'],
    purpose: msg('formulir issue memberi label ini dan workflow intake hanya berjalan pada issue berlabel ini (GitHub tidak memasang label yang belum ada)', 'the issue form sets it and the intake workflow only runs on issues carrying it (GitHub does not set a label that does not exist)'),
  },
  {
    name: 'konfirmasi-ulang', color: 'fbca04', description: 'Konfirmasi ulang sub domain oleh OPD / subdomain re-confirmation by its OPD', need: always,
    usedBy: ['subdomain-reconfirm.yml', 'src/watch/reconfirm.ts'],
    purpose: msg('issue konfirmasi ulang memakai label ini dan workflow konfirmasi hanya berjalan pada issue berlabel ini', 're-confirmation issues carry it and the confirm workflow only runs on issues carrying it'),
  },
  {
    name: 'insiden-subdomain', color: 'd93f0b', description: 'Insiden sub domain dari pemantauan / subdomain incident from the watch', need: always,
    usedBy: ['src/watch/incident-issue.ts'],
    purpose: msg('issue insiden pemantauan memakai label ini', 'the watch\'s incident issues carry it'),
  },
  {
    name: 'dns-drift', color: 'b60205', description: 'DNS berbeda dari repositori / DNS differs from the repository', need: recommended,
    usedBy: ['subdomain-drift.yml'],
    purpose: msg('issue drift DNS memakai label ini (workflow drift juga membuatnya sendiri)', 'the DNS drift issue carries it (the drift workflow also creates it itself)'),
  },
  {
    name: 'izin-hapus-massal', color: 'b60205', description: 'Izinkan apply menghapus banyak catatan DNS / allow the apply to delete many DNS records', need: always,
    fromPolicy: 'limits.override_label', usedBy: ['subdomain-apply.yml'],
    purpose: msg('pengelola memberi label ini pada pull request yang memang menghapus lebih dari `limits.max_deletes` catatan; hanya berlaku bila yang memasangnya memegang peran maintainers (linimasa)', 'maintainers put it on a pull request that deliberately deletes more than `limits.max_deletes` records; it counts only when whoever added it holds the maintainers role (the timeline)'),
  },
];

export const VARIABLES: readonly VariableRequirement[] = [
  {
    name: 'SUBDOMAIN_INTAKE_BOTS', scopes: ['repository'], need: { kind: 'with-secret', secret: 'SUBDOMAIN_INTAKE_TOKEN' }, usedBy: ['subdomain-approvals.yml', 'subdomain-apply.yml', 'subdomain-steps.yml'],
    purpose: msg('login akun yang membuka pull request dari formulir (pemilik SUBDOMAIN_INTAKE_TOKEN), agar pemohonnya dibaca dari issue', 'the login the intake opens pull requests as (the owner of SUBDOMAIN_INTAKE_TOKEN), so the applicant is read from the issue'),
  },
];

export const SECRETS: readonly SecretRequirement[] = [
  {
    name: 'CLOUDFLARE_API_TOKEN', scopes: ['dns-production', 'dns-drift'], home: 'environment', need: always, usedBy: ['subdomain-apply.yml', 'subdomain-drift.yml', 'subdomain-watch.yml'],
    purpose: msg('token API Cloudflare: DNS → Edit untuk dns-production, hanya baca (Zone → Zone → Read, Zone → DNS → Read) untuk dns-drift, hanya zona kantor', 'the Cloudflare API token: DNS → Edit for dns-production, read-only (Zone → Zone → Read, Zone → DNS → Read) for dns-drift, on the office\'s zones only'),
  },
  {
    name: 'TF_STATE_ACCESS_KEY_ID', scopes: ['dns-production'], home: 'environment', need: { kind: 'backend', backend: 's3' }, usedBy: ['subdomain-apply.yml'],
    purpose: msg('kunci akses R2/S3 untuk state Terraform (backend s3); hanya di dns-production, pemeriksaan drift tidak menyentuh state', 'the R2/S3 access key for the Terraform state (backend s3); in dns-production only, the drift check never touches the state'),
  },
  {
    name: 'TF_STATE_SECRET_ACCESS_KEY', scopes: ['dns-production'], home: 'environment', need: { kind: 'backend', backend: 's3' }, usedBy: ['subdomain-apply.yml'],
    purpose: msg('kunci rahasia R2/S3 untuk state Terraform (backend s3)', 'the R2/S3 secret key for the Terraform state (backend s3)'),
  },
  {
    name: 'TF_API_TOKEN', scopes: ['dns-production'], home: 'environment', need: { kind: 'backend', backend: 'remote' }, usedBy: ['subdomain-apply.yml'],
    purpose: msg('token HCP Terraform (backend remote), diberikan sebagai TF_TOKEN_<hostname kebijakan>', 'the HCP Terraform token (backend remote), handed over as TF_TOKEN_<the policy\'s hostname>'),
  },
  {
    name: 'SOP_APP_ID', scopes: ['sop-app', 'dns-drift'], home: 'environment', need: always, usedBy: ['subdomain-approvals.yml', 'subdomain-apply.yml', 'subdomain-steps.yml', 'subdomain-reconfirm.yml', 'subdomain-watch.yml'],
    purpose: msg('id GitHub App kantor: satu-satunya yang boleh push ke main yang diproteksi (commit daftar), membaca keanggotaan tim dan menulis check run sop/approvals yang tidak dapat dipalsukan', 'the office\'s GitHub App id: the one actor that may push to the protected main (the register commits), reads team membership and writes the sop/approvals check run nobody can forge'),
  },
  {
    name: 'SOP_APP_PRIVATE_KEY', scopes: ['sop-app', 'dns-drift'], home: 'environment', need: always, usedBy: ['subdomain-approvals.yml', 'subdomain-apply.yml', 'subdomain-steps.yml', 'subdomain-reconfirm.yml', 'subdomain-watch.yml'],
    purpose: msg('kunci privat GitHub App kantor; sebagai secret repositori, workflow di cabang mana pun dapat membuat tokennya', 'the office\'s GitHub App private key; as a repository secret, a workflow on any branch could mint its token'),
  },
  {
    name: 'SUBDOMAIN_INTAKE_TOKEN', scopes: ['sop-app'], home: 'environment', need: recommended, usedBy: ['subdomain-intake.yml'],
    purpose: msg('token yang membuka pull request dari formulir; dengan token bawaan, validate dan sop/approvals tidak berjalan pada pull request itu', 'the token the intake opens pull requests with; with the default token, validate and sop/approvals do not run on those pull requests'),
  },
];

export const ENVIRONMENTS: readonly EnvironmentRequirement[] = [
  {
    name: 'dns-production', need: always, mainOnly: true, noReviewers: false, usedBy: ['subdomain-apply.yml'],
    purpose: msg('menyimpan token Cloudflare dan state untuk apply; hanya cabang main yang boleh memakainya', 'holds the Cloudflare and state tokens for the apply; only the main branch may use it'),
  },
  {
    name: 'dns-drift', need: always, mainOnly: true, noReviewers: true, usedBy: ['subdomain-drift.yml', 'subdomain-watch.yml'],
    purpose: msg('menyimpan token Cloudflare baca-saja (tanpa kunci state) untuk pemeriksaan drift dan pemantauan harian, dan GitHub App untuk insiden pemantauan; tanpa reviewer', 'holds the read-only Cloudflare token (no state keys) for the daily drift check and watch, and the GitHub App for the watch\'s incidents; without reviewers'),
  },
  {
    name: 'sop-app', need: always, mainOnly: true, noReviewers: true, usedBy: ['subdomain-approvals.yml', 'subdomain-apply.yml', 'subdomain-intake.yml', 'subdomain-steps.yml', 'subdomain-reconfirm.yml'],
    purpose: msg('menyimpan kunci GitHub App (dan SUBDOMAIN_INTAKE_TOKEN): hanya main yang dapat membuat token App, jadi tidak ada cabang yang dapat memalsukan sop/approvals atau push ke main; tanpa reviewer', 'holds the GitHub App key (and SUBDOMAIN_INTAKE_TOKEN): only main can mint the App\'s token, so no branch can forge sop/approvals or push to main; without reviewers'),
  },
  {
    name: 'github-pages', need: recommended, mainOnly: true, noReviewers: false, usedBy: ['subdomain-pages.yml'],
    purpose: msg('dibuat GitHub saat Pages bersumber GitHub Actions; situs hanya diterbitkan dari main', 'created by GitHub when Pages is built by GitHub Actions; the site is published from main only'),
  },
];

export const REQUIRED_CHECKS: readonly RequiredCheck[] = [
  { context: 'validate / validate', source: 'github-actions', workflow: 'subdomain-validate.yml', job: 'validate', purpose: msg('berkas permohonan lolos aturan', 'the request files pass the rules') },
  { context: 'sop/approvals', source: 'sop-app', workflow: 'subdomain-approvals.yml', job: 'approvals', purpose: msg('pejabat sesuai SOP sudah menyetujui', 'the officials the SOP names approved') },
];

/**
 * What the protection of `main` must say beyond its required checks:
 * - `upToDate`: "Require branches to be up to date before merging" (strict status checks), so a
 *   pull request is checked against the current main: two creates of one name cannot both merge.
 *   Merging main into a pull request (Update branch) changes no request file and voids no approval.
 * - `pushActor`: the office's GitHub App is the only bypass actor; it pushes the register commits
 *   (GitHub Actions cannot be a bypass actor, and GITHUB_TOKEN pushes are refused).
 */
export const MAIN_PROTECTION = { upToDate: true, pushActor: 'sop-app' } as const;

export const APP_PERMISSIONS: readonly AppPermission[] = [
  { scope: 'organization', name: 'members', level: 'read', need: { kind: 'teams' }, title: 'Organization → Members', usedBy: ['subdomain-approvals.yml#approvals', 'subdomain-steps.yml#check', 'subdomain-steps.yml#record', 'subdomain-reconfirm.yml#confirm', 'subdomain-apply.yml#zones', 'subdomain-apply.yml#register', 'subdomain-watch.yml#watch'], purpose: msg('membaca anggota tim yang memegang peran SOP atau mewakili OPD', 'reads the members of the teams that hold SOP roles or stand for OPDs') },
  { scope: 'repository', name: 'contents', level: 'read', need: always, title: 'Repository → Contents', usedBy: ['subdomain-approvals.yml#approvals', 'subdomain-steps.yml#check', 'subdomain-apply.yml#zones'], purpose: msg('membaca berkas permohonan pada pull request', 'reads the request files of a pull request') },
  { scope: 'repository', name: 'contents', level: 'write', need: always, title: 'Repository → Contents', usedBy: ['subdomain-apply.yml#register', 'subdomain-steps.yml#record', 'subdomain-reconfirm.yml#confirm', 'subdomain-watch.yml#watch'], purpose: msg('push commit daftar ke main (App satu-satunya bypass) dan menulis cabang permohonan hapus dari insiden', 'pushes the register commits to main (the App is the only bypass actor) and writes the branch of a delete request made from an incident') },
  { scope: 'repository', name: 'pull_requests', level: 'write', need: always, title: 'Repository → Pull requests', usedBy: ['subdomain-approvals.yml#approvals', 'subdomain-steps.yml#record', 'subdomain-apply.yml#register', 'subdomain-watch.yml#watch'], purpose: msg('membaca review, menulis komentar, meminta review langkah berikutnya dan membuka permohonan hapus', 'reads reviews, writes the comment, requests the next step\'s reviews and opens delete requests') },
  { scope: 'repository', name: 'pull_requests', level: 'read', need: always, title: 'Repository → Pull requests', usedBy: ['subdomain-steps.yml#check', 'subdomain-apply.yml#zones'], purpose: msg('membaca pull request dan komentar perintahnya', 'reads pull requests and their command comments') },
  { scope: 'repository', name: 'statuses', level: 'write', need: always, title: 'Repository → Commit statuses', usedBy: ['subdomain-approvals.yml#approvals'], purpose: msg('menulis status sop/approvals', 'writes the sop/approvals status') },
  { scope: 'repository', name: 'checks', level: 'write', need: always, title: 'Repository → Checks', usedBy: ['subdomain-approvals.yml#approvals'], purpose: msg('menulis check run sop/approvals', 'writes the sop/approvals check run') },
  { scope: 'repository', name: 'issues', level: 'write', need: always, title: 'Repository → Issues', usedBy: ['subdomain-reconfirm.yml#confirm', 'subdomain-watch.yml#watch'], purpose: msg('membalas dan menutup issue konfirmasi ulang dan issue insiden', 'answers and closes re-confirmation and incident issues') },
  { scope: 'repository', name: 'repository_advisories', level: 'write', need: always, title: 'Repository → Repository security advisories', usedBy: ['subdomain-watch.yml#watch'], purpose: msg('menulis security advisory draf untuk temuan kelas pengambilalihan', 'writes the draft security advisory of a takeover-class finding') },
];

/** The actions the product's workflows call, pinned by commit SHA (read from the actions' own repositories' tags). */
export const ACTIONS: readonly ActionRequirement[] = [
  { action: 'actions/checkout', ref: '3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  { action: 'actions/setup-node', ref: '820762786026740c76f36085b0efc47a31fe5020', tag: 'v7.0.0' },
  { action: 'actions/create-github-app-token', ref: '1b10c78c7865c340bc4f6099eb2f838309f1e8c3', tag: 'v3.1.1' },
  { action: 'actions/upload-artifact', ref: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', tag: 'v7.0.0' },
  { action: 'actions/download-artifact', ref: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', tag: 'v8.0.1' },
  { action: 'hashicorp/setup-terraform', ref: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e', tag: 'v4.0.1' },
  { action: 'actions/upload-pages-artifact', ref: 'fc324d3547104276b827a68afc52ff2a11cc49c9', tag: 'v5.0.0' },
  { action: 'actions/deploy-pages', ref: 'cd2ce8fcbc39b97be8ca5fce6e763baed58fa128', tag: 'v5.0.0' },
];

/** The Terraform version the apply workflow installs (setup-terraform `terraform_version`). */
export const TERRAFORM_VERSION = '1.11.4';

/** Six hex digits, as GitHub stores a label colour. */
export function isLabelColor(color: string): boolean {
  return /^[0-9a-f]{6}$/i.test(color);
}
