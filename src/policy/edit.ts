import { isMap, isSeq, parseDocument, stringify, YAMLMap, YAMLSeq, type Node } from 'yaml';

/**
 * The policy text with `names` added to one zone's `infrastructure` list, comments and layout
 * kept: the new names are written into the text where the list is (or one `infrastructure:`
 * line is added to the zone), so every other line stays byte for byte as it was. Undefined when
 * the zone is not in the text (the caller reports it).
 */
export function withInfrastructure(policyText: string, zoneName: string, names: readonly string[]): string | undefined {
  const doc = parseDocument(policyText, { version: '1.2' });
  const zones = doc.get('zones', true);
  if (!isSeq(zones)) return undefined;
  const zone = zones.items.find((item) => isMap(item) && item.get('name') === zoneName);
  if (!isMap(zone)) return undefined;
  if (names.length === 0) return policyText;
  const existing = zone.get('infrastructure', true) as unknown;
  const current = isSeq(existing) ? existing.items.map(itemText) : [];
  const added = [...new Set(names)].filter((name) => !current.includes(name));
  if (added.length === 0) return policyText;
  const expected = [...current, ...added];
  const edited = isSeq(existing) ? extendList(policyText, existing, added) : zone.has('infrastructure') ? undefined : addList(policyText, zone, added);
  if (edited !== undefined && listOf(edited, zoneName)?.join('\n') === expected.join('\n')) return edited;
  return reflowed(policyText, zoneName, names);
}

function itemText(item: unknown): string {
  return String((item as { value?: unknown }).value ?? item);
}

/** A name as a YAML 1.2 flow scalar: `smtp`, `"@"`. */
function scalar(name: string): string {
  return stringify(name, { version: '1.2', lineWidth: 0 }).trimEnd();
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Where the line holding the end of `node` ends (just after its newline). */
function afterLine(text: string, node: Node): number {
  const end = node.range![1];
  const newline = text.indexOf('\n', Math.max(0, end - 1));
  return newline < 0 ? text.length : newline + 1;
}

function insert(text: string, at: number, line: string): string {
  const head = text.slice(0, at);
  return `${head}${head.endsWith('\n') || head === '' ? '' : '\n'}${line}${text.slice(at)}`;
}

/** `[a, b]` → `[a, b, c]`; a block list gains `- c` lines under its last item. */
function extendList(text: string, seq: YAMLSeq, added: readonly string[]): string | undefined {
  if (!seq.range) return undefined;
  const [start, end] = seq.range;
  if (seq.flow) {
    const close = text.lastIndexOf(']', end);
    if (text[start] !== '[' || close <= start) return undefined;
    const inner = text.slice(start + 1, close);
    if (inner.includes('#')) return undefined;
    const list = added.map(scalar).join(', ');
    const body = inner.trimEnd();
    const at = start + 1 + body.length;
    const joint = body.trim() === '' ? '' : body.endsWith(',') ? ' ' : ', ';
    return `${text.slice(0, at)}${joint}${list}${text.slice(at)}`;
  }
  const last = seq.items.at(-1) as Node | undefined;
  if (!last?.range || text[start] !== '-') return undefined;
  const indent = text.slice(lineStart(text, start), start);
  if (indent.trim() !== '') return undefined;
  return insert(text, afterLine(text, last), added.map((name) => `${indent}- ${scalar(name)}\n`).join(''));
}

/** A zone without the key gets one line `infrastructure: [a, b]` after its last entry, at its keys' indentation. */
function addList(text: string, zone: YAMLMap, added: readonly string[]): string | undefined {
  if (zone.flow) return undefined;
  const first = zone.items[0]?.key as Node | undefined;
  const lastPair = zone.items.at(-1);
  const last = (lastPair?.value ?? lastPair?.key) as Node | undefined;
  if (!first?.range || !last?.range) return undefined;
  const column = first.range[0] - lineStart(text, first.range[0]);
  return insert(text, afterLine(text, last), `${' '.repeat(column)}infrastructure: [${added.map(scalar).join(', ')}]\n`);
}

function listOf(text: string, zoneName: string): string[] | undefined {
  const doc = parseDocument(text, { version: '1.2' });
  if (doc.errors.length > 0) return undefined;
  const zones = doc.get('zones', true);
  const zone = isSeq(zones) ? zones.items.find((item) => isMap(item) && item.get('name') === zoneName) : undefined;
  const list = isMap(zone) ? zone.get('infrastructure', true) : undefined;
  return isSeq(list) ? list.items.map(itemText) : undefined;
}

/** The whole document written again (layout normalised): only for shapes the text edit does not handle. */
function reflowed(policyText: string, zoneName: string, names: readonly string[]): string | undefined {
  const doc = parseDocument(policyText, { version: '1.2' });
  const zones = doc.get('zones', true);
  const zone = isSeq(zones) ? zones.items.find((item) => isMap(item) && item.get('name') === zoneName) : undefined;
  if (!isMap(zone)) return undefined;
  const existing = zone.get('infrastructure', true) as unknown;
  const seq = isSeq(existing) ? existing : new YAMLSeq();
  if (!isSeq(existing)) {
    seq.flow = true;
    zone.set('infrastructure', seq);
  }
  const present = new Set(seq.items.map(itemText));
  for (const name of names) if (!present.has(name)) seq.add(doc.createNode(name));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
