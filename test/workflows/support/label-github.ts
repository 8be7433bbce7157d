import { fill } from '../../github/support/fake-github.js';
import { responseValidator } from '../../github/support/setup.js';
import { error, GitHubServer, idOf, type Reply, type Route } from '../../support/github-server.js';

/**
 * A GitHub-like server for the delete guard's override check: a pull request's timeline
 * (`labeled` / `unlabeled` events) and team memberships, every body checked against GitHub's
 * OpenAPI description.
 */
export class LabelFakeGitHub extends GitHubServer {
  /** The timeline of the one pull request served, oldest first. */
  events: { event: 'labeled' | 'unlabeled'; label: string; actor: string; at: string }[] = [];
  /** `org/slug` → login → state. */
  teams: Record<string, Record<string, 'active' | 'pending'>> = {};
  protected readonly routes: Route[];

  constructor(private readonly repo: string, private readonly number: number) {
    super(responseValidator());
    const R = '/repos/([^/]+)/([^/]+)';
    this.routes = [
      ['GET', new RegExp(`^${R}/issues/(\\d+)/timeline$`), '/repos/{owner}/{repo}/issues/{issue_number}/timeline', (m) => this.timeline(Number(m[3]))],
      ['GET', /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/, '/orgs/{org}/teams/{team_slug}/memberships/{username}', (m) => this.membership(`${m[1]}/${m[2]}`, m[3]!)],
    ];
  }

  protected get servedRepo(): string {
    return this.repo;
  }

  private user(login: string): unknown {
    return fill('simple-user', { login, login_path: login, id: idOf(login), api: this.url, type: 'User' });
  }

  private timeline(number: number): Reply {
    if (number !== this.number) return { status: 404, body: error('Not Found', 404) };
    const [owner, repo] = this.repo.split('/');
    return {
      status: 200,
      body: this.events.map((e, i) => ({
        ...fill('timeline-state-change', { id: 4_000_000 + i, api: this.url, owner, repo, actor: this.user(e.actor), event: e.event, created_at: e.at }),
        label: { name: e.label, color: 'b60205' },
      })),
    };
  }

  private membership(team: string, login: string): Reply {
    const state = this.teams[team]?.[login];
    if (!state) return { status: 404, body: error('Not Found', 404) };
    return { status: 200, body: { url: `${this.url}/teams/${idOf(team)}/memberships/${login}`, role: 'member', state } };
  }
}
