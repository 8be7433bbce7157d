import type { Role } from '../schema/types.gen.js';
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

/** Does `login` hold the role (or belong to the OPD): listed by name, or an active member of a listed team? */
export function holds(login: string, members: Pick<Role, 'users' | 'teams'> | undefined, memberships: TeamMemberships): boolean {
  if (!members) return false;
  if ((members.users ?? []).some((user) => sameLogin(user, login))) return true;
  return (members.teams ?? []).some((team) => activeMember(login, team, memberships));
}

/** Does anyone hold the role at all (a listed user, or a team)? */
export function hasPeople(role: Pick<Role, 'users' | 'teams'> | undefined): boolean {
  return (role?.users?.length ?? 0) + (role?.teams?.length ?? 0) > 0;
}
