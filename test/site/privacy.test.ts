/**
 * Personal data never leaves the repository (UU 27/2022, PDP): every NIP, phone number, e-mail
 * address and name of a contact or letter signer in the register, and each applicant's login,
 * is looked for in every file the site build writes — as written, case-insensitively, after
 * undoing HTML and JSON escaping, and (for numbers) with any spacing or punctuation.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.js';
import { REDACTED, scrubber } from '../../src/site/public-register.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/repo/', import.meta.url));
const OFFICE = fileURLToPath(new URL('../fixtures/office/', import.meta.url));
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

interface Personal {
  texts: string[];
  numbers: string[];
}

/** Read straight from the YAML, independently of the code under test. */
function personalDataOf(repo: string): Personal {
  const texts: string[] = [];
  const numbers: string[] = [];
  for (const name of readdirSync(join(repo, 'subdomains')).filter((n) => n.endsWith('.yaml'))) {
    const entry = parse(readFileSync(join(repo, 'subdomains', name), 'utf8'));
    texts.push(entry.contact.name, entry.contact.email);
    numbers.push(entry.contact.nip, entry.contact.phone);
    for (const h of entry.history) {
      texts.push(h.letter.signer.name);
      numbers.push(h.letter.signer.nip);
      if (h.applicant) texts.push(h.applicant);
      if (h.letter.attachment) texts.push(h.letter.attachment);
    }
  }
  return { texts: [...new Set(texts)], numbers: [...new Set(numbers)] };
}

function decoded(text: string): string {
  return text
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\"/g, '"')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** National significant digits: `+62 812-1000-2222`, `0812 1000 2222` → `81210002222`. */
function significant(number: string): string {
  return number.replace(/\D/g, '').replace(/^(?:62|0)/, '');
}

function leaks(dir: string, personal: Personal): string[] {
  const found: string[] = [];
  const walk = (prefix: string): string[] =>
    readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(prefix, e.name)) : [join(prefix, e.name)]));
  for (const file of walk('')) {
    const raw = readFileSync(join(dir, file), 'utf8');
    const text = `${raw}\n${decoded(raw)}`.toLowerCase();
    for (const t of personal.texts) if (text.includes(t.toLowerCase())) found.push(`${file}: ${t}`);
    // Every run of digits with separators, compared by its significant digits.
    const runs = (text.match(/[+(]?\d[\d\s().-]{5,}\d/g) ?? []).map(significant);
    for (const n of personal.numbers) {
      const digits = significant(n);
      if (runs.some((r) => r.includes(digits))) found.push(`${file}: ${n}`);
    }
  }
  return found;
}

async function buildSite(repo: string): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'subdomain-privacy-')), 'site');
  temps.push(join(out, '..'));
  const result = await runCli(repo, ['site', '--out', out, '--repo-url', 'https://github.com/pemkot-bekasi/subdomain']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

describe('no personal data on the site', () => {
  test('the fixtures really hold personal data, also inside a purpose (the test can fail)', () => {
    const personal = personalDataOf(FIXTURE);
    expect(personal.texts).toContain('Rina Marlina');
    expect(personal.texts).toContain('yoga.pratama@gmail.com');
    expect(personal.numbers).toContain('+62 812-1000-2222');
    const hostile = readFileSync(join(FIXTURE, 'subdomains/uji-xss.bekasikota.go.id.yaml'), 'utf8');
    expect(hostile).toMatch(/Yoga Pratama di 0857-1234-9876 atau yoga.pratama@gmail.com, NIP 199203172019031011/);
    // And the check finds them in text that has them.
    expect(leaks(FIXTURE, personal).length).toBeGreaterThan(10);
  });

  test('no NIP, phone, e-mail, contact or signer name, or applicant login in any file the build writes', async () => {
    const out = await buildSite(FIXTURE);
    expect(leaks(out, personalDataOf(FIXTURE))).toEqual([]);
  });

  test("the reference office's register (Bekasi) publishes nothing personal either", async () => {
    const out = await buildSite(OFFICE);
    const personal = personalDataOf(OFFICE);
    expect(personal.texts.length).toBeGreaterThan(0);
    expect(leaks(out, personal)).toEqual([]);
  });

  test('personal data typed into free text is hidden, whether or not the register knows the person', () => {
    const scrub = scrubber([]);
    expect(scrub.text('Hubungi 0812-3456-7890 / +62 857 1111 2222 / 6281311112222')).toBe(`Hubungi ${REDACTED} / ${REDACTED} / ${REDACTED}`);
    expect(scrub.text('surel budi.s@gmail.com')).toBe(`surel ${REDACTED}`);
    expect(scrub.text('NIP 19850712 201001 2 015, NIK 3275011703920001')).toBe(`NIP ${REDACTED}, NIK ${REDACTED}`);
    // Ordinary numbers stay: addresses, years, letter numbers.
    expect(scrub.text('Server 103.147.8.20 sejak 2026, surat 400.3/112/Disdik')).toBe('Server 103.147.8.20 sejak 2026, surat 400.3/112/Disdik');
  });
});
