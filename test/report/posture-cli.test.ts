import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentsFakeGitHub } from '../github/support/incidents-fake.js';
import { loadResponseValidator } from '../github/support/openapi.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { NOW, OFFICE, POSTURE, REPO, seedIssues } from './posture-support.js';

const WATCH = join(POSTURE, 'watch.json');

/** The incidents fake (test/github/support/incidents-fake.ts), able to fail the issue list like a GitHub outage. */
class FailingFake extends IncidentsFakeGitHub {
  failIssueList(status: number, times: number): void {
    this.inject({ method: 'GET', path: /\/issues$/, status, times });
  }
}

const envFor = (fake: { url: string }, token = 'test-token') => ({
  GITHUB_API_URL: fake.url,
  ...(token ? { GITHUB_TOKEN: token } : {}),
  SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10',
  SUBDOMAIN_GITHUB_THROTTLE: 'off',
});

describe('subdomain report --posture', () => {
  let fake: FailingFake;
  let office: string;

  beforeEach(async () => {
    fake = await new FailingFake(loadResponseValidator(), REPO).start();
    seedIssues(fake);
    office = tempCopy(OFFICE);
  });
  afterEach(async () => {
    expect(fake.invalid).toEqual([]);
    await fake.close();
  });
  afterAll(cleanupTemps);

  test('reads the incident issues through the API, every page, and writes nothing to GitHub', async () => {
    fake.maxPerPage = 2;
    const run = await runCli(office, ['report', '--posture', '--watch', WATCH, '--repo', REPO, '--since', '2026-01-01'], { env: envFor(fake), now: NOW });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('- Insiden / incidents: issue GitHub `pemkab-demak/subdomain` / GitHub issues');
    expect(run.stdout).toContain('| **Jumlah / total** | 6 | 4 | 1 | 1 | 8 | 6 | 2 |');
    expect(run.stdout).toContain('| **Jumlah / total** | 6 | 3 | 1 | 2 | 1 |');
    expect(run.stdout).toContain('| #11 | `puskesmas.demakkab.go.id` | Dinas Kesehatan | 2026-09-01 07:00 WIB | 2026-09-01 13:00 WIB | 6 jam | dalam standar / within the standard |');
    // A person's issue carrying our marker is not an incident.
    expect(run.stdout).not.toContain('| #10 |');
    expect(fake.writes).toEqual([]);
    expect(fake.count('GET', /\/issues$/)).toBeGreaterThan(1);
  });

  test('writes JSON to --out and prints the path', async () => {
    const run = await runCli(office, ['report', '--posture', '--watch', WATCH, '--repo', REPO, '--format', 'json', '--out', 'laporan/posture.json'], { env: envFor(fake), now: NOW });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('laporan/posture.json\n');
    const data = JSON.parse(readFileSync(join(office, 'laporan', 'posture.json'), 'utf8'));
    expect(data.since).toBeNull();
    // Without --since, #2 (December 2025) counts too.
    expect(data.total.incidents).toEqual({ opened: 7, closed_within: 4, closed_over: 1, open: 2, open_over: 1 });
    expect(data.watch).toMatchObject({ checked: true, names: 7, registered: 6, complete: true });
  });

  test('CSV to stdout, one row per OPD', async () => {
    const run = await runCli(office, ['report', '--posture', '--watch', WATCH, '--format', 'csv'], { now: NOW });
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 6 + 1);
    expect(rows.at(-1)).toBe(`_total,Jumlah / total,6,4,1,1,8,2,4,1,1,0,3,${Array(5).fill('tidak diperiksa / not checked').join(',')},2`);
  });

  test('without --watch and --repo the report says what was not checked', async () => {
    const run = await runCli(office, ['report', '--posture'], { now: NOW });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('- Pemantauan / watch: **tidak diperiksa / not checked** (tanpa --watch / no --watch given)');
    expect(run.stdout).toContain('- Insiden / incidents: **tidak diperiksa / not checked** (tanpa --repo / no --repo given)');
    expect(run.stdout).toContain('| **Jumlah / total** | 6 | 4 | 1 | 1 | tidak diperiksa / not checked | tidak diperiksa / not checked | tidak diperiksa / not checked |');
  });

  test('--repo without GITHUB_TOKEN: incidents not checked, and nothing is asked of the API', async () => {
    const run = await runCli(office, ['report', '--posture', '--repo', REPO], { env: envFor(fake, ''), now: NOW });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('GITHUB_TOKEN tidak ada: insiden tidak diperiksa. / GITHUB_TOKEN is not set: incidents are not checked.');
    expect(run.stdout).toContain('- Insiden / incidents: **tidak diperiksa / not checked** (GITHUB_TOKEN tidak ada / GITHUB_TOKEN is not set)');
    expect(fake.log).toEqual([]);
  });

  test('an API failure is exit 2 and no report, never "no incidents"', async () => {
    fake.failIssueList(502, 10);
    const outage = await runCli(office, ['report', '--posture', '--repo', REPO, '--format', 'pdf', '--out', 'posture.pdf'], { env: envFor(fake), now: NOW });
    expect(outage.code).toBe(2);
    expect(outage.stdout).toBe('');
    expect(outage.stderr).toContain('Laporan tidak dibuat. / No report written.');
    expect(existsSync(join(office, 'posture.pdf'))).toBe(false);

    const denied = await runCli(office, ['report', '--posture', '--repo', REPO], { env: envFor(fake, 'wrong-token'), now: NOW });
    expect(denied.code).toBe(2);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toMatch(/issue berlabel insiden-subdomain[\s\S]*issues labelled insiden-subdomain/);
  });

  test('an unreadable watch result is exit 2, never "no findings"', async () => {
    const version = await runCli(office, ['report', '--posture', '--watch', join(POSTURE, 'watch-version-2.json')], { now: NOW });
    expect(version.code).toBe(2);
    expect(version.stdout).toBe('');
    expect(version.stderr).toContain('Hasil pemantauan tidak dapat dibaca: versi 2, bukan 1.');
    expect(version.stderr).toContain('The watch result cannot be read: version 2, not 1.');
    const missing = await runCli(office, ['report', '--posture', '--watch', 'tidak-ada.json'], { now: NOW });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('tidak-ada.json: berkas tidak dapat dibaca / the file cannot be read.');
  });

  test('usage mistakes are exit 2 with a bilingual message', async () => {
    const pdf = await runCli(office, ['report', '--posture', '--format', 'pdf']);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain('--format pdf perlu / needs --out FILE.');
    const notPosture = await runCli(office, ['report', '--watch', WATCH]);
    expect(notPosture.code).toBe(2);
    expect(notPosture.stderr).toContain('--watch hanya dengan --posture / only with --posture.');
    const repo = await runCli(office, ['report', '--posture', '--repo', 'not a repo']);
    expect(repo.code).toBe(2);
    expect(repo.stderr).toContain('--repo harus OWNER/NAME / must be OWNER/NAME');
    const format = await runCli(office, ['report', '--posture', '--format', 'html']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format harus / must be one of markdown, json, csv, pdf.');
  });

  test('--help describes the posture report', async () => {
    const help = await runCli(office, ['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('subdomain report --posture [--watch FILE] [--repo OWNER/NAME] [--since DATE]');
  });
});

