import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';
import { escapeHtml, html, safeUrl } from '../../src/site/html.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/repo/', import.meta.url));
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'subdomain-site-test-'));
  temps.push(dir);
  return dir;
}

export function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

async function build(repo = FIXTURE, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const out = join(tempDir(), 'site');
  const result = await runCli(repo, ['site', '--out', out, ...extra], { env });
  return { out, ...result, read: (path: string) => readFileSync(join(out, path), 'utf8') };
}

describe('subdomain site', () => {
  test('writes the register, a page per subdomain, the dashboard, local assets and open data', async () => {
    const { out, code, stdout, stderr } = await build();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('4 sub domain');
    expect(filesUnder(out).sort()).toEqual([
      '.subdomain-site',
      'assets/site.css',
      'assets/site.js',
      'data/mutu-baku.json',
      'data/register.json',
      'index.html',
      'mutu-baku.html',
      's/pajak.bekasikota.go.id.html',
      's/ppdb.disdik.bekasikota.go.id.html',
      's/sehat.bekasikota.go.id.html',
      's/uji-xss.bekasikota.go.id.html',
    ]);
  });

  test('the register lists each subdomain with its OPD, purpose, records or hosting, and date', async () => {
    const { read } = await build();
    const index = read('index.html');
    const row = (fqdn: string) => index.slice(index.indexOf(`<a href="s/${fqdn}.html">`), index.indexOf('</tr>', index.indexOf(`<a href="s/${fqdn}.html">`)));
    expect(row('sehat.bekasikota.go.id')).toContain('<td>Dinas Kesehatan</td>');
    expect(row('sehat.bekasikota.go.id')).toContain('Informasi layanan kesehatan, jadwal posyandu dan puskesmas Kota Bekasi.');
    expect(row('sehat.bekasikota.go.id')).toContain('<span class="tag">A</span> <code>103.147.8.40</code>');
    expect(row('sehat.bekasikota.go.id')).toContain('<span class="tag">MX</span> <code>10 mx1.bekasikota.go.id</code>');
    expect(row('sehat.bekasikota.go.id')).toContain('<td>2026-02-03</td>');
    expect(row('pajak.bekasikota.go.id')).toContain('<span class="tag">HOSTING</span>');
    // The first registration is the date, not the last change.
    expect(row('ppdb.disdik.bekasikota.go.id')).toContain('<td>2025-05-13</td>');
    expect(index).toContain('<option value="disdik">Dinas Pendidikan</option>');
    expect(index).toContain('<html lang="id">');
    expect(index).toContain('<span class="en" lang="en">/ Search</span>');
  });

  test('everything is local: no http(s) resource is loaded by any page', async () => {
    const { out, read } = await build(FIXTURE, ['--repo-url', 'https://github.com/pemkot-bekasi/subdomain']);
    for (const file of filesUnder(out).filter((f) => f.endsWith('.html'))) {
      const page = read(file);
      expect(page.match(/<(script|link|img|iframe)[^>]*(src|href)="https?:/gi)).toBeNull();
      expect(page).toContain("script-src 'self'");
    }
  });

  test('a subdomain page has its requests, newest first, with each SOP step against Mutu Baku', async () => {
    const { read } = await build(FIXTURE, [], { GITHUB_REPOSITORY: 'pemkot-bekasi/subdomain', GITHUB_SERVER_URL: 'https://github.com' });
    const page = read('s/ppdb.disdik.bekasikota.go.id.html');
    expect(page.indexOf('PR #19')).toBeLessThan(page.indexOf('PR #7'));
    expect(page).toContain('href="https://github.com/pemkot-bekasi/subdomain/pull/7"');
    expect(page).toContain('href="https://github.com/pemkot-bekasi/subdomain/commit/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b"');
    expect(page).toContain('400.3/245/Disdik, 2025-05-12');
    // pemeriksaan_kasi took 31 minutes against 20: late.
    const kasi = page.slice(page.lastIndexOf('data-step="pemeriksaan_kasi"'), page.indexOf('</tr>', page.lastIndexOf('data-step="pemeriksaan_kasi"')));
    expect(kasi).toContain('<td>31 menit</td>');
    expect(kasi).toContain('<td>20 menit</td>');
    expect(kasi).toContain('class="late"');
    expect(kasi).toContain('Memeriksa kelengkapan berkas dan mempelajari tujuan pembuatan sub domain');
    // This policy names nobody: the role's title, and a note saying the name is missing.
    expect(kasi).toContain('<span class="official">Kepala Seksi Pengembangan E-Government</span>');
    expect(kasi).toContain('nama belum diisi di kebijakan');
    expect(page).not.toContain('kasi-egov');
    expect(page).toContain('2025-05-13 08:40 WIB');
    expect(page).toContain('1 jam 44 menit / 1 h 44 min');
  });

  test('the dashboard has an inline SVG chart and the same numbers as a table', async () => {
    const { read } = await build();
    const page = read('mutu-baku.html');
    expect(page).toContain('<svg class="chart" role="img"');
    expect(page).toContain('<table id="steps-table">');
    expect(page).toContain('<table id="late-steps">');
    const data = JSON.parse(read('data/mutu-baku.json'));
    const kasi = data.steps.find((s: { id: string }) => s.id === 'pemeriksaan_kasi');
    // 35 (sehat), 31 (ppdb create, recorded), 20 (ppdb update), 18 (pajak) minutes.
    expect(kasi).toMatchObject({ count: 4, standard_s: 1200, median_s: 1530, late: 2 });
  });

  test('same register, same bytes', async () => {
    const a = await build();
    const b = await build();
    for (const file of filesUnder(a.out)) expect(b.read(file)).toBe(a.read(file));
  });

  test('an earlier build is replaced; a folder that is not a build is refused and left alone', async () => {
    const { out } = await build();
    writeFileSync(join(out, 's', 'hapus.bekasikota.go.id.html'), 'stale');
    const again = await runCli(FIXTURE, ['site', '--out', out]);
    expect(again.code).toBe(0);
    expect(existsSync(join(out, 's', 'hapus.bekasikota.go.id.html'))).toBe(false);

    const other = tempDir();
    writeFileSync(join(other, 'penting.txt'), 'jangan dihapus');
    const refused = await runCli(FIXTURE, ['site', '--out', other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty and was not built by `subdomain site`');
    expect(readFileSync(join(other, 'penting.txt'), 'utf8')).toBe('jangan dihapus');
  });

  test('usage mistakes exit 2; a broken register exits 1 and writes nothing', async () => {
    expect((await runCli(FIXTURE, ['site'])).code).toBe(2);
    expect((await runCli(FIXTURE, ['site', '--out', 'x', '--repo-url', 'javascript:alert(1)'])).code).toBe(2);
    const repo = tempDir();
    mkdirSync(join(repo, '.github'));
    mkdirSync(join(repo, 'subdomains'));
    writeFileSync(join(repo, '.github/sop.yaml'), readFileSync(join(FIXTURE, '.github/sop.yaml')));
    writeFileSync(join(repo, 'subdomains/rusak.bekasikota.go.id.yaml'), 'opd: dinkes\nopd: disdik\n');
    const broken = await runCli(repo, ['site', '--out', 'keluar']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('subdomains/rusak.bekasikota.go.id.yaml');
    expect(existsSync(join(repo, 'keluar'))).toBe(false);
  });
});

describe('HTML escaping', () => {
  test('the template escapes every interpolated value; only its own output passes through', () => {
    const hostile = `<script>alert("x")</script>&'`;
    expect(html`<p title="${hostile}">${hostile}</p>`.text).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>');
    expect(html`<div>${html`<b>${hostile}</b>`}</div>`.text).toBe(`<div><b>${escapeHtml(hostile)}</b></div>`);
    expect(html`${[1, '<', null, undefined, false]}`.text).toBe('1&lt;');
  });

  test('links may only be http(s) or relative', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,x')).toBe('#');
    expect(safeUrl('https://github.com/a/b/pull/1')).toBe('https://github.com/a/b/pull/1');
    expect(safeUrl('s/x.bekasikota.go.id.html')).toBe('s/x.bekasikota.go.id.html');
  });

  test('hostile purpose, records, letter, step and login in the register become text on every page', async () => {
    const { out, read } = await build(FIXTURE, ['--repo-url', 'https://github.com/pemkot-bekasi/subdomain']);
    for (const file of filesUnder(out).filter((f) => f.endsWith('.html'))) {
      const page = read(file);
      // One script element per page: ours.
      expect(page.match(/<script\b/gi), file).toHaveLength(1);
      expect(page).toMatch(/<script src="(\.\.\/)?assets\/site\.js" defer><\/script>/);
      // No element from the register: no img, iframe, svg with handlers, no inline handlers at all.
      expect(page, file).not.toMatch(/<(img|iframe|b|i)\b/i);
      // Attribute values are quoted and escaped: strip them, then look for handler attributes.
      const tags = page.replace(/="[^"]*"/g, '=""');
      expect(tags, file).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(page, file).not.toMatch(/href="\s*javascript:/i);
    }
    const xss = read('s/uji-xss.bekasikota.go.id.html');
    expect(xss).toContain('&lt;script&gt;alert(&quot;purpose&quot;)&lt;/script&gt;');
    expect(xss).toContain('&lt;b&gt;045&lt;/b&gt;/Kominfo&quot;onmouseover=&quot;alert(1)');
    expect(xss).toContain('&lt;/code&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
    expect(xss).toContain('<span class="official">&quot;&gt;&lt;b&gt;role&lt;/b&gt;</span>');
    // The hostile login is not on the page at all (officials are named by title and name).
    expect(xss).not.toContain('svg onload=alert(5)');
    expect(read('index.html')).toContain('Dinas Komunikasi &amp; Informatika &lt;Uji&gt;');
  });
});
