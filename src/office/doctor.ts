/**
 * `subdomain doctor`: can this office go live? Pure checks over data: the policy as the loader
 * read it, the workflow files' texts, and (with a token) what GitHub's API answered. Each check
 * returns findings; the CLI only renders them. What the workflows need is declared once, in
 * ./requirements.ts.
 *
 * A read that failed is never "absent" and never "fine": it is a finding of its own (which token
 * permission is missing), and nothing that depends on it is claimed either way.
 */
import { TEMPLATE_PATH } from '../intake/form.js';
import { formMatches } from '../intake/form-template.js';
import { parse as parseYaml } from 'yaml';
import { UNASSIGNED_OPD } from '../adopt/import.js';
import { hasPeople } from '../approvals/roles.js';
import { POLICY_PATH } from '../model/domain.js';
import { msg, type Message, type Problem, type Severity } from '../model/problem.js';
import { MAINTAINERS_ROLE, omitsContactPhone, type PolicyResult } from '../policy/policy.js';
import { CALLERS, callerText, LOCAL, majorTag, type UsesPrefix } from './callers.js';
import {
  ACTIONS, APP_PERMISSIONS, ENVIRONMENTS, GITHUB_ACTIONS_APP_ID, LABELS, MAIN_BRANCH, REQUIRED_CHECKS, SECRETS, VARIABLES, WORKFLOWS,
  MAIN_PROTECTION, type LabelRequirement, type Need, type RequiredCheck, type Scope, type SecretRequirement,
} from './requirements.js';

export interface Finding {
  /** Stable id of the finding's kind, e.g. `secret/missing`. */
  id: string;
  severity: Severity;
  message: Message;
  /** What to do about it. */
  fix: Message;
  /** `file:line` when the finding is about a place in a file. */
  where?: string;
}

export const WORKFLOWS_DIR = '.github/workflows';

export interface WorkflowFile {
  /** Path from the repository root: `.github/workflows/apply.yml`. */
  file: string;
  text: string;
}

export interface LocalFacts {
  policy: PolicyResult;
  workflows: readonly WorkflowFile[];
  /** The commands this version of `subdomain` knows. */
  knownCommands: readonly string[];
  /** This product: its slug (`owner/name`, package.json `repository`) and version (`0.2.0`). */
  product: { slug: string; version: string };
  /** The committed issue form (undefined: none) and the form the policy gives today. */
  issueForm?: { committed: string | undefined; generated: string };
  /** What reading `office.emblem` found wrong (the letters are made after DNS is applied). */
  emblem?: readonly Problem[];
}

// ---- what the GitHub API answered -------------------------------------------------------

/** A read that failed: `permission` (401/403/404: the token may not read it) or anything else. */
export interface ReadFailure {
  kind: 'permission' | 'failed';
  status?: number;
  /** What was being read, and why it failed (from the API's answer). */
  detail: Message;
  /** The token permission that reads (or writes) it. */
  need: Message;
  /** A write (`--fix`) that failed, rather than a read. */
  writing?: boolean;
}

export type Read<T> = { ok: true; value: T } | { ok: false; failure: ReadFailure };

export interface LabelFact {
  name: string;
  color: string;
  description: string | null;
}

export interface EnvironmentFact {
  name: string;
  /** GitHub's `deployment_branch_policy`: null = every branch may deploy. */
  branchPolicy: { protectedBranches: boolean; customBranchPolicies: boolean } | null;
  /** Read only with custom branch policies. */
  branchPolicies?: Read<{ name: string; type: 'branch' | 'tag' }[]>;
  requiredReviewers: boolean;
  /** Read for the environments that must hold secrets. */
  secrets?: Read<string[]>;
}

export interface ClassicProtection {
  pullRequest?: {
    bypass: { users: string[]; teams: string[]; apps: { id: number; slug: string }[] };
  };
  /** `appId` null = any source. */
  checks: { context: string; appId: number | null }[];
  /** "Require branches to be up to date before merging" (`required_status_checks.strict`); absent = not known to be on. */
  strictChecks?: boolean;
  enforceAdmins: boolean;
  allowForcePushes: boolean;
  allowDeletions: boolean;
  /** Who may push, when pushing is restricted. */
  restrictions?: { users: string[]; teams: string[]; apps: { id: number; slug: string }[] };
}

export interface BranchRule {
  type: string;
  rulesetId?: number;
  rulesetSource?: string;
  /** For `required_status_checks`: `integrationId` undefined = any source. */
  checks?: { context: string; integrationId?: number }[];
  /** For `required_status_checks`: `strict_required_status_checks_policy` (branches must be up to date). */
  strict?: boolean;
}

export interface BypassActor {
  type: 'Integration' | 'OrganizationAdmin' | 'RepositoryRole' | 'Team' | 'DeployKey' | 'User' | string;
  id: number | null;
  mode: string;
}

export interface RulesetFact {
  id: number;
  name: string;
  /** Undefined when GitHub did not say (it only tells those who may edit the ruleset). */
  bypass?: BypassActor[];
}

export interface InstallationFact {
  appId: number;
  appSlug: string;
  repositorySelection: 'all' | 'selected';
  permissions: Record<string, string | undefined>;
  suspended: boolean;
}

export interface GitHubFacts {
  repo: string;
  /** `visibility`: GitHub's `visibility` (`private` when only `private: true` is known); absent when not read. */
  repository: Read<{ defaultBranch: string; ownerType: string; visibility?: 'public' | 'private' | 'internal' }>;
  labels: Read<LabelFact[]>;
  variables: { repository: Read<string[]>; organization: Read<string[]> };
  secrets: { repository: Read<string[]>; organization: Read<string[]> };
  environments: Read<EnvironmentFact[]>;
  /** null: `main` has no classic branch protection. */
  protection: Read<ClassicProtection | null>;
  rules: Read<BranchRule[]>;
  rulesets: Record<number, Read<RulesetFact>>;
  /** The App installations the owner has; undefined when not read. */
  installations?: Read<InstallationFact[]>;
  /** Writes of `--fix` that failed. */
  writes?: ReadFailure[];
}

/** Why the GitHub part was not checked: no token, no repository, or GitHub refused at once. */
export interface GitHubSkipped {
  skipped: Message;
  fix: Message;
}

export interface DoctorInput {
  local: LocalFacts;
  github: GitHubFacts | GitHubSkipped;
}

export interface DoctorReport {
  findings: Finding[];
  /** True only with no errors: the office may go live. */
  ready: boolean;
  githubChecked: boolean;
}

export function doctor(input: DoctorInput): DoctorReport {
  const office = officeOf(input.local);
  const findings = [...checkLocal(input.local)];
  const githubChecked = !('skipped' in input.github);
  if ('skipped' in input.github) {
    findings.push(finding('github/not-checked', 'error', input.github.skipped, input.github.fix));
  } else {
    findings.push(...checkGitHub(input.github, office));
  }
  return { findings, ready: !findings.some((f) => f.severity === 'error'), githubChecked };
}

function finding(id: string, severity: Severity, message: Message, fix: Message, where?: string): Finding {
  return { id, severity, message, fix, ...(where ? { where } : {}) };
}

// ---- the office as the local files describe it -------------------------------------------

interface Office {
  /** Does the policy name a team anywhere (roles or OPDs)? Undefined when it cannot be read. */
  teams?: boolean;
  /** The teams intake asks about an issue's author: the OPDs' (`opds.<key>.teams`) and the registrar role's (`intake.role`). */
  intakeTeams?: { opds: string[]; registrar?: string };
  /** `privacy.contact_phone: omit`: no contact phone number is kept. Undefined when the policy cannot be read. */
  omitsPhone?: boolean;
  backend?: string;
  overrideLabel: string;
  /** Workflow file names present under .github/workflows/ (`apply.yml`). */
  present: ReadonlySet<string>;
}

function officeOf(local: LocalFacts): Office {
  const present = new Set(local.workflows.map((w) => baseName(w.file)));
  const policy = local.policy.ok ? local.policy.policy : undefined;
  const overrideLabel = policy?.limits.override_label ?? LABELS.find((l) => l.fromPolicy)!.name;
  if (!policy) return { overrideLabel, present };
  const teams = [...Object.values(policy.roles), ...Object.values(policy.opds)].some((m) => (m?.teams?.length ?? 0) > 0);
  const opds = Object.entries(policy.opds).filter(([key, opd]) => key !== UNASSIGNED_OPD && (opd?.teams?.length ?? 0) > 0).map(([key]) => key);
  const registrar = policy.intake && (policy.roles[policy.intake.role]?.teams?.length ?? 0) > 0 ? policy.intake.role : undefined;
  return {
    teams, intakeTeams: { opds, ...(registrar ? { registrar } : {}) }, omitsPhone: omitsContactPhone(policy),
    backend: policy.backend?.type ?? 'local', overrideLabel, present,
  };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.yaml$/, '.yml');
}

/** Does a requirement used by these files apply here (a workflow using it is present)? */
function applies(usedBy: readonly string[], office: Office): boolean {
  return usedBy.some((u) => !u.endsWith('.yml') || u.startsWith('.github/ISSUE_TEMPLATE/') || office.present.has(u.split('#')[0]!));
}

/** How bad it is when a requirement is not met; undefined when it is not needed here. */
function severityOf(need: Need, office: Office, secretPresent: (name: string) => boolean | undefined = () => undefined): Severity | undefined {
  switch (need.kind) {
    case 'always':
      return 'error';
    case 'recommended':
      return 'warning';
    case 'backend':
      return office.backend === need.backend ? 'error' : undefined;
    case 'teams':
      return office.teams === false ? 'warning' : 'error';
    case 'with-secret':
      return secretPresent(need.secret) === true ? 'error' : undefined;
  }
}

// ---- local checks ---------------------------------------------------------------------

const FIX_POLICY = msg('Perbaiki bagian itu di .github/sop.yaml, lalu jalankan `subdomain validate`.', 'Fix that part of .github/sop.yaml, then run `subdomain validate`.');

/** The example zone id of the documentation and of `subdomain init`. */
export const PLACEHOLDER_ZONE_ID = '0123456789abcdef0123456789abcdef';

/** Text an office still has to fill in: `…`, `...`, `<…>`, TODO, GANTI, ISI. */
const PLACEHOLDER = /…|\.\.\.|<[^<>]*>|\b(?:TODO|FIXME|XXX|GANTI|ISI)\b/;

function checkLocal(local: LocalFacts): Finding[] {
  const emblem = (local.emblem ?? []).map((p) => finding(p.rule, p.severity, p.message, msg('Simpan lambang daerah sebagai PNG di repositori kantor dan sebutkan jalurnya di `office.emblem`.', 'Save the regional emblem as PNG in the office repository and name its path in `office.emblem`.'), p.line ? `${p.file}:${p.line}` : p.file));
  return [...checkPolicy(local.policy), ...emblem, ...checkWorkflows(local), ...checkIssueForm(local.issueForm)];
}

/** The request form's OPD list and fields come from the policy: a form left behind offers agencies that are gone. */
function checkIssueForm(form: LocalFacts['issueForm']): Finding[] {
  if (!form || (form.committed !== undefined && formMatches(form.committed, form.generated))) return [];
  const fix = msg('Jalankan `npx subdomain intake --write-form` lalu commit berkasnya.', 'Run `npx subdomain intake --write-form` and commit the file.');
  return [form.committed === undefined
    ? finding('intake/form-missing', 'warning', msg('Formulir permohonan (issue form) belum ada: OPD tanpa git tidak dapat memohon lewat issue.', 'There is no request form (issue form): agencies without git cannot ask through an issue.'), fix, TEMPLATE_PATH)
    : finding('intake/form-stale', 'warning', msg('Formulir permohonan tidak sama dengan yang dihasilkan dari .github/sop.yaml (OPD, zona atau hosting berubah).', 'The request form differs from the one .github/sop.yaml gives (OPDs, zones or hosting changed).'), fix, TEMPLATE_PATH)];
}

function checkPolicy(result: PolicyResult): Finding[] {
  if (!result.ok) {
    return result.problems.map((p) => finding(p.rule, p.severity, p.message, FIX_POLICY, p.line ? `${p.file}:${p.line}` : p.file));
  }
  const { policy, source } = result;
  const at = (path: (string | number)[]) => `${source.file}:${source.positionOf(path).line}`;
  const keyAt = (path: (string | number)[], key: string) => `${source.file}:${source.keyPositionOf(path, key).line}`;
  const out: Finding[] = result.warnings.map((p) => finding(p.rule, p.severity, p.message, FIX_POLICY, p.line ? `${p.file}:${p.line}` : p.file));
  const raw = source.value as { roles?: Record<string, unknown>; opds?: Record<string, unknown> };

  // People: every role the SOP needs is held by someone.
  const needed = new Set<string>([MAINTAINERS_ROLE, ...policy.steps.flatMap((s) => s.roles)]);
  for (const key of ['incident_role', 'escalate_to'] as const) if (policy.watch?.[key]) needed.add(policy.watch[key]!);
  if (policy.intake) needed.add(policy.intake.role);
  for (const [key, role] of Object.entries(policy.roles)) {
    if (hasPeople(role)) continue;
    const title = role.title ? ` (${role.title})` : '';
    const where = raw.roles && key in raw.roles ? keyAt(['roles'], key) : at(['preset']);
    const used = needed.has(key);
    out.push(finding('people/role-empty', used ? 'error' : 'warning',
      msg(`Peran \`${key}\`${title} belum diisi akun GitHub siapa pun${used ? '; langkah SOP-nya tidak dapat disetujui' : ''}.`,
        `Role \`${key}\`${title} has nobody in it${used ? '; nobody can approve its SOP steps' : ''}.`),
      msg(`Isi \`roles.${key}.users\` dengan akun GitHub pejabatnya (atau \`teams\`).`, `Put the officials' GitHub logins in \`roles.${key}.users\` (or \`teams\`).`), where));
  }
  // Applicants: an OPD with nobody cannot ask for a name.
  const opds = Object.entries(policy.opds).filter(([key]) => key !== UNASSIGNED_OPD);
  const empty = opds.filter(([, opd]) => !hasPeople(opd));
  for (const [key, opd] of empty) {
    out.push(finding('people/opd-empty', 'warning',
      msg(`OPD \`${key}\` (${opd!.name}) belum punya staf pemohon; permohonannya akan ditolak.`, `OPD \`${key}\` (${opd!.name}) has no applicants yet; its requests will be refused.`),
      msg(`Isi \`opds.${key}.users\` (akun GitHub staf OPD) atau \`teams\`.`, `Put the agency staff's GitHub logins in \`opds.${key}.users\` (or \`teams\`).`), keyAt(['opds'], key)));
  }
  if (opds.length > 0 && empty.length === opds.length) {
    out.push(finding('people/no-applicant', 'error',
      msg('Tidak ada satu OPD pun yang punya staf pemohon: tidak ada yang dapat mengajukan permohonan.', 'No OPD has any applicant: nobody can make a request.'),
      msg('Isi `users` atau `teams` setidaknya untuk OPD yang akan mengajukan lebih dulu.', 'Fill in `users` or `teams` for at least the OPDs that will apply first.'), at(['opds'])));
  }

  // Zones: a real Cloudflare zone id each, never the example.
  const seen = new Map<string, string>();
  policy.zones.forEach((zone, i) => {
    const id = zone.cloudflare_zone_id;
    if (id === PLACEHOLDER_ZONE_ID || /^0+$/.test(id)) {
      out.push(finding('zone/placeholder-id', 'error',
        msg(`Zona ${zone.name} masih memakai zone id contoh (${id}).`, `Zone ${zone.name} still has the example zone id (${id}).`),
        msg('Salin Zone ID dari halaman Overview zona di Cloudflare ke `cloudflare_zone_id`.', 'Copy the Zone ID from the zone\'s Overview page at Cloudflare into `cloudflare_zone_id`.'), at(['zones', i, 'cloudflare_zone_id'])));
    } else if (seen.has(id)) {
      out.push(finding('zone/duplicate-id', 'error',
        msg(`Zona ${zone.name} memakai zone id yang sama dengan ${seen.get(id)}.`, `Zone ${zone.name} has the same zone id as ${seen.get(id)}.`),
        msg('Setiap zona punya Zone ID sendiri di Cloudflare; salin yang benar.', 'Each zone has its own Zone ID at Cloudflare; copy the right one.'), at(['zones', i, 'cloudflare_zone_id'])));
    }
    seen.set(id, zone.name);
  });

  // Office: nothing left as a placeholder; the letters' signer named.
  const fields: [string[], unknown][] = [];
  const walk = (path: string[], value: unknown) => {
    if (typeof value === 'string') fields.push([path, value]);
    else if (Array.isArray(value)) value.forEach((v, i) => walk([...path, String(i)], v));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk([...path, k], v);
  };
  walk(['office'], policy.office);
  for (const [path, value] of fields) {
    const text = String(value);
    if (text.trim() !== '' && !PLACEHOLDER.test(text)) continue;
    const name = path.join('.');
    out.push(finding('office/placeholder', 'error',
      msg(`\`${name}\` belum diisi${text.trim() ? ` (masih "${text}")` : ''}.`, `\`${name}\` is not filled in${text.trim() ? ` (still "${text}")` : ''}.`),
      msg(`Tulis isian yang sebenarnya di \`${name}\`; ia tercetak di surat resmi dan situs daftar.`, `Write the real value in \`${name}\`; it is printed on the official letters and the register site.`), at(path.map((p) => (/^\d+$/.test(p) ? Number(p) : p)))));
  }
  for (const [key, en] of [['head', 'who signs the letters (`office.head.name`)'], ['government', 'the government\'s name (`office.government`)'], ['city', 'the city (`office.city`)']] as const) {
    const missing = key === 'head' ? !policy.office.head?.name : !policy.office[key];
    if (!missing) continue;
    const id = { head: 'penanda tangan surat (`office.head.name`)', government: 'nama pemerintah daerah (`office.government`)', city: 'kota (`office.city`)' }[key];
    out.push(finding('office/missing', 'warning',
      msg(`Kebijakan belum menyebut ${id}; surat resmi dicetak tanpanya.`, `The policy does not name ${en}; the official letters are printed without it.`),
      msg(`Isi \`office.${key === 'head' ? 'head.name' : key}\` di .github/sop.yaml.`, `Fill in \`office.${key === 'head' ? 'head.name' : key}\` in .github/sop.yaml.`), at(['office'])));
  }

  // Backend: the apply workflow refuses local state (it is lost when the job ends).
  const backend = policy.backend;
  if (!backend || backend.type === 'local') {
    out.push(finding('backend/local', 'error',
      msg('State Terraform masih `local`: hilang setiap job selesai, dan workflow apply menolaknya.', 'The Terraform state is still `local`: it is lost when each job ends, and the apply workflow refuses it.'),
      msg('Atur `backend` ke `s3` (Cloudflare R2) atau `remote` (HCP Terraform), lihat README.', 'Set `backend` to `s3` (Cloudflare R2) or `remote` (HCP Terraform), see the README.'), backend ? at(['backend', 'type']) : `${source.file}`));
  } else {
    for (const [key, value] of Object.entries(backend)) {
      if (key === 'type' || typeof value !== 'string' || !(PLACEHOLDER.test(value) || /ACCOUNT_ID/.test(value))) continue;
      out.push(finding('backend/placeholder', 'error',
        msg(`\`backend.${key}\` masih contoh ("${value}").`, `\`backend.${key}\` is still the example ("${value}").`),
        msg(`Tulis nilai yang sebenarnya di \`backend.${key}\`.`, `Write the real value in \`backend.${key}\`.`), at(['backend', key])));
    }
  }
  return out;
}

interface ScannedWorkflow {
  file: string;
  base: string;
  name?: string;
  runsAfter: string[];
  commands: string[];
  actions: { action: string; ref: string }[];
  /** The reusable workflows its jobs call: `./.github/workflows/x.yml` or `owner/name/.github/workflows/x.yml@ref`. */
  calls: { job: string; uses: string }[];
}

/**
 * `subdomain X` at a command's position in a shell line: `npx subdomain X`, bare `subdomain X`
 * (the product is put on PATH), `node …/bin/subdomain.js X` or `node …/check/subdomain-check.mjs X`;
 * after the start of the line, `;`, `&&`, `|`, `(`, `$(`, `do`, `then`, `else` or env assignments.
 * Words in echoed text (`echo "… subdomain dicatat"`) are not commands.
 */
const COMMAND = new RegExp([
  String.raw`(?:^|[;&|(]|\$\()\s*`,
  String.raw`(?:(?:then|else|do|if|while|until|!|time|exec)\s+)*`,
  String.raw`(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*`,
  String.raw`(?:npx\s+(?:(?:--no-install|--yes|-y)\s+)*subdomain(?:@\S+)?|subdomain|node\s+["']?[^\s"']*?(?:bin\/subdomain\.js|check\/subdomain-check\.mjs)["']?)`,
  String.raw`\s+([A-Za-z][\w-]*)`,
].join(''), 'g');

/** The commands a `run:` script runs (shell comments left out). */
export function commandsOf(script: string): string[] {
  const out: string[] = [];
  for (const line of script.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(COMMAND)) out.push(m[1]!);
  }
  return out;
}

/** What a workflow file says that doctor cares about; a message when it is not a readable workflow. */
export function scanWorkflow(file: WorkflowFile): ScannedWorkflow | Message {
  let doc: unknown;
  try {
    doc = parseYaml(file.text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return msg(`bukan YAML yang sah (${why})`, `not valid YAML (${why})`);
  }
  if (!doc || typeof doc !== 'object' || !('jobs' in doc)) return msg('tidak berisi `jobs`', 'has no `jobs`');
  const w = doc as { name?: unknown; on?: unknown; jobs?: Record<string, { steps?: { run?: unknown; uses?: unknown }[]; uses?: unknown }> };
  const on = w.on && typeof w.on === 'object' ? (w.on as Record<string, unknown>) : {};
  const runsAfter = ((on.workflow_run as { workflows?: unknown } | undefined)?.workflows ?? []) as unknown[];
  const commands: string[] = [];
  const actions: { action: string; ref: string }[] = [];
  const calls: { job: string; uses: string }[] = [];
  const addUse = (uses: unknown) => {
    const m = typeof uses === 'string' ? /^([^./][^@\s]*)@(\S+)$/.exec(uses) : null;
    if (m && !m[1]!.startsWith('docker:') && !m[1]!.includes('/.github/workflows/')) actions.push({ action: m[1]!, ref: m[2]! });
  };
  for (const [id, job] of Object.entries(w.jobs && typeof w.jobs === 'object' ? w.jobs : {})) {
    if (!job || typeof job !== 'object') continue;
    if (typeof job.uses === 'string' && job.uses.includes('.github/workflows/')) calls.push({ job: id, uses: job.uses });
    else addUse(job.uses);
    for (const step of Array.isArray(job.steps) ? job.steps : []) {
      if (!step || typeof step !== 'object') continue;
      addUse(step.uses);
      if (typeof step.run === 'string') commands.push(...commandsOf(step.run));
    }
  }
  return {
    file: file.file,
    base: baseName(file.file),
    ...(typeof w.name === 'string' ? { name: w.name } : {}),
    runsAfter: runsAfter.filter((n): n is string => typeof n === 'string'),
    commands,
    actions,
    calls,
  };
}

/** The product's version of a tag: `v0.2.0` → [0, 2, 0], the major `v0` → [0]; undefined when not a release tag. */
function tagVersion(ref: string): number[] | undefined {
  const m = /^v(\d+)(?:\.(\d+)\.(\d+))?$/.exec(ref);
  if (!m) return undefined;
  return m[2] === undefined ? [Number(m[1])] : [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Negative when tag `a` is older than version `b` (a major tag compares by its major only). */
function compareVersion(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Where a caller's job calls its reusable workflow: this repository, or a repository at a ref. */
type CallTarget = { kind: 'local'; file: string } | { kind: 'remote'; slug: string; file: string; ref: string } | undefined;

function callTarget(uses: string): CallTarget {
  const local = /^\.\/\.github\/workflows\/([A-Za-z0-9._-]+\.ya?ml)$/.exec(uses);
  if (local) return { kind: 'local', file: local[1]! };
  const remote = /^([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)\/\.github\/workflows\/([A-Za-z0-9._-]+\.ya?ml)@(\S+)$/.exec(uses);
  return remote ? { kind: 'remote', slug: remote[1]!, file: remote[2]!, ref: remote[3]! } : undefined;
}

/** The first line where two texts differ (1-based), with both lines. */
function firstDifference(have: string, want: string): { line: number; have?: string; want?: string } {
  const a = have.replace(/\r\n/g, '\n').split('\n');
  const b = want.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, ...(a[i] !== undefined ? { have: a[i] } : {}), ...(b[i] !== undefined ? { want: b[i] } : {}) };
  }
  return { line: a.length };
}

const REGENERATE = msg(
  'Buat ulang dengan `subdomain init` (di folder kosong, versi yang sama) dan salin `.github/workflows/subdomain-*.yml`-nya; ubahan kantor hilang.',
  'Regenerate it with `subdomain init` (in an empty folder, the same version) and copy its `.github/workflows/subdomain-*.yml`; the office\'s edits are lost.',
);

function checkCallers(local: LocalFacts, byBase: Map<string, ScannedWorkflow>, out: Finding[]): void {
  const product = local.product;
  const version = tagVersion(`v${product.version}`)!;
  const texts = new Map(local.workflows.map((w) => [baseName(w.file), w.text]));
  for (const req of WORKFLOWS) {
    const s = byBase.get(req.file);
    if (!s) continue;
    const caller = CALLERS.find((c) => c.file === req.file);
    const calls = s.calls.filter((c) => callTarget(c.uses)?.file.replace(/\.yaml$/, '.yml') === req.reusable);
    if (calls.length === 0) {
      out.push(finding('workflow/caller-uses', req.need.kind === 'always' ? 'error' : 'warning',
        msg(`${s.file} tidak memanggil workflow produk ${req.reusable} (\`uses: ${product.slug}/.github/workflows/${req.reusable}@v${product.version}\`): tidak ada yang ${req.purpose.id}.`,
          `${s.file} does not call the product's workflow ${req.reusable} (\`uses: ${product.slug}/.github/workflows/${req.reusable}@v${product.version}\`): nothing ${req.purpose.en}.`),
        REGENERATE, s.file));
      continue;
    }
    let prefix: UsesPrefix | undefined;
    const refs = new Set<string>();
    let broken = false;
    for (const call of calls) {
      const target = callTarget(call.uses)!;
      if (target.kind === 'local') {
        // This repository, the product itself: the reusable workflow must be here.
        if (!byBase.has(req.reusable) && !texts.has(req.reusable)) {
          broken = true;
          out.push(finding('workflow/reusable-missing', 'error',
            msg(`${s.file} memanggil ./.github/workflows/${req.reusable}, tetapi berkas itu tidak ada di repositori ini.`, `${s.file} calls ./.github/workflows/${req.reusable}, but this repository has no such file.`),
            msg(`Di repositori kantor, panggil workflow produk: \`uses: ${product.slug}/.github/workflows/${req.reusable}@v${product.version}\` (\`subdomain init\` menulisnya).`, `In an office repository, call the product's workflow: \`uses: ${product.slug}/.github/workflows/${req.reusable}@v${product.version}\` (\`subdomain init\` writes it).`), s.file));
        }
        prefix = LOCAL;
        refs.add('./');
        continue;
      }
      if (target.slug.toLowerCase() !== product.slug.toLowerCase()) {
        broken = true;
        out.push(finding('workflow/caller-repository', 'error',
          msg(`${s.file} memanggil ${req.reusable} dari repositori ${target.slug}, bukan dari produk ${product.slug}: kode itu yang berjalan dengan secret kantor.`, `${s.file} calls ${req.reusable} from the repository ${target.slug}, not from the product ${product.slug}: that code runs with the office's secrets.`),
          msg(`Panggil \`${product.slug}/.github/workflows/${req.reusable}@v${product.version}\`, atau pastikan repositori itu tepercaya.`, `Call \`${product.slug}/.github/workflows/${req.reusable}@v${product.version}\`, or make sure that repository is trusted.`), s.file));
        continue;
      }
      const tag = tagVersion(target.ref);
      if (!tag) {
        broken = true;
        out.push(finding('workflow/caller-ref', 'error',
          msg(`${s.file} memanggil ${req.reusable}@${target.ref}: itu bukan tag rilis (\`vX.Y.Z\` atau \`vX\`), jadi versi produk yang berjalan tidak diketahui.`, `${s.file} calls ${req.reusable}@${target.ref}: that is not a release tag (\`vX.Y.Z\` or \`vX\`), so which version of the product runs is not known.`),
          msg(`Pakai \`@v${product.version}\` (atau \`@${majorTag(product.version)}\` untuk mengikuti setiap rilis seri ini).`, `Use \`@v${product.version}\` (or \`@${majorTag(product.version)}\` to follow every release of this series).`), s.file));
        continue;
      }
      refs.add(target.ref);
      prefix = { kind: 'remote', slug: target.slug, ref: target.ref };
      const cmp = compareVersion(tag, version);
      if (cmp !== 0) {
        const older = cmp < 0;
        out.push(finding('workflow/caller-version', 'warning',
          older
            ? msg(`${s.file} memanggil ${req.reusable}@${target.ref}, lebih lama dari versi ini (v${product.version}): persyaratan yang diperiksa doctor mungkin berbeda.`, `${s.file} calls ${req.reusable}@${target.ref}, older than this version (v${product.version}): what doctor checks may differ from what it needs.`)
            : msg(`${s.file} memanggil ${req.reusable}@${target.ref}, lebih baru dari doctor ini (v${product.version}).`, `${s.file} calls ${req.reusable}@${target.ref}, newer than this doctor (v${product.version}).`),
          older
            ? msg(`Naikkan ke \`@v${product.version}\` (terima pull request Dependabot), atau jalankan doctor versi ${target.ref}.`, `Move it to \`@v${product.version}\` (merge Dependabot's pull request), or run the doctor of ${target.ref}.`)
            : msg(`Jalankan doctor versi yang sama: \`npx subdomain@${target.ref.slice(1)} doctor\`.`, `Run the doctor of the same version: \`npx subdomain@${target.ref.slice(1)} doctor\`.`),
          s.file));
      }
    }
    if (broken || !prefix || !caller) continue;
    if (refs.size > 1) {
      out.push(finding('workflow/caller-edited', 'warning',
        msg(`${s.file} memanggil workflow produk pada versi yang berbeda (${[...refs].join(', ')}).`, `${s.file} calls the product's workflows at different versions (${[...refs].join(', ')}).`), REGENERATE, s.file));
      continue;
    }
    const want = callerText(caller, prefix);
    const have = texts.get(req.file) ?? '';
    if (have.replace(/\r\n/g, '\n') === want) continue;
    const diff = firstDifference(have, want);
    const shown = (line: string | undefined) => (line === undefined ? msg('(tidak ada)', '(nothing)') : msg(`\`${line.trim()}\``, `\`${line.trim()}\``));
    out.push(finding('workflow/caller-edited', 'warning',
      msg(`${s.file} diubah dengan tangan: baris ${diff.line} berisi ${shown(diff.have).id}, yang dibuat \`subdomain init\` ${shown(diff.want).id}.`,
        `${s.file} was edited by hand: line ${diff.line} reads ${shown(diff.have).en}, where \`subdomain init\` writes ${shown(diff.want).en}.`),
      REGENERATE, `${s.file}:${diff.line}`));
  }
}

function checkWorkflows(local: LocalFacts): Finding[] {
  const out: Finding[] = [];
  const scanned: ScannedWorkflow[] = [];
  for (const file of local.workflows) {
    const result = scanWorkflow(file);
    if ('file' in result) {
      scanned.push(result);
      continue;
    }
    out.push(finding('workflow/unreadable', 'error', msg(`Workflow ${file.file} ${result.id}.`, `Workflow ${file.file} is ${result.en}.`),
      msg('Perbaiki berkasnya, atau buat ulang dengan `subdomain init` dari rilis yang Anda pakai.', 'Fix the file, or regenerate it with `subdomain init` of the release you use.'), file.file));
  }
  const byBase = new Map(scanned.map((s) => [s.base, s]));
  const present = new Set(local.workflows.map((w) => baseName(w.file)));
  for (const req of WORKFLOWS) {
    if (present.has(req.file)) continue;
    out.push(finding('workflow/missing', req.need.kind === 'always' ? 'error' : 'warning',
      msg(`Workflow ${WORKFLOWS_DIR}/${req.file} tidak ada: tidak ada yang ${req.purpose.id}.`, `Workflow ${WORKFLOWS_DIR}/${req.file} is missing: nothing ${req.purpose.en}.`),
      msg(`Buat dengan \`subdomain init\` (di folder kosong, versi yang sama) dan salin ${req.file}-nya ke ${WORKFLOWS_DIR}/ di cabang main.`, `Generate it with \`subdomain init\` (in an empty folder, the same version) and copy its ${req.file} into ${WORKFLOWS_DIR}/ on the main branch.`)));
  }
  checkCallers(local, byBase, out);
  const names = new Set(scanned.flatMap((s) => (s.name ? [s.name] : [])));
  const known = new Set(local.knownCommands);
  // The files whose actions are the product's: the callers and, in this repository, the reusable workflows.
  const product = new Set(WORKFLOWS.flatMap((w) => [w.file, w.reusable]));
  for (const s of scanned) {
    for (const after of s.runsAfter) {
      if (names.has(after)) continue;
      // A product workflow the office does not have: workflow/missing says so (optional ones may be left out).
      if (WORKFLOWS.some((w) => w.name === after && !present.has(w.file))) continue;
      out.push(finding('workflow/trigger-unknown', 'error',
        msg(`${s.file} berjalan setelah workflow "${after}", tetapi tidak ada workflow bernama itu; ia tidak akan pernah berjalan.`, `${s.file} runs after workflow "${after}", but no workflow has that name; it will never run.`),
        msg(`Kembalikan \`name:\` workflow itu menjadi "${after}", atau sesuaikan \`workflow_run.workflows\`.`, `Give that workflow back its \`name: ${after}\`, or change \`workflow_run.workflows\`.`), s.file));
    }
    for (const command of new Set(s.commands)) {
      if (known.has(command)) continue;
      out.push(finding('workflow/unknown-command', 'error',
        msg(`${s.file} menjalankan \`subdomain ${command}\`, perintah yang tidak dikenal versi ini.`, `${s.file} runs \`subdomain ${command}\`, a command this version does not know.`),
        msg('Kembalikan workflow ke isi rilis yang sama dengan kode di repositori ini.', 'Bring the workflow back to the release that matches the code in this repository.'), s.file));
    }
    if (!product.has(s.base)) continue;
    for (const use of s.actions) {
      const req = ACTIONS.find((a) => a.action === use.action);
      if (req && req.ref === use.ref) continue;
      out.push(req
        ? finding('workflow/action-version', 'warning',
          msg(`${s.file} memakai ${use.action}@${use.ref}; versi yang diuji adalah @${req.ref}.`, `${s.file} uses ${use.action}@${use.ref}; the tested version is @${req.ref}.`),
          msg(`Kembalikan ke ${use.action}@${req.ref} # ${req.tag}, atau pastikan versi lain itu berperilaku sama.`, `Go back to ${use.action}@${req.ref} # ${req.tag}, or make sure the other version behaves the same.`), s.file)
        : finding('workflow/unknown-action', 'warning',
          msg(`${s.file} memanggil action ${use.action}@${use.ref} yang bukan bagian dari produk ini.`, `${s.file} calls the action ${use.action}@${use.ref}, which is not part of this product.`),
          msg('Periksa siapa pembuatnya dan apa yang dapat dibacanya (token, secret), atau hapus.', 'Check who wrote it and what it can read (tokens, secrets), or remove it.'), s.file));
    }
  }
  return out;
}

// ---- GitHub checks ---------------------------------------------------------------------

function failureFinding(failure: ReadFailure): Finding {
  const [id, en] = failure.writing ? ['', ''] : [' Bagian ini belum diperiksa.', ' This part was not checked.'];
  return failure.kind === 'permission'
    ? finding('github/permission', 'error',
      msg(`${failure.detail.id}${id}`, `${failure.detail.en}${en}`),
      msg(`Beri token izin ${failure.need.id}, lalu jalankan ulang \`subdomain doctor\`.`, `Give the token ${failure.need.en}, then run \`subdomain doctor\` again.`))
    : finding('github/failed', 'error',
      msg(`${failure.detail.id}${id}`, `${failure.detail.en}${en}`),
      msg('Jalankan ulang `subdomain doctor` sebentar lagi.', 'Run `subdomain doctor` again in a moment.'));
}

/** The names a scope holds: a set, or undefined (with the failures) when it could not be read. */
interface Holdings {
  names?: Set<string>;
  failures: ReadFailure[];
}

function holdings(...reads: Read<string[]>[]): Holdings {
  return { names: new Set(reads.flatMap((r) => (r.ok ? r.value : []))), failures: reads.flatMap((r) => (r.ok ? [] : [r.failure])) };
}

function checkGitHub(gh: GitHubFacts, office: Office): Finding[] {
  const out: Finding[] = [];
  const failures = new Map<string, ReadFailure>();
  const failed = (f: ReadFailure) => failures.set(`${f.detail.en}`, f);

  // The repository itself.
  if (!gh.repository.ok) failed(gh.repository.failure);
  else if (gh.repository.value.defaultBranch !== MAIN_BRANCH) {
    out.push(finding('repo/default-branch', 'error',
      msg(`Cabang utama repositori adalah \`${gh.repository.value.defaultBranch}\`, bukan \`${MAIN_BRANCH}\`: workflow apply dan proteksi cabang mengandalkan \`${MAIN_BRANCH}\`.`, `The repository's default branch is \`${gh.repository.value.defaultBranch}\`, not \`${MAIN_BRANCH}\`: the apply workflow and the protection rely on \`${MAIN_BRANCH}\`.`),
      msg(`Jadikan \`${MAIN_BRANCH}\` cabang utama (Settings → General → Default branch).`, `Make \`${MAIN_BRANCH}\` the default branch (Settings → General → Default branch).`)));
  }

  out.push(...checkLabels(gh, office, failed));

  // Secrets and variables, by scope.
  const repoSecrets = holdings(gh.secrets.repository, gh.secrets.organization);
  repoSecrets.failures.forEach(failed);
  const envs = gh.environments.ok ? new Map(gh.environments.value.map((e) => [e.name, e])) : undefined;
  if (!gh.environments.ok) failed(gh.environments.failure);
  const envSecrets = (name: string): Holdings | undefined => {
    const secrets = envs?.get(name)?.secrets;
    if (!secrets) return undefined;
    if (!secrets.ok) failed(secrets.failure);
    return secrets.ok ? { names: new Set(secrets.value), failures: [] } : { failures: [secrets.failure] };
  };
  const inRepository = (name: string): boolean | undefined => (repoSecrets.names?.has(name) ? true : repoSecrets.failures.length ? undefined : false);
  /** Is the secret where a job of `scope` sees it (its environment, or the repository)? Undefined when not known. */
  const visibleIn = (name: string, scope: Scope): boolean | undefined => {
    const repo = inRepository(name);
    if (repo === true || scope === 'repository') return repo;
    const env = envs?.get(scope);
    if (!env) return envs ? false : undefined;
    const held = env.secrets?.ok ? env.secrets.value.includes(name) : undefined;
    return held === true ? true : held === undefined || repo === undefined ? undefined : false;
  };
  /** Is the secret set anywhere a workflow reads it? */
  const secretSet = (name: string): boolean | undefined => {
    const scopes = SECRETS.find((x) => x.name === name)?.scopes ?? ['repository'];
    const seen = scopes.map((scope) => visibleIn(name, scope));
    return seen.some((x) => x === true) ? true : seen.some((x) => x === undefined) ? undefined : false;
  };
  out.push(...checkSecrets(office, envs, inRepository, envSecrets, secretSet));
  // No sop-app environment: its own finding says so, nothing is claimed about its secrets.
  if (envs?.has('sop-app')) out.push(...checkIntakeTeams(office, secretSet));
  if (gh.repository.ok) out.push(...checkPublicPhones(gh.repository.value.visibility, office));
  out.push(...checkVariables(gh, office, secretSet, failed));
  out.push(...checkEnvironments(office, envs, failed));

  // Both App secrets where the approvals job runs: it reports as the App; either missing: as GitHub Actions.
  // No sop-app environment: its own finding says so, nothing is claimed about the check's source.
  const app = envs?.has('sop-app') ? [visibleIn('SOP_APP_ID', 'sop-app'), visibleIn('SOP_APP_PRIVATE_KEY', 'sop-app')] : [undefined];
  const appConfigured = app.every((x) => x === true) ? true : app.some((x) => x === false) ? false : undefined;
  const protection = checkProtection(gh, office, appConfigured, failed);
  out.push(...protection.findings);
  if (protection.appId !== undefined) out.push(...checkApp(gh, office, protection.appId, failed));

  for (const f of gh.writes ?? []) failed(f);
  return [...[...failures.values()].map(failureFinding), ...out];
}

const INTAKE_TOKEN = 'SUBDOMAIN_INTAKE_TOKEN';

/**
 * Intake checks that an issue's author is one of the OPD's staff before writing a branch; for an
 * OPD (or the registrar role) given by `teams` that is a team-membership read, which the default
 * GITHUB_TOKEN may not make. Intake fails closed (src/intake/applicant-opd.ts,
 * src/github/memberships.ts): a 404 reads as "not a member", anything else stops the run with the
 * API's message. So without SUBDOMAIN_INTAKE_TOKEN team members' requests are refused; the
 * `users` are still let through, hence a warning.
 */
function checkIntakeTeams(office: Office, secretSet: (name: string) => boolean | undefined): Finding[] {
  const teams = office.intakeTeams;
  if (!teams || !office.present.has('subdomain-intake.yml')) return [];
  if (teams.opds.length === 0 && !teams.registrar) return [];
  if (secretSet(INTAKE_TOKEN) !== false) return []; // set, or could not be read (a permission finding)
  const opds = teams.opds.map((k) => `\`${k}\``).join(', ');
  const who = {
    id: [teams.opds.length ? `OPD ${opds}` : '', teams.registrar ? `peran pencatat \`${teams.registrar}\`` : ''].filter(Boolean).join(' dan '),
    en: [teams.opds.length ? `OPD ${opds}` : '', teams.registrar ? `the registrar role \`${teams.registrar}\`` : ''].filter(Boolean).join(' and '),
  };
  const are = teams.opds.length + (teams.registrar ? 1 : 0) > 1 ? 'are' : 'is';
  return [finding('intake/team-membership', 'warning',
    msg(`${who.id} diisi lewat \`teams\`, tetapi secret \`${INTAKE_TOKEN}\` belum ada di environment \`sop-app\`: intake memakai token bawaan (GITHUB_TOKEN), yang tidak dapat membaca keanggotaan tim organisasi, sehingga permohonan lewat formulir dari anggota tim itu ditolak (hanya akun di \`users\` yang diterima).`,
      `${who.en} ${are} given through \`teams\`, but the secret \`${INTAKE_TOKEN}\` is not in environment \`sop-app\`: intake uses the default token (GITHUB_TOKEN), which cannot read the organisation's team membership, so form requests from those teams' members are refused (only the accounts in \`users\` get through).`),
    msg(`Simpan token GitHub App kantor atau fine-grained token dengan izin Organization → Members: read (serta Contents, Issues dan Pull requests: write) sebagai \`${INTAKE_TOKEN}\` di Settings → Environments → sop-app → Environment secrets; atau tulis akun staf di \`users\`.`,
      `Store a GitHub App installation token or a fine-grained token with Organization → Members: read (and Contents, Issues and Pull requests: write) as \`${INTAKE_TOKEN}\` under Settings → Environments → sop-app → Environment secrets; or list the staff's accounts under \`users\`.`))];
}

/** A public repository keeps every contact's phone number in a history anyone can read. */
function checkPublicPhones(visibility: 'public' | 'private' | 'internal' | undefined, office: Office): Finding[] {
  if (visibility !== 'public' || office.omitsPhone !== false) return [];
  return [finding('privacy/public-phone', 'warning',
    msg('Repositori ini publik dan kebijakan tidak menetapkan `privacy.contact_phone: omit`: nomor telepon narahubung OPD di setiap permohonan masuk riwayat git yang dapat dibaca siapa pun, dan tetap di sana walau berkasnya kemudian diubah atau dihapus.',
      'This repository is public and the policy does not set `privacy.contact_phone: omit`: the agency contact\'s phone number in each request enters a git history anyone can read, and stays there even after the file is changed or deleted.'),
    msg('Tulis `privacy: { contact_phone: omit }` di .github/sop.yaml lalu `npx subdomain intake --write-form` (formulir tidak lagi menanyakan telepon), atau jadikan repositori privat (lihat README: repositori publik atau privat).',
      'Set `privacy: { contact_phone: omit }` in .github/sop.yaml, then run `npx subdomain intake --write-form` (the form stops asking for a phone), or make the repository private (see the README: public or private repository).'),
    POLICY_PATH)];
}

function labelName(label: LabelRequirement, office: Office): string {
  return label.fromPolicy ? office.overrideLabel : label.name;
}

/** The labels the workflows use that the repository lacks (for `--fix`). */
export function missingLabels(labels: readonly LabelFact[], local: LocalFacts): { name: string; color: string; description: string }[] {
  const office = officeOf(local);
  const have = new Set(labels.map((l) => l.name.toLowerCase()));
  return LABELS.filter((l) => applies(l.usedBy, office) && !have.has(labelName(l, office).toLowerCase()))
    .map((l) => ({ name: labelName(l, office), color: l.color, description: l.description }));
}

function checkLabels(gh: GitHubFacts, office: Office, failed: (f: ReadFailure) => void): Finding[] {
  if (!gh.labels.ok) {
    failed(gh.labels.failure);
    return [];
  }
  const have = new Set(gh.labels.value.map((l) => l.name.toLowerCase()));
  const out: Finding[] = [];
  for (const label of LABELS) {
    if (!applies(label.usedBy, office)) continue;
    const name = labelName(label, office);
    if (have.has(name.toLowerCase())) continue;
    out.push(finding('label/missing', severityOf(label.need, office) ?? 'warning',
      msg(`Label \`${name}\` belum ada; ${label.purpose.id}.`, `Label \`${name}\` does not exist; ${label.purpose.en}.`),
      msg(`Jalankan \`subdomain doctor --fix\` (membuat label), atau buat di Issues → Labels.`, `Run \`subdomain doctor --fix\` (creates the labels), or create it under Issues → Labels.`)));
  }
  return out;
}

function scopeText(scope: Scope): Message {
  return scope === 'repository'
    ? msg('secret repositori (atau organisasi)', 'a repository (or organisation) secret')
    : msg(`environment \`${scope}\``, `environment \`${scope}\``);
}

/** The environments of `scopes` that a job using the secret runs in, here: its environment is used by a workflow the office has that uses the secret. */
function homesOf(secret: SecretRequirement, office: Office): string[] {
  const uses = new Set(secret.usedBy.filter((u) => office.present.has(u.split('#')[0]!)).map((u) => u.split('#')[0]!));
  return secret.scopes.filter((scope) => scope !== 'repository').filter((scope) => {
    const env = ENVIRONMENTS.find((e) => e.name === scope);
    return !env || env.usedBy.some((u) => uses.has(u.split('#')[0]!));
  });
}

function checkSecrets(
  office: Office,
  envs: Map<string, EnvironmentFact> | undefined,
  inRepository: (name: string) => boolean | undefined,
  envSecrets: (name: string) => Holdings | undefined,
  secretSet: (name: string) => boolean | undefined,
): Finding[] {
  const out: Finding[] = [];
  for (const secret of SECRETS) {
    if (!applies(secret.usedBy, office)) continue;
    const severity = severityOf(secret.need, office, secretSet);
    if (!severity) continue;
    if (secret.home === 'repository') {
      if (inRepository(secret.name) !== false) continue; // present, or could not be read (a permission finding)
      const elsewhere = [...(envs?.values() ?? [])].filter((e) => e.secrets?.ok && e.secrets.value.includes(secret.name)).map((e) => e.name);
      out.push(finding('secret/missing', severity,
        msg(`Secret \`${secret.name}\` belum ada sebagai secret repositori (${secret.purpose.id})${elsewhere.length ? `; yang ada di environment ${elsewhere.join(', ')} tidak terbaca oleh job tanpa environment` : ''}.`,
          `Secret \`${secret.name}\` is not a repository secret (${secret.purpose.en})${elsewhere.length ? `; the one in environment ${elsewhere.join(', ')} is not visible to jobs without an environment` : ''}.`),
        msg('Tambahkan di Settings → Secrets and variables → Actions → Repository secrets.', 'Add it under Settings → Secrets and variables → Actions → Repository secrets.')));
      continue;
    }
    const homes = homesOf(secret, office);
    const all = secret.scopes.filter((scope) => scope !== 'repository');
    if (inRepository(secret.name) === true) {
      out.push(finding('secret/outside-environment', 'error',
        msg(`Secret \`${secret.name}\` tersimpan sebagai secret repositori atau organisasi: workflow dari cabang mana pun dapat membacanya.`, `Secret \`${secret.name}\` is stored as a repository or organisation secret: a workflow on any branch can read it.`),
        msg(`Simpan hanya di environment ${(homes.length ? homes : all).join(', ')} (Settings → Environments → … → Environment secrets), lalu hapus secret repositori/organisasinya.`, `Keep it only in environment ${(homes.length ? homes : all).join(', ')} (Settings → Environments → … → Environment secrets), then delete the repository/organisation secret.`)));
    }
    for (const scope of homes) {
      if (!envs?.get(scope)) continue; // the environment's own finding says it is missing (or could not be read)
      const held = envSecrets(scope);
      if (!held?.names) continue; // could not be read: a permission finding, never "absent"
      if (held.names.has(secret.name)) continue;
      out.push(finding('secret/missing', severity,
        msg(`Secret \`${secret.name}\` belum ada di ${scopeText(scope).id} (${secret.purpose.id}).`, `Secret \`${secret.name}\` is missing from ${scopeText(scope).en} (${secret.purpose.en}).`),
        msg(`Tambahkan di Settings → Environments → ${scope} → Environment secrets.`, `Add it under Settings → Environments → ${scope} → Environment secrets.`)));
    }
  }
  return out;
}

function checkVariables(gh: GitHubFacts, office: Office, secretSet: (name: string) => boolean | undefined, failed: (f: ReadFailure) => void): Finding[] {
  const vars = holdings(gh.variables.repository, gh.variables.organization);
  const out: Finding[] = [];
  for (const variable of VARIABLES) {
    if (!applies(variable.usedBy, office)) continue;
    const severity = severityOf(variable.need, office, secretSet);
    if (!severity) continue;
    if (vars.names?.has(variable.name)) continue;
    if (vars.failures.length) {
      vars.failures.forEach(failed);
      continue;
    }
    out.push(finding('variable/missing', severity,
      msg(`Variabel \`${variable.name}\` belum ada (${variable.purpose.id}).`, `Variable \`${variable.name}\` is missing (${variable.purpose.en}).`),
      msg('Tambahkan di Settings → Secrets and variables → Actions → Variables.', 'Add it under Settings → Secrets and variables → Actions → Variables.')));
  }
  return out;
}

function checkEnvironments(office: Office, envs: Map<string, EnvironmentFact> | undefined, failed: (f: ReadFailure) => void): Finding[] {
  if (!envs) return [];
  const out: Finding[] = [];
  for (const req of ENVIRONMENTS) {
    if (!applies(req.usedBy, office)) continue;
    const severity = severityOf(req.need, office) ?? 'warning';
    const env = envs.get(req.name);
    if (!env) {
      out.push(finding('environment/missing', severity,
        msg(`Environment \`${req.name}\` belum ada; ia ${req.purpose.id}.`, `Environment \`${req.name}\` does not exist; it ${req.purpose.en}.`),
        req.name === 'github-pages'
          ? msg('Aktifkan Pages: Settings → Pages → Source: GitHub Actions.', 'Turn Pages on: Settings → Pages → Source: GitHub Actions.')
          : msg(`Buat di Settings → Environments → New environment → \`${req.name}\`, batasi ke cabang \`${MAIN_BRANCH}\`.`, `Create it under Settings → Environments → New environment → \`${req.name}\`, restricted to the \`${MAIN_BRANCH}\` branch.`)));
      continue;
    }
    const restrict = msg(`Di Settings → Environments → ${req.name} → Deployment branches and tags pilih "Selected branches and tags" dan tambahkan \`${MAIN_BRANCH}\` saja.`,
      `Under Settings → Environments → ${req.name} → Deployment branches and tags choose "Selected branches and tags" and add \`${MAIN_BRANCH}\` only.`);
    if (req.mainOnly) {
      const policy = env.branchPolicy;
      if (policy === null) {
        out.push(finding('environment/branches', severity,
          msg(`Environment \`${req.name}\` dapat dipakai dari cabang mana pun: workflow di cabang lain dapat membaca secret-nya.`, `Environment \`${req.name}\` may be used from any branch: a workflow on another branch can read its secrets.`), restrict));
      } else if (policy.protectedBranches) {
        out.push(finding('environment/branches', 'warning',
          msg(`Environment \`${req.name}\` terbuka untuk semua cabang yang diproteksi, bukan hanya \`${MAIN_BRANCH}\`.`, `Environment \`${req.name}\` is open to every protected branch, not only \`${MAIN_BRANCH}\`.`), restrict));
      } else if (policy.customBranchPolicies && env.branchPolicies) {
        if (!env.branchPolicies.ok) failed(env.branchPolicies.failure);
        else {
          const others = env.branchPolicies.value.filter((p) => !(p.type === 'branch' && p.name === MAIN_BRANCH)).map((p) => `${p.type === 'tag' ? 'tag ' : ''}${p.name}`);
          const hasMain = env.branchPolicies.value.some((p) => p.type === 'branch' && p.name === MAIN_BRANCH);
          if (others.length > 0) {
            out.push(finding('environment/branches', severity,
              msg(`Environment \`${req.name}\` juga terbuka untuk ${others.join(', ')}, bukan hanya \`${MAIN_BRANCH}\`.`, `Environment \`${req.name}\` is also open to ${others.join(', ')}, not only \`${MAIN_BRANCH}\`.`), restrict));
          } else if (!hasMain) {
            out.push(finding('environment/branches', severity,
              msg(`Environment \`${req.name}\` tidak mengizinkan cabang mana pun, termasuk \`${MAIN_BRANCH}\`: workflow-nya tidak akan berjalan.`, `Environment \`${req.name}\` allows no branch, not even \`${MAIN_BRANCH}\`: its workflow will not run.`), restrict));
          }
        }
      }
    }
    if (req.noReviewers && env.requiredReviewers) {
      out.push(finding('environment/reviewers', 'warning',
        msg(`Environment \`${req.name}\` mewajibkan reviewer: pemeriksaan terjadwalnya akan menunggu orang setiap hari.`, `Environment \`${req.name}\` requires reviewers: its scheduled check will wait for a person every day.`),
        msg(`Hapus "Required reviewers" dari environment \`${req.name}\` (token di sana cukup baca-saja).`, `Remove "Required reviewers" from environment \`${req.name}\` (a read-only token is enough there).`)));
    }
  }
  return out;
}

// ---- protection of main -----------------------------------------------------------------

interface ProtectionSource {
  label: Message;
  pullRequest: boolean;
  checks: { context: string; appId: number | null }[];
  /** "Require branches to be up to date before merging" (strict status checks). */
  strict: boolean;
  blocksForcePush: boolean;
  blocksDeletion: boolean;
  /** Who may bypass, for people; the Apps apart (`apps`), since the office's App must be there. */
  bypass: Message[];
  /** The Apps that may bypass: ruleset Integration actors (with their mode), classic allowances. */
  apps: { id: number; slug?: string; mode: string }[];
  /** False when who may bypass could not be read (nothing is claimed about pushes then). */
  known: boolean;
  /** Would a push to main by this App be refused? */
  blocksPush: (appId: number | undefined) => boolean;
}

const RULESET_BLOCKING = new Set(['pull_request', 'required_status_checks', 'update', 'required_signatures', 'required_linear_history', 'required_deployments', 'merge_queue']);

function actorText(actor: BypassActor): Message {
  switch (actor.type) {
    case 'OrganizationAdmin':
      return msg('pemilik organisasi', 'organisation owners');
    case 'RepositoryRole':
      return msg(`peran repositori #${actor.id}${actor.id === 5 ? ' (admin)' : ''}`, `repository role #${actor.id}${actor.id === 5 ? ' (admin)' : ''}`);
    case 'Team':
      return msg(`tim #${actor.id}`, `team #${actor.id}`);
    case 'User':
      return msg(`pengguna #${actor.id}`, `user #${actor.id}`);
    case 'Integration':
      return msg(`app #${actor.id}`, `app #${actor.id}`);
    case 'DeployKey':
      return msg('deploy key', 'deploy keys');
    default:
      return msg(`${actor.type} #${actor.id}`, `${actor.type} #${actor.id}`);
  }
}

function appText(app: { id: number; slug?: string }): Message {
  if (app.id === GITHUB_ACTIONS_APP_ID) return msg('GitHub Actions (token bawaan workflow mana pun, dari cabang mana pun)', 'GitHub Actions (the default token of any workflow, on any branch)');
  const name = app.slug ?? `#${app.id}`;
  return msg(`app ${name}`, `app ${name}`);
}

function protectionSources(gh: GitHubFacts, failed: (f: ReadFailure) => void): ProtectionSource[] {
  const sources: ProtectionSource[] = [];
  if (!gh.protection.ok) failed(gh.protection.failure);
  else if (gh.protection.value) {
    const p = gh.protection.value;
    const bypass: Message[] = [];
    if (!p.enforceAdmins) bypass.push(msg('admin (aturan tidak berlaku untuk administrator)', 'administrators (the rules do not apply to them)'));
    const allow = p.pullRequest?.bypass;
    for (const user of allow?.users ?? []) bypass.push(msg(`pengguna ${user}`, `user ${user}`));
    for (const team of allow?.teams ?? []) bypass.push(msg(`tim ${team}`, `team ${team}`));
    const listed = (list: { id: number }[] | undefined, appId: number | undefined) => appId !== undefined && (list ?? []).some((a) => a.id === appId);
    sources.push({
      label: msg('proteksi cabang', 'branch protection'),
      pullRequest: p.pullRequest !== undefined,
      checks: p.checks,
      strict: p.strictChecks === true,
      blocksForcePush: !p.allowForcePushes,
      blocksDeletion: !p.allowDeletions,
      bypass,
      apps: (allow?.apps ?? []).map((a) => ({ id: a.id, slug: a.slug, mode: 'always' })),
      known: true,
      // Required checks hold every push without them, the App's included: classic protection has no bypass for them.
      blocksPush: (appId) => p.checks.length > 0 || (p.pullRequest !== undefined && !listed(allow?.apps, appId)) || (p.restrictions !== undefined && !listed(p.restrictions.apps, appId)),
    });
  }
  if (!gh.rules.ok) {
    failed(gh.rules.failure);
    return sources;
  }
  const byRuleset = new Map<string, BranchRule[]>();
  for (const rule of gh.rules.value) {
    const key = String(rule.rulesetId ?? '?');
    byRuleset.set(key, [...(byRuleset.get(key) ?? []), rule]);
  }
  for (const [key, rules] of byRuleset) {
    const id = Number(key);
    const read = Number.isFinite(id) ? gh.rulesets[id] : undefined;
    const name = read?.ok ? read.value.name : rules[0]?.rulesetSource ?? key;
    const bypass: Message[] = [];
    const apps: { id: number; mode: string }[] = [];
    // Who may bypass unknown: neither a bypass nor a refused register push is claimed.
    const unknown = !read?.ok || read.value.bypass === undefined;
    if (read && !read.ok) failed(read.failure);
    else if (read?.ok && read.value.bypass === undefined) {
      failed({ kind: 'permission', detail: msg(`Siapa yang boleh melewati ruleset "${name}" tidak dapat dibaca.`, `Who may bypass ruleset "${name}" could not be read.`), need: msg('Administration: read (atau admin repositori)', 'Administration: read (or repository admin)') });
    } else if (read?.ok) {
      for (const actor of read.value.bypass!) {
        if (actor.type === 'Integration' && actor.id !== null) apps.push({ id: actor.id, mode: actor.mode });
        else bypass.push(actorText(actor));
      }
    }
    const blocking = rules.some((r) => RULESET_BLOCKING.has(r.type));
    sources.push({
      label: msg(`ruleset "${name}"`, `ruleset "${name}"`),
      pullRequest: rules.some((r) => r.type === 'pull_request'),
      checks: rules.flatMap((r) => (r.checks ?? []).map((c) => ({ context: c.context, appId: c.integrationId ?? null }))),
      strict: rules.some((r) => r.type === 'required_status_checks' && r.strict === true),
      blocksForcePush: rules.some((r) => r.type === 'non_fast_forward'),
      blocksDeletion: rules.some((r) => r.type === 'deletion'),
      bypass,
      apps,
      known: !unknown,
      // Only an `always` bypass lets a direct push through; `pull_request` mode is for merges.
      blocksPush: (appId) => !unknown && blocking && !apps.some((a) => a.id === appId && a.mode === 'always'),
    });
  }
  return sources;
}

function checkProtection(gh: GitHubFacts, office: Office, appConfigured: boolean | undefined, failed: (f: ReadFailure) => void): { findings: Finding[]; appId?: number } {
  const out: Finding[] = [];
  const sources = protectionSources(gh, failed);
  const known = gh.protection.ok && gh.rules.ok;
  const where = msg(`Settings → Rules → Rulesets (atau Branches) untuk \`${MAIN_BRANCH}\``, `Settings → Rules → Rulesets (or Branches) for \`${MAIN_BRANCH}\``);
  const contexts = REQUIRED_CHECKS.map((c) => `\`${c.context}\``).join(' dan ');
  const contextsEn = REQUIRED_CHECKS.map((c) => `\`${c.context}\``).join(' and ');
  if (sources.length === 0) {
    if (known) {
      out.push(finding('protection/missing', 'error',
        msg(`Cabang \`${MAIN_BRANCH}\` tidak diproteksi: siapa pun yang punya akses tulis dapat menggabungkan tanpa persetujuan SOP.`, `Branch \`${MAIN_BRANCH}\` is not protected: anyone with write access can merge without the SOP approvals.`),
        msg(`Buat ruleset untuk \`${MAIN_BRANCH}\`: wajib pull request, wajib check ${contexts} dengan cabang terbaru ("Require branches to be up to date"), GitHub App kantor satu-satunya bypass, larang force push dan penghapusan (lihat README).`,
          `Create a ruleset for \`${MAIN_BRANCH}\`: require a pull request, require the ${contextsEn} checks with up-to-date branches ("Require branches to be up to date"), the office's GitHub App as the only bypass actor, block force pushes and deletion (see the README).`)));
    }
    return { findings: out };
  }
  if (!sources.some((s) => s.pullRequest) && known) {
    out.push(finding('protection/pull-request', 'error',
      msg(`Perubahan ke \`${MAIN_BRANCH}\` tidak wajib lewat pull request.`, `Changes to \`${MAIN_BRANCH}\` need not go through a pull request.`),
      msg(`Nyalakan "Require a pull request before merging" di ${where.id}.`, `Turn on "Require a pull request before merging" in ${where.en}.`)));
  }
  let appId: number | undefined;
  let anyCheck = false;
  for (const check of REQUIRED_CHECKS) {
    const found = sources.flatMap((s) => s.checks.filter((c) => c.context === check.context).map((c) => ({ ...c, source: s })));
    if (found.length === 0) {
      if (known) {
        out.push(finding('protection/check-missing', 'error',
          msg(`Check \`${check.context}\` tidak wajib lulus sebelum merge (${check.purpose.id}).`, `Check \`${check.context}\` is not required before a merge (${check.purpose.en}).`),
          msg(`Tambahkan \`${check.context}\` ke "Require status checks to pass" di ${where.id}, dengan sumber ${expectedSource(check).id}.`, `Add \`${check.context}\` to "Require status checks to pass" in ${where.en}, with the source ${expectedSource(check).en}.`)));
      }
      continue;
    }
    anyCheck = true;
    for (const f of found) {
      const problem = sourceProblem(check, f.appId, appConfigured);
      if (problem) {
        out.push(finding('protection/check-source', problem.severity,
          msg(`${f.source.label.id}: check \`${check.context}\` ${problem.what.id}.`, `${f.source.label.en}: check \`${check.context}\` ${problem.what.en}.`),
          msg(`Pilih sumber ${expectedSource(check).id} untuk \`${check.context}\` di ${where.id}.`, `Pick the source ${expectedSource(check).en} for \`${check.context}\` in ${where.en}.`)));
      } else if (check.source === 'sop-app' && f.appId !== null && f.appId !== GITHUB_ACTIONS_APP_ID && f.appId !== -1) {
        appId = f.appId;
      }
    }
  }
  if (MAIN_PROTECTION.upToDate && known && anyCheck && !sources.some((s) => s.strict && s.checks.some((c) => REQUIRED_CHECKS.some((r) => r.context === c.context)))) {
    out.push(finding('protection/up-to-date', 'error',
      msg(`Cabang pull request tidak wajib terbaru sebelum merge: dua permohonan nama yang sama, masing-masing lolos terhadap \`${MAIN_BRANCH}\` yang lama, dapat sama-sama digabung.`,
        `Pull request branches need not be up to date before merging: two requests for one name, each passing against an older \`${MAIN_BRANCH}\`, can both merge.`),
      msg(`Nyalakan "Require branches to be up to date before merging" pada check wajib di ${where.id}.`, `Turn on "Require branches to be up to date before merging" for the required checks in ${where.en}.`)));
  }
  // The office's App (MAIN_PROTECTION.pushActor): the source of sop/approvals; without one, the one App the rulesets let bypass.
  const pushActor = appId ?? (() => {
    const candidates = new Set(sources.flatMap((s) => s.apps.map((a) => a.id)).filter((id) => id !== GITHUB_ACTIONS_APP_ID));
    return candidates.size === 1 ? [...candidates][0] : undefined;
  })();
  for (const s of sources) {
    const others = [...s.bypass, ...s.apps.filter((a) => a.id !== pushActor).map(appText)];
    for (const who of others) {
      out.push(finding('protection/bypass', 'error',
        msg(`${s.label.id}: ${who.id} boleh melewati aturan \`${MAIN_BRANCH}\`, jadi dapat menggabungkan tanpa persetujuan SOP.`, `${s.label.en}: ${who.en} may bypass the rules of \`${MAIN_BRANCH}\`, and so merge without the SOP approvals.`),
        msg('Hapus dari daftar bypass; yang boleh hanya GitHub App kantor (untuk commit daftar sub domain). Untuk proteksi cabang klasik, nyalakan "Do not allow bypassing the above settings".', 'Remove it from the bypass list; only the office\'s GitHub App may stay (for the register commits). With classic branch protection, turn on "Do not allow bypassing the above settings".')));
    }
  }
  if (known && !sources.some((s) => s.blocksForcePush)) {
    out.push(finding('protection/force-push', 'error',
      msg(`Force push ke \`${MAIN_BRANCH}\` tidak dilarang: riwayat permohonan dapat ditulis ulang.`, `Force pushes to \`${MAIN_BRANCH}\` are not blocked: the request history can be rewritten.`),
      msg(`Nyalakan "Block force pushes" di ${where.id}.`, `Turn on "Block force pushes" in ${where.en}.`)));
  }
  if (known && !sources.some((s) => s.blocksDeletion)) {
    out.push(finding('protection/deletion', 'error',
      msg(`Cabang \`${MAIN_BRANCH}\` boleh dihapus.`, `Branch \`${MAIN_BRANCH}\` may be deleted.`),
      msg(`Nyalakan "Restrict deletions" di ${where.id}.`, `Turn on "Restrict deletions" in ${where.en}.`)));
  }
  // The register commits (apply, steps, re-confirmations, the watch) are pushed with the App's token.
  const pushers = PUSHING_WORKFLOWS.filter((w) => office.present.has(w));
  if (pushers.length > 0) {
    const app = pushActor === undefined ? msg('GitHub App kantor', 'the office\'s GitHub App') : appText({ id: pushActor });
    for (const s of sources.filter((x) => x.known && x.blocksPush(pushActor))) {
      out.push(finding('protection/register-push', 'error',
        msg(`${s.label.id} menolak push ${app.id} ke \`${MAIN_BRANCH}\`: setelah DNS diterapkan, pencatatan daftar sub domain (${pushers.join(', ')}) tidak dapat menulis.`,
          `${s.label.en} refuses ${app.en}'s push to \`${MAIN_BRANCH}\`: after DNS is applied, the register commits (${pushers.join(', ')}) cannot be written.`),
        msg('Pakai ruleset dengan GitHub App kantor sebagai satu-satunya bypass actor, mode "Always" (proteksi cabang klasik dengan check wajib selalu menolak push itu).', 'Use a ruleset with the office\'s GitHub App as its only bypass actor, mode "Always" (classic branch protection with required checks always refuses that push).')));
    }
  }
  return appId === undefined ? { findings: out } : { findings: out, appId };
}

/** The workflows whose jobs push to main with the App's token (the watch writes only a request branch). */
const PUSHING_WORKFLOWS = ['subdomain-apply.yml', 'subdomain-steps.yml', 'subdomain-reconfirm.yml'];

function expectedSource(check: RequiredCheck): Message {
  return check.source === 'github-actions'
    ? msg('"GitHub Actions"', '"GitHub Actions"')
    : msg('GitHub App kantor (tanpa App: "GitHub Actions")', 'the office\'s GitHub App (without an App: "GitHub Actions")');
}

function sourceProblem(check: RequiredCheck, appId: number | null, appConfigured: boolean | undefined): { severity: Severity; what: Message } | undefined {
  const any = appId === null || appId === -1;
  if (check.source === 'github-actions') {
    if (any) return { severity: 'warning', what: msg('diterima dari sumber mana pun; status palsu dapat ditulis siapa pun yang punya akses tulis', 'is accepted from any source; anyone with write access can post a forged status') };
    if (appId !== GITHUB_ACTIONS_APP_ID) return { severity: 'error', what: msg(`hanya diterima dari app #${appId}, padahal workflow melaporkannya sebagai GitHub Actions; pull request tidak akan pernah dapat digabung`, `is only accepted from app #${appId}, but the workflow reports it as GitHub Actions; no pull request could ever merge`) };
    return undefined;
  }
  if (any) return { severity: 'error', what: msg('diterima dari sumber mana pun: siapa pun yang punya akses tulis dapat menulis status `sop/approvals` palsu', 'is accepted from any source: anyone with write access can post a forged `sop/approvals` status') };
  if (appId === GITHUB_ACTIONS_APP_ID && appConfigured === true) {
    return { severity: 'error', what: msg('hanya diterima dari GitHub Actions, padahal dengan GitHub App workflow melaporkannya sebagai App itu; pull request tidak akan pernah dapat digabung', 'is only accepted from GitHub Actions, but with the GitHub App the workflow reports it as that App; no pull request could ever merge') };
  }
  if (appId !== GITHUB_ACTIONS_APP_ID && appConfigured === false) {
    return { severity: 'error', what: msg(`hanya diterima dari app #${appId}, padahal tanpa secret SOP_APP_ID/SOP_APP_PRIVATE_KEY di environment sop-app workflow melaporkannya sebagai GitHub Actions; pull request tidak akan pernah dapat digabung`, `is only accepted from app #${appId}, but without the SOP_APP_ID/SOP_APP_PRIVATE_KEY secrets in environment sop-app the workflow reports it as GitHub Actions; no pull request could ever merge`) };
  }
  return undefined;
}

// ---- the GitHub App ---------------------------------------------------------------------

const LEVEL = { read: 1, write: 2, admin: 3 } as Record<string, number | undefined>;

function checkApp(gh: GitHubFacts, office: Office, appId: number, failed: (f: ReadFailure) => void): Finding[] {
  if (!gh.installations) return [];
  if (!gh.installations.ok) {
    failed(gh.installations.failure);
    return [];
  }
  const installation = gh.installations.value.find((i) => i.appId === appId);
  const settings = msg('Settings → GitHub Apps (organisasi) → App kantor → Configure', 'the organisation\'s Settings → GitHub Apps → the office\'s App → Configure');
  if (!installation) {
    return [finding('app/not-installed', 'error',
      msg(`GitHub App #${appId} yang menjadi sumber \`sop/approvals\` tidak terpasang di ${gh.repo.split('/')[0]}.`, `GitHub App #${appId}, the required source of \`sop/approvals\`, is not installed on ${gh.repo.split('/')[0]}.`),
      msg(`Pasang App itu pada repositori ${gh.repo}, atau pilih sumber check yang benar.`, `Install that App on the repository ${gh.repo}, or pick the right check source.`))];
  }
  const out: Finding[] = [];
  if (installation.suspended) {
    out.push(finding('app/suspended', 'error',
      msg(`GitHub App ${installation.appSlug} ditangguhkan (suspended): workflow tidak dapat memakai tokennya.`, `GitHub App ${installation.appSlug} is suspended: the workflows cannot use its token.`),
      msg(`Aktifkan lagi di ${settings.id}.`, `Unsuspend it in ${settings.en}.`)));
  }
  for (const permission of APP_PERMISSIONS) {
    if (!applies(permission.usedBy, office)) continue;
    const severity = permission.need.kind === 'teams' ? (office.teams === true ? 'error' : undefined) : severityOf(permission.need, office);
    if (!severity) continue;
    const has = installation.permissions[permission.name];
    if ((LEVEL[has ?? ''] ?? 0) >= LEVEL[permission.level]!) continue;
    const wanted = `${permission.title}: ${permission.level === 'write' ? 'Read and write' : 'Read-only'}`;
    out.push(finding('app/permission', severity,
      msg(`GitHub App ${installation.appSlug} tidak punya izin ${wanted} (${has ? `hanya ${has}` : 'tidak ada'}); izin itu untuk ${permission.purpose.id}.`, `GitHub App ${installation.appSlug} lacks ${wanted} (${has ? `only ${has}` : 'none'}); it ${permission.purpose.en}.`),
      msg(`Tambahkan izin itu di pengaturan App (Permissions & events), lalu setujui perubahan izinnya di ${settings.id}.`, `Add it in the App's settings (Permissions & events), then accept the new permissions in ${settings.en}.`)));
  }
  if (installation.repositorySelection === 'selected') {
    out.push(finding('app/repositories', 'warning',
      msg(`GitHub App ${installation.appSlug} hanya terpasang pada repositori tertentu; doctor tidak dapat memastikan ${gh.repo} termasuk.`, `GitHub App ${installation.appSlug} is installed on selected repositories only; doctor cannot tell whether ${gh.repo} is one of them.`),
      msg(`Pastikan ${gh.repo} ada di daftar "Repository access" pada ${settings.id}.`, `Make sure ${gh.repo} is listed under "Repository access" in ${settings.en}.`)));
  }
  return out;
}
