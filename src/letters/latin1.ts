/**
 * The PDF's standard fonts (Helvetica) encode WinAnsi only: Latin-1 plus the typographic
 * characters Windows-1252 puts at 0x80–0x9F (— – ‘ ’ “ ” … • €). Anything else prints as
 * garbage without an error, so every text that reaches a document passes through here.
 */

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const REPLACEMENTS: Record<string, string> = {
  '→': '->', '←': '<-', '↔': '<->', '⇒': '=>', '≥': '>=', '≤': '<=', '≠': '!=', '≈': '~',
  '−': '-', '‐': '-', '‑': '-', '‒': '-', '―': '-', '′': "'", '″': '"', '✓': 'v', '✔': 'v',
  '✗': 'x', '✘': 'x', '\u200b': '', '\u200c': '', '\u200d': '', '\ufeff': '',
  '\u2009': ' ', '\u202f': ' ', '\u2002': ' ', '\u2003': ' ',
};

export function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return char === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

/** Text the standard fonts can draw: close look-alikes where they exist, `?` otherwise. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isWinAnsi(char)) out += char;
    else if (char === '\t' || char === '\r') out += ' ';
    else if (char in REPLACEMENTS) out += REPLACEMENTS[char];
    else {
      // ș → s, ő → o: drop the accents the font lacks, keep the letter.
      const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every(isWinAnsi) ? base : '?';
    }
  }
  return out;
}

/** Applies `toWinAnsi` to every string inside a document definition (text, table cells, lists). */
export function sanitizeStrings<T>(value: T): T {
  if (typeof value === 'string') return toWinAnsi(value) as T;
  if (Array.isArray(value)) return value.map((item) => sanitizeStrings(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = TEXT_KEYS.has(key) ? sanitizeStrings(item) : item;
    return out as T;
  }
  return value;
}

// Keys whose strings are printed. Style names, fonts, colours and alignments stay untouched.
const TEXT_KEYS = new Set(['content', 'text', 'stack', 'columns', 'table', 'body', 'ul', 'ol', 'header', 'footer', 'title', 'subject', 'author', 'keywords', 'info']);
