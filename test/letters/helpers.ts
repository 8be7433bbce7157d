import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

function has(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** poppler-utils reads the PDFs back; CI installs it (apt-get install -y poppler-utils). */
export const HAVE_PDFTOTEXT = has('pdftotext');
if (!HAVE_PDFTOTEXT) {
  console.warn('test/letters: pdftotext tidak ada / is missing - PDF text tests skipped. Install: apt-get install -y poppler-utils');
}

/** The PDF's text laid out as on the page (`pdftotext -layout`): table rows stay on one line. */
export function pdfLayout(path: string): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

/** The layout text with every run of whitespace as one space: line breaks fall anywhere. */
export function pdfText(path: string): string {
  return pdfLayout(path).replace(/\s+/g, ' ');
}


/** poppler-utils' pdftoppm renders the pages (the rendered-page tests skip without it). */
export const HAVE_PDFTOPPM = has('pdftoppm');
if (!HAVE_PDFTOPPM) {
  console.warn('test/letters: pdftoppm tidak ada / is missing - rendered-page tests skipped. Install: apt-get install -y poppler-utils');
}

/** A rendered page: its size in pixels and the colour of each pixel. */
export interface Raster {
  width: number;
  height: number;
  /** `[r, g, b]`, 0–255. */
  rgb(x: number, y: number): [number, number, number];
}

/** Each page of a PDF as PNG (`pdftoppm -png -r dpi`), decoded. */
export function renderPages(path: string, dpi: number): { png: Buffer; raster: Raster }[] {
  const dir = mkdtempSync(join(tmpdir(), 'letter-png-'));
  try {
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), path, join(dir, 'page')]);
    return readdirSync(dir).filter((f) => f.endsWith('.png')).sort((a, b) => pageNo(a) - pageNo(b)).map((f) => {
      const png = readFileSync(join(dir, f));
      return { png, raster: decodePng(png) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pageNo = (file: string) => Number(/-(\d+)\.png$/.exec(file)?.[1] ?? 0);

/** An 8-bit grey, RGB or RGBA PNG, not interlaced (what pdftoppm writes). */
export function decodePng(png: Buffer): Raster {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[colour!] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) throw new Error(`PNG kind not handled: depth ${depth}, colour ${colour}, interlace ${interlace}`);
    } else if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const corner = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels]! : 0;
      let value = line[i]!;
      if (filter === 1) value += left;
      else if (filter === 2) value += up;
      else if (filter === 3) value += (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - corner;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
        value += pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
      }
      pixels[y * stride + i] = value & 0xff;
    }
  }
  return {
    width,
    height,
    rgb(x, y) {
      const at = (y * width + x) * channels;
      return channels === 1 ? [pixels[at]!, pixels[at]!, pixels[at]!] : [pixels[at]!, pixels[at + 1]!, pixels[at + 2]!];
    },
  };
}

/** Each word pdftotext finds, with its box in points from the page's top left (`pdftotext -bbox`). */
export function pdfWords(path: string): { page: number; word: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const words: ReturnType<typeof pdfWords> = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page += 1;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (m) words.push({ page, word: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'), xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
  }
  return words;
}
