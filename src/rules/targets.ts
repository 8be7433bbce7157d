import { msg, problem, type Problem } from '../model/problem.js';
import { kindOf } from '../records/index.js';
import { nsTargets } from '../records/ns.js';
import type { RecordsOwner } from '../records/record.js';
import { recordRefs } from '../records/ref.js';
import type { DnsRecord } from '../schema/types.gen.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { RequestFile, RuleContext } from './context.js';

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
    const pointsAt = inZoneTarget(ref.record, context.policy);
    if (!pointsAt) continue;
    const { target, zone, name } = pointsAt;
    const pending = context.pendingAtBase.get(name);
    if (name === owner.name.fqdn || (pending ? pending.action !== 'delete' : context.register.get(name))) continue;
    problems.push(problem(owner.path, 'record/in-zone-target', pending
      ? msg(
        `Target ${ref.record.type} \`${target}\` berada di zona ${zone}, tetapi ${name} sedang dihapus (permohonan delete sudah disetujui). Arahkan ke nama yang tetap ada.`,
        `${ref.record.type} target \`${target}\` is inside zone ${zone}, but ${name} is being deleted (its delete request is approved). Point at a name that stays.`)
      : msg(
        `Target ${ref.record.type} \`${target}\` berada di zona ${zone}, tetapi ${name} tidak terdaftar dan tidak sedang dimohonkan. Daftarkan nama itu lebih dulu, atau arahkan ke nama yang ada.`,
        `${ref.record.type} target \`${target}\` is inside zone ${zone}, but ${name} is neither registered nor requested. Register that name first, or point at a name that exists.`),
    ref.at('value'), severity));
  }
  return problems;
}

/**
 * The register entry a CNAME, MX or SRV record points at, when its target lies inside one of the
 * office's zones below the apex and outside the infrastructure names. NS targets need more than a
 * name (an address: `record/ns-glue`).
 */
function inZoneTarget(record: DnsRecord, policy: ResolvedPolicy): { target: string; zone: string; name: string } | undefined {
  const kind = kindOf(record.type);
  if (!kind.target || record.type === 'NS' || Array.isArray(record.value)) return undefined;
  const target = kind.target(kind.content(record));
  const zone = policy.zones.find((z) => target === z.name || target.endsWith(`.${z.name}`));
  if (!zone || target === zone.name) return undefined;
  const labels = target.slice(0, -(zone.name.length + 1)).split('.');
  // A service label (`_acme-challenge.sehat`) lives in the records of the name it sits under.
  while (labels.length > 1 && labels[0]!.startsWith('_')) labels.shift();
  if (labels.length === 1 && policy.reservedNames.has(labels[0]!)) return undefined;
  return { target, zone: zone.name, name: `${labels.join('.')}.${zone.name}` };
}

/**
 * A delete request for a name that registered CNAME, MX or SRV records point at leaves those
 * records pointing at nothing in the office's own zone. A warning, not an error: a delete after
 * an incident must not wait for another agency's records; the officials see which ones to fix.
 */
export function checkDeleteReferrers(file: RequestFile, context: RuleContext): Problem[] {
  if (file.value.action !== 'delete') return [];
  const referrers = referrersOf(context).get(file.name.fqdn)?.filter((r) => r.name !== file.name.fqdn && !r.name.endsWith(`.${file.name.fqdn}`)) ?? [];
  if (referrers.length === 0) return [];
  const named = referrers.map((r) => `${r.name} (${r.types.join(', ')})`);
  return [problem(file.path, 'owner/delete-referenced', msg(
    `Catatan DNS lain masih menunjuk ke ${file.name.fqdn}: ${named.join('; ')}. Setelah dihapus, catatan itu menunjuk ke nama yang tidak ada; ubah atau hapus catatan itu juga.`,
    `Other DNS records still point at ${file.name.fqdn}: ${named.join('; ')}. Once it is deleted they point at a name that does not exist; update or delete them too.`),
  file.source.positionOf(['action']), 'warning')];
}

/** Target name → the registered names whose records point at it, indexed once per check run (a whole tree may hold many deletes). */
const referrerIndexes = new WeakMap<RuleContext, Map<string, { name: string; types: string[] }[]>>();

function referrersOf(context: RuleContext): Map<string, { name: string; types: string[] }[]> {
  let index = referrerIndexes.get(context);
  if (index) return index;
  index = new Map();
  context.register.readAll();
  for (const name of context.register.names()) {
    const after = recordsOnceApplied(name, context);
    const records = after && !after.hosting ? after.records : [];
    const types = new Map<string, string[]>();
    for (const record of records) {
      const target = inZoneTarget(record, context.policy)?.name;
      if (target && !types.get(target)?.includes(record.type)) types.set(target, [...(types.get(target) ?? []), record.type]);
    }
    for (const [target, kinds] of types) {
      const list = index.get(target);
      if (list) list.push({ name, types: kinds });
      else index.set(target, [{ name, types: kinds }]);
    }
  }
  referrerIndexes.set(context, index);
  return index;
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

/**
 * What a name holds once the pending requests are applied: a pending request's records or hosting
 * when it has them, else the register's; undefined for a name that is not there or is being
 * deleted. `pending`: the answer comes from a request waiting to be applied.
 */
export function recordsOnceApplied(fqdn: string, context: RuleContext): { records: readonly DnsRecord[]; hosting: boolean; pending: boolean } | undefined {
  const pending = context.pendingAtBase.get(fqdn);
  if (pending?.action === 'delete') return undefined;
  const fromPending = pending !== undefined && (pending.records !== undefined || pending.hosting === true);
  const entry = fromPending ? pending : context.register.get(fqdn);
  if (!entry) return undefined;
  return { records: entry.records ?? [], hosting: entry.hosting === true, pending: fromPending };
}

/** The records a name will have once pending requests are applied (a delete leaves none; hosting has the policy's). */
function addressSource(fqdn: string, owner: RecordsOwner, context: RuleContext): readonly DnsRecord[] {
  if (fqdn === owner.name.fqdn) return owner.records;
  const after = recordsOnceApplied(fqdn, context);
  if (!after) return [];
  return after.hosting ? context.policy.hosting?.records ?? [] : after.records;
}

function hasAddress(records: readonly DnsRecord[]): boolean {
  return records.some((r) => (r.type === 'A' || r.type === 'AAAA') && r.name === undefined);
}
