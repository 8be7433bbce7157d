import { apiFailure, createGitHub, DEFAULT_API_URL, gitHubOptionsFromEnv, unansweredCode } from '../../src/github/client.js';
import { headLine, publish } from '../../src/github/post.js';
import type { FakeGitHub } from './support/fake-github.js';
import { clientFor, startFake } from './support/setup.js';

describe('gitHubOptionsFromEnv', () => {
  it('defaults to api.github.com without a token, with throttling on', () => {
    const options = gitHubOptionsFromEnv({});
    expect(options.baseUrl).toBe(DEFAULT_API_URL);
    expect(options.token).toBeUndefined();
    expect(options.throttle?.enabled).toBe(true);
    expect(options.retry).toEqual({});
  });

  it('honours GITHUB_TOKEN, GITHUB_API_URL and the test knobs', () => {
    const options = gitHubOptionsFromEnv({ GITHUB_TOKEN: 't', GITHUB_API_URL: 'https://ghe.example.go.id/api/v3', SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10', SUBDOMAIN_GITHUB_THROTTLE: 'off' });
    expect(options).toMatchObject({ token: 't', baseUrl: 'https://ghe.example.go.id/api/v3', retry: { retryAfterBaseValue: 10 }, throttle: { enabled: false, retryAfterBaseValue: 10 } });
  });
});

describe('requests that never got an answer', () => {
  const system = (code: string) => Object.assign(new Error(code), { code });
  const failedFetch = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });

  it('are refused connections and names that do not resolve, however deep in the cause chain', () => {
    expect(unansweredCode(Object.assign(new Error('connect ECONNREFUSED'), { status: 500, cause: failedFetch(system('ECONNREFUSED')) }))).toBe('ECONNREFUSED');
    expect(unansweredCode(failedFetch(system('ENOTFOUND')))).toBe('ENOTFOUND');
    expect(unansweredCode(failedFetch(system('EAI_AGAIN')))).toBe('EAI_AGAIN');
    // Each address of a name tried in turn: the aggregate carries each refusal.
    expect(unansweredCode(failedFetch(new AggregateError([system('ECONNREFUSED'), system('ECONNREFUSED')])))).toBe('ECONNREFUSED');
  });

  it('are not a connection cut mid-answer, nor a server error: those are retried', () => {
    expect(unansweredCode(failedFetch(system('ECONNRESET')))).toBeUndefined();
    expect(unansweredCode(Object.assign(new Error('Bad Gateway'), { status: 502, response: { status: 502 } }))).toBeUndefined();
  });
});

describe('createGitHub', () => {
  let fake: FakeGitHub;
  afterEach(async () => {
    expect(fake.invalid).toEqual([]);
    await fake.close();
  });

  it('sends the token to the configured base URL (trailing slash or not) and counts retries as calls', async () => {
    fake = await startFake('bekasi-approved');
    fake.fail({ path: /\/pulls\/7$/, status: 500, times: 1 });
    const gh = createGitHub({ token: 'test-token', baseUrl: `${fake.url}/`, retry: { retryAfterBaseValue: 10 }, throttle: { enabled: false } });
    const { data } = await gh.octokit.rest.pulls.get({ owner: 'pemkot-bekasi', repo: 'subdomain', pull_number: 7 });
    expect(data.user.login).toBe('staf-dinkes');
    expect(gh.requestCount()).toBe(2);
  });

  it('retries a rate limit once when throttling is on and the wait is short', async () => {
    fake = await startFake('bekasi-approved');
    const reset = String(Math.floor(Date.now() / 1000));
    fake.fail({ path: /\/pulls\/7$/, status: 403, times: 1, message: 'API rate limit exceeded', headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    const gh = createGitHub({ token: 'test-token', baseUrl: fake.url, retry: { retryAfterBaseValue: 10 }, throttle: { enabled: true, retryAfterBaseValue: 10 } });
    const { data } = await gh.octokit.rest.pulls.get({ owner: 'pemkot-bekasi', repo: 'subdomain', pull_number: 7 });
    expect(data.number).toBe(7);
    expect(fake.log.map((l) => l.status)).toEqual([403, 200]);
  });

  it('gives up on a rate limit that resets too far away', async () => {
    fake = await startFake('bekasi-approved');
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    fake.fail({ path: /\/pulls\/7$/, status: 403, times: 5, message: 'API rate limit exceeded', headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    const gh = createGitHub({ token: 'test-token', baseUrl: fake.url, retry: { retryAfterBaseValue: 10 }, throttle: { enabled: true, retryAfterBaseValue: 10 } });
    const error = await gh.octokit.rest.pulls.get({ owner: 'pemkot-bekasi', repo: 'subdomain', pull_number: 7 }).catch((e: unknown) => e);
    expect(apiFailure(error, { id: 'Membaca', en: 'Reading' }).detail.en).toBe('Reading: GitHub API rate limit reached (403); try again later.');
    expect(fake.log).toHaveLength(1);
  });
});

describe('publish', () => {
  let fake: FakeGitHub;
  afterEach(async () => {
    expect(fake.invalid).toEqual([]);
    await fake.close();
  });

  const ref = { owner: 'pemkot-bekasi', repo: 'subdomain', number: 8 };
  const head = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
  const comment = '<!-- subdomain:sop-approvals -->\nTabel';

  it('skips the author, those asked or answered already, and teams of other organisations; keeps the description to 140 characters', async () => {
    fake = await startFake('bekasi-pending');
    const report = await publish(
      clientFor(fake),
      { ref, headSha: head, author: 'staf-dinkes', requested: { users: ['kasi-egov'], teams: [] }, reviewed: ['Kadis-Bekasi'] },
      {
        state: 'pending',
        description: `1/4 — menunggu ${'Kepala Bidang '.repeat(20)}`,
        comment,
        reviewers: { users: ['staf-dinkes', 'kadis-bekasi', 'kasi-egov', 'kabid-egov'], teams: ['pemkot-bekasi/pelaksana-tik', 'lain-org/tim'] },
      },
    );
    expect(report).toEqual({ comment: 'created', requestedUsers: ['kabid-egov'], requestedTeams: ['pelaksana-tik'], warnings: [] });
    expect(fake.requestedReviewers).toEqual({ users: ['kabid-egov'], teams: ['pelaksana-tik'] });
    expect([...fake.statuses[0]!.description!]).toHaveLength(140);
  });

  it('leaves an unchanged comment alone and asks nobody when nobody is next', async () => {
    fake = await startFake('bekasi-pending');
    const ctx = { ref, headSha: head, author: 'staf-dinkes', requested: { users: [], teams: [] }, reviewed: [] };
    const outcome = { state: 'success' as const, description: 'ok', comment, reviewers: { users: [], teams: [] } };
    await publish(clientFor(fake), ctx, outcome);
    const again = await publish(clientFor(fake), ctx, outcome);
    expect(again.comment).toBe('unchanged');
    expect(fake.count('PATCH', /comments/)).toBe(0);
    expect(fake.count('POST', /requested_reviewers/)).toBe(0);
  });

  it('updates the bot’s marked comment, not a person’s comment that quotes the marker', async () => {
    fake = await startFake('bekasi-pending');
    fake.comments.push({ id: 1, user: 'staf-dinkes', type: 'User', body: `kutipan: ${comment}`, created_at: '2026-11-18T02:00:00Z', updated_at: '2026-11-18T02:00:00Z' });
    fake.comments.push({ id: 2, user: 'github-actions[bot]', type: 'Bot', body: `${comment} lama`, created_at: '2026-11-18T02:00:00Z', updated_at: '2026-11-18T02:00:00Z' });
    const ctx = { ref, headSha: head, author: 'staf-dinkes', requested: { users: [], teams: [] }, reviewed: [] };
    const report = await publish(clientFor(fake), ctx, { state: 'pending', description: 'x', comment, reviewers: { users: [], teams: [] } });
    expect(report.comment).toBe('updated');
    // The table, then the hidden line naming the head commit it is for.
    expect(fake.comments.find((c) => c.id === 2)!.body).toBe(`${comment}\n\n${headLine(head)}\n`);
    expect(fake.comments.find((c) => c.id === 1)!.body).toBe(`kutipan: ${comment}`);
  });
});
