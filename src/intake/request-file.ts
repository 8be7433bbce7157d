import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node } from 'yaml';
import { FIELDS, type FormField } from './form.js';

export interface Origin {
  issue: number;
  /** The issue's author, as the API gives it. */
  author: string;
}

/** A GitHub login: letters, digits and single hyphens; apps end in `[bot]`. */
export const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/;

/** Values kept as quoted strings so no YAML reader turns them into numbers or timestamps. */
const QUOTED: readonly (readonly string[])[] = [
  ['letter', 'date'],
  ['letter', 'signer', 'nip'],
  ['contact', 'nip'],
  ['contact', 'phone'],
];

/**
 * The request file's text, built with the yaml Document API from the answers as they are
 * (unknown keys included, so the validator reports them rather than this dropping them).
 */
export function requestYaml(request: Record<string, unknown>, origin: Origin): string {
  const doc = new Document(request);
  const by = LOGIN.test(origin.author) ? ` oleh @${origin.author}` : '';
  const byEn = LOGIN.test(origin.author) ? ` by @${origin.author}` : '';
  doc.commentBefore = ` Permohonan dari issue #${origin.issue}${by} / request from issue #${origin.issue}${byEn}`;
  for (const path of QUOTED) {
    const node = doc.getIn(path, true);
    if (isScalar(node) && typeof node.value === 'string') node.type = Scalar.QUOTE_DOUBLE;
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * Which form field each line of the generated file came from, so a problem the validator
 * finds at a line can name the field the applicant filled in.
 */
export function fieldAtLine(text: string): (line: number) => FormField | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const spans: { field: FormField; from: number; to: number }[] = [];
  for (const field of FIELDS) {
    if (!field.path) continue;
    const node = doc.getIn(field.path, true) as Node | undefined;
    const parentMap = field.path.length > 1 ? doc.getIn(field.path.slice(0, -1), true) : doc.contents;
    let keyStart: number | undefined;
    if (isMap(parentMap)) {
      const pair = parentMap.items.find((p) => isScalar(p.key) && p.key.value === field.path!.at(-1));
      keyStart = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    }
    const range = node && (isScalar(node) || isMap(node) || isSeq(node)) ? node.range : undefined;
    if (keyStart === undefined || !range) continue;
    spans.push({ field, from: lineCounter.linePos(keyStart).line, to: lineCounter.linePos(Math.max(range[0], range[1] - 1)).line });
  }
  return (line) => {
    const covering = spans.filter((s) => s.from <= line && line <= s.to);
    covering.sort((a, b) => a.to - a.from - (b.to - b.from));
    return covering[0]?.field;
  };
}

/** Which record of `records:` (from 0) each line of a request file belongs to. */
export function recordAtLine(text: string): (line: number) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const records = doc.getIn(['records'], true);
  const spans = isSeq(records)
    ? records.items.map((item) => {
        const range = (item as Node).range;
        return range ? { from: lineCounter.linePos(range[0]).line, to: lineCounter.linePos(Math.max(range[0], range[1] - 1)).line } : undefined;
      })
    : [];
  return (line) => {
    const index = spans.findIndex((s) => s !== undefined && s.from <= line && line <= s.to);
    return index < 0 ? undefined : index;
  };
}
