import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Content } from 'pdfmake/interfaces.js';
import { buildDocument, documentKinds, officeDocuments, type DocumentKind } from '../../src/letters/documents.js';
import { imageKind } from '../../src/letters/emblem.js';
import { letterFacts, letterheadLines } from '../../src/letters/facts.js';
import { boldWidth, officeNameLines, TTE_TAG } from '../../src/letters/layout.js';
import { parsePolicy, type ResolvedPolicy } from '../../src/policy/policy.js';
import { parseFile } from '../../src/repo/load.js';
import type { RegisterEntry } from '../../src/schema/types.gen.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { FIXTURES } from './helpers.js';

afterAll(cleanupTemps);

const CASES = [
  ['bekasi', 'sehat.bekasikota.go.id'],
  ['singkawang', 'dukcapil.singkawangkota.go.id'],
  ['balangan', 'sosial.balangankab.go.id'],
  ['lumajang', 'perizinan.lumajangkab.go.id'],
  ['demak', 'pasar.demakkab.go.id'],
] as const;

function fixture(preset: string, fqdn: string, edit: (policy: string) => string = (p) => p): { policy: ResolvedPolicy; entry: RegisterEntry } {
  const policy = parsePolicy('.github/sop.yaml', Buffer.from(edit(readFileSync(join(FIXTURES, preset, '.github/sop.yaml'), 'utf8'))));
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  const path = `subdomains/${fqdn}.yaml`;
  const entry = parseFile(path, readFileSync(join(FIXTURES, preset, path)), 'register');
  if (!entry.ok) throw new Error(JSON.stringify(entry.problems));
  return { policy: policy.policy, entry: entry.value };
}

/** Every node of a document's content, depth first. */
function nodes(content: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      out.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(content);
  return out;
}

/** The printed strings of a definition (texts, and the plain strings of stacks, lists and table rows), in order. */
function strings(content: Content | Content[]): string {
  const out: string[] = [];
  const walk = (node: unknown, key?: string) => {
    if (typeof node === 'string') {
      if (key === 'text' || key === '[]') out.push(node);
    } else if (Array.isArray(node)) {
      if (key !== 'widths') node.forEach((item) => walk(item, '[]'));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, k);
    }
  };
  walk(content);
  return out.join('\n');
}

describe('the QR code to the public register page', () => {
  it('opens the subdomain page the site builds (site.url + s/<name>.html), in every document', () => {
    const { policy, entry } = fixture('bekasi', 'sehat.bekasikota.go.id');
    for (const document of officeDocuments(policy, 'sehat.bekasikota.go.id', entry)) {
      const qrs = nodes(document.definition.content).filter((n) => 'qr' in n);
      expect(qrs.map((n) => n.qr), document.kind).toEqual(['https://diskominfostandi.bekasikota.go.id/daftar-subdomain/s/sehat.bekasikota.go.id.html']);
    }
  });

  it('is left out, with its caption, when the policy gives no site.url', () => {
    const { policy, entry } = fixture('bekasi', 'sehat.bekasikota.go.id', (p) => p.replace(/site:\n  url: .*\n/, ''));
    for (const document of officeDocuments(policy, 'sehat.bekasikota.go.id', entry)) {
      expect(nodes(document.definition.content).some((n) => 'qr' in n)).toBe(false);
      expect(strings(document.definition.content)).not.toContain('Pindai');
    }
  });
});

describe('signature blocks in every document of every preset', () => {
  const away = (p: string) =>
    p.replace(/^office:\n/, 'office:\n  signed_by: { title: Sekretaris, name: "Dra. Endang Lestari, M.Si", nip: "197105051996032003" }\n');

  it.each(CASES)('%s: a.n. the head, with the delegate’s own title below and the TTE space', (preset, fqdn) => {
    const { policy, entry } = fixture(preset, fqdn, away);
    for (const document of officeDocuments(policy, fqdn, entry)) {
      const text = strings(document.definition.content);
      expect(text, document.kind).toMatch(/a\.n\. KEPALA DINAS [^\n]+\nSEKRETARIS,/);
      expect(text).toContain('Dra. Endang Lestari, M.Si');
      expect(text).toContain('NIP. 19710505 199603 2 003');
      expect(text).toContain(TTE_TAG);
      expect(text).not.toMatch(/A\.N\.|PLH\./);
    }
  });

  it.each(CASES.filter(([p]) => p !== 'singkawang'))('%s: Plh. when an appointment covers the letter’s date', (preset, fqdn) => {
    const plh = (p: string) =>
      p.replace(/^( {2}head:\n(?: {4}.*\n)+)/m, `$1    acting:\n      - { kind: plh, from: 2026-11-01, until: 2026-11-30, letter: { number: 800/1/2026 }, name: "Ir. Agus Salim, M.T.", nip: "197204101998031007" }\n`);
    const { policy, entry } = fixture(preset, fqdn, plh);
    for (const document of officeDocuments(policy, fqdn, entry)) {
      const text = strings(document.definition.content);
      expect(text, document.kind).toMatch(/Plh\. KEPALA DINAS [^\n]+,/);
      expect(text).toContain('Ir. Agus Salim, M.T.');
      expect(text).toContain('NIP. 19720410 199803 1 007');
    }
  });
});

describe('what the letters say', () => {
  it('ends each letter, not the Berita Acara, with the tembusan', () => {
    const { policy, entry } = fixture('bekasi', 'sehat.bekasikota.go.id');
    const [letter, ba] = officeDocuments(policy, 'sehat.bekasikota.go.id', entry);
    const text = strings(letter!.definition.content);
    expect(text).toContain('Tembusan:\nWali Kota Bekasi (sebagai laporan);');
    expect(nodes(letter!.definition.content).find((n) => Array.isArray(n.ol))!.ol).toEqual([
      'Wali Kota Bekasi (sebagai laporan);', 'Sekretaris Daerah Kota Bekasi;', 'Inspektur Kota Bekasi.',
    ]);
    expect(strings(ba!.definition.content)).not.toContain('Tembusan');
  });

  it('writes record names out in full and explains the record types', () => {
    const { policy, entry } = fixture('bekasi', 'sehat.bekasikota.go.id');
    const facts = letterFacts(policy, 'sehat.bekasikota.go.id', entry);
    expect(facts.records.map((r) => [r.type, r.name, r.ttl])).toEqual([
      ['A', 'sehat.bekasikota.go.id', '1 jam'],
      ['AAAA', 'sehat.bekasikota.go.id', 'otomatis'],
      ['TXT', '_dmarc.sehat.bekasikota.go.id', 'otomatis'],
    ]);
    const text = strings(buildDocument('surat-pemberitahuan', facts).definition.content);
    expect(text).toContain('Keterangan: A: alamat server (IPv4); AAAA: alamat server (IPv6); TXT: teks keterangan');
    expect(text).not.toMatch(/^@$/m);
  });

  it('says "melebihi Mutu Baku" when the whole service took longer than the SOP allows', () => {
    const { policy, entry } = fixture('demak', 'pasar.demakkab.go.id');
    const facts = letterFacts(policy, 'pasar.demakkab.go.id', entry);
    const late = { ...facts, total: { took: '9 hari 2 jam', limit: '7 hari', late: true } };
    expect(strings(buildDocument('surat-akun', late).definition.content)).toContain('Seluruh proses layanan diselesaikan dalam waktu 9 hari 2 jam, melebihi Mutu Baku 7 hari.');
    const { total: _, ...unknown } = facts;
    expect(strings(buildDocument('surat-akun', unknown).definition.content)).not.toContain('Seluruh proses layanan');
  });

  it('builds the kop surat from the structured fields, the free lines when given', () => {
    const { policy } = fixture('bekasi', 'sehat.bekasikota.go.id');
    expect(letterheadLines(policy.office)).toEqual([
      'Jl. Jend. Ahmad Yani No. 1, Bekasi, Kode Pos 17141',
      'Telepon (021) 555-0100',
      'Pos-el diskominfostandi@bekasikota.go.id, Laman diskominfostandi.bekasikota.go.id',
    ]);
    expect(letterheadLines({ ...policy.office, letterhead: ['Jl. Lain No. 2'] })).toEqual(['Jl. Lain No. 2']);
    expect(letterheadLines({ name: 'Dinas Kominfo X', city: 'Paringin' })).toEqual(['Paringin']);
  });

  it('breaks a long office name before the region rather than leave one word on a line', () => {
    const name = 'DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN DEMAK';
    expect(boldWidth(name, 14)).toBeGreaterThan(400);
    expect(officeNameLines(name, 403, 14)).toBe('DINAS KOMUNIKASI DAN INFORMATIKA\nKABUPATEN DEMAK');
    expect(officeNameLines(name, 475, 14)).toBe(name);
  });

  it('names the documents of each preset', () => {
    const kinds: DocumentKind[] = CASES.flatMap(([preset]) => documentKinds({ preset }));
    expect(new Set(kinds)).toEqual(new Set(['surat-pemberitahuan', 'berita-acara', 'surat-balasan', 'surat-akun']));
  });
});

describe('the emblem in the kop surat', () => {
  it('knows PNG and JPEG by their first bytes', () => {
    expect(imageKind(readFileSync(join(FIXTURES, 'bekasi/.github/lambang.png')))).toBe('png');
    expect(imageKind(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
    expect(imageKind(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
  });

  it('is embedded as the image of the kop surat', async () => {
    const repo = tempCopy(join(FIXTURES, 'bekasi'));
    const result = await runCli(repo, ['letter', 'sehat.bekasikota.go.id']);
    expect(result.code).toBe(0);
    const pdf = readFileSync(join(repo, 'letters/sehat.bekasikota.go.id-surat-pemberitahuan.pdf')).toString('latin1');
    expect(pdf).toMatch(/\/Subtype \/Image/);
  });

  const broken: [string, (repo: string) => void, RegExp][] = [
    ['missing', (repo) => writeFileSync(join(repo, '.github/sop.yaml'), readFileSync(join(repo, '.github/sop.yaml'), 'utf8').replace('emblem: .github/lambang.png', 'emblem: .github/logo.png')), /\.github\/logo\.png tidak ada di repositori kantor/],
    ['not an image', (repo) => writeFileSync(join(repo, '.github/lambang.png'), '<svg xmlns="http://www.w3.org/2000/svg"/>'), /bukan gambar PNG atau JPEG .* is no PNG or JPEG image/],
    ['a symlink', (repo) => {
      writeFileSync(join(repo, '.github/real.png'), readFileSync(join(FIXTURES, 'bekasi/.github/lambang.png')));
      writeFileSync(join(repo, '.github/sop.yaml'), readFileSync(join(repo, '.github/sop.yaml'), 'utf8').replace('emblem: .github/lambang.png', 'emblem: .github/link.png'));
      symlinkSync('real.png', join(repo, '.github/link.png'));
    }, /harus berkas biasa/],
  ];

  it.each(broken)('%s: exit 1 with the policy line of office.emblem, no PDF', async (_, spoil, message) => {
    const repo = tempCopy(join(FIXTURES, 'bekasi'));
    spoil(repo);
    const result = await runCli(repo, ['letter', 'sehat.bekasikota.go.id']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\.github\/sop\.yaml:6:\d+: galat\/error \[letter\/emblem\]/);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});

describe('the help says how the letter is signed', () => {
  it('documents the TTE step in both languages', async () => {
    const result = await runCli(tempCopy(join(FIXTURES, 'bekasi')), ['letter', '--help']);
    expect(result.stdout + result.stderr).toContain('TTE BSrE');
    expect(result.stdout + result.stderr).toContain('Srikandi');
    expect(result.stdout + result.stderr).toContain('${ttd}');
  });
});
