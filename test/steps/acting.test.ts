import { decideStep, withApproval, type StepClaim } from '../../src/steps/check.js';
import { renderReply } from '../../src/steps/reply.js';
import { renderRegisterEntry } from '../../src/register/render.js';
import { parseFile } from '../../src/repo/load.js';
import { lumajangEntry, policyOf, registerOf } from './helpers.js';

/** The Lumajang fixture with a Plh. of the Administrator Server (the admin is on a duty trip). */
const withPlh = (login: string) =>
  policyOf('lumajang', (text) =>
    text.replace(
      '    users: [admin-server-lmj]\n',
      `    users: [admin-server-lmj]\n    acting:\n      - { login: ${login}, kind: plh, from: 2026-11-16, until: 2026-11-30, letter: { number: 800/77/427.45/2026 } }\n`,
    ));

const claim = (by: string, at: string): StepClaim => ({ step: 'laporan_admin', by, at, applicants: ['staf-dpmptsp'], memberships: {} });

describe('/langkah by an acting official (Plh./Plt.)', () => {
  const policy = withPlh('plh-admin');

  test('inside the period the Plh. records the step, and the register entry carries `acting`', () => {
    const decision = decideStep(policy, lumajangEntry(), claim('plh-admin', '2026-11-17T03:00:00Z'));
    expect(decision.outcome).toBe('record');
    if (decision.outcome !== 'record') return;
    expect(decision.approval).toMatchObject({ role: 'administrator_server', acting: { kind: 'plh', letter: { number: '800/77/427.45/2026' } }, by: 'plh-admin' });

    const register = registerOf('lumajang', 'perizinan.lumajangkab.go.id');
    const history = register.history.map((h) => ('pull_request' in h && h.pull_request === 7 && 'letter' in h ? withApproval(h, decision.approval) : h));
    const text = renderRegisterEntry({ ...register, history });
    expect(text).toContain('role: administrator_server, acting: { kind: plh, letter: { number: 800/77/427.45/2026 } }, by: plh-admin');
    expect(parseFile('subdomains/perizinan.lumajangkab.go.id.yaml', new TextEncoder().encode(text), 'register').ok).toBe(true);

    const reply = renderReply(policy, { kind: 'recorded', step: decision.step, approval: decision.approval, files: ['subdomains/perizinan.lumajangkab.go.id.yaml'], entry: lumajangEntry(decision.approval) });
    expect(reply).toContain('@plh-admin — Plh. Administrator Server (Sprin 800/77/427.45/2026)');
  });

  test('the day after `until` (in WIB) the Plh. is refused, and the reply says the period ended', () => {
    // 17:00 UTC on 30 November is already 1 December in Jakarta.
    const decision = decideStep(policy, lumajangEntry(), claim('plh-admin', '2026-11-30T17:00:00Z'));
    expect(decision.outcome === 'refuse' && decision.refusals.map((r) => r.code)).toEqual(['step/acting-period']);
    expect(decision.outcome === 'refuse' && decision.refusals[0]!.message.en).toContain('the Plh. period ended on 2026-11-30');
    expect(decision.outcome === 'refuse' && decision.refusals[0]!.message.id).toContain('masa Plh. berakhir 2026-11-30');
  });

  test('before `from` the Plh. is refused', () => {
    const decision = decideStep(policy, lumajangEntry(), claim('plh-admin', '2026-11-15T03:00:00Z'));
    expect(decision.outcome === 'refuse' && decision.refusals[0]!.message.en).toContain('the Plh. period starts on 2026-11-16');
  });

  test('a Plh. who took another role of the request before merge cannot take this one (one person, one role)', () => {
    // kabid-aptika-lmj disposed as Kabid Aptika before the merge.
    const decision = decideStep(withPlh('kabid-aptika-lmj'), lumajangEntry(), claim('kabid-aptika-lmj', '2026-11-17T03:00:00Z'));
    expect(decision.outcome === 'refuse' && decision.refusals.map((r) => r.code)).toEqual(['step/one-role']);
  });
});
