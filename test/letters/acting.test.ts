import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';
import { FIXTURES, HAVE_PDFTOTEXT, pdfLayout } from './helpers.js';

afterAll(cleanupTemps);

const FQDN = 'sehat.bekasikota.go.id';
const POLICY = '.github/sop.yaml';
const REGISTER = `subdomains/${FQDN}.yaml`;

/**
 * The Bekasi fixture (applied 19 November 2026 at 18:30 UTC: the letter is dated 20 November
 * in WIB) with the Kepala Dinas away: `headActing` goes under `office.head`, `extra` under
 * `office`; the Kadis step was disposed by the Plh. Kepala Dinas.
 */
async function letters(headActing: string, extra = '') {
  const repo = tempCopy(join(FIXTURES, 'bekasi'));
  const policy = readFileSync(join(repo, POLICY), 'utf8')
    .replace('    nip: "196905121994031005"\n', `    nip: "196905121994031005"\n${headActing}${extra}`)
    .replace(
      '  kepala_dinas: { users: [kadis-bekasi] }',
      '  kepala_dinas:\n    users: [kadis-bekasi]\n    acting:\n      - { login: sekdis-bekasi, kind: plh, from: 2026-11-16, until: 2026-11-20, letter: { number: 800.1.11.1/305/Diskominfostandi }, name: "Dra. Endang Lestari, M.Si" }',
    );
  writeFile(repo, POLICY, policy);
  const register = readFileSync(join(repo, REGISTER), 'utf8').replace(
    'role: kepala_dinas, by: kadis-bekasi,',
    'role: kepala_dinas, acting: { kind: plh, letter: { number: 800.1.11.1/305/Diskominfostandi } }, by: sekdis-bekasi,',
  );
  writeFile(repo, REGISTER, register);
  const result = await runCli(repo, ['letter', FQDN]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const read = (kind: string) => pdfLayout(join(repo, 'letters', `${FQDN}-${kind}.pdf`));
  return { notification: read('surat-pemberitahuan'), ba: read('berita-acara') };
}

const PLH_HEAD = `    acting:
      - kind: plh
        from: 2026-11-16
        until: 2026-11-20
        letter: { number: 800.1.11.1/300/Diskominfostandi, date: 2026-11-13 }
        name: Ir. Agus Salim, M.T.
        rank: Pembina Tingkat I
        nip: "197204101998031007"
`;

describe.skipIf(!HAVE_PDFTOTEXT)('letters signed while the Kepala Dinas is away', () => {
  it('a letter dated inside the Plh. period is signed "Plh. KEPALA DINAS …" with the acting head’s name and NIP', async () => {
    const { notification } = await letters(PLH_HEAD);
    const lines = notification.split('\n').map((l) => l.trim());
    const title = lines.findIndex((l) => l.startsWith('Plh. KEPALA DINAS KOMUNIKASI,'));
    expect(title).toBeGreaterThan(0);
    const rest = lines.slice(title, title + 20).join(' ');
    expect(rest).toContain('Ir. Agus Salim, M.T.');
    expect(rest).toContain('Pembina Tingkat I');
    expect(rest).toContain('NIP. 19720410 199803 1 007');
    expect(notification).not.toContain('Drs. Sutrisno Hadi, M.Si\n');
    expect(notification).not.toMatch(/PLH\./);
  });

  it('the Berita Acara names the Plh. as PIHAK PERTAMA and lets them sign', async () => {
    const { ba } = await letters(PLH_HEAD);
    const text = ba.replace(/\s+/g, ' ');
    expect(text).toMatch(/1\. Nama : Ir\. Agus Salim, M\.T\. Jabatan : Plh\. Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Bekasi selanjutnya disebut PIHAK PERTAMA/);
    expect(ba).toMatch(/dr\. Ratna Wulandari, M\.Kes\s+Ir\. Agus Salim, M\.T\./);
  });

  it('the step table says "Plh. <role>" with the appointment letter and the acting official’s name', async () => {
    const { notification } = await letters(PLH_HEAD);
    // The row of step 1: the columns wrap, so the cells' words spread over the lines below.
    const lines = notification.split('\n');
    const row = lines.findIndex((l) => l.includes('Dra. Endang Lestari'));
    expect(lines[row]).toMatch(/^1\s+Menerima dan .*Dra\. Endang Lestari, M\.Si\s+19 November 2026/);
    const cells = lines.slice(row, row + 8).join(' ');
    expect(cells).toContain('Plh. Kepala Dinas');
    expect(cells).toContain('(Sprin');
    expect(cells).toContain('800.1.11.1/305/');
    // The official by name and title: their GitHub login is no part of a letter.
    expect(notification).not.toContain('@sekdis-bekasi');
  });

  it('the day after the Plh. period the head signs again', async () => {
    const { notification } = await letters(PLH_HEAD.replace('until: 2026-11-20', 'until: 2026-11-19'));
    expect(notification).not.toContain('Plh. KEPALA DINAS');
    expect(notification).toContain('Drs. Sutrisno Hadi, M.Si');
  });

  it('a delegate signs "a.n. KEPALA DINAS …" with their own title below (office.signed_by)', async () => {
    const { notification, ba } = await letters('', '  signed_by: { title: Sekretaris, name: "Dra. Endang Lestari, M.Si", nip: "197105051996032003" }\n');
    const lines = notification.split('\n').map((l) => l.trim());
    const title = lines.findIndex((l) => l.startsWith('a.n. KEPALA DINAS KOMUNIKASI'));
    expect(title).toBeGreaterThan(0);
    const rest = lines.slice(title, title + 20).join(' ');
    expect(rest).toContain('SEKRETARIS,');
    expect(rest).toContain('Dra. Endang Lestari, M.Si');
    expect(rest).toContain('NIP. 19710505 199603 2 003');
    expect(ba.replace(/\s+/g, ' ')).toContain('Jabatan : Sekretaris, a.n. Kepala Dinas Komunikasi');
  });
});
