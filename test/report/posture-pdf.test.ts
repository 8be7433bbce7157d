import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computePosture, incidentRecords } from '../../src/report/posture.js';
import { sinceInstant } from '../../src/report/mutu-baku.js';
import { postureDocument, renderPosturePdf } from '../../src/report/posture-pdf.js';
import { startIncidentsFake, type IncidentsFakeGitHub } from '../github/support/incidents-fake.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { HAVE_PDFTOTEXT, pdfLayout, pdfText } from '../letters/helpers.js';
import { issueSnapshots, NOW, OFFICE, POSTURE, REPO, officeInputs, seedIssues, watchFixture } from './posture-support.js';

afterAll(cleanupTemps);

if (!HAVE_PDFTOTEXT) console.warn('test/report: pdftotext tidak ada / is missing - posture PDF text tests skipped. Install: apt-get install -y poppler-utils');

const { policy, items } = officeInputs();
const report = () => computePosture({ policy, items, now: new Date(NOW), watch: watchFixture(), incidents: incidentRecords(issueSnapshots()), since: sinceInstant('2026-01-01')! });

describe('posture report: the PDF', () => {
  test('is an A4 document in the letters\' font, with the same bytes for the same inputs', async () => {
    const definition = postureDocument(report(), policy, { repo: REPO });
    expect(definition.pageSize).toBe('A4');
    expect(definition.defaultStyle).toMatchObject({ font: 'Helvetica' });
    const [a, b] = [await renderPosturePdf(report(), policy, { repo: REPO }), await renderPosturePdf(report(), policy, { repo: REPO })];
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
  });

  test('holds no detail of confidential findings', () => {
    const text = JSON.stringify(postureDocument(report(), policy));
    expect(text).not.toMatch(/azurewebsites|herokuapp|NXDOMAIN|gacor|judi online|diambil alih|menggantung/i);
  });
});

describe.skipIf(!HAVE_PDFTOTEXT)('subdomain report --posture --format pdf: the text read back', () => {
  let fake: IncidentsFakeGitHub;
  let text: string;
  let layout: string;
  /** The first layout line starting with `start`, trimmed. */
  const line = (start: string) => layout.split('\n').map((l) => l.trim()).find((l) => l.startsWith(start)) ?? '';

  beforeAll(async () => {
    fake = await startIncidentsFake(REPO);
    seedIssues(fake);
    const office = tempCopy(OFFICE);
    const run = await runCli(office, ['report', '--posture', '--watch', join(POSTURE, 'watch.json'), '--repo', REPO, '--since', '2026-01-01', '--format', 'pdf', '--out', 'laporan/posture-2026.pdf'], {
      env: { GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'test-token', SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10', SUBDOMAIN_GITHUB_THROTTLE: 'off' },
      now: NOW,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('laporan/posture-2026.pdf\n');
    const path = join(office, 'laporan', 'posture-2026.pdf');
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    layout = pdfLayout(path);
    text = pdfText(path);
  });
  afterAll(async () => {
    expect(fake.invalid).toEqual([]);
    await fake.close();
  });

  test('carries the letterhead, the title and the period', () => {
    expect(text).toContain('PEMERINTAH KABUPATEN DEMAK DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN DEMAK');
    expect(text).toContain('LAPORAN KEAMANAN DAN KONDISI SUB DOMAIN Subdomain posture report');
    expect(text).toContain('Periode : 1 Januari 2026 s.d. 24 November 2026');
    expect(text).toContain('Pemantauan : 24 November 2026 pukul 09.30 WIB; 7 nama diperiksa, 6 terdaftar');
    expect(text).toContain(`Insiden : issue GitHub ${REPO}; standar waktu 2 hari`);
  });

  test('names every OPD with its counts in the summary table', () => {
    const row = (start: string) => line(start).split(/\s{2,}/);
    expect(row('Dinas Kesehatan')).toEqual(['Dinas Kesehatan', '2', '1', '1', '0', '2', '2', '0']);
    expect(row('Dinas Pariwisata')).toEqual(['Dinas Pariwisata', '0', '0', '0', '0', '0', '0', '0']);
    expect(row('Jumlah')).toEqual(['Jumlah', '6', '4', '1', '1', '8', '6', '2']);
    for (const name of ['Dinas Pendidikan dan', 'Badan Pengelolaan Pendapatan,', 'Dinas Sosial | P3A <img src=x', 'Tidak terdaftar / not in the']) expect(text).toContain(name);
  });

  test('lists the incidents with their response time against the standard', () => {
    expect(text).toContain('3. Insiden dan waktu penanganan (standar 2 hari)');
    expect(text).toMatch(/#5 sekolah\.demakkab\.go\.id 1 Juni 2026 5 Juni 2026 4 hari melewati standar/);
    // Table cells wrap: the first line of a row holds the start of each cell.
    expect(line('#9 ')).toMatch(/#9 +bansos\.demakkab\.go\.id +10 November +- +14 hari 3 jam +terbuka, melewati/);
    expect(line('#8 ')).toMatch(/#8 +pajak\.demakkab\.go\.id +23 November +- +1 hari 3 jam +terbuka$/);
  });

  test('lists the certificates about to expire and says only "perlu perhatian" for confidential findings', () => {
    expect(line('pajak.demakkab.go.id  ')).toMatch(/20 November 2026 +kedaluwarsa 4 hari$/);
    expect(line('ppdb.demakkab.go.id  ')).toMatch(/Dinas Pendidikan dan +6 Desember 2026 +12 hari$/);
    expect(text).toMatch(/kritis sehat\.demakkab\.go\.id Dinas Kesehatan perlu perhatian \/ needs attention/);
    expect(text).not.toMatch(/azurewebsites|herokuapp|NXDOMAIN|gacor/i);
  });

  test('ends with the head of office\'s signature block', () => {
    expect(text).toContain('Demak, 24 November 2026 KEPALA DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN DEMAK,');
    expect(text).toContain('Dra. Sri Hartati, M.M. Pembina Tingkat I NIP. 19690512 199403 2 006');
    expect(text).toMatch(/Halaman 1 dari \d/);
  });
});
