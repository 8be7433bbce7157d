import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { hasErrors, type Problem } from '../model/problem.js';
import { loadPolicy } from '../policy/policy.js';
import type { Tree } from '../repo/tree.js';
import { stackName } from './addresses.js';
import { cachingLoader, readDesiredState, type BulkLoader, type DesiredState } from './desired-state.js';
import { bulkLoader } from './parallel-load.js';
import { jakartaDate, validateTree } from '../validate/validate.js';

export interface SynthRequest {
  /** Output folder, relative to `cwd`. */
  out: string;
  cwd: string;
  tags?: boolean;
  loader?: BulkLoader;
  /** YYYY-MM-DD in Asia/Jakarta, for the rules that depend on the date; today by default. */
  today?: string;
}

export interface SynthesizedStack {
  zone: string;
  stack: string;
  records: number;
  /** `cdk.tf.json`, relative to `cwd`. */
  path: string;
}

export type SynthResult = { ok: true; state: DesiredState; stacks: SynthesizedStack[]; problems: Problem[] } | { ok: false; problems: Problem[] };

/**
 * Desired state of a tree → Terraform JSON in `out`. Nothing is written when the tree has
 * problems; the folder is built beside `out` and swapped in whole, never left half-written.
 */
export async function synthesize(tree: Tree, request: SynthRequest): Promise<SynthResult> {
  // Loading cdktf takes a while: start it now, it overlaps with reading the files.
  const cdktf = import('./cdktf/synth.js');
  cdktf.catch(() => undefined);
  // The apply path runs the same rules as `validate`: a tree it refuses is never synthesized.
  // Both read the files through one caching loader, so each file is parsed once (in workers for
  // a large register: their values cost the main thread's heap less than lean sources do).
  const loader = cachingLoader(request.loader ?? bulkLoader);
  const report = await validateTree(tree, request.today ?? jakartaDate(new Date()), loader);
  if (!report.valid) return { ok: false, problems: report.problems };
  const policy = loadPolicy(tree);
  if (!policy.ok) return { ok: false, problems: policy.problems };
  const { state, problems } = await readDesiredState(tree, policy.policy, { loader });
  if (hasErrors(problems)) return { ok: false, problems };

  const { synthToDirectory } = await cdktf;
  const out = resolve(request.cwd, request.out);
  const building = `${out}.tmp-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  try {
    await synthToDirectory(state, { ...(policy.policy.backend ? { backend: policy.policy.backend } : {}), tags: request.tags === true }, building);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(out)) renameSync(out, old);
  renameSync(building, out);
  rmSync(old, { recursive: true, force: true });

  const stacks = Object.values(state.zones).map((zone) => {
    const stack = stackName(zone.zone.name);
    return {
      zone: zone.zone.name,
      stack,
      records: Object.values(zone.subdomains).reduce((n, s) => n + s.records.length, 0),
      path: relative(request.cwd, join(out, 'stacks', stack, 'cdk.tf.json')) || '.',
    };
  });
  return { ok: true, state, stacks, problems: [...report.problems, ...problems] };
}
