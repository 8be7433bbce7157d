import { msg, problem, type Problem } from '../model/problem.js';
import { isHostName, normalizeHost } from './host-name.js';
import type { RecordKind, RecordRef, RecordsOwner } from './record.js';

export const CNAME: RecordKind = {
  type: 'CNAME',
  proxiable: true,
  listIsOneRecord: false,
  listIsRecords: false,
  hasPriority: false,
  check: checkCnameTarget,
  content: ({ value }) => normalizeHost(String(value).trim()),
  written: (content) => ({ value: content }),
  fromProvider: (content) => normalizeHost(content.trim()),
  provider: ({ content }) => ({ content }),
  target: (content) => content,
};

/** Types Cloudflare never allows beside a CNAME at one name (errors 81053/81054). */
const NEVER_BESIDE_CNAME = new Set(['A', 'AAAA', 'CNAME']);

/**
 * An unproxied CNAME is the only record at its name (RFC 1034 §3.6.2). Cloudflare answers for a
 * proxied CNAME itself, so TXT, MX and CAA may sit beside it; A, AAAA and another CNAME never.
 */
export function checkCnameAlone(file: string, refs: readonly RecordRef[]): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map<string, RecordRef[]>();
  for (const ref of refs) byName.set(ref.fqdn, [...(byName.get(ref.fqdn) ?? []), ref]);
  for (const [fqdn, atName] of byName) {
    const cname = atName.find((r) => r.record.type === 'CNAME');
    if (!cname) continue;
    const others = atName.filter((r) => r !== cname && (cname.record.proxied !== true || NEVER_BESIDE_CNAME.has(r.record.type)));
    if (others.length === 0) continue;
    const types = [...new Set(others.map((r) => r.record.type))].join(', ');
    problems.push(problem(file, 'record/cname-alone', cname.record.proxied === true
      ? msg(
        `CNAME di ${fqdn} diproksikan; di sampingnya hanya boleh TXT, MX atau CAA, bukan ${types}.`,
        `The CNAME at ${fqdn} is proxied; only TXT, MX or CAA may sit beside it, not ${types}.`)
      : msg(
        `CNAME di ${fqdn} harus berdiri sendiri, tetapi ada juga catatan ${types} di nama yang sama (kecuali CNAME itu diproksikan, lalu TXT, MX dan CAA boleh).`,
        `A CNAME at ${fqdn} must stand alone, but there are also ${types} records at the same name (unless the CNAME is proxied; then TXT, MX and CAA may stay).`),
    cname.at('type')));
  }
  return problems;
}

/** A CNAME points at a valid host name, not at itself and not at the zone apex. */
function checkCnameTarget(ref: RecordRef, owner: RecordsOwner): Problem[] {
  const file = owner.path;
  const value = String(ref.record.value);
  const target = normalizeHost(value);
  if (!isHostName(value) || /^[0-9.]+$/.test(target)) {
    return [problem(file, 'record/cname-target', msg(
      `Target CNAME \`${value}\` bukan nama host yang sah (contoh: app.penyedia.com).`,
      `CNAME target \`${value}\` is not a valid host name (e.g. app.provider.com).`), ref.at('value'))];
  }
  if (target === ref.fqdn) {
    return [problem(file, 'record/cname-target', msg(`CNAME tidak boleh menunjuk ke dirinya sendiri.`, `A CNAME must not point at itself.`), ref.at('value'))];
  }
  if (target === owner.name.zone.name) {
    return [problem(file, 'record/cname-target', msg(
      `CNAME tidak boleh menunjuk ke apex zona ${owner.name.zone.name}.`,
      `A CNAME must not point at the zone apex ${owner.name.zone.name}.`), ref.at('value'))];
  }
  return [];
}
