import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { msg, problem, type Position, type Problem } from '../model/problem.js';
import { loadYaml, MAX_REGISTER_FILE_BYTES, type YamlSource } from '../model/yaml-source.js';
import { parseFile, quickValue, type Loaded } from '../repo/load.js';
import { GitTree, WorkingTree, type Tree } from '../repo/tree.js';
import type { ShapeKind, Shapes } from '../schema/validate-shape.js';
import type { BulkLoader } from './desired-state.js';

/** Below this many files, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 1500;

/**
 * A loader for many files at once. It keeps only the values: a parsed YAML document with its
 * positions weighs far more than the value, and 10,000 of them keep the garbage collector busy
 * for seconds. Positions are recomputed (by parsing again) only for the few files a problem
 * is reported in. Large working trees are parsed in worker threads.
 */
export const bulkLoader: BulkLoader = async <K extends 'register' | 'request'>(t: Tree, paths: readonly string[], kind: K): Promise<Loaded<K>[]> => {
  if (t instanceof WorkingTree && paths.length >= WORKER_THRESHOLD && canUseWorkers()) {
    return loadInWorkers(t, paths, kind);
  }
  return leanLoader(t, paths, kind);
};

/** The same as `bulkLoader` on this thread only: values kept, positions recomputed on demand. */
export const leanLoader: BulkLoader = async <K extends 'register' | 'request'>(t: Tree, paths: readonly string[], kind: K): Promise<Loaded<K>[]> => {
  const bytes = readMany(t, paths);
  return paths.map((path, i): Loaded<K> => {
    const b = bytes[i]!;
    return b instanceof Uint8Array ? leanParse(t, path, b, kind) : { ok: false, path, problems: b };
  });
};

/** One file's value with a lazy source: the fast parser when it is sure, else the strict loader. */
function leanParse<K extends ShapeKind>(t: Tree, path: string, bytes: Uint8Array, kind: K): Loaded<K> {
  const value = quickValue(bytes, kind);
  return value !== undefined ? { ok: true, path, value, source: lazySource(t, path, value) } : lean(t, parseFile(path, bytes, kind));
}

/** The bytes of each regular file, or the problem that stops it from being read. */
function readMany(tree: Tree, paths: readonly string[]): (Uint8Array | Problem[])[] {
  if (tree instanceof WorkingTree) return paths.map((path) => readNoFollow(tree.root, path));
  if (tree instanceof GitTree) return readGitBatch(tree, paths);
  return paths.map((path) => {
    const kind = tree.kind(path);
    if (kind === 'symlink') return [symlinkProblem(path)];
    return tree.read(path) ?? [notAFileProblem(path, kind)];
  });
}

export function readNoFollow(root: string, path: string): Uint8Array | Problem[] {
  try {
    // O_NOFOLLOW: a symlink fails to open (ELOOP) instead of being followed out of the repository.
    const fd = openSync(join(root, path), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return [symlinkProblem(path)];
    return [notAFileProblem(path, code === 'EISDIR' ? 'dir' : code === 'ENOENT' ? 'missing' : 'other')];
  }
}

/**
 * Every file of a commit with three git processes at most: a listing of the folder (which gives
 * the blob ids), then one `git cat-file --batch` by id. A git failure throws GitReadError.
 */
function readGitBatch(tree: GitTree, paths: readonly string[]): (Uint8Array | Problem[])[] {
  return tree.readFiles(paths).map((got, i) => (got instanceof Uint8Array ? got : [got === 'symlink' ? symlinkProblem(paths[i]!) : notAFileProblem(paths[i]!, got)]));
}

function symlinkProblem(path: string): Problem {
  return problem(path, 'file/symlink', msg('Berkas tidak boleh berupa symlink.', 'The file must not be a symlink.'));
}

function notAFileProblem(path: string, kind: string): Problem {
  return problem(path, 'file/not-a-file', msg(`Bukan berkas biasa (${kind}).`, `Not a regular file (${kind}).`));
}

function lean<K extends ShapeKind>(tree: Tree, loaded: Loaded<K>): Loaded<K> {
  if (!loaded.ok) return loaded;
  return { ok: true, path: loaded.path, value: loaded.value, source: lazySource(tree, loaded.path, loaded.value) };
}

/** A YamlSource that parses the file again the first time a position is asked for. */
export function lazySource(tree: Tree, file: string, value: unknown): YamlSource {
  return new LazySource(tree, file, value);
}

const START: Position = { line: 1, column: 1 };

// A class, not closures: one small object per file of a register of thousands.
class LazySource implements YamlSource {
  private full: YamlSource | undefined;
  constructor(private readonly tree: Tree, readonly file: string, readonly value: unknown) {}

  private load(): YamlSource | undefined {
    if (this.full) return this.full;
    const bytes = this.tree instanceof WorkingTree ? readNoFollow(this.tree.root, this.file) : this.tree.read(this.file);
    if (!(bytes instanceof Uint8Array)) return undefined;
    const loaded = loadYaml(this.file, bytes, MAX_REGISTER_FILE_BYTES);
    if (loaded.ok) this.full = loaded.source;
    return this.full;
  }

  get text(): string {
    return this.load()?.text ?? '';
  }

  positionOf(path: readonly (string | number)[]): Position {
    return this.load()?.positionOf(path) ?? START;
  }

  keyPositionOf(path: readonly (string | number)[], key: string): Position {
    return this.load()?.keyPositionOf(path, key) ?? START;
  }

  lineText(line: number): string {
    return this.load()?.lineText(line) ?? '';
  }
}

function canUseWorkers(): boolean {
  // Workers run the compiled JavaScript; under a TypeScript test runner this module is .ts.
  return import.meta.url.endsWith('.js') && availableParallelism() > 1;
}

export type WorkerResult = { path: string; ok: true; value: unknown } | { path: string; ok: false; problems: Problem[] };

async function loadInWorkers<K extends 'register' | 'request'>(tree: WorkingTree, paths: readonly string[], kind: K): Promise<Loaded<K>[]> {
  const count = Math.min(availableParallelism(), 4);
  const size = Math.ceil(paths.length / count);
  const chunks: string[][] = [];
  for (let i = 0; i < paths.length; i += size) chunks.push(paths.slice(i, i + size));
  const results = await Promise.all(chunks.map((chunk) => runWorker(tree.root, chunk, kind)));
  return results.flat().map((r): Loaded<K> => (r.ok
    ? { ok: true, path: r.path, value: r.value as Shapes[K], source: lazySource(tree, r.path, r.value) }
    : { ok: false, path: r.path, problems: r.problems }));
}

function runWorker(root: string, paths: string[], kind: ShapeKind): Promise<WorkerResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: { root, paths, kind } });
    worker.once('message', (results: WorkerResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

/**
 * A loader for a second tree (a base commit) that mostly holds the same files as a reference
 * tree already loaded: a file whose bytes equal the reference's takes the reference's parsed
 * value instead of being parsed again; only files that differ are parsed. A full plan compares
 * two trees of thousands of files in which few differ.
 */
export function reusingLoader(reference: WorkingTree, referenceLoader: BulkLoader): BulkLoader {
  return async <K extends 'register' | 'request'>(t: Tree, paths: readonly string[], kind: K): Promise<Loaded<K>[]> => {
    const bytes = readMany(t, paths);
    const same = paths.filter((path, i) => {
      const own = bytes[i]!;
      const theirs = own instanceof Uint8Array ? readNoFollow(reference.root, path) : undefined;
      return theirs instanceof Uint8Array && Buffer.from(own as Uint8Array).equals(theirs);
    });
    const reused = new Map((await referenceLoader(reference, same, kind)).map((loaded) => [loaded.path, loaded]));
    return paths.map((path, i): Loaded<K> => {
      const known = reused.get(path);
      if (known?.ok) return { ok: true, path, value: known.value, source: lazySource(t, path, known.value) };
      const b = bytes[i]!;
      return b instanceof Uint8Array ? leanParse(t, path, b, kind) : { ok: false, path, problems: b };
    });
  };
}
