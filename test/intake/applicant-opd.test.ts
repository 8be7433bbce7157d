/**
 * Intake writes a branch only for the OPD's own staff: the author must be one of the
 * OPD's users (or an active member of one of its teams) before anything is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTAKE_COMMENT_MARKER } from '../../src/intake/render.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { startIntakeFake, type IntakeFakeGitHub } from './support/fake-github.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const REPO = 'pemkot-bekasi/subdomain';
const body = readFileSync(join(FIXTURES, 'issues', 'valid-create.md'), 'utf8');

let fake: IntakeFakeGitHub;
let root: string;

afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
  cleanupTemps();
});

const intake = () =>
  runCli(root, ['intake', '--repo', REPO, '--issue', '12'], {
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url, SUBDOMAIN_GITHUB_RETRY_BASE_MS: '1', SUBDOMAIN_GITHUB_THROTTLE: 'off' },
  });

test('an author outside the OPD gets one comment naming the rule and the field, and no branch or pull request', async () => {
  root = tempCopy(join(FIXTURES, 'base'));
  fake = await startIntakeFake(REPO, { number: 12, title: 'Permohonan subdomain: sehat', body, author: 'orang-luar', state: 'open', labels: ['permohonan-subdomain'] });
  const result = await intake();
  expect(result.code).toBe(1);
  const comments = fake.comments.filter((c) => c.body.includes(INTAKE_COMMENT_MARKER));
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toContain('`intake/applicant-not-in-opd`');
  expect(comments[0]!.body).toContain('**Kode OPD / Agency key**');
  expect(comments[0]!.body).toContain('opds.dinkes');
  expect(fake.pulls).toEqual([]);
  expect(fake.refs.has('heads/permohonan/issue-12')).toBe(false);
  expect(fake.count('POST', /\/git\//)).toBe(0);
});

test('the same form from the OPD\'s staff goes ahead (the check can pass)', async () => {
  root = tempCopy(join(FIXTURES, 'base'));
  fake = await startIntakeFake(REPO, { number: 12, title: 'Permohonan subdomain: sehat', body, author: 'staf-dinkes', state: 'open', labels: ['permohonan-subdomain'] });
  expect((await intake()).code).toBe(0);
  expect(fake.pulls).toHaveLength(1);
});

describe('the office’s registrar files from the issue form on the agency’s behalf', () => {
  /** The fixture office with `intake: { role: pelaksana }`: admin-server registers the letters received. */
  const withRegistrar = () => {
    const dir = tempCopy(join(FIXTURES, 'base'));
    const policy = join(dir, '.github', 'sop.yaml');
    writeFileSync(policy, `${readFileSync(policy, 'utf8')}intake:\n  role: pelaksana\n`);
    return dir;
  };

  test('with the agenda number and the signed letter, the pull request is opened', async () => {
    root = withRegistrar();
    const registrar = readFileSync(join(FIXTURES, 'issues', 'valid-registrar.md'), 'utf8');
    fake = await startIntakeFake(REPO, { number: 12, title: 'Permohonan subdomain: sehat', body: registrar, author: 'admin-server', state: 'open', labels: ['permohonan-subdomain'] });
    expect((await intake()).code).toBe(0);
    expect(fake.pulls).toHaveLength(1);
  });

  test('without the signed letter, one comment names the field, and nothing is written', async () => {
    root = withRegistrar();
    fake = await startIntakeFake(REPO, { number: 12, title: 'Permohonan subdomain: sehat', body, author: 'admin-server', state: 'open', labels: ['permohonan-subdomain'] });
    expect((await intake()).code).toBe(1);
    const comment = fake.comments.find((c) => c.body.includes(INTAKE_COMMENT_MARKER))!;
    expect(comment.body).toContain('`intake/registrar-letter`');
    expect(comment.body).toContain('**Tautan surat bertanda tangan (PDF) / Link to the signed letter**');
    expect(comment.body).not.toContain('`intake/applicant-not-in-opd`');
    expect(fake.pulls).toEqual([]);
  });

  test('someone who is neither the OPD’s staff nor the registrar is told who can file for the agency', async () => {
    root = withRegistrar();
    fake = await startIntakeFake(REPO, { number: 12, title: 'Permohonan subdomain: sehat', body, author: 'orang-luar', state: 'open', labels: ['permohonan-subdomain'] });
    expect((await intake()).code).toBe(1);
    const comment = fake.comments.find((c) => c.body.includes(INTAKE_COMMENT_MARKER))!;
    expect(comment.body).toContain('`intake/applicant-not-in-opd`');
    expect(comment.body).toContain('can be filed by the Pelaksana on the agency');
  });
});
