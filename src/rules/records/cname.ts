import { msg, problem, type Problem } from '../../model/problem.js';
import type { RecordsOwner } from '../context.js';
import { isHostName, normalizeHost } from './host-name.js';
import type { RecordRef } from './record-ref.js';

/** A CNAME is the only record at its name (RFC 1034 §3.6.2), and at most one. */
export function checkCnameAlone(file: string, refs: readonly RecordRef[]): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map<string, RecordRef[]>();
  for (const ref of refs) byName.set(ref.fqdn, [...(byName.get(ref.fqdn) ?? []), ref]);
  for (const [fqdn, atName] of byName) {
    const cnames = atName.filter((r) => r.record.type === 'CNAME');
    if (cnames.length === 0 || atName.length === 1) continue;
    const others = [...new Set(atName.filter((r) => r !== cnames[0]).map((r) => r.record.type))].join(', ');
    problems.push(problem(file, 'record/cname-alone', msg(
      `CNAME di ${fqdn} harus berdiri sendiri, tetapi ada juga catatan ${others} di nama yang sama.`,
      `A CNAME at ${fqdn} must stand alone, but there are also ${others} records at the same name.`), cnames[0]!.at('type')));
  }
  return problems;
}

/** A CNAME points at a valid host name, not at itself and not at the zone apex. */
export function checkCnameTarget(file: string, ref: RecordRef, owner: RecordsOwner): Problem[] {
  if (ref.record.type !== 'CNAME') return [];
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
