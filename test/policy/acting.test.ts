import { parsePolicy } from '../../src/policy/policy.js';

const parse = (text: string) => parsePolicy('.github/sop.yaml', new TextEncoder().encode(text));
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** A Bekasi office whose Kepala Dinas is on leave for two periods; `extra` goes under the Kabid. */
const policy = (kadisActing: string, extra = '') => `office:
  name: Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Bekasi
  head:
    name: Drs. Sutrisno Hadi, M.Si
    acting:
      - { kind: plh, from: 2026-11-23, until: 2026-11-27, letter: { number: 800/88/2026 }, name: "Dra. Endang Lestari, M.Si" }
zones:
  - name: bekasikota.go.id
    cloudflare_zone_id: 0123456789abcdef0123456789abcdef
opds:
  dinkes: { name: Dinas Kesehatan, users: [staf-dinkes] }
preset: bekasi
roles:
  kepala_dinas:
    users: [kadis-bekasi]
    acting:
${kadisActing}
  kabid_egov:
    users: [kabid-egov]
${extra}
  kasi_pengembangan: { users: [kasi-egov] }
  pelaksana: { users: [admin-server] }
  maintainers: { users: [pengelola] }
`;

const FIRST = '      - { login: sekdis, kind: plh, from: 2026-11-02, until: 2026-11-06, letter: { number: 800/71/2026, date: 2026-10-30 } }';
const SECOND = '      - { login: sekdis, kind: plh, from: 2026-11-23, until: 2026-11-27, letter: { number: 800/88/2026 } }';

describe('policy rules for acting officials (Plh./Plt.)', () => {
  test('two appointments one after the other, and an acting head, pass without warnings', () => {
    const result = parse(policy(`${FIRST}\n${SECOND}`));
    expect(result).toMatchObject({ ok: true, warnings: [] });
    expect(result.ok && result.policy.roles.kepala_dinas!.acting).toHaveLength(2);
  });

  test('policy/acting-period: `until` before `from` is an error at the line of `until`', () => {
    const text = policy('      - { login: sekdis, kind: plh, from: 2026-11-30, until: 2026-11-01, letter: { number: 800/71/2026 } }');
    const result = parse(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ rule: 'policy/acting-period', severity: 'error', line: lineOf(text, 'until: 2026-11-01') })]);
    expect(!result.ok && result.problems[0]!.message.id).toContain('`until` harus sama dengan atau sesudah `from`');
  });

  test('policy/acting-overlap: two appointments of one role sharing a day are an error', () => {
    const overlapping = '      - { login: kabid-egov, kind: plt, from: 2026-11-06, until: 2026-11-20, letter: { number: 821/5/2026 } }';
    const text = policy(`${FIRST}\n${overlapping}`);
    const result = parse(text);
    expect(!result.ok && result.problems.map((p) => [p.rule, p.line])).toEqual([['policy/acting-overlap', lineOf(text, 'from: 2026-11-06')]]);
    expect(!result.ok && result.problems[0]!.message.en).toContain('overlaps Plh. 2026-11-02 to 2026-11-06');
  });

  test('policy/acting-overlap applies to the office head’s acting appointments too', () => {
    const text = policy(FIRST).replace(
      '      - { kind: plh, from: 2026-11-23',
      '      - { kind: plt, from: 2026-11-01, until: 2026-12-31, letter: { number: 821/1/2026 }, name: Ir. Bambang }\n      - { kind: plh, from: 2026-11-23',
    );
    const result = parse(text);
    expect(!result.ok && result.problems.map((p) => p.rule)).toEqual(['policy/acting-overlap']);
  });

  test('policy/acting-also-holder: an acting login listed as a regular holder of another role is a warning', () => {
    const text = policy('      - { login: kabid-egov, kind: plh, from: 2026-11-02, until: 2026-11-06, letter: { number: 800/71/2026 } }');
    const result = parse(text);
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ rule: 'policy/acting-also-holder', severity: 'warning', line: lineOf(text, 'login: kabid-egov') })]);
  });

  test('the schema asks for the kind, the period and the letter number', () => {
    const result = parse(policy('      - { login: sekdis, kind: pjs, from: 2026-11-02, until: 6 November, letter: {} }'));
    expect(!result.ok && result.problems.map((p) => p.rule).sort()).toEqual(['schema/enum', 'schema/format', 'schema/required']);
  });
});
