import type { TeamMemberships } from '../approvals/context.js';
import { msg } from '../model/problem.js';
import { apiFailure, call, statusOf, type GitHub } from './client.js';

/**
 * Team membership, the one reader of it: whether a login is an active member of an `org/slug`
 * team. A pending invitation never counts, whichever way it is read. Every answer is kept for the
 * run, so a team is listed (or a person looked up in it) at most once however often a command asks.
 *
 * Two questions, one meaning:
 * - `ofTeams(teams)`: every active member of each team, one listing per team; for the approvals
 *   check, which asks about many people (reviewers, the author, commit authors).
 * - `of(login, teams)`: one person's membership of each team; answered from a listing already read,
 *   else one lookup per team (a 404 means not a member). For the comment commands and the guards,
 *   which ask about one person.
 */
export class TeamMembers {
  private readonly lists = new Map<string, Promise<Record<string, 'active'>>>();
  private readonly lookups = new Map<string, Promise<'active' | 'pending' | undefined>>();

  constructor(private readonly gh: GitHub) {}

  /** `org/slug` → active login → 'active', for each team (sorted, each read once; the listings at the same time). */
  async ofTeams(teams: readonly string[]): Promise<TeamMemberships> {
    const sorted = unique(teams);
    const lists = await Promise.all(sorted.map((team) => this.list(team)));
    return Object.fromEntries(sorted.map((team, i) => [team, lists[i]!]));
  }

  /** `org/slug` → `{ login: state }`, or `{}` when not a member, for each team. */
  async of(login: string, teams: readonly string[]): Promise<TeamMemberships> {
    const memberships: TeamMemberships = {};
    for (const team of unique(teams)) {
      const listed = this.lists.get(key(team));
      if (listed) {
        const members = await listed;
        const found = Object.keys(members).find((m) => m.toLowerCase() === login.toLowerCase());
        memberships[team] = found ? { [login]: 'active' } : {};
        continue;
      }
      const state = await this.lookup(login, team);
      memberships[team] = state ? { [login]: state } : {};
    }
    return memberships;
  }

  private list(team: string): Promise<Record<string, 'active'>> {
    const k = key(team);
    let members = this.lists.get(k);
    if (!members) {
      const [org, slug] = splitTeam(team);
      const { octokit } = this.gh;
      members = call(msg(`Membaca anggota tim ${team}`, `Reading the members of team ${team}`), () =>
        octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 }),
      // Listing returns active members only: a pending invitation never holds a role.
      ).then((list) => Object.fromEntries(list.map((m) => [m.login, 'active' as const])));
      this.lists.set(k, members);
    }
    return members;
  }

  private lookup(login: string, team: string): Promise<'active' | 'pending' | undefined> {
    const k = `${key(team)}\0${login.toLowerCase()}`;
    let state = this.lookups.get(k);
    if (!state) {
      const [org, slug] = splitTeam(team);
      state = this.gh.octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login }).then(
        ({ data }) => (data.state === 'active' ? 'active' as const : 'pending' as const),
        (error: unknown) => {
          if (statusOf(error) === 404) return undefined;
          throw apiFailure(error, msg(`Membaca keanggotaan @${login} di tim ${team}`, `Reading @${login}'s membership of team ${team}`));
        },
      );
      this.lookups.set(k, state);
    }
    return state;
  }
}

/** One person's memberships of some teams, for a command that asks once (intake, the override guard). */
export function readMemberships(gh: GitHub, login: string, teams: readonly string[]): Promise<TeamMemberships> {
  return new TeamMembers(gh).of(login, teams);
}

export function splitTeam(team: string): [string, string] {
  const slash = team.indexOf('/');
  return [team.slice(0, slash), team.slice(slash + 1)];
}

const key = (team: string) => team.toLowerCase();
const unique = (teams: readonly string[]) => [...new Set(teams)].sort();
