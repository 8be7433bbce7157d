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

  it('refuses an operation or status code GitHub does not describe', () => {
    expect(responseValidator().check('GET', '/repos/{owner}/{repo}/nothing', 200, {})).not.toEqual([]);
  });
});
