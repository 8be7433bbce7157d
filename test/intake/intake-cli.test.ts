import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { applicantOf } from '../../src/intake/applicant.js';
import { INTAKE_COMMENT_MARKER } from '../../src/intake/render.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { startIntakeFake, type IntakeFakeGitHub } from './support/fake-github.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const REPO = 'pemkot-bekasi/subdomain';
const ISSUE = 12;
const BRANCH = 'permohonan/issue-12';
const body = (name: string) => readFileSync(join(FIXTURES, 'issues', name), 'utf8');

let fake: IntakeFakeGitHub;
let root: string;

beforeEach(async () => {
  root = tempCopy(join(FIXTURES, 'base'));
  fake = await startIntakeFake(REPO, { number: ISSUE, title: 'Permohonan subdomain: sehat', body: body('valid-create.md'), author: 'staf-dinkes', state: 'open', labels: ['permohonan-subdomain'] });
});

afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
  cleanupTemps();
});

const intake = (...extra: string[]) =>
  runCli(root, ['intake', '--repo', REPO, '--issue', String(ISSUE), ...extra], {
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url, SUBDOMAIN_GITHUB_RETRY_BASE_MS: '1', SUBDOMAIN_GITHUB_THROTTLE: 'off' },
  });
const ours = () => fake.comments.filter((c) => c.body.includes(INTAKE_COMMENT_MARKER));

describe('subdomain intake against a GitHub-like server', () => {
  test('invalid answers: one comment with the rule ids and both languages, no branch, no pull request; exit 1', async () => {
    fake.issue.body = body('invalid-rules.md');
    const result = await intake();
    expect(result.code).toBe(1);
    expect(ours()).toHaveLength(1);
    const comment = ours()[0]!.body;
    for (const rule of ['name/reserved', 'owner/unknown-opd', 'person/nip', 'person/email', 'record/a-public-ipv4']) expect(comment).toContain(`\`${rule}\``);
    expect(comment).toContain('**Kode OPD / Agency key**');
    expect(comment).toContain('ID: OPD `dinas-rahasia` tidak ada di kebijakan');
    expect(comment).toContain('EN: OPD `dinas-rahasia` is not in the policy');
    expect(fake.pulls).toEqual([]);
    expect(fake.refs.has(`heads/${BRANCH}`)).toBe(false);
    expect(fake.count('POST', /\/git\//)).toBe(0);
    expect(result.stdout).toContain('owner/unknown-opd');
  });

  test('every problem of the answers in one comment: unreadable record line, NIK for a NIP, an unknown OPD and a private address together', async () => {
    fake.issue.body = body('valid-create.md')
      .replace('19720503 199903 2 004', '3275011203900004')
      .replace('dinkes — Dinas Kesehatan', 'dinas-rahasia')
      .replace('A 103.147.8.45 ttl=3600', 'A 192.168.1.10\nMXX mail.bekasikota.go.id');
    expect((await intake()).code).toBe(1);
    const comment = ours()[0]!.body;
    for (const rule of ['intake/records', 'person/nip', 'owner/unknown-opd', 'record/a-public-ipv4']) expect(comment).toContain(`\`${rule}\``);
    expect(comment).toContain('NIK');
    expect(comment).toContain('**Catatan DNS / DNS records**');
    // The lines that could be read are judged beside the one that could not; nothing echoes what was left out.
    expect(comment).not.toContain('record/records-or-hosting');
    expect(comment).not.toMatch(/schema\/required|\^\[|\[0-9\]/);
    expect(fake.pulls).toEqual([]);
  });

  test('invalid again after an edit: the same comment is updated, not a second one', async () => {
    fake.issue.body = body('invalid-rules.md');
    expect((await intake()).code).toBe(1);
    fake.issue.body = body('invalid-missing.md');
    expect((await intake()).code).toBe(1);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('`intake/missing-field`');
    expect(ours()[0]!.body).not.toContain('owner/unknown-opd');
  });

  test('a marker pasted into someone else\'s comment is not taken for ours', async () => {
    fake.addComment('penyusup', `${INTAKE_COMMENT_MARKER} palsu`);
    fake.issue.body = body('invalid-missing.md');
    expect((await intake()).code).toBe(1);
    expect(ours()).toHaveLength(2);
    expect(fake.comments[0]!.body).toBe(`${INTAKE_COMMENT_MARKER} palsu`);
  });

  test('valid answers: branch from the default head with the request file, a pull request with the marker, and the link on the issue', async () => {
    const result = await intake();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = fake.filesOf(BRANCH)!;
    expect([...files.keys()].sort()).toEqual(['README.md', 'requests/sehat.bekasikota.go.id.yaml']);
    const text = files.get('requests/sehat.bekasikota.go.id.yaml')!;
    expect(text).toContain('nip: "197205031999032004"');
    expect(parse(text)).toMatchObject({ action: 'create', opd: 'dinkes', contact: { phone: '081234567890' } });
    const head = fake.refs.get(`heads/${BRANCH}`)!;
    expect(fake.commits.get(head)!.parents).toEqual([fake.refs.get('heads/main')]);

    expect(fake.pulls).toHaveLength(1);
    const pull = fake.pulls[0]!;
    expect(pull).toMatchObject({ head: BRANCH, base: 'main', state: 'open', user: 'github-actions[bot]' });
    expect(pull.body.split('\n')[0]).toBe('<!-- subdomain:applicant=staf-dinkes issue=12 -->');
    expect(pull.body).toContain('Closes #12');
    expect(applicantOf({ user: { login: pull.user }, body: pull.body }, ['github-actions[bot]'])).toBe('staf-dinkes');

    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain(`https://github.com/${REPO}/pull/${pull.number}`);
    expect(result.stdout).toContain(`pull request #${pull.number}`);
  });

  test('an edit re-runs: the same branch and pull request are updated, no second pull request or comment', async () => {
    expect((await intake()).code).toBe(0);
    const first = fake.refs.get(`heads/${BRANCH}`);
    fake.advanceDefault('subdomains/README.md', 'daftar\n');
    fake.issue.body = body('valid-create.md').replace('103.147.8.45', '103.147.8.46').replace('\n\nsehat\n\n', '\n\nsehat-warga\n\n');
    const result = await intake();
    expect(result.code).toBe(0);
    expect(fake.pulls).toHaveLength(1);
    expect(ours()).toHaveLength(1);
    const files = fake.filesOf(BRANCH)!;
    expect(fake.refs.get(`heads/${BRANCH}`)).not.toBe(first);
    // A renamed subdomain leaves no stale file; the branch sits on the new default head.
    expect([...files.keys()].sort()).toEqual(['README.md', 'requests/sehat-warga.bekasikota.go.id.yaml', 'subdomains/README.md']);
    expect(files.get('requests/sehat-warga.bekasikota.go.id.yaml')).toContain('103.147.8.46');
    expect(fake.pulls[0]!.title).toContain('sehat-warga.bekasikota.go.id');
    expect(ours()[0]!.body).toContain('requests/sehat-warga.bekasikota.go.id.yaml');
  });

  test('running again without an edit writes nothing new', async () => {
    expect((await intake()).code).toBe(0);
    const writes = fake.writes.length;
    expect((await intake()).code).toBe(0);
    expect(fake.writes.length).toBe(writes);
  });

  test('an edit that breaks the answers comments the problems and leaves the open pull request as it was', async () => {
    expect((await intake()).code).toBe(0);
    const head = fake.refs.get(`heads/${BRANCH}`);
    fake.issue.body = body('invalid-rules.md');
    expect((await intake()).code).toBe(1);
    expect(fake.refs.get(`heads/${BRANCH}`)).toBe(head);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain(`Pull request #${fake.pulls[0]!.number}`);
  });

  test('hostile bodies never reach git: traversal, injected headings, YAML tags', async () => {
    for (const name of ['hostile-traversal.md', 'hostile-injected-heading.md', 'hostile-yaml-tags.md', 'hostile-bidi.md']) {
      fake.issue.body = body(name);
      expect((await intake()).code, name).toBe(1);
    }
    expect(fake.count('POST', /\/git\//)).toBe(0);
    expect(fake.pulls).toEqual([]);
  });

  test('echoed text is inert in the comment: no fake marker, no HTML, no mentions', async () => {
    fake.issue.body = body('hostile-shell.md').replace('\n\ndinkes\n\n', '\n\n<!-- subdomain:applicant=x issue=1 --> @kadis-bekasi <img src=x>\n\n');
    expect((await intake()).code).toBe(1);
    const comment = ours()[0]!.body;
    expect(comment.match(/<!--/g)).toHaveLength(1);
    expect(comment).not.toContain('<img');
    expect(comment).not.toMatch(/@kadis-bekasi/);
  });

  test('with privacy.contact_phone: omit, the request from the issue holds no phone and a missing phone is no problem', async () => {
    appendFileSync(join(root, '.github/sop.yaml'), 'privacy:\n  contact_phone: omit\n');
    fake.issue.body = body('valid-create.md').replace(/### Telepon[^\n]*\n\n[^\n]*\n\n/, '');
    const result = await intake('--dry-run');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('andi.prasetyo@dinkes.bekasikota.go.id');
    expect(result.stdout).not.toContain('phone:');
  });

  test('--dry-run reads and checks but writes nothing', async () => {
    const result = await intake('--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('requests/sehat.bekasikota.go.id.yaml');
    expect(fake.writes).toEqual([]);
    fake.issue.body = body('invalid-rules.md');
    expect((await intake('--dry-run')).code).toBe(1);
    expect(fake.writes).toEqual([]);
  });

  test('closed issues, issues without the form label and pull requests are skipped or refused', async () => {
    fake.issue.labels = ['pertanyaan'];
    expect((await intake()).code).toBe(0);
    fake.issue.labels = ['permohonan-subdomain'];
    fake.issue.state = 'closed';
    expect((await intake()).code).toBe(0);
    expect(fake.writes).toEqual([]);
    fake.issue.state = 'open';
    fake.issue.pullRequest = true;
    const result = await intake();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pull request');
  });

  test('an API failure exits 2 with a message, leaving no pull request', async () => {
    fake.fail('POST', /\/git\/trees$/, 500, 10);
    const result = await intake();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Writing branch permohonan/issue-12');
    expect(fake.pulls).toEqual([]);
  });

  test('usage mistakes exit 2', async () => {
    expect((await runCli(root, ['intake', '--repo', 'nope', '--issue', '1'])).code).toBe(2);
    expect((await runCli(root, ['intake', '--repo', REPO, '--issue', '../1'])).code).toBe(2);
    expect((await runCli(root, ['intake', '--bogus'])).code).toBe(2);
  });
});
