import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';
import { csvField } from '../../src/report/render.js';

const DEMAK = fileURLToPath(new URL('./fixtures/demak/', import.meta.url));

describe('subdomain report', () => {
  test('markdown by default: per-step table, whole service against 7 days, late steps', async () => {
    const { code, stdout, stderr } = await runCli(DEMAK, ['report']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('# Mutu Baku — Dinas Komunikasi dan Informatika Kabupaten Demak');
    expect(stdout).toContain('Permohonan diukur / requests measured: 4.');
    expect(stdout).toContain('| Disposisi Kepala Dinas ke Sekretaris (`disposisi_kadis`) | 10 menit | 4 | 13 menit | 25 menit | 2 (50%) |');
    expect(stdout).toContain('Batas / limit: 7 hari / 7 d.');
    expect(stdout).toContain('- Melewati batas / over the limit: 1 (33%)');
    expect(stdout).toContain('| pajak.demakkab.go.id | #11 | Verifikasi berkas (SOP lama) (`verifikasi_lama`) | @subkoor-spa | 2026-04-01 08:40 WIB | 10 menit | 5 menit | 5 menit |');
    expect(stdout).toContain('tidak ada di SOP kini / not in the current SOP');
    expect(stdout).toContain('| disdik.demakkab.go.id | #6 | 2026-02-02 09:00 WIB | 2026-02-10 10:30 WIB | 8 hari 1 jam |');
  });

  test('json: seconds, snake case, nulls for unknowns', async () => {
    const { code, stdout } = await runCli(DEMAK, ['report', '--format', 'json']);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data.requests_measured).toBe(4);
    expect(data.steps.find((s: { id: string }) => s.id === 'disposisi_kadis')).toEqual({
      id: 'disposisi_kadis', title: 'Disposisi Kepala Dinas ke Sekretaris', kind: 'approval', in_policy: true,
      standard_s: 600, count: 4, median_s: 780, p90_s: 1548, max_s: 1800, late: 2,
    });
    expect(data.steps.find((s: { id: string }) => s.id === 'surat_akun')).toMatchObject({ count: 0, median_s: null });
    expect(data.total).toEqual({ limit_s: 604800, count: 3, median_s: 6600, p90_s: 558600, max_s: 696600, late: 1 });
    expect(data.late_steps).toHaveLength(5);
    expect(JSON.stringify(data)).not.toMatch(/applicant|contact|nip|phone|email|signer/i);
  });

  test('csv: one row per step and a _total row, RFC 4180 quoting', async () => {
    const { code, stdout } = await runCli(DEMAK, ['report', '--format', 'csv', '--since', '2026-03-01']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('step,title,kind,in_policy,standard_s,count,median_s,p90_s,max_s,late');
    expect(lines).toContain('disposisi_kadis,Disposisi Kepala Dinas ke Sekretaris,approval,true,600,2,1200,1680,1800,1');
    expect(lines).toContain('surat_akun,Membuat surat akun subdomain dan hosting yang dikirim ke OPD melalui MIPP,after_merge,true,86400,0,,,,0');
    expect(lines.at(-1)).toBe('_total,Waktu layanan keseluruhan / whole-service time,total,true,604800,1,3600,3600,3600,0');
    expect(lines).toHaveLength(1 + 8 + 1);
  });

  test('csv fields that a spreadsheet would run as formulas are defused', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+62')).toBe("'+62");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(42)).toBe('42');
    expect(csvField(undefined)).toBe('');
  });

  test('bad flags are usage errors (exit 2) with a bilingual message', async () => {
    const format = await runCli(DEMAK, ['report', '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format harus / must be one of markdown, json, csv');
    const since = await runCli(DEMAK, ['report', '--since', 'kemarin']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since harus tanggal YYYY-MM-DD');
    const zone = await runCli(DEMAK, ['report', '--time-zone', 'Mars/Olympus']);
    expect(zone.code).toBe(2);
  });

  test('a broken register file is reported with its position, exit 1', async () => {
    const { tempCopy, cleanupTemps, writeFile } = await import('../helpers/temp-repo.js');
    const dir = tempCopy(DEMAK);
    writeFile(dir, 'subdomains/rusak.demakkab.go.id.yaml', 'opd: dinkes\npurpose: [tidak lengkap\n');
    const { code, stderr, stdout } = await runCli(dir, ['report']);
    cleanupTemps();
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('subdomains/rusak.demakkab.go.id.yaml:');
  });
});
