import type { Position } from '../../model/problem.js';
import type { DnsRecord } from '../../schema/types.gen.js';
import type { RecordsOwner } from '../context.js';

/** One record and the means to point at it or at one of its fields. */
export interface RecordRef {
  record: DnsRecord;
  index: number;
  /** The full name the record lives at: the subdomain, or `name` + subdomain. */
  fqdn: string;
  at(field?: keyof DnsRecord): Position;
}

export function recordRefs(owner: RecordsOwner): RecordRef[] {
  return owner.records.map((record, index) => ({
    record,
    index,
    fqdn: record.name ? `${record.name}.${owner.name.fqdn}` : owner.name.fqdn,
    at: (field) => owner.source.positionOf(field ? ['records', index, field] : ['records', index]),
  }));
}

export function valueStrings(record: DnsRecord): string[] {
  return Array.isArray(record.value) ? record.value : [record.value];
}
