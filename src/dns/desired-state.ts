import { domainOfFile, registerPath, requestPath, REGISTER_DIR, REQUESTS_DIR, splitDomain } from '../model/domain.js';
import { msg, problem, type Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import { loadFile, type Loaded } from '../repo/load.js';
import type { Tree } from '../repo/tree.js';
import type { DnsRecord, Policy, RegisterEntry, SubdomainRequest, Zone } from '../schema/types.gen.js';
import { requestTransition } from '../model/transition.js';
import { cmp, desiredRecords, type DesiredRecord } from '../records/index.js';
import { lastRequestEntry, pendingImport, requestBasis } from '../register/history.js';
import { adoptionIds } from '../adopt/import.js';

export type { DesiredRecord } from '../records/index.js';

/** Where a subdomain's desired records come from. */
export interface Provenance {
  /** The file the records were read from: the pending request when there is one, else the register. */
  file: string;
  source: 'register' | 'request';
  /** The register file, when the name is registered. */
  registerFile?: string;
  /** The pending request, when there is one. */
  requestFile?: string;
  action?: SubdomainRequest['action'];
  /** A transfer (an update by another OPD, approved by the maintainers): the OPD it leaves. */
  transferredFrom?: string;
}

export interface DesiredSubdomain {
  fqdn: string;
  zone: string;
  /** Owner OPD (key in the policy's `opds`). */
  opd: string;
  /** Number of the request letter that last shaped this subdomain (a request's, or the register's last history entry). */
  letter: string;
  hosting: boolean;
  /** Sorted, normalised, one value each. */
  records: DesiredRecord[];
  provenance: Provenance;
  /** What the register holds for the name, when it is registered: the live records Terraform's addresses and moves start from. */
  registered?: { records: DesiredRecord[]; written: DnsRecord[] };
  /**
   * A merged `subdomain import` not applied yet: record identity → Cloudflare record id. Synthesis
   * writes an `import` block for each, so the first apply adopts the live records instead of
   * creating them. A record imported from a zone file and never matched against Cloudflare maps
   * to `NOT_MATCHED` (no import block: the apply creates it, and the plan says so).
   */
  adopting?: Record<string, string>;
}

export interface ZoneState {
  zone: Zone;
  /** fqdn → subdomain, keys in sorted order. */
  subdomains: Record<string, DesiredSubdomain>;
}

/** A name a pending request deletes: it is absent from the desired state. */
export interface PendingDelete {
  fqdn: string;
  zone: string;
  opd: string;
  letter: string;
  requestFile: string;
  registerFile: string;
}

export interface DesiredState {
  /** Zone name → state, one entry per zone of the policy, in the policy's order. */
  zones: Record<string, ZoneState>;
  deletes: PendingDelete[];
  /**
   * The names this state covers: undefined for the whole tree, else the subset it was computed
   * for (names outside it are unknown, not absent).
   */
  scope?: readonly string[];
}

export interface DesiredStateResult {
  state: DesiredState;
  problems: Problem[];
}

/** The part of the policy desired state needs: zones and the hosting target. */
export type DnsPolicy = Pick<Policy, 'zones' | 'hosting'>;

/** A register entry and a pending request for one name, as loaded from a tree. */
export interface NameInput {
  fqdn: string;
  register?: Loaded<'register'>;
  request?: Loaded<'request'>;
}

/** Loads many files of one kind; the default reads them one by one, synth may use workers. */
export type BulkLoader = <K extends 'register' | 'request'>(tree: Tree, paths: readonly string[], kind: K) => Promise<Loaded<K>[]>;

export const loadSequentially: BulkLoader = async (tree, paths, kind) => paths.map((path) => loadFile(tree, path, kind));

/** A loader that reads each (tree, path, kind) once and answers later calls from memory. */
export function cachingLoader(inner: BulkLoader): BulkLoader {
  // Keyed by the tree object itself: two trees may share a label ("working tree").
  const byTree = new WeakMap<Tree, Map<string, Loaded<'register' | 'request'>>>();
  return async <K extends 'register' | 'request'>(tree: Tree, paths: readonly string[], kind: K): Promise<Loaded<K>[]> => {
    let cache = byTree.get(tree);
    if (!cache) byTree.set(tree, (cache = new Map()));
    const known = cache;
    const missing = paths.filter((p) => !known.has(`${kind}\0${p}`));
    if (missing.length > 0) for (const loaded of await inner(tree, missing, kind)) known.set(`${kind}\0${loaded.path}`, loaded);
    return paths.map((p) => known.get(`${kind}\0${p}`) as Loaded<K>);
  };
}

export interface ReadOptions {
  /** Only these names (fqdn); all names in the tree when absent. */
  names?: Iterable<string>;
  loader?: BulkLoader;
  /** false: the register alone, ignoring pending requests. */
  requests?: boolean;
}

/** The names that have a register entry or a pending request in a tree, sorted. */
export function namesInTree(tree: Tree): { names: string[]; paths: Set<string>; problems: Problem[] } {
  const names = new Set<string>();
  const paths = new Set<string>();
  const problems: Problem[] = [];
  for (const dir of [REGISTER_DIR, REQUESTS_DIR]) {
    for (const entry of tree.list(dir)) {
      const fqdn = domainOfFile(entry);
      if (fqdn) {
        names.add(fqdn);
        paths.add(`${dir}/${entry}`);
      } else if (/\.ya?ml$/i.test(entry)) {
        problems.push(problem(`${dir}/${entry}`, 'dns/file-name', msg(
          'Nama berkas harus <nama domain lengkap>.yaml (huruf kecil, berakhiran .yaml); berkas ini diabaikan.',
          'The file name must be <full domain>.yaml (lowercase, ending in .yaml); this file is ignored.',
        )));
      }
    }
  }
  return { names: [...names].sort(cmp), paths, problems };
}

/**
 * Reads the register entries and pending requests of a tree (or of some names in it) and
 * combines them into the desired DNS state.
 */
export async function readDesiredState(tree: Tree, policy: DnsPolicy, options: ReadOptions = {}): Promise<DesiredStateResult> {
  const loader = options.loader ?? loadSequentially;
  const listing = options.names ? { names: [...new Set(options.names)].sort(cmp), paths: undefined, problems: [] } : namesInTree(tree);
  const exists = (path: string) => (listing.paths ? listing.paths.has(path) : tree.kind(path) !== 'missing');
  const registerPaths: string[] = [];
  const requestPaths: string[] = [];
  for (const fqdn of listing.names) {
    if (exists(registerPath(fqdn))) registerPaths.push(registerPath(fqdn));
    if (options.requests !== false && exists(requestPath(fqdn))) requestPaths.push(requestPath(fqdn));
  }
  const [registers, requests] = await Promise.all([loader(tree, registerPaths, 'register'), loader(tree, requestPaths, 'request')]);
  const inputs = new Map<string, NameInput>(listing.names.map((fqdn) => [fqdn, { fqdn }]));
  for (const loaded of registers) inputs.get(domainOfFile(loaded.path)!)!.register = loaded;
  for (const loaded of requests) inputs.get(domainOfFile(loaded.path)!)!.request = loaded;
  const result = combineDesiredState(policy, [...inputs.values()], options.names ? listing.names : undefined);
  result.problems.unshift(...listing.problems);
  return result;
}

/**
 * The desired state: each register entry with its pending request applied on top, as
 * `requestTransition` says (create adds, update and transfer replace, delete removes). A refused
 * request is a problem, and the name keeps its registered state (or stays absent) rather than a guess.
 */
export function combineDesiredState(policy: DnsPolicy, inputs: readonly NameInput[], scope?: readonly string[]): DesiredStateResult {
  const problems: Problem[] = [];
  const zones: Record<string, ZoneState> = {};
  for (const zone of policy.zones) zones[zone.name] = { zone, subdomains: {} };
  const deletes: PendingDelete[] = [];
  const hostingRecords = policy.hosting?.records;

  const sorted = [...inputs].sort((a, b) => cmp(a.fqdn, b.fqdn));
  for (const input of sorted) {
    const { fqdn } = input;
    const split = splitDomain(fqdn, policy.zones);
    const firstFile = input.request?.path ?? input.register?.path ?? registerPath(fqdn);
    if (!split) {
      problems.push(problem(firstFile, 'dns/outside-zone', msg(
        `${fqdn} tidak berada di zona mana pun dalam kebijakan (${policy.zones.map((z) => z.name).join(', ')}).`,
        `${fqdn} is not inside any zone of the policy (${policy.zones.map((z) => z.name).join(', ')}).`,
      )));
      continue;
    }
    const zoneName = split.zone.name;
    for (const loaded of [input.register, input.request]) if (loaded && !loaded.ok) problems.push(...loaded.problems);
    const register = input.register?.ok ? input.register : undefined;
    const request = input.request?.ok ? input.request : undefined;

    let registered: DesiredSubdomain['registered'];
    let current: DesiredSubdomain | undefined;
    if (register) {
      const entry = register.value;
      const records = resolveRecords(fqdn, entry, register.source, hostingRecords, problems);
      if (records) {
        registered = { records, written: writtenRecords(entry, hostingRecords) };
        const importing = pendingImport(entry);
        const adopting = importing ? adoptionIds(importing.records) : undefined;
        current = {
          ...(adopting && Object.keys(adopting).length > 0 ? { adopting } : {}),
          fqdn, zone: zoneName, opd: entry.opd, letter: lastRequestEntry(entry)?.letter.number ?? '', hosting: entry.hosting === true, records,
          provenance: { file: register.path, source: 'register', registerFile: register.path }, registered,
        };
      }
    }
    const keepCurrent = () => {
      if (current) zones[zoneName]!.subdomains[fqdn] = current;
    };
    if (!request) {
      keepCurrent();
      continue;
    }
    // A register file that does not load leaves the name unknown: never treat it as absent.
    const transition = requestTransition(fqdn, input.register && !input.register.ok ? 'unreadable' : register?.value, request.value);
    for (const p of transition.problems) {
      if (p.severity === 'error') problems.push(problem(request.path, p.rule, p.message, request.source.positionOf([p.field])));
    }
    if (!transition.ok) {
      keepCurrent();
      continue;
    }
    const req = request.value;
    if (transition.kind === 'delete') {
      deletes.push({ fqdn, zone: zoneName, opd: transition.previousOpd ?? req.opd, letter: requestBasis(req), requestFile: request.path, registerFile: register!.path });
      continue;
    }
    const after = transition.after!;
    const recordsFrom = req.records !== undefined || req.hosting === true || !register ? request.source : register.source;
    const records = resolveRecords(fqdn, after, recordsFrom, hostingRecords, problems);
    if (!records) {
      keepCurrent();
      continue;
    }
    zones[zoneName]!.subdomains[fqdn] = {
      fqdn, zone: zoneName, opd: after.opd, letter: requestBasis(req), hosting: after.hosting === true, records,
      provenance: {
        file: request.path, source: 'request', requestFile: request.path, action: req.action,
        ...(register ? { registerFile: register.path } : {}),
        ...(transition.kind === 'transfer' ? { transferredFrom: transition.previousOpd! } : {}),
      },
      ...(registered ? { registered } : {}),
      ...(current?.adopting ? { adopting: current.adopting } : {}),
    };
  }
  return { state: { zones, deletes, ...(scope ? { scope } : {}) }, problems };
}

/** What an entry writes, hosting included: the register's records as 0.1 addressed them. */
function writtenRecords(entry: Pick<RegisterEntry, 'records' | 'hosting'>, hostingRecords: readonly DnsRecord[] | undefined): DnsRecord[] {
  return [...(entry.records ?? []), ...(entry.hosting === true ? hostingRecords ?? [] : [])];
}

/** The records of an entry: its own, plus the policy's hosting target when it asks for hosting. */
function resolveRecords(
  fqdn: string,
  entry: Pick<RegisterEntry, 'records' | 'hosting'>,
  source: YamlSource,
  hostingRecords: readonly DnsRecord[] | undefined,
  problems: Problem[],
): DesiredRecord[] | undefined {
  if (entry.hosting === true && !hostingRecords) {
    problems.push(problem(source.file, 'dns/no-hosting-target', msg(
      'Meminta hosting, tetapi kebijakan tidak punya `hosting.records`.',
      'Asks for hosting, but the policy has no `hosting.records`.',
    ), source.positionOf(['hosting'])));
    return undefined;
  }
  const written = writtenRecords(entry, hostingRecords);
  if (written.length === 0) {
    problems.push(problem(source.file, 'dns/no-records', msg(
      'Tidak ada catatan DNS: isi `records` atau `hosting: true`.',
      'No DNS records: fill in `records` or `hosting: true`.',
    ), source.positionOf([])));
    return undefined;
  }
  return desiredRecords(fqdn, written);
}

/** Every desired record with its subdomain, zone by zone, in a stable order. */
export function* allRecords(state: DesiredState): Generator<{ zone: string; subdomain: DesiredSubdomain; record: DesiredRecord }> {
  for (const [zone, zs] of Object.entries(state.zones)) {
    for (const subdomain of Object.values(zs.subdomains)) {
      for (const record of subdomain.records) yield { zone, subdomain, record };
    }
  }
}

/**
 * What DNS sees of a state, without where it was read from: two trees with the same DNS
 * (e.g. before and after registering applied requests) give equal values.
 */
export function dnsView(state: DesiredState): Record<string, Record<string, { opd: string; letter: string; records: DesiredRecord[] }>> {
  const view: Record<string, Record<string, { opd: string; letter: string; records: DesiredRecord[] }>> = {};
  for (const [zone, zs] of Object.entries(state.zones)) {
    view[zone] = {};
    for (const [fqdn, s] of Object.entries(zs.subdomains)) view[zone]![fqdn] = { opd: s.opd, letter: s.letter, records: s.records };
  }
  return view;
}
