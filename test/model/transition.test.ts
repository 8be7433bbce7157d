import { requestTransition } from '../../src/model/transition.js';
import type { RegisterEntry, SubdomainRequest } from '../../src/schema/types.gen.js';

const contact = { name: 'Andi Prasetyo', nip: '199001152015031002', email: 'andi@contohkota.go.id', phone: '081234567890' };
const letter = { number: '400.7/1021/Dinkes', date: '2026-11-18', signer: { name: 'dr. Tanti', nip: '197205031999032004', position: 'Kepala Dinas' } };
const registered: RegisterEntry = {
  opd: 'bapenda', purpose: 'Portal pajak daerah.', contact,
  records: [{ type: 'A', value: '103.122.6.10' }],
  history: [{ action: 'create', letter, pull_request: 3, applied_at: '2025-01-01T00:00:00Z', commit: 'a'.repeat(40) }],
};
const request = (over: Partial<SubdomainRequest>): SubdomainRequest => ({ action: 'update', opd: 'bapenda', letter, purpose: 'Portal pajak daerah, versi baru.', contact, ...over });
const fqdn = 'pajak.contohkota.go.id';

describe('requestTransition', () => {
  it('creates a free name from the request', () => {
    const t = requestTransition(fqdn, undefined, request({ action: 'create', records: [{ type: 'A', value: '103.122.6.11' }] }));
    expect(t).toMatchObject({ ok: true, kind: 'create', opd: 'bapenda', needsMaintainers: false, after: { records: [{ type: 'A', value: '103.122.6.11' }] } });
  });

  it('refuses to create a registered name (owner/name-taken)', () => {
    const t = requestTransition(fqdn, registered, request({ action: 'create' }));
    expect(t.ok).toBe(false);
    expect(t.problems.map((p) => [p.rule, p.severity, p.field])).toEqual([['owner/name-taken', 'error', 'action']]);
  });

  it('refuses to update or delete a name that is not registered (owner/not-registered)', () => {
    for (const action of ['update', 'delete'] as const) {
      expect(requestTransition(fqdn, undefined, request({ action })).problems.map((p) => p.rule)).toEqual(['owner/not-registered']);
    }
  });

  it('fails closed when the register entry cannot be read (owner/register-unreadable)', () => {
    for (const action of ['create', 'update', 'delete'] as const) {
      const t = requestTransition(fqdn, 'unreadable', request({ action }));
      expect(t.ok).toBe(false);
      expect(t.problems.map((p) => p.rule)).toEqual(['owner/register-unreadable']);
    }
  });

  it('keeps the registered records when an update names neither records nor hosting', () => {
    const t = requestTransition(fqdn, registered, request({ purpose: 'Hanya kontak yang berubah.' }));
    expect(t).toMatchObject({ ok: true, kind: 'update', needsMaintainers: false, after: { purpose: 'Hanya kontak yang berubah.', records: registered.records } });
  });

  it('replaces records with hosting when the update asks for hosting', () => {
    const t = requestTransition(fqdn, registered, request({ hosting: true }));
    expect(t.ok && t.after).toEqual({ opd: 'bapenda', purpose: 'Portal pajak daerah, versi baru.', contact, hosting: true });
  });

  it('makes an update by another OPD a transfer that needs the maintainers, with the entry moving to that OPD', () => {
    const t = requestTransition(fqdn, registered, request({ opd: 'dinkes' }));
    expect(t).toMatchObject({ ok: true, kind: 'transfer', opd: 'dinkes', previousOpd: 'bapenda', needsMaintainers: true, after: { opd: 'dinkes', records: registered.records } });
    expect(t.problems.map((p) => [p.rule, p.severity])).toEqual([['owner/not-owner', 'warning']]);
  });

  it('lets another OPD delete only with the maintainers', () => {
    const own = requestTransition(fqdn, registered, request({ action: 'delete' }));
    const foreign = requestTransition(fqdn, registered, request({ action: 'delete', opd: 'dinkes' }));
    expect(own).toMatchObject({ ok: true, kind: 'delete', needsMaintainers: false });
    expect(foreign).toMatchObject({ ok: true, kind: 'delete', needsMaintainers: true, previousOpd: 'bapenda' });
  });
});
