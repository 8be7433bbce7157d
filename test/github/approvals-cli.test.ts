import { writeFileSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApprovalJson } from '../../src/approvals/render.js';
import { APPROVALS_MARKER } from '../../src/approvals/render.js';
import { FakeGitHub, loadScenario } from './support/fake-github.js';
import { approvals } from './support/cli.js';
import { responseValidator, startFake } from './support/setup.js';

let fake: FakeGitHub;
afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
});

/** A port nothing listens on: one the system just handed out, closed again. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const json = (stdout: string) => JSON.parse(stdout) as ApprovalJson;
const taken = (result: ApprovalJson) => result.steps.filter((s) => s.state === 'done').map((s) => [s.id, s.by]);

describe('subdomain approvals: each preset’s happy path end to end', () => {
  const cases = [
    { scenario: 'bekasi-approved', office: 'bekasi', repo: 'pemkot-bekasi/subdomain', pr: 7, by: [
      ['disposisi_kadis', 'kadis-bekasi'], ['disposisi_kabid', 'kabid-egov'], ['pemeriksaan_kasi', 'kasi-egov'], ['pembuatan', 'admin-server'],
    ] },
    { scenario: 'singkawang-approved', office: 'singkawang', repo: 'diskominfo-singkawang/subdomain', pr: 21, by: [
      ['penerimaan_tu', 'tu-singkawang'], ['disposisi_kadis', 'kadis-singkawang'], ['disposisi_kabid', 'kabid-aptika-skw'], ['pemeriksaan_subkor', 'subkor-ile'], ['pembuatan', 'admin-system-skw'],
    ] },
    { scenario: 'balangan-approved', office: 'balangan', repo: 'diskominfo-balangan/subdomain', pr: 31, by: [
      ['disposisi_kadis', 'kadis-balangan'], ['disposisi_kabid', 'kabid-egov-blg'], ['perintah_kasi', 'kasi-aplikasi-blg'], ['pengecekan_prakom', 'prakom-blg'],
      ['laporan_kasi', 'kasi-aplikasi-blg'], ['keputusan_kabid', 'kabid-egov-blg'], ['pembuatan', 'prakom-blg'],
    ] },
    { scenario: 'lumajang-approved', office: 'lumajang', repo: 'diskominfo-lumajang/subdomain', pr: 41, by: [
      ['disposisi_pimpinan', 'sekdis-lumajang'], ['disposisi_kabid', 'kabid-aptika-lmj'], ['perintah_kasi', 'kasi-spbe-lmj'], ['pembuatan', 'admin-server-lmj'],
    ] },
    { scenario: 'demak-approved', office: 'demak', repo: 'diskominfo-demak/subdomain', pr: 51, by: [
      ['penerimaan_mipp', 'pranata-demak'], ['disposisi_kadis', 'kadis-demak'], ['disposisi_sekretaris', 'sekdis-demak'], ['disposisi_kabid', 'kabid-aptika-dmk'],
      ['analisa_subkoor', 'subkoor-spa-dmk'], ['pembuatan', 'pranata-demak'],
    ] },
  ];
  for (const c of cases) {
    it(`${c.office}: every SOP step approved in order → approved, exit 0`, async () => {
      fake = await startFake(c.scenario);
      const run = await approvals(fake, c.office, ['--repo', c.repo, '--pr', String(c.pr), '--format', 'json'], '2026-12-01T00:00:00Z');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = json(run.stdout);
      expect(result.state).toBe('approved');
      expect(taken(result)).toEqual(c.by);
      for (const step of result.steps) {
        expect(Object.keys(step)).toEqual(expect.arrayContaining(['id', 'title', 'roles', 'state', 'by', 'at', 'elapsed_s', 'standard_s', 'late']));
      }
      expect(result.steps.filter((s) => s.state !== 'done').every((s) => s.state === 'after_merge')).toBe(true);
      expect(Array.isArray(result.problems)).toBe(true);
    });
  }
});

describe('subdomain approvals: not yet approved', () => {
  it('is pending while the next role has not approved; stale and pending-member approvals do not count (exit 1)', async () => {
    fake = await startFake('bekasi-pending');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '8', '--format', 'json']);
    expect(run.code).toBe(1);
    const result = json(run.stdout);
    expect(result.state).toBe('pending');
    expect(taken(result)).toEqual([['disposisi_kadis', 'kadis-bekasi']]);
    expect(result.problems.map((p) => [p.code, p.login])).toEqual(expect.arrayContaining([['review/stale', 'kabid-egov'], ['review/no-role', 'magang-tik']]));
  });

  it('is blocked when a role holder requests changes (exit 1)', async () => {
    fake = await startFake('bekasi-changes-requested');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '9']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ditahan \/ blocked/);
    expect(run.stdout).toMatch(/kasi-egov/);
  });

  it('is blocked when the applicant is not in the request’s OPD, and asks the maintainers for a name under another OPD', async () => {
    fake = await startFake('bekasi-foreign-applicant');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '10', '--format', 'json']);
    expect(run.code).toBe(1);
    const result = json(run.stdout);
    expect(result.state).toBe('blocked');
    expect(result.problems.find((p) => p.severity === 'blocking')).toMatchObject({ code: 'applicant/not-member', login: 'staf-disdik' });
    expect(result.steps.at(-1)).toMatchObject({ id: 'maintainers', state: 'waiting' });
  });
});

describe('approvals never pass by accident', () => {
  it('a request file that fails validate blocks, even with every step approved, and says to fix the file first', async () => {
    fake = await startFake('bekasi-invalid-request');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--format', 'json']);
    expect(run.code).toBe(1);
    const result = json(run.stdout);
    expect(result.state).toBe('blocked');
    expect(result.problems.find((p) => p.severity === 'blocking')).toMatchObject({ code: 'request/invalid' });
    expect(JSON.stringify(result.problems)).toContain('subdomain validate');
  });

  it('a draft pull request is pending, not approved, whatever the reviews say', async () => {
    fake = await startFake('bekasi-draft');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--format', 'json']);
    expect(run.code).toBe(1);
    const result = json(run.stdout);
    expect(result.state).toBe('pending');
    expect(result.problems.map((p) => p.code)).toContain('pr/draft');
  });
});

describe('subdomain approvals --post', () => {
  const args = ['--repo', 'pemkot-bekasi/subdomain', '--pr', '8', '--post'];
  const head = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
  const ours = () => fake.comments.filter((c) => c.body.includes(APPROVALS_MARKER));

  it('creates one comment, then keeps updating it; sets the status; asks the next step’s reviewers', async () => {
    fake = await startFake('bekasi-pending');
    const first = await approvals(fake, 'bekasi', args);
    expect(first.code).toBe(1);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toMatch(/Kepala Dinas/);
    expect(fake.statuses).toEqual([expect.objectContaining({ sha: head, state: 'pending', context: 'sop/approvals' })]);
    expect(fake.statuses[0]!.description).toMatch(/^1\/4 — menunggu Kepala Bidang E-Government/);
    expect(fake.requestedReviewers).toEqual({ users: ['kabid-egov'], teams: [] });

    // The Kabid approves on the head commit; the Kasi is next.
    fake.addReview({ user: 'kabid-egov', state: 'APPROVED', at: '2026-11-18T03:00:00Z' });
    const second = await approvals(fake, 'bekasi', args);
    expect(second.code).toBe(1);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toMatch(/@kabid-egov/);
    expect(fake.statuses.at(-1)).toMatchObject({ state: 'pending', description: expect.stringMatching(/^2\/4/) });
    expect(fake.requestedReviewers.users).toEqual(['kabid-egov', 'kasi-egov']);
    // The applicant's own comment is left alone.
    expect(fake.comments.find((c) => c.user === 'staf-dinkes')!.body).toBe('Mohon diproses, terima kasih.');

    fake.addReview({ user: 'kasi-egov', state: 'APPROVED', at: '2026-11-18T03:10:00Z' });
    await approvals(fake, 'bekasi', args);
    // Next is the Pelaksana: a team of the repository's organisation is asked by its slug.
    expect(fake.requestedReviewers.teams).toEqual(['pelaksana-tik']);

    fake.addReview({ user: 'admin-server', state: 'APPROVED', at: '2026-11-18T03:40:00Z' });
    const last = await approvals(fake, 'bekasi', args);
    expect(last.code).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(fake.statuses.at(-1)).toMatchObject({ sha: head, state: 'success' });
    expect(fake.count('POST', /\/issues\/8\/comments$/)).toBe(1);
    expect(fake.count('PATCH', /\/issues\/comments\/\d+$/)).toBe(3);
  });

  it('asks a Kabid who disposed earlier again when the SOP comes back to the Kabid for the decision (Balangan)', async () => {
    const scenario = loadScenario('balangan-approved');
    scenario.pull.reviews = scenario.pull.reviews!.slice(0, 5);
    fake = new FakeGitHub(responseValidator()).load(scenario);
    await fake.start();
    const run = await approvals(fake, 'balangan', ['--repo', 'diskominfo-balangan/subdomain', '--pr', '31', '--post']);
    expect(run.code).toBe(1);
    expect(fake.requestedReviewers.users).toEqual(['kabid-egov-blg']);
    expect(fake.statuses.at(-1)).toMatchObject({ state: 'pending', description: expect.stringMatching(/^5\/7/) });
  });

  it('sets a failure status when blocked, and never asks the author or those who already answered', async () => {
    fake = await startFake('bekasi-changes-requested');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '9', '--post']);
    expect(run.code).toBe(1);
    expect(fake.statuses.at(-1)).toMatchObject({ state: 'failure', description: expect.stringMatching(/kasi-egov meminta perubahan/) });
    expect(fake.requestedReviewers.users).not.toContain('kasi-egov');
    expect(fake.requestedReviewers.users).not.toContain('staf-dinkes');
  });

  it('never edits a person’s comment that holds the marker: its own comment is created beside it', async () => {
    fake = await startFake('bekasi-pending');
    const forged = `${APPROVALS_MARKER}\nSemua langkah sudah disetujui.`;
    fake.comments.push({ id: 95_000, user: 'staf-dinkes', type: 'User', body: forged, created_at: '2026-11-18T03:00:00Z', updated_at: '2026-11-18T03:00:00Z' });
    const run = await approvals(fake, 'bekasi', args);
    expect(run.code).toBe(1);
    expect(fake.comments.find((c) => c.id === 95_000)!.body).toBe(forged);
    expect(ours().filter((c) => c.user !== 'staf-dinkes')).toHaveLength(1);
  });

  it('finds its comment among many pages of comments', async () => {
    fake = await startFake('bekasi-pending');
    fake.maxPerPage = 2;
    await approvals(fake, 'bekasi', args);
    for (let i = 0; i < 5; i++) fake.comments.push({ id: 90_000 + i, user: 'staf-dinkes', type: 'User', body: `komentar ${i}`, created_at: '2026-11-18T03:00:00Z', updated_at: '2026-11-18T03:00:00Z' });
    fake.addReview({ user: 'kabid-egov', state: 'APPROVED', at: '2026-11-18T03:00:00Z' });
    await approvals(fake, 'bekasi', args);
    expect(ours()).toHaveLength(1);
    expect(fake.count('POST', /\/issues\/8\/comments$/)).toBe(1);
  });

  it('warns, but does not fail, when GitHub refuses a reviewer who is not a collaborator', async () => {
    fake = await startFake('bekasi-pending');
    fake.fail({ method: 'POST', path: /requested_reviewers$/, status: 422, times: 1, message: 'Reviews may only be requested from collaborators.' });
    const run = await approvals(fake, 'bekasi', args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/kabid-egov/);
    expect(fake.statuses.at(-1)).toMatchObject({ state: 'pending' });
  });
});

describe('subdomain approvals: failures never turn into approval', () => {
  const args = ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--post'];

  it('retries server errors and still answers', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ method: 'GET', path: /\/pulls\/7\/commits$/, status: 500, times: 2 });
    const run = await approvals(fake, 'bekasi', args);
    expect(run.code).toBe(0);
    expect(fake.statuses.at(-1)).toMatchObject({ state: 'success' });
  });

  it('exits 2 and leaves a pending status when GitHub keeps failing', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ method: 'GET', path: /\/issues\/7\/timeline$/, status: 503, times: 100 });
    const run = await approvals(fake, 'bekasi', args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/503/);
    expect(fake.statuses.map((s) => s.state)).toEqual(['pending']);
    expect(fake.statuses[0]!.description).toMatch(/gagal/);
    // One try and three retries.
    expect(fake.count('GET', /\/issues\/7\/timeline$/)).toBe(4);
  });

  it('exits 2 on a rate limit, with a message that says so', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ path: /\/teams\//, status: 403, times: 100, message: 'API rate limit exceeded', headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '4102444800' } });
    const run = await approvals(fake, 'bekasi', args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rate limit/);
    expect(fake.statuses.some((s) => s.state === 'success')).toBe(false);
  });

  it('exits 2 when the token cannot read team membership, turning an earlier success into pending', async () => {
    fake = await startFake('bekasi-approved');
    expect((await approvals(fake, 'bekasi', args)).code).toBe(0);
    fake.fail({ path: /\/teams\//, status: 403, times: 1, message: 'Resource not accessible by integration' });
    const run = await approvals(fake, 'bekasi', args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Members: read/);
    expect(fake.statuses.map((s) => s.state)).toEqual(['success', 'pending']);
  });

  it('exits 2 when writing the comment fails, and does not post success', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ method: 'POST', path: /\/issues\/7\/comments$/, status: 500, times: 100 });
    const run = await approvals(fake, 'bekasi', args);
    expect(run.code).toBe(2);
    expect(fake.statuses.map((s) => s.state)).toEqual(['pending']);
  });

  it('exits 2 on a rejected token', async () => {
    fake = await startFake('bekasi-approved');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7'], undefined, { GITHUB_TOKEN: 'wrong' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/401/);
  });

  it('exits 2 without a token, before any API call, and says GITHUB_TOKEN is missing', async () => {
    fake = await startFake('bekasi-approved');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7'], undefined, { GITHUB_TOKEN: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GITHUB_TOKEN is not set');
    expect(fake.log).toHaveLength(0);
  });

  it('exits 2 when GitHub cannot be reached, saying so instead of a server error', async () => {
    fake = await startFake('bekasi-approved');
    const closed = 'http://127.0.0.1:9';
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7'], undefined, { GITHUB_API_URL: closed });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GitHub cannot be reached');
    expect(run.stderr).not.toMatch(/\b500\b/);
  });

  it('says at once, without retry waits, that GitHub cannot be reached when nothing listens at GITHUB_API_URL', async () => {
    fake = await startFake('bekasi-approved');
    const closed = await freePort();
    const started = performance.now();
    // The real retry waits (1 s, 4 s, 9 s), not the tests' fast ones: a refused connection must not wait for any.
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--post', '--verbose'], undefined, { GITHUB_API_URL: `http://127.0.0.1:${closed}`, SUBDOMAIN_GITHUB_RETRY_BASE_MS: '' });
    const elapsed = performance.now() - started;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GitHub tidak dapat dihubungi');
    expect(run.stderr).toContain('GitHub cannot be reached');
    expect(run.stderr).toContain('GitHub API calls: 1\n');
    expect(elapsed).toBeLessThan(3000);
  });

  it('exits 2 for a pull request that does not exist', async () => {
    fake = await startFake('bekasi-approved');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '999']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/404/);
  });
});

describe('subdomain approvals: usage and policy', () => {
  it('exits 2 without --repo or with a bad --pr or --format', async () => {
    fake = await startFake('bekasi-approved');
    expect((await approvals(fake, 'bekasi', ['--pr', '7'])).code).toBe(2);
    expect((await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', 'x'])).code).toBe(2);
    expect((await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--format', 'xml'])).code).toBe(2);
    expect(fake.log).toEqual([]);
  });

  it('reports a bad policy file with file:line and exit 2, before any API call', async () => {
    fake = await startFake('bekasi-approved');
    const dir = mkdtempSync(join(tmpdir(), 'approvals-policy-'));
    try {
      mkdirSync(join(dir, 'x'));
      writeFileSync(join(dir, 'x', 'sop.yaml'), 'office:\n  name: Diskominfo\nzones: []\nopds: {}\nsteps:\n  - id: a\n');
      const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--policy', join(dir, 'x', 'sop.yaml')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/sop\.yaml:\d+:\d+/);
      expect(fake.log).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the number of API calls with --verbose', async () => {
    fake = await startFake('bekasi-approved');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Panggilan API GitHub / GitHub API calls: ${fake.log.length}\n`);
  });
});
