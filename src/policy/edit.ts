import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';

/**
 * The policy text with `names` added to one zone's `infrastructure` list, comments and layout
 * kept. Undefined when the zone is not in the text (the caller reports it).
 */
export function withInfrastructure(policyText: string, zoneName: string, names: readonly string[]): string | undefined {
  const doc = parseDocument(policyText, { version: '1.2' });
  const zones = doc.get('zones', true);
  if (!isSeq(zones)) return undefined;
  const zone = zones.items.find((item) => isMap(item) && item.get('name') === zoneName);
  if (!isMap(zone)) return undefined;
  if (names.length === 0) return policyText;
  const existing = zone.get('infrastructure', true) as unknown;
  const seq = isSeq(existing) ? existing : new YAMLSeq();
  if (!isSeq(existing)) {
    seq.flow = true;
    zone.set('infrastructure', seq);
  }
  const present = new Set(seq.items.map((item) => String((item as { value?: unknown }).value ?? item)));
  for (const name of names) if (!present.has(name)) seq.add(doc.createNode(name));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
