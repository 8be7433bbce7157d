import { msg, type Message } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { DEFAULT_TIME_ZONE, formatDate } from '../report/format.js';
import type { ActingAppointment, AppointmentLetter, ApprovalActing, Role } from '../schema/types.gen.js';
import type { TeamMemberships } from './context.js';

/** GitHub logins are case-insensitive. */
export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Is `login` an active member of `team` (`org/slug`)? Pending invitations do not count. */
export function activeMember(login: string, team: string, memberships: TeamMemberships): boolean {
  const key = Object.keys(memberships).find((t) => t.toLowerCase() === team.toLowerCase());
  const members = key === undefined ? undefined : memberships[key];
  if (!members) return false;
  return Object.entries(members).some(([member, state]) => state === 'active' && sameLogin(member, login));
}

/**
 * Is `login` listed by name, or an active member of a listed team? For an OPD this is the whole
 * answer; for an SOP role ask `roleHolding`, which also knows the role's acting holders.
 */
export function holds(login: string, members: Pick<Role, 'users' | 'teams'> | undefined, memberships: TeamMemberships): boolean {
  if (!members) return false;
  if ((members.users ?? []).some((user) => sameLogin(user, login))) return true;
  return (members.teams ?? []).some((team) => activeMember(login, team, memberships));
}

/** Does anyone hold the role at all (a listed user, a team, or an acting holder)? */
export function hasPeople(role: Pick<Role, 'users' | 'teams' | 'acting'> | undefined): boolean {
  return (role?.users?.length ?? 0) + (role?.teams?.length ?? 0) + (role?.acting?.length ?? 0) > 0;
}

export type ActingKind = ActingAppointment['kind'];

/** How an acting holder is written before the post's title: `Plh. Kepala Dinas`. */
export const ACTING_PREFIX: Record<ActingKind, string> = { plh: 'Plh.', plt: 'Plt.' };

/** A period of an appointment: calendar dates (`YYYY-MM-DD`) in the office's time zone, both days included. */
export interface Period {
  from: string;
  until: string;
}

/**
 * The calendar date of an instant in the office's time zone (WIB unless `office.timezone` says
 * WITA or WIT): the day an appointment period is compared with.
 */
export function officeDate(iso: string, policy: { office: Pick<ResolvedPolicy['office'], 'timezone'> }): string {
  return formatDate(iso, policy.office.timezone ?? DEFAULT_TIME_ZONE);
}

/** Does the period cover the calendar date (`from ≤ date ≤ until`)? */
export function covers(period: Period, date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && period.from <= date && date <= period.until;
}

/** The appointment in force on a calendar date, if any (the policy rules forbid overlapping periods). */
export function inForce<A extends Period>(appointments: readonly A[] | undefined, date: string): A | undefined {
  return (appointments ?? []).find((a) => covers(a, date));
}

/** Why an acting appointment of `login` did not count: its period, and whether it ended or had not begun. */
export interface ActingOutside {
  appointment: ActingAppointment;
  /** The calendar date of the act, in the office's time zone. */
  date: string;
  ended: boolean;
}

export type RoleHolding =
  /** Held: as a listed user or active team member (no `acting`), or as the acting holder in force. */
  | { held: true; acting?: ActingAppointment }
  /** Not held; `outside` when the login is the role's acting holder on other dates only. */
  | { held: false; outside?: ActingOutside };

/**
 * The one place that decides whether `login` holds the SOP role `key` at the instant `at`. A
 * listed user or an active member of a listed team holds it at any time; an acting holder
 * (`roles.<key>.acting`, a Plh. or Plt.) only on the days of their appointment, from ≤ the
 * date of `at` in the office's time zone ≤ until. The approval evaluator and the after-merge
 * step check both ask here, so they cannot disagree.
 */
export function roleHolding(
  policy: Pick<ResolvedPolicy, 'roles' | 'office'>,
  key: string,
  login: string,
  at: string,
  memberships: TeamMemberships,
): RoleHolding {
  const role = policy.roles[key];
  if (!role) return { held: false };
  if (holds(login, role, memberships)) return { held: true };
  const mine = (role.acting ?? []).filter((a) => sameLogin(a.login, login));
  if (mine.length === 0) return { held: false };
  const date = officeDate(at, policy);
  const current = inForce(mine, date);
  if (current) return { held: true, acting: current };
  // The nearest appointment explains why: the latest that ended, else the first still to come.
  const ended = mine.filter((a) => a.until < date).sort((a, b) => b.until.localeCompare(a.until))[0];
  if (ended) return { held: false, outside: { appointment: ended, date, ended: true } };
  const coming = [...mine].sort((a, b) => a.from.localeCompare(b.from))[0]!;
  return { held: false, outside: { appointment: coming, date, ended: false } };
}

/** What the register keeps of an acting appointment on the step it filled. */
export function actingMark(appointment: Pick<ActingAppointment, 'kind' | 'letter'>): ApprovalActing {
  return { kind: appointment.kind, letter: { number: appointment.letter.number, ...(appointment.letter.date ? { date: appointment.letter.date } : {}) } };
}

/** `Plh. Kepala Dinas`; the plain title when not acting. */
export function actingTitle(title: string, acting: Pick<ApprovalActing, 'kind'> | undefined): string {
  return acting ? `${ACTING_PREFIX[acting.kind]} ${title}` : title;
}

/** The appointment letter as step tables cite it: `Sprin 800.1.11.1/45/2026`. */
export function appointmentLetter(letter: Pick<AppointmentLetter, 'number'>): string {
  return `Sprin ${letter.number}`;
}

/** `Plh. Kepala Dinas (Sprin 800/45/2026)`: the role as a step filled by an acting holder shows it. */
export function actingRoleLabel(title: string, acting: ApprovalActing | undefined): string {
  return acting ? `${actingTitle(title, acting)} (${appointmentLetter(acting.letter)})` : title;
}

/** Why an approval or a `/langkah` of an acting holder outside their period fills no step. */
export function actingOutsideMessage(login: string, roleTitle: string, outside: ActingOutside): Message {
  const { appointment: a, date, ended } = outside;
  const kind = ACTING_PREFIX[a.kind];
  const letter = appointmentLetter(a.letter);
  return ended
    ? msg(
      `@${login} adalah ${kind} ${roleTitle} ${a.from} s.d. ${a.until} (${letter}); masa ${kind} berakhir ${a.until}, jadi tindakannya pada ${date} tidak mengisi langkah ${roleTitle}.`,
      `@${login} was ${kind} ${roleTitle} from ${a.from} to ${a.until} (${letter}); the ${kind} period ended on ${a.until}, so their act on ${date} fills no ${roleTitle} step.`,
    )
    : msg(
      `@${login} adalah ${kind} ${roleTitle} ${a.from} s.d. ${a.until} (${letter}); masa ${kind} baru mulai ${a.from}, jadi tindakannya pada ${date} tidak mengisi langkah ${roleTitle}.`,
      `@${login} is ${kind} ${roleTitle} from ${a.from} to ${a.until} (${letter}); the ${kind} period starts on ${a.from}, so their act on ${date} fills no ${roleTitle} step.`,
    );
}
