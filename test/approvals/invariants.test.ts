import fc from 'fast-check';
import type { Review, ReviewState } from '../../src/approvals/context.js';
import { evaluateApprovals } from '../../src/approvals/evaluate.js';
import { statusDescription } from '../../src/approvals/render.js';
import { at, HEAD, input, loadPolicyFixture } from './helpers.js';

const policies = [loadPolicyFixture('policy-basic.yaml'), loadPolicyFixture('presets/balangan.sop.yaml')];
const people = ['kadis', 'kabid', 'kasi', 'rangkap', 'teknisi', 'magang', 'staf-dinkes', 'pengelola', 'kadis-blg', 'kabid-blg', 'kasi-blg', 'prakom-1', 'prakom-2', 'warga'];
const states: ReviewState[] = ['APPROVED', 'APPROVED', 'APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'];

const reviewsArb = fc.array(
  fc.record({
    user: fc.constantFrom(...people),
    state: fc.constantFrom(...states),
    minute: fc.integer({ min: 0, max: 600 }),
    stale: fc.boolean(),
  }),
  { maxLength: 25 },
).map((list) => list.map((r, i): Review => ({ id: i + 1, user: r.user, state: r.state, commitId: r.stale ? 'old' : HEAD, submittedAt: at(r.minute) })));

describe('evaluator invariants (random review histories)', () => {
  it('one review fills at most one step, every filler held the role, was not the author, and holds one role only', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1), reviewsArb, fc.boolean(), (which, reviews, reasons) => {
        const policy = policies[which]!;
        const result = evaluateApprovals(policy, input({ reviews, request: { opd: 'dinkes', maintainerReasons: reasons ? [{ id: 'x', en: 'x' }] : [] } }));
        const done = result.steps.filter((s) => s.state === 'done');
        const ids = done.map((s) => s.reviewId);
        expect(new Set(ids).size).toBe(ids.length);
        const rolesOf = new Map<string, Set<string>>();
        for (const step of done) {
          const used = reviews.find((r) => r.id === step.reviewId)!;
          expect(used.state).toBe('APPROVED');
          expect(used.commitId).toBe(HEAD);
          expect(used.user).not.toBe('staf-dinkes');
          expect(step.roles).toContain(step.by!.role);
          rolesOf.set(step.by!.login, (rolesOf.get(step.by!.login) ?? new Set()).add(step.by!.role));
        }
        for (const roles of rolesOf.values()) expect(roles.size).toBe(1);
        if (result.state === 'approved') {
          expect(result.steps.filter((s) => s.kind !== 'after_merge').every((s) => s.state === 'done')).toBe(true);
        }
        if (policy.order === 'strict') {
          const sopDone = result.steps.filter((s) => s.kind === 'approval' && s.state === 'done');
          const times = sopDone.map((s) => Date.parse(s.at!));
          expect([...times].sort((a, b) => a - b)).toEqual(times);
        }
        expect([...statusDescription(result)].length).toBeLessThanOrEqual(140);
      }),
      { numRuns: 300, seed: 20240502 },
    );
  });

  it('does not depend on the order the reviews are listed in', () => {
    fc.assert(
      fc.property(reviewsArb, (reviews) => {
        const policy = policies[0]!;
        const forward = evaluateApprovals(policy, input({ reviews }));
        const backward = evaluateApprovals(policy, input({ reviews: [...reviews].reverse() }));
        expect(backward).toEqual(forward);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
