import { join } from 'node:path';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { readIncidentState } from '../../src/watch/incident-issue.js';
import { validatePaths } from '../../src/validate/validate.js';
import { startIncidentsFake, type IncidentsFakeGitHub } from '../github/support/incidents-fake.js';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'incidents');
const REPO = 'pemkot-bekasi/subdomain';
const NOW = '2026-11-24T03:00:00Z';
const later = (hours: number) => new Date(Date.parse(NOW) + hours * 3_600_000).toISOString();

async function incidents(fake: IncidentsFakeGitHub, cwd: string, args: string[], now = NOW) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd,
    env: { GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'test-token', SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10', SUBDOMAIN_GITHUB_THROTTLE: 'off' },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    now: () => new Date(now),
  };
  const code = await main(['incidents', '--repo', REPO, ...args], io);
  return { code, stdout, stderr };
}

const watch = (name: string) => ['--watch', join(FIXTURES, name)];
const issueFor = (fake: IncidentsFakeGitHub, fqdn: string) => fake.issues.find((i) => i.body.includes(`<!-- subdomain-incident:${fqdn} -->`) || i.body.includes(`<!-- subdomain-reconfirm:${fqdn} -->`))!;

describe('subdomain incidents against a GitHub-like server', () => {
  let fake: IncidentsFakeGitHub;
  let office: string;

  beforeEach(async () => {
    fake = await startIncidentsFake(REPO);
    fake.assignable = new Set(['kasi-egov', 'kadis-bekasi']);
    office = tempCopy(join(FIXTURES, 'office'));
  });
  afterEach(async () => {
    expect(fake.invalid).toEqual([]);
    await fake.close();
  });
  afterAll(cleanupTemps);

  it('opens the issues, a draft advisory and the delete request of a takeover, and nothing public tells what was found', async () => {
    const run = await incidents(fake, office, watch('watch-takeover.json'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fake.issues.map((i) => i.title).sort()).toEqual([
      'Insiden sub domain / subdomain incident: arsip.bekasikota.go.id',
      'Insiden sub domain / subdomain incident: pajak.bekasikota.go.id',
      'Insiden sub domain / subdomain incident: sehat.bekasikota.go.id',
      'Konfirmasi ulang sub domain / re-confirm a subdomain: dokumen.bekasikota.go.id',
    ]);

    const sehat = issueFor(fake, 'sehat.bekasikota.go.id');
    // OPD staff without access to the repository are mentioned, not assigned.
    expect(sehat.assignees).toEqual(['kasi-egov']);
    expect(sehat.body).toContain('@staf-dinkes (Dinas Kesehatan)');
    expect(sehat.labels).toEqual(['insiden-subdomain']);
    for (const text of [sehat.body, ...sehat.comments.map((c) => c.body), run.stdout, ...fake.pulls.map((p) => `${p.title}\n${p.body}`)]) {
      expect(text).not.toMatch(/azurewebsites|NXDOMAIN|takeover|ambil alih/i);
    }

    expect(fake.advisories).toHaveLength(1);
    const advisory = fake.advisories[0]!;
    expect(advisory).toMatchObject({ state: 'draft', severity: 'critical', package: 'sehat.bekasikota.go.id' });
    expect(advisory.summary).toBe(`Insiden sub domain sehat.bekasikota.go.id (#${sehat.number}): dns/takeover`);
    expect(advisory.description).toContain('NXDOMAIN sehat-bekasi.azurewebsites.net');

    // The policy removes a confirmed takeover at once: a delete request resting on the incident.
    expect(fake.pulls).toHaveLength(1);
    const pull = fake.pulls[0]!;
    expect(pull).toMatchObject({ head: `insiden/issue-${sehat.number}`, base: 'main', user: 'github-actions[bot]' });
    expect(pull.title).toBe(`Hapus sehat.bekasikota.go.id: dinonaktifkan karena insiden #${sehat.number} / delete sehat.bekasikota.go.id: deactivated for incident #${sehat.number}`);
    const text = fake.filesOf(pull.head)!.get('requests/sehat.bekasikota.go.id.yaml')!;
    expect(text).toContain(`incident:\n  issue: ${sehat.number}\n`);
    expect(text).not.toContain('letter:');
    writeFile(office, 'requests/sehat.bekasikota.go.id.yaml', text);
    const report = validatePaths({ root: office, today: '2026-11-24' }, ['requests/sehat.bekasikota.go.id.yaml']);
    expect(report.problems).toEqual([]);

    expect(readIncidentState(sehat.body)).toEqual({
      opened: '2026-11-24T03:00:00.000Z', kinds: [], secret: expect.any(String), advisory: advisory.ghsa, removal: pull.number,
    });
    expect(sehat.comments.map((c) => c.body)).toEqual([expect.stringContaining(`Permohonan penghapusan dibuka: #${pull.number}`)]);
    expect(run.stdout).toContain(`sehat.bekasikota.go.id: permohonan penghapusan #${pull.number} dibuka / delete request #${pull.number} opened`);

    const dokumen = issueFor(fake, 'dokumen.bekasikota.go.id');
    expect(dokumen.labels).toEqual(['konfirmasi-ulang']);
    expect(dokumen.body).toContain('`/konfirmasi`');
  });

  it('updates instead of duplicating on the next run, then closes what the watch no longer finds', async () => {
    await incidents(fake, office, watch('watch-takeover.json'));
    const issues = fake.issues.length;
    const writes = fake.writes.length;
    const again = await incidents(fake, office, watch('watch-takeover.json'), later(1));
    expect(again.code).toBe(0);
    expect(fake.issues).toHaveLength(issues);
    expect(fake.writes.slice(writes)).toEqual([]);
    expect(again.stdout).toContain('Tidak ada yang perlu dilakukan / nothing to do.');

    const clean = await incidents(fake, office, watch('watch-clean.json'), later(48));
    expect(clean.code).toBe(0);
    expect(issueFor(fake, 'sehat.bekasikota.go.id').state).toBe('closed');
    expect(issueFor(fake, 'pajak.bekasikota.go.id')).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(fake.advisories[0]!.state).toBe('closed');
    // A re-confirmation still due and an overdue one stay open.
    expect(issueFor(fake, 'dokumen.bekasikota.go.id').state).toBe('open');
    expect(issueFor(fake, 'arsip.bekasikota.go.id').state).toBe('open');
  });

  it('lists every page of issues and never opens a second issue for a name', async () => {
    fake.maxPerPage = 1;
    await incidents(fake, office, watch('watch-takeover.json'));
    const count = fake.issues.length;
    await incidents(fake, office, watch('watch-takeover.json'), later(1));
    expect(fake.issues).toHaveLength(count);
    expect(fake.count('GET', /\/issues$/)).toBeGreaterThan(4);
  });

  it('refuses an unreadable or wrong-version watch result and writes nothing', async () => {
    await incidents(fake, office, watch('watch-takeover.json'));
    const writes = fake.writes.length;
    const missing = await incidents(fake, office, ['--watch', join(office, 'no-such.json')], later(48));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('incidents never close without a readable watch result');
    const version = await incidents(fake, office, watch('watch-version-2.json'), later(48));
    expect(version.code).toBe(2);
    expect(version.stderr).toContain('version 2, not 1');
    expect(fake.writes.slice(writes)).toEqual([]);
    expect(fake.issues.filter((i) => i.state === 'closed')).toEqual([]);
  });

  it('closes nothing after a watch of only part of the register, and says so', async () => {
    await incidents(fake, office, watch('watch-takeover.json'));
    const run = await incidents(fake, office, watch('watch-partial.json'), later(48));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The watch checked only 1 of 6 registered names: no incident is closed.');
    expect(fake.issues.filter((i) => i.state === 'closed')).toEqual([]);
  });

  it('writes nothing with --dry-run', async () => {
    const run = await incidents(fake, office, [...watch('watch-takeover.json'), '--dry-run']);
    expect(run.code).toBe(0);
    expect(fake.writes).toEqual([]);
    expect(run.stdout).toContain('sehat.bekasikota.go.id: buka permohonan penghapusan / open a delete request');
    expect(run.stdout).toContain('--dry-run: tidak ada yang ditulis / nothing written.');
  });

  it('fails, keeping the details private, when the token may not create advisories', async () => {
    fake.advisoriesAllowed = false;
    const run = await incidents(fake, office, watch('watch-takeover.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs Repository security advisories: write');
    const sehat = issueFor(fake, 'sehat.bekasikota.go.id');
    expect(sehat.body).not.toContain('NXDOMAIN');
    // The other names were handled all the same.
    expect(issueFor(fake, 'pajak.bekasikota.go.id').state).toBe('open');
    // The next run, with the permission, finishes the job on the same issue.
    fake.advisoriesAllowed = true;
    const again = await incidents(fake, office, watch('watch-takeover.json'), later(1));
    expect(again.code).toBe(0);
    expect(fake.issues.filter((i) => i.title.endsWith('sehat.bekasikota.go.id'))).toHaveLength(1);
    expect(readIncidentState(issueFor(fake, 'sehat.bekasikota.go.id').body)?.advisory).toBe(fake.advisories[0]!.ghsa);
  });
});
