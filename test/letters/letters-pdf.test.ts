import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { FIXTURES, HAVE_PDFTOTEXT, pdfLayout, pdfText } from './helpers.js';

afterAll(cleanupTemps);

interface Step {
  login: string;
  /** How the step table prints its time. */
  at: string;
  name?: string;
  /** The first words of the title the row names the official by (the cell wraps). */
  title?: string;
}

interface Case {
  preset: string;
  fqdn: string;
  files: string[];
  /** `Kota, tanggal` at the top of the letter. */
  placeDate: string;
  number: string;
  request: string;
  requestDate: string;
  steps: Step[];
  more: string[];
  /** Registered before numbers were recorded: the sequence is left blank, and the CLI says so. */
  unnumbered?: boolean;
  /** `site.url` is set: the QR code's address is printed under it. */
  registerUrl?: string;
  tembusan?: string[];
}

const cases: Case[] = [
  {
    preset: 'bekasi',
    fqdn: 'sehat.bekasikota.go.id',
    files: ['sehat.bekasikota.go.id-surat-pemberitahuan.pdf', 'sehat.bekasikota.go.id-berita-acara.pdf'],
    // Applied at 18:30 UTC on the 19th: already the 20th in Jakarta.
    placeDate: 'Bekasi, 20 November 2026',
    number: '555/7/Diskominfostandi/XI/2026',
    request: '400.7/1021/Dinkes',
    requestDate: '18 November 2026',
    steps: [
      { login: 'kadis-bekasi', name: 'Drs. Sutrisno Hadi, M.Si', at: '19 November 2026 pukul 09.10 WIB' },
      { login: 'kabid-egov', name: 'Yuliana Kartika, S.T., M.T.', at: '19 November 2026 pukul 09.18 WIB' },
      { login: 'kasi-egov', at: '19 November 2026 pukul 09.35 WIB' },
      { login: 'admin-server', at: '20 November 2026 pukul 01.20 WIB' },
    ],
    more: ['Pemberitahuan Pembuatan Sub Domain sehat.bekasikota.go.id', 'Yth. Kepala Dinas Kesehatan Kota Bekasi', 'BA/7/Diskominfostandi/XI/2026', 'tidak dianggap sebagai aplikasi milik Pemerintah Kota Bekasi'],
    registerUrl: 'https://diskominfostandi.bekasikota.go.id/daftar-subdomain/s/sehat.bekasikota.go.id.html',
    tembusan: ['1. Wali Kota Bekasi (sebagai laporan);', '2. Sekretaris Daerah Kota Bekasi;', '3. Inspektur Kota Bekasi.'],
  },
  {
    preset: 'singkawang',
    fqdn: 'dukcapil.singkawangkota.go.id',
    files: ['dukcapil.singkawangkota.go.id-surat-balasan.pdf'],
    placeDate: 'Singkawang, 17 November 2026',
    number: '....../Diskominfo/XI/2026',
    unnumbered: true,
    request: '470/315/Disdukcapil',
    requestDate: '16 November 2026',
    steps: [
      { login: 'tu-kominfo', at: '17 November 2026 pukul 08.03 WIB' },
      { login: 'kadis-skw', at: '17 November 2026 pukul 08.07 WIB' },
      { login: 'kabid-aptika', at: '17 November 2026 pukul 08.11 WIB' },
      { login: 'subkor-ile', at: '17 November 2026 pukul 08.20 WIB' },
      { login: 'admin-system', at: '17 November 2026 pukul 09.40 WIB' },
    ],
    // No head named in the policy: the signature keeps a blank for the name.
    more: ['Balasan Permohonan Pembuatan Sub Domain', 'SRIKANDI-2026-220517', 'dukcapil-skw.pages.dev', 'KEPALA DINAS KOMUNIKASI DAN INFORMATIKA KOTA SINGKAWANG', '( ........................................ )'],
  },
  {
    preset: 'balangan',
    fqdn: 'sosial.balangankab.go.id',
    files: ['sosial.balangankab.go.id-surat-balasan.pdf'],
    placeDate: 'Paringin, 12 November 2026',
    number: '3/Diskominfo-Blg/XI/2026',
    registerUrl: 'https://diskominfo.balangankab.go.id/daftar/s/sosial.balangankab.go.id.html',
    tembusan: ['Bupati Balangan.'],
    request: '460/221/Dinsos',
    requestDate: '10 November 2026',
    // The policy says Asia/Makassar: times are WITA.
    steps: [
      { login: 'kadis-blg', at: '11 November 2026 pukul 08.30 WITA' },
      { login: 'kabid-egov-blg', at: '11 November 2026 pukul 08.44 WITA' },
      { login: 'kasi-aplikasi', at: '11 November 2026 pukul 09.00 WITA' },
      { login: 'prakom-1', at: '12 November 2026 pukul 11.00 WITA' },
      { login: 'kasi-aplikasi', at: '12 November 2026 pukul 11.40 WITA' },
      { login: 'kabid-egov-blg', at: '12 November 2026 pukul 11.55 WITA' },
      { login: 'prakom-1', at: '12 November 2026 pukul 12.30 WITA' },
    ],
    // The purpose's arrow cannot be drawn by the standard fonts: it prints as ->.
    more: ['bantuan sosial -> data penerima', '10 mail.balangankab.go.id', 'Muhammad Rizani, S.Kom., M.M.', 'NIP. 19780708 200312 1 004'],
  },
  {
    preset: 'lumajang',
    fqdn: 'perizinan.lumajangkab.go.id',
    files: ['perizinan.lumajangkab.go.id-surat-pemberitahuan.pdf'],
    placeDate: 'Lumajang, 3 November 2026',
    number: '400.14.1/31/427.53/2026',
    request: '503/118/427.76/2026',
    requestDate: '2 November 2026',
    steps: [
      // "Kadis or Sekdis" was taken by the Sekdis: the row names that title alone.
      { login: 'sekdis-lmj', at: '3 November 2026 pukul 08.30 WIB', title: 'Sekretaris Dinas Komunikasi' },
      { login: 'kabid-aptika-lmj', at: '3 November 2026 pukul 09.00 WIB' },
      { login: 'kasi-ppi', at: '3 November 2026 pukul 09.20 WIB' },
      { login: 'admin-server-lmj', at: '3 November 2026 pukul 09.24 WIB' },
    ],
    // The steps after the merge are still to come.
    more: ['Pemberitahuan Pembuatan Sub Domain perizinan.lumajangkab.go.id', 'setelah penerapan', 'Bambang Setiawan, S.STP., M.Si.'],
  },
  {
    preset: 'demak',
    fqdn: 'pasar.demakkab.go.id',
    files: ['pasar.demakkab.go.id-surat-akun.pdf'],
    placeDate: 'Demak, 16 November 2026',
    number: '12/Dinkominfo/XI/2026',
    registerUrl: 'https://dinkominfo.demakkab.go.id/subdomain/s/pasar.demakkab.go.id.html',
    tembusan: ['1. Bupati Demak (sebagai laporan);', '2. Sekretaris Daerah Kabupaten Demak.'],
    request: '510/412/2026',
    requestDate: '13 November 2026',
    steps: [
      { login: 'pranata-demak', at: '16 November 2026 pukul 08.04 WIB' },
      { login: 'kadis-demak', at: '16 November 2026 pukul 08.12 WIB' },
      { login: 'sekdis-demak', at: '16 November 2026 pukul 08.25 WIB' },
      { login: 'kabid-aptika-demak', at: '16 November 2026 pukul 08.33 WIB' },
      { login: 'subkoor-spa', at: '16 November 2026 pukul 09.00 WIB' },
      { login: 'pranata-demak', at: '16 November 2026 pukul 09.28 WIB' },
    ],
    more: ['MIPP-2026-00731', 'Dra. Sri Hartati, M.M.'],
  },
];

async function makeLetters(preset: string, args: string[]) {
  const repo = tempCopy(join(FIXTURES, preset));
  const result = await runCli(repo, ['letter', ...args]);
  return { repo, result };
}

describe.skipIf(!HAVE_PDFTOTEXT)('subdomain letter: the PDFs read back', () => {
  describe.each(cases)('$preset', (c) => {
    let texts: Record<string, string>;
    let layouts: Record<string, string>;
    let stdout: string;
    let stderr: string;

    beforeAll(async () => {
      const { repo, result } = await makeLetters(c.preset, [c.fqdn]);
      expect(result.code).toBe(0);
      stdout = result.stdout;
      stderr = result.stderr;
      layouts = Object.fromEntries(c.files.map((f) => [f, pdfLayout(join(repo, 'letters', f))]));
      texts = Object.fromEntries(Object.entries(layouts).map(([f, t]) => [f, t.replace(/\s+/g, ' ')]));
    });

    it('writes the documents its SOP names into letters/ and prints their paths', () => {
      expect(stdout.trim().split('\n')).toEqual(c.files.map((f) => `letters/${f}`));
    });

    it('numbers the letter from the register, or leaves the sequence blank for an entry registered before numbering (and says so)', () => {
      if (c.unnumbered) {
        expect(stderr).toContain('nomor urut dikosongkan untuk diisi sekretariat');
        expect(stderr).toContain('the sequence number is left blank');
      } else {
        expect(stderr).toBe('');
      }
    });

    it('prints no pull request number, commit or DNS shorthand', () => {
      const entry = readFileSync(join(FIXTURES, c.preset, 'subdomains', `${c.fqdn}.yaml`), 'utf8');
      const pr = /pull_request: (\d+)/.exec(entry)![1]!;
      const commit = /commit: ([0-9a-f]+)/.exec(entry)![1]!;
      for (const text of Object.values(texts)) {
        expect(text).not.toMatch(/pull request/i);
        expect(text).not.toContain(`#${pr}`);
        expect(text).not.toContain(commit.slice(0, 7));
        expect(text).not.toMatch(/\scommit\s/i);
        // Every record's name is written out: no `@` for the subdomain itself.
        expect(text).not.toMatch(/\s@\s/);
      }
      if (c.number.startsWith('......')) return;
      // The register's own number, not the pull request's.
      expect(c.number.split('/')).not.toContain(pr);
    });

    it('leaves the marked space for the electronic signature (TTE)', () => {
      for (const text of Object.values(texts)) {
        expect(text).toContain('${ttd}');
        expect(text).toContain('Ruang tanda tangan elektronik (TTE)');
      }
    });

    it('puts a QR code to the public register page only when the policy gives the site', () => {
      const all = Object.values(texts).join(' ');
      if (c.registerUrl) {
        expect(all).toContain('Pindai');
        expect(all.replace(/ /g, '')).toContain(c.registerUrl);
      } else {
        expect(all).not.toContain('Pindai');
        expect(all).not.toContain('https://');
      }
    });

    it('ends each letter with its tembusan', () => {
      const letter = layouts[c.files[0]!]!;
      if (!c.tembusan) {
        expect(letter).not.toContain('Tembusan');
        return;
      }
      const lines = letter.split('\n').map((l) => l.trim());
      const at = lines.indexOf('Tembusan:');
      expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith('NIP. ')));
      expect(lines.slice(at + 1, at + 1 + c.tembusan.length)).toEqual(c.tembusan);
    });

    it('cites the SOP without notes about what its text leaves blank', () => {
      const attachment = texts[c.files[0]!]!;
      expect(attachment).toContain('SOP : SOP ');
      expect(attachment).not.toContain('kosong di naskah');
    });

    it('dates the letter in Indonesian, in the office time zone', () => {
      expect(texts[c.files[0]!]).toContain(c.placeDate);
    });

    it('carries its own number, the subdomain and the request letter it answers', () => {
      const text = texts[c.files[0]!]!;
      expect(text).toContain(`Nomor : ${c.number}`);
      expect(text).toMatch(/Sifat : Biasa Lampiran : \d \((satu|dua)\) berkas Perihal : /);
      expect(text).toContain(c.fqdn);
      expect(text).toContain(`Nomor ${c.request} tanggal ${c.requestDate}`);
    });

    it('lists every SOP step with the official who took it, by name and title, never a GitHub login, and when', () => {
      // In the step table each row starts with one line holding the official's name (or, when
      // the policy names nobody, their title) and the date; the time follows on the line below.
      const lines = layouts[c.files[0]!]!.split('\n');
      let from = lines.findIndex((l) => l.includes('RIWAYAT PROSES PERMOHONAN SUB DOMAIN'));
      expect(from).toBeGreaterThan(0);
      const table = lines.slice(from);
      expect(table.join(' ')).not.toContain('@');
      expect(table.join(' ')).not.toContain('Diambil oleh');
      for (const step of c.steps) {
        const [date, time] = step.at.split(' pukul ');
        const row = lines.findIndex((l, i) => i > from && /^\S+\s/.test(l) && l.includes(date!));
        expect(row, `${step.login} ${date}`).toBeGreaterThan(from);
        expect(lines[row + 1]).toContain(`pukul ${time}`);
        if (step.name) expect(lines[row], step.login).toContain(step.name.split(',')[0]);
        if (step.title) expect(lines[row], step.login).toMatch(new RegExp(`\\s${step.title}\\s`));
        from = row;
      }
    });

    it('says what this office needs said', () => {
      const all = Object.values(texts).join(' ');
      for (const phrase of c.more) expect(all).toContain(phrase);
    });

    it('prints no phone number or contact NIP', () => {
      const entry = readFileSync(join(FIXTURES, c.preset, 'subdomains', `${c.fqdn}.yaml`), 'utf8');
      const phone = /phone: "([^"]+)"/.exec(entry)![1]!;
      const nip = /contact:\n(?:.*\n)*?\s+nip: "(\d{18})"/.exec(entry)![1]!;
      for (const text of Object.values(texts)) {
        expect(text).not.toContain(phone);
        expect(text.replace(/\s/g, '')).not.toContain(nip);
      }
    });
  });

  describe('Berita Acara (Bekasi)', () => {
    let text: string;
    let lines: string[];
    beforeAll(async () => {
      const { repo, result } = await makeLetters('bekasi', ['sehat.bekasikota.go.id']);
      expect(result.code).toBe(0);
      const layout = pdfLayout(join(repo, 'letters', 'sehat.bekasikota.go.id-berita-acara.pdf'));
      text = layout.replace(/\s+/g, ' ');
      lines = layout.split('\n');
    });

    it('is numbered and spells its day and date out', () => {
      expect(text).toContain('BERITA ACARA SERAH TERIMA SUB DOMAIN');
      expect(text).toContain('Nomor: BA/7/Diskominfostandi/XI/2026');
      expect(text).toContain('Pada hari ini Jumat tanggal dua puluh bulan November tahun dua ribu dua puluh enam (20-11-2026)');
    });

    it('names both parties and hands over the subdomain and its server address', () => {
      expect(text).toMatch(/1\. Nama : Drs\. Sutrisno Hadi, M\.Si .*selanjutnya disebut PIHAK PERTAMA/);
      expect(text).toMatch(/2\. Nama : dr\. Ratna Wulandari, M\.Kes Jabatan : Kepala Dinas Kesehatan Kota Bekasi selanjutnya disebut PIHAK KEDUA/);
      expect(text).toContain('sehat.bekasikota.go.id');
      expect(text).toContain('103.147.8.45');
    });

    it("leaves a place for the requesting agency head's signature", () => {
      // Left column: PIHAK KEDUA, the agency head, a blank with its hint, then their name and NIP.
      const caption = lines.findIndex((l) => /^PIHAK KEDUA\s+PIHAK PERTAMA$/.test(l.trim()));
      expect(caption).toBeGreaterThan(0);
      expect(lines[caption + 1]).toMatch(/^KEPALA DINAS KESEHATAN KOTA\s+KEPALA DINAS KOMUNIKASI,/);
      const hint = lines.findIndex((l, i) => i > caption && l.startsWith('(tanda tangan dan cap)'));
      const name = lines.findIndex((l, i) => i > caption && /^dr\. Ratna Wulandari, M\.Kes\s+Drs\. Sutrisno Hadi, M\.Si$/.test(l));
      expect(hint).toBeGreaterThan(caption);
      expect(name - hint).toBeGreaterThanOrEqual(3);
      // Left: a blank to sign on paper. Right, level with it: the office's electronic signature space.
      expect(lines.slice(hint + 1, name).every((l) => l.trim() === '')).toBe(true);
      const tte = lines.findIndex((l, i) => i > caption && l.trim() === '${ttd}');
      expect(tte).toBeGreaterThan(caption);
      expect(tte).toBeLessThan(hint);
      expect(lines.slice(name).find((l) => l.startsWith('NIP. '))).toMatch(/^NIP\. 19720503 199903 2 004\s+NIP\. 19690512 199403 1 005$/);
      expect(text).toContain('KEPALA DINAS KESEHATAN KOTA');
    });
  });

  describe('account letter (Demak, subdomain and hosting)', () => {
    let text: string;
    beforeAll(async () => {
      const { repo, result } = await makeLetters('demak', ['pasar.demakkab.go.id']);
      expect(result.code).toBe(0);
      text = pdfText(join(repo, 'letters', 'pasar.demakkab.go.id-surat-akun.pdf'));
    });

    it('issues the account for subdomain and hosting', () => {
      expect(text).toContain('Perihal : Penerbitan Akun Subdomain dan Hosting pasar.demakkab.go.id');
      expect(text).toContain('Yth. Kepala Dinas Perdagangan dan Perindustrian Kabupaten Demak');
      expect(text).toContain('Layanan : Subdomain dan Hosting');
      expect(text).toContain('Alamat situs : https://pasar.demakkab.go.id');
      expect(text).toContain('Server hosting : Server web pusat data Pemerintah Kabupaten Demak');
      expect(text).toContain('Alamat server : 103.31.44.10');
      expect(text).toContain('Pengelola akun : Rudi Hartono');
      expect(text).toContain('Surel pengelola : rudi.hartono@demakkab.go.id');
    });

    it('keeps the password out of the letter', () => {
      expect(text).toContain('kata sandi awal akun disampaikan secara terpisah');
      expect(text).not.toMatch(/kata sandi\s*:/i);
    });

    it('says the whole service time only against a Mutu Baku: none for Bekasi, whose SOP sets no total', async () => {
      const { repo } = await makeLetters('bekasi', ['sehat.bekasikota.go.id']);
      expect(pdfText(join(repo, 'letters', 'sehat.bekasikota.go.id-surat-pemberitahuan.pdf'))).not.toContain('Seluruh proses layanan');
    });

    it('measures the whole service against the 7-day limit', () => {
      expect(text).toContain('Seluruh proses layanan diselesaikan dalam waktu 1 jam 35 menit, sesuai Mutu Baku 7 hari.');
    });
  });

  it('accepts the bare label when the policy has one zone, and --out', async () => {
    const repo = tempCopy(join(FIXTURES, 'demak'));
    const result = await runCli(repo, ['letter', 'pasar', '--out', 'keluar/surat']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('keluar/surat/pasar.demakkab.go.id-surat-akun.pdf\n');
    expect(pdfText(join(repo, 'keluar/surat/pasar.demakkab.go.id-surat-akun.pdf'))).toContain('pasar.demakkab.go.id');
  });
});

describe('subdomain letter: refusals', () => {
  it('exits 1 with a message in both languages when the subdomain is not registered', async () => {
    const { repo, result } = await makeLetters('bekasi', ['belum.bekasikota.go.id']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Sub domain belum.bekasikota.go.id tidak terdaftar: subdomains/belum.bekasikota.go.id.yaml tidak ada.');
    expect(result.stderr).toContain('Subdomain belum.bekasikota.go.id is not registered: subdomains/belum.bekasikota.go.id.yaml does not exist.');
    expect(existsSync(join(repo, 'letters'))).toBe(false);
  });

  it('exits 2 for a name that is no domain name (no path tricks)', async () => {
    const { repo, result } = await makeLetters('bekasi', ['../../etc/passwd']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Bukan nama domain yang sah / not a valid domain name');
    expect(readdirSync(repo)).not.toContain('letters');
  });

  it('exits 2 without a subdomain or with an unknown flag', async () => {
    expect((await makeLetters('bekasi', [])).result.code).toBe(2);
    expect((await makeLetters('bekasi', ['sehat.bekasikota.go.id', '--bogus'])).result.code).toBe(2);
  });

  it('exits 1 and shows the problem when the register file is broken', async () => {
    const repo = tempCopy(join(FIXTURES, 'bekasi'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(repo, 'subdomains/sehat.bekasikota.go.id.yaml'), 'opd: dinkes\npurpose: [\n');
    const result = await runCli(repo, ['letter', 'sehat.bekasikota.go.id']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('subdomains/sehat.bekasikota.go.id.yaml');
    expect(existsSync(join(repo, 'letters'))).toBe(false);
  });
});
