import { evaluateApprovals } from '../../src/approvals/evaluate.js';
import { APPROVALS_MARKER, renderMarkdown, renderText, statusDescription, STATUS_DESCRIPTION_MAX, toJson } from '../../src/approvals/render.js';
import { fullChain, input, loadPolicyFixture, review } from './helpers.js';

const basic = loadPolicyFixture('policy-basic.yaml');

describe('statusDescription', () => {
  it('says how many steps are done and whom it waits for', () => {
    const result = evaluateApprovals(basic, input({ reviews: fullChain().slice(0, 1) }));
    expect(statusDescription(result)).toBe('1/4 — menunggu Kabid Aptika');
  });

  it('says when everything is approved', () => {
    expect(statusDescription(evaluateApprovals(basic, input({ reviews: fullChain() })))).toMatch(/^4\/4 — semua langkah SOP disetujui/);
  });

  it('names who holds the request when blocked', () => {
    const result = evaluateApprovals(basic, input({ reviews: [...fullChain().slice(0, 2), review('kasi', 'CHANGES_REQUESTED', 20)] }));
    expect(statusDescription(result)).toBe('2/4 — ditahan: keputusan TIDAK oleh @kasi');
  });

  it('never exceeds GitHub’s 140 characters', () => {
    const long = { ...basic, roles: { ...basic.roles, kabid: { ...basic.roles.kabid, title: 'Kepala Bidang '.repeat(20) } } };
    const text = statusDescription(evaluateApprovals(long, input({ reviews: fullChain().slice(0, 1) })));
    expect([...text].length).toBeLessThanOrEqual(STATUS_DESCRIPTION_MAX);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('renderMarkdown', () => {
  it('starts with the hidden marker and shows one table row per step with who, when, time taken and Mutu Baku', () => {
    const md = renderMarkdown(evaluateApprovals(basic, input({ reviews: fullChain().slice(0, 2), now: '2024-05-02T01:40:00Z' })));
    expect(md.startsWith(`${APPROVALS_MARKER}\n`)).toBe(true);
    const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toBe('| 1 | Disposisi Kepala Dinas | Kepala Dinas | @kadis (Kepala Dinas) | 2024-05-02 01:05 UTC | 5 menit | 10 menit | ✅ selesai / done |');
    expect(rows[2]).toContain('30 menit (berjalan)');
    expect(rows[2]).toContain('terlambat / late');
    expect(rows[4]).toContain('setelah merge / after merge');
    expect(md).toContain('Menunggu persetujuan Kasi Infrastruktur');
  });

  it('escapes table cells so a title cannot break the table or inject HTML', () => {
    const odd = { ...basic, steps: basic.steps.map((s, i) => (i === 0 ? { ...s, title: 'A | B <script>' } : s)) };
    const md = renderMarkdown(evaluateApprovals(odd, input()));
    expect(md).toContain('A \\| B &lt;script&gt;');
    expect(md).not.toContain('<script>');
  });

  it('lists the reasons the maintainers must approve', () => {
    const reasons = [{ id: 'Nama dimiliki OPD lain.', en: 'The name belongs to another OPD.' }];
    const md = renderMarkdown(evaluateApprovals(basic, input({ request: { opd: 'dinkes', maintainerReasons: reasons } })));
    expect(md).toContain('- Nama dimiliki OPD lain. / _The name belongs to another OPD._');
  });
});

describe('renderText', () => {
  it('shows each step with a mark, who took it and the problems', () => {
    const text = renderText(evaluateApprovals(basic, input({ reviews: fullChain().slice(0, 1) })));
    expect(text).toContain('[x]  1  Disposisi Kepala Dinas — Kepala Dinas');
    expect(text).toContain('oleh/by @kadis (kadis), 2024-05-02 01:05 UTC');
    expect(text).toContain('[ ]  2  Disposisi Kabid');
    expect(text).toContain('MENUNGGU/WAITING: Menunggu persetujuan Kabid Aptika');
  });
});

describe('toJson', () => {
  it('gives state, steps and problems in the documented shape', () => {
    const json = toJson(evaluateApprovals(basic, input({ reviews: fullChain().slice(0, 1), now: '2024-05-02T01:20:00Z' })));
    expect(json.state).toBe('pending');
    expect(json.steps[0]).toEqual({
      id: 'disposisi_kadis',
      title: 'Disposisi Kepala Dinas',
      sop_row: '1',
      kind: 'approval',
      roles: ['kadis'],
      state: 'done',
      by: 'kadis',
      by_role: 'kadis',
      at: '2024-05-02T01:05:00Z',
      elapsed_s: 300,
      standard_s: 600,
      late: false,
      decision: null,
    });
    expect(json.steps[1]).toMatchObject({ state: 'waiting', by: null, elapsed_s: 900, late: true });
    expect(json.problems[0]).toMatchObject({ code: 'step/waiting', severity: 'pending', step: 'disposisi_kabid' });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
