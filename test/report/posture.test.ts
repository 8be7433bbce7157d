import { CERTIFICATE_WINDOW_DAYS, computePosture, incidentRecords, type OpdPosture, type PostureInput } from '../../src/report/posture.js';
import { WATCH_DEFAULTS } from '../../src/watch/watch.js';
import { sinceInstant } from '../../src/report/mutu-baku.js';
import { issueSnapshots, NOW, officeInputs, watchFixture } from './posture-support.js';

const { policy, items } = officeInputs();
const SINCE = sinceInstant('2026-01-01')!;
const H = 3600;

function posture(extra: Partial<PostureInput> = {}) {
  return computePosture({ policy, items, now: new Date(NOW), watch: watchFixture(), incidents: incidentRecords(issueSnapshots()), since: SINCE, ...extra });
}
const opd = (report: { opds: OpdPosture[] }, key: string | undefined) => report.opds.find((o) => o.key === key)!;

describe('computePosture', () => {
  test('counts subdomains and confirmed, due and overdue per OPD, with OPDs that have none', () => {
    const report = posture();
    expect(report.opds.map((o) => [o.key, o.subdomains, o.confirmation])).toEqual([
      ['dinkes', 2, { ok: 1, due: 1, overdue: 0 }],
      ['disdik', 2, { ok: 1, due: 0, overdue: 1 }],
      ['bppkad', 1, { ok: 1, due: 0, overdue: 0 }],
      ['dinsos', 1, { ok: 1, due: 0, overdue: 0 }],
      ['dispar', 0, { ok: 0, due: 0, overdue: 0 }],
      [undefined, 0, { ok: 0, due: 0, overdue: 0 }],
    ]);
    expect(report.total.subdomains).toBe(6);
    expect(report.total.confirmation).toEqual({ ok: 4, due: 1, overdue: 1 });
    expect(report.confirmations.map((c) => [c.fqdn, c.state])).toEqual([
      ['puskesmas.demakkab.go.id', 'due'],
      ['sekolah.demakkab.go.id', 'overdue'],
    ]);
  });

  test('measures the response time of incidents opened in the period against 2×24 hours', () => {
    const report = posture();
    expect(report.incidentLimitS).toBe(48 * H);
    const rows = Object.fromEntries(report.incidentRows!.map((r) => [r.number, r]));
    // #2 was opened and closed before the period; #10 is a person's issue; #12 has no marker.
    expect(Object.keys(rows).map(Number)).toEqual([3, 4, 5, 8, 9, 11]);
    expect(rows[3]).toMatchObject({ fqdn: 'sehat.demakkab.go.id', opd: 'dinkes', responseS: 28 * H, withinStandard: true });
    expect(rows[4]).toMatchObject({ fqdn: 'lama.demakkab.go.id', responseS: 36 * H, withinStandard: true });
    expect(rows[4]!.opd).toBeUndefined();
    expect(rows[5]).toMatchObject({ opd: 'disdik', responseS: 96 * H, withinStandard: false, kinds: ['reconfirm/overdue'] });
    // No state block: the incident began when the issue was opened.
    expect(rows[11]).toMatchObject({ opened: '2026-09-01T00:00:00Z', responseS: 6 * H, withinStandard: true });
    expect(opd(report, 'dinkes').incidents).toEqual({ opened: 2, closedWithin: 2, closedOver: 0, open: 0, openOver: 0 });
    expect(opd(report, 'disdik').incidents).toEqual({ opened: 1, closedWithin: 0, closedOver: 1, open: 0, openOver: 0 });
    expect(opd(report, undefined).incidents).toEqual({ opened: 1, closedWithin: 1, closedOver: 0, open: 0, openOver: 0 });
    expect(report.total.incidents).toEqual({ opened: 6, closedWithin: 3, closedOver: 1, open: 2, openOver: 1 });
  });

  test('gives open incidents their age, over the standard once 48 hours have passed', () => {
    const report = posture();
    const open = report.incidentRows!.filter((r) => r.closed === undefined);
    expect(open.map((r) => [r.number, r.ageS, r.withinStandard])).toEqual([
      [9, (14 * 24 + 3) * H, false],
      [8, 27 * H, true],
    ]);
    expect(opd(report, 'dinsos').incidents).toMatchObject({ open: 1, openOver: 1 });
    expect(opd(report, 'bppkad').incidents).toMatchObject({ open: 1, openOver: 0 });
    // An incident still open from before the period is listed, but not counted as opened in it.
    const later = posture({ since: sinceInstant('2026-11-15')! });
    expect(later.incidentRows!.map((r) => [r.number, r.inPeriod])).toEqual([[9, false], [8, true]]);
    expect(later.total.incidents).toEqual({ opened: 1, closedWithin: 0, closedOver: 0, open: 2, openOver: 1 });
  });

  test('without --since every incident counts, and the policy time standard is used', () => {
    const all = posture({ since: undefined });
    expect(all.incidentRows!.find((r) => r.number === 2)).toMatchObject({ responseS: 24 * H, withinStandard: true, inPeriod: true });
    expect(opd(all, 'disdik').incidents).toMatchObject({ opened: 2, closedWithin: 1, closedOver: 1 });
    const strict = posture({ policy: { ...policy, watch: { ...policy.watch, incident_limit: '1d' } } });
    expect(strict.incidentLimitS).toBe(24 * H);
    expect(strict.total.incidents).toMatchObject({ closedWithin: 1, closedOver: 3, openOver: 2 });
    // No incident_limit in the policy: the incident planner's default, 2×24 hours.
    const none = posture({ policy: { ...policy, watch: {} } });
    expect(none.incidentLimitS).toBe(48 * H);
  });

  test('lists certificates ending within 30 days from the watch evidence, expired ones first', () => {
    const report = posture();
    expect(report.certificates).toEqual([
      { fqdn: 'pajak.demakkab.go.id', opd: 'bppkad', kind: 'web/certificate-invalid', validUntil: '2026-11-20', daysLeft: -4 },
      { fqdn: 'ppdb.demakkab.go.id', opd: 'disdik', kind: 'web/certificate-expiring', validUntil: '2026-12-06', daysLeft: 12 },
    ]);
    // puskesmas: invalid, but valid until May 2027: not "about to expire".
    expect(opd(report, 'dinkes').certificates).toBe(0);
    expect(report.total.certificates).toBe(2);
  });

  test('lists certificates within the watch’s own window, from the watch’s certificate facts when it wrote them', () => {
    expect(CERTIFICATE_WINDOW_DAYS).toBe(WATCH_DEFAULTS.certificateDays);
    expect(posture().certificateWindowDays).toBe(WATCH_DEFAULTS.certificateDays);
    const watch = watchFixture();
    const ppdb = watch.findings.find((f) => f.name === 'ppdb.demakkab.go.id')!;
    // What the watch now reports at 25 days left (it said nothing under the old 21-day window).
    Object.assign(ppdb, { evidence: [{ where: 'https://ppdb.demakkab.go.id/ TLS', seen: '(R11)' }], certificate: { validUntil: '2026-12-19', daysLeft: 25 } });
    const report = posture({ watch });
    expect(report.certificates).toContainEqual({ fqdn: 'ppdb.demakkab.go.id', opd: 'disdik', kind: 'web/certificate-expiring', validUntil: '2026-12-19', daysLeft: 25 });
  });

  test('counts confidential findings by severity but keeps none of their details', () => {
    const report = posture();
    expect(opd(report, 'dinkes').findings).toEqual({ total: 2, bySeverity: { critical: 1, high: 1, medium: 0, low: 0, info: 0 }, needsAttention: 1 });
    expect(opd(report, undefined).findings).toEqual({ total: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 }, needsAttention: 1 });
    expect(report.total.findings).toEqual({ total: 8, bySeverity: { critical: 2, high: 4, medium: 1, low: 1, info: 0 }, needsAttention: 3 });
    const confidential = report.findings!.filter((f) => f.confidential);
    expect(confidential).toEqual([
      { fqdn: 'sehat.demakkab.go.id', opd: 'dinkes', severity: 'critical', confidential: true },
      { fqdn: 'sekolah.demakkab.go.id', opd: 'disdik', severity: 'critical', confidential: true },
      { fqdn: 'lama.demakkab.go.id', severity: 'high', confidential: true },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/azurewebsites|herokuapp|NXDOMAIN|gacor|judi|gambling|takeover|dangling/i);
  });

  test('states missing inputs as not checked, never as zero', () => {
    const report = computePosture({ policy, items, now: new Date(NOW) });
    expect(report.watch).toEqual({ checked: false, reason: expect.objectContaining({ en: 'no watch result given' }) });
    expect(report.incidents).toMatchObject({ checked: false });
    expect(report.findings).toBeUndefined();
    expect(report.certificates).toBeUndefined();
    expect(report.incidentRows).toBeUndefined();
    for (const row of [...report.opds, report.total]) {
      expect(row.findings).toBeUndefined();
      expect(row.incidents).toBeUndefined();
      expect(row.certificates).toBeUndefined();
    }
    // The register is always read: its counts stay.
    expect(report.total.subdomains).toBe(6);
    const why = computePosture({ policy, items, now: new Date(NOW), notChecked: { incidents: { id: 'GITHUB_TOKEN tidak ada', en: 'GITHUB_TOKEN is not set' } } });
    expect(why.incidents).toEqual({ checked: false, reason: { id: 'GITHUB_TOKEN tidak ada', en: 'GITHUB_TOKEN is not set' } });
    // An empty list is a real zero: the issues were read and there were none.
    const none = computePosture({ policy, items, now: new Date(NOW), incidents: [] });
    expect(none.total.incidents).toEqual({ opened: 0, closedWithin: 0, closedOver: 0, open: 0, openOver: 0 });
  });

  test('says when the watch did not cover the whole register', () => {
    const partial = posture({ watch: { ...watchFixture(), names: 4 } });
    expect(partial.watch).toMatchObject({ checked: true, names: 4, registered: 6, complete: false });
    expect(posture().watch).toMatchObject({ checked: true, checkedAt: '2026-11-24T02:30:00.000Z', names: 7, complete: true });
  });
});

describe('incidentRecords', () => {
  test('keeps only bot issues with our marker; opened from the state block, else the issue creation', () => {
    const records = incidentRecords(issueSnapshots());
    expect(records.map((r) => r.number)).toEqual([2, 3, 4, 5, 8, 9, 11]);
    expect(records.find((r) => r.number === 3)).toEqual({ fqdn: 'sehat.demakkab.go.id', number: 3, opened: '2026-03-10T01:00:00Z', closed: '2026-03-11T05:00:00Z', kinds: [] });
    expect(records.find((r) => r.number === 8)).toEqual({ fqdn: 'pajak.demakkab.go.id', number: 8, opened: '2026-11-23T00:00:00Z', kinds: ['web/certificate-invalid'] });
  });
});
