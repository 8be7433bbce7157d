import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { OfficeDocument } from './documents.js';
import { FONT } from './layout.js';

// The PDF standard fonts ship inside pdfkit: nothing is read from disk but these four names,
// and nothing is fetched from the network.
const STANDARD_FONTS = ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique'];
let configured = false;

function configure(): void {
  if (configured) return;
  pdfmake.setFonts({ [FONT]: { normal: STANDARD_FONTS[0]!, bold: STANDARD_FONTS[1]!, italics: STANDARD_FONTS[2]!, bolditalics: STANDARD_FONTS[3]! } });
  pdfmake.setLocalAccessPolicy((path) => STANDARD_FONTS.includes(path));
  pdfmake.setUrlAccessPolicy(() => false);
  configured = true;
}

/** A document definition as PDF bytes. The same definition gives the same bytes. */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  configure();
  return pdfmake.createPdf(definition).getBuffer();
}

/** Writes each document as `<dir>/<fileName>`; returns the paths written, in order. */
export async function writeDocuments(dir: string, documents: readonly OfficeDocument[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const document of documents) {
    const path = join(dir, document.fileName);
    writeFileSync(path, await renderPdf(document.definition));
    paths.push(path);
  }
  return paths;
}
