import { Address4, Address6 } from 'ip-address';
import { msg, problem, type Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import { checkRecords } from '../records/rules.js';
import type { Policy } from '../schema/types.gen.js';

/**
 * The policy's hosting target is checked with the same record rules as a request: its records
 * are published for every subdomain that asks for hosting. A documentation address
 * (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) is the mark of an example
 * policy: a warning that it must be replaced before going live, not an error, so the reference
 * office still runs.
 */
export function checkHostingRecords(policy: Pick<Policy, 'hosting' | 'zones'>, source: YamlSource): Problem[] {
  const records = policy.hosting?.records;
  const zone = policy.zones[0];
  if (!records || !zone) return [];
  const under = (path: readonly (string | number)[]) => ['hosting', ...path];
  const hostingSource: YamlSource = { ...source, positionOf: (path) => source.positionOf(under(path)) };
  const examples = new Set<number>();
  const warnings: Problem[] = [];
  records.forEach((record, i) => {
    if (!isDocumentationAddress(record.type, record.value)) return;
    const at = source.positionOf(['hosting', 'records', i, 'value']);
    examples.add(at.line);
    warnings.push(problem(source.file, 'policy/hosting-example-address', msg(
      `\`${String(record.value)}\` adalah alamat contoh (dokumentasi): ganti dengan alamat IP publik pusat data Anda sebelum melayani permohonan hosting.`,
      `\`${String(record.value)}\` is an example (documentation) address: replace it with your data centre's public IP address before serving hosting requests.`), at, 'warning'));
  });
  const problems = checkRecords({ path: source.file, source: hostingSource, name: { fqdn: `subdomain.${zone.name}`, zone, labels: ['subdomain'] }, records })
    .filter((p) => !(examples.has(p.line ?? -1) && /^record\/(a|aaaa)-public/.test(p.rule)));
  return [...problems, ...warnings];
}

function isDocumentationAddress(type: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    if (type === 'A') return new Address4(value).isInSubnet(new Address4('192.0.2.0/24')) || new Address4(value).isInSubnet(new Address4('198.51.100.0/24')) || new Address4(value).isInSubnet(new Address4('203.0.113.0/24'));
    if (type === 'AAAA') return new Address6(value).isInSubnet(new Address6('2001:db8::/32'));
  } catch {
    return false;
  }
  return false;
}
