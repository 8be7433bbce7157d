import { msg, problem, type Problem } from '../model/problem.js';
import { loadYaml, MAX_FILE_BYTES, MAX_REGISTER_FILE_BYTES, type YamlSource } from '../model/yaml-source.js';
import type { Tree } from './tree.js';
import { validateShape, type ShapeKind, type Shapes } from '../schema/validate-shape.js';

export type Loaded<K extends ShapeKind> =
  | { ok: true; path: string; value: Shapes[K]; source: YamlSource }
  | { ok: false; path: string; problems: Problem[]; source?: YamlSource };

/** Reads one request, register or policy file from a tree: parsed strictly and schema-checked. */
export function loadFile<K extends ShapeKind>(tree: Tree, path: string, kind: K): Loaded<K> {
  const entry = tree.kind(path);
  if (entry === 'symlink') {
    return { ok: false, path, problems: [problem(path, 'file/symlink', msg('Berkas tidak boleh berupa symlink.', 'The file must not be a symlink.'))] };
  }
  const bytes = tree.read(path);
  if (!bytes) {
    return { ok: false, path, problems: [problem(path, 'file/not-a-file', msg(`Bukan berkas biasa (${entry}).`, `Not a regular file (${entry}).`))] };
  }
  return parseFile(path, bytes, kind);
}

export function parseFile<K extends ShapeKind>(path: string, bytes: Uint8Array, kind: K): Loaded<K> {
  const loaded = loadYaml(path, bytes, kind === 'register' ? MAX_REGISTER_FILE_BYTES : MAX_FILE_BYTES);
  if (!loaded.ok) return { ok: false, path, problems: loaded.problems };
  const shape = validateShape(kind, loaded.source);
  if (!shape.ok) return { ok: false, path, problems: shape.problems, source: loaded.source };
  return { ok: true, path, value: shape.value, source: loaded.source };
}
