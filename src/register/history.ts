import type { HistoryEntry, ImportHistoryEntry, RegisterEntry, RequestHistoryEntry } from '../schema/types.gen.js';

/** The history entry `subdomain import` wrote: the name was adopted from the zone, not requested. */
export function isImportEntry(entry: HistoryEntry): entry is ImportHistoryEntry {
  return entry.action === 'import';
}

export function isRequestEntry(entry: HistoryEntry): entry is RequestHistoryEntry {
  return entry.action !== 'import';
}

/** The entries made by requests (letter, pull request, approvals), oldest first. */
export function requestHistory(entry: Pick<RegisterEntry, 'history'>): RequestHistoryEntry[] {
  return entry.history.filter(isRequestEntry);
}

/** The newest entry made by a request, if any. */
export function lastRequestEntry(entry: Pick<RegisterEntry, 'history'>): RequestHistoryEntry | undefined {
  return requestHistory(entry).at(-1);
}

/** An import merged but not applied yet: its records still have to be adopted by Terraform (`import` blocks). */
export function pendingImport(entry: Pick<RegisterEntry, 'history'>): ImportHistoryEntry | undefined {
  const last = entry.history.at(-1);
  return last && isImportEntry(last) && last.applied_at === undefined ? last : undefined;
}

/** The entry came into the register by `subdomain import` (contact data may be missing). */
export function wasImported(entry: Pick<RegisterEntry, 'history'>): boolean {
  return entry.history.some(isImportEntry);
}

/** When the entry was recorded: applied, or imported (pending imports). */
export function entryTime(entry: HistoryEntry): string {
  return entry.applied_at ?? (isImportEntry(entry) ? entry.imported_at : '');
}
