import type { DnsRecord } from '../schema/types.gen.js';
import type { RecordRef, RecordsOwner } from './record.js';

export function recordRefs(owner: RecordsOwner): RecordRef[] {
  return owner.records.map((record, index) => ({
    record,
    index,
    fqdn: record.name ? `${record.name}.${owner.name.fqdn}` : owner.name.fqdn,
    at: (field) => owner.source.positionOf(field ? ['records', index, field] : ['records', index]),
  }));
}

export function valueStrings(value: DnsRecord['value']): readonly string[] {
  return Array.isArray(value) ? value : [value as string];
}
