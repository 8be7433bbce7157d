import { checkTemplateSequences } from '../records/common.js';
import { checkActingAppointments } from './acting.js';
import { checkHostingRecords } from './hosting.js';
import { checkNumberTemplates } from '../letters/numbering.js';
import { msg, problem, type Problem } from '../model/problem.js';
import { loadYaml, type YamlSource } from '../model/yaml-source.js';
import { POLICY_PATH } from '../model/domain.js';
import type { Tree } from '../repo/tree.js';
import type { Limits, Policy, Role, Step } from '../schema/types.gen.js';
import { validateShape } from '../schema/validate-shape.js';
import { presets } from './presets/index.js';

/** Labels nobody may request: infrastructure, shared services and national-portal names. */
export const DEFAULT_RESERVED = [
  'www', 'mail', 'smtp', 'imap', 'pop', 'pop3', 'webmail', 'mx', 'mx1', 'mx2', 'ns', 'ns1', 'ns2', 'ns3', 'ns4', 'dns',
  'admin', 'administrator', 'root', 'api', 'sso', 'auth', 'login', 'vpn', 'proxy', 'cdn', 'ftp', 'sftp',
  'autodiscover', 'autoconfig', 'cpanel', 'whm', 'localhost', 'intranet', 'portal', 'static', 'assets',
  'lpse', 'ppid', 'jdih', 'sirup', 'spse', 'srikandi', 'sipd', 'lapor', 'satudata', 'data', 'dashboard',
  'diskominfo', 'kominfo', 'pemkot', 'pemkab', 'pemda', 'test', 'dev', 'staging',
];

export const DEFAULT_LIMITS: Required<Limits> = { max_deletes: 5, override_label: 'izin-hapus-massal' };
export const MAINTAINERS_ROLE = 'maintainers';

/** The policy with its preset applied and defaults filled in: what the rest of the code reads. */
export interface ResolvedPolicy extends Policy {
  roles: Record<string, Role>;
  steps: Step[];
  order: NonNullable<Policy['order']>;
  limits: Required<Limits>;
  reservedNames: ReadonlySet<string>;
}

/** Whether the office keeps no contact phone numbers in the repository (`privacy.contact_phone: omit`). */
export function omitsContactPhone(policy: Pick<Policy, 'privacy'>): boolean {
  return policy.privacy?.contact_phone === 'omit';
}

/** `warnings` never stop the policy from being used; validate reports them. */
export type PolicyResult = { ok: true; policy: ResolvedPolicy; source: YamlSource; warnings: Problem[] } | { ok: false; problems: Problem[] };

export function loadPolicy(tree: Tree, path = POLICY_PATH): PolicyResult {
  const kind = tree.kind(path);
  if (kind !== 'file') {
    return {
      ok: false,
      problems: [
        problem(path, kind === 'symlink' ? 'file/symlink' : 'policy/missing', kind === 'symlink'
          ? msg('Berkas kebijakan tidak boleh berupa symlink.', 'The policy file must not be a symlink.')
          : msg(`Berkas kebijakan ${path} tidak ada (${tree.label}).`, `Policy file ${path} is missing (${tree.label}).`)),
      ],
    };
  }
  return parsePolicy(path, tree.read(path)!);
}

export function parsePolicy(path: string, bytes: Uint8Array): PolicyResult {
  const loaded = loadYaml(path, bytes);
  if (!loaded.ok) return loaded;
  const shape = validateShape('policy', loaded.source);
  if (!shape.ok) return shape;
  const policy = resolve(shape.value);
  const problems = [
    ...checkPolicy(policy, loaded.source),
    ...checkActingAppointments(policy, loaded.source),
    ...checkHostingRecords(policy, loaded.source),
    ...checkTemplateSequences(path, loaded.source, shape.value),
    ...checkNumberTemplates(path, loaded.source, policy.office),
  ];
  const errors = problems.filter((p) => p.severity === 'error');
  return errors.length > 0 ? { ok: false, problems: errors } : { ok: true, policy, source: loaded.source, warnings: problems };
}

function resolve(policy: Policy): ResolvedPolicy {
  const preset = policy.preset ? presets[policy.preset] : undefined;
  const roles: Record<string, Role> = {};
  for (const [key, role] of Object.entries(preset?.roles ?? {})) roles[key] = { ...role };
  for (const [key, role] of Object.entries(policy.roles ?? {})) roles[key] = { ...roles[key], ...role };
  return {
    ...policy,
    roles,
    steps: policy.steps ?? preset?.steps ?? [],
    order: policy.order ?? preset?.order ?? 'strict',
    ...(policy.intake ?? preset?.intake ? { intake: policy.intake ?? preset?.intake } : {}),
    ...(policy.total_limit ?? preset?.total_limit ? { total_limit: policy.total_limit ?? preset?.total_limit } : {}),
    limits: { ...DEFAULT_LIMITS, ...policy.limits },
    reservedNames: new Set([...DEFAULT_RESERVED, ...(policy.reserved ?? [])]),
  };
}

/**
 * With a preset (and no steps of its own), the policy's `roles` are the preset's: every role its
 * steps need is listed (people may still be empty: `doctor` asks for them), and no other key,
 * so a misspelt role key cannot leave the real one without people unnoticed.
 */
function checkPresetRoles(policy: ResolvedPolicy, source: YamlSource): Problem[] {
  const raw = source.value as Policy;
  const preset = policy.preset ? presets[policy.preset] : undefined;
  if (!preset || raw.steps) return [];
  const expected = Object.entries(preset.roles).map(([key, role]) => `${key} (${role.title})`).join(', ');
  const problems: Problem[] = [];
  const listed = raw.roles ?? {};
  for (const key of Object.keys(listed)) {
    // The registrar's role may be the office's own (a Sekretariat the SOP does not name).
    if (preset.roles[key] || key === raw.intake?.role) continue;
    problems.push(problem(source.file, 'policy/preset-role-unknown', msg(
      `Peran \`${key}\` tidak ada di preset ${policy.preset}. Kunci peran yang diharapkan: ${expected}.`,
      `Role \`${key}\` is not a role of preset ${policy.preset}. The expected role keys: ${expected}.`), source.keyPositionOf(['roles'], key)));
  }
  const needed = new Set(preset.steps.flatMap((s) => s.roles));
  for (const key of needed) {
    if (listed[key]) continue;
    problems.push(problem(source.file, 'policy/preset-role-missing', msg(
      `Preset ${policy.preset} memerlukan peran \`${key}\` (${preset.roles[key]?.title ?? key}) di \`roles\`, tetapi tidak ada. Kunci peran yang diharapkan: ${expected}.`,
      `Preset ${policy.preset} needs role \`${key}\` (${preset.roles[key]?.title ?? key}) in \`roles\`, and it is missing. The expected role keys: ${expected}.`),
      source.positionOf(raw.roles ? ['roles'] : ['preset'])));
  }
  return problems;
}

/** Consistency the schema cannot express: references between parts of the file. */
function checkPolicy(policy: ResolvedPolicy, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const add = (rule: string, id: string, en: string, path: (string | number)[]) =>
    problems.push(problem(source.file, rule, msg(id, en), source.positionOf(path)));

  const zoneNames = new Set<string>();
  policy.zones.forEach((zone, i) => {
    if (zoneNames.has(zone.name)) add('policy/duplicate-zone', `Zona ${zone.name} ditulis dua kali.`, `Zone ${zone.name} is listed twice.`, ['zones', i, 'name']);
    zoneNames.add(zone.name);
  });
  if (policy.steps.length > 0 && !policy.roles[MAINTAINERS_ROLE]) {
    add('policy/maintainers-role', `Peran \`${MAINTAINERS_ROLE}\` wajib ada di \`roles\`: ia menyetujui perubahan di luar requests/.`, `Role \`${MAINTAINERS_ROLE}\` is required in \`roles\`: it approves changes outside requests/.`, ['roles']);
  }
  problems.push(...checkPresetRoles(policy, source));
  const stepIds = new Set<string>();
  policy.steps.forEach((step, i) => {
    if (stepIds.has(step.id)) add('policy/duplicate-step', `Langkah ${step.id} ditulis dua kali.`, `Step ${step.id} is listed twice.`, ['steps', i, 'id']);
    stepIds.add(step.id);
    step.roles.forEach((role, j) => {
      if (!policy.roles[role]) add('policy/unknown-role', `Langkah ${step.id} menyebut peran \`${role}\` yang tidak ada di \`roles\`.`, `Step ${step.id} names role \`${role}\`, which \`roles\` does not define.`, (source.value as Policy).steps ? ['steps', i, 'roles', j] : ['preset']);
    });
  });
  problems.push(...checkIntake(policy, source));
  // The roles the watch hands incidents to, and escalates them to, are roles of this policy.
  for (const key of ['incident_role', 'escalate_to'] as const) {
    const role = policy.watch?.[key];
    if (role !== undefined && !Object.hasOwn(policy.roles, role)) {
      add('policy/unknown-role', `\`watch.${key}\` menyebut peran \`${role}\` yang tidak ada di \`roles\`.`, `\`watch.${key}\` names role \`${role}\`, which \`roles\` does not define.`, ['watch', key]);
    }
  }
  return problems;
}

/**
 * The registrar's role exists, and the step their act fills is the SOP's first approval step
 * and one that role takes: the letter arrives before anyone disposes of it.
 */
function checkIntake(policy: ResolvedPolicy, source: YamlSource): Problem[] {
  const intake = policy.intake;
  if (!intake) return [];
  const raw = source.value as Policy;
  const at = (field: 'role' | 'step') => source.positionOf(raw.intake ? ['intake', field] : ['preset']);
  const problems: Problem[] = [];
  if (!Object.hasOwn(policy.roles, intake.role)) {
    problems.push(problem(source.file, 'policy/unknown-role', msg(
      `\`intake.role\` menyebut peran \`${intake.role}\` yang tidak ada di \`roles\`.`,
      `\`intake.role\` names role \`${intake.role}\`, which \`roles\` does not define.`), at('role')));
  }
  if (intake.step === undefined) return problems;
  const first = policy.steps.find((s) => s.kind === 'approval');
  const step = policy.steps.find((s) => s.id === intake.step);
  if (!step || step !== first || !step.roles.includes(intake.role)) {
    problems.push(problem(source.file, 'policy/intake-step', msg(
      `\`intake.step\` harus langkah persetujuan pertama SOP yang diambil peran \`${intake.role}\` (penerimaan surat)${first ? `; langkah pertama adalah \`${first.id}\` (${first.roles.join(', ')})` : ''}.`,
      `\`intake.step\` must be the SOP's first approval step, taken by role \`${intake.role}\` (receiving the letter)${first ? `; the first step is \`${first.id}\` (${first.roles.join(', ')})` : ''}.`), at('step')));
  }
  return problems;
}
