import type { ConfirmHistoryEntry, HistoryEntry, ImportHistoryEntry, Incident, RegisterEntry, RequestHistoryEntry, SubdomainRequest } from '../schema/types.gen.js';

/**
 * A register entry's history holds three kinds of entry: the requests that shaped it (letter,
 * pull request, approvals), the import that adopted it from the zone, and the OPD's
 * re-confirmations that it is still used. Requests and imports change the name; a
 * confirmation changes nothing but the date it was last confirmed.
 */

/** The history entry `subdomain import` wrote: the name was adopted from the zone, not requested. */
export function isImportEntry(entry: HistoryEntry): entry is ImportHistoryEntry {
  return entry.action === 'import';
}

/** The history entry `subdomain confirm` wrote: the OPD confirmed the name is still used. */
export function isConfirmEntry(entry: HistoryEntry): entry is ConfirmHistoryEntry {
  return entry.action === 'confirm';
}

export function isRequestEntry(entry: HistoryEntry): entry is RequestHistoryEntry {
  return entry.action === 'create' || entry.action === 'update' || entry.action === 'delete';
}

/** A request or an import: an entry that changed the name (not a confirmation). */
export type ChangeEntry = RequestHistoryEntry | ImportHistoryEntry;

export function isChangeEntry(entry: HistoryEntry): entry is ChangeEntry {
  return !isConfirmEntry(entry);
}

/** The entries made by requests (letter, pull request, approvals), oldest first. */
export function requestHistory(entry: Pick<RegisterEntry, 'history'>): RequestHistoryEntry[] {
  return entry.history.filter(isRequestEntry);
}

/** The newest entry made by a request, if any. */
export function lastRequestEntry(entry: Pick<RegisterEntry, 'history'>): RequestHistoryEntry | undefined {
  return requestHistory(entry).at(-1);
}

/** The confirmations, oldest first. */
export function confirmHistory(entry: Pick<RegisterEntry, 'history'>): ConfirmHistoryEntry[] {
  return entry.history.filter(isConfirmEntry);
}

/** Index (in `history`) of the newest request or import, or -1: confirmations after it do not count. */
export function lastChangeIndex(entry: Pick<RegisterEntry, 'history'>): number {
  return entry.history.findLastIndex(isChangeEntry);
}

/** The newest request or import: what last changed the name. */
export function lastChange(entry: Pick<RegisterEntry, 'history'>): ChangeEntry | undefined {
  const index = lastChangeIndex(entry);
  return index < 0 ? undefined : (entry.history[index] as ChangeEntry);
}

/**
 * An import merged but not applied yet: its records still have to be adopted by Terraform
 * (`import` blocks). It is the newest change; a confirmation written after it does not
 * complete it.
 */
export function pendingImport(entry: Pick<RegisterEntry, 'history'>): ImportHistoryEntry | undefined {
  const last = lastChange(entry);
  return last && isImportEntry(last) && last.applied_at === undefined ? last : undefined;
}

/** Index (in `history`) of the pending import, or -1. */
export function pendingImportIndex(entry: Pick<RegisterEntry, 'history'>): number {
  return pendingImport(entry) ? lastChangeIndex(entry) : -1;
}

/** The entry came into the register by `subdomain import` (contact data may be missing). */
export function wasImported(entry: Pick<RegisterEntry, 'history'>): boolean {
  return entry.history.some(isImportEntry);
}

/** When the entry was recorded: applied, imported (pending imports), or confirmed. */
export function entryTime(entry: HistoryEntry): string {
  if (isConfirmEntry(entry)) return entry.at;
  return entry.applied_at ?? (isImportEntry(entry) ? entry.imported_at : '');
}

/**
 * When the OPD last confirmed the name is still used and who answers for it: the newest
 * history entry's time, a confirmation's or the request's or import's that created or changed
 * it (creation counts, and so does a later request of the OPD). Entries whose time does not
 * parse are passed over; `''` when none parses.
 */
export function lastConfirmed(entry: Pick<RegisterEntry, 'history'>): string {
  let best = '';
  let bestTime = Number.NEGATIVE_INFINITY;
  for (const h of entry.history) {
    const at = entryTime(h);
    const time = Date.parse(at);
    if (!Number.isNaN(time) && time >= bestTime) {
      best = at;
      bestTime = time;
    }
  }
  return best;
}

/**
 * What a request rests on, in one short text: its letter's number, or for a delete the watch
 * opened, the incident (`insiden #12`). Cloudflare comments and the DNS plan show it.
 */
export function requestBasis(request: Pick<SubdomainRequest, 'letter' | 'incident'>): string {
  return request.letter?.number ?? (request.incident ? `insiden #${request.incident.issue}` : '');
}

/** How the history reads a removal an incident asked for: `dinonaktifkan karena insiden #12: …`. */
export function deactivationNote(incident: Incident): string {
  return `dinonaktifkan karena insiden #${incident.issue}: ${incident.reason}`;
}
