import { msg, problem, type Problem } from '../model/problem.js';
import { loadYaml, MAX_FILE_BYTES, MAX_REGISTER_FILE_BYTES, type YamlSource } from '../model/yaml-source.js';
import type { Tree } from './tree.js';
import { conformsTo, validateShape, type ShapeKind, type Shapes } from '../schema/validate-shape.js';
import { fastYamlValue } from '../model/yaml-fast.js';

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
  return parseFileQuickly(path, bytes, kind);
}

/**
 * The same result as `parseFile`, faster for the many valid files of a large register: the
 * value comes from the fast parser when it is sure and the schema accepts it; positions are
 * worked out by the strict loader only if a rule asks for one.
 */
export function parseFileQuickly<K extends ShapeKind>(path: string, bytes: Uint8Array, kind: K): Loaded<K> {
  const value = quickValue(bytes, kind);
  if (value !== undefined) return { ok: true, path, value, source: strictOnDemand(path, bytes, value, maxBytesOf(kind)) };
  return parseFile(path, bytes, kind);
}

/** The value of a file when the fast parser is sure of it and the schema accepts it; else undefined (parse strictly). */
export function quickValue<K extends ShapeKind>(bytes: Uint8Array, kind: K): Shapes[K] | undefined {
  const value = fastYamlValue(bytes, maxBytesOf(kind));
  return value !== undefined && conformsTo(kind, value) ? value : undefined;
}

function maxBytesOf(kind: ShapeKind): number {
  return kind === 'register' ? MAX_REGISTER_FILE_BYTES : MAX_FILE_BYTES;
}

function strictOnDemand(file: string, bytes: Uint8Array, value: unknown, maxBytes: number): YamlSource {
  let strict: YamlSource | undefined;
  const load = (): YamlSource => {
    if (!strict) {
      const loaded = loadYaml(file, bytes, maxBytes);
      if (!loaded.ok) throw new Error(`${file}: the fast and strict YAML readers disagree`);
      strict = loaded.source;
    }
    return strict;
  };
  return {
    file,
    value,
    get text() {
      return load().text;
    },
    positionOf: (path) => load().positionOf(path),
    keyPositionOf: (path, key) => load().keyPositionOf(path, key),
    lineText: (line) => load().lineText(line),
  };
}

export function parseFile<K extends ShapeKind>(path: string, bytes: Uint8Array, kind: K): Loaded<K> {
  const loaded = loadYaml(path, bytes, kind === 'register' ? MAX_REGISTER_FILE_BYTES : MAX_FILE_BYTES);
  if (!loaded.ok) return { ok: false, path, problems: loaded.problems };
  const shape = validateShape(kind, loaded.source);
  if (!shape.ok) return { ok: false, path, problems: shape.problems, source: loaded.source };
  return { ok: true, path, value: shape.value, source: loaded.source };
}
