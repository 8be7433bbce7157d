import { msg, problem, type Problem } from '../model/problem.js';
import { kindOf } from '../records/index.js';
import type { RecordsOwner } from '../records/record.js';
import { recordRefs } from '../records/ref.js';
import type { RuleContext } from './context.js';

/**
 * A CNAME or MX whose target lies inside one of the office's zones points at a name the office
 * knows: the apex, an infrastructure name (a reserved label such as `mail`), a registered name,
 * a request waiting to be applied, or the file's own name. Anything else would publish a record
 * pointing at nothing in the office's own zone — the start of a dangling subdomain.
 */
export function checkInZoneTargets(owner: RecordsOwner, context: RuleContext, severity: 'error' | 'warning' = 'error'): Problem[] {
  const problems: Problem[] = [];
  for (const ref of recordRefs(owner)) {
    const kind = kindOf(ref.record.type);
    if (!kind.target || Array.isArray(ref.record.value)) continue;
    const target = kind.target(kind.content(ref.record.value));
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
