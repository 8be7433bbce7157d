import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiFailure } from '../../src/github/client.js';
import { readPullRequest, teamsNamed } from '../../src/github/pull-request.js';
import { parsePolicy, type ResolvedPolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { evaluateApprovals } from '../../src/approvals/evaluate.js';
import { FakeGitHub, loadScenario } from './support/fake-github.js';
import { baseDir, clientFor, responseValidator, startFake } from './support/setup.js';

const NOW = new Date('2026-11-18T04:00:00Z');

function policyOf(office: string): ResolvedPolicy {
  const result = parsePolicy('.github/sop.yaml', readFileSync(join(baseDir(office), '.github/sop.yaml')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.policy;
}

describe('readPullRequest against the GitHub-like server', () => {
  let fake: FakeGitHub;
  afterEach(async () => {
    expect(fake.invalid).toEqual([]);
    await fake.close();
  });

  it('reads author, head, files, reviews, commits, ready time, labels and the OPD of the request', async () => {
    fake = await startFake('bekasi-approved');
    const read = await readPullRequest(clientFor(fake), { owner: 'pemkot-bekasi', repo: 'subdomain', number: 7 }, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW);
    const { pullRequest, reviews, commits, request, memberships } = read.input;
    expect(pullRequest).toEqual({
      number: 7,
      author: 'staf-dinkes',
      headSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      createdAt: '2026-11-18T02:00:00Z',
      readyAt: '2026-11-18T02:05:00Z',
      changedFiles: ['requests/sehat.bekasikota.go.id.yaml'],
      labels: ['permohonan'],
    });
    expect(reviews.map((r) => [r.user, r.state])).toEqual([
      ['kadis-bekasi', 'APPROVED'],
      ['kabid-egov', 'APPROVED'],
      ['kasi-egov', 'COMMENTED'],
      ['kasi-egov', 'APPROVED'],
      ['admin-server', 'APPROVED'],
    ]);
    expect(reviews[0]).toMatchObject({ commitId: pullRequest.headSha, submittedAt: '2026-11-18T02:10:00Z' });
    expect(commits).toEqual([{ sha: pullRequest.headSha, author: 'staf-dinkes', committer: 'web-flow' }]);
    expect(request).toEqual({ opd: 'dinkes', maintainerReasons: [] });
    expect(read.input.now).toBe('2026-11-18T04:00:00.000Z');
    expect(read.problems).toEqual([]);
    // The applicant is named by login in the OPD: its team is never listed; the Pelaksana's team is.
    expect(memberships).toEqual({ 'pemkot-bekasi/pelaksana-tik': { 'admin-server': 'active' } });
  });

  it('lists the OPD’s team when the applicant is not named by login, and the applicant counts through it', async () => {
    const scenario = loadScenario('bekasi-approved');
    scenario.pull.author = 'staf-dinkes-2';
    fake = await new FakeGitHub(responseValidator()).load(scenario).start();
    const read = await readPullRequest(clientFor(fake), { owner: 'pemkot-bekasi', repo: 'subdomain', number: 7 }, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW);
    expect(read.input.memberships['pemkot-bekasi/dinkes']).toEqual({ 'staf-dinkes-2': 'active' });
    expect(fake.count('GET', /\/teams\/dinkes\/members$/)).toBe(1);
    expect(evaluateApprovals(policyOf('bekasi'), read.input).state).toBe('approved');
  });

  it('reads the request file at an older commit reviewed only when its approval could count', async () => {
    // bekasi-pending: the Kabid approved the older commit before the Kadis disposed; on the head it would fill nothing either.
    fake = await startFake('bekasi-pending');
    const ref = { owner: 'pemkot-bekasi', repo: 'subdomain', number: 8 };
    const early = await readPullRequest(clientFor(fake), ref, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW);
    expect(fake.count('GET', /\/contents\//)).toBe(0);
    const result = evaluateApprovals(policyOf('bekasi'), early.input);
    expect(result.state).toBe('pending');
    expect(result.problems.map((p) => p.code)).toContain('review/stale');
    await fake.close();

    // After the disposition it would fill the Kabid's step: the file at that commit is read (absent there: it still does not count).
    const late = loadScenario('bekasi-pending');
    late.pull.reviews = late.pull.reviews!.map((r) => (r.commit ? { ...r, at: '2026-11-18T02:11:00Z' } : r));
    fake = await new FakeGitHub(responseValidator()).load(late).start();
    const read = await readPullRequest(clientFor(fake), ref, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW);
    expect(fake.count('GET', /\/contents\//)).toBe(1);
    expect(evaluateApprovals(policyOf('bekasi'), read.input).steps.filter((s) => s.state === 'done')).toHaveLength(1);
  });

  it('never lets a pending team invitation hold a role', async () => {
    fake = await startFake('bekasi-pending');
    const read = await readPullRequest(clientFor(fake), { owner: 'pemkot-bekasi', repo: 'subdomain', number: 8 }, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW);
    expect(read.input.memberships['pemkot-bekasi/pelaksana-tik']).toEqual({ 'admin-server': 'active' });
  });

  it('reads each team once and follows pagination of every list', async () => {
    fake = await startFake('balangan-approved');
    fake.maxPerPage = 2;
    const gh = clientFor(fake);
    const read = await readPullRequest(gh, { owner: 'diskominfo-balangan', repo: 'subdomain', number: 31 }, policyOf('balangan'), new WorkingTree(baseDir('balangan')), NOW);
    expect(read.input.reviews).toHaveLength(7);
    // The reviews come with the timeline, over many pages.
    expect(fake.count('GET', /\/issues\/31\/timeline$/)).toBeGreaterThan(3);
    expect(fake.count('GET', /\/teams\/prakom\/members$/)).toBe(1);
    expect(read.input.memberships).toEqual({ 'diskominfo-balangan/prakom': { 'prakom-blg': 'active' } });
    expect(gh.requestCount()).toBe(fake.log.length);
  });

  it('costs a handful of calls for a typical pull request', async () => {
    fake = await startFake('bekasi-approved');
    const gh = clientFor(fake);
    await readPullRequest(gh, { owner: 'pemkot-bekasi', repo: 'subdomain', number: 7 }, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW);
    // pull, comparison (files and commits), timeline (reviews, comments, ready), the one team the
    // evaluation asks about (the Pelaksana's; the applicant is named by login in the OPD);
    // the request file comes from its patch, checked against its blob id
    expect(fake.log.map((l) => l.path).sort()).toEqual([
      '/repos/pemkot-bekasi/subdomain/pulls/7',
      '/repos/pemkot-bekasi/subdomain/compare/5f0c9e6a3b1d2c4e8f7a6b5c4d3e2f1a0b9c8d7e...a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      '/repos/pemkot-bekasi/subdomain/issues/7/timeline',
      '/orgs/pemkot-bekasi/teams/pelaksana-tik/members',
    ].sort());
    expect(gh.requestCount()).toBe(4);
  });

  it('retries server errors and then succeeds', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ method: 'GET', path: /\/issues\/7\/timeline$/, status: 502, times: 2 });
    const read = await readPullRequest(clientFor(fake), { owner: 'pemkot-bekasi', repo: 'subdomain', number: 7 }, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW);
    expect(read.input.reviews).toHaveLength(5);
    expect(fake.log.filter((l) => l.path.endsWith('/timeline')).map((l) => l.status)).toEqual([502, 502, 200]);
  });

  it('explains that team membership needs a GitHub App when the token may not read teams', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ path: /\/teams\//, status: 403, times: 1, message: 'Resource not accessible by integration' });
    const error = await readPullRequest(clientFor(fake), { owner: 'pemkot-bekasi', repo: 'subdomain', number: 7 }, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiFailure);
    expect((error as ApiFailure).detail.en).toMatch(/team .*GitHub App with Members: read/);
    expect((error as ApiFailure).detail.id).toMatch(/Members: read/);
  });

  it('marks a request for a name under another OPD and reports the applicant OPD from the head commit', async () => {
    fake = await startFake('bekasi-foreign-applicant');
    const read = await readPullRequest(clientFor(fake), { owner: 'pemkot-bekasi', repo: 'subdomain', number: 10 }, policyOf('bekasi'), new WorkingTree(baseDir('bekasi')), NOW);
    expect(read.input.request.opd).toBe('dinkes');
    expect(read.input.request.maintainerReasons.map((r) => r.en)).toEqual([
      'The name kelas.ppdb.bekasikota.go.id lies under ppdb.bekasikota.go.id, which belongs to OPD disdik, not dinkes.',
    ]);
  });
});

describe('teamsNamed', () => {
  it('lists the teams of step roles, the maintainers and the request OPD, sorted and once', () => {
    expect(teamsNamed(policyOf('bekasi'), 'dinkes')).toEqual(['pemkot-bekasi/dinkes', 'pemkot-bekasi/pelaksana-tik']);
    expect(teamsNamed(policyOf('bekasi'), undefined)).toEqual(['pemkot-bekasi/pelaksana-tik']);
  });
});
