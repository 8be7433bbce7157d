/**
 * The letters as they print: each page rendered with pdftoppm (poppler-utils) and its pixels
 * read back. Skipped, with a message (helpers.ts), where pdftoppm is missing.
 */
import { join } from 'node:path';
import { TTE_TAG } from '../../src/letters/layout.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { FIXTURES, HAVE_PDFTOPPM, HAVE_PDFTOTEXT, pdfWords, renderPages, type Raster } from './helpers.js';

afterAll(cleanupTemps);

const FQDN = 'sehat.bekasikota.go.id';
/** A4 in points: at 72 dpi, one pixel per point. */
const A4 = { width: 595.28, height: 841.89 };

async function bekasiLetters(): Promise<{ notification: string; ba: string }> {
  const repo = tempCopy(join(FIXTURES, 'bekasi'));
  const result = await runCli(repo, ['letter', FQDN]);
  expect(result.code).toBe(0);
  return { notification: join(repo, 'letters', `${FQDN}-surat-pemberitahuan.pdf`), ba: join(repo, 'letters', `${FQDN}-berita-acara.pdf`) };
}

/** Pixels in a box given in points (scaled by `scale` pixels per point) that pass `test`. */
function count(raster: Raster, box: { xMin: number; yMin: number; xMax: number; yMax: number }, scale: number, test: (rgb: [number, number, number]) => boolean): { hits: number; all: number } {
  let hits = 0;
  let all = 0;
  for (let y = Math.floor(box.yMin * scale); y < Math.min(raster.height, Math.ceil(box.yMax * scale)); y++) {
    for (let x = Math.floor(box.xMin * scale); x < Math.min(raster.width, Math.ceil(box.xMax * scale)); x++) {
      all += 1;
      if (test(raster.rgb(x, y))) hits += 1;
    }
  }
  return { hits, all };
}

const dark = ([r, g, b]: [number, number, number]) => r + g + b < 3 * 128;
const inked = ([r, g, b]: [number, number, number]) => Math.min(r, g, b) < 235;
/** Coloured, not grey: the emblem (text and rules are black or grey). */
const coloured = ([r, g, b]: [number, number, number]) => Math.max(r, g, b) - Math.min(r, g, b) > 60;

describe.skipIf(!HAVE_PDFTOPPM || !HAVE_PDFTOTEXT)('subdomain letter: the pages as printed (pdftoppm)', () => {
  let files: { notification: string; ba: string };
  beforeAll(async () => {
    files = await bekasiLetters();
  });

  it('renders the notification as two A4 portrait pages: the letter and its attachment', () => {
    const pages = renderPages(files.notification, 72);
    expect(pages).toHaveLength(2);
    for (const { png, raster } of pages) {
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(Math.abs(raster.width - A4.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(raster.height - A4.height)).toBeLessThanOrEqual(1);
    }
  });

  it('prints the kop surat: the emblem in colour and the office name in ink at the top of the first page, the margin blank', () => {
    const raster = renderPages(files.notification, 72)[0]!.raster;
    const words = pdfWords(files.notification).filter((w) => w.page === 1);
    // The kop surat: from the top margin to the office's name (its last line: KOTA BEKASI).
    const office = words.find((w) => w.word === 'PERSANDIAN')!;
    expect(office).toBeDefined();
    const kop = { xMin: 64, yMin: 40, xMax: A4.width - 56, yMax: office.yMax };
    const ink = count(raster, kop, 1, dark);
    expect(ink.hits / ink.all).toBeGreaterThan(0.03);
    // The emblem sits left of the text, in colour.
    expect(count(raster, { xMin: 64, yMin: 40, xMax: 64 + 56, yMax: 40 + 62 }, 1, coloured).hits).toBeGreaterThan(200);
    // Nothing is printed in the left margin.
    expect(count(raster, { xMin: 0, yMin: 0, xMax: 50, yMax: A4.height }, 1, inked).hits).toBe(0);
  });

  it(`keeps the ${TTE_TAG} tag in the text, where the signing application looks for it, but prints nothing there; the box’s caption shows`, () => {
    for (const file of [files.notification, files.ba]) {
      const words = pdfWords(file);
      const tags = words.filter((w) => w.word === TTE_TAG);
      expect(tags, file).toHaveLength(1);
      const tag = tags[0]!;
      const caption = words.find((w) => w.page === tag.page && w.word === 'Ruang' && w.yMin > tag.yMin)!;
      expect(caption, file).toBeDefined();
      const page = renderPages(file, 144)[tag.page - 1]!.raster;
      expect(count(page, tag, 2, inked).hits, file).toBe(0);
      expect(count(page, caption, 2, inked).hits, file).toBeGreaterThan(10);
    }
  });
});
