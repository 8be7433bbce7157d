import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type EntryKind = 'file' | 'symlink' | 'dir' | 'missing' | 'other';

/**
 * A read-only view of the repository's files: the working tree, or a commit. Paths are
 * relative to the repository root and use `/`.
 */
export interface Tree {
  /** For messages: "working tree" or the ref. */
  readonly label: string;
  kind(path: string): EntryKind;
  /**
   * The bytes of a regular file, or undefined when it is missing or not a regular file. A tree
   * that cannot be read (GitReadError) throws: it never answers "missing" for "unknown".
   */
  read(path: string): Uint8Array | undefined;
  /** Names (not paths) of the entries directly inside a folder; empty when it is missing or not a folder. */
  list(dir: string): string[];
}

export class WorkingTree implements Tree {
  readonly label = 'working tree';
  constructor(readonly root: string) {}

  kind(path: string): EntryKind {
    try {
      const stat = lstatSync(join(this.root, path));
      if (stat.isSymbolicLink()) return 'symlink';
      if (stat.isFile()) return 'file';
      if (stat.isDirectory()) return 'dir';
      return 'other';
    } catch {
      return 'missing';
    }
  }

  read(path: string): Uint8Array | undefined {
    if (this.kind(path) !== 'file') return undefined;
    return readFileSync(join(this.root, path));
  }

  list(dir: string): string[] {
    try {
      return readdirSync(join(this.root, dir)).sort();
    } catch {
      return [];
    }
  }
}

/**
 * Git could not answer (a ref that names no commit, a missing or corrupt object, git not
 * runnable, output it should not give): the tree cannot be read, which is never the same as a
 * file being absent. Callers fail closed: an ownership check must not pass because the register
 * entry it needed could not be read.
 */
export class GitReadError extends Error {
  override readonly name = 'GitReadError';
  /**
   * The path and git's own words, where the errors `execFileSync` throws have git's stderr:
   * commands that print a failed git call's `stderr` after their own "cannot read git at REF"
   * still say what could not be read, and why.
   */
  readonly stderr: string;

  constructor(readonly path: string, readonly ref: string, readonly detail: string) {
    const shown = path === '' ? '.' : path;
    super(`Tidak dapat membaca ${shown} pada ${ref} dari git / cannot read ${shown} at ${ref} from git: ${detail}`);
    this.stderr = `${shown}: ${detail}`;
  }
}

/** One entry of a commit's tree: what it is and its object id. */
interface GitEntry {
  kind: EntryKind;
  oid: string;
}

/** Paths of one folder looked up together above this many: one listing of the folder instead. */
const LIST_FOLDER_FROM = 64;
/** Paths per `git ls-tree` call, well below the limits on a command line. */
const PATHS_PER_CALL = 1000;

/**
 * The tree of one commit, read through git without checking it out. A path that does not exist
 * at the commit is 'missing' (read: undefined, list: empty); any failure of git throws
 * GitReadError.
 */
export class GitTree implements Tree {
  private commitId: string | undefined;
  private readonly listing = new Map<string, Map<string, GitEntry>>();
  /** Entries looked up one by one; undefined: missing. */
  private readonly single = new Map<string, GitEntry | undefined>();
  private readonly contents = new Map<string, Buffer>();

  constructor(readonly root: string, readonly ref: string) {}

  get label(): string {
    return this.ref;
  }

  kind(path: string): EntryKind {
    if (path === '') return 'dir';
    return this.entry(path)?.kind ?? 'missing';
  }

  read(path: string): Uint8Array | undefined {
    const entry = this.entry(path);
    if (entry?.kind !== 'file') return undefined;
    return this.contents.get(path) ?? this.run(path, ['cat-file', 'blob', entry.oid]);
  }

  list(dir: string): string[] {
    return [...this.entries(dir).keys()].sort();
  }

  /**
   * Looks up many paths with two git processes (their kinds and blob ids, then the regular
   * files' bytes by blob id) instead of one or two each: a pull request's check reads a
   * handful of known paths. The bytes are kept for `read`.
   */
  prefetch(paths: readonly string[]): void {
    this.locate(paths);
    const files = [...new Set(paths)].filter((p) => !this.contents.has(p) && this.entry(p)?.kind === 'file');
    const blobs = this.blobs(files);
    files.forEach((path, i) => this.contents.set(path, blobs[i]!));
  }

  /**
   * The bytes of each path that is a regular file, or the kind of what is there instead, for a
   * whole register at once: blob ids from one listing per folder, then every blob from one
   * `git cat-file --batch` by id (by `ref:path` git walks the folder's tree for each name,
   * which grows with the square of the register's size). Nothing is kept.
   */
  readFiles(paths: readonly string[]): (Buffer | Exclude<EntryKind, 'file'>)[] {
    this.locate(paths);
    const result: (Buffer | Exclude<EntryKind, 'file'>)[] = new Array(paths.length);
    const wanted: number[] = [];
    paths.forEach((path, i) => {
      const cached = this.contents.get(path);
      const kind = this.kind(path);
      if (kind !== 'file') result[i] = kind;
      else if (cached) result[i] = cached;
      else wanted.push(i);
    });
    const blobs = this.blobs(wanted.map((i) => paths[i]!));
    wanted.forEach((i, n) => (result[i] = blobs[n]!));
    return result;
  }

  /** The commit's id, resolved once: a ref that names no commit cannot be read, it is not an empty tree. */
  private commit(path: string): string {
    if (this.commitId === undefined) {
      const out = this.run(path, ['rev-parse', '--verify', '--end-of-options', `${this.ref}^{commit}`]).toString('utf8').trim();
      if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(out)) throw new GitReadError(path, this.ref, `git rev-parse gave no commit id (${JSON.stringify(out.slice(0, 80))})`);
      this.commitId = out;
    }
    return this.commitId;
  }

  private entry(path: string): GitEntry | undefined {
    const slash = path.lastIndexOf('/');
    const listed = this.listing.get(slash < 0 ? '' : path.slice(0, slash));
    if (listed) return listed.get(path.slice(slash + 1));
    if (!this.single.has(path)) this.locate([path]);
    return this.single.get(path);
  }

  /** Finds the kinds and blob ids of paths not yet known: a folder with many of them is listed whole. */
  private locate(paths: readonly string[]): void {
    const byFolder = new Map<string, string[]>();
    for (const path of new Set(paths)) {
      if (path === '' || this.single.has(path)) continue;
      const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
      if (this.listing.has(dir)) continue;
      const group = byFolder.get(dir);
      if (group) group.push(path);
      else byFolder.set(dir, [path]);
    }
    const one: string[] = [];
    for (const [dir, group] of byFolder) {
      if (group.length >= LIST_FOLDER_FROM) this.entries(dir);
      else one.push(...group);
    }
    for (let i = 0; i < one.length; i += PATHS_PER_CALL) {
      const chunk = one.slice(i, i + PATHS_PER_CALL);
      // `git ls-tree COMMIT -- path` prints nothing (and succeeds) for a path that is not there;
      // -t: a folder is shown even when another path asked for is inside it.
      const what = someOf(chunk);
      const found = parseLsTree(this.run(what, ['--literal-pathspecs', 'ls-tree', '-t', '-z', this.commit(what), '--', ...chunk]), what, this.ref);
      for (const path of chunk) this.single.set(path, found.get(path));
    }
  }

  private entries(dir: string): Map<string, GitEntry> {
    let entries = this.listing.get(dir);
    if (entries) return entries;
    const commit = this.commit(dir);
    try {
      entries = parseLsTree(this.run(dir, ['ls-tree', '-z', dir === '' ? commit : `${commit}:${dir}`]), dir, this.ref);
    } catch (error) {
      if (!(error instanceof GitReadError)) throw error;
      // `COMMIT:dir` names no tree when dir is missing or not a folder, and also when a tree
      // object on the way is damaged: the parent folder's entry tells which.
      if (dir === '' || this.kind(dir) === 'dir') throw error;
      entries = new Map();
    }
    this.listing.set(dir, entries);
    return entries;
  }

  /** The bytes of regular files whose blob ids are known, from one `git cat-file --batch`. */
  private blobs(paths: readonly string[]): Buffer[] {
    if (paths.length === 0) return [];
    const oids = paths.map((path) => this.entry(path)!.oid);
    let out: Buffer;
    try {
      out = execFileSync('git', ['cat-file', '--batch'], {
        cwd: this.root,
        input: oids.map((oid) => `${oid}\n`).join(''),
        maxBuffer: 1024 * 1024 * 1024,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      const detail = gitFailure(error);
      // Git names the object it could not read; say which file that is.
      const culprit = oids.findIndex((oid) => detail.includes(oid));
      throw new GitReadError(paths[Math.max(0, culprit)]!, this.ref, detail);
    }
    const blobs: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < paths.length; i++) {
      const newline = out.indexOf(0x0a, offset);
      const header = newline < 0 ? out.subarray(offset, offset + 100).toString('utf8') : out.subarray(offset, newline).toString('utf8');
      const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
      const size = Number(match?.[3]);
      const end = newline + 1 + size;
      if (newline < 0 || !match || match[1] !== oids[i] || match[2] !== 'blob' || end >= out.length || out[end] !== 0x0a) {
        const said = header === `${oids[i]} missing` ? `object ${oids[i]} is missing` : `unexpected output of git cat-file --batch: ${JSON.stringify(header.slice(0, 100))}`;
        throw new GitReadError(paths[i]!, this.ref, said);
      }
      blobs.push(out.subarray(newline + 1, end));
      offset = end + 1;
    }
    if (offset !== out.length) throw new GitReadError(paths[0]!, this.ref, 'unexpected output of git cat-file --batch: more objects than asked for');
    return blobs;
  }

  private run(path: string, args: string[]): Buffer {
    try {
      return git(this.root, args);
    } catch (error) {
      throw new GitReadError(path, this.ref, gitFailure(error));
    }
  }
}

/** The paths one git call looked up, for a message: git does not say which of them it failed on. */
function someOf(paths: readonly string[]): string {
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} (+${paths.length - 3})`;
}

/** What a failed git call said: its `fatal:` line (else its first line), or why it did not run. */
function gitFailure(error: unknown): string {
  const lines = ((error as { stderr?: Buffer | string }).stderr ?? '').toString().split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => l.startsWith('fatal:')) ?? lines[0] ?? (error instanceof Error ? error.message : String(error));
}

/** A tree with some files replaced or added in memory: checks content before it is written. */
export class OverlayTree implements Tree {
  constructor(readonly base: Tree, readonly files: ReadonlyMap<string, Uint8Array>) {}

  get label(): string {
    return this.base.label;
  }

  kind(path: string): EntryKind {
    return this.files.has(path) ? 'file' : this.base.kind(path);
  }

  read(path: string): Uint8Array | undefined {
    return this.files.get(path) ?? this.base.read(path);
  }

  list(dir: string): string[] {
    const prefix = dir === '' ? '' : `${dir}/`;
    const added = [...this.files.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length));
    return [...new Set([...this.base.list(dir), ...added])].sort();
  }
}

/**
 * The entries of `git ls-tree -z` output, by name, with their blob (or tree) ids. A record
 * that is not an entry means git said something unexpected: the listing cannot be trusted.
 */
function parseLsTree(out: Buffer, path: string, ref: string): Map<string, GitEntry> {
  const entries = new Map<string, GitEntry>();
  for (const line of out.toString('utf8').split('\0')) {
    if (line === '') continue;
    const match = /^(\d+) (\w+) ([0-9a-f]+)\t(.+)$/s.exec(line);
    if (!match) throw new GitReadError(path, ref, `unexpected output of git ls-tree: ${JSON.stringify(line.slice(0, 100))}`);
    const [, mode, type, oid, name] = match as unknown as [string, string, string, string, string];
    entries.set(name, { kind: type === 'tree' ? 'dir' : mode === '120000' ? 'symlink' : type === 'blob' ? 'file' : 'other', oid });
  }
  return entries;
}

export function git(root: string, args: string[]): Buffer {
  return execFileSync('git', args, { cwd: root, maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'other';
  /** For a rename, the old path. */
  from?: string;
}

/** Files changed between the merge base of `base` and the working tree (committed or not). */
export function changedFiles(root: string, base: string): ChangedFile[] {
  const mergeBase = git(root, ['merge-base', base, 'HEAD']).toString('utf8').trim();
  const out = git(root, ['diff', '--name-status', '-z', '--no-renames', mergeBase]).toString('utf8');
  const fields = out.split('\0').filter((f) => f !== '');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const code = fields[i]!;
    const path = fields[i + 1]!;
    const status = code === 'A' ? 'added' : code === 'M' || code === 'T' ? 'modified' : code === 'D' ? 'deleted' : 'other';
    files.push({ path, status });
  }
  // New files not yet added to git count too: `subdomain validate --base` also serves people
  // checking their work before committing.
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z']).toString('utf8');
  for (const path of untracked.split('\0')) if (path) files.push({ path, status: 'added' });
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
