import { POLICY_PATH, registerPath } from '../model/domain.js';
import { pendingImport } from '../register/history.js';
import { loadFile } from '../repo/load.js';
import { hasErrors, msg, problem, type Problem } from '../model/problem.js';
import { withInfrastructure } from '../policy/edit.js';
import { loadPolicy } from '../policy/policy.js';
import type { FileChange } from '../register/register.js';
import { OverlayTree, type Tree } from '../repo/tree.js';
import { validateInTree } from '../validate/validate.js';
import type { LiveRecord } from '../zone/live-record.js';
import { knownIn, parseOwners, planImport, type ImportPlan, type ImportSource } from './import.js';

/** The zone's records as one source read them, or why they cannot be read (then nothing is written). */
export type ZoneRecords = { ok: true; records: LiveRecord[]; calls?: number } | { ok: false; problems: Problem[] };

export interface AdoptRequest {
  /** The office's repository as it is (policy, register, requests). */
  tree: Tree;
  zone: string;
  read(zoneId: string): Promise<ZoneRecords>;
  owners?: { path: string; text: string };
  infrastructure: readonly string[];
  meta: ImportSource;
  /** YYYY-MM-DD, Asia/Jakarta. */
  today: string;
}

export type AdoptResult =
  | { ok: true; plan: ImportPlan; changes: FileChange[]; warnings: Problem[]; calls?: number }
  | { ok: false; problems: Problem[] };

/**
 * Everything `subdomain import` would write, decided before anything is written: the register
 * entries and the policy's infrastructure list, checked by the same rules as `validate`. An
 * entry the rules refuse (a private address, a TTL out of range) is left out and listed; a
 * source that cannot be read, a bad owners file or a policy that cannot be updated refuses it all.
 */
export async function prepareImport(request: AdoptRequest): Promise<AdoptResult> {
  const loaded = loadPolicy(request.tree);
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  const policy = loaded.policy;
  const zone = policy.zones.find((z) => z.name === request.zone);
  if (!zone) {
    return { ok: false, problems: [problem(POLICY_PATH, 'import/policy', msg(
      `Zona ${request.zone} tidak ada di \`zones\` kebijakan (${policy.zones.map((z) => z.name).join(', ')}).`,
      `Zone ${request.zone} is not in the policy's \`zones\` (${policy.zones.map((z) => z.name).join(', ')}).`))] };
  }
  const owners = request.owners ? parseOwners(request.owners.path, request.owners.text, policy) : { owners: new Map<string, string>(), problems: [] };
  if (owners.problems.length > 0) return { ok: false, problems: owners.problems };
  const read = await request.read(zone.cloudflare_zone_id);
  if (!read.ok) return { ok: false, problems: read.problems };

  const exists = (path: string) => request.tree.kind(path) !== 'missing';
  const plan = planImport({
    zone, policy, records: read.records, owners: owners.owners, infrastructure: request.infrastructure, known: knownIn(exists), meta: request.meta,
    pendingEntry: (fqdn) => {
      const path = registerPath(fqdn);
      if (!exists(path)) return undefined;
      const loaded = loadFile(request.tree, path, 'register');
      return loaded.ok && pendingImport(loaded.value) ? loaded.value : undefined;
    },
  });
  const policyText = loaded.source.text;
  const updatedPolicy = withInfrastructure(policyText, zone.name, plan.infrastructure);
  if (updatedPolicy === undefined) {
    return { ok: false, problems: [problem(POLICY_PATH, 'import/policy', msg(
      `Daftar \`infrastructure\` zona ${zone.name} tidak dapat ditambahkan ke .github/sop.yaml.`,
      `The \`infrastructure\` list of zone ${zone.name} cannot be added to .github/sop.yaml.`))] };
  }

  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>([[POLICY_PATH, encoder.encode(updatedPolicy)], ...plan.entries.map((e) => [e.path, encoder.encode(e.content)] as const)]);
  const report = validateInTree(new OverlayTree(request.tree, files), [POLICY_PATH, ...plan.entries.map((e) => e.path)], request.today);
  const policyProblems = report.problems.filter((p) => p.file === POLICY_PATH && p.severity === 'error');
  if (report.policyBroken || policyProblems.length > 0) return { ok: false, problems: report.problems.filter((p) => p.file === POLICY_PATH) };

  const byFile = new Map<string, Problem[]>();
  for (const p of report.problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const kept = plan.entries.filter((entry) => {
    const problems = byFile.get(entry.path) ?? [];
    if (!hasErrors(problems)) return true;
    for (const p of problems.filter((x) => x.severity === 'error')) {
      plan.leftOut.push({ name: entry.fqdn, reason: p.message, rule: p.rule, file: entry.path, ...(p.line !== undefined ? { line: p.line } : {}) });
    }
    return false;
  });
  plan.entries = kept;
  const warnings = kept.flatMap((e) => byFile.get(e.path) ?? []);
  const changes: FileChange[] = [
    ...(updatedPolicy !== policyText ? [{ path: POLICY_PATH, content: updatedPolicy }] : []),
    ...kept.map((e) => ({ path: e.path, content: e.content })),
  ];
  return { ok: true, plan, changes, warnings, ...(read.calls !== undefined ? { calls: read.calls } : {}) };
}
