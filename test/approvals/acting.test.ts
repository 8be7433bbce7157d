import fc from 'fast-check';
import type { Review } from '../../src/approvals/context.js';
import { evaluateApprovals, type ApprovalResult } from '../../src/approvals/evaluate.js';
import { renderMarkdown, toJson } from '../../src/approvals/render.js';
import { nextReviewers } from '../../src/approvals/reviewers.js';
import { approvalsFromResult, parseApprovalsJson } from '../../src/register/approvals.js';
import { at, HEAD, input, loadPolicyFixture, review } from './helpers.js';

// Plh. Kepala Dinas 2024-04-29 … 2024-05-02; START is 2 May 2024, 08:00 WIB.
const policy = loadPolicyFixture('policy-acting.yaml');
const state = (result: ApprovalResult, id: string) => result.steps.find((s) => s.id === id)!;
const note = (result: ApprovalResult, login: string) => result.problems.find((p) => p.code === 'review/acting-period' && p.login === login);
const PLH = { kind: 'plh', letter: { number: '800.1.11.1/45/2024', date: '2024-04-26' } };

describe('acting officials (Plh./Plt.) in the approval evaluator', () => {
  it('an approval by the Plh. inside the period fills the role’s step, marked with the appointment letter', () => {
    const result = evaluateApprovals(policy, input({ reviews: [review('plh-kadis', 'APPROVED', 5)] }));
    expect(state(result, 'disposisi_kadis')).toMatchObject({ state: 'done', by: { login: 'plh-kadis', role: 'kadis', acting: PLH } });
    expect(result.bindings).toEqual({ 'plh-kadis': 'kadis' });
  });

  it('counts the last day of the period until midnight WIB, not UTC', () => {
    // 16:59 UTC is 23:59 WIB on 2 May; 17:30 UTC is already 3 May in Jakarta.
    const lastMinute = evaluateApprovals(policy, input({ reviews: [review('plh-kadis', 'APPROVED', 959)], now: at(1000) }));
    expect(state(lastMinute, 'disposisi_kadis').state).toBe('done');
    const nextDay = evaluateApprovals(policy, input({ reviews: [review('plh-kadis', 'APPROVED', 990)], now: at(1000) }));
    expect(state(nextDay, 'disposisi_kadis').state).toBe('waiting');
  });

  it('ignores an approval the day after `until`, and says the period ended', () => {
    // plh-lama was Plh. Kabid until 1 May.
    const result = evaluateApprovals(policy, input({ reviews: [review('kadis', 'APPROVED', 5), review('plh-lama', 'APPROVED', 10)] }));
    expect(state(result, 'disposisi_kabid').state).toBe('waiting');
    const why = note(result, 'plh-lama')!;
    expect(why.message.id).toContain('masa Plh. berakhir 2024-05-01');
    expect(why.message.en).toContain('the Plh. period ended on 2024-05-01');
    expect(why.message.id).toContain('800/40/2024');
    expect(result.problems.map((p) => p.code)).not.toContain('review/no-role');
  });

  it('ignores an approval before `from`, and says when the period starts', () => {
    const reviews = [review('kadis', 'APPROVED', 5), review('kabid', 'APPROVED', 10), review('plt-baru', 'APPROVED', 20)];
    const result = evaluateApprovals(policy, input({ reviews }));
    expect(state(result, 'pemeriksaan').state).toBe('waiting');
    expect(note(result, 'plt-baru')!.message.en).toContain('the Plt. period starts on 2024-05-03');
    expect(note(result, 'plt-baru')!.message.id).toContain('masa Plt. baru mulai 2024-05-03');
  });

  it('keeps separation of duties: the Plh. who took the Kepala Dinas step cannot also take their own Kabid step', () => {
    const result = evaluateApprovals(policy, input({ reviews: [review('plh-kadis', 'APPROVED', 5), review('plh-kadis', 'APPROVED', 10)] }));
    expect(state(result, 'disposisi_kadis').by).toMatchObject({ login: 'plh-kadis', role: 'kadis' });
    expect(state(result, 'disposisi_kabid').state).toBe('waiting');
    expect(result.problems.map((p) => p.code)).toContain('review/one-role');
  });

  it('a change request by the Plh. blocks inside the period only', () => {
    const inside = evaluateApprovals(policy, input({ reviews: [review('plh-kadis', 'CHANGES_REQUESTED', 5)] }));
    expect(inside.state).toBe('blocked');
    const after = evaluateApprovals(policy, input({ reviews: [review('plh-lama', 'CHANGES_REQUESTED', 5)] }));
    expect(after.state).toBe('pending');
  });

  it('asks the Plh. in force for review beside the role’s listed users', () => {
    expect(nextReviewers(evaluateApprovals(policy, input()), policy).users).toEqual(['kadis', 'plh-kadis']);
    const later = evaluateApprovals(policy, input({ now: '2024-05-10T01:00:00Z' }));
    expect(nextReviewers(later, policy).users).toEqual(['kadis']);
  });

  it('the sticky comment says "Plh. Kepala Dinas" with the appointment letter', () => {
    const md = renderMarkdown(evaluateApprovals(policy, input({ reviews: [review('plh-kadis', 'APPROVED', 5)] })));
    const row = md.split('\n').find((l) => l.startsWith('| 1 |'))!;
    expect(row).toContain('@plh-kadis (Plh. Kepala Dinas, Sprin 800.1.11.1/45/2024)');
  });

  it('the history entry carries `acting`, through the JSON the apply workflow saves', () => {
    const result = evaluateApprovals(policy, input({ reviews: [review('plh-kadis', 'APPROVED', 5), review('kabid', 'APPROVED', 10)] }));
    const json = toJson(result);
    expect(json.steps[0]).toMatchObject({ by: 'plh-kadis', by_role: 'kadis', acting: PLH });
    expect(json.steps[1]).not.toHaveProperty('acting');
    const { approvals } = parseApprovalsJson(JSON.stringify(json));
    expect(approvals[0]).toEqual({ step: 'disposisi_kadis', title: 'Disposisi Kepala Dinas', role: 'kadis', acting: PLH, by: 'plh-kadis', at: at(5), elapsed_s: 300, standard_s: 600 });
    expect(approvals[1]).not.toHaveProperty('acting');
    expect(approvalsFromResult(result)[0]!.acting).toEqual(PLH);
  });
});

describe('acting officials: random review histories across the period’s end', () => {
  it('a step filled by an acting holder was always approved inside their period (WIB dates), and nobody holds two roles', () => {
    const people = ['kadis', 'kabid', 'kasi', 'teknisi', 'plh-kadis', 'plh-lama', 'plt-baru'];
    const periods = Object.fromEntries(Object.values(policy.roles).flatMap((r) => (r.acting ?? []).map((a) => [a.login, a])));
    const wibDate = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
    const reviews = fc.array(fc.record({ user: fc.constantFrom(...people), minute: fc.integer({ min: -3000, max: 3000 }) }), { maxLength: 15 })
      .map((list) => list.map((r, i): Review => ({ id: i + 1, user: r.user, state: 'APPROVED', commitId: HEAD, submittedAt: at(r.minute) })));
    fc.assert(
      fc.property(reviews, (list) => {
        const result = evaluateApprovals(policy, input({ reviews: list, now: at(3100) }));
        const roles = new Map<string, string>();
        for (const step of result.steps.filter((s) => s.state === 'done')) {
          const { login, role, acting } = step.by!;
          expect(roles.get(login) ?? role).toBe(role);
          roles.set(login, role);
          const period = periods[login];
          if (!period || policy.roles[role]!.users?.includes(login)) continue;
          expect(acting?.letter.number).toBe(period.letter.number);
          const day = wibDate(step.at!);
          expect(period.from <= day && day <= period.until).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20241130 },
    );
  });
});
