/**
 * The built site in a real browser: Debian's chromium driven by playwright-core, the site
 * served from 127.0.0.1 under a sub-path as GitHub Pages serves it. Screenshots go to the temp
 * folder (never the repository) for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from '../helpers/run-cli.js';
import { serveFolder } from './serve.js';
import { bekasi } from '../../src/policy/presets/bekasi.js';

// SITE_CHROMIUM only lets the skip/fail behaviour itself be tried; CI uses Debian's package.
const CHROMIUM = process.env.SITE_CHROMIUM ?? '/usr/bin/chromium';
const FIXTURE = fileURLToPath(new URL('./fixtures/repo/', import.meta.url));
const HAVE_CHROMIUM = existsSync(CHROMIUM);
// In CI the browser is installed by .ci/run: a missing browser there is a failure, not a skip.
const RUN = HAVE_CHROMIUM || Boolean(process.env.CI);
if (!RUN) {
  console.warn(`LEWATI / SKIPPED browser tests: ${CHROMIUM} is missing (apt-get install -y chromium). They run, and fail without it, when CI is set.`);
}

export const SCREENSHOTS = process.env.SITE_SCREENSHOTS ?? join(tmpdir(), 'subdomain-site-screenshots');

describe.skipIf(!RUN)('the register site in headless chromium', () => {
  let out: string;
  let site: Awaited<ReturnType<typeof serveFolder>>;
  let browser: Browser;
  let page: Page;
  const external: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`${CHROMIUM} is missing: CI must install the Debian package chromium before the tests.`);
    out = join(mkdtempSync(join(tmpdir(), 'subdomain-site-')), 'site');
    const built = await runCli(FIXTURE, ['site', '--out', out, '--repo-url', 'https://github.com/pemkot-bekasi/subdomain']);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    site = await serveFolder(out);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    // Only the local server may be contacted: anything else (a CDN, a font, an injected
    // resource) is recorded and refused.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      external.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (out) rmSync(join(out, '..'), { recursive: true, force: true });
  });

  const visibleRows = () => page.locator('#register tbody tr[data-search]:visible');

  test('the register lists every subdomain and the search box filters it as you type', async () => {
    await page.goto(`${site.url}index.html`);
    await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
    expect(await visibleRows().count()).toBe(4);
    expect(await page.locator('#count').textContent()).toBe('4');
    expect(await page.locator('h1').textContent()).toContain('Daftar Sub Domain');

    await page.locator('#q').pressSequentially('ppdb', { delay: 20 });
    await expect.poll(() => visibleRows().count()).toBe(1);
    expect(await visibleRows().first().textContent()).toContain('ppdb.disdik.bekasikota.go.id');
    expect(await page.locator('#count').textContent()).toBe('1');

    // Words match anywhere in the row, in any order, without accents or case.
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('PAJAK daring', { delay: 10 });
    await expect.poll(() => visibleRows().count()).toBe(1);
    expect(await visibleRows().first().textContent()).toContain('pajak.bekasikota.go.id');

    await page.locator('#q').fill('tidak-ada-yang-cocok');
    await expect.poll(() => visibleRows().count()).toBe(0);
    expect(await page.locator('#empty').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'register-no-match.png') });
    await page.locator('#q').fill('');
    await expect.poll(() => visibleRows().count()).toBe(4);
  });

  test('the OPD filter narrows the list and the filtered view can be shared as a link', async () => {
    await page.goto(`${site.url}index.html`);
    await page.locator('#opd').selectOption('disdik');
    await expect.poll(() => visibleRows().count()).toBe(1);
    expect(await visibleRows().first().getAttribute('data-opd')).toBe('disdik');
    await page.locator('#opd').selectOption('dinkes');
    await expect.poll(() => visibleRows().count()).toBe(1);
    expect(await visibleRows().first().textContent()).toContain('sehat.bekasikota.go.id');
    expect(page.url()).toContain('opd=dinkes');

    await page.goto(`${site.url}index.html?opd=bapenda&q=pajak`);
    await expect.poll(() => visibleRows().count()).toBe(1);
    expect(await page.locator('#q').inputValue()).toBe('pajak');
    expect(await page.locator('#opd').inputValue()).toBe('bapenda');
    await page.goto(`${site.url}index.html`);
    await page.screenshot({ path: join(SCREENSHOTS, 'register.png'), fullPage: true });
  });

  test('a subdomain page shows its history of requests and SOP steps', async () => {
    await page.goto(`${site.url}index.html`);
    await page.getByRole('link', { name: 'ppdb.disdik.bekasikota.go.id' }).click();
    await page.waitForURL(/\/s\/ppdb\.disdik\.bekasikota\.go\.id\.html$/);
    expect(await page.locator('h2#name').textContent()).toBe('ppdb.disdik.bekasikota.go.id');
    const requests = page.locator('section.request');
    expect(await requests.count()).toBe(2);
    // Newest first: the update, then the registration.
    expect(await requests.nth(0).locator('h3').textContent()).toContain('PR #19');
    expect(await requests.nth(1).locator('h3').textContent()).toContain('PR #7');
    const steps = requests.nth(1).locator('table.steps tbody tr');
    expect(await steps.count()).toBe(4);
    const check = steps.nth(2);
    expect(await check.textContent()).toContain('Memeriksa kelengkapan berkas');
    expect(await check.textContent()).toContain('Kepala Seksi Pengembangan E-Government');
    expect(await check.textContent()).not.toContain('kasi-egov');
    expect(await check.textContent()).toContain('31 menit');
    expect(await check.locator('.late').textContent()).toContain('Terlambat');
    expect(await requests.nth(1).locator('a', { hasText: 'PR #7' }).getAttribute('href')).toBe('https://github.com/pemkot-bekasi/subdomain/pull/7');
    await page.screenshot({ path: join(SCREENSHOTS, 'subdomain.png'), fullPage: true });
  });

  test('hostile register content shows as text and runs nothing', async () => {
    await page.goto(`${site.url}s/uji-xss.bekasikota.go.id.html`);
    const purpose = await page.locator('dl.facts dd').nth(1).textContent();
    expect(purpose).toContain('<script>alert("purpose")</script>');
    expect(purpose).not.toContain('0857');
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img, iframe, svg[onload]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('the Mutu Baku dashboard shows the chart, the table and the late steps', async () => {
    await page.goto(`${site.url}index.html`);
    await page.getByRole('link', { name: /Mutu Baku/ }).click();
    await page.waitForURL(/mutu-baku\.html$/);
    expect(await page.locator('svg.chart').isVisible()).toBe(true);
    // Five Bekasi steps, the hostile fixture's unknown step, and the whole service.
    expect(await page.locator('svg.chart g.row').count()).toBe(7);
    const table = page.locator('#steps-table tbody tr');
    expect(await table.count()).toBe(7);
    expect(await table.filter({ hasText: 'Memeriksa kelengkapan berkas' }).textContent()).toContain('20 menit');
    expect(await page.locator('#late-steps').textContent()).toContain('ppdb.disdik.bekasikota.go.id');
    await page.screenshot({ path: join(SCREENSHOTS, 'mutu-baku.png'), fullPage: true });
    await page.locator('svg.chart').screenshot({ path: join(SCREENSHOTS, 'chart.png') });
  });

  test('step names in the chart are shown whole, wrapped onto more lines, clear of the bars and of the line below', async () => {
    await page.goto(`${site.url}mutu-baku.html`);
    const rows = page.locator('svg.chart g.row');
    const labels: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const label = row.locator('text.label');
      labels.push((await label.locator('tspan').allTextContents()).join(' '));
      const box = (await label.boundingBox())!;
      const below = (await row.locator('text').nth(1).boundingBox())!;
      const right = (await row.locator('text').last().boundingBox())!;
      // Rows without data have no bar: the text at the right is the limit then.
      const bar = (await row.locator('rect').count()) > 0 ? await row.locator('rect').first().boundingBox() : null;
      expect(box.x + box.width, labels[i]).toBeLessThan((bar ?? right).x);
      expect(box.y + box.height, labels[i]).toBeLessThanOrEqual(below.y + 1);
    }
    // Every SOP row's name as the preset writes it, the longest (88 characters) included.
    for (const step of bekasi.steps) expect(labels).toContain(step.title);
    expect(labels.some((l) => l.length > 80)).toBe(true);
    expect(await page.locator('body').textContent()).not.toContain('…');
    // The table wraps long names inside their cell: nothing is hidden behind the cell's edge.
    const cells = page.locator('#steps-table td.step');
    for (let i = 0; i < (await cells.count()); i++) {
      const { scroll, client } = await cells.nth(i).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(scroll).toBeLessThanOrEqual(client);
    }
    await page.locator('svg.chart').screenshot({ path: join(SCREENSHOTS, 'chart-labels.png') });
  });

  test('nothing outside 127.0.0.1 was requested, no script error, no dialog', () => {
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
