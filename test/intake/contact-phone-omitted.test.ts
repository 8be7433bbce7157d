import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderIssueForm } from '../../src/intake/form-template.js';
import { parseIssueForm } from '../../src/intake/parse.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';

const OMIT = 'privacy:\n  contact_phone: omit\n';
const office = (omit: boolean) => {
  const root = tempCopy(join(import.meta.dirname, '../fixtures/office'));
  if (omit) appendFileSync(join(root, '.github/sop.yaml'), OMIT);
  const policy = loadPolicy(new WorkingTree(root));
  if (!policy.ok) throw new Error('the office policy does not load');
  return policy.policy;
};
const formIds = (omit: boolean) => (parse(renderIssueForm(office(omit))) as { body: { id?: string }[] }).body.map((e) => e.id);
const issueBody = readFileSync(join(import.meta.dirname, 'fixtures/issues/valid-create.md'), 'utf8');
const withoutPhoneSection = issueBody.replace(/### Telepon[^\n]*\n\n[^\n]*\n\n/, '');

afterAll(cleanupTemps);

describe('privacy.contact_phone: omit in intake', () => {
  test('the generated issue form has no phone field with omit, and keeps it without', () => {
    expect(formIds(true)).not.toContain('contact_phone');
    expect(formIds(true)).toContain('contact_email');
    expect(formIds(false)).toContain('contact_phone');
  });

  test('the issue form parser writes no phone with omit and does not ask for one', () => {
    const parsed = parseIssueForm(withoutPhoneSection, { zones: ['bekasikota.go.id'], omitContactPhone: true });
    expect(parsed.problems).toEqual([]);
    expect((parsed.request as { contact: object }).contact).toEqual({ name: 'Andi Prasetyo', nip: '199001152015031002', email: 'andi.prasetyo@dinkes.bekasikota.go.id' });
    // A phone typed into an older form is dropped rather than written.
    const older = parseIssueForm(issueBody, { zones: ['bekasikota.go.id'], omitContactPhone: true });
    expect((older.request as { contact: Record<string, unknown> }).contact.phone).toBeUndefined();
    // Without the setting a missing phone is still asked for.
    expect(parseIssueForm(withoutPhoneSection, { zones: ['bekasikota.go.id'] }).problems.map((p) => p.field?.id)).toContain('contact_phone');
  });

  const repo = join(import.meta.dirname, '../validate/fixtures/repo');
  const flags = [
    '--action', 'create', '--opd', 'dinkes', '--name', 'sehat',
    '--purpose', 'Layanan antrean puskesmas untuk warga Kota Contoh.',
    '--letter-number', '400.7/1021/Dinkes', '--letter-date', '2026-11-18',
    '--signer-name', 'dr. Tanti Rohilawati, M.Kes', '--signer-nip', '197205031999032004', '--signer-position', 'Kepala Dinas Kesehatan',
    '--contact-name', 'Andi Prasetyo', '--contact-nip', '199001152015031002', '--contact-email', 'andi.prasetyo@contohkota.go.id',
    '--record', 'A 103.147.8.45',
  ];

  test('subdomain new writes no phone with omit and the file validates', async () => {
    const root = tempCopy(repo);
    appendFileSync(join(root, '.github/sop.yaml'), OMIT);
    const result = await runCli(root, ['new', ...flags]);
    expect(result.code, result.stderr).toBe(0);
    const written = readFileSync(join(root, 'requests/sehat.contohkota.go.id.yaml'), 'utf8');
    expect(written).not.toContain('phone');
    expect((await runCli(root, ['validate'])).code).toBe(0);
  });

  test('subdomain new refuses --contact-phone with omit, naming contact/phone-omitted', async () => {
    const root = tempCopy(repo);
    appendFileSync(join(root, '.github/sop.yaml'), OMIT);
    const result = await runCli(root, ['new', ...flags, '--contact-phone', '081234567890']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('contact/phone-omitted');
  });

  test('subdomain new still requires --contact-phone without the setting', async () => {
    const result = await runCli(tempCopy(repo), ['new', ...flags]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--contact-phone');
  });
});
