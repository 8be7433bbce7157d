import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPROVALS_MARKER } from '../../src/approvals/render.js';
import { isBotsOwn } from '../../src/github/comments.js';
import { GitHubPort, intakeBotsFromEnv } from '../../src/github/port.js';
import { addedWhole } from '../../src/github/pull-request.js';
import { parsePolicy, type ResolvedPolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { checkApprovals, mergedApprovals } from '../../src/use-cases/approvals.js';
import { approvals } from './support/cli.js';
import { blobSha, FakeGitHub, loadScenario, type CheckApp, type Scenario } from './support/fake-github.js';
import { baseDir, responseValidator, startFake } from './support/setup.js';

const NOW = new Date('2026-11-18T04:00:00Z');
const env = (fake: FakeGitHub, extra: Record<string, string> = {}) => ({
  GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'test-token', SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10', SUBDOMAIN_GITHUB_THROTTLE: 'off', ...extra,
});

function policyOf(office: string): ResolvedPolicy {
  const result = parsePolicy('.github/sop.yaml', readFileSync(join(baseDir(office), '.github/sop.yaml')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.policy;
}

let fake: FakeGitHub | undefined;
afterEach(async () => {
  if (!fake) return;
  expect(fake.invalid).toEqual([]);
  await fake.close();
  fake = undefined;
});

describe('addedWhole: the request file from its patch', () => {
  const text = Buffer.from('action: create\nopd: dinkes\n');
  const patch = '@@ -0,0 +1,2 @@\n+action: create\n+opd: dinkes';

  it('is the file when the patch adds it whole and its text hashes to the listed blob', () => {
    expect(Buffer.from(addedWhole({ status: 'added', sha: blobSha(text), patch })!).equals(text)).toBe(true);
    const bare = Buffer.from('action: create');
    expect(Buffer.from(addedWhole({ status: 'added', sha: blobSha(bare), patch: '@@ -0,0 +1 @@\n+action: create\n\\ No newline at end of file' })!).equals(bare)).toBe(true);
  });

  it('is nothing on any doubt: another blob, a modified file, a cut or missing patch', () => {
    expect(addedWhole({ status: 'added', sha: blobSha(Buffer.from('other\n')), patch })).toBeUndefined();
    expect(addedWhole({ status: 'modified', sha: blobSha(text), patch })).toBeUndefined();
    expect(addedWhole({ status: 'added', sha: blobSha(text) })).toBeUndefined();
    expect(addedWhole({ status: 'added', sha: blobSha(text), patch: '@@ -1,2 +1,2 @@\n-a\n+b' })).toBeUndefined();
  });
});

describe('the sticky comment: only the bot’s own is ever edited', () => {
  const person = { id: 1, body: `${APPROVALS_MARKER}\nSemua disetujui.`, user: { login: 'staf-dinkes', type: 'User' } };
  const actions = { id: 2, body: APPROVALS_MARKER, user: { login: 'github-actions[bot]', type: 'Bot' } };
  const app = { id: 3, body: APPROVALS_MARKER, user: { login: 'sop-approvals[bot]', type: 'Bot' }, app: 'sop-approvals' };

  it('never a person’s; with the app unknown, a bot’s; with the app known, only that app’s', () => {
    expect(isBotsOwn(person)).toBe(false);
    expect(isBotsOwn(person, { appSlug: 'sop-approvals' })).toBe(false);
    expect(isBotsOwn(actions)).toBe(true);
    expect(isBotsOwn(actions, { appSlug: 'sop-approvals' })).toBe(false);
    expect(isBotsOwn(app, { appSlug: 'sop-approvals' })).toBe(true);
  });

  it('with SUBDOMAIN_CHECK_APP, another bot’s comment carrying the marker is left alone and the app writes its own', async () => {
    fake = await startFake('bekasi-pending');
    const ours: CheckApp = { id: 77, slug: 'sop-approvals', name: 'SOP Approvals' };
    fake.app = ours;
    fake.writer = 'sop-approvals[bot]';
    fake.comments.push({ id: 96_000, user: 'github-actions[bot]', type: 'Bot', body: `${APPROVALS_MARKER}\nlama`, created_at: '2026-11-18T03:00:00Z', updated_at: '2026-11-18T03:00:00Z' });
    const args = ['--repo', 'pemkot-bekasi/subdomain', '--pr', '8', '--post'];
    expect((await approvals(fake, 'bekasi', args, undefined, { SUBDOMAIN_CHECK_APP: 'sop-approvals' })).code).toBe(1);
    expect(fake.comments.find((c) => c.id === 96_000)!.body).toBe(`${APPROVALS_MARKER}\nlama`);
    fake.addReview({ user: 'kabid-egov', state: 'APPROVED', at: '2026-11-18T03:00:00Z' });
    expect((await approvals(fake, 'bekasi', args, undefined, { SUBDOMAIN_CHECK_APP: 'sop-approvals' })).code).toBe(1);
    const mine = fake.comments.filter((c) => c.user === 'sop-approvals[bot]');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toMatch(/@kabid-egov/);
    expect(fake.count('POST', /\/issues\/8\/comments$/)).toBe(1);
    // Its own comment was updated, never the other bot's.
    expect(fake.count('PATCH', /\/issues\/comments\/96000$/)).toBe(0);
  });
});

describe('the GitHub port', () => {
  it('reads the intake bots once, from SUBDOMAIN_INTAKE_BOTS, else github-actions[bot]', () => {
    expect(intakeBotsFromEnv({})).toEqual(['github-actions[bot]']);
    expect(intakeBotsFromEnv({ SUBDOMAIN_INTAKE_BOTS: ' a[bot], b ,' })).toEqual(['a[bot]', 'b']);
    expect(GitHubPort.fromEnv({ SUBDOMAIN_INTAKE_BOTS: 'pemkot-intake[bot]' }).intakeBots).toEqual(['pemkot-intake[bot]']);
  });

  it('register and the approvals check name the same applicant for an intake-bot pull request, whichever bots are named', async () => {
    fake = await startFake('bekasi-intake-approved');
    const ref = { owner: 'pemkot-bekasi', repo: 'subdomain', number: 7 };
    const base = new WorkingTree(baseDir('bekasi'));
    const seen: string[][] = [];
    for (const extra of [{}, { SUBDOMAIN_INTAKE_BOTS: 'pemkot-intake[bot]' }] as Record<string, string>[]) {
      const checked = await checkApprovals(GitHubPort.fromEnv(env(fake, extra)), { ref, policy: policyOf('bekasi'), base, now: NOW });
      if (checked.kind !== 'evaluated') throw checked.failure;
      const recorded = await mergedApprovals(GitHubPort.fromEnv(env(fake, extra)), ref, policyOf('bekasi'), base, NOW);
      expect(recorded.applicant).toBe(checked.read.input.pullRequest.author);
      seen.push([checked.read.input.pullRequest.author, recorded.applicant!]);
    }
    expect(seen).toEqual([['staf-dinkes', 'staf-dinkes'], ['github-actions[bot]', 'github-actions[bot]']]);
  });

  it('asks for the pull request’s own lists when GitHub cannot compare its commits', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ method: 'GET', path: /\/compare\//, status: 404, times: 1 });
    const outcome = await checkApprovals(GitHubPort.fromEnv(env(fake)), { ref: { owner: 'pemkot-bekasi', repo: 'subdomain', number: 7 }, policy: policyOf('bekasi'), base: new WorkingTree(baseDir('bekasi')), now: NOW });
    if (outcome.kind !== 'evaluated') throw outcome.failure;
    expect(outcome.result.state).toBe('approved');
    expect(fake.count('GET', /\/pulls\/7\/files$/)).toBe(1);
    expect(fake.count('GET', /\/pulls\/7\/commits$/)).toBe(1);
  });
});

/**
 * A typical request pull request of Kota Bekasi: a dozen reviews (the scenario's own, then
 * comments of role holders and colleagues), two teams. `older`: the approval on an older commit
 * the scenario has (the Kabid's, before the Kadis disposed) is kept; `after`: it was given after
 * the disposition, so it could count and the request file at that commit is read.
 */
function typical(name: string, older: 'dropped' | 'kept' | 'after' = 'kept'): Scenario {
  const s = loadScenario(name);
  const own = (s.pull.reviews ?? []).filter((r) => older !== 'dropped' || r.commit === undefined)
    .map((r) => (older === 'after' && r.commit ? { ...r, at: '2026-11-18T02:11:00Z' } : r));
  const extra = ['kasi-egov', 'staf-dinkes-2', 'admin-server', 'kabid-egov', 'kasi-egov', 'pengelola-bekasi', 'staf-dinkes-2', 'admin-server', 'kasi-egov', 'pengelola-bekasi']
    .slice(0, Math.max(0, 12 - own.length))
    .map((user, i) => ({ user, state: 'COMMENTED' as const, at: `2026-11-18T02:0${i % 10}:30Z` }));
  s.pull.reviews = [...own, ...extra].sort((a, b) => a.at.localeCompare(b.at));
  return s;
}

describe('subdomain approvals: the API budget of a typical pull request', () => {
  const cases = [
    { label: 'pending, an approval on an older commit, the Kabid asked next', scenario: () => typical('bekasi-pending'), pr: '8', code: 1 },
    { label: 'pending, an approval on an older commit that could count (the file there is read)', scenario: () => typical('bekasi-pending', 'after'), pr: '8', code: 1 },
    { label: 'pending, every review on the head commit', scenario: () => typical('bekasi-pending', 'dropped'), pr: '8', code: 1 },
    { label: 'approved', scenario: () => typical('bekasi-approved'), pr: '7', code: 0 },
  ];
  for (const c of cases) {
    it(`at most 8 calls with --post --report both, counted by --verbose, on the first run and the next: ${c.label}`, async () => {
      fake = await new FakeGitHub(responseValidator()).load(c.scenario()).start();
      expect(c.scenario().pull.reviews).toHaveLength(12);
      for (const turn of ['first', 'next']) {
        fake.log.length = 0;
        const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', c.pr, '--post', '--report', 'both', '--verbose']);
        expect(run.code, turn).toBe(c.code);
        const calls = Number(/GitHub API calls: (\d+)/.exec(run.stderr)?.[1]);
        expect(calls, turn).toBe(fake.log.length);
        expect(calls, `${turn}: ${fake.log.map((l) => `${l.method} ${l.path}`).join(', ')}`).toBeLessThanOrEqual(8);
      }
      // Both answers were written, and say the same.
      expect(fake.statuses.at(-1)!.description).toBe(fake.latestCheckRuns()[0]!.title);
    });
  }

  it('after a push, the sticky comment names the older head: the check run on the new head is created without listing', async () => {
    fake = await new FakeGitHub(responseValidator()).load(typical('bekasi-pending')).start();
    const args = ['--repo', 'pemkot-bekasi/subdomain', '--pr', '8', '--post', '--report', 'both', '--verbose'];
    await approvals(fake, 'bekasi', args);
    fake.push('c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', 'staf-dinkes');
    fake.log.length = 0;
    const run = await approvals(fake, 'bekasi', args);
    expect(run.code).toBe(1);
    expect(fake.count('GET', /\/check-runs$/)).toBe(0);
    expect(fake.latestCheckRuns('sop/approvals', 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00')).toEqual([expect.objectContaining({ status: 'in_progress' })]);
    expect(Number(/GitHub API calls: (\d+)/.exec(run.stderr)?.[1])).toBeLessThanOrEqual(8);
  });
});
