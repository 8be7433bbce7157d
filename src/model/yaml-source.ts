import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import { msg, problem, type Position, type Problem } from './problem.js';

/** A request is a page of text; a register file grows by one history entry per applied request. */
export const MAX_FILE_BYTES = 64 * 1024;
export const MAX_REGISTER_FILE_BYTES = 1024 * 1024;

/** A parsed YAML file that remembers where each value came from. */
export interface YamlSource {
  file: string;
  text: string;
  value: unknown;
  /** Position of the value at a path, or of the nearest enclosing value that exists. */
  positionOf(path: readonly (string | number)[]): Position;
  /** Position of a key inside the map at `path`. */
  keyPositionOf(path: readonly (string | number)[], key: string): Position;
  /** The text of one line, for showing the offending line. */
  lineText(line: number): string;
}

export type LoadResult = { ok: true; source: YamlSource } | { ok: false; problems: Problem[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and parses one YAML file strictly: one mapping document, UTF-8, no duplicate keys,
 * no aliases, no tags, at most 64 KiB. Any deviation is a problem, never an exception.
 */
export function loadYaml(file: string, bytes: Uint8Array, maxBytes = MAX_FILE_BYTES): LoadResult {
  const fail = (rule: string, id: string, en: string, position?: Position): LoadResult => ({
    ok: false,
    problems: [problem(file, rule, msg(id, en), position ?? { line: 1, column: 1 })],
  });
  if (bytes.byteLength > maxBytes) {
    const limit = `${maxBytes / 1024} KiB`;
    return fail('yaml/too-large', `Berkas lebih dari ${limit} (${bytes.byteLength} bita).`, `File is larger than ${limit} (${bytes.byteLength} bytes).`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('yaml/encoding', 'Berkas bukan teks UTF-8 yang sah.', 'File is not valid UTF-8 text.', firstBadByte(bytes));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail('yaml/empty', 'Berkas kosong.', 'File is empty.');

  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      uniqueKeys: true,
      resolveKnownTags: false,
      customTags: [],
      schema: 'core',
      prettyErrors: false,
      strict: true,
      lineCounter,
    });
  } catch (error) {
    return fail('yaml/syntax', 'YAML tidak dapat dibaca.', `YAML cannot be parsed: ${String(error)}`);
  }
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const issues = [...doc.errors, ...doc.warnings];
  if (issues.length > 0) {
    return {
      ok: false,
      problems: issues.map((e) => {
        const { rule, id, en } = describeYamlIssue(e.code, e.message);
        return problem(file, rule, msg(id, en), at(e.pos[0]));
      }),
    };
  }
  const badNode = findForbiddenNode(doc);
  if (badNode) {
    const [kind, offset] = badNode;
    return kind === 'alias'
      ? fail('yaml/alias', 'Anchor dan alias (&, *) tidak diizinkan.', 'Anchors and aliases (&, *) are not allowed.', at(offset))
      : fail('yaml/tag', `Tag YAML (${kind}) tidak diizinkan.`, `YAML tags (${kind}) are not allowed.`, at(offset));
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return fail('yaml/empty', 'Berkas kosong (hanya komentar).', 'File is empty (comments only).');
  }
  if (!isMap(doc.contents)) {
    const what = isSeq(doc.contents) ? ['daftar', 'a list'] : ['nilai tunggal', 'a single value'];
    return fail('yaml/not-a-map', `Isi berkas harus berupa pemetaan kunci: nilai, bukan ${what[0]}.`, `The file must be a mapping of key: value, not ${what[1]}.`, at(doc.contents?.range?.[0] ?? 0));
  }
  keepNumberLikeStrings(doc);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return fail('yaml/syntax', 'YAML tidak dapat dibaca.', `YAML cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const lines = text.split(/\r?\n/);
  return {
    ok: true,
    source: {
      file,
      text,
      value,
      positionOf(path) {
        for (let n = path.length; n >= 0; n--) {
          const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
          if (node && typeof node === 'object' && 'range' in node && node.range) return at(node.range[0]);
        }
        return { line: 1, column: 1 };
      },
      keyPositionOf(path, key) {
        const container = path.length === 0 ? doc.contents : doc.getIn(path, true);
        if (isMap(container)) {
          for (const pair of container.items) {
            if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return at(pair.key.range[0]);
          }
        }
        return this.positionOf(path);
      },
      lineText: (line) => lines[line - 1] ?? '',
    },
  };
}

function describeYamlIssue(code: string, message: string): { rule: string; id: string; en: string } {
  const first = message.split('\n')[0] ?? message;
  switch (code) {
    case 'DUPLICATE_KEY':
      return { rule: 'yaml/duplicate-key', id: 'Kunci yang sama ditulis dua kali.', en: 'The same key appears twice.' };
    case 'TAG_RESOLVE_FAILED':
    case 'BAD_TAG':
      return { rule: 'yaml/tag', id: 'Tag YAML tidak diizinkan.', en: `YAML tags are not allowed (${first}).` };
    case 'MULTIPLE_DOCS':
      return { rule: 'yaml/syntax', id: 'Berkas hanya boleh berisi satu dokumen YAML.', en: 'The file must hold one YAML document only.' };
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return { rule: 'yaml/alias', id: 'Anchor dan alias (&, *) tidak diizinkan.', en: 'Anchors and aliases (&, *) are not allowed.' };
    default:
      return { rule: 'yaml/syntax', id: `Kesalahan sintaks YAML: ${first}`, en: `YAML syntax error: ${first}` };
  }
}

function findForbiddenNode(doc: Document.Parsed): [string, number] | undefined {
  let found: [string, number] | undefined;
  visit(doc, {
    Alias(_, node) {
      found = ['alias', node.range?.[0] ?? 0];
      return visit.BREAK;
    },
    Node(_, node) {
      if (node.anchor) {
        found = ['alias', node.range?.[0] ?? 0];
        return visit.BREAK;
      }
      if (node.tag) {
        found = [node.tag, node.range?.[0] ?? 0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Plain scalars such as NIP (18 digits) or phone numbers (0812…) resolve to numbers that lose
 * digits. Where the number would not print back as written, keep the text as written.
 */
function keepNumberLikeStrings(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(_, node: Scalar) {
      if (typeof node.value === 'number' && node.type === Scalar.PLAIN && typeof node.source === 'string' && String(node.value) !== node.source) {
        if (/^[+]?[0-9]+$/.test(node.source)) node.value = node.source;
      }
    },
  });
}

function firstBadByte(bytes: Uint8Array): Position {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const before = lenient.slice(0, Math.max(0, lenient.indexOf('\ufffd')));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
