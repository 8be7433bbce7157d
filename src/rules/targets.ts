import { msg, problem, type Problem } from '../model/problem.js';
import { kindOf } from '../records/index.js';
import { nsTargets } from '../records/ns.js';
import type { RecordsOwner } from '../records/record.js';
import { recordRefs } from '../records/ref.js';
import type { DnsRecord } from '../schema/types.gen.js';
import type { RuleContext } from './context.js';

/**
 * A CNAME, MX or SRV whose target lies inside one of the office's zones points at a name the office
 * knows: the apex, an infrastructure name (a reserved label such as `mail`), a registered name,
 * a request waiting to be applied, or the file's own name. Anything else would publish a record
 * pointing at nothing in the office's own zone — the start of a dangling subdomain. NS targets
 * need more than a name (an address: `record/ns-glue`).
 */
export function checkInZoneTargets(owner: RecordsOwner, context: RuleContext, severity: 'error' | 'warning' = 'error'): Problem[] {
  const problems: Problem[] = [];
  for (const ref of recordRefs(owner)) {
    const kind = kindOf(ref.record.type);
    if (!kind.target || ref.record.type === 'NS' || Array.isArray(ref.record.value)) continue;
    const target = kind.target(kind.content(ref.record));
    const zone = context.policy.zones.find((z) => target === z.name || target.endsWith(`.${z.name}`));
    if (!zone || target === zone.name) continue;
    const labels = target.slice(0, -(zone.name.length + 1)).split('.');
    // A service label (`_acme-challenge.sehat`) lives in the records of the name it sits under.
    while (labels.length > 1 && labels[0]!.startsWith('_')) labels.shift();
    const name = `${labels.join('.')}.${zone.name}`;
    if (labels.length === 1 && context.policy.reservedNames.has(labels[0]!)) continue;
    if (name === owner.name.fqdn || context.register.get(name) || context.pendingAtBase.get(name)) continue;
    problems.push(problem(owner.path, 'record/in-zone-target', msg(
      `Target ${ref.record.type} \`${target}\` berada di zona ${zone.name}, tetapi ${name} tidak terdaftar dan tidak sedang dimohonkan. Daftarkan nama itu lebih dulu, atau arahkan ke nama yang ada.`,
      `${ref.record.type} target \`${target}\` is inside zone ${zone.name}, but ${name} is neither registered nor requested. Register that name first, or point at a name that exists.`),
    ref.at('value'), severity));
  }
  return problems;
}

/**
 * A name server inside one of the office's zones must have an address the resolver can find:
 * A/AAAA records at that name in this file (glue: `{ type: A, name: ns1, … }` for
 * `ns1.<subdomain>`), in the register, or in a request waiting to be applied. Without one the
 * delegation points at a name that does not resolve (for a name server below the delegated name
 * it cannot resolve at all: there is no way in without glue). The zone apex and infrastructure
 * names (reserved labels such as `ns1`) live outside the register and are not checked.
 */
export function checkNsGlue(owner: RecordsOwner, context: RuleContext, severity: 'error' | 'warning' = 'error'): Problem[] {
  const problems: Problem[] = [];
  const refs = recordRefs(owner);
  const own = new Set(refs.filter((r) => r.record.type === 'A' || r.record.type === 'AAAA').map((r) => r.fqdn.toLowerCase()));
  for (const ref of refs) {
    for (const target of nsTargets(ref)) {
      const zone = context.policy.zones.find((z) => target.endsWith(`.${z.name}`));
      if (!zone) continue;
      const labels = target.slice(0, -(zone.name.length + 1)).split('.');
      if (labels.length === 1 && context.policy.reservedNames.has(labels[0]!)) continue;
      if (own.has(target) || hasAddress(addressSource(target, owner, context))) continue;
      const below = target.endsWith(`.${ref.fqdn}`);
      const label = below ? target.slice(0, -(ref.fqdn.length + 1)) : undefined;
      problems.push(problem(owner.path, 'record/ns-glue', below
        ? msg(
          `Server nama \`${target}\` berada di bawah ${ref.fqdn} yang didelegasikan, jadi perlu catatan A/AAAA glue di permohonan ini: \`{ type: A, name: ${label}, value: <alamat IP> }\`.`,
          `Name server \`${target}\` lies below the delegated ${ref.fqdn}, so it needs an A/AAAA glue record in this request: \`{ type: A, name: ${label}, value: <IP address> }\`.`)
        : msg(
          `Server nama \`${target}\` berada di zona ${zone.name}, tetapi tidak punya catatan A/AAAA di daftar sub domain atau di permohonan yang tertunda. Daftarkan alamatnya lebih dulu, atau pakai server nama lain.`,
          `Name server \`${target}\` is inside zone ${zone.name} but has no A/AAAA record in the register or in a pending request. Register its address first, or use another name server.`),
      ref.at('value'), severity));
    }
  }
  return problems;
}

/** The records a name will have once pending requests are applied (a delete leaves none). */
function addressSource(fqdn: string, owner: RecordsOwner, context: RuleContext): readonly DnsRecord[] {
  if (fqdn === owner.name.fqdn) return owner.records;
  const pending = context.pendingAtBase.get(fqdn);
  if (pending?.action === 'delete') return [];
  const entry = pending && (pending.records || pending.hosting) ? pending : context.register.get(fqdn);
  if (!entry) return [];
  return entry.hosting ? context.policy.hosting?.records ?? [] : entry.records ?? [];
}

function hasAddress(records: readonly DnsRecord[]): boolean {
  return records.some((r) => (r.type === 'A' || r.type === 'AAAA') && r.name === undefined);
}
