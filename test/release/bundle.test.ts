// check/subdomain-check.mjs, the pull-request check as one committed file (scripts/bundle.mjs):
// it is what the source builds (never stale), holds no cdktf or provider code, and runs
// validate, plan and approvals with no node_modules reachable, in temporary copies of the test
// offices (never the repository's own requests/ or subdomains/).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanupTemps, gitIn, tempCopy, tempGitRepo } from '../helpers/temp-repo.js';
import type { FakeGitHub } from '../github/support/fake-github.js';
import { baseDir, startFake } from '../github/support/setup.js';

const repo = resolve(import.meta.dirname, '..', '..');
const BUNDLE = join(repo, 'check', 'subdomain-check.mjs');
const OFFICE = join(repo, 'test', 'fixtures', 'office');
const REQUEST = 'requests/sehat.bekasikota.go.id.yaml';
/** No NODE_PATH, no user or system git configuration. */
const ENV = { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

/**
 * Text that only the cdktf packages hold, each checked against the package's own code so the
 * test cannot pass because a marker is wrong.
 */
const MARKERS = [
  { marker: 'Symbol.for("cdktf/TerraformStack")', file: 'node_modules/cdktf/lib/terraform-stack.js' },
  { marker: 'jsii.rtti', file: 'node_modules/constructs/lib/construct.js' },
  { marker: 'JSII_RTTI_SYMBOL_1', file: 'node_modules/@cdktf/provider-cloudflare/lib/dns-record/index.js' },
  { marker: 'node_modules/cdktf/', file: undefined },
  { marker: 'node_modules/@cdktf/', file: undefined },
  { marker: 'node_modules/constructs/', file: undefined },
];
const MAX_BYTES = 3 * 1024 * 1024;

const made: string[] = [];
afterAll(() => {
  cleanupTemps();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a folder with the bundle beside its files, and no node_modules anywhere above it. */
function withBundle(dir: string): string {
  copyFileSync(BUNDLE, join(dir, 'subdomain-check.mjs'));
  expect(() => createRequire(join(dir, 'subdomain-check.mjs')).resolve('js-yaml'), `node_modules reachable from ${dir}`).toThrow();
  return dir;
}

function check(cwd: string, args: string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, ['subdomain-check.mjs', ...args], { cwd, encoding: 'utf8', env: { ...ENV, ...env } });
}

/** The same, without blocking this thread (a local server answers on it). */
function checkAsync(cwd: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['subdomain-check.mjs', ...args], { cwd, env: { ...ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString('utf8')));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('check/subdomain-check.mjs', () => {
  const text = readFileSync(BUNDLE, 'utf8');

  it('is what scripts/bundle.mjs builds from the source now', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subdomain-bundle-'));
    made.push(dir);
    const out = join(dir, 'subdomain-check.mjs');
    execFileSync(process.execPath, [join(repo, 'scripts', 'bundle.mjs'), '--out', out], { cwd: repo, stdio: 'pipe' });
    const fresh = readFileSync(out, 'utf8');
    const lines = [fresh.split('\n'), text.split('\n')] as const;
    const first = lines[0].findIndex((line, i) => line !== lines[1][i]);
    expect(fresh === text, `check/subdomain-check.mjs is stale (first difference at line ${first + 1}): run npm run bundle`).toBe(true);
  }, 120_000);

  it('holds no cdktf or provider code, and stays under a few MB', () => {
    for (const { marker, file } of MARKERS) {
      if (file) expect(readFileSync(join(repo, file), 'utf8'), `${marker} in ${file}`).toContain(marker);
      expect(text.includes(marker), `the bundle holds ${marker}`).toBe(false);
    }
    expect(statSync(BUNDLE).size).toBeLessThan(MAX_BYTES);
    // The precompiled validators and what they require are inside, not looked for beside it.
    expect(text).toContain('// src/schema/validators.gen.cjs');
    expect(text).not.toMatch(/createRequire\(import\.meta\.url\)\(["']\./);
  });

  it('validates an office with no node_modules reachable (exit 0)', () => {
    const office = withBundle(tempCopy(OFFICE));
    const run = check(office, ['validate']);
    expect(run.stderr).toBe('');
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/0 galat.* \/ 0 error\(s\)/);
  });

  it('names the file and line of a broken request (exit 1)', () => {
    const office = withBundle(tempCopy(OFFICE));
    // A shape the precompiled validators refuse, and a rule of the record model.
    const broken = {
      [REQUEST]: { from: 'value: 103.147.8.45', to: 'value: 192.168.1.10', rule: 'record/a-public-ipv4' },
      'requests/pasar.bekasikota.go.id.yaml': { from: 'action: delete', to: 'action: buat', rule: 'schema/enum' },
    };
    for (const [file, { from, to, rule }] of Object.entries(broken)) {
      const text = readFileSync(join(office, file), 'utf8');
      expect(text).toContain(from);
      writeFileSync(join(office, file), text.replace(from, to));
      const line = text.split('\n').findIndex((l) => l.includes(from)) + 1;
      const run = check(office, ['validate', file]);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}\n {2}${line}:\\d+ +galat +${rule} `, 'm'));
      const github = check(office, ['validate', file, '--format', 'github']);
      expect(github.status).toBe(1);
      expect(github.stdout).toContain(`::error file=${file},line=${line},`);
    }
  });

  it('checks a pull request against its base and writes its DNS plan, as the validate workflow runs it', () => {
    const office = withBundle(tempGitRepo(OFFICE));
    gitIn(office, 'checkout', '-q', '-b', 'pr');
    writeFileSync(join(office, 'requests', 'antrean.bekasikota.go.id.yaml'), readFileSync(join(OFFICE, REQUEST), 'utf8'));
    gitIn(office, 'add', 'requests');
    gitIn(office, 'commit', '-qm', 'one request');
    const validate = check(office, ['validate', '--base', 'main', '--format', 'github']);
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);
    const plan = check(office, ['plan', '--base', 'main', '--format', 'markdown']);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('antrean.bekasikota.go.id');
  });

  it('knows only the pull-request commands', () => {
    const dir = withBundle(mkdtempSync(join(tmpdir(), 'subdomain-bundle-')));
    made.push(dir);
    const help = check(dir, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout.split('\n').filter((l) => /^ {2}\w/.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual(['validate', 'plan', 'approvals']);
    const synth = check(dir, ['synth']);
    expect(synth.status).toBe(2);
    expect(synth.stderr).toMatch(/unknown command: synth/);
  });

  describe('approvals against the GitHub-like server on 127.0.0.1', () => {
    let fake: FakeGitHub;
    afterEach(async () => {
      expect(fake.invalid).toEqual([]);
      await fake.close();
    });

    it('reads the pull request and evaluates the base policy (approved, exit 0)', async () => {
      fake = await startFake('bekasi-approved');
      const base = withBundle(tempCopy(baseDir('bekasi')));
      const run = await checkAsync(base, ['approvals', '--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--format', 'json'], {
        GITHUB_API_URL: fake.url,
        GITHUB_TOKEN: 'test-token',
        SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10',
        SUBDOMAIN_GITHUB_THROTTLE: 'off',
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ state: 'approved' });
    });
  });
});
