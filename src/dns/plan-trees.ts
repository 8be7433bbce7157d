import { domainOfFile, REGISTER_DIR, registerPath, REQUESTS_DIR, requestPath } from '../model/domain.js';
import { hasErrors, type Problem } from '../model/problem.js';
import { loadPolicy, type ResolvedPolicy } from '../policy/policy.js';
import { changedFiles, git, GitTree, WorkingTree, type Tree } from '../repo/tree.js';
import { cachingLoader, readDesiredState } from './desired-state.js';
import { attributeDeletes, diffStates, type DnsPlan } from './plan.js';
import { bulkLoader, leanLoader, reusingLoader } from './parallel-load.js';

export type PlanResult = { ok: true; plan: DnsPlan; problems: Problem[] } | { ok: false; problems: Problem[]; tree: Tree };

/**
 * The DNS plan of a repository.
 * - With `base`: from the desired state at the merge base of `base` and HEAD to the working
 *   tree. Only the names whose files changed are read, unless the policy's zones or hosting
 *   target changed: then every name is compared.
 * - Without: from the register alone to register ⊕ pending requests, i.e. what applying the
 *   pending requests will do.
 */
export async function planRepository(root: string, base?: string): Promise<PlanResult> {
  const work = new WorkingTree(root);
  const now = loadPolicy(work);
  if (!now.ok) return { ok: false, problems: now.problems, tree: work };
  if (!base) return planPending(work, now.policy);

  const mergeBase = git(root, ['merge-base', base, 'HEAD']).toString('utf8').trim();
  const old = new GitTree(root, mergeBase);
  const before = loadPolicy(old);
  if (!before.ok) return { ok: false, problems: before.problems, tree: old };

  const full = dnsPolicyChanged(before.policy, now.policy);
  let names: string[] | undefined;
  if (!full) {
    const touched = new Set<string>();
    for (const change of changedFiles(root, base)) {
      for (const path of [change.path, change.from]) {
        if (!path) continue;
        const [dir, file, ...deeper] = path.split('/');
        const fqdn = deeper.length === 0 && file ? domainOfFile(file) : undefined;
        if ((dir === REQUESTS_DIR || dir === REGISTER_DIR) && fqdn) touched.add(fqdn);
      }
    }
    names = [...touched];
    // The base's files of these names, looked up and read with two git processes rather than
    // one or two per name.
    old.prefetch(names.flatMap((fqdn) => [registerPath(fqdn), requestPath(fqdn)]));
  }
  // Every name (full): each tree's folders are listed once and all their files read in bulk (the
  // base's by blob id). The working tree is read first; a base file with the same bytes reuses
  // its value, so only the files that differ are parsed twice.
  const scope = names ? { names } : {};
  const workLoader = cachingLoader(leanLoader);
  const b = await readDesiredState(work, now.policy, { ...scope, loader: workLoader });
  const a = await readDesiredState(old, before.policy, { ...scope, loader: reusingLoader(work, workLoader) });
  // Problems at the base are not this change's doing, but a plan from a broken base is no plan.
  const problems = [...a.problems, ...b.problems];
  if (hasErrors(b.problems)) return { ok: false, problems: b.problems, tree: work };
  if (hasErrors(a.problems)) return { ok: false, problems: a.problems, tree: old };
  const plan = diffStates(a.state, b.state, { from: base, to: 'working tree', full });
  return { ok: true, plan: attributeDeletes(plan, b.state), problems };
}

async function planPending(work: WorkingTree, policy: ResolvedPolicy): Promise<PlanResult> {
  const names = work.list(REQUESTS_DIR).map(domainOfFile).filter((fqdn): fqdn is string => fqdn !== undefined);
  const [a, b] = await Promise.all([
    readDesiredState(work, policy, { names, requests: false, loader: bulkLoader }),
    readDesiredState(work, policy, { names, loader: bulkLoader }),
  ]);
  const problems = [...a.problems, ...b.problems];
  if (hasErrors(problems)) return { ok: false, problems: dedupe(problems), tree: work };
  const plan = diffStates(a.state, b.state, { from: 'register', to: 'register + requests', full: false });
  return { ok: true, plan: attributeDeletes(plan, b.state), problems: dedupe(problems) };
}

/** Zones (names, ids) or the hosting target differ: every name may resolve differently. */
function dnsPolicyChanged(a: ResolvedPolicy, b: ResolvedPolicy): boolean {
  return JSON.stringify([a.zones, a.hosting ?? null]) !== JSON.stringify([b.zones, b.hosting ?? null]);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
