import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePaths } from '../../src/validate/validate.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';

const fixtures = join(import.meta.dirname, '../validate/fixtures');
const withPhone = join(fixtures, 'rules/contact--phone-missing/pass/sehat.contohkota.go.id.yaml');
const withoutPhone = join(fixtures, 'rules/contact--phone-missing/fail/sehat.contohkota.go.id.yaml');
const FILE = 'requests/sehat.contohkota.go.id.yaml';

/** The validate fixture repository with one request, its policy optionally keeping no phone numbers. */
function check(request: string, omit: boolean) {
  const root = tempCopy(join(fixtures, 'repo'));
  if (omit) appendFileSync(join(root, '.github/sop.yaml'), 'privacy:\n  contact_phone: omit\n');
  copyFileSync(request, join(root, FILE));
  return { root, report: validatePaths({ root, today: '2026-11-24' }, [FILE]) };
}

afterAll(cleanupTemps);

describe('privacy.contact_phone', () => {
  it('with omit, accepts a request whose contact has no phone', () => {
    const { report } = check(withoutPhone, true);
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('with omit, refuses a request whose contact has a phone, at the phone line', () => {
    const { report } = check(withPhone, true);
    const hits = report.problems.filter((p) => p.rule === 'contact/phone-omitted');
    expect(hits.map((p) => `${p.file}:${p.line}`)).toEqual([`${FILE}:15`]);
    expect(hits[0]!.message.id).toContain('hapus `phone`');
    expect(hits[0]!.message.en).toBe('This office keeps no phone numbers in the repository; remove `phone`.');
    expect(report.valid).toBe(false);
  });

  it('without the setting, refuses a request whose contact has no phone, as before', () => {
    const { report } = check(withoutPhone, false);
    expect(report.problems.map((p) => `${p.rule} ${p.file}:${p.line}`)).toEqual([`contact/phone-missing ${FILE}:11`]);
    expect(report.valid).toBe(false);
  });

  it('with omit, accepts a register entry whose contact has no phone', () => {
    const { root } = check(withoutPhone, true);
    const entry = join(root, 'subdomains/dinkes.contohkota.go.id.yaml');
    const text = readFileSync(entry, 'utf8');
    writeFileSync(entry, text.replace(/^ {2}phone: .*\n/m, ''));
    expect(validatePaths({ root, today: '2026-11-24' }, ['subdomains/dinkes.contohkota.go.id.yaml']).problems).toEqual([]);
  });
});
