/**
 * Yearly re-confirmation: each OPD confirms, as often as the policy says (`watch.reconfirm_every`,
 * default once a year), that each of its subdomains is still used and who answers for it. A
 * pure function of the register, the policy and the clock; the issues that ask for it are
 * written elsewhere (src/watch/incidents.ts), the answer is recorded by `subdomain confirm`.
 */
import { parseDuration } from '../approvals/duration.js';
import { lastConfirmed } from '../register/history.js';
import type { RegisterItem } from '../report/mutu-baku.js';
import type { Policy } from '../schema/types.gen.js';

export type ConfirmationState = 'ok' | 'due' | 'overdue';

export interface ConfirmationStatus {
  fqdn: string;
  /** The owner OPD (key in the policy's `opds`). */
  opd: string;
  /** When it was last confirmed (its creation counts): ISO 8601 as the register holds it. */
  lastConfirmed: string;
  /** `lastConfirmed` + `reconfirm_every`. */
  dueAt: string;
  /** `dueAt` + `reconfirm_grace`. */
  graceEndsAt: string;
  /** `due` from `dueAt` on, `overdue` from `graceEndsAt` on. */
  state: ConfirmationState;
}

/** The policy's defaults when `watch` leaves them out. */
export const RECONFIRM_DEFAULTS = { reconfirm_every: '365d', reconfirm_grace: '30d' } as const;

/** The label of every re-confirmation issue: the workflow only runs on issues that carry it. */
export const RECONFIRM_LABEL = 'konfirmasi-ulang';

export interface ReconfirmSchedule {
  everyS: number;
  graceS: number;
}

/** How often and with how much grace, in seconds: the policy's `watch` durations, else the defaults. */
export function reconfirmSchedule(policy: Pick<Policy, 'watch'>): ReconfirmSchedule {
  return {
    everyS: parseDuration(policy.watch?.reconfirm_every) ?? parseDuration(RECONFIRM_DEFAULTS.reconfirm_every)!,
    graceS: parseDuration(policy.watch?.reconfirm_grace) ?? parseDuration(RECONFIRM_DEFAULTS.reconfirm_grace)!,
  };
}

/** When the next confirmation is due after one made at `confirmedAt`; undefined when it does not parse. */
export function nextDueAt(confirmedAt: string, policy: Pick<Policy, 'watch'>): string | undefined {
  const time = Date.parse(confirmedAt);
  return Number.isNaN(time) ? undefined : new Date(time + reconfirmSchedule(policy).everyS * 1000).toISOString();
}

/**
 * Every register entry's confirmation state at `now`, in name order. An entry whose times do
 * not parse (the schema's `date-time` keeps them out of the register) counts as never
 * confirmed: overdue, due and grace ending at the epoch.
 */
export function confirmationStatus(items: readonly RegisterItem[], policy: Pick<Policy, 'watch'>, now: Date): ConfirmationStatus[] {
  const { everyS, graceS } = reconfirmSchedule(policy);
  const at = now.getTime();
  return items
    .map(({ fqdn, entry }): ConfirmationStatus => {
      const last = lastConfirmed(entry);
      const time = Date.parse(last);
      const base = Number.isNaN(time) ? 0 : time;
      const due = base + everyS * 1000;
      const graceEnds = due + graceS * 1000;
      const state: ConfirmationState = at >= graceEnds ? 'overdue' : at >= due ? 'due' : 'ok';
      return { fqdn, opd: entry.opd, lastConfirmed: last, dueAt: new Date(due).toISOString(), graceEndsAt: new Date(graceEnds).toISOString(), state };
    })
    .sort((a, b) => (a.fqdn < b.fqdn ? -1 : a.fqdn > b.fqdn ? 1 : 0));
}

// ---- the marker ------------------------------------------------------------------

/** A full domain name as the register names its files: lowercase labels of letters, digits and inner hyphens. */
const FQDN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MARKER = /<!--\s*subdomain-reconfirm:([^\s>]*)\s*-->/g;

/**
 * The hidden marker a re-confirmation issue's body carries, naming its subdomain:
 * `<!-- subdomain-reconfirm:sehat.bekasikota.go.id -->`. Throws for a string that is not a
 * domain name (a bug: the name would end the HTML comment or point outside `subdomains/`).
 */
export function reconfirmMarker(fqdn: string): string {
  if (!FQDN.test(fqdn)) throw new Error(`reconfirmMarker: not a domain name: ${JSON.stringify(fqdn)}`);
  return `<!-- subdomain-reconfirm:${fqdn} -->`;
}

/**
 * The subdomain an issue body's marker names, or undefined: no marker, a value that is not a
 * lowercase domain name, or markers naming different subdomains (which one would be meant?).
 * The body is untrusted; the name returned is safe as a file name under `subdomains/`.
 */
export function readReconfirmMarker(body: string | null | undefined): string | undefined {
  if (typeof body !== 'string') return undefined;
  const names = new Set<string>();
  for (const match of body.slice(0, 65_536).matchAll(MARKER)) names.add(match[1]!);
  if (names.size !== 1) return undefined;
  const [name] = [...names];
  return name !== undefined && FQDN.test(name) ? name : undefined;
}
