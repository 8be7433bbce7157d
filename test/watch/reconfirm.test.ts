import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../src/repo/load.js';
import type { RegisterItem } from '../../src/report/mutu-baku.js';
import type { ConfirmHistoryEntry, RegisterEntry } from '../../src/schema/types.gen.js';
import { confirmationStatus, nextDueAt, readReconfirmMarker, reconfirmMarker, reconfirmSchedule } from '../../src/watch/reconfirm.js';

const SUBDOMAINS = join(import.meta.dirname, 'fixtures', 'reconfirm', 'office', 'subdomains');
const DAY = 86_400_000;

/** The fixture register: sehat (created 2025-11-17T03:25Z), pajak (confirmed 2025-10-01T02:00Z), arsip (imported, applied 2024-12-03T03:00Z). */
function register(): RegisterItem[] {
  return readdirSync(SUBDOMAINS).sort().map((name) => {
    const loaded = parseFile(`subdomains/${name}`, readFileSync(join(SUBDOMAINS, name)), 'register');
    if (!loaded.ok) throw new Error(`${name}: ${JSON.stringify(loaded.problems)}`);
    return { fqdn: name.slice(0, -'.yaml'.length), entry: loaded.value };
  });
}

const item = (fqdn: string) => register().find((i) => i.fqdn === fqdn)!;
const stateAt = (it: RegisterItem, now: string, policy = {}) => confirmationStatus([it], policy, new Date(now))[0]!.state;
const confirmed = (at: string, extra: Partial<ConfirmHistoryEntry> = {}): ConfirmHistoryEntry => ({ action: 'confirm', by: 'staf-dinkes', at, ...extra });
const withHistory = (it: RegisterItem, ...more: RegisterEntry['history']): RegisterItem => ({ ...it, entry: { ...it.entry, history: [...it.entry.history, ...more] } });

describe('confirmationStatus', () => {
  test('creation counts: an entry never confirmed is due a year after it was applied', () => {
    const [status] = confirmationStatus([item('sehat.bekasikota.go.id')], {}, new Date('2026-06-01T00:00:00Z'));
    expect(status).toEqual({
      fqdn: 'sehat.bekasikota.go.id',
      opd: 'dinkes',
      lastConfirmed: '2025-11-17T03:25:00Z',
      dueAt: '2026-11-17T03:25:00.000Z',
      graceEndsAt: '2026-12-17T03:25:00.000Z',
      state: 'ok',
    });
  });

  test('a confirm entry counts from its own time', () => {
    const [status] = confirmationStatus([item('pajak.bekasikota.go.id')], {}, new Date('2026-06-01T00:00:00Z'));
    expect(status).toMatchObject({ lastConfirmed: '2025-10-01T02:00:00Z', dueAt: '2026-10-01T02:00:00.000Z', state: 'ok' });
  });

  test('an imported entry counts from its apply (its import time while pending)', () => {
    const arsip = item('arsip.bekasikota.go.id');
    expect(confirmationStatus([arsip], {}, new Date('2025-01-01T00:00:00Z'))[0]!.lastConfirmed).toBe('2024-12-03T03:00:00Z');
    const history = arsip.entry.history.map((h) => (h.action === 'import' ? { action: h.action, source: h.source, imported_at: h.imported_at, imported_by: h.imported_by, records: h.records } : h));
    expect(confirmationStatus([{ ...arsip, entry: { ...arsip.entry, history } }], {}, new Date('2025-01-01T00:00:00Z'))[0]!.lastConfirmed).toBe('2024-12-02T03:00:00Z');
  });

  test('the newest of confirmations and changes counts, whatever their order in the file', () => {
    const sehat = item('sehat.bekasikota.go.id');
    expect(confirmationStatus([withHistory(sehat, confirmed('2026-03-01T00:00:00Z'), confirmed('2026-02-01T00:00:00Z'))], {}, new Date('2026-04-01T00:00:00Z'))[0]!.lastConfirmed).toBe('2026-03-01T00:00:00Z');
    expect(confirmationStatus([withHistory(sehat, confirmed('2025-01-01T00:00:00Z'))], {}, new Date('2026-04-01T00:00:00Z'))[0]!.lastConfirmed).toBe('2025-11-17T03:25:00Z');
  });

  test('due exactly at dueAt, overdue exactly at graceEndsAt', () => {
    const sehat = item('sehat.bekasikota.go.id');
    const due = Date.parse('2026-11-17T03:25:00Z');
    const at = (ms: number) => new Date(ms).toISOString();
    expect(stateAt(sehat, at(due - 1))).toBe('ok');
    expect(stateAt(sehat, at(due))).toBe('due');
    expect(stateAt(sehat, at(due + 30 * DAY - 1))).toBe('due');
    expect(stateAt(sehat, at(due + 30 * DAY))).toBe('overdue');
  });

  test('the policy’s durations replace the defaults (365d and 30d)', () => {
    expect(reconfirmSchedule({})).toEqual({ everyS: 365 * 86_400, graceS: 30 * 86_400 });
    expect(reconfirmSchedule({ watch: {} })).toEqual({ everyS: 365 * 86_400, graceS: 30 * 86_400 });
    const policy = { watch: { reconfirm_every: '180d', reconfirm_grace: '12h' } };
    const [status] = confirmationStatus([item('sehat.bekasikota.go.id')], policy, new Date('2026-05-16T12:00:00Z'));
    expect(status).toMatchObject({ dueAt: '2026-05-16T03:25:00.000Z', graceEndsAt: '2026-05-16T15:25:00.000Z', state: 'due' });
    expect(stateAt(item('sehat.bekasikota.go.id'), '2026-05-16T15:25:00Z', policy)).toBe('overdue');
  });

  test('every entry, in name order, with its OPD', () => {
    const all = confirmationStatus(register().reverse(), {}, new Date('2026-11-24T03:00:00Z'));
    expect(all.map((s) => [s.fqdn, s.opd, s.state])).toEqual([
      ['arsip.bekasikota.go.id', 'dinkes', 'overdue'],
      ['pajak.bekasikota.go.id', 'bapenda', 'overdue'],
      ['sehat.bekasikota.go.id', 'dinkes', 'due'],
    ]);
  });

  test('the next confirmation after one made now', () => {
    expect(nextDueAt('2026-11-20T02:30:00Z', {})).toBe('2027-11-20T02:30:00.000Z');
    expect(nextDueAt('not a time', {})).toBeUndefined();
  });
});

describe('the re-confirmation issue’s marker', () => {
  test('made and read back', () => {
    expect(reconfirmMarker('sehat.bekasikota.go.id')).toBe('<!-- subdomain-reconfirm:sehat.bekasikota.go.id -->');
    expect(readReconfirmMarker(`Mohon konfirmasi.\n\n${reconfirmMarker('sehat.bekasikota.go.id')}\n`)).toBe('sehat.bekasikota.go.id');
    expect(readReconfirmMarker(`${reconfirmMarker('sehat.bekasikota.go.id')} … ${reconfirmMarker('sehat.bekasikota.go.id')}`)).toBe('sehat.bekasikota.go.id');
  });

  test('no marker, two different markers, or a value that is not a lowercase domain name read as none', () => {
    for (const body of [
      '', 'Mohon konfirmasi.', '<!-- subdomain-reconfirm: -->',
      `${reconfirmMarker('sehat.bekasikota.go.id')}\n${reconfirmMarker('pajak.bekasikota.go.id')}`,
      '<!-- subdomain-reconfirm:../../.github/sop -->', '<!-- subdomain-reconfirm:Sehat.bekasikota.go.id -->',
      '<!-- subdomain-reconfirm:sehat -->', '<!-- subdomain-reconfirm:sehat.bekasikota.go.id/x -->', '<!-- subdomain-reconfirm:-x.bekasikota.go.id -->',
    ]) expect(readReconfirmMarker(body)).toBeUndefined();
    expect(readReconfirmMarker(null)).toBeUndefined();
    expect(readReconfirmMarker(undefined)).toBeUndefined();
  });

  test('a name that would break out of the HTML comment is refused when making one', () => {
    expect(() => reconfirmMarker('x --> <img src=x>')).toThrow(/not a domain name/);
    expect(() => reconfirmMarker('../sop')).toThrow(/not a domain name/);
  });
});
