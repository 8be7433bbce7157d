/**
 * `subdomain doctor` end to end: a temp copy of the fixture office for the local part, the
 * GitHub-like server on 127.0.0.1 (every answer checked against GitHub's OpenAPI description)
 * for the GitHub part.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemps } from '../helpers/temp-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { responseValidator } from '../github/support/setup.js';
import { readProductPrefix } from '../../src/office/callers.js';
import { DoctorGitHub, GITHUB_ACTIONS, officeCallers, readyOffice, readyPolicyText, readyState, SOP_APP, type DoctorState } from './support/doctor-github.js';

const PRODUCT = readProductPrefix('exact') as { kind: 'remote'; slug: string; ref: string };

let fake: DoctorGitHub | undefined;

afterEach(async () => {
  if (fake) {
    expect(fake.invalid).toEqual([]);
    await fake.close();
  }
  fake = undefined;
});
afterAll(cleanupTemps);

async function serve(change: (s: DoctorState) => void = () => {}): Promise<DoctorGitHub> {
  const state = readyState();
  change(state);
  fake = await new DoctorGitHub(responseValidator(), state).start();
  return fake;
}

function doctor(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  return runCli(dir, ['doctor', ...args], {
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake?.url ?? 'http://127.0.0.1:9', SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10', SUBDOMAIN_GITHUB_THROTTLE: 'off', ...env },
  });
}

const REPO = ['--repo', 'pemkot-bekasi/subdomain'];
const env = (s: DoctorState, name: string) => s.environments.find((e) => e.name === name)!;
const findingLines = (stdout: string) => stdout.split('\n').filter((l) => /^(galat|peringatan) /.test(l));

describe('subdomain doctor', () => {
  it('a ready office: no finding, exit 0', async () => {
    await serve();
    const result = await doctor(readyOffice(), REPO);
    expect(result.stdout).toBe('Ringkasan / summary: 0 galat/errors, 0 peringatan/warnings. Kantor siap berjalan. / The office can go live.\n');
    expect(result.code).toBe(0);
    expect(fake!.count('GET', /\/rulesets\/42$/)).toBe(1);
    expect(fake!.count('POST', /./)).toBe(0);
  });

  it('a public repository whose policy keeps phone numbers is told to set privacy.contact_phone: omit', async () => {
    await serve((s) => { s.visibility = 'public'; });
    const result = await doctor(readyOffice(), REPO);
    expect(findingLines(result.stdout).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['peringatan privacy/public-phone']);
    expect(result.stdout).toContain('contact_phone: omit');
  });

  it('the callers at the major tag are ready; at an older release, edited or from another repository they are not', async () => {
    await serve();
    const major = await doctor(readyOffice(undefined, officeCallers({ kind: 'remote', slug: PRODUCT.slug, ref: PRODUCT.ref.replace(/\..*$/, '') })), REPO);
    expect(findingLines(major.stdout)).toEqual([]);
    expect(major.code).toBe(0);
    const old = await doctor(readyOffice(undefined, officeCallers({ kind: 'remote', slug: PRODUCT.slug, ref: 'v0.1.0' })), REPO);
    expect(new Set(findingLines(old.stdout).map((l) => l.split(/\s+/).slice(0, 2).join(' ')))).toEqual(new Set(['peringatan workflow/caller-version']));
    expect(old.code).toBe(0);
    const edited = officeCallers().map((c) => (c.file.endsWith('/subdomain-drift.yml') ? { ...c, text: c.text.replace("cron: '17 23 * * *'", "cron: '0 1 * * *'") } : c));
    const hand = await doctor(readyOffice(undefined, edited), REPO);
    expect(findingLines(hand.stdout).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([expect.stringMatching(/^peringatan workflow\/caller-edited \.github\/workflows\/subdomain-drift\.yml:\d+:$/)]);
    const fork = await doctor(readyOffice(undefined, officeCallers({ kind: 'remote', slug: 'someone/fork', ref: PRODUCT.ref })), REPO);
    expect(new Set(findingLines(fork.stdout).map((l) => l.split(/\s+/)[1]))).toEqual(new Set(['workflow/caller-repository']));
    expect(fork.code).toBe(1);
  });

  it('without a token: the local part only, says the GitHub part was not checked, exit 1', async () => {
    const dir = readyOffice(readyPolicyText().replace('9f2c4e8a1b3d5f7092c4e6a8b0d2f4e6', '0123456789abcdef0123456789abcdef'));
    const result = await doctor(dir, REPO, { GITHUB_TOKEN: '' });
    expect(findingLines(result.stdout).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'galat zone/placeholder-id .github/sop.yaml:23:',
      'galat github/not-checked Bagian',
    ]);
    expect(result.stdout).toContain('GITHUB_TOKEN is not set, so the office cannot be declared ready');
    expect(result.stdout).toContain('The office cannot be declared ready: the GitHub part was not checked.');
    expect(result.code).toBe(1);
  });

  it.each<[string, (s: DoctorState) => void, string | string[], RegExp]>([
    ['a label', (s) => void (s.labels = s.labels.filter((l) => l.name !== 'permohonan-subdomain')), 'label/missing', /`permohonan-subdomain`/],
    ['the intake bots variable', (s) => void (s.variables = []), 'variable/missing', /`SUBDOMAIN_INTAKE_BOTS`/],
    ['the App\'s key', (s) => void (env(s, 'sop-app').secrets = ['SOP_APP_ID', 'SUBDOMAIN_INTAKE_TOKEN']), ['secret/missing', 'protection/check-source'], /`SOP_APP_PRIVATE_KEY` is missing from environment `sop-app`/],
    ['the App\'s key kept out of the repository', (s) => void (s.secrets = ['SOP_APP_PRIVATE_KEY']), 'secret/outside-environment', /`SOP_APP_PRIVATE_KEY` is stored as a repository or organisation secret/],
    ['the drift environment\'s Cloudflare token', (s) => void (env(s, 'dns-drift').secrets = ['SOP_APP_ID', 'SOP_APP_PRIVATE_KEY']), 'secret/missing', /`CLOUDFLARE_API_TOKEN` is missing from environment `dns-drift`/],
    ['the App\'s environment', (s) => void (s.environments = s.environments.filter((e) => e.name !== 'sop-app')), 'environment/missing', /`sop-app` does not exist/],
    ['the production environment', (s) => void (s.environments = s.environments.slice(1)), 'environment/missing', /`dns-production` does not exist/],
    ['the branch restriction of an environment', (s) => void (s.environments[0]!.branches = null), 'environment/branches', /may be used from any branch/],
    ['every protection of main', (s) => void (s.rulesets = []), 'protection/missing', /is not protected/],
    ['the App as the source of sop/approvals', (s) => void (s.rulesets[0]!.rules[1]!.checks = [{ context: 'validate / validate', integration_id: GITHUB_ACTIONS }, { context: 'sop/approvals' }]), 'protection/check-source', /accepted from any source/],
    ['a check', (s) => void (s.rulesets[0]!.rules[1]!.checks = [{ context: 'sop/approvals', integration_id: SOP_APP.id }]), 'protection/check-missing', /`validate \/ validate` is not required/],
    ['up-to-date branches', (s) => void (s.rulesets[0]!.rules[1]!.strict = false), 'protection/up-to-date', /need not be up to date before merging/],
    ['a bypass-free ruleset', (s) => void s.rulesets[0]!.bypass.push({ actor_type: 'RepositoryRole', actor_id: 5 }), 'protection/bypass', /repository role #5 \(admin\) may bypass/],
    ['the App as the bypass actor', (s) => void (s.rulesets[0]!.bypass = [{ actor_type: 'Integration', actor_id: GITHUB_ACTIONS }]), ['protection/bypass', 'protection/register-push'], /GitHub Actions \(the default token of any workflow, on any branch\) may bypass/],
    ['an App permission', (s) => void (s.installations[1]!.permissions.checks = 'read'), 'app/permission', /Repository → Checks: Read and write \(only read\)/],
    ['the App installation', (s) => void (s.installations = s.installations.slice(0, 1)), 'app/not-installed', /is not installed on pemkot-bekasi/],
    ['main as the default branch', (s) => void (s.defaultBranch = 'master'), 'repo/default-branch', /default branch is `master`/],
  ])('without %s: the right line, exit 1', async (_what, change, id, text) => {
    await serve(change);
    const result = await doctor(readyOffice(), REPO);
    const lines = findingLines(result.stdout);
    expect(lines.map((l) => l.split(/\s+/)[1])).toEqual(typeof id === 'string' ? [id] : id);
    expect(lines[0]).toMatch(text);
    expect(lines[0]).toMatch(/^galat {6}/);
    expect(result.stdout).toContain('Kantor belum siap berjalan. / The office cannot go live yet.');
    expect(result.code).toBe(1);
  });

  it('classic branch protection: admins may bypass and the register commit is refused', async () => {
    await serve((s) => {
      s.rulesets = [];
      s.protection = { checks: [{ context: 'validate / validate', app_id: GITHUB_ACTIONS }, { context: 'sop/approvals', app_id: SOP_APP.id }], strict: true, pullRequest: true, bypassUsers: ['kasi-egov'], enforceAdmins: false };
    });
    const result = await doctor(readyOffice(), REPO);
    expect(findingLines(result.stdout).map((l) => l.split(/\s+/)[1])).toEqual(['protection/bypass', 'protection/bypass', 'protection/register-push']);
    expect(result.stdout).toContain('user kasi-egov may bypass');
    expect(result.code).toBe(1);
  });

  it('a 403 on the secrets is a permission finding, never "missing" and never fine', async () => {
    await serve();
    fake!.fail({ path: /\/actions\/secrets$/, status: 403, times: 5, message: 'Resource not accessible by personal access token' });
    const result = await doctor(readyOffice(), REPO);
    const lines = findingLines(result.stdout);
    expect(lines.map((l) => l.split(/\s+/)[1])).toEqual(['github/permission']);
    expect(lines[0]).toContain('Reading the Actions secret names of pemkot-bekasi/subdomain');
    expect(lines[0]).toContain('Give the token Secrets: read (classic token: repo)');
    expect(result.stdout).not.toContain('secret/missing');
    expect(result.code).toBe(1);
  });

  it('a 404 on the branch protection (not "Branch not protected") is a permission finding too', async () => {
    await serve();
    fake!.fail({ path: /\/branches\/main\/protection$/, status: 404, times: 5, message: 'Not Found' });
    const result = await doctor(readyOffice(), REPO);
    expect(findingLines(result.stdout).map((l) => l.split(/\s+/)[1])).toEqual(['github/permission']);
    expect(result.stdout).toContain('Administration: read');
    expect(result.code).toBe(1);
  });

  it('a ruleset whose bypass list is hidden from the token: a permission finding', async () => {
    await serve((s) => void (s.rulesets[0]!.hideBypass = true));
    const result = await doctor(readyOffice(), REPO);
    expect(findingLines(result.stdout).map((l) => l.split(/\s+/)[1])).toEqual(['github/permission']);
    expect(result.stdout).toContain('Who may bypass ruleset "main" could not be read');
  });

  it('--fix creates the missing labels (POST /labels) and nothing else', async () => {
    await serve((s) => void (s.labels = s.labels.filter((l) => !['permohonan-subdomain', 'konfirmasi-ulang', 'izin-hapus-massal'].includes(l.name))));
    const dir = readyOffice();
    const result = await doctor(dir, [...REPO, '--fix']);
    expect(fake!.count('POST', /\/repos\/pemkot-bekasi\/subdomain\/labels$/)).toBe(3);
    expect(fake!.created).toEqual(['permohonan-subdomain', 'konfirmasi-ulang', 'izin-hapus-massal']);
    expect(fake!.state.labels.find((l) => l.name === 'permohonan-subdomain')).toEqual({ name: 'permohonan-subdomain', color: '0e8a16', description: 'Permohonan subdomain lewat formulir / subdomain request by form' });
    expect(result.stdout.split('\n').filter((l) => l.startsWith('dibuat'))).toHaveLength(3);
    expect(findingLines(result.stdout)).toEqual([]);
    expect(result.stdout).toContain('3 label dibuat / 3 labels created.');
    expect(result.code).toBe(0);
    expect(fake!.log.filter((l) => l.method !== 'GET' && !l.path.endsWith('/labels'))).toEqual([]);

    const again = await doctor(dir, [...REPO, '--fix']);
    expect(fake!.count('POST', /\/labels$/)).toBe(3);
    expect(again.code).toBe(0);
  });

  it('--fix that may not create a label says which permission it needs', async () => {
    await serve((s) => void (s.labels = s.labels.filter((l) => l.name !== 'insiden-subdomain')));
    fake!.fail({ method: 'POST', path: /\/labels$/, status: 403, times: 5, message: 'Resource not accessible by personal access token' });
    const result = await doctor(readyOffice(), [...REPO, '--fix']);
    expect(findingLines(result.stdout).map((l) => l.split(/\s+/)[1])).toEqual(['github/permission', 'label/missing']);
    expect(result.stdout).toContain('Creating the label insiden-subdomain');
    expect(result.stdout).toContain('Issues: read and write');
    expect(result.code).toBe(1);
  });

  it('--format json', async () => {
    await serve((s) => void (s.environments[1]!.reviewers = ['kasi-egov']));
    const result = await doctor(readyOffice(), [...REPO, '--format', 'json']);
    const json = JSON.parse(result.stdout) as { ready: boolean; githubChecked: boolean; repo: string; findings: { id: string; severity: string; message: { id: string; en: string }; fix: { id: string; en: string } }[] };
    expect(json).toMatchObject({ ready: true, githubChecked: true, repo: 'pemkot-bekasi/subdomain' });
    expect(json.findings).toEqual([expect.objectContaining({ id: 'environment/reviewers', severity: 'warning', message: expect.objectContaining({ id: expect.stringContaining('dns-drift') }) })]);
    expect(result.code).toBe(0);
  });

  it('a rejected token: the GitHub part is not checked, exit 1', async () => {
    await serve();
    fake!.token = 'another-token';
    const result = await doctor(readyOffice(), REPO);
    expect(findingLines(result.stdout).map((l) => l.split(/\s+/)[1])).toEqual(['github/not-checked']);
    expect(result.stdout).toContain('GitHub rejected the token (401)');
    expect(fake!.log).toHaveLength(1);
    expect(result.code).toBe(1);
  });

  it('takes the repository from GITHUB_REPOSITORY or the origin remote, and says when it has none', async () => {
    await serve();
    expect((await doctor(readyOffice(), [], { GITHUB_REPOSITORY: 'pemkot-bekasi/subdomain' })).code).toBe(0);
    const dir = readyOffice();
    writeFileSync(join(dir, '.git'), '');
    const fromRemote = readyOffice();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(fromRemote, '.git'));
    writeFileSync(join(fromRemote, '.git', 'config'), '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:pemkot-bekasi/subdomain.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
    expect((await doctor(fromRemote)).code).toBe(0);
    const none = await doctor(dir);
    expect(findingLines(none.stdout).map((l) => l.split(/\s+/)[1])).toEqual(['github/not-checked']);
    expect(none.stdout).toContain('--repo OWNER/NAME');
    expect(none.code).toBe(1);
  });

  it('a usage mistake exits 2', async () => {
    const result = await doctor(readyOffice(), ['--format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: subdomain doctor');
  });
});
