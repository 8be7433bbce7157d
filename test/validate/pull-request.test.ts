import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemps, gitIn, tempGitRepo, writeFile } from '../helpers/temp-repo.js';
import { runCli } from '../helpers/run-cli.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const passing = (rule: string, name: string) => readFileSync(join(fixtures, 'rules', rule, 'pass', name), 'utf8');
const request = passing('person--nip', 'sehat.contohkota.go.id.yaml');

interface JsonReport {
  valid: boolean;
  files: number;
  problems: { file: string; line: number | null; rule: string; severity: string; message: { id: string; en: string } }[];
}

async function validateBranch(root: string): Promise<{ code: number; report: JsonReport }> {
  const result = await runCli(root, ['validate', '--base', 'main', '--format', 'json']);
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
}

function branch(root: string): void {
  gitIn(root, 'checkout', '-q', '-b', 'permohonan');
}

function commitAll(root: string): void {
  gitIn(root, 'add', '-A');
  gitIn(root, 'commit', '-qm', 'change');
}

afterAll(cleanupTemps);

describe('validate --base (a pull request)', () => {
  it('accepts a pull request that adds one valid request', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    branch(root);
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', request);
    commitAll(root);
    const { code, report } = await validateBranch(root);
    expect(report).toEqual({ valid: true, files: 1, problems: [] });
    expect(code).toBe(0);
  });

  it('checks files not yet committed too', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', request.replace('8.8.8.8', '10.1.1.1'));
    const { code, report } = await validateBranch(root);
    expect(report.problems.map((p) => p.rule)).toEqual(['record/a-public-ipv4']);
    expect(code).toBe(1);
  });

  it('refuses two requests in one pull request', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    branch(root);
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', request);
    writeFile(root, 'requests/gizi.contohkota.go.id.yaml', request);
    commitAll(root);
    const { code, report } = await validateBranch(root);
    expect(report.problems).toMatchObject([
      { rule: 'scope/one-request', file: 'requests/gizi.contohkota.go.id.yaml' },
      { rule: 'scope/one-request', file: 'requests/sehat.contohkota.go.id.yaml' },
    ]);
    expect(code).toBe(1);
  });

  it('warns, without failing, that changes outside requests/ need the maintainers', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    branch(root);
    writeFile(root, 'README.md', '# hello\n');
    commitAll(root);
    const { code, report } = await validateBranch(root);
    expect(report.problems).toMatchObject([{ file: 'README.md', rule: 'scope/maintainers', severity: 'warning' }]);
    expect(report.valid).toBe(true);
    expect(code).toBe(0);
  });

  it('judges a request by the base policy, so a pull request cannot unreserve a name', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    branch(root);
    const policyPath = join(root, '.github/sop.yaml');
    writeFile(root, '.github/sop.yaml', readFileSync(policyPath, 'utf8').replace('reserved: [smartcity]', 'reserved: []'));
    writeFile(root, 'requests/smartcity.contohkota.go.id.yaml', request);
    commitAll(root);
    const { report } = await validateBranch(root);
    expect(report.problems.map((p) => p.rule)).toEqual(['scope/maintainers', 'name/reserved']);
  });

  it('judges ownership by the base register, so a pull request cannot register a name to itself', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    branch(root);
    const entry = readFileSync(join(root, 'subdomains/dinkes.contohkota.go.id.yaml'), 'utf8');
    writeFile(root, 'subdomains/gizi.contohkota.go.id.yaml', entry);
    writeFile(root, 'requests/gizi.contohkota.go.id.yaml', request.replace('action: create', 'action: update'));
    commitAll(root);
    const { report } = await validateBranch(root);
    expect(report.problems.map((p) => p.rule)).toContain('owner/not-registered');
    expect(report.problems.map((p) => p.rule)).toContain('scope/maintainers');
  });

  it('refuses a second request for a name whose merged request is not yet applied', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', request);
    commitAll(root);
    branch(root);
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', request.replace('8.8.8.8', '8.8.4.4'));
    commitAll(root);
    const { report } = await validateBranch(root);
    expect(report.problems).toMatchObject([{ rule: 'owner/in-flight', line: 1 }]);
  });

  it('lets a nested name follow a merged, not yet applied, parent of the same OPD', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', request);
    commitAll(root);
    branch(root);
    writeFile(root, 'requests/antrean.sehat.contohkota.go.id.yaml', request);
    commitAll(root);
    const { report } = await validateBranch(root);
    expect(report.problems).toEqual([]);
  });

  it('warns when a pull request removes a pending request file', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', request);
    commitAll(root);
    branch(root);
    rmSync(join(root, 'requests/sehat.contohkota.go.id.yaml'));
    commitAll(root);
    const { report } = await validateBranch(root);
    expect(report.problems).toMatchObject([{ rule: 'scope/maintainers', severity: 'warning' }]);
  });

  it('refuses a request file that is a symlink', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    branch(root);
    symlinkSync('/etc/passwd', join(root, 'requests/sehat.contohkota.go.id.yaml'));
    commitAll(root);
    const { code, report } = await validateBranch(root);
    expect(report.problems).toMatchObject([{ rule: 'file/symlink', file: 'requests/sehat.contohkota.go.id.yaml' }]);
    expect(code).toBe(1);
  });

  it('refuses a request placed in a sub-folder of requests/', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    branch(root);
    writeFile(root, 'requests/dinkes/sehat.contohkota.go.id.yaml', request);
    commitAll(root);
    const { report } = await validateBranch(root);
    expect(report.problems).toMatchObject([{ rule: 'file/location' }]);
  });

  it('exits 2 with a clear message when the base ref does not exist', async () => {
    const root = tempGitRepo(join(fixtures, 'repo'));
    const result = await runCli(root, ['validate', '--base', 'no-such-branch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-branch');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
