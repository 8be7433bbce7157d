import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepResult } from '../../src/approvals/evaluate.js';
import { toJson } from '../../src/approvals/render.js';
import { approvalsFromResult, ApprovalsFileError, parseApprovalsJson } from '../../src/register/approvals.js';
import { FIXTURES } from './helpers.js';

const step = (over: Partial<StepResult>): StepResult => ({
  id: 'disposisi_kadis', title: 'Disposisi Kepala Dinas', roles: ['kepala_dinas'], roleTitles: ['Kepala Dinas'], kind: 'approval',
  state: 'done', current: false, late: false, ...over,
});

test('reads the approvals JSON saved at merge: only steps someone took, with role and times', () => {
  const read = parseApprovalsJson(readFileSync(join(FIXTURES, 'approvals-pr-42.json'), 'utf8'));
  expect(read.pullRequest).toBe(42);
  expect(read.applicant).toBe('staf-dinkes');
  expect(read.openedAt).toBe('2026-11-18T02:05:00Z');
  expect(read.approvals.map((a) => [a.step, a.role, a.by])).toEqual([
    ['disposisi_kadis', 'kepala_dinas', 'kadis-bekasi'],
    ['disposisi_kabid', 'kabid_egov', 'kabid-egov'],
  ]);
});

test('the evaluator result and its JSON rendering give the same approvals', () => {
  const steps = [
    step({ by: { login: 'kadis-bekasi', role: 'kepala_dinas' }, at: '2026-11-18T02:12:00Z', elapsedS: 420, standardS: 600 }),
    step({ id: 'pembuatan', kind: 'after_merge', state: 'after_merge', standardS: 3600 }),
    step({ id: 'disposisi_kabid', state: 'waiting', current: true, elapsedS: 30 }),
  ];
  const direct = approvalsFromResult({ steps });
  expect(direct).toEqual([{ step: 'disposisi_kadis', title: 'Disposisi Kepala Dinas', role: 'kepala_dinas', by: 'kadis-bekasi', at: '2026-11-18T02:12:00Z', elapsed_s: 420, standard_s: 600 }]);
  const rendered = toJson({
    state: 'pending', steps, problems: [], done: 1, required: 2, startedAt: '2026-11-18T02:05:00Z', now: '2026-11-18T03:00:00Z',
    total: { elapsedS: 3300, late: false }, excluded: [], bindings: {},
  });
  expect(parseApprovalsJson(JSON.stringify(rendered)).approvals).toEqual(direct);
});

test('a plain list as the register writes it is accepted', () => {
  const list = [{ step: 'a', by: 'x', at: '2026-01-01T00:00:00Z', role: 'r' }];
  expect(parseApprovalsJson(JSON.stringify(list)).approvals).toEqual(list);
});

test('not JSON, or JSON without steps, is an error that says so', () => {
  expect(() => parseApprovalsJson('{ nope')).toThrow(ApprovalsFileError);
  expect(() => parseApprovalsJson('{"state":"approved"}')).toThrow(/steps/);
  expect(() => parseApprovalsJson('"text"')).toThrow(ApprovalsFileError);
});
