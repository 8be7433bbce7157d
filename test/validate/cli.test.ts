import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';
import { runCli } from '../helpers/run-cli.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const validRequest = readFileSync(join(fixtures, 'rules/person--nip/pass/sehat.contohkota.go.id.yaml'), 'utf8');

afterAll(cleanupTemps);

describe('subdomain validate', () => {
  it('finds a valid office repository valid', async () => {
    const result = await runCli(tempCopy(join(fixtures, 'repo')), ['validate']);
    expect(result.stdout).toMatch(/^✔ \d+ berkas diperiksa, tidak ada masalah/);
    expect(result.code).toBe(0);
  });

  it('prints the JSON shape with file, line, column, rule, severity and both messages', async () => {
    const root = tempCopy(join(fixtures, 'repo'));
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', validRequest.replace('8.8.8.8', '127.0.0.1'));
    const result = await runCli(root, ['validate', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      files: 5,
      problems: [{
        file: 'requests/sehat.contohkota.go.id.yaml',
        line: 17,
        column: 23,
        rule: 'record/a-public-ipv4',
        severity: 'error',
        message: { id: expect.stringContaining('loopback'), en: expect.stringContaining('loopback') },
      }],
    });
  });

  it('prints GitHub workflow commands that annotate the line', async () => {
    const root = tempCopy(join(fixtures, 'repo'));
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', validRequest.replace('opd: dinkes', 'opd: dinsos'));
    const result = await runCli(root, ['validate', '--format', 'github']);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^::error file=requests\/sehat\.contohkota\.go\.id\.yaml,line=2,col=6,title=owner\/unknown-opd::OPD `dinsos` tidak ada.*%0AOPD `dinsos` is not in the policy/,
    );
    expect(result.code).toBe(1);
  });

  it('shows people the offending line under each problem, grouped by file', async () => {
    const root = tempCopy(join(fixtures, 'repo'));
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', validRequest.replace('8.8.8.8', '10.0.0.8'));
    const result = await runCli(root, ['validate', 'requests/sehat.contohkota.go.id.yaml']);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('requests/sehat.contohkota.go.id.yaml');
    expect(lines[1]).toMatch(/^ {2}17:23 +galat +record\/a-public-ipv4 +`10\.0\.0\.8` adalah alamat privat/);
    expect(lines[2]).toMatch(/`10\.0\.0\.8` is a private address/);
    expect(lines[3]).toBe('    17 |   - { type: A, value: 10.0.0.8 }');
    expect(lines[4]).toBe('       |                       ^');
  });

  it.each(readdirSync(join(fixtures, 'policies')).sort())('reports a broken policy (%s) with its line and exits 2', async (file) => {
    const root = tempCopy(join(fixtures, 'repo'));
    cpSync(join(fixtures, 'policies', file), join(root, '.github/sop.yaml'));
    const rule = file.replace('.yaml', '').replace('--', '/');
    if (rule === 'record/hosting-unavailable') {
      writeFile(root, 'requests/sehat.contohkota.go.id.yaml', validRequest.replace(/records:\n.*\n/, 'hosting: true\n'));
      for (const f of readdirSync(join(root, 'subdomains'))) cpSync('/dev/null', join(root, 'subdomains', f));
      const result = await runCli(root, ['validate', 'requests/sehat.contohkota.go.id.yaml', '--format', 'json']);
      expect(JSON.parse(result.stdout).problems).toMatchObject([{ rule, line: 16 }]);
      return;
    }
    const result = await runCli(root, ['validate', '--format', 'json']);
    const problems = JSON.parse(result.stdout).problems as { file: string; rule: string; line: number }[];
    expect(problems.map((p) => p.rule)).toContain(rule);
    expect(problems.every((p) => p.file === '.github/sop.yaml' && p.line > 0)).toBe(true);
    expect(result.code).toBe(2);
  });

  it('exits 2 when the policy file is missing', async () => {
    const root = tempCopy(join(fixtures, 'repo'));
    rmSync(join(root, '.github/sop.yaml'));
    const result = await runCli(root, ['validate', '--format', 'json']);
    expect(JSON.parse(result.stdout).problems).toMatchObject([{ rule: 'policy/missing', file: '.github/sop.yaml' }]);
    expect(result.code).toBe(2);
  });

  it('refuses a request path that is a folder', async () => {
    const root = tempCopy(join(fixtures, 'repo'));
    mkdirSync(join(root, 'requests/sehat.contohkota.go.id.yaml'));
    const result = await runCli(root, ['validate', '--format', 'json']);
    expect(JSON.parse(result.stdout).problems).toMatchObject([{ rule: 'file/not-a-file', file: 'requests/sehat.contohkota.go.id.yaml' }]);
    expect(result.code).toBe(1);
  });

  it('exits 2 with usage for an unknown option or format', async () => {
    const root = tempCopy(join(fixtures, 'repo'));
    expect((await runCli(root, ['validate', '--frmat', 'json'])).code).toBe(2);
    const bad = await runCli(root, ['validate', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format');
  });
});

describe('the job summary of validate --format github', () => {
  it('writes request text into its Markdown table as plain text, never as HTML or a link', async () => {
    const root = tempCopy(join(fixtures, 'repo'));
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', validRequest.replace('{ type: A, value: 8.8.8.8 }', '{ type: CNAME, value: "<img src=x onerror=alert(1)>[klik](https://contoh.test)|x" }'));
    const summary = join(root, 'summary.md');
    const result = await runCli(root, ['validate', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    const table = readFileSync(summary, 'utf8');
    expect(table).toContain('sehat.contohkota.go.id.yaml');
    expect(table).not.toMatch(/<img|[^\\]\]\(https/);
    expect(table).toContain('&lt;img');
  });
});
