import { msg, type Message, type Severity } from './problem.js';
import type { RegisterEntry, SubdomainRequest } from '../schema/types.gen.js';

/** What a request does to one register entry. */
export type TransitionKind = 'create' | 'update' | 'transfer' | 'delete';

/** The register's answer for one name: the entry, nothing, or a file that cannot be read. */
export type Registered = (Pick<RegisterEntry, 'opd'> & Partial<RegisterEntry>) | undefined | 'unreadable';

/** What an entry holds once the request is applied, before its history is appended. */
export type EntryAfter = Omit<RegisterEntry, 'history'>;

export interface TransitionProblem {
  rule: string;
  severity: Severity;
  message: Message;
  /** The request field the problem is about, for its position. */
  field: 'action' | 'opd';
}

export type Transition =
  | { ok: true; kind: TransitionKind; fqdn: string; opd: string; previousOpd?: string; after?: EntryAfter; needsMaintainers: boolean; problems: TransitionProblem[] }
  | { ok: false; fqdn: string; problems: TransitionProblem[] };

/**
 * The one answer to "what does this request do to the register", for rules, desired state,
 * registering and approvals alike. Pure: (registered entry, request) → transition.
 *
 * - create: only for a free name; the entry is the request's data.
 * - update: the owner's own name; records (or hosting) are replaced when the request names
 *   them, else kept; contact and purpose are the request's.
 * - transfer: an update by another OPD (after a reorganisation of agencies): allowed, but the
 *   maintainers must approve; the entry moves to the request's OPD.
 * - delete: the name leaves the register; another OPD's delete needs the maintainers too.
 */
export function requestTransition(fqdn: string, registered: Registered, request: Pick<SubdomainRequest, 'action' | 'opd'> & Partial<SubdomainRequest>): Transition {
  if (registered === 'unreadable') {
    return refused(fqdn, 'owner/register-unreadable', `Data ${fqdn} di daftar sub domain tidak dapat dibaca; perbaiki berkas itu lebih dulu.`, `The register entry of ${fqdn} cannot be read; fix that file first.`);
  }
  if (request.action === 'create') {
    if (registered) {
      return refused(fqdn, 'owner/name-taken',
        `${fqdn} sudah terdaftar atas nama OPD \`${registered.opd}\`. Gunakan \`action: update\` bila Anda pemiliknya, atau pilih nama lain.`,
        `${fqdn} is already registered to OPD \`${registered.opd}\`. Use \`action: update\` if you own it, or choose another name.`);
    }
    return { ok: true, kind: 'create', fqdn, opd: request.opd, after: entryAfter(undefined, request), needsMaintainers: false, problems: [] };
  }
  if (!registered) {
    const verb = request.action === 'update' ? ['di-update (ubah)', 'updated'] : ['di-delete (hapus)', 'deleted'];
    return refused(fqdn, 'owner/not-registered',
      `${fqdn} belum terdaftar, jadi tidak dapat ${verb[0]}. Gunakan \`action: create\`.`,
      `${fqdn} is not registered, so it cannot be ${verb[1]}. Use \`action: create\`.`);
  }
  const foreign = registered.opd !== request.opd;
  const problems: TransitionProblem[] = foreign ? [{
    rule: 'owner/not-owner',
    severity: 'warning',
    field: 'opd',
    message: msg(
      `${fqdn} milik OPD \`${registered.opd}\`, bukan \`${request.opd}\`: ${request.action === 'delete' ? 'penghapusan' : 'pengalihan (transfer)'} ini perlu persetujuan peran maintainers.`,
      `${fqdn} belongs to OPD \`${registered.opd}\`, not \`${request.opd}\`: this ${request.action === 'delete' ? 'deletion' : 'transfer'} needs the maintainers' approval.`),
  }] : [];
  const base = { ok: true as const, fqdn, opd: request.opd, previousOpd: registered.opd, needsMaintainers: foreign, problems };
  if (request.action === 'delete') return { ...base, kind: 'delete' };
  return { ...base, kind: foreign ? 'transfer' : 'update', after: entryAfter(registered, request) };
}

function refused(fqdn: string, rule: string, id: string, en: string): Transition {
  return { ok: false, fqdn, problems: [{ rule, severity: 'error', field: 'action', message: msg(id, en) }] };
}

function entryAfter(existing: Exclude<Registered, 'unreadable'>, request: Partial<SubdomainRequest> & Pick<SubdomainRequest, 'opd'>): EntryAfter {
  const entry: EntryAfter = {
    opd: request.opd,
    purpose: request.purpose ?? existing?.purpose ?? '',
    // Create and update requests must carry a contact (schema); the old one stays if not.
    contact: (request.contact ?? existing?.contact)!,
  };
  const replaces = request.records !== undefined || request.hosting === true;
  const source = replaces ? request : existing;
  if (source?.records) entry.records = source.records;
  if (source?.hosting) entry.hosting = true;
  return entry;
}
