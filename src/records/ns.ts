import { msg, problem, type Problem } from '../model/problem.js';
import { isHostName, normalizeHost } from './host-name.js';
import type { RecordKind, RecordRef, RecordsOwner } from './record.js';
import { valueStrings } from './ref.js';

/**
 * NS at a subdomain delegates it (and every name below it) to the agency's own name servers.
 * A list of values is one NS record per name server; Cloudflare never proxies NS.
 */
export const NS: RecordKind = {
  type: 'NS',
  proxiable: false,
  listIsOneRecord: false,
  listIsRecords: true,
  hasPriority: false,
  check: checkNsTargets,
  content: ({ value }) => normalizeHost(String(value).trim()),
  written: (content) => ({ value: content }),
  fromProvider: (content) => normalizeHost(content.trim()),
  provider: ({ content }) => ({ content }),
  target: (content) => content,
};

/** Every NS target of one record (a list is one record per name server), in canonical form. */
export function nsTargets(ref: RecordRef): string[] {
  return ref.record.type === 'NS' ? valueStrings(ref.record.value).map((v) => normalizeHost(v.trim())) : [];
}

/**
 * The glue names of a file: NS targets below the delegated name itself (`ns1.dinkes…` for
 * `dinkes…`). Only there may the file write A/AAAA records with a `name` (`name: ns1`).
 */
export function glueNames(refs: readonly RecordRef[]): Set<string> {
  const glue = new Set<string>();
  for (const ref of refs) for (const target of nsTargets(ref)) if (target.endsWith(`.${ref.fqdn}`)) glue.add(target);
  return glue;
}

/** Each name server is a host name, not an IP address and not the delegated name itself. */
function checkNsTargets(ref: RecordRef, owner: RecordsOwner): Problem[] {
  const problems: Problem[] = [];
  valueStrings(ref.record.value).forEach((raw, i) => {
    const value = raw.trim();
    const at = owner.source.positionOf(Array.isArray(ref.record.value) ? ['records', ref.index, 'value', i] : ['records', ref.index, 'value']);
    if (!isHostName(value) || /^[0-9.:]+$/.test(value)) {
      problems.push(problem(owner.path, 'record/ns-target', msg(
        `Server nama \`${value}\` harus nama host (contoh: ns1.dinkes.bekasikota.go.id), bukan alamat IP.`,
        `Name server \`${value}\` must be a host name (e.g. ns1.dinkes.bekasikota.go.id), not an IP address.`), at));
    } else if (normalizeHost(value) === ref.fqdn) {
      problems.push(problem(owner.path, 'record/ns-target', msg(
        `Server nama tidak boleh ${ref.fqdn} sendiri; pakai nama di bawahnya (contoh: ns1.${ref.fqdn}) dengan catatan A glue.`,
        `The name server must not be ${ref.fqdn} itself; use a name below it (e.g. ns1.${ref.fqdn}) with an A glue record.`), at));
    }
  });
  return problems;
}

/**
 * A delegated name holds nothing but its NS records: every other record at it or below it would
 * be shadowed (the agency's name servers answer there, not Cloudflare). The one exception is
 * glue: A/AAAA records of a name server that lies below the delegated name.
 */
export function checkNsAlone(file: string, refs: readonly RecordRef[]): Problem[] {
  const glue = glueNames(refs);
  const problems: Problem[] = [];
  const delegated = new Map<string, RecordRef>();
  for (const ref of refs) if (ref.record.type === 'NS' && !delegated.has(ref.fqdn)) delegated.set(ref.fqdn, ref);
  for (const [fqdn, ns] of delegated) {
    const others = refs.filter((r) => r.record.type !== 'NS' && (r.fqdn === fqdn || r.fqdn.endsWith(`.${fqdn}`))
      && !((r.record.type === 'A' || r.record.type === 'AAAA') && glue.has(r.fqdn)));
    if (others.length === 0) continue;
    const types = [...new Set(others.map((r) => r.record.type))].join(', ');
    problems.push(problem(file, 'record/ns-alone', msg(
      `NS di ${fqdn} menyerahkan nama itu ke server nama OPD; di nama itu dan di bawahnya tidak boleh ada catatan lain (hanya A/AAAA glue untuk server nama di bawahnya), tetapi ada ${types}. Catatan itu dibuat di server nama OPD.`,
      `The NS records at ${fqdn} delegate that name to the agency's name servers; no other record may sit at it or below it (only A/AAAA glue for name servers below it), but there are ${types} records. Create them on the agency's name servers.`),
    ns.at('type')));
  }
  return problems;
}
