import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempGitRepo, writeFile } from '../helpers/temp-repo.js';

// Commands that read a commit through GitTree: when git cannot read it they stop with exit 2
// and say what could not be read; they never decide as if the unreadable files were absent.
const dnsRepo = join(import.meta.dirname, '..', 'dns', 'fixtures', 'basic');
const validateRepo = join(import.meta.dirname, '..', 'validate', 'fixtures', 'repo');
const request = readFileSync(join(import.meta.dirname, '..', 'validate', 'fixtures', 'rules', 'person--nip', 'pass', 'sehat.contohkota.go.id.yaml'), 'utf8');

afterAll(cleanupTemps);

function deleteObject(root: string, spec: string): void {
  const oid = gitIn(root, 'rev-parse', spec).trim();
  rmSync(join(root, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
}

function expectCannotDecide(result: CliResult, what: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/Tidak dapat membaca .* \/ cannot read /);
  expect(result.stderr).toMatch(what);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(result.stdout).toBe('');
}

describe('commands stop with exit 2 when git cannot read a commit', () => {
  it('plan --base in full mode: a base register file whose object is gone', async () => {
    const root = tempGitRepo(dnsRepo);
    deleteObject(root, 'HEAD:subdomains/pajak.contohkota.go.id.yaml');
    // A new hosting target: every name is compared, so every base file is read.
    const policy = join(root, '.github', 'sop.yaml');
    writeFile(root, '.github/sop.yaml', readFileSync(policy, 'utf8').replace('103.122.5.10', '103.122.5.11'));
    expectCannotDecide(await runCli(root, ['plan', '--base', 'main', '--format', 'json']), /pajak\.contohkota\.go\.id\.yaml/);
  });

  it('plan --base: a name with a new request whose base register file is gone', async () => {
    const root = tempGitRepo(dnsRepo);
    deleteObject(root, 'HEAD:subdomains/pajak.contohkota.go.id.yaml');
    writeFile(root, 'requests/pajak.contohkota.go.id.yaml', readFileSync(join(root, 'requests', 'ganti.contohkota.go.id.yaml')));
    expectCannotDecide(await runCli(root, ['plan', '--base', 'main']), /pajak\.contohkota\.go\.id\.yaml/);
  });

  it('validate --base: a base whose register folder cannot be read', async () => {
    const root = tempGitRepo(validateRepo);
    gitIn(root, 'checkout', '-q', '-b', 'permohonan');
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', request);
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-qm', 'request');
    deleteObject(root, 'main:subdomains');
    expectCannotDecide(await runCli(root, ['validate', '--base', 'main', '--format', 'json']), /Could not read|not a tree|unable to read/i);
  });

  it('register: an applied commit whose requests folder cannot be read, instead of "nothing to register"', async () => {
    const root = tempGitRepo(dnsRepo);
    const commit = gitIn(root, 'rev-parse', 'HEAD').trim();
    deleteObject(root, 'HEAD:requests');
    const result = await runCli(root, ['register', '--pr', '7', '--commit', commit, '--dry-run']);
    expectCannotDecide(result, new RegExp(`cannot read requests at ${commit} from git: `));
  });
});
