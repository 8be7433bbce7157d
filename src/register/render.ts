import { Document, isMap, isScalar, isSeq, Scalar, visit, type YAMLMap } from 'yaml';
import type { RegisterEntry } from '../schema/types.gen.js';

// Key order people read a register file in; the same order as the JSON Schemas.
const ORDER: Record<string, readonly string[]> = {
  entry: ['opd', 'purpose', 'contact', 'records', 'hosting', 'history'],
  contact: ['name', 'nip', 'email', 'phone'],
  record: ['type', 'name', 'value', 'ttl', 'priority', 'weight', 'port', 'proxied'],
  // Imports, requests, then confirmations (`by`, `at`, `issue`, `comment`, `note`): each kind's own keys in schema order.
  history: ['action', 'source', 'file', 'imported_at', 'imported_by', 'records', 'letter', 'purpose', 'pull_request', 'applicant', 'filed_by', 'approvals', 'opened_at', 'applied_at', 'commit', 'by', 'at', 'issue', 'comment', 'note'],
  imported: ['id', 'type', 'name', 'content'],
  letter: ['number', 'date', 'signer', 'via', 'reference', 'attachment'],
  signer: ['name', 'nip', 'position'],
  filed_by: ['login', 'role', 'via', 'reference'],
  approval: ['step', 'title', 'role', 'acting', 'by', 'at', 'elapsed_s', 'standard_s'],
};

/**
 * Values other YAML readers (and people) could take for numbers or dates: always written in
 * double quotes so a NIP keeps its 18 digits and a phone its leading 0 or +.
 */
const QUOTED_KEYS = new Set(['nip', 'phone', 'date', 'at', 'opened_at', 'applied_at', 'imported_at']);

/**
 * Renders a register entry as the YAML the pipeline commits: fixed key order, block style,
 * one approval per line in flow style, no line folding. The same entry always gives the same
 * bytes.
 */
export function renderRegisterEntry(entry: RegisterEntry): string {
  const doc = new Document(ordered(entry, 'entry'), { version: '1.2' });
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && QUOTED_KEYS.has(String(pair.key.value)) && isScalar(pair.value) && typeof pair.value.value === 'string') {
        pair.value.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  const history = doc.get('history', true);
  if (isSeq(history)) {
    for (const item of history.items) {
      if (!isMap(item)) continue;
      for (const key of ['approvals', 'records']) {
        const list = item.get(key, true);
        if (isSeq(list)) for (const one of list.items) if (isMap(one)) (one as YAMLMap).flow = true;
      }
    }
  }
  return doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: true });
}

function ordered(entry: RegisterEntry, kind: 'entry'): Record<string, unknown> {
  return sortKeys(entry as unknown as Record<string, unknown>, kind);
}

function sortKeys(value: Record<string, unknown>, kind: keyof typeof ORDER): Record<string, unknown> {
  const order = ORDER[kind]!;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  keys.sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = child(kind, key, value[key]);
  return out;
}

function child(parent: keyof typeof ORDER, key: string, value: unknown): unknown {
  const asMap = (v: unknown, kind: keyof typeof ORDER) => (isPlainObject(v) ? sortKeys(v, kind) : v);
  switch (`${parent}.${key}`) {
    case 'entry.contact':
      return asMap(value, 'contact');
    case 'entry.records':
      return Array.isArray(value) ? value.map((r) => asMap(r, 'record')) : value;
    case 'entry.history':
      return Array.isArray(value) ? value.map((h) => asMap(h, 'history')) : value;
    case 'history.letter':
      return asMap(value, 'letter');
    case 'letter.signer':
      return asMap(value, 'signer');
    case 'history.filed_by':
      return asMap(value, 'filed_by');
    case 'history.records':
      return Array.isArray(value) ? value.map((r) => asMap(r, 'imported')) : value;
    case 'history.approvals':
      return Array.isArray(value) ? value.map((a) => asMap(a, 'approval')) : value;
    default:
      return value;
  }
}

function rank(order: readonly string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
