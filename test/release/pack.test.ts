// `npm pack` gives an installable tarball of the CLI alone (package.json `files`): bin/, dist/
// (the compiled CLI and the files it reads beside itself), README.md, CHANGELOG.md; no tests,
// no example data, no sources, no workflows. The tarball is extracted and its CLI run.
//
// The pack runs in a copy of the working tree (node_modules symlinked), not in the repository:
// `npm pack` runs `prepare` (the build), which empties dist/ while other test files may be
// running the repository's built CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';

const repo = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
/** Top-level entries of the working tree the copy leaves out (installed, built or made locally). */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', '.bench', 'cdktf.out', 'letters', 'terraform-state']);
/** The reference office at the root is never read by tests: the copy gets the fixture office's data in its place. */
const OFFICE_DATA = ['requests', 'subdomains', '.github/sop.yaml'];
const FIXTURE_OFFICE = join(repo, 'test', 'fixtures', 'office');
const QUIET_NPM = { npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };

interface PackResult {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

let work: string;
let packed: PackResult;
let paths: string[];
let installed: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'subdomain-pack-'));
  const copy = join(work, 'repo');
  const isOfficeData = (path: string) => OFFICE_DATA.some((d) => path === d || path.startsWith(`${d}/`));
  cpSync(repo, copy, { recursive: true, filter: (source) => !NOT_COPIED.has(relative(repo, source).split(/[/\\]/)[0]!) && !isOfficeData(relative(repo, source).split(sep).join('/')) });
  for (const data of OFFICE_DATA) cpSync(join(FIXTURE_OFFICE, data), join(copy, data), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'), 'dir');
  mkdirSync(join(work, 'out'));
  const stdout = execFileSync('npm', ['pack', '--json', '--pack-destination', join(work, 'out')], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, ...QUIET_NPM },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  packed = (JSON.parse(stdout) as PackResult[])[0]!;
  paths = packed.files.map((f) => f.path);

  mkdirSync(join(work, 'installed'));
  execFileSync('tar', ['-xzf', join(work, 'out', packed.filename), '-C', join(work, 'installed')]);
  installed = join(work, 'installed', 'package');
  // The dependencies without the network: the repository's own node_modules.
  symlinkSync(join(repo, 'node_modules'), join(installed, 'node_modules'), 'dir');
}, 300_000);

afterAll(() => {
  cleanupTemps();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The paths src/ modules read beside themselves at run time, as dist/ paths. */
function filesReadBesideModules(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        const beside = [
          ...text.matchAll(/new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g),
          ...text.matchAll(/createRequire\(import\.meta\.url\)\((['"])(\.{1,2}\/[^'"]+)\1\)/g),
        ];
        const from = posix.join('dist', relative(join(repo, 'src'), dirname(path)).split(/[/\\]/).join('/'));
        for (const m of beside) found.push(posix.normalize(posix.join(from, m[2]!)));
      }
    }
  };
  walk(join(repo, 'src'));
  return [...new Set(found)].sort();
}

describe('npm pack', () => {
  it('holds no tests, example data, sources, scripts or workflows', () => {
    const outside = paths.filter((p) => /^(test|requests|subdomains|src|scripts|check|\.github|\.ci|node_modules)\//.test(p));
    expect(outside).toEqual([]);
    expect(paths.every((p) => /^(bin|dist)\//.test(p) || ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(p))).toBe(true);
  });

  it('holds the CLI, its compiled code and every file the CLI reads beside its modules', () => {
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'bin/subdomain.js', 'dist/cli/main.js']));
    const runtime = filesReadBesideModules();
    expect(runtime).toEqual(expect.arrayContaining([
      'dist/schema/validators.gen.cjs',
      'dist/watch/fingerprints/can-i-take-over-xyz.json',
      'dist/watch/fingerprints/service-domains.json',
    ]));
    expect(runtime.filter((p) => !paths.includes(p))).toEqual([]);
    // The fingerprint snapshot's licence (CC BY 4.0) travels with it.
    expect(paths).toContain('dist/watch/fingerprints/NOTICE.md');
    // The JSON Schemas, for editors (`$schema`) and anyone reading the package.
    const schemas = readdirSync(join(repo, 'src', 'schema')).filter((f) => f.endsWith('.schema.json')).map((f) => `dist/schema/${f}`);
    expect(schemas.length).toBeGreaterThan(0);
    expect(schemas.filter((p) => !paths.includes(p))).toEqual([]);
    expect(packed.entryCount).toBe(paths.length);
  });

  it('installs: the extracted CLI answers --help from a clean folder', () => {
    const cwd = mkdtempSync(join(work, 'cwd-'));
    const run = spawnSync(process.execPath, [join(installed, 'bin', 'subdomain.js'), '--help'], { cwd, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Pemakaian \/ usage: subdomain <perintah\/command>/);
    expect(run.stdout).toMatch(/^ {2}validate {2,}Periksa permohonan/m);
  });

  it('installs: the extracted CLI validates an office with its packaged validators', () => {
    const office = tempCopy(join(repo, 'test', 'fixtures', 'office'));
    const run = spawnSync(process.execPath, [join(installed, 'bin', 'subdomain.js'), 'validate', '--format', 'json'], { cwd: office, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true });
  });

  it('is the version in package.json, and CHANGELOG.md has a section for it', () => {
    expect(packed.filename).toBe(`${pkg.name}-${pkg.version}.tgz`);
    const changelog = readFileSync(join(repo, 'CHANGELOG.md'), 'utf8');
    const version = pkg.version.replace(/\./g, '\\.');
    expect(changelog).toMatch(new RegExp(`^## \\[${version}\\] — \\d{4}-\\d{2}-\\d{2}$`, 'm'));
    expect(changelog).toMatch(/^## \[Belum dirilis \/ Unreleased\]$/m);
    expect(readFileSync(join(installed, 'CHANGELOG.md'), 'utf8')).toBe(changelog);
  });
});
