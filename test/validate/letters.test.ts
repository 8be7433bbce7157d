import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempCopy, tempGitRepo } from '../helpers/temp-repo.js';

const REPO = join(import.meta.dirname, 'fixtures', 'repo');
const PNG = join(import.meta.dirname, '..', 'letters', 'fixtures', 'bekasi', '.github', 'lambang.png');

afterAll(cleanupTemps);

/** The fixture office with `office.emblem: .github/lambang.png`, holding `bytes` (or nothing). */
function officeWithEmblem(write: (root: string) => void): string {
  const root = tempCopy(REPO);
  const policy = join(root, '.github/sop.yaml');
  writeFileSync(policy, readFileSync(policy, 'utf8').replace('  name: Dinas Komunikasi dan Informatika Kota Contoh\n', '  name: Dinas Komunikasi dan Informatika Kota Contoh\n  emblem: .github/lambang.png\n'));
  write(root);
  return root;
}

describe('validate checks the emblem the letters will print, before anything merges', () => {
  test('a PNG emblem passes', async () => {
    const root = officeWithEmblem((r) => copyFileSync(PNG, join(r, '.github/lambang.png')));
    const result = await runCli(root, ['validate', '--format', 'json']);
    expect(JSON.parse(result.stdout).problems.filter((p: { rule: string }) => p.rule === 'letter/emblem')).toEqual([]);
  });

  test.each([
    ['missing', (_: string) => {}, 'is not in the office repository'],
    ['not an image', (r: string) => writeFileSync(join(r, '.github/lambang.png'), '<html>lambang</html>'), 'is no PNG or JPEG image'],
  ])('an emblem that is %s is refused at its line in the policy', async (_, write, en) => {
    const root = officeWithEmblem(write);
    const result = await runCli(root, ['validate', '--format', 'json']);
    const problems = JSON.parse(result.stdout).problems as { file: string; rule: string; line: number; message: { en: string } }[];
    expect(problems.filter((p) => p.rule === 'letter/emblem').map((p) => [p.file, p.line])).toEqual([['.github/sop.yaml', 3]]);
    expect(problems.find((p) => p.rule === 'letter/emblem')!.message.en).toContain(en);
    expect(result.code).toBe(1);
  });
});

describe('validate --base checks the emblem when a pull request changes only the image', () => {
  test('an emblem replaced by something that is no image is refused before it merges', async () => {
    const office = officeWithEmblem((r) => copyFileSync(PNG, join(r, '.github/lambang.png')));
    const root = tempGitRepo(office);
    gitIn(root, 'checkout', '-q', '-b', 'lambang-baru');
    writeFileSync(join(root, '.github/lambang.png'), '<html>lambang</html>');
    gitIn(root, 'commit', '-qam', 'lambang baru');
    const result = await runCli(root, ['validate', '--base', 'main', '--format', 'json']);
    const problems = JSON.parse(result.stdout).problems as { file: string; rule: string; line: number }[];
    expect(problems.filter((p) => p.rule === 'letter/emblem').map((p) => [p.file, p.line])).toEqual([['.github/sop.yaml', 3]]);
    expect(result.code).toBe(1);
  });
});

describe('validate checks the ledger of outgoing letter numbers', () => {
  test('a ledger that is not one the register wrote is refused, on the whole repository and in a pull request', async () => {
    const root = tempCopy(REPO);
    writeFileSync(join(root, 'subdomains', '.letter-numbers.json'), '{ "diedit": tangan');
    const whole = await runCli(root, ['validate', '--format', 'json']);
    expect(JSON.parse(whole.stdout).problems.map((p: { file: string; rule: string }) => [p.file, p.rule])).toContainEqual(['subdomains/.letter-numbers.json', 'register/letter-ledger']);
    expect(whole.code).toBe(1);
    const named = await runCli(root, ['validate', 'subdomains/.letter-numbers.json', '--format', 'json']);
    expect(JSON.parse(named.stdout).problems.map((p: { rule: string }) => p.rule)).toEqual(['register/letter-ledger']);
  });

  test('no ledger yet is an empty one', async () => {
    const root = tempCopy(REPO);
    const result = await runCli(root, ['validate', '--format', 'json']);
    expect(JSON.parse(result.stdout).problems.filter((p: { rule: string }) => p.rule === 'register/letter-ledger')).toEqual([]);
  });
});
