import { loadYaml } from '../../src/model/yaml-source.js';
import type { RecordsOwner } from '../../src/records/record.js';
import type { DnsRecord } from '../../src/schema/types.gen.js';

export const ZONE = { name: 'bekasikota.go.id', cloudflare_zone_id: '0123456789abcdef0123456789abcdef' };

/** The records of `requests/<fqdn>.yaml` written as `records:` YAML, with positions (line 1 is `records:`). */
export function owner(recordsYaml: string, fqdn = 'dinkes.bekasikota.go.id'): RecordsOwner {
  const loaded = loadYaml(`requests/${fqdn}.yaml`, new TextEncoder().encode(`records:\n${recordsYaml}`));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const records = (loaded.source.value as { records: DnsRecord[] }).records;
  const labels = fqdn.slice(0, -(ZONE.name.length + 1)).split('.');
  return { path: `requests/${fqdn}.yaml`, name: { fqdn, zone: ZONE, labels }, source: loaded.source, records };
}
