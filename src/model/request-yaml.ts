import { Document, Scalar, YAMLMap } from 'yaml';
import type { DnsRecord, SubdomainRequest } from '../schema/types.gen.js';

const HEADERS: Record<SubdomainRequest['action'], string> = {
  create: ' Permohonan pembuatan subdomain baru / request for a new subdomain',
  update: ' Permohonan perubahan catatan DNS / request to change the DNS records',
  delete: ' Permohonan penghapusan subdomain / request to delete a subdomain',
};

/**
 * The YAML text of a request file, in the field order people read it, with NIPs, phone numbers
 * and dates quoted so that no YAML reader turns them into numbers or timestamps.
 */
export function renderRequest(request: SubdomainRequest): string {
  const ordered: Record<string, unknown> = {
    action: request.action,
    opd: request.opd,
    letter: request.letter ? pick(request.letter, ['number', 'date', 'signer', 'via', 'reference', 'attachment']) : undefined,
    incident: request.incident ? pick(request.incident, ['issue', 'reason']) : undefined,
    purpose: request.purpose,
    contact: request.contact,
    records: request.records?.map((r) => pick(r, ['type', 'name', 'value', 'ttl', 'priority', 'weight', 'port', 'proxied']) as DnsRecord),
    hosting: request.hosting,
  };
  const doc = new Document(Object.fromEntries(Object.entries(ordered).filter(([, v]) => v !== undefined)));
  doc.commentBefore = HEADERS[request.action];
  quoteStrings(doc.contents as YAMLMap);
  return doc.toString({ lineWidth: 0 });
}

function pick<T extends object>(value: T, keys: string[]): Partial<T> {
  const source = value as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as Partial<T>;
}

function quoteStrings(node: unknown): void {
  if (node instanceof YAMLMap || (node && typeof node === 'object' && 'items' in node)) {
    for (const item of (node as { items: unknown[] }).items) {
      const pair = item as { value?: unknown };
      quoteStrings('value' in (item as object) ? pair.value : item);
    }
  } else if (node instanceof Scalar && typeof node.value === 'string' && /^[0-9+][0-9 +-]*$|^\d{4}-\d{2}-\d{2}$/.test(node.value)) {
    node.type = Scalar.QUOTE_DOUBLE;
  }
}
