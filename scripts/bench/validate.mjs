// Speed of `subdomain validate`, called by `npm run bench` (scripts/bench.mjs), on a repository
// of 10,000 register files and 1,000 pending requests (11,000 files, scripts/bench/data.mjs),
// beside floors measured in the same run:
// - whole repository ≤ 2 × floor, the floor being one node process that reads the same files
//   and parses each with js-yaml (`load`);
// - a pull request adding one request (`validate --base main`) ≤ 0.4 s, beside node's start-up.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertValid, besideFloor, bestOf, fmt, measureStartup, request, runCli, ZONE } from './data.mjs';

export const TARGETS = { wholeRepoFloorFactor: 2, pullRequestSeconds: 0.4 };

/** Whole-repository validate of `data` (generateRepo), beside its js-yaml floor. */
export function benchValidateRepo(report, data) {
  const { parsed } = assertValid(data.root, 'validate');
  const { floor, run: full } = besideFloor(data.root, data.files, () => runCli(['validate', '--format', 'json'], data.root));
  report({ name: `js-yaml load alone, ${fmt(floor.files)} files + policy (floor)`, seconds: floor.seconds, rssMiB: floor.rssMiB });
  const warnings = parsed.problems.filter((p) => p.severity !== 'error');
  if (warnings.length > 0) console.error(`note: the bench data gives ${warnings.length} warning(s), e.g. ${JSON.stringify(warnings[0])}`);
  const limit = TARGETS.wholeRepoFloorFactor * floor.seconds;
  report({ name: `subdomain validate, whole repo (${fmt(data.files)} files)`, seconds: full.seconds, rssMiB: full.rssMiB,
    target: `≤ ${TARGETS.wholeRepoFloorFactor} × floor = ${limit.toFixed(2)} s`, ok: full.seconds <= limit });
}

/** `validate --base main` on a branch of `data` adding one request. Leaves the repository on that branch. */
export function benchValidatePullRequest(report, data) {
  const { root, git } = data;
  git('checkout', '-q', '-b', 'bench-pr', 'main');
  // layanan2 is registered (disdik), not hosting, and has no pending request: a valid nested create.
  writeFileSync(join(root, 'requests', `antrean.layanan2.${ZONE}.yaml`), request('create', 2));
  git('add', '-A');
  git('commit', '-qm', 'one request');
  const pr = bestOf(() => runCli(['validate', '--base', 'main', '--format', 'json'], root));
  const hello = measureStartup(root);
  report({ name: 'node start-up alone (floor)', seconds: hello.seconds, rssMiB: hello.rssMiB });
  report({ name: 'subdomain validate --base main (pull request, 1 request)', seconds: pr.seconds, rssMiB: pr.rssMiB,
    target: `≤ ${TARGETS.pullRequestSeconds} s (start-up ${hello.seconds.toFixed(2)} s)`, ok: pr.seconds <= TARGETS.pullRequestSeconds });
}
