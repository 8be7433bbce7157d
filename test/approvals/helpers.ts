import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ApprovalInput, Review, ReviewState } from '../../src/approvals/context.js';
import { parsePolicy, type ResolvedPolicy } from '../../src/policy/policy.js';

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export function loadPolicyFixture(name: string): ResolvedPolicy {
  const result = parsePolicy(name, readFileSync(fixture(name)));
  if (!result.ok) throw new Error(`fixture ${name}: ${JSON.stringify(result.problems, null, 2)}`);
  return result.policy;
}

export interface Scenario {
  policy: string;
  input: ApprovalInput;
  expect: {
    state: string;
    done?: number;
    required?: number;
    total?: Record<string, unknown>;
    steps: Record<string, { state: string; by?: string; role?: string; elapsedS?: number; standardS?: number; late?: boolean; decision?: string }>;
  };
}

export function loadScenario(name: string): Scenario {
  return parse(readFileSync(fixture(name), 'utf8')) as Scenario;
}

export const HEAD = 'head2';
export const START = '2024-05-02T01:00:00Z';

/** Minutes after START as ISO. */
export function at(minutes: number): string {
  return new Date(Date.parse(START) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

let nextId = 1;
export function review(user: string, state: ReviewState, minutes: number, commitId = HEAD): Review {
  return { id: nextId++, user, state, commitId, submittedAt: at(minutes) };
}

/** An input for policy-basic.yaml: staf-dinkes asks for dinkes, nothing reviewed yet. */
export function input(overrides: Partial<ApprovalInput> = {}): ApprovalInput {
  return {
    pullRequest: {
      number: 1,
      author: 'staf-dinkes',
      headSha: HEAD,
      createdAt: START,
      changedFiles: ['requests/sehat.contohkota.go.id.yaml'],
      labels: [],
    },
    reviews: [],
    commits: [
      { sha: 'head1', author: 'staf-dinkes', committer: 'web-flow' },
      { sha: HEAD, author: 'staf-dinkes', committer: 'web-flow' },
    ],
    memberships: { 'pemkot/admin': { teknisi: 'active', magang: 'pending' } },
    request: { opd: 'dinkes', maintainerReasons: [] },
    now: at(300),
    ...overrides,
  };
}

/** The four approvals that complete policy-basic.yaml in order. */
export function fullChain(): Review[] {
  return [review('kadis', 'APPROVED', 5), review('kabid', 'APPROVED', 10), review('kasi', 'APPROVED', 20), review('teknisi', 'APPROVED', 60)];
}
