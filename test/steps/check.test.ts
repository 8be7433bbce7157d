import { requestAt } from '../helpers/temp-repo.js';
import { boundRole, decideStep, findStep, type StepClaim, type StepDecision } from '../../src/steps/check.js';
import { lumajangEntry, policyOf, registerOf } from './helpers.js';

const lumajang = policyOf('lumajang');
const AT = '2026-11-17T03:00:00Z';

function claim(step: string, by: string, extra: Partial<StepClaim> = {}): StepClaim {
  return { step, by, at: AT, applicants: ['staf-dpmptsp'], memberships: {}, ...extra };
}

function codes(decision: StepDecision): string[] {
  return decision.outcome === 'refuse' ? decision.refusals.map((r) => r.code) : [];
}

describe('decideStep: who may record an after-merge step', () => {
  test('the role holder records the next after-merge step, with title, role, time, elapsed and standard', () => {
    const decision = decideStep(lumajang, lumajangEntry(), claim('laporan_admin', 'admin-server-lmj'));
    expect(decision).toEqual({
      outcome: 'record',
      step: expect.objectContaining({ id: 'laporan_admin' }),
      approval: {
        step: 'laporan_admin',
        title: 'Administrator Server menginformasikan kepada Kasi PPI SPBE bahwa perintah sudah dilaksanakan',
        role: 'administrator_server',
        by: 'admin-server-lmj',
        at: AT,
        // Since the previous step (pembuatan at 02:04): 56 minutes.
        elapsed_s: 56 * 60,
        standard_s: 300,
      },
    });
  });

  test('elapsed time counts from the latest recorded step before the comment', () => {
    const entry = lumajangEntry({ step: 'laporan_admin', role: 'administrator_server', by: 'admin-server-lmj', at: '2026-11-17T02:50:00Z' });
    const decision = decideStep(lumajang, entry, claim('penerimaan_laporan', 'kasi-spbe-lmj'));
    expect(decision.outcome === 'record' && decision.approval.elapsed_s).toBe(10 * 60);
  });

  test('a step without Mutu Baku is recorded without standard_s', () => {
    const done = ['laporan_admin', 'penerimaan_laporan', 'draft_pemberitahuan', 'penerimaan_draft_kabid', 'penandatanganan'].map((step) => ({ step, by: 'x', at: '2026-11-17T02:40:00Z' }));
    const decision = decideStep(lumajang, lumajangEntry(...done), claim('pengiriman_surat', 'sekdis-lumajang'));
    expect(decision.outcome).toBe('record');
    expect(decision.outcome === 'record' && 'standard_s' in decision.approval).toBe(false);
  });

  test('the step may be named by its SOP row', () => {
    const decision = decideStep(lumajang, lumajangEntry(), claim('7', 'admin-server-lmj'));
    expect(decision.outcome === 'record' && decision.approval.step).toBe('laporan_admin');
    expect(findStep(lumajang, 'LAPORAN_ADMIN')?.id).toBe('laporan_admin');
  });

  test('unknown step: refused', () => {
    const decision = decideStep(lumajang, lumajangEntry(), claim('penyerahan', 'admin-server-lmj'));
    expect(codes(decision)).toEqual(['step/unknown']);
  });

  test('a before-merge approval step cannot be recorded by command', () => {
    const decision = decideStep(lumajang, lumajangEntry(), claim('pembuatan', 'admin-server-lmj'));
    expect(codes(decision)).toEqual(['step/not-after-merge']);
  });

  test('the applicant never takes a step, even holding the role', () => {
    const decision = decideStep(lumajang, lumajangEntry(), claim('laporan_admin', 'admin-server-lmj', { applicants: ['Admin-Server-LMJ'] }));
    expect(codes(decision)).toEqual(['step/applicant']);
  });

  test('someone who holds none of the step’s roles is refused', () => {
    const decision = decideStep(lumajang, lumajangEntry(), claim('laporan_admin', 'kabid-aptika-lmj'));
    expect(codes(decision)).toEqual(['step/no-role']);
  });

  test('an active member of a role’s team holds the role; a pending invitation does not', () => {
    const entry = lumajangEntry({ step: 'laporan_admin', role: 'administrator_server', by: 'admin-server-lmj', at: '2026-11-17T02:50:00Z' });
    const active = decideStep(lumajang, entry, claim('penerimaan_laporan', 'staf-spbe', { memberships: { 'pemkab-lumajang/ppi-spbe': { 'staf-spbe': 'active' } } }));
    expect(active.outcome === 'record' && active.approval.role).toBe('kasi_ppi_spbe');
    const pending = decideStep(lumajang, entry, claim('penerimaan_laporan', 'staf-spbe', { memberships: { 'pemkab-lumajang/ppi-spbe': { 'staf-spbe': 'pending' } } }));
    expect(codes(pending)).toEqual(['step/no-role']);
  });

  test('one person, one role per request: someone who took a role before merge cannot take a step of another role', () => {
    // pejabat-rangkap holds both Kepala Dinas and Sekretaris Dinas, and disposed as Kepala Dinas.
    const done = ['laporan_admin', 'penerimaan_laporan', 'draft_pemberitahuan', 'penerimaan_draft_kabid', 'penandatanganan'].map((step) => ({ step, by: 'x', at: '2026-11-17T02:40:00Z' }));
    const decision = decideStep(lumajang, lumajangEntry(...done), claim('pengiriman_surat', 'pejabat-rangkap'));
    expect(codes(decision)).toEqual(['step/one-role']);
  });

  test('one person, one role per request: an OR step is taken under the role already held in the request', () => {
    const done = ['laporan_admin', 'penerimaan_laporan', 'draft_pemberitahuan', 'penerimaan_draft_kabid'].map((step) => ({ step, by: 'x', at: '2026-11-17T02:40:00Z' }));
    const decision = decideStep(lumajang, lumajangEntry(...done), claim('penandatanganan', 'pejabat-rangkap'));
    expect(decision.outcome === 'record' && decision.approval.role).toBe('kepala_dinas');
  });

  test('one person, one role per request: the role of an older entry without `role` comes from its step', () => {
    expect(boundRole(lumajang, [{ step: 'disposisi_kabid', by: 'Kabid-Aptika-LMJ', at: AT }], 'kabid-aptika-lmj')).toBe('kabid_aptika');
    expect(boundRole(lumajang, [{ step: 'disposisi_pimpinan', by: 'pejabat-rangkap', at: AT }], 'pejabat-rangkap')).toBeUndefined();
  });

  test('a role taken at several SOP rows is taken again by the same person (the Kasi at rows 5, 8 and 9)', () => {
    const entry = lumajangEntry(
      { step: 'laporan_admin', role: 'administrator_server', by: 'admin-server-lmj', at: '2026-11-17T02:40:00Z' },
      { step: 'penerimaan_laporan', role: 'kasi_ppi_spbe', by: 'kasi-spbe-lmj', at: '2026-11-17T02:45:00Z' },
    );
    const decision = decideStep(lumajang, entry, claim('draft_pemberitahuan', 'kasi-spbe-lmj'));
    expect(decision.outcome).toBe('record');
  });

  test('strict order: the earlier after-merge steps must be recorded first', () => {
    const decision = decideStep(lumajang, lumajangEntry(), claim('penerimaan_laporan', 'kasi-spbe-lmj'));
    expect(codes(decision)).toEqual(['step/order']);
    expect(decision.outcome === 'refuse' && decision.refusals[0]!.message.en).toContain('`laporan_admin`');
  });

  test('order: any lets an after-merge step be recorded out of order', () => {
    const any = policyOf('lumajang', (text) => `${text}\norder: any\n`);
    expect(decideStep(any, lumajangEntry(), claim('penerimaan_laporan', 'kasi-spbe-lmj')).outcome).toBe('record');
  });

  test('a step already recorded is refused, naming who recorded it', () => {
    const entry = lumajangEntry({ step: 'laporan_admin', role: 'administrator_server', by: 'admin-server-lmj', at: '2026-11-17T02:40:00Z' });
    const decision = decideStep(lumajang, entry, claim('laporan_admin', 'admin-server-lmj'));
    expect(codes(decision)).toEqual(['step/recorded']);
    expect(decision.outcome === 'refuse' && decision.refusals[0]!.message.id).toContain('@admin-server-lmj');
  });

  test('the same comment seen again (a re-run) is "already", not a second record', () => {
    const entry = lumajangEntry({ step: 'laporan_admin', role: 'administrator_server', by: 'admin-server-lmj', at: AT });
    expect(decideStep(lumajang, entry, claim('laporan_admin', 'Admin-Server-LMJ')).outcome).toBe('already');
  });

  test('every broken rule is reported at once', () => {
    const decision = decideStep(lumajang, lumajangEntry(), claim('penerimaan_laporan', 'staf-dpmptsp'));
    expect(codes(decision)).toEqual(['step/applicant', 'step/no-role', 'step/order']);
  });

  test('Bekasi: the Kasi hands over the address (SOP row 5) after creation', () => {
    const bekasi = policyOf('bekasi');
    const entry = requestAt(registerOf('bekasi', 'sehat.bekasikota.go.id'));
    const decision = decideStep(bekasi, entry, { step: 'penyerahan', by: 'kasi-egov', at: '2026-11-17T03:32:00Z', applicants: ['staf-dinkes'], memberships: {} });
    expect(decision.outcome === 'record' && decision.approval).toMatchObject({ role: 'kasi_pengembangan', elapsed_s: 12 * 60, standard_s: 600 });
  });
});
