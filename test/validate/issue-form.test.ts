import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempCopy, tempGitRepo, writeFile } from '../helpers/temp-repo.js';

const REPO = join(import.meta.dirname, 'fixtures', 'repo');
const FORM = '.github/ISSUE_TEMPLATE/permohonan-subdomain.yml';
const POLICY = '.github/sop.yaml';
const addOpd = (root: string) => {
  const text = readFileSync(join(root, POLICY), 'utf8');
  writeFile(root, POLICY, text.replace('opds:\n', 'opds:\n  dishub:\n    name: Dinas Perhubungan\n    users: [staf-dishub]\n'));
};
const rulesOf = (stdout: string) => (JSON.parse(stdout) as { problems: { file: string; rule: string; severity: string }[] }).problems.map((p) => [p.file, p.rule, p.severity]);

afterAll(cleanupTemps);

describe('the request form stays the one the policy gives', () => {
  it('validate accepts a form written by `intake --write-form`, and a tree with no form at all', async () => {
    const root = tempCopy(REPO);
    expect((await runCli(root, ['validate', '--format', 'json'])).code).toBe(0);
    expect((await runCli(root, ['intake', '--write-form'])).code).toBe(0);
    const result = await runCli(root, ['validate', '--format', 'json']);
    expect(rulesOf(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('validate refuses a form left behind after an OPD is added to the policy', async () => {
    const root = tempCopy(REPO);
    await runCli(root, ['intake', '--write-form']);
    addOpd(root);
    const result = await runCli(root, ['validate', '--format', 'json']);
    expect(rulesOf(result.stdout)).toEqual([[FORM, 'intake/form-stale', 'error']]);
    expect(result.code).toBe(1);
  });

  it('a pull request that changes the policy must bring the regenerated form with it', async () => {
    const root = tempCopy(REPO);
    await runCli(root, ['intake', '--write-form']);
    const repo = tempGitRepo(root);
    gitIn(repo, 'checkout', '-q', '-b', 'opd-baru');
    addOpd(repo);
    gitIn(repo, 'commit', '-qam', 'OPD baru');
    const stale = await runCli(repo, ['validate', '--base', 'main', '--format', 'json']);
    expect(rulesOf(stale.stdout)).toContainEqual([FORM, 'intake/form-stale', 'error']);
    expect(stale.code).toBe(1);

    await runCli(repo, ['intake', '--write-form']);
    gitIn(repo, 'commit', '-qam', 'formulir');
    const fresh = await runCli(repo, ['validate', '--base', 'main', '--format', 'json']);
    expect(rulesOf(fresh.stdout).map(([, rule]) => rule)).not.toContain('intake/form-stale');
  });
});
