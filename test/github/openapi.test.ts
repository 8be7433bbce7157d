import { fill } from './support/fake-github.js';
import { responseValidator } from './support/setup.js';

const api = 'http://127.0.0.1:1';
const user = fill('simple-user', { api, login: 'kadis-bekasi', login_path: 'kadis-bekasi', id: 42, type: 'User' });

describe("the fake server's check against GitHub's OpenAPI description", () => {
  it('accepts a body shaped like GitHub answers', () => {
    const status = fill('status', { api, owner: 'o', repo: 'r', sha: 'a'.repeat(40), id: 1, state: 'pending', description: 'x', target_url: null, context: 'sop/approvals', created_at: '2026-11-18T02:00:00Z', creator: user });
    expect(responseValidator().check('POST', '/repos/{owner}/{repo}/statuses/{sha}', 201, status)).toEqual([]);
  });

  it('rejects a body with a missing required field or a wrong null', () => {
    const review = fill('pull-request-review', { api, owner: 'o', repo: 'r', number: 1, id: 5, user, body: '', state: 'APPROVED', submitted_at: '2026-11-18T02:00:00Z', commit_id: 'a'.repeat(40) });
    const check = (body: unknown) => responseValidator().check('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', 200, [body]);
    expect(check(review)).toEqual([]);
    const { node_id: _drop, ...missing } = review;
    expect(check(missing)).not.toEqual([]);
    expect(check({ ...review, id: null })).not.toEqual([]);
    // `user` is nullable in the description (deleted accounts): null must pass.
    expect(check({ ...review, user: null })).toEqual([]);
  });

  it('checks check runs too: a body like GitHub’s passes, a conclusion GitHub never returns does not', () => {
    const app = fill('integration', { id: 15368, slug: 'github-actions', name: 'GitHub Actions', description: null, owner: user, permissions: { checks: 'write' } });
    const run = fill('check-run', {
      api, owner: 'o', repo: 'r', number: 1, id: 9, name: 'sop/approvals', head_sha: 'a'.repeat(40), external_id: '', details_url: null, status: 'in_progress', conclusion: null,
      started_at: '2026-11-18T02:00:00Z', completed_at: null, title: '1/4', summary: '| a |', text: null, suite_id: 3, app, pull_id: 4, head_ref: 'b', repo_id: 5, base_sha: 'c'.repeat(40),
    });
    const check = (body: unknown) => responseValidator().check('POST', '/repos/{owner}/{repo}/check-runs', 201, body);
    expect(check(run)).toEqual([]);
    expect(check({ ...run, conclusion: 'stale' })).not.toEqual([]);
    expect(responseValidator().check('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', 200, { total_count: 1, check_runs: [run] })).toEqual([]);
    expect(responseValidator().check('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', 200, [run])).not.toEqual([]);
  });

  it('refuses an operation or status code GitHub does not describe', () => {
    expect(responseValidator().check('GET', '/repos/{owner}/{repo}/nothing', 200, {})).not.toEqual([]);
  });
});
