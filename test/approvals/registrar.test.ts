import type { RequestFacts } from '../../src/approvals/context.js';
import { evaluateApprovals, type ApprovalResult } from '../../src/approvals/evaluate.js';
import { renderMarkdown, renderText, toJson } from '../../src/approvals/render.js';
import { parseApprovalsJson, provenanceFromResult } from '../../src/register/approvals.js';
import { at, input, loadPolicyFixture, review } from './helpers.js';

// The TU (tu-ani, tu-budi) files letters that came through Srikandi on the agencies' behalf.
const policy = loadPolicyFixture('policy-registrar.yaml');
const LETTER: NonNullable<RequestFacts['letter']> = { via: 'srikandi', reference: 'B-2231/SRIKANDI/2026', attachment: 'https://srikandi.arsip.go.id/surat/B-2231' };
const step = (result: ApprovalResult, id: string) => result.steps.find((s) => s.id === id)!;
const codes = (result: ApprovalResult) => result.problems.map((p) => p.code);

function filedBy(author: string, letter: RequestFacts['letter'] = LETTER, reviews = [review('kadis', 'APPROVED', 5), review('admin-sys', 'APPROVED', 30)]) {
  const base = input();
  return evaluateApprovals(policy, input({
    pullRequest: { ...base.pullRequest, author },
    commits: [{ sha: base.pullRequest.headSha, author, committer: 'web-flow' }],
    request: { opd: 'dinkes', maintainerReasons: [], ...(letter ? { letter } : {}) },
    reviews,
  }));
}

describe('the registrar path: the office files the letter it received', () => {
  it('a TU holder files for the OPD of the letter: the act fills the letter-receiving step and the request can be approved', () => {
    const result = filedBy('tu-ani');
    expect(codes(result)).not.toContain('applicant/not-member');
    expect(step(result, 'penerimaan_tu')).toMatchObject({ state: 'done', by: { login: 'tu-ani', role: 'tu', filed: true }, at: at(0), elapsedS: 0 });
    expect(step(result, 'penerimaan_tu').reviewId).toBeUndefined();
    expect(result.registrar).toMatchObject({ login: 'tu-ani', role: 'tu', via: 'srikandi', reference: 'B-2231/SRIKANDI/2026', opdName: 'Dinas Kesehatan' });
    expect(result.state).toBe('approved');
    expect(result.bindings['tu-ani']).toBe('tu');
  });

  it('strict order still holds after the act: the Kepala Dinas is the current step until they approve', () => {
    const result = filedBy('tu-ani', LETTER, []);
    expect(result.state).toBe('pending');
    expect(step(result, 'disposisi_kadis').current).toBe(true);
  });

  it('the registrar fills no later step, even holding that role', () => {
    // tu-ani is also an Admin System; her approval of the creation does not count.
    const result = filedBy('tu-ani', LETTER, [review('kadis', 'APPROVED', 5), review('tu-ani', 'APPROVED', 30)]);
    expect(step(result, 'pembuatan').state).toBe('waiting');
    expect(result.problems.find((p) => p.login === 'tu-ani')?.code).toBe('review/author');
    expect(result.state).toBe('pending');
  });

  it('without the e-office number or the signed letter the filing is blocked, saying what is missing', () => {
    const noReference = filedBy('tu-budi', { via: 'srikandi', attachment: LETTER.attachment! });
    expect(noReference.state).toBe('blocked');
    const problem = noReference.problems.find((p) => p.code === 'applicant/registrar-letter')!;
    expect(problem.message.id).toContain('`letter.reference`');
    expect(problem.message.en).toContain('on behalf of Dinas Kesehatan');
    expect(step(noReference, 'penerimaan_tu').state).toBe('waiting');
    expect(noReference.registrar).toBeUndefined();

    const noLetter = filedBy('tu-budi', { reference: 'B-1/2026' });
    expect(noLetter.problems.find((p) => p.code === 'applicant/registrar-letter')!.message.en).toContain('the signed letter (`letter.attachment`)');
  });

  it('someone outside both the OPD and the intake role is still refused, and told who can file for the agency', () => {
    const result = filedBy('kadis');
    expect(result.state).toBe('blocked');
    const problem = result.problems.find((p) => p.code === 'applicant/not-member')!;
    expect(problem.message.en).toContain('can be filed by the Tata Usaha (TU) on the agency\'s behalf');
  });

  it('an OPD member applying themselves goes the ordinary way: the TU still takes the receiving step by review', () => {
    const own = evaluateApprovals(policy, input({ request: { opd: 'dinkes', maintainerReasons: [], letter: LETTER }, reviews: [review('tu-budi', 'APPROVED', 2)] }));
    expect(own.registrar).toBeUndefined();
    expect(step(own, 'penerimaan_tu')).toMatchObject({ state: 'done', by: { login: 'tu-budi', role: 'tu' } });
    expect(step(own, 'penerimaan_tu').by!.filed).toBeUndefined();
  });

  it('a policy without an intake role keeps the old rule: only the OPD’s members apply', () => {
    const plain = loadPolicyFixture('policy-basic.yaml');
    const base = input();
    const result = evaluateApprovals(plain, input({ pullRequest: { ...base.pullRequest, author: 'kadis' }, request: { opd: 'dinkes', maintainerReasons: [], letter: LETTER } }));
    const problem = result.problems.find((p) => p.code === 'applicant/not-member')!;
    expect(problem.message.en).not.toContain('on the agency\'s behalf');
  });

  it('the comment, the text and the JSON say who filed it; the register gets it through the approvals file', () => {
    const result = filedBy('tu-ani');
    expect(renderMarkdown(result)).toContain('Diajukan oleh @tu-ani (Tata Usaha (TU)) atas nama Dinas Kesehatan, dari surat masuk Srikandi nomor B-2231/SRIKANDI/2026.');
    expect(renderText(result)).toContain('Filed by @tu-ani (Tata Usaha (TU)) on behalf of Dinas Kesehatan');
    const json = toJson(result);
    expect(json.filed_by).toEqual({ login: 'tu-ani', role: 'tu', via: 'srikandi', reference: 'B-2231/SRIKANDI/2026' });
    const read = parseApprovalsJson(JSON.stringify({ ...json, pullRequest: { number: 7, author: 'tu-ani' } }));
    expect(read.filedBy).toEqual(json.filed_by);
    expect(read.approvals.find((a) => a.step === 'penerimaan_tu')).toMatchObject({ by: 'tu-ani', role: 'tu' });
    expect(provenanceFromResult(result, { number: 7, author: 'tu-ani', createdAt: at(0) }).filedBy).toEqual(json.filed_by);
  });

  it('a hostile letter number reaches the comment as text, not as a link', () => {
    const result = filedBy('tu-ani', { ...LETTER, reference: 'B-1 [klik](https://judi.example) <img src=x>' });
    const markdown = renderMarkdown(result);
    expect(markdown).not.toContain('[klik](https://judi.example)');
    expect(markdown).not.toContain('<img');
  });
});
