import type { RequestFacts } from './context.js';
import { msg, type Message } from '../model/problem.js';
import { domainOfFile, parentName, REQUESTS_DIR } from '../model/domain.js';
import { requestTransition } from '../model/transition.js';
import type { DnsRecord } from '../schema/types.gen.js';

/** One changed path of a pull request, as GitHub lists it (`status`: added, modified, removed, renamed …). */
export interface ChangedPath {
  path: string;
  status: string;
  /** For a rename: the old path, which the pull request removes. */
  previous?: string;
}

/** What the base branch's register says about a name: its owner, or that the entry cannot be read. */
export type RegisterLookup = (fqdn: string) => { opd: string } | 'unreadable' | undefined;

export interface RequestFactsInput {
  files: ChangedPath[];
  /** True when GitHub listed fewer files than the pull request changes (it stops at 3000). */
  truncated?: boolean;
  /** The request file's `opd:` at the head commit, when the file could be read. */
  requestOpd?: string;
  /** The request file's `action:` at the head commit, when the file could be read. */
  requestAction?: 'create' | 'update' | 'delete';
  /** The request file's `records:` at the head commit, when the file could be read. */
  requestRecords?: readonly Pick<DnsRecord, 'type' | 'value'>[];
  /** The pull request holds one request file and it is not a valid request. */
  requestInvalid?: boolean;
  /** The request file's `incident.issue`, when the pipeline's bot opened the pull request (a delete the watch asked for). */
  requestIncident?: number;
  /** The request file's letter channel, e-office number and attachment, when the file could be read. */
  requestLetter?: RequestFacts['letter'];
  register: RegisterLookup;
}

const REQUEST_FILE = new RegExp(`^${REQUESTS_DIR}/[^/]+\\.yaml$`);
const LISTED = 5;

export function isRequestFile(path: string): boolean {
  return REQUEST_FILE.test(path) && domainOfFile(path) !== '';
}

/** The request file the pull request adds or changes, when it holds exactly one (read it at the head commit). */
export function requestFileOf(files: readonly ChangedPath[]): string | undefined {
  const kept = files.filter((f) => f.status !== 'removed' && isRequestFile(f.path));
  return kept.length === 1 ? kept[0]!.path : undefined;
}

/**
 * The approval facts of a pull request's files: the requesting OPD, and every reason the
 * maintainers' role must approve too. Pure: the register is read through `register`.
 */
export function requestFacts(input: RequestFactsInput): RequestFacts {
  const reasons: Message[] = [];
  const touched: { path: string; removed: boolean }[] = [];
  for (const file of input.files) {
    touched.push({ path: file.path, removed: file.status === 'removed' });
    if (file.previous && file.previous !== file.path) touched.push({ path: file.previous, removed: true });
  }

  const outside = touched.filter((t) => !isRequestFile(t.path)).map((t) => t.path);
  if (outside.length > 0) {
    const shown = outside.slice(0, LISTED).join(', ') + (outside.length > LISTED ? ` (+${outside.length - LISTED})` : '');
    reasons.push(msg(`Pull request mengubah berkas di luar ${REQUESTS_DIR}/: ${shown}.`, `The pull request changes files outside ${REQUESTS_DIR}/: ${shown}.`));
  }
  if (input.truncated) {
    reasons.push(msg('Pull request mengubah terlalu banyak berkas untuk dibaca seluruhnya.', 'The pull request changes too many files to list them all.'));
  }
  const removed = touched.filter((t) => t.removed && isRequestFile(t.path)).map((t) => t.path);
  for (const path of removed) {
    reasons.push(msg(`Pull request menghapus berkas permohonan ${path}.`, `The pull request removes the request file ${path}.`));
  }
  const requestPaths = touched.filter((t) => !t.removed && isRequestFile(t.path)).map((t) => t.path);
  if (requestPaths.length !== 1) {
    reasons.push(
      msg(
        `Pull request memuat ${requestPaths.length} berkas permohonan; satu pull request untuk tepat satu permohonan.`,
        `The pull request holds ${requestPaths.length} request files; one pull request is for exactly one request.`,
      ),
    );
  }

  const opd = requestPaths.length === 1 ? input.requestOpd : undefined;
  if (requestPaths.length === 1 && opd !== undefined) {
    const fqdn = domainOfFile(requestPaths[0]!)!;
    reasons.push(...ownershipReasons(fqdn, opd, input.requestAction ?? 'update', input.register));
    if (input.requestAction !== 'delete') reasons.push(...delegationReasons(fqdn, input.requestRecords ?? []));
  }
  const incident = requestPaths.length === 1 && opd !== undefined && input.requestAction === 'delete' ? input.requestIncident : undefined;
  if (incident !== undefined) {
    reasons.push(msg(
      `Permohonan hapus dibuka oleh pemantauan karena insiden #${incident}, tanpa surat OPD: pengelola repositori ikut menyetujui.`,
      `A delete request the watch opened for incident #${incident}, without an OPD letter: the maintainers approve too.`));
  }
  const invalid = requestPaths.length === 1 && (input.requestInvalid === true || opd === undefined);
  const letter = opd !== undefined ? input.requestLetter : undefined;
  return {
    ...(opd !== undefined ? { opd } : {}),
    maintainerReasons: reasons,
    ...(invalid ? { requestInvalid: true as const } : {}),
    ...(incident !== undefined ? { incident } : {}),
    ...(letter !== undefined && Object.keys(letter).length > 0 ? { letter } : {}),
  };
}

/**
 * NS records hand the name (and everything below it) to name servers the office does not run:
 * a delegation is the maintainers' decision, whoever asks for it.
 */
function delegationReasons(fqdn: string, records: readonly Pick<DnsRecord, 'type' | 'value'>[]): Message[] {
  const servers = [...new Set(records.filter((r) => r.type === 'NS').flatMap((r) => (Array.isArray(r.value) ? r.value : [r.value])))];
  if (servers.length === 0) return [];
  const shown = servers.slice(0, LISTED).join(', ') + (servers.length > LISTED ? ` (+${servers.length - LISTED})` : '');
  return [msg(
    `Permohonan mendelegasikan ${fqdn} ke server nama ${shown} (catatan NS); delegasi memerlukan persetujuan maintainers.`,
    `The request delegates ${fqdn} to the name servers ${shown} (NS records); a delegation needs the maintainers' approval.`)];
}

/** The name itself, and every name above it, must be free or the requesting OPD's own. */
function ownershipReasons(fqdn: string, opd: string, action: 'create' | 'update' | 'delete', register: RegisterLookup): Message[] {
  const reasons: Message[] = [];
  for (let name = fqdn; name.split('.').length > 2; name = parentName(name)) {
    const entry = register(name);
    if (entry === undefined) continue;
    if (entry === 'unreadable') {
      reasons.push(msg(`Data ${name} di daftar sub domain (cabang dasar) tidak dapat dibaca.`, `The register entry of ${name} (base branch) cannot be read.`));
    } else if (name === fqdn) {
      // The same transition the register and the desired state apply: a transfer or another
      // OPD's delete is allowed only with the maintainers.
      const transition = requestTransition(fqdn, entry, { action, opd });
      if (transition.ok ? transition.needsMaintainers : entry.opd !== opd) {
        reasons.push(msg(`Nama ${fqdn} sudah dimiliki OPD ${entry.opd}, bukan ${opd}.`, `The name ${fqdn} belongs to OPD ${entry.opd}, not ${opd}.`));
      }
    } else if (entry.opd !== opd) {
      reasons.push(msg(`Nama ${fqdn} berada di bawah ${name} milik OPD ${entry.opd}, bukan ${opd}.`, `The name ${fqdn} lies under ${name}, which belongs to OPD ${entry.opd}, not ${opd}.`));
    }
  }
  return reasons;
}
