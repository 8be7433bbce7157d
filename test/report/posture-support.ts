import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyAndRegister } from '../../src/report/load.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { incidentMarker, INCIDENT_LABEL, stateBlock } from '../../src/watch/incident-issue.js';
import { parseWatchJson, type IssueSnapshot, type WatchReport } from '../../src/watch/incidents.js';
import type { IncidentsFakeGitHub } from '../github/support/incidents-fake.js';

export const POSTURE = join(import.meta.dirname, 'fixtures', 'posture');
export const OFFICE = join(POSTURE, 'office');
export const NOW = '2026-11-24T03:00:00Z';
export const REPO = 'pemkab-demak/subdomain';

interface FixtureIssue {
  number: number;
  user: string;
  fqdn: string | null;
  state: { opened: string; kinds: string[] } | null;
  created_at: string;
  closed_at: string | null;
}

const issues = (): FixtureIssue[] => JSON.parse(readFileSync(join(POSTURE, 'issues.json'), 'utf8')) as FixtureIssue[];

function bodyOf(i: FixtureIssue): string {
  const lines = [i.fqdn ? incidentMarker(i.fqdn) : '<!-- not ours -->', `## Insiden sub domain / subdomain incident: \`${i.fqdn ?? '?'}\``, ''];
  if (i.state) lines.push(stateBlock(i.state));
  return `${lines.join('\n')}\n`;
}

/** The fixture's issues as the adapter reads them. */
export function issueSnapshots(): IssueSnapshot[] {
  return issues().map((i) => ({
    number: i.number,
    title: `Insiden sub domain / subdomain incident: ${i.fqdn ?? '?'}`,
    body: bodyOf(i),
    state: i.closed_at ? 'closed' : 'open',
    labels: [INCIDENT_LABEL],
    createdAt: i.created_at,
    ...(i.closed_at ? { closedAt: i.closed_at, closedAs: 'completed' } : {}),
    byBot: i.user.endsWith('[bot]'),
  }));
}

/** The same issues on the GitHub-like server. */
export function seedIssues(fake: IncidentsFakeGitHub): void {
  for (const i of issues()) {
    fake.addIssue({
      number: i.number,
      title: `Insiden sub domain / subdomain incident: ${i.fqdn ?? '?'}`,
      body: bodyOf(i),
      user: i.user,
      labels: [INCIDENT_LABEL],
      state: i.closed_at ? 'closed' : 'open',
      stateReason: i.closed_at ? 'completed' : null,
      createdAt: i.created_at,
      closedAt: i.closed_at,
    });
  }
}

export function officeInputs() {
  const loaded = loadPolicyAndRegister(new WorkingTree(OFFICE));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded;
}

export function watchFixture(): WatchReport {
  const read = parseWatchJson(readFileSync(join(POSTURE, 'watch.json'), 'utf8'));
  if (!read.ok) throw new Error(read.message.en);
  return read.report;
}
