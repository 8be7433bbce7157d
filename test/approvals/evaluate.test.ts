import { evaluateApprovals, MAINTAINERS_STEP, type ApprovalResult } from '../../src/approvals/evaluate.js';
import { nextReviewers } from '../../src/approvals/reviewers.js';
import { at, fullChain, HEAD, input, loadPolicyFixture, review } from './helpers.js';

const basic = loadPolicyFixture('policy-basic.yaml');
const balangan = loadPolicyFixture('presets/balangan.sop.yaml');
const bekasi = loadPolicyFixture('presets/bekasi.sop.yaml');

const state = (result: ApprovalResult, id: string) => result.steps.find((s) => s.id === id)!;
const codes = (result: ApprovalResult) => result.problems.map((p) => p.code);

describe('evaluateApprovals', () => {
  it('approves when every approval step is taken in order, and leaves after-merge steps open', () => {
    const result = evaluateApprovals(basic, input({ reviews: fullChain() }));
    expect(result.state).toBe('approved');
    expect(result.steps.map((s) => [s.id, s.state])).toEqual([
      ['disposisi_kadis', 'done'],
      ['disposisi_kabid', 'done'],
      ['pemeriksaan', 'done'],
      ['pembuatan', 'done'],
      ['surat_balasan', 'after_merge'],
    ]);
    expect([result.done, result.required]).toEqual([4, 4]);
  });

  it('blocks when the request file is not a valid request, whatever the approvals (request/invalid)', () => {
    const result = evaluateApprovals(basic, input({ reviews: fullChain(), request: { maintainerReasons: [], requestInvalid: true } }));
    expect(result.state).toBe('blocked');
    expect(codes(result)).toContain('request/invalid');
  });

  it('keeps a draft pull request pending with every step approved (pr/draft)', () => {
    const base = input({ reviews: fullChain() });
    const result = evaluateApprovals(basic, { ...base, pullRequest: { ...base.pullRequest, draft: true } });
    expect(result.state).toBe('pending');
    expect(codes(result)).toContain('pr/draft');
  });

  it('does not count an approval given on an older commit than the head', () => {
    const reviews = fullChain();
    reviews[3] = review('teknisi', 'APPROVED', 60, 'head1');
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(result.state).toBe('pending');
    expect(state(result, 'pembuatan').state).toBe('waiting');
    expect(codes(result)).toContain('review/stale');
  });

  it('counts a new approval on the head after a push made the old one stale', () => {
    const reviews = [...fullChain().slice(0, 3), review('teknisi', 'APPROVED', 50, 'head1'), review('teknisi', 'APPROVED', 70)];
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(result.state).toBe('approved');
    expect(state(result, 'pembuatan').at).toBe(at(70));
    expect(codes(result)).not.toContain('review/stale');
  });

  it('does not count a dismissed approval', () => {
    const reviews = fullChain();
    reviews[0] = { ...reviews[0]!, state: 'DISMISSED' };
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(state(result, 'disposisi_kadis').state).toBe('waiting');
    expect(result.state).toBe('pending');
  });

  it('never lets the pull request author fill a step, even when they hold the role', () => {
    const result = evaluateApprovals(
      basic,
      input({
        pullRequest: { ...input().pullRequest, author: 'kadis' },
        memberships: { 'pemkot/dinkes': { kadis: 'active' }, 'pemkot/admin': { teknisi: 'active' } },
        reviews: fullChain(),
      }),
    );
    expect(state(result, 'disposisi_kadis').state).toBe('waiting');
    expect(result.state).toBe('pending');
    expect(codes(result)).toContain('review/author');
  });

  it('never lets an author or committer of any commit of the pull request fill a step', () => {
    const commits = [...input().commits, { sha: 'fixup', author: 'staf-dinkes', committer: 'Kabid' }];
    const result = evaluateApprovals(basic, input({ reviews: fullChain(), commits }));
    expect(state(result, 'disposisi_kabid').state).toBe('waiting');
    expect(result.excluded).toContain('kabid');
  });

  it('lets one person fill steps of one role only (separation of duties)', () => {
    const reviews = [review('rangkap', 'APPROVED', 5), review('rangkap', 'APPROVED', 10)];
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(state(result, 'disposisi_kadis').by).toEqual({ login: 'rangkap', role: 'kadis' });
    expect(state(result, 'disposisi_kabid').state).toBe('waiting');
    expect(codes(result)).toContain('review/one-role');
    expect(result.bindings).toEqual({ rangkap: 'kadis' });
  });

  it('needs one approval per step when a role is named at several steps, and a later approval by the same person fills the next', () => {
    const first = [
      review('kadis-blg', 'APPROVED', 10),
      review('kabid-blg', 'APPROVED', 20),
      review('kasi-blg', 'APPROVED', 30),
      review('prakom-1', 'APPROVED', 40),
      review('kasi-blg', 'APPROVED', 50),
    ];
    const once = evaluateApprovals(balangan, input({ reviews: first, request: { opd: 'disdik', maintainerReasons: [] }, pullRequest: { ...input().pullRequest, author: 'staf-disdik' } }));
    expect(state(once, 'disposisi_kabid').state).toBe('done');
    expect(state(once, 'laporan_kasi').by?.login).toBe('kasi-blg');
    expect(state(once, 'keputusan_kabid').state).toBe('waiting');

    const again = evaluateApprovals(balangan, input({ reviews: [...first, review('kabid-blg', 'APPROVED', 60), review('prakom-2', 'APPROVED', 70)], request: { opd: 'disdik', maintainerReasons: [] }, pullRequest: { ...input().pullRequest, author: 'staf-disdik' } }));
    expect(state(again, 'keputusan_kabid').by?.login).toBe('kabid-blg');
    expect(state(again, 'pembuatan').by?.login).toBe('prakom-2');
    expect(again.state).toBe('approved');
  });

  it('fills a step only for someone holding its role; a pending team invitation does not count', () => {
    const reviews = [...fullChain().slice(0, 3), review('magang', 'APPROVED', 40), review('orang-lain', 'APPROVED', 45)];
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(state(result, 'pembuatan').state).toBe('waiting');
    expect(result.problems.filter((p) => p.code === 'review/no-role').map((p) => p.login).sort()).toEqual(['magang', 'orang-lain']);
  });

  it('records the role an active team member held when filling a step', () => {
    const result = evaluateApprovals(basic, input({ reviews: fullChain() }));
    expect(state(result, 'pembuatan').by).toEqual({ login: 'teknisi', role: 'admin' });
  });

  it('blocks on changes requested by a role holder until that person approves again', () => {
    const blocked = evaluateApprovals(basic, input({ reviews: [...fullChain(), review('kabid', 'CHANGES_REQUESTED', 70)] }));
    expect(blocked.state).toBe('blocked');
    expect(codes(blocked)).toContain('review/changes-requested');

    const again = evaluateApprovals(basic, input({ reviews: [...fullChain(), review('kabid', 'CHANGES_REQUESTED', 70), review('kabid', 'APPROVED', 80)] }));
    expect(again.state).toBe('approved');
  });

  it('stops blocking when the change request is dismissed', () => {
    const reviews = [...fullChain(), review('kabid', 'DISMISSED', 70)];
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(result.state).not.toBe('blocked');
  });

  it('does not bring an old approval back after approve → request changes → dismissed', () => {
    const reviews = [...fullChain().filter((r) => r.user !== 'kabid'), review('kabid', 'APPROVED', 10), review('kabid', 'DISMISSED', 30)];
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(state(result, 'disposisi_kabid').state).toBe('waiting');
    expect(result.state).toBe('pending');
    expect(codes(result)).toContain('review/withdrawn');
  });

  it('ignores changes requested by someone who holds no role', () => {
    const result = evaluateApprovals(basic, input({ reviews: [...fullChain(), review('warga', 'CHANGES_REQUESTED', 70)] }));
    expect(result.state).toBe('approved');
  });

  it('fills nothing with COMMENTED or PENDING reviews', () => {
    const reviews = [review('kadis', 'COMMENTED', 5), review('kadis', 'PENDING', 6)];
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(state(result, 'disposisi_kadis').state).toBe('waiting');
    expect(result.state).toBe('pending');
  });

  it('with strict order counts an approval only when given after the previous step was taken', () => {
    const reviews = [review('kabid', 'APPROVED', 3), review('kadis', 'APPROVED', 5), review('kasi', 'APPROVED', 20), review('teknisi', 'APPROVED', 60)];
    const strict = evaluateApprovals(basic, input({ reviews }));
    expect(state(strict, 'disposisi_kadis').state).toBe('done');
    expect(state(strict, 'disposisi_kabid').state).toBe('waiting');
    expect(state(strict, 'pemeriksaan').state).toBe('waiting');
    expect(strict.state).toBe('pending');

    const any = evaluateApprovals({ ...basic, order: 'any' }, input({ reviews }));
    expect(any.state).toBe('approved');
  });

  it('blocks an applicant who is not a member of the OPD named in the request', () => {
    const result = evaluateApprovals(basic, input({ reviews: fullChain(), request: { opd: 'disdik', maintainerReasons: [] } }));
    expect(result.state).toBe('blocked');
    const problem = result.problems.find((p) => p.code === 'applicant/not-member')!;
    expect(problem.message.en).toContain("an agency cannot ask in another agency's name");
    expect(problem.message.id).toContain('atas nama instansi lain');
  });

  it('accepts an applicant who is an active member of an OPD team, but not a pending one', () => {
    const base = { pullRequest: { ...input().pullRequest, author: 'operator' }, commits: [{ sha: HEAD, author: 'operator' }], reviews: fullChain() };
    const active = evaluateApprovals(basic, input({ ...base, memberships: { 'pemkot/dinkes': { operator: 'active' }, 'pemkot/admin': { teknisi: 'active' } } }));
    expect(active.state).toBe('approved');
    const pending = evaluateApprovals(basic, input({ ...base, memberships: { 'pemkot/dinkes': { operator: 'pending' }, 'pemkot/admin': { teknisi: 'active' } } }));
    expect(pending.state).toBe('blocked');
  });

  it('blocks a request for an OPD the policy does not list', () => {
    const result = evaluateApprovals(basic, input({ reviews: fullChain(), request: { opd: 'dishub', maintainerReasons: [] } }));
    expect(codes(result)).toContain('applicant/unknown-opd');
    expect(result.state).toBe('blocked');
  });

  it('requires a maintainers approval too when the request gives reasons, and shows them', () => {
    const reasons = [{ id: 'Mengubah berkas di luar requests/.', en: 'Changes files outside requests/.' }];
    const request = { opd: 'dinkes', maintainerReasons: reasons };
    const without = evaluateApprovals(basic, input({ reviews: fullChain(), request }));
    expect(without.state).toBe('pending');
    expect(state(without, MAINTAINERS_STEP)).toMatchObject({ kind: 'maintainers', state: 'waiting', reasons });
    expect([without.done, without.required]).toEqual([4, 5]);

    const withIt = evaluateApprovals(basic, input({ reviews: [...fullChain(), review('pengelola', 'APPROVED', 2)], request }));
    expect(withIt.state).toBe('approved');
    expect(state(withIt, MAINTAINERS_STEP).by).toEqual({ login: 'pengelola', role: 'maintainers' });
  });

  it('does not let the person who took an SOP step also give the maintainers approval', () => {
    const reviews = [
      review('kadis-bekasi', 'APPROVED', 5),
      review('kabid-egov', 'APPROVED', 10),
      review('kasi-egov', 'APPROVED', 20),
      review('admin-server', 'APPROVED', 60),
      review('kasi-egov', 'APPROVED', 61),
    ];
    const result = evaluateApprovals(bekasi, input({ reviews, request: { opd: 'dinkes', maintainerReasons: [{ id: 'x', en: 'x' }] } }));
    expect(state(result, MAINTAINERS_STEP).state).toBe('waiting');
    expect(result.state).toBe('pending');
  });

  it('requires the maintainers when the policy has no steps at all', () => {
    const none = loadPolicyFixture('policy-nosteps.yaml');
    const pending = evaluateApprovals(none, input());
    expect(pending.state).toBe('pending');
    expect(pending.steps.map((s) => s.id)).toEqual([MAINTAINERS_STEP]);
    const approved = evaluateApprovals(none, input({ reviews: [review('pengelola', 'APPROVED', 5)] }));
    expect(approved.state).toBe('approved');
  });

  it('reads changes requested at a decision step as its "No", with the decision text', () => {
    const reviews = [...fullChain().slice(0, 2), review('kasi', 'CHANGES_REQUESTED', 20)];
    const result = evaluateApprovals(basic, input({ reviews }));
    expect(result.state).toBe('blocked');
    expect(state(result, 'pemeriksaan')).toMatchObject({ state: 'blocked', decision: { answer: 'no' } });
    const problem = result.problems.find((p) => p.code === 'decision/no')!;
    expect(problem.message.id).toContain('Tidak: dikembalikan ke OPD.');
    expect(problem.message.en).toContain('NO, by @kasi');
  });

  it('reads an approval at a decision step as its "Yes"', () => {
    const result = evaluateApprovals(basic, input({ reviews: fullChain() }));
    expect(state(result, 'pemeriksaan').decision?.answer).toBe('yes');
  });

  it('reads a "No" at the later decision step of a role named twice (Balangan row 6), keeping the earlier step', () => {
    const reviews = [
      review('kadis-blg', 'APPROVED', 10),
      review('kabid-blg', 'APPROVED', 20),
      review('kasi-blg', 'APPROVED', 30),
      review('prakom-1', 'APPROVED', 40),
      review('kasi-blg', 'APPROVED', 50),
      review('kabid-blg', 'CHANGES_REQUESTED', 60),
    ];
    const result = evaluateApprovals(balangan, input({ reviews, request: { opd: 'disdik', maintainerReasons: [] }, pullRequest: { ...input().pullRequest, author: 'staf-disdik' } }));
    expect(state(result, 'disposisi_kabid').state).toBe('done');
    expect(state(result, 'keputusan_kabid')).toMatchObject({ state: 'blocked', decision: { answer: 'no' } });
    expect(result.problems.find((p) => p.code === 'decision/no')?.message.id).toContain('domain sudah tersedia');
  });

  it('measures each step from the one before, the first from when the pull request was ready, and the open step until now', () => {
    const ready = { ...input().pullRequest, readyAt: at(2) };
    const result = evaluateApprovals(basic, input({ pullRequest: ready, reviews: fullChain().slice(0, 2), now: at(45) }));
    expect(state(result, 'disposisi_kadis').elapsedS).toBe(180);
    expect(state(result, 'disposisi_kabid').elapsedS).toBe(300);
    expect(state(result, 'pemeriksaan')).toMatchObject({ current: true, elapsedS: 35 * 60, standardS: 1200, late: true });
    expect(state(result, 'pembuatan')).toMatchObject({ current: false, late: false });
    expect(state(result, 'pembuatan').elapsedS).toBeUndefined();
    expect(result.startedAt).toBe(at(2));
  });

  it('compares the total time with total_limit', () => {
    const late = evaluateApprovals(basic, input({ reviews: fullChain().slice(0, 1), now: at(60 * 25) }));
    expect(late.total).toEqual({ elapsedS: 25 * 3600, limitS: 86400, late: true });
    expect(codes(late)).toContain('time/total-limit');
    const done = evaluateApprovals(basic, input({ reviews: fullChain(), now: at(60 * 48) }));
    expect(done.total).toEqual({ elapsedS: 3600, limitS: 86400, late: false });
  });

  it('says which step it waits for and who holds nobody', () => {
    const unassigned = { ...basic, roles: { ...basic.roles, kabid: { title: 'Kabid Aptika' } } };
    const result = evaluateApprovals(unassigned, input({ reviews: fullChain().slice(0, 1) }));
    expect(result.problems.filter((p) => p.severity === 'pending').map((p) => [p.code, p.step])).toEqual([['role/unassigned', 'disposisi_kabid']]);
  });
});

describe('nextReviewers', () => {
  it('asks the holders of the next step, as a disposition would', () => {
    const result = evaluateApprovals(basic, input({ reviews: fullChain().slice(0, 3) }));
    expect(nextReviewers(result, basic)).toEqual({ users: [], teams: ['pemkot/admin'] });
    const first = evaluateApprovals(basic, input());
    expect(nextReviewers(first, basic)).toEqual({ users: ['kadis', 'rangkap'], teams: [] });
  });

  it('leaves out the author, committers and people bound to another role', () => {
    const reviews = [review('rangkap', 'APPROVED', 5)];
    const commits = [{ sha: HEAD, author: 'staf-dinkes', committer: 'kabid' }];
    const result = evaluateApprovals(basic, input({ reviews, commits }));
    expect(nextReviewers(result, basic)).toEqual({ users: [], teams: [] });
  });

  it('asks the maintainers when they must approve, and nobody once approved or when the applicant may not ask', () => {
    const request = { opd: 'dinkes', maintainerReasons: [{ id: 'x', en: 'x' }] };
    const pending = evaluateApprovals(basic, input({ reviews: fullChain(), request }));
    expect(nextReviewers(pending, basic).users).toEqual(['pengelola']);
    expect(nextReviewers(evaluateApprovals(basic, input({ reviews: fullChain() })), basic)).toEqual({ users: [], teams: [] });
    const foreign = evaluateApprovals(basic, input({ request: { opd: 'disdik', maintainerReasons: [] } }));
    expect(nextReviewers(foreign, basic)).toEqual({ users: [], teams: [] });
  });
});
