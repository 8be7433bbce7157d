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
  /** The bytes of a regular file, or undefined when it is missing or not a regular file. */
  read(path: string): Uint8Array | undefined;
  /** Names (not paths) of the entries directly inside a folder; empty when it is missing. */
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

/** The tree of one commit, read through git without checking it out. */
export class GitTree implements Tree {
  private readonly listing = new Map<string, Map<string, EntryKind>>();
  private readonly single = new Map<string, EntryKind>();
  private readonly contents = new Map<string, Buffer>();

  constructor(readonly root: string, readonly ref: string) {}

  get label(): string {
    return this.ref;
  }

  kind(path: string): EntryKind {
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const listed = this.listing.get(dir);
    if (listed) return listed.get(path.slice(slash + 1)) ?? 'missing';
    let kind = this.single.get(path);
    if (kind === undefined) {
      // One entry, without listing a folder of thousands of register files.
      try {
        kind = parseLsTree(git(this.root, ['ls-tree', '-z', this.ref, '--', path]).toString('utf8')).get(path) ?? 'missing';
      } catch {
        kind = 'missing';
      }
      this.single.set(path, kind);
    }
    return kind;
  }

  read(path: string): Uint8Array | undefined {
    if (this.kind(path) !== 'file') return undefined;
    return this.contents.get(path) ?? git(this.root, ['cat-file', 'blob', `${this.ref}:${path}`]);
  }

  /**
   * Looks up many paths with two git processes (their kinds, then the regular files' bytes)
   * instead of one or two each: a pull request's check reads a handful of known paths.
   */
  prefetch(paths: readonly string[]): void {
    const wanted = [...new Set(paths)].filter((p) => !this.single.has(p) && !this.listing.has(p.slice(0, Math.max(0, p.lastIndexOf('/')))));
    if (wanted.length === 0) return;
    const found = parseLsTree(git(this.root, ['ls-tree', '-z', this.ref, '--', ...wanted]).toString('utf8'));
    for (const path of wanted) this.single.set(path, found.get(path) ?? 'missing');
    const files = wanted.filter((p) => found.get(p) === 'file');
    if (files.length === 0) return;
    const out = execFileSync('git', ['cat-file', '--batch'], {
      cwd: this.root,
      input: files.map((p) => `${this.ref}:${p}\n`).join(''),
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let offset = 0;
    for (const path of files) {
      const newline = out.indexOf(0x0a, offset);
      const size = Number(/ (\d+)$/.exec(out.subarray(offset, newline).toString('utf8'))?.[1]);
      if (!Number.isInteger(size)) return;
      this.contents.set(path, out.subarray(newline + 1, newline + 1 + size));
      offset = newline + 1 + size + 1;
    }
  }

  list(dir: string): string[] {
    return [...this.entries(dir).keys()].sort();
  }

  private entries(dir: string): Map<string, EntryKind> {
    let entries = this.listing.get(dir);
    if (!entries) {
      let out = '';
      try {
        out = git(this.root, ['ls-tree', '-z', `${this.ref}:${dir}`]).toString('utf8');
      } catch {
        out = '';
      }
      entries = parseLsTree(out);
      this.listing.set(dir, entries);
    }
    return entries;
  }
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

function parseLsTree(out: string): Map<string, EntryKind> {
  const entries = new Map<string, EntryKind>();
  for (const line of out.split('\0')) {
    const match = /^(\d+) (\w+) [0-9a-f]+\t(.*)$/s.exec(line);
    if (!match) continue;
    const [, mode, type, name] = match as unknown as [string, string, string, string];
    entries.set(name, type === 'tree' ? 'dir' : mode === '120000' ? 'symlink' : type === 'blob' ? 'file' : 'other');
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
