/**
 * The public site says what it means, on a temp copy of the reference office (Bekasi), whose
 * policy names its officials (`office.officials`), plus `fixtures/office-additions/`: a step taken
 * by a login the policy gives no name, a step without a time standard, an imported entry and
 * re-confirmations.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { bekasi } from '../../src/policy/presets/bekasi.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { runCli } from '../helpers/run-cli.js';

const OFFICE = fileURLToPath(new URL('../fixtures/office/', import.meta.url));
const ADDITIONS = fileURLToPath(new URL('./fixtures/office-additions/subdomains/', import.meta.url));
const OFFICIAL_SIGNED = fileURLToPath(new URL('./fixtures/official-signed/subdomains/', import.meta.url));

afterAll(cleanupTemps);

/** The officials the policy names, read from its YAML (independently of the code under test). */
function officials(): Record<string, string> {
  return parse(readFileSync(join(OFFICE, '.github/sop.yaml'), 'utf8')).office.officials;
}

/** What a reader sees: the text without tags and attributes, entities undone, spaces collapsed. */
function visibleText(page: string): string {
  return page
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** The visible text of each step row of a page: `data-step` → text. */
function stepRows(page: string): { step: string; text: string }[] {
  return [...page.matchAll(/<tr data-step="([^"]*)">([\s\S]*?)<\/tr>/g)].map((m) => ({ step: m[1]!, text: visibleText(m[2]!).trim() }));
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
}

async function build(additions = ADDITIONS) {
  const repo = tempCopy(OFFICE);
  cpSync(additions, join(repo, 'subdomains'), { recursive: true });
  const out = join(repo, '_site');
  const result = await runCli(repo, ['site', '--out', out, '--repo-url', 'https://github.com/pemkot-bekasi/subdomain']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const read = (path: string) => readFileSync(join(out, path), 'utf8');
  return { read, pages: htmlFiles(out).map((f) => ({ file: f, html: read(f) })) };
}

describe('officials on the subdomain pages', () => {
  test('each SOP step shows its SOP row name and the official’s title and name, not a step id or a login', async () => {
    const { read } = await build();
    const names = officials();
    const rows = stepRows(read('s/ppdb.disdik.bekasikota.go.id.html'));
    expect(rows.map((r) => r.step)).toEqual(['disposisi_kadis', 'disposisi_kabid', 'pemeriksaan_kasi', 'pembuatan']);
    const row = (step: string) => rows.find((r) => r.step === step)!.text;
    expect(row('disposisi_kabid')).toContain(`${bekasi.steps[1]!.title} (SOP 2)`);
    expect(row('disposisi_kabid')).toContain(`Kepala Bidang E-Government ${names['kabid-egov']}`);
    expect(row('pemeriksaan_kasi')).toContain(`Kepala Seksi Pengembangan E-Government ${names['kasi-egov']}`);
    expect(row('pembuatan')).toContain(`Pelaksana ${names['admin-server']}`);
    expect(row('disposisi_kadis')).toContain(`Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian ${names['kadis-bekasi']}`);
    for (const { step, text } of rows) {
      expect(text).not.toContain(step);
      expect(text).not.toContain('@');
    }
  });

  test('a login the policy names appears nowhere on any page, not even in a link', async () => {
    const { pages } = await build();
    for (const { file, html } of pages) {
      for (const login of Object.keys(officials())) expect(html, `${file}: ${login}`).not.toContain(login);
    }
  });

  test('a login the policy gives no name shows as the role’s title with a note, still without the login', async () => {
    const { read } = await build();
    const page = read('s/kios.bekasikota.go.id.html');
    const pembuatan = stepRows(page).find((r) => r.step === 'pembuatan')!.text;
    expect(pembuatan).toContain('Pelaksana (nama belum diisi di kebijakan / name not in the policy)');
    expect(visibleText(page)).not.toContain('pelaksana-baru');
    // A step the current SOP no longer has keeps the title its history recorded.
    expect(stepRows(page).find((r) => r.step === 'verifikasi_lama')!.text).toContain('Verifikasi berkas (SOP lama)');
  });

  test('the personal data rules still hold: an official who also signed a request letter is not named', async () => {
    const { read, pages } = await build(OFFICIAL_SIGNED);
    const kasi = stepRows(read('s/ppdb.disdik.bekasikota.go.id.html')).find((r) => r.step === 'pemeriksaan_kasi')!.text;
    expect(kasi).toContain('Kepala Seksi Pengembangan E-Government [disembunyikan / hidden]');
    for (const { file, html } of pages) expect(html, file).not.toContain('Agus Setiawan');
    expect(read('data/register.json')).not.toContain('Agus Setiawan');
    // The other officials keep their names.
    expect(read('s/statistik.bekasikota.go.id.html')).toContain(officials()['kabid-egov']!);
  });

  test('the late steps on the dashboard name the official the same way', async () => {
    const { read } = await build();
    const late = read('mutu-baku.html').match(/<table id="late-steps">([\s\S]*?)<\/table>/)![1]!;
    const text = visibleText(late);
    expect(text).toContain(`Kepala Seksi Pengembangan E-Government ${officials()['kasi-egov']}`);
    expect(text).toContain(bekasi.steps[2]!.title);
    expect(text).not.toContain('pemeriksaan_kasi');
  });

  test('the open data gives each step its title and official beside the login', async () => {
    const { read } = await build();
    const data = JSON.parse(read('data/register.json'));
    const kios = data.subdomains.find((s: { fqdn: string }) => s.fqdn === 'kios.bekasikota.go.id');
    const steps = kios.history[0].steps as { step: string; title: string; official: unknown; by: string }[];
    expect(steps.find((s) => s.step === 'pemeriksaan_kasi')).toMatchObject({
      title: bekasi.steps[2]!.title,
      official: { title: 'Kepala Seksi Pengembangan E-Government', name: officials()['kasi-egov'] },
      by: 'kasi-egov',
    });
    expect(steps.find((s) => s.step === 'pembuatan')!.official).toEqual({ title: 'Pelaksana', name: null });
  });
});

describe('the Mutu Baku dashboard', () => {
  test('the headline counts only steps that have a time standard', async () => {
    const { read } = await build();
    const card = visibleText(read('mutu-baku.html').match(/<div class="card" id="within-standard">([\s\S]*?)<\/div>/)![1]!);
    // 20 steps with a standard, 8 of them late; kios's old step (2 hours, no standard) is not one of them.
    expect(card).toContain('60% langkah dalam Mutu Baku / steps within the time standard (12/20)');
    const data = JSON.parse(read('data/mutu-baku.json'));
    expect(data.steps_with_standard).toEqual({ count: 20, late: 8 });
  });

  test('an imported entry and re-confirmations are not counted as measured requests', async () => {
    const { read } = await build();
    const text = visibleText(read('mutu-baku.html'));
    expect(text).toContain('5 permohonan diukur / requests measured');
    const data = JSON.parse(read('data/mutu-baku.json'));
    expect(data.requests_measured).toBe(5);
    expect(data.requests.map((r: { fqdn: string }) => r.fqdn)).not.toContain('arsip.bekasikota.go.id');
    // The imported entry still has its page, as an adoption, with no SOP steps.
    expect(read('s/arsip.bekasikota.go.id.html')).toContain('Diambil alih dari zona yang sudah ada');
  });

  test('step names are whole in the chart and the tables: nothing is cut off with an ellipsis', async () => {
    const { read } = await build();
    const page = read('mutu-baku.html');
    expect(page).not.toContain('…');
    const chart = page.match(/<svg class="chart"[\s\S]*?<\/svg>/)![0];
    const labels = [...chart.matchAll(/<text class="label"[^>]*>([\s\S]*?)<\/text>/g)].map((m) => [...m[1]!.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]).join(' '));
    const table = visibleText(page.match(/<table id="steps-table">([\s\S]*?)<\/table>/)![1]!);
    for (const step of bekasi.steps) {
      expect(labels).toContain(step.title);
      expect(table).toContain(step.title);
    }
  });
});

describe('wording', () => {
  test('the site calls DNS records “catatan DNS”, never “rekaman”', async () => {
    const { read, pages } = await build();
    expect(visibleText(read('index.html'))).toContain('catatan DNS');
    for (const { file, html } of pages) expect(html.toLowerCase(), file).not.toContain('rekaman');
  });
});

describe('a request the office filed from the letter it received', () => {
  test('the page says the letter came through Srikandi and was filed by the registrar’s role, never by login', async () => {
    const { read, pages } = await build(fileURLToPath(new URL('./fixtures/registrar/subdomains/', import.meta.url)));
    const text = visibleText(read('s/surat.bekasikota.go.id.html'));
    expect(text).toContain('B-77/SRIKANDI/2026');
    expect(text).toContain('diterima melalui Srikandi');
    expect(text).toContain('Dicatat oleh');
    expect(text).toContain('Pelaksana atas nama OPD');
    for (const page of pages) expect(page.html).not.toContain('sekre-pencatat');
  });
});
