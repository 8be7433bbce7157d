import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { GitReadError, GitTree } from '../../src/repo/tree.js';
import { bulkLoader } from '../../src/dns/parallel-load.js';
import { loadFile } from '../../src/repo/load.js';
import { cleanupTemps, gitIn, tempGitRepo, writeFile } from '../helpers/temp-repo.js';

// A small repository: a policy, three register entries, an empty requests folder.
const fixture = join(import.meta.dirname, '..', 'validate', 'fixtures', 'repo');
const DINKES = 'subdomains/dinkes.contohkota.go.id.yaml';

afterAll(cleanupTemps);

/** Deletes the loose object file of what `spec` (e.g. `HEAD:path`) names, as disk damage would. */
function deleteObject(root: string, spec: string): string {
  const oid = gitIn(root, 'rev-parse', spec).trim();
  rmSync(join(root, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
  return oid;
}

function committed(): string {
  return tempGitRepo(fixture);
}

/** Runs `act` and returns the GitReadError it throws (failing the test if it throws nothing or something else). */
function gitReadError(act: () => unknown): GitReadError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(GitReadError);
    return error as GitReadError;
  }
  throw new Error('expected a GitReadError, nothing was thrown');
}

describe('GitTree: absent is "missing", unreadable is an error', () => {
  it('answers "missing" and undefined for a file that does not exist at the commit', () => {
    const tree = new GitTree(committed(), 'main');
    expect(tree.kind('subdomains/tidak-ada.contohkota.go.id.yaml')).toBe('missing');
    expect(tree.read('subdomains/tidak-ada.contohkota.go.id.yaml')).toBeUndefined();
    expect(tree.kind('no-such-folder/deeper/file.yaml')).toBe('missing');
    expect(tree.read('no-such-folder/deeper/file.yaml')).toBeUndefined();
  });

  it('answers "missing" for a file added after the commit it reads', () => {
    const root = committed();
    const base = gitIn(root, 'rev-parse', 'HEAD').trim();
    writeFile(root, 'subdomains/baru.contohkota.go.id.yaml', 'opd: dinkes\n');
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-qm', 'add');
    expect(new GitTree(root, base).kind('subdomains/baru.contohkota.go.id.yaml')).toBe('missing');
    expect(new GitTree(root, 'HEAD').kind('subdomains/baru.contohkota.go.id.yaml')).toBe('file');
  });

  it('lists a folder that does not exist at the commit as empty, and a file as a folder as empty', () => {
    const tree = new GitTree(committed(), 'main');
    expect(tree.list('no-such-folder')).toEqual([]);
    expect(tree.list('no-such-folder/deeper')).toEqual([]);
    expect(tree.list(DINKES)).toEqual([]);
    expect(tree.list('subdomains')).toEqual(['dinkes.contohkota.go.id.yaml', 'ppdb.sekolah.contohkota.go.id.yaml', 'sekolah.contohkota.go.id.yaml']);
  });

  it('reads a file\'s bytes, tells folders and symlinks apart, and takes paths literally', () => {
    const root = committed();
    symlinkSync('dinkes.contohkota.go.id.yaml', join(root, 'subdomains', 'tautan.contohkota.go.id.yaml'));
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-qm', 'symlink');
    const tree = new GitTree(root, 'HEAD');
    expect(Buffer.from(tree.read(DINKES)!)).toEqual(readFileSync(join(root, DINKES)));
    expect(tree.kind('subdomains')).toBe('dir');
    expect(tree.kind('subdomains/tautan.contohkota.go.id.yaml')).toBe('symlink');
    expect(tree.read('subdomains/tautan.contohkota.go.id.yaml')).toBeUndefined();
    // A glob is a name like any other, not a pattern matching the register.
    expect(tree.kind('subdomains/*.yaml')).toBe('missing');
  });

  it('throws GitReadError for a ref that names no commit, whatever is asked', () => {
    const root = committed();
    for (const act of [
      (t: GitTree) => t.kind(DINKES),
      (t: GitTree) => t.read(DINKES),
      (t: GitTree) => t.list('subdomains'),
      (t: GitTree) => t.prefetch([DINKES]),
      (t: GitTree) => t.readFiles([DINKES, 'subdomains/sekolah.contohkota.go.id.yaml']),
    ]) {
      const error = gitReadError(() => act(new GitTree(root, 'no-such-branch')));
      expect(error.ref).toBe('no-such-branch');
      expect(error.message).toMatch(/^Tidak dapat membaca .+ pada no-such-branch dari git \/ cannot read .+ at no-such-branch from git: fatal: /);
    }
  });

  it('throws GitReadError, not undefined, when a committed file\'s object is gone', () => {
    const root = committed();
    const oid = deleteObject(root, `HEAD:${DINKES}`);
    const tree = new GitTree(root, 'HEAD');
    // The folder's listing still names the blob: the file is there, its bytes cannot be read.
    expect(tree.kind(DINKES)).toBe('file');
    expect(gitReadError(() => tree.read(DINKES)).path).toBe(DINKES);
    expect(() => loadFile(tree, DINKES, 'register')).toThrow(GitReadError);
    const batch = gitReadError(() => new GitTree(root, 'HEAD').prefetch([DINKES, 'subdomains/sekolah.contohkota.go.id.yaml']));
    expect(batch.path).toBe(DINKES);
    expect(batch.message).toContain(`object ${oid} is missing`);
    expect(gitReadError(() => new GitTree(root, 'HEAD').readFiles(['subdomains/sekolah.contohkota.go.id.yaml', DINKES])).path).toBe(DINKES);
  });

  it('throws GitReadError when a committed file\'s object is damaged, in a single read and in a batch', () => {
    const root = committed();
    const oid = gitIn(root, 'rev-parse', `HEAD:${DINKES}`).trim();
    writeFile(root, join('.git', 'objects', oid.slice(0, 2), oid.slice(2)), 'not zlib data');
    expect(gitReadError(() => new GitTree(root, 'HEAD').read(DINKES)).path).toBe(DINKES);
    expect(gitReadError(() => new GitTree(root, 'HEAD').readFiles([DINKES, 'subdomains/sekolah.contohkota.go.id.yaml'])).path).toBe(DINKES);
  });

  it('throws GitReadError when a folder\'s tree object is gone, instead of finding the folder empty', () => {
    const root = committed();
    deleteObject(root, 'HEAD:subdomains');
    expect(gitReadError(() => new GitTree(root, 'HEAD').list('subdomains')).path).toBe('subdomains');
    // The entry a check of ownership needs is unknown, not absent.
    expect(() => new GitTree(root, 'HEAD').kind(DINKES)).toThrow(GitReadError);
    expect(() => new GitTree(root, 'HEAD').prefetch([DINKES])).toThrow(GitReadError);
  });

  it('throws GitReadError when git cannot run in the folder', () => {
    const error = gitReadError(() => new GitTree(join(committed(), 'no-such-folder'), 'HEAD').kind(DINKES));
    expect(error.message).toMatch(/cannot read subdomains\/dinkes\.contohkota\.go\.id\.yaml at HEAD from git: .+/);
  });

  it('keeps prefetched files in memory: later reads do not go back to git', () => {
    const root = committed();
    const tree = new GitTree(root, 'HEAD');
    tree.prefetch([DINKES, 'requests/tidak-ada.contohkota.go.id.yaml']);
    const expected = readFileSync(join(root, DINKES));
    deleteObject(root, `HEAD:${DINKES}`);
    expect(Buffer.from(tree.read(DINKES)!)).toEqual(expected);
    expect(tree.kind('requests/tidak-ada.contohkota.go.id.yaml')).toBe('missing');
  });
});

describe('GitTree: reading a whole register by blob id', () => {
  const COUNT = 2000;
  const template = readFileSync(join(fixture, 'subdomains', 'sekolah.contohkota.go.id.yaml'), 'utf8');

  /** Register-like files, some with bytes that could confuse a reader of `cat-file --batch` output. */
  function entry(i: number): Buffer {
    const text = template.replace(/^purpose: .*$/m, `purpose: Layanan nomor ${i} — ${'ü'.repeat(i % 7)}.`);
    if (i % 500 === 1) return Buffer.from(text.replaceAll('\n', '\r\n'));
    if (i % 500 === 2) return Buffer.from(`${text}# 0123456789abcdef0123456789abcdef01234567 blob 12\n\n\n`);
    if (i % 500 === 3) return Buffer.from(text.trimEnd());
    return Buffer.from(text);
  }

  it(`returns exactly the bytes written for ${COUNT} register files, in the order asked`, async () => {
    const root = committed();
    const written = new Map<string, Buffer>();
    for (let i = 0; i < COUNT; i++) {
      const path = `subdomains/layanan${i}.contohkota.go.id.yaml`;
      written.set(path, entry(i));
      writeFile(root, path, written.get(path)!);
    }
    writeFile(root, 'subdomains/kosong.contohkota.go.id.yaml', '');
    written.set('subdomains/kosong.contohkota.go.id.yaml', Buffer.alloc(0));
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-qm', 'register');
    // Changed after the commit: the tree must give the committed bytes, not these.
    writeFile(root, 'subdomains/layanan7.contohkota.go.id.yaml', 'opd: lain\n');

    const paths = [...written.keys()].reverse();
    const asked = [...paths, 'subdomains/tidak-ada.contohkota.go.id.yaml', 'subdomains'];
    const got = new GitTree(root, 'HEAD').readFiles(asked);
    expect(got.slice(-2)).toEqual(['missing', 'dir']);
    const mismatched = paths.filter((path, i) => !(got[i] instanceof Uint8Array) || !written.get(path)!.equals(got[i] as Buffer));
    expect(mismatched).toEqual([]);

    const loaded = await bulkLoader(new GitTree(root, 'HEAD'), paths.filter((p) => !p.includes('kosong')), 'register');
    expect(loaded.filter((l) => !l.ok)).toEqual([]);
    expect(loaded.find((l) => l.path === 'subdomains/layanan8.contohkota.go.id.yaml')).toMatchObject({ ok: true, value: { purpose: 'Layanan nomor 8 — ü.' } });
  });

  it('reads files of folders it has not listed, by blob id too', () => {
    const root = committed();
    writeFile(root, 'requests/sehat.contohkota.go.id.yaml', 'action: create\n');
    writeFile(root, 'a/b/c.txt', 'dalam\n');
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-qm', 'more');
    const got = new GitTree(root, 'HEAD').readFiles([DINKES, 'requests/sehat.contohkota.go.id.yaml', 'a/b/c.txt', 'a/b', 'a/x/y.txt']);
    expect(got.map((g) => (g instanceof Uint8Array ? g.toString() : g))).toEqual([readFileSync(join(root, DINKES), 'utf8'), 'action: create\n', 'dalam\n', 'dir', 'missing']);
  });
});
