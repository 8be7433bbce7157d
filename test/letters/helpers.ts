import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

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

