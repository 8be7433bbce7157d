import { registerPath, requestPath } from '../model/domain.js';
import { msg, problem, type Message, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { cmp, desiredRecords, kindOf, RECORD_KINDS, recordIdentity, ttlText, type DesiredRecord, type RecordType } from '../records/index.js';
import { renderRegisterEntry } from '../register/render.js';
import { pendingImport, pendingImportIndex } from '../register/history.js';
import type { DnsRecord, ImportedRecord, ImportHistoryEntry, RegisterEntry, Zone } from '../schema/types.gen.js';
import type { LiveRecord } from '../zone/live-record.js';

/** The OPD of imported names nobody has mapped yet: `validate` warns until an OPD is named. */
export const UNASSIGNED_OPD = 'belum-ditentukan';

export interface ImportSource {
  source: ImportHistoryEntry['source'];
  /** The zone file's name (zone-file imports). */
  file?: string;
  /** ISO 8601. */
  at: string;
  /** Who ran the import. */
  by: string;
}

export interface ImportInput {
  zone: Zone;
  policy: ResolvedPolicy;
  records: readonly LiveRecord[];
  /** fqdn or name relative to the zone → OPD key. */
  owners: ReadonlyMap<string, string>;
  /** Names (relative, `@` = apex) the office declares its own, beside the policy's. */
  infrastructure: readonly string[];
  /** Whether a name already has a register entry or a pending request. */
  known(fqdn: string): boolean;
  /** The register entry of a name whose import is merged-or-proposed but not applied (a zone-file import waiting for ids). */
  pendingEntry?(fqdn: string): RegisterEntry | undefined;
  meta: ImportSource;
}

/** One subdomain the import registers. */
export interface ImportedEntry {
  fqdn: string;
  path: string;
  entry: RegisterEntry;
  content: string;
  records: number;
  /** An earlier import of this name (from a zone file) got its Cloudflare record ids: how many. */
  idsAdded?: number;
}

export interface LeftOut {
  name: string;
  /** A record left as it is; absent when a whole subdomain is (the rules refused its entry). */
  type?: string;
  content?: string;
  reason: Message;
  /** The rule that refused the entry, and where in the file it would have been. */
  rule?: string;
  file?: string;
  line?: number;
}

export interface ImportPlan {
  entries: ImportedEntry[];
  /** Names (relative to the zone) the office keeps for itself: written to the zone's `infrastructure` list. */
  infrastructure: string[];
  /** Records at infrastructure names: never managed, never deleted. */
  infrastructureRecords: number;
  /** Records the import leaves untouched, with the reason (type not managed, already registered …). */
  leftOut: LeftOut[];
  problems: Problem[];
}

/** Types a zone always has that belong to the zone itself, not to a subdomain. */
const ZONE_TYPES = new Set(['SOA']);

/**
 * A record the office keeps for itself, never managed by the pipeline: at the apex (`@`), of a
 * zone-level type, or under a name of the zone's `infrastructure` list. `relative` is the owner
 * subdomain relative to the zone, service labels removed.
 */
export function isInfrastructure(zone: Pick<Zone, 'infrastructure'>, relative: string, type: string): boolean {
  return relative === '@' || ZONE_TYPES.has(type) || (zone.infrastructure ?? []).includes(relative);
}

/**
 * Groups a zone's live records the way the register holds them: one entry per subdomain, its
 * service labels (`_dmarc.x`, `s1._domainkey.x`) folded under it as `name:`, nested names as
 * their own entries. The apex, the office's infrastructure names and reserved labels go to the
 * infrastructure list. Pure: the caller reads the zone and writes the files.
 */
export function planImport(input: ImportInput): ImportPlan {
  const { zone, policy } = input;
  const plan: ImportPlan = { entries: [], infrastructure: [], infrastructureRecords: 0, leftOut: [], problems: [] };
  const declared = new Set(input.infrastructure);
  const infrastructure = new Set<string>();
  const groups = new Map<string, LiveRecord[]>();
  const idsFor = new Map<string, LiveRecord[]>();
  const glue = glueOwners(input.records, zone.name);

  for (const record of input.records) {
    // Glue (`ns1.dinkes` A, for NS ns1.dinkes at `dinkes`) belongs to the delegation's entry, as `name: ns1`.
    const owner = record.type === 'A' || record.type === 'AAAA' ? glue.get(record.name) ?? record.name : record.name;
    const split = splitOwner(owner, zone.name);
    if (!split) {
      plan.leftOut.push(left(record, msg(`di luar zona ${zone.name}`, `outside the zone ${zone.name}`)));
      continue;
    }
    const relative = split.subdomain === '' ? '@' : split.subdomain;
    const top = relative.split('.').at(-1)!;
    // Besides the zone's own, import also sets aside names given on the command line and reserved labels (no request could take them).
    if (isInfrastructure(zone, relative, record.type) || declared.has(relative) || policy.reservedNames.has(top)) {
      infrastructure.add(relative);
      plan.infrastructureRecords++;
      continue;
    }
    const fqdn = `${split.subdomain}.${zone.name}`;
    if (!(record.type in RECORD_KINDS)) {
      plan.leftOut.push(left(record, msg(`tipe ${record.type} belum dikelola pipeline; dibiarkan apa adanya`, `type ${record.type} is not managed by the pipeline; left as it is`)));
      continue;
    }
    const waiting = input.pendingEntry?.(fqdn);
    if (waiting && record.id) {
      const list = idsFor.get(fqdn) ?? [];
      list.push(record);
      idsFor.set(fqdn, list);
      continue;
    }
    if (input.known(fqdn)) {
      plan.leftOut.push(left(record, msg(`${fqdn} sudah ada di daftar atau di permohonan yang menunggu`, `${fqdn} is already in the register or in a pending request`)));
      continue;
    }
    const list = groups.get(fqdn) ?? [];
    list.push(record);
    groups.set(fqdn, list);
  }

  for (const fqdn of [...groups.keys()].sort(cmp)) {
    const records = groups.get(fqdn)!;
    const entry = importedEntry(fqdn, records, zone, ownerOf(fqdn, zone.name, input.owners), input.meta);
    plan.entries.push({ fqdn, path: registerPath(fqdn), entry, content: renderRegisterEntry(entry), records: records.length });
  }
  for (const [fqdn, records] of [...idsFor].sort(([a], [b]) => cmp(a, b))) {
    const added = withRecordIds(fqdn, input.pendingEntry!(fqdn)!, records, plan.leftOut);
    if (added) plan.entries.push({ fqdn, path: registerPath(fqdn), entry: added.entry, content: renderRegisterEntry(added.entry), records: records.length, idsAdded: added.count });
  }
  plan.infrastructure = [...infrastructure].filter((n) => !(zone.infrastructure ?? []).includes(n)).sort(cmp);
  return plan;
}

/** `s1._domainkey.sehat.zone` → subdomain `sehat`, service `s1._domainkey`: the service is everything up to the last `_` label. */
export function splitOwner(name: string, zone: string): { subdomain: string; service?: string } | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower !== zone && !lower.endsWith(`.${zone}`)) return undefined;
  const labels = lower === zone ? [] : lower.slice(0, -(zone.length + 1)).split('.');
  let last = -1;
  labels.forEach((label, i) => {
    if (label.startsWith('_')) last = i;
  });
  const service = last >= 0 ? labels.slice(0, last + 1).join('.') : undefined;
  return { subdomain: labels.slice(last + 1).join('.'), ...(service ? { service } : {}) };
}

function ownerOf(fqdn: string, zone: string, owners: ReadonlyMap<string, string>): string {
  // A nested name without its own line belongs to the OPD of the nearest mapped parent.
  for (let name = fqdn; name.length > zone.length; name = name.slice(name.indexOf('.') + 1)) {
    const opd = owners.get(name) ?? owners.get(name.slice(0, -(zone.length + 1)));
    if (opd) return opd;
  }
  return UNASSIGNED_OPD;
}

/**
 * A pending import read from a zone file, with the Cloudflare ids of its records filled in from
 * the API (matched by identity), so that the first apply adopts them instead of creating them.
 *
 * When the ids come from the API, every pending record without an id must match a live record
 * exactly (content, TTL, proxied, priority), or the entry is refused as a whole and left as it
 * is: a record with no live twin would be created beside the live one (a second A record, or
 * Cloudflare's 81058), and one that differs only in TTL or proxied would be changed by an apply
 * the plan calls "adopted, no DNS change". The pipeline cannot tell a stale export from a wanted
 * value, so it does not pick one: the message names both and the two ways forward.
 */
function withRecordIds(fqdn: string, entry: RegisterEntry, live: readonly LiveRecord[], leftOut: LeftOut[]): { entry: RegisterEntry; count: number } | undefined {
  const pending = pendingImport(entry)!;
  const byIdentity = new Map<string, { record: LiveRecord; desired: DesiredRecord }>();
  for (const record of live) {
    const desired = liveDesired(record);
    byIdentity.set(recordIdentity(desired), { record, desired });
  }
  const wanted = new Map(desiredRecords(fqdn, entry.records ?? []).map((r) => [recordIdentity(r), r]));
  const differences: { id: string; en: string }[] = [];
  let count = 0;
  const records = pending.records.map((r) => {
    if (r.id) return r;
    const key = recordIdentity({ name: r.name, type: r.type as RecordType, content: r.content });
    const match = byIdentity.get(key);
    const what = `${r.type} ${r.name} ${r.content}`;
    if (!match) {
      const there = live.filter((l) => l.name === r.name && l.type === r.type).map((l) => `${l.type} ${l.content}`);
      differences.push({
        id: `${what} (Cloudflare: ${there.length > 0 ? there.join(', ') : `tidak ada ${r.type} di nama ini`})`,
        en: `${what} (Cloudflare: ${there.length > 0 ? there.join(', ') : `no ${r.type} at this name`})`,
      });
      return r;
    }
    const register = wanted.get(key);
    const differs = register ? attributeDifferences(register, match.desired) : [];
    if (differs.length > 0) {
      differences.push({ id: `${what} (daftar/register ${differs.join(', ')})`, en: `${what} (register ${differs.join(', ')})` });
      return r;
    }
    count++;
    return { id: match.record.id!, ...r };
  });
  if (differences.length > 0) {
    leftOut.push({
      name: fqdn, rule: 'import/unmatched-record', file: registerPath(fqdn),
      reason: msg(
        `Import dari berkas zona tidak sama dengan Cloudflare, jadi tidak ada id yang ditambahkan dan berkas tidak diubah: ${differences.map((d) => d.id).join('; ')}. Bila di-merge begini, apply akan MEMBUAT catatan itu di samping yang sudah ada (catatan ganda atau galat 81058), bukan mengambil alihnya. Samakan nilai di berkas ini dengan Cloudflare lalu jalankan lagi, atau hapus berkas ini dan jalankan \`subdomain import --cloudflare\` lagi untuk mengambil nilai Cloudflare.`,
        `The zone-file import differs from Cloudflare, so no id was added and the file is unchanged: ${differences.map((d) => d.en).join('; ')}. Merged like this, the apply would CREATE these records beside the live ones (a duplicate, or error 81058) instead of adopting them. Make the values in this file equal to Cloudflare's and run again, or delete the file and run \`subdomain import --cloudflare\` again to take Cloudflare's values.`),
    });
    return undefined;
  }
  const adopted = new Set(records.map((r) => r.id));
  for (const record of live) {
    if (!adopted.has(record.id)) leftOut.push(left(record, msg(`tidak ada di entri import ${fqdn} yang menunggu`, `not in the pending import of ${fqdn}`)));
  }
  if (count === 0) return undefined;
  const index = pendingImportIndex(entry);
  return { entry: { ...entry, history: entry.history.map((h, i) => (i === index ? { ...pending, records } : h)) }, count };
}

/** A live record as the register would hold it: Cloudflare's automatic TTL and proxied records carry no TTL. */
function liveDesired(record: LiveRecord): DesiredRecord {
  const kind = kindOf(record.type as RecordType);
  const proxied = record.proxied === true && kind.proxiable;
  return {
    name: record.name,
    type: record.type as RecordType,
    content: kind.fromProvider(record.content),
    ...(!proxied && record.ttl !== 1 ? { ttl: record.ttl } : {}),
    ...(proxied ? { proxied: true as const } : {}),
    ...(kind.hasPriority && record.priority !== undefined ? { priority: record.priority } : {}),
  };
}

/** What an apply would change on a live record to make it the register's: `ttl 3600, Cloudflare auto`. */
function attributeDifferences(register: DesiredRecord, live: DesiredRecord): string[] {
  const out: string[] = [];
  if (register.ttl !== live.ttl) out.push(`ttl ${ttlText(register)}, Cloudflare ${ttlText(live)}`);
  if ((register.proxied ?? false) !== (live.proxied ?? false)) out.push(`proxied ${register.proxied === true}, Cloudflare ${live.proxied === true}`);
  if (register.priority !== live.priority) out.push(`priority ${register.priority ?? '-'}, Cloudflare ${live.priority ?? '-'}`);
  return out;
}

/** The names of glue records: each name server below the name whose NS records point at it → that name. */
function glueOwners(records: readonly LiveRecord[], zone: string): Map<string, string> {
  const glue = new Map<string, string>();
  for (const record of records) {
    if (record.type !== 'NS' || record.name === zone) continue;
    const target = kindOf('NS').fromProvider(record.content);
    if (target.endsWith(`.${record.name}`)) glue.set(target, record.name);
  }
  return glue;
}

function importedEntry(fqdn: string, live: readonly LiveRecord[], zone: Zone, opd: string, meta: ImportSource): RegisterEntry {
  const written: DnsRecord[] = [];
  const imported: ImportedRecord[] = [];
  // The subdomain's own records first, then each service label's (and glue's), as people write them.
  const serviceOf = (r: LiveRecord) => (r.name === fqdn ? '' : r.name.slice(0, -(fqdn.length + 1)));
  for (const record of [...live].sort((a, b) => cmp(serviceOf(a), serviceOf(b)) || byRecord(a, b))) {
    const kind = kindOf(record.type as RecordType);
    const content = kind.fromProvider(record.content);
    const service = serviceOf(record);
    const one: DnsRecord = { type: record.type as RecordType, ...(service ? { name: service } : {}), ...kind.written(content) };
    if (record.ttl !== 1 && !(record.proxied && kind.proxiable)) one.ttl = record.ttl;
    if (record.priority !== undefined && (record.type === 'MX' || record.type === 'SRV')) one.priority = record.priority;
    if (record.proxied && kind.proxiable) one.proxied = true;
    written.push(one);
    imported.push({ ...(record.id ? { id: record.id } : {}), type: record.type, name: record.name, content });
  }
  const history: ImportHistoryEntry = {
    action: 'import',
    source: meta.source,
    ...(meta.file ? { file: meta.file } : {}),
    imported_at: meta.at,
    imported_by: meta.by,
    records: imported,
  };
  return {
    opd,
    purpose: `Diambil alih dari zona ${zone.name} yang sudah ada (${meta.at.slice(0, 10)}); tujuan belum dicatat. / Adopted from the existing zone; purpose not recorded yet.`,
    records: mergeValues(written),
    history: [history],
  };
}

/** Records of a type whose list is one record per value (NS) are written as one entry with a list when only the value differs. */
function mergeValues(records: DnsRecord[]): DnsRecord[] {
  const out: DnsRecord[] = [];
  const byKey = new Map<string, DnsRecord>();
  for (const record of records) {
    const { value, ...rest } = record;
    if (!kindOf(record.type).listIsRecords || typeof value !== 'string') {
      out.push(record);
      continue;
    }
    const key = JSON.stringify(rest);
    const same = byKey.get(key);
    if (same) {
      same.value = [...(Array.isArray(same.value) ? same.value : [same.value]), value];
      continue;
    }
    const copy = { ...record };
    byKey.set(key, copy);
    out.push(copy);
  }
  return out;
}

function byRecord(a: LiveRecord, b: LiveRecord): number {
  return cmp(a.name, b.name) || cmp(a.type, b.type) || (a.priority ?? 0) - (b.priority ?? 0) || cmp(a.content, b.content);
}

function left(record: LiveRecord, reason: Message): LeftOut {
  return { name: record.name, type: record.type, content: record.content, reason };
}

/** The adoption "id" of a pending import record that has none (read from a zone file, not matched against Cloudflare): the apply creates it. */
export const NOT_MATCHED = '';

/**
 * Adoption ids by record identity: what synthesis turns into `import` blocks. A record without an
 * id maps to NOT_MATCHED (an empty string, which synthesis skips), so the plan can say that the
 * apply creates it rather than adopts it.
 */
export function adoptionIds(records: readonly ImportedRecord[]): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const r of records) ids[recordIdentity({ name: r.name, type: r.type as RecordType, content: r.content })] = r.id ?? NOT_MATCHED;
  return ids;
}

/** A request or register file already exists for a name (so the import leaves it alone). */
export function knownIn(exists: (path: string) => boolean): (fqdn: string) => boolean {
  return (fqdn) => exists(registerPath(fqdn)) || exists(requestPath(fqdn));
}

/** `--owners FILE`: CSV lines `name,opd` (a header line `name,opd` is allowed); names full or relative to the zone. */
export function parseOwners(path: string, text: string, policy: ResolvedPolicy): { owners: Map<string, string>; problems: Problem[] } {
  const owners = new Map<string, string>();
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(/[,;]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (i === 0 && cells[0]?.toLowerCase() === 'name') return;
    const [name, opd] = cells;
    const at = { line: i + 1, column: 1 };
    if (cells.length !== 2 || !name || !opd) {
      problems.push(problem(path, 'import/owners', msg('Setiap baris harus `nama,opd` (contoh: sehat,dinkes).', 'Each line must be `name,opd` (e.g. sehat,dinkes).'), at));
      return;
    }
    if (!policy.opds[opd]) {
      problems.push(problem(path, 'import/owners', msg(
        `OPD \`${opd}\` tidak ada di kebijakan (.github/sop.yaml); tambahkan dulu di \`opds\`.`,
        `OPD \`${opd}\` is not in the policy (.github/sop.yaml); add it to \`opds\` first.`), at));
      return;
    }
    owners.set(name.toLowerCase().replace(/\.$/, ''), opd);
  });
  return { owners, problems };
}
