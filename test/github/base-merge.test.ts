/**
 * With "require branches to be up to date", a pull request gets the base merged in (GitHub's
 * "Update branch") before it may merge. A merge that changes no request file must not void the
 * approvals given on the commit before it, nor make whoever clicked "Update branch" an author of
 * the request. Anything that changes a request file still voids them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateApprovals } from '../../src/approvals/evaluate.js';
import { readPullRequest } from '../../src/github/pull-request.js';
import { parsePolicy, type ResolvedPolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { FakeGitHub, FIXTURES, loadScenario, type Scenario } from './support/fake-github.js';
import { baseDir, clientFor, responseValidator } from './support/setup.js';

const NOW = new Date('2026-11-18T04:00:00Z');
const BEFORE = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
const MERGE = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const BASE_TIP = 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0';
const FILE = 'requests/sehat.bekasikota.go.id.yaml';
const request = readFileSync(join(FIXTURES, FILE), 'utf8');

function policy(): ResolvedPolicy {
  const result = parsePolicy('.github/sop.yaml', readFileSync(join(baseDir('bekasi'), '.github/sop.yaml')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.policy;
}

/** bekasi-approved, with every review on BEFORE and the head a merge of the base clicked by the Kasi. */
function scenario(atBefore: string | undefined, files = [{ path: FILE }]): Scenario {
  const s = loadScenario('bekasi-approved');
  s.pull.files = files;
  s.pull.commits = [
    { sha: BEFORE, author: 'staf-dinkes', committer: 'web-flow' },
    { sha: MERGE, author: 'kasi-egov', committer: 'web-flow', message: "Merge branch 'main' into permohonan/sehat", parents: [BEFORE, BASE_TIP] },
  ];
  s.pull.reviews = s.pull.reviews!.map((r) => ({ ...r, commit: BEFORE }));
  s.contentsAt = atBefore === undefined ? {} : { [BEFORE]: { [FILE]: { text: atBefore } } };
  return s;
}

let fake: FakeGitHub;
afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
});

async function evaluate(s: Scenario) {
  fake = await new FakeGitHub(responseValidator()).load(s).start();
  const read = await readPullRequest(clientFor(fake), { owner: 'pemkot-bekasi', repo: 'subdomain', number: 7 }, policy(), new WorkingTree(baseDir('bekasi')), NOW);
  return { read, result: evaluateApprovals(policy(), read.input) };
}

test('a base merge that changes no request file keeps the approvals, and its clicker is no author', async () => {
  const { read, result } = await evaluate(scenario(request));
  expect(read.input.reviews.every((r) => r.commitId === MERGE)).toBe(true);
  expect(read.input.commits.map((c) => c.sha)).toEqual([BEFORE]);
  expect(result.state).toBe('approved');
  expect(result.steps.find((s) => s.by?.login === 'kasi-egov')).toBeDefined();
});

test('a request file that changed since the approvals voids them (the rule can fail)', async () => {
  const { read, result } = await evaluate(scenario(request.replace('103.147.8.45', '103.147.8.46')));
  expect(read.input.reviews.every((r) => r.commitId === BEFORE)).toBe(true);
  expect(result.state).toBe('pending');
  expect(result.problems.map((p) => p.code)).toContain('review/stale');
});

test('a request file that was not there yet, or a pull request touching files outside requests/, compares by commit as before', async () => {
  expect((await evaluate(scenario(undefined))).result.state).toBe('pending');
  await fake.close();
  const outside = await evaluate(scenario(request, [{ path: FILE }, { path: '.github/sop.yaml', status: 'modified' } as never]));
  expect(outside.read.input.reviews.every((r) => r.commitId === BEFORE)).toBe(true);
  expect(outside.read.input.commits.map((c) => c.sha)).toEqual([BEFORE, MERGE]);
});
