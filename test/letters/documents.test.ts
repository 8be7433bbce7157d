import { requestAt } from '../helpers/temp-repo.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocument, documentKinds, officeDocuments } from '../../src/letters/documents.js';
import { letterFacts, sopCitation, stepRows } from '../../src/letters/facts.js';
import { stepTable } from '../../src/letters/layout.js';
import { dateInWords, dayName, formatDate, formatDateTime, numberInWords, romanMonth } from '../../src/letters/indonesian.js';
import { sanitizeStrings, toWinAnsi } from '../../src/letters/latin1.js';
import { renderPdf } from '../../src/letters/pdf.js';
import { parsePolicy, type ResolvedPolicy } from '../../src/policy/policy.js';
import { parseFile } from '../../src/repo/load.js';
import type { RequestHistoryEntry, RegisterEntry } from '../../src/schema/types.gen.js';
import { FIXTURES } from './helpers.js';

function fixture(preset: string, fqdn: string): { policy: ResolvedPolicy; entry: RegisterEntry } {
  const policy = parsePolicy('.github/sop.yaml', readFileSync(join(FIXTURES, preset, '.github/sop.yaml')));
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  const path = `subdomains/${fqdn}.yaml`;
  const entry = parseFile(path, readFileSync(join(FIXTURES, preset, path)), 'register');
  if (!entry.ok) throw new Error(JSON.stringify(entry.problems));
  return { policy: policy.policy, entry: entry.value };
}

describe('Indonesian dates and numbers', () => {
  it('writes dates with Indonesian month names, in the office time zone', () => {
    expect(formatDate('2026-11-20')).toBe('20 November 2026');
    expect(formatDate('2026-08-17')).toBe('17 Agustus 2026');
    // 18:30 UTC is already the next day in WIB (UTC+7), and 01:30 WITA (UTC+8).
    expect(formatDate('2026-11-19T18:30:00Z')).toBe('20 November 2026');
    expect(formatDate('2026-11-19T15:30:00Z', 'Asia/Makassar')).toBe('19 November 2026');
    expect(formatDate('2026-11-19T15:30:00Z', 'Asia/Jayapura')).toBe('20 November 2026');
    expect(formatDateTime('2026-03-04T02:10:00Z')).toBe('4 Maret 2026 pukul 09.10 WIB');
    expect(formatDateTime('2026-03-04T02:10:00Z', 'Asia/Makassar')).toBe('4 Maret 2026 pukul 10.10 WITA');
    expect(formatDateTime('2026-03-04T16:05:00Z', 'Asia/Jayapura')).toBe('5 Maret 2026 pukul 01.05 WIT');
  });

  it('spells a date out for a Berita Acara', () => {
    expect(dayName('2026-11-19T18:30:00Z')).toBe('Jumat');
    expect(dateInWords('2026-11-19T18:30:00Z')).toBe('dua puluh bulan November tahun dua ribu dua puluh enam');
    expect(dateInWords('2025-03-01')).toBe('satu bulan Maret tahun dua ribu dua puluh lima');
  });

  it('says numbers in words the Indonesian way (sebelas, seratus, seribu)', () => {
    const cases: [number, string][] = [
      [0, 'nol'], [1, 'satu'], [10, 'sepuluh'], [11, 'sebelas'], [12, 'dua belas'], [19, 'sembilan belas'],
      [20, 'dua puluh'], [31, 'tiga puluh satu'], [100, 'seratus'], [115, 'seratus lima belas'],
      [999, 'sembilan ratus sembilan puluh sembilan'], [1000, 'seribu'], [1999, 'seribu sembilan ratus sembilan puluh sembilan'],
      [2000, 'dua ribu'], [2026, 'dua ribu dua puluh enam'], [11000, 'sebelas ribu'], [100000, 'seratus ribu'],
    ];
    for (const [n, words] of cases) expect(numberInWords(n)).toBe(words);
    expect(() => numberInWords(-1)).toThrow();
  });

  it('numbers months in Roman numerals', () => {
    expect([1, 4, 9, 11, 12].map(romanMonth)).toEqual(['I', 'IV', 'IX', 'XI', 'XII']);
    expect(() => romanMonth(13)).toThrow();
  });
});

describe('Latin-1 text for the standard fonts', () => {
  it('keeps Indonesian text, accents and WinAnsi typography', () => {
    const text = 'Kepala Dinas — Café “Pasar” … 20 November 2026 • é ü ñ €';
    expect(toWinAnsi(text)).toBe(text);
  });

  it('replaces what Helvetica cannot draw', () => {
    expect(toWinAnsi('A → B ≥ 5 ≤ 6 ✓')).toBe('A -> B >= 5 <= 6 v');
    expect(toWinAnsi('Şişli Bucureşti')).toBe('Sisli Bucuresti');
    expect(toWinAnsi('日本\tx')).toBe('?? x');
    expect(toWinAnsi('a\u200bb')).toBe('ab');
  });

  it('cleans every printed string of a definition but no style names', () => {
    const clean = sanitizeStrings({ content: [{ text: 'x → y', style: 'cell→' }, { table: { widths: ['*'], body: [['≥']] } }] });
    expect(clean).toEqual({ content: [{ text: 'x -> y', style: 'cell→' }, { table: { widths: ['*'], body: [['>=']] } }] });
  });
});

describe('which documents each SOP names', () => {
  it('maps presets to their documents', () => {
    expect(documentKinds({ preset: 'bekasi' })).toEqual(['surat-pemberitahuan', 'berita-acara']);
    expect(documentKinds({ preset: 'singkawang' })).toEqual(['surat-balasan']);
    expect(documentKinds({ preset: 'balangan' })).toEqual(['surat-balasan']);
    expect(documentKinds({ preset: 'lumajang' })).toEqual(['surat-pemberitahuan']);
    expect(documentKinds({ preset: 'demak' })).toEqual(['surat-akun']);
    expect(documentKinds({})).toEqual(['surat-balasan']);
  });

  it('names each file after the subdomain and the document', () => {
    const { policy, entry } = fixture('bekasi', 'sehat.bekasikota.go.id');
    expect(officeDocuments(policy, 'sehat.bekasikota.go.id', entry).map((d) => [d.fileName, d.title])).toEqual([
      ['sehat.bekasikota.go.id-surat-pemberitahuan.pdf', 'Surat Pemberitahuan Sub Domain'],
      ['sehat.bekasikota.go.id-berita-acara.pdf', 'Berita Acara Serah Terima Sub Domain'],
    ]);
  });
});

describe('letter facts', () => {
  it('numbers the letter as the register recorded it, the Berita Acara with the same sequence', () => {
    const { policy, entry } = fixture('bekasi', 'sehat.bekasikota.go.id');
    const facts = letterFacts(policy, 'sehat.bekasikota.go.id', entry);
    expect(facts.letter).toMatchObject({ number: '555/7/Diskominfostandi/XI/2026', baNumber: 'BA/7/Diskominfostandi/XI/2026', date: '20 November 2026', numbered: true });
    expect(facts.opd).toEqual({ key: 'dinkes', name: 'Dinas Kesehatan', head: 'Kepala Dinas Kesehatan Kota Bekasi' });
    expect(facts.request).toMatchObject({ number: '400.7/1021/Dinkes', date: '18 November 2026', reference: 'SRIKANDI-2026-118230' });
  });

  it('falls back to defaults when the policy names no head, template or letterhead', () => {
    const { policy, entry } = fixture('singkawang', 'dukcapil.singkawangkota.go.id');
    const facts = letterFacts(policy, 'dukcapil.singkawangkota.go.id', entry);
    // Registered before numbers were recorded: the sequence is blank for the secretariat, never the pull request's number.
    expect(facts.letter).toMatchObject({ number: '....../Diskominfo/XI/2026', baNumber: 'BA/....../Diskominfo/XI/2026', numbered: false });
    expect(facts.office.head).toEqual({ title: 'Kepala Dinas Komunikasi dan Informatika Kota Singkawang' });
    expect(facts.office.letterhead).toEqual(['Jl. Firdaus H. Rais, Singkawang']);
    expect(facts.tembusan).toEqual([]);
    expect(facts.registerUrl).toBeUndefined();
  });

  it('addresses the agency head by OPD name when the signer is not its head', () => {
    const { policy, entry } = fixture('singkawang', 'dukcapil.singkawangkota.go.id');
    const last = requestAt(entry);
    const changed = { ...entry, history: [{ ...last, letter: { ...last.letter, signer: { ...last.letter.signer, position: 'Sekretaris Dinas' } } }] };
    expect(letterFacts(policy, 'dukcapil.singkawangkota.go.id', changed).opd.head).toBe('Kepala Dinas Kependudukan dan Pencatatan Sipil');
  });

  it('answers the latest request in the history', () => {
    const { policy, entry } = fixture('demak', 'pasar.demakkab.go.id');
    const first = requestAt(entry);
    const update: RequestHistoryEntry = { ...first, action: 'update', pull_request: 30, letter: { ...first.letter, number: '510/500/2026' }, applied_at: '2026-12-01T03:00:00Z', outgoing_letter: { number: '13/Dinkominfo/XII/2026', seq: 13 } };
    const facts = letterFacts(policy, 'pasar.demakkab.go.id', { ...entry, history: [first, update] });
    expect(facts.request.number).toBe('510/500/2026');
    expect(facts.letter.number).toBe('13/Dinkominfo/XII/2026');
    const text = JSON.stringify(buildDocument('surat-balasan', facts).definition.content);
    expect(text).toContain('Balasan Permohonan Perubahan Sub Domain pasar.demakkab.go.id');
  });
});

describe('the SOP step table', () => {
  const history = (approvals: RequestHistoryEntry['approvals']): RequestHistoryEntry => ({
    action: 'create',
    letter: { number: '1/2/3', date: '2026-11-01', signer: { name: 'Nama Pejabat', nip: '197001011995031001', position: 'Kepala Dinas X' } },
    pull_request: 1,
    approvals,
    opened_at: '2026-11-02T01:00:00Z',
    applied_at: '2026-11-02T05:00:00Z',
    commit: 'abcdef1',
  });

  it('shows every step in policy order, who took it, when, and how long against the Mutu Baku', () => {
    const { policy } = fixture('bekasi', 'sehat.bekasikota.go.id');
    const rows = stepRows(policy, history([
      { step: 'disposisi_kabid', role: 'kabid_egov', by: 'kabid-egov', at: '2026-11-02T01:30:00Z' },
      { step: 'disposisi_kadis', role: 'kepala_dinas', by: 'kadis-bekasi', at: '2026-11-02T01:05:00Z' },
    ]));
    expect(rows.map((r) => r.no)).toEqual(['1', '2', '3', '4', '5']);
    expect(rows[0]).toMatchObject({ by: '@kadis-bekasi\nDrs. Sutrisno Hadi, M.Si', at: '2 November 2026 pukul 08.05 WIB', standard: '10 menit', took: '5 menit', late: false });
    expect(rows[1]).toMatchObject({ by: '@kabid-egov\nYuliana Kartika, S.T., M.T.', took: '25 menit', late: true });
    expect(rows[2]).toMatchObject({ standard: '20 menit', afterMerge: false });
    expect(rows[2]!.by).toBeUndefined();
    expect(rows[4]).toMatchObject({ afterMerge: true, roles: 'Kepala Seksi Pengembangan E-Government' });
  });

  it('gives the letters the official’s name and the title they took the step under, never the login', () => {
    const { policy } = fixture('bekasi', 'sehat.bekasikota.go.id');
    const rows = stepRows(policy, history([
      { step: 'disposisi_kadis', role: 'kepala_dinas', by: 'kadis-bekasi', at: '2026-11-02T01:05:00Z' },
      { step: 'pemeriksaan_kasi', role: 'kasi_pengembangan', by: 'kasi-egov', at: '2026-11-02T01:40:00Z' },
    ]));
    expect(rows[0]).toMatchObject({ name: 'Drs. Sutrisno Hadi, M.Si', roles: 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian' });
    // The policy names nobody for kasi-egov: the title alone.
    expect(rows[2]!.name).toBeUndefined();
    expect(rows[2]!.roles).toBe('Kepala Seksi Pengembangan E-Government');
    const table = JSON.stringify(stepTable(rows));
    expect(table).toContain('Drs. Sutrisno Hadi, M.Si');
    expect(table).toContain('Kepala Seksi Pengembangan E-Government');
    expect(table).not.toContain('@');
    expect(table).not.toContain('Diambil oleh');
  });

  it("names the role that took a step several roles may take (Lumajang's Kadis or Sekdis)", () => {
    const { policy } = fixture('lumajang', 'perizinan.lumajangkab.go.id');
    const rows = stepRows(policy, history([{ step: 'disposisi_pimpinan', role: 'sekretaris_dinas', by: 'sekdis-lmj', at: '2026-11-02T02:00:00Z' }]));
    expect(rows[0]!.roles).toBe('Sekretaris Dinas Komunikasi dan Informatika');
    expect(rows[1]!.roles).toBe('Kepala Bidang Aplikasi dan Informatika (Aptika)');
    expect(rows[8]!.roles).toBe('Kepala Dinas Komunikasi dan Informatika / Sekretaris Dinas Komunikasi dan Informatika');
  });

  it('matches step ids written with hyphens and keeps approvals for steps the policy lacks', () => {
    const { policy } = fixture('bekasi', 'sehat.bekasikota.go.id');
    const rows = stepRows(policy, history([
      { step: 'disposisi-kadis', role: 'kepala_dinas', by: 'kadis-bekasi', at: '2026-11-02T01:05:00Z' },
      { step: 'uji-keamanan', title: 'Uji keamanan aplikasi', role: 'pelaksana', by: 'admin-server', at: '2026-11-02T02:00:00Z', elapsed_s: 600, standard_s: 300 },
    ]));
    expect(rows[0]!.by).toContain('@kadis-bekasi');
    expect(rows).toHaveLength(6);
    expect(rows[5]).toMatchObject({ no: '-', title: 'Uji keamanan aplikasi', roles: 'Pelaksana', by: '@admin-server', took: '10 menit', late: true });
  });
});

describe('the SOP a letter cites', () => {
  it('is the preset’s source without the remark that its number and date are blank', () => {
    const { policy, entry } = fixture('bekasi', 'sehat.bekasikota.go.id');
    expect(letterFacts(policy, 'sehat.bekasikota.go.id', entry).sop).toBe('SOP Pembuatan Sub Domain, Diskominfostandi Kota Bekasi');
    const cited = 'SOP Sub Domain, Diskominfo Kabupaten Balangan, Nomor 188.45/16/Diskominfo-Blg/2018, revisi 27-11-2018, efektif 19-12-2018';
    expect(sopCitation(cited)).toBe(cited);
  });
});

describe('PDF output', () => {
  it('gives the same bytes for the same register entry', async () => {
    const { policy, entry } = fixture('demak', 'pasar.demakkab.go.id');
    const [a] = officeDocuments(policy, 'pasar.demakkab.go.id', entry);
    const [b] = officeDocuments(policy, 'pasar.demakkab.go.id', entry);
    const [first, second] = await Promise.all([renderPdf(a!.definition), renderPdf(b!.definition)]);
    expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.compare(first, second)).toBe(0);
  });
});
