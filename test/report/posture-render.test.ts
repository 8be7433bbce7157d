import { computePosture, incidentRecords } from '../../src/report/posture.js';
import { sinceInstant } from '../../src/report/mutu-baku.js';
import { POSTURE_CSV_HEADER, renderPosture } from '../../src/report/posture-render.js';
import { issueSnapshots, NOW, officeInputs, watchFixture } from './posture-support.js';

const { policy, items } = officeInputs();
const full = () => computePosture({ policy, items, now: new Date(NOW), watch: watchFixture(), incidents: incidentRecords(issueSnapshots()), since: sinceInstant('2026-01-01')! });
const context = { office: policy.office.name, timeZone: 'Asia/Jakarta', repo: 'pemkab-demak/subdomain' };

/** The cells of a Markdown table row: split on pipes that are not escaped. */
const cells = (line: string) => line.slice(1, -1).split(/(?<!\\)\|/);

describe('posture report: Markdown', () => {
  const md = renderPosture(full(), 'markdown', context);
  const lines = md.split('\n');

  test('names the office, the period, the time standard and where the incidents came from', () => {
    expect(lines[0]).toBe('# Laporan Keamanan dan Kondisi Sub Domain / Subdomain posture report — Dinas Komunikasi dan Informatika Kabupaten Demak');
    expect(md).toContain('- Periode / period: sejak / since 2026-01-01 00:00 WIB s.d. / until 2026-11-24 10:00 WIB');
    expect(md).toContain('- Standar waktu insiden / incident time standard: 2 hari / 2 d');
    expect(md).toContain('- Insiden / incidents: issue GitHub `pemkab-demak/subdomain` / GitHub issues');
  });

  test('prints a row per OPD and a total row', () => {
    expect(md).toContain('| Dinas Kesehatan (`dinkes`) | 2 | 1 | 1 | 0 | 2 | 2 | 0 |');
    expect(md).toContain('| _tidak terdaftar / not in the register_ | 0 | 0 | 0 | 0 | 1 | 1 | 0 |');
    expect(md).toContain('| **Jumlah / total** | 6 | 4 | 1 | 1 | 8 | 6 | 2 |');
    expect(md).toContain('| #5 | `sekolah.demakkab.go.id` | Dinas Pendidikan dan Kebudayaan | 2026-06-01 07:00 WIB | 2026-06-05 07:00 WIB | 4 hari | melewati standar / over the standard |');
    expect(md).toContain('| #9 | `bansos.demakkab.go.id` |');
    expect(md).toContain('| 14 hari 3 jam (berjalan / running) | terbuka, melewati standar / open, over the standard |');
    expect(md).toContain('| `pajak.demakkab.go.id` | Badan Pengelolaan Pendapatan, Keuangan dan Aset Daerah | 2026-11-20 | kedaluwarsa 4 hari lalu / expired 4 days ago |');
  });

  test('hostile text from the policy and the watch stays text: no HTML, no broken rows, no headings, no mentions', () => {
    expect(md).not.toMatch(/<script|<img|<\/script>/);
    expect(lines.some((l) => /^#+ judul/.test(l))).toBe(false);
    expect(md).not.toMatch(/(^|[^\u200b])@kadis-demak/);
    expect(md).toContain('@\u200bkadis-demak');
    const dinsos = lines.find((l) => l.startsWith('| Dinas Sosial'))!;
    expect(dinsos).toBe('| Dinas Sosial \\| P3A &lt;img src=x onerror=alert(1)&gt; (`dinsos`) | 1 | 1 | 0 | 0 | 2 | 1 | 0 |');
    // Every row of every table has as many cells as its header.
    let width = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      if (width === 0) width = cells(line).length;
      expect(cells(line), line).toHaveLength(width);
    }
  });

  test('confidential findings say only "needs attention"', () => {
    expect(md).toContain('| kritis / critical | `sehat.demakkab.go.id` | Dinas Kesehatan | perlu perhatian / needs attention |');
    expect(md).toContain('| tinggi / high | `lama.demakkab.go.id` | _tidak terdaftar / not in the register_ | perlu perhatian / needs attention |');
    expect(md).not.toMatch(/azurewebsites|herokuapp|NXDOMAIN|gacor|judi online|diambil alih|dangling|menggantung/i);
    // Low findings are counted, not listed.
    expect(md).not.toContain('Tanpa HSTS');
  });

  test('says "not checked" where an input is missing, never 0', () => {
    const bare = renderPosture(computePosture({ policy, items, now: new Date(NOW), notChecked: { incidents: { id: 'GITHUB_TOKEN tidak ada', en: 'GITHUB_TOKEN is not set' } } }), 'markdown', context);
    expect(bare).toContain('- Pemantauan / watch: **tidak diperiksa / not checked** (hasil pemantauan tidak diberikan / no watch result given)');
    expect(bare).toContain('- Insiden / incidents: **tidak diperiksa / not checked** (GITHUB_TOKEN tidak ada / GITHUB_TOKEN is not set)');
    expect(bare).toContain('| Dinas Kesehatan (`dinkes`) | 2 | 1 | 1 | 0 | tidak diperiksa / not checked | tidak diperiksa / not checked | tidak diperiksa / not checked |');
    expect(bare).toContain('## Sertifikat segera kedaluwarsa / certificates about to expire (30 hari / days)\n\ntidak diperiksa / not checked: hasil pemantauan tidak diberikan / no watch result given');
  });
});

describe('posture report: CSV', () => {
  test('one row per OPD and a _total row; not checked says so', () => {
    const csv = renderPosture(full(), 'csv').split('\r\n');
    expect(csv[0]).toBe(POSTURE_CSV_HEADER.join(','));
    expect(csv).toContain('dinkes,Dinas Kesehatan,2,1,1,0,2,1,1,0,0,0,1,2,2,0,0,0,0');
    expect(csv).toContain('_unregistered,tidak terdaftar / not in the register,0,0,0,0,1,0,1,0,0,0,1,1,1,0,0,0,0');
    expect(csv.at(-2)).toBe('_total,Jumlah / total,6,4,1,1,8,2,4,1,1,0,3,6,3,1,2,1,2');
    const bare = renderPosture(computePosture({ policy, items, now: new Date(NOW) }), 'csv').split('\r\n');
    expect(bare).toContain(`dispar,Dinas Pariwisata,0,0,0,0,${Array(13).fill('tidak diperiksa / not checked').join(',')}`);
  });

  test('hostile OPD names are quoted and defused, never a formula', () => {
    const hostile = { ...policy, opds: { ...policy.opds, dispar: { name: '=HYPERLINK("http://evil.example","Dinas, Pariwisata")\r\nx' } } };
    const csv = renderPosture(computePosture({ policy: hostile, items, now: new Date(NOW) }), 'csv');
    expect(csv).toContain(`dispar,"'=HYPERLINK(""http://evil.example"",""Dinas, Pariwisata"")\r\nx",0,`);
    expect(renderPosture(full(), 'csv')).toContain('dinsos,Dinas Sosial | P3A <img src=x onerror=alert(1)>,1,');
  });
});

describe('posture report: JSON', () => {
  test('null for what was not checked, and no detail of confidential findings', () => {
    const bare = JSON.parse(renderPosture(computePosture({ policy, items, now: new Date(NOW) }), 'json', context));
    expect(bare.watch).toEqual({ checked: false, reason: { id: 'hasil pemantauan tidak diberikan', en: 'no watch result given' } });
    expect(bare.findings).toBeNull();
    expect(bare.incidents).toBeNull();
    expect(bare.total).toMatchObject({ subdomains: 6, findings: null, incidents: null, certificates_expiring: null });

    const data = JSON.parse(renderPosture(full(), 'json', context));
    expect(data.incident_limit_s).toBe(172800);
    expect(data.incident_issues).toEqual({ checked: true, repo: 'pemkab-demak/subdomain' });
    expect(data.findings.filter((f: { confidential: boolean }) => f.confidential)).toHaveLength(3);
    expect(data.findings[0]).toEqual({ fqdn: 'sehat.demakkab.go.id', opd: 'dinkes', severity: 'critical', confidential: true, kind: null, title: null });
    expect(data.incidents.find((i: { issue: number }) => i.issue === 3)).toMatchObject({ response_s: 100800, within_standard: true, age_s: null });
    expect(JSON.stringify(data)).not.toMatch(/azurewebsites|herokuapp|NXDOMAIN|gacor|nip|phone|email/i);
  });
});
