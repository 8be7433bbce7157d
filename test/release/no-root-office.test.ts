import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRootOffice } from '../support/no-root-office.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('tests never read the reference office at the root', () => {
  test('a read of root requests/, subdomains/ or .github/sop.yaml throws in every test file', async () => {
    expect(() => readdirSync(join(ROOT, 'subdomains'))).toThrow(/reference office/);
    expect(() => readFileSync(join(ROOT, '.github', 'sop.yaml'))).toThrow(/reference office/);
    expect(() => existsSync(join(ROOT, 'requests', 'x.yaml'))).toThrow(/reference office/);
    await expect(readFile(join(ROOT, 'subdomains', 'sehat.bekasikota.go.id.yaml'))).rejects.toThrow(/reference office/);
  });

  test('the product itself, the workflows and the fixtures stay readable', () => {
    expect(readFileSync(join(ROOT, 'package.json'), 'utf8')).toContain('"name"');
    expect(readdirSync(join(ROOT, '.github', 'workflows')).length).toBeGreaterThan(0);
    expect(isRootOffice(join(ROOT, 'test', 'fixtures', 'office', 'subdomains'))).toBe(false);
    expect(isRootOffice(join(ROOT, 'requests-old'))).toBe(false);
  });
});
