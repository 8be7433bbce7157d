import { APPROVALS_MARKER } from '../../src/approvals/render.js';
import { CHECK_SUMMARY_MAX, checkSummary, verdictOf } from '../../src/github/check-run.js';
import { headLine } from '../../src/github/post.js';
import { GITHUB_ACTIONS_APP, type CheckApp, type FakeGitHub } from './support/fake-github.js';
import { approvals } from './support/cli.js';
import { startFake } from './support/setup.js';

let fake: FakeGitHub;
afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
});

const SOP_APP: CheckApp = { id: 904211, slug: 'sop-approvals-bekasi', name: 'SOP Approvals Bekasi' };
const HEAD = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const pending = ['--repo', 'pemkot-bekasi/subdomain', '--pr', '8', '--post'];
const approved = ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--post'];
const ours = () => fake.checkRuns.filter((r) => r.name === 'sop/approvals' && r.app.id === fake.app.id);
/** The run a required check pinned to our app looks at: our newest on the head commit. */
const current = () => fake.latestCheckRuns().find((r) => r.app.id === fake.app.id);

/** The bot's sticky comment, as an earlier run on `sha` left it: a run of ours may be there, so the next run lists them. */
function commentedBefore(sha: string): void {
  fake.comments.push({ id: 97_000, user: fake.writer, type: 'Bot', body: `${APPROVALS_MARKER}\nlama\n\n${headLine(sha)}\n`, created_at: '2026-11-18T03:00:00Z', updated_at: '2026-11-18T03:00:00Z' });
}

/** Brings bekasi-pending (PR 8) to approved: the Kabid, the Kasi, then the Pelaksana. */
function approveRest(commit = HEAD): void {
  fake.addReview({ user: 'kabid-egov', state: 'APPROVED', at: '2026-11-18T03:00:00Z', commit });
  fake.addReview({ user: 'kasi-egov', state: 'APPROVED', at: '2026-11-18T03:10:00Z', commit });
  fake.addReview({ user: 'admin-server', state: 'APPROVED', at: '2026-11-18T03:40:00Z', commit });
}

describe('subdomain approvals --post --report check: the sop/approvals check run', () => {
  it('approved → one completed check run with conclusion success, the one-line title and the step table', async () => {
    fake = await startFake('bekasi-approved');
    const run = await approvals(fake, 'bekasi', [...approved, '--report', 'check']);
    expect(run.code).toBe(0);
    expect(fake.statuses).toEqual([]);
    expect(fake.checkRuns).toHaveLength(1);
    const check = fake.checkRuns[0]!;
    expect(check).toMatchObject({ name: 'sop/approvals', status: 'completed', conclusion: 'success' });
    expect(fake.latestCheckRuns()).toEqual([check]);
    expect(check.title).toMatch(/^4\/4 — semua langkah SOP disetujui/);
    expect(check.summary).toMatch(/\| Baris SOP \/ Row \| Langkah \/ Step \|/);
    expect(check.summary).toMatch(/@admin-server/);
    expect(check.summary).not.toContain(APPROVALS_MARKER);
  });

  it('pending → in_progress with no conclusion, which a required check does not pass', async () => {
    fake = await startFake('bekasi-pending');
    const run = await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    expect(run.code).toBe(1);
    expect(fake.checkRuns).toEqual([expect.objectContaining({ head_sha: HEAD, status: 'in_progress', conclusion: null })]);
    expect(fake.checkRuns[0]!.title).toMatch(/^1\/4 — menunggu Kepala Bidang E-Government/);
  });

  it('blocked → completed with conclusion failure', async () => {
    fake = await startFake('bekasi-changes-requested');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '9', '--post', '--report', 'check']);
    expect(run.code).toBe(1);
    expect(fake.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(fake.checkRuns[0]!.title).toMatch(/kasi-egov meminta perubahan/);
  });

  it('later runs update the same check run instead of creating another, up to success', async () => {
    fake = await startFake('bekasi-pending');
    await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    fake.addReview({ user: 'kabid-egov', state: 'APPROVED', at: '2026-11-18T03:00:00Z' });
    await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'in_progress', title: expect.stringMatching(/^2\/4/) });

    fake.addReview({ user: 'kasi-egov', state: 'APPROVED', at: '2026-11-18T03:10:00Z' });
    fake.addReview({ user: 'admin-server', state: 'APPROVED', at: '2026-11-18T03:40:00Z' });
    const last = await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    expect(last.code).toBe(0);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(fake.count('POST', /\/check-runs$/)).toBe(1);
    expect(fake.count('PATCH', /\/check-runs\/\d+$/)).toBe(2);
  });

  it('the first run on a commit creates its run without listing (the sticky comment names no run there); the next lists and updates it', async () => {
    fake = await startFake('bekasi-pending');
    await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    expect(fake.count('GET', /\/check-runs$/)).toBe(0);
    expect(fake.comments.at(-1)!.body).toContain(headLine(HEAD));
    fake.addReview({ user: 'kabid-egov', state: 'APPROVED', at: '2026-11-18T03:00:00Z' });
    await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    expect(fake.count('GET', /\/check-runs$/)).toBe(1);
    expect(ours()).toEqual([expect.objectContaining({ status: 'in_progress', title: expect.stringMatching(/^2\/4/) })]);
  });

  it('a success turned pending again (approval dismissed, same commit) gets a new in_progress run, not a green one', async () => {
    fake = await startFake('bekasi-pending');
    approveRest();
    expect((await approvals(fake, 'bekasi', [...pending, '--report', 'check'])).code).toBe(0);
    fake.dismiss('admin-server');
    expect((await approvals(fake, 'bekasi', [...pending, '--report', 'check'])).code).toBe(1);
    expect(ours().map((r) => [r.status, r.conclusion])).toEqual([['completed', 'success'], ['in_progress', null]]);
    expect(current()).toMatchObject({ status: 'in_progress', title: expect.stringMatching(/^3\/4/) });
  });

  it('success → failure: a completed green run is never edited; the refusal is a new run, the newest, which the required check reads', async () => {
    fake = await startFake('bekasi-pending');
    approveRest();
    expect((await approvals(fake, 'bekasi', [...pending, '--report', 'check'])).code).toBe(0);
    fake.addReview({ user: 'kasi-egov', state: 'CHANGES_REQUESTED', at: '2026-11-18T04:00:00Z' });
    expect((await approvals(fake, 'bekasi', [...pending, '--report', 'check'])).code).toBe(1);
    expect(ours().map((r) => [r.status, r.conclusion])).toEqual([['completed', 'success'], ['completed', 'failure']]);
    expect(fake.count('PATCH', /\/check-runs\/\d+$/)).toBe(0);
    expect(fake.latestCheckRuns('sop/approvals', HEAD)).toEqual([expect.objectContaining({ conclusion: 'failure' })]);
  });

  it('failure → success: the red run stays as it was and the approval is a new green run', async () => {
    fake = await startFake('bekasi-pending');
    approveRest();
    fake.addReview({ user: 'kasi-egov', state: 'CHANGES_REQUESTED', at: '2026-11-18T04:00:00Z' });
    expect((await approvals(fake, 'bekasi', [...pending, '--report', 'check'])).code).toBe(1);
    fake.addReview({ user: 'kasi-egov', state: 'APPROVED', at: '2026-11-18T04:30:00Z' });
    expect((await approvals(fake, 'bekasi', [...pending, '--report', 'check'])).code).toBe(0);
    expect(ours().map((r) => [r.status, r.conclusion])).toEqual([['completed', 'failure'], ['completed', 'success']]);
    expect(fake.latestCheckRuns('sop/approvals', HEAD)).toEqual([expect.objectContaining({ conclusion: 'success' })]);
  });

  it('the same completed verdict again writes no new run', async () => {
    fake = await startFake('bekasi-pending');
    approveRest();
    await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    expect(ours()).toHaveLength(1);
  });

  it('a push moves the check to the new head commit; the old commit keeps its own run', async () => {
    fake = await startFake('bekasi-pending');
    approveRest();
    await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    fake.push('c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', 'staf-dinkes');
    expect((await approvals(fake, 'bekasi', [...pending, '--report', 'check'])).code).toBe(1);
    expect(current()).toMatchObject({ head_sha: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', status: 'in_progress' });
    expect(ours()).toHaveLength(2);
    expect(fake.latestCheckRuns('sop/approvals', HEAD)).toEqual([expect.objectContaining({ conclusion: 'success' })]);
  });
});

describe('check runs of another app with the same name are never ours', () => {
  it('with SUBDOMAIN_CHECK_APP, a forged success from GitHub Actions is left alone and our own run is pending', async () => {
    fake = await startFake('bekasi-pending');
    fake.app = SOP_APP;
    const forged = fake.addCheckRun({ name: 'sop/approvals', app: GITHUB_ACTIONS_APP, status: 'completed', conclusion: 'success', title: 'semua disetujui' });
    const run = await approvals(fake, 'bekasi', [...pending, '--report', 'check'], undefined, { SUBDOMAIN_CHECK_APP: SOP_APP.slug });
    expect(run.code).toBe(1);
    expect(fake.count('PATCH', /\/check-runs\/\d+$/)).toBe(0);
    expect(forged).toMatchObject({ conclusion: 'success', title: 'semua disetujui' });
    expect(current()).toMatchObject({ app: SOP_APP, status: 'in_progress' });
  });

  it('without it, GitHub refusing to update the other app’s run (403) means: create our own', async () => {
    fake = await startFake('bekasi-pending');
    fake.app = SOP_APP;
    fake.addCheckRun({ name: 'sop/approvals', app: GITHUB_ACTIONS_APP, status: 'in_progress', conclusion: null });
    commentedBefore(HEAD);
    const run = await approvals(fake, 'bekasi', [...pending, '--report', 'check']);
    expect(run.code).toBe(1);
    expect(fake.log.filter((l) => l.method === 'PATCH' && l.path.includes('/check-runs/')).map((l) => l.status)).toEqual([403]);
    expect(ours()).toEqual([expect.objectContaining({ status: 'in_progress' })]);
  });
});

describe('--report both', () => {
  it('sets the status and the check run to the same answer', async () => {
    fake = await startFake('bekasi-approved');
    expect((await approvals(fake, 'bekasi', [...approved, '--report', 'both'])).code).toBe(0);
    expect(fake.statuses.map((s) => [s.context, s.state])).toEqual([['sop/approvals', 'success']]);
    expect(fake.checkRuns.map((r) => [r.name, r.status, r.conclusion])).toEqual([['sop/approvals', 'completed', 'success']]);
    expect(fake.checkRuns[0]!.title).toBe(fake.statuses[0]!.description);
  });

  it('pending: a pending status and an in_progress check run', async () => {
    fake = await startFake('bekasi-pending');
    await approvals(fake, 'bekasi', [...pending, '--report', 'both']);
    expect(fake.statuses.map((s) => s.state)).toEqual(['pending']);
    expect(fake.checkRuns.map((r) => r.status)).toEqual(['in_progress']);
  });

  it('without --report only the status is set, as before', async () => {
    fake = await startFake('bekasi-approved');
    await approvals(fake, 'bekasi', approved);
    expect(fake.statuses.map((s) => s.state)).toEqual(['success']);
    expect(fake.checkRuns).toEqual([]);
    expect(fake.count('GET', /\/check-runs$/)).toBe(0);
  });
});

describe('check runs: failures never turn into success', () => {
  const noSuccess = () => {
    expect(fake.latestCheckRuns().some((r) => r.conclusion === 'success')).toBe(false);
    expect(fake.statuses.some((s) => s.state === 'success')).toBe(false);
  };

  it('exits 2 when writing the comment fails, leaving an in_progress check run that says why', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ method: 'POST', path: /\/issues\/7\/comments$/, status: 500, times: 100 });
    const run = await approvals(fake, 'bekasi', [...approved, '--report', 'check']);
    expect(run.code).toBe(2);
    noSuccess();
    expect(fake.checkRuns).toEqual([expect.objectContaining({ status: 'in_progress', title: expect.stringMatching(/gagal/) })]);
  });

  it('exits 2 when GitHub keeps failing to read, turning an earlier success into a new in_progress run', async () => {
    fake = await startFake('bekasi-approved');
    expect((await approvals(fake, 'bekasi', [...approved, '--report', 'check'])).code).toBe(0);
    fake.fail({ path: /\/teams\//, status: 403, times: 1, message: 'Resource not accessible by integration' });
    const run = await approvals(fake, 'bekasi', [...approved, '--report', 'check']);
    expect(run.code).toBe(2);
    expect(current()).toMatchObject({ status: 'in_progress', conclusion: null });
    // The next good run completes that same run.
    expect((await approvals(fake, 'bekasi', [...approved, '--report', 'check'])).code).toBe(0);
    expect(ours().map((r) => r.conclusion)).toEqual(['success', 'success']);
    expect(fake.count('POST', /\/check-runs$/)).toBe(2);
  });

  it('exits 2 when the check run cannot be written (no Checks permission), and no success status is set', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ method: 'POST', path: /\/check-runs$/, status: 403, times: 100, message: 'Resource not accessible by integration' });
    const run = await approvals(fake, 'bekasi', [...approved, '--report', 'both']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/check run sop\/approvals/);
    noSuccess();
    expect(fake.statuses.map((s) => s.state)).toEqual(['pending']);
  });

  it('exits 2 when the status fails after a success check run, and takes that success back', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ method: 'POST', path: /\/statuses\//, status: 502, times: 100 });
    const run = await approvals(fake, 'bekasi', [...approved, '--report', 'both']);
    expect(run.code).toBe(2);
    noSuccess();
    expect(ours().map((r) => [r.status, r.conclusion])).toEqual([['completed', 'success'], ['in_progress', null]]);
  });

  it('exits 2 when listing check runs fails, without creating one', async () => {
    fake = await startFake('bekasi-approved');
    commentedBefore('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
    fake.fail({ method: 'GET', path: /\/check-runs$/, status: 503, times: 100 });
    const run = await approvals(fake, 'bekasi', [...approved, '--report', 'check']);
    expect(run.code).toBe(2);
    expect(fake.checkRuns).toEqual([]);
  });
});

describe('--report usage', () => {
  it('exits 2 for an unknown target, or --report without --post, before any API call', async () => {
    fake = await startFake('bekasi-approved');
    expect((await approvals(fake, 'bekasi', [...approved, '--report', 'checks'])).code).toBe(2);
    expect((await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--report', 'check'])).code).toBe(2);
    expect(fake.log).toEqual([]);
  });
});

describe('check run verdict and summary', () => {
  it('maps only an approval to success; pending never completes', () => {
    expect(verdictOf('success')).toEqual({ status: 'completed', conclusion: 'success' });
    expect(verdictOf('pending')).toEqual({ status: 'in_progress' });
    expect(verdictOf('failure')).toEqual({ status: 'completed', conclusion: 'failure' });
    expect(verdictOf('error')).toEqual({ status: 'completed', conclusion: 'failure' });
  });

  it('keeps the summary within GitHub’s 65535 characters, cut at a line, with a note', () => {
    const row = '| 1 | Disposisi | Kepala Dinas | @kadis-bekasi | 2026-11-18 02:10 UTC | 10 menit | 1 jam | ✅ selesai / done |';
    const long = [APPROVALS_MARKER, ...Array.from({ length: 1000 }, () => row)].join('\n');
    const summary = checkSummary(long);
    expect(summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_MAX);
    expect(summary).toMatch(/dipotong/);
    expect(summary).not.toContain(APPROVALS_MARKER);
    expect(summary.split('\n').filter((l) => l.startsWith('|')).every((l) => l === row)).toBe(true);
    expect(checkSummary(`${APPROVALS_MARKER}\n### judul\n`)).toBe('### judul\n');
  });
});
