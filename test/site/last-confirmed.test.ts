import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';

/** Bekasi with three entries: sehat (created, never confirmed), pajak (confirmed 2025-10-01, with a note), arsip (imported). */
const OFFICE = fileURLToPath(new URL('../watch/fixtures/reconfirm/office/', import.meta.url));
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function build() {
  const dir = mkdtempSync(join(tmpdir(), 'subdomain-site-confirmed-'));
  temps.push(dir);
  const out = join(dir, 'site');
  const result = await runCli(OFFICE, ['site', '--out', out]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return { out, read: (path: string) => readFileSync(join(out, path), 'utf8') };
}

const confirmedLine = (page: string) => /<dt><span lang="id">Terakhir dikonfirmasi<\/span> <span class="en" lang="en">\/ Last confirmed<\/span><\/dt><dd class="confirmed">([^<]*)<\/dd>/.exec(page)?.[1];

describe('the public site shows when each subdomain was last confirmed', () => {
  test('a confirmed entry shows its confirmation’s date; an entry never confirmed, its creation’s', async () => {
    const { read } = await build();
    expect(confirmedLine(read('s/pajak.bekasikota.go.id.html'))).toBe('2025-10-01');
    expect(confirmedLine(read('s/sehat.bekasikota.go.id.html'))).toBe('2025-11-17');
    expect(confirmedLine(read('s/arsip.bekasikota.go.id.html'))).toBe('2024-12-03');
  });

  test('the confirmation is no request: the history shows the one registration, and “last changed” stays its date', async () => {
    const { read } = await build();
    const page = read('s/pajak.bekasikota.go.id.html');
    expect(page.match(/<section class="request">/g)).toHaveLength(1);
    expect(page).toContain('<dt><span lang="id">Terakhir diubah</span> <span class="en" lang="en">/ Last changed</span></dt><dd>2024-03-01 11:00 WIB</dd>');
  });

  test('open data carries confirmed_at; who confirmed and the note stay private', async () => {
    const { out, read } = await build();
    const data = JSON.parse(read('data/register.json')) as { subdomains: { fqdn: string; confirmed_at: string; history: { action: string }[] }[] };
    const pajak = data.subdomains.find((s) => s.fqdn === 'pajak.bekasikota.go.id')!;
    expect(pajak.confirmed_at).toBe('2025-10-01T02:00:00Z');
    expect(pajak.history.map((h) => h.action)).toEqual(['create']);
    for (const name of readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const text = readFileSync(join(name.parentPath, name.name), 'utf8');
      expect(text).not.toContain('Masih dipakai');
      expect(text).not.toContain('staf-bapenda');
      expect(text).not.toContain('880001');
    }
  });
});
