import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { loadRegister } from '../../src/report/load.js';
import { computeReport, quantile, reportPolicy, sinceInstant, type MutuBakuReport, type StepSummary } from '../../src/report/mutu-baku.js';
import { toJson } from '../../src/report/render.js';
import { WorkingTree } from '../../src/repo/tree.js';

const DEMAK = fileURLToPath(new URL('./fixtures/demak/', import.meta.url));
const OFFICE = fileURLToPath(new URL('../fixtures/office/', import.meta.url));
const ADDITIONS = fileURLToPath(new URL('./fixtures/office-additions/subdomains/', import.meta.url));

afterAll(cleanupTemps);

/** Bekasi's reference register plus an imported entry, re-confirmations and a step without a standard. */
function officeWithAdditions() {
  const dir = tempCopy(OFFICE);
  cpSync(ADDITIONS, join(dir, 'subdomains'), { recursive: true });
  const tree = new WorkingTree(dir);
  const policy = loadPolicy(tree);
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  const register = loadRegister(tree);
  expect(register.problems).toEqual([]);
  return { policy: reportPolicy(policy.policy), items: register.items };
}

function demak() {
  const tree = new WorkingTree(DEMAK);
  const policy = loadPolicy(tree);
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  const register = loadRegister(tree);
  expect(register.problems).toEqual([]);
  return { policy: reportPolicy(policy.policy), items: register.items };
}

function step(report: MutuBakuReport, id: string): StepSummary {
  const found = report.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

describe('quantiles', () => {
  test('the median of an even count is the mean of the middle two; p90 interpolates between ranks', () => {
    expect(quantile([420, 600, 960, 1800], 0.5)).toBe(780);
    expect(quantile([420, 600, 960, 1800], 0.9)).toBe(1548);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([], 0.5)).toBeUndefined();
  });

  test('order of the input does not matter', () => {
    expect(quantile([1800, 420, 960, 600], 0.5)).toBe(780);
  });
});

describe('--since dates', () => {
  test('a plain date is midnight in Jakarta (WIB)', () => {
    expect(sinceInstant('2026-03-01')).toBe('2026-02-28T17:00:00.000Z');
    expect(sinceInstant('2026-03-01T00:00:00Z')).toBe('2026-03-01T00:00:00.000Z');
  });
  test('anything else is refused', () => {
    expect(sinceInstant('1 March 2026')).toBeUndefined();
    expect(sinceInstant('2026-13-45')).toBeUndefined();
    expect(sinceInstant('')).toBeUndefined();
  });
});

describe('Mutu Baku on the Demak fixture register', () => {
  test('policy steps come in SOP order with their standards; steps only in the history come last', () => {
    const { policy, items } = demak();
    const report = computeReport(policy, items);
    expect(report.steps.map((s) => [s.id, s.standardS, s.inPolicy])).toEqual([
      ['penerimaan_mipp', 300, true],
      ['disposisi_kadis', 600, true],
      ['disposisi_sekretaris', 600, true],
      ['disposisi_kabid', 600, true],
      ['analisa_subkoor', 1800, true],
      ['pembuatan', 1800, true],
      ['surat_akun', 86400, true],
      ['verifikasi_lama', 300, false],
    ]);
    expect(step(report, 'verifikasi_lama').title).toBe('Verifikasi berkas (SOP lama)');
  });

  test('median, p90 and late counts per step, mixing recorded and computed durations', () => {
    const report = computeReport(demak().policy, demak().items);
    const pick = (id: string) => {
      const s = step(report, id);
      return { count: s.count, median: s.medianS, p90: s.p90S, max: s.maxS, late: s.late };
    };
    // 240 (computed from opened_at), 180 (recorded), 300 (sorted by time), pajak's unknown (no opened_at).
    expect(pick('penerimaan_mipp')).toEqual({ count: 3, median: 240, p90: 288, max: 300, late: 0 });
    expect(pick('disposisi_kadis')).toEqual({ count: 4, median: 780, p90: 1548, max: 1800, late: 2 });
    expect(pick('disposisi_sekretaris')).toEqual({ count: 2, median: 840, p90: 1128, max: 1200, late: 1 });
    expect(pick('disposisi_kabid')).toEqual({ count: 2, median: 390, p90: 414, max: 420, late: 0 });
    expect(pick('analisa_subkoor')).toEqual({ count: 2, median: 1470, p90: 1494, max: 1500, late: 0 });
    expect(pick('pembuatan')).toEqual({ count: 2, median: 1800, p90: 2280, max: 2400, late: 1 });
    expect(pick('surat_akun')).toEqual({ count: 0, median: undefined, p90: undefined, max: undefined, late: 0 });
    expect(pick('verifikasi_lama')).toEqual({ count: 1, median: 600, p90: 600, max: 600, late: 1 });
  });

  test('a step exactly at its standard is on time', () => {
    const report = computeReport(demak().policy, demak().items);
    const update = report.requests.find((r) => r.pullRequest === 9)!;
    expect(update.steps.map((s) => [s.step, s.elapsedS, s.elapsedSource, s.late])).toEqual([
      ['penerimaan_mipp', 300, 'computed', false],
      ['disposisi_kadis', 600, 'computed', false],
    ]);
  });

  test('late steps are listed newest first with how much they ran over', () => {
    const report = computeReport(demak().policy, demak().items);
    expect(report.lateSteps.map((l) => [l.fqdn, l.pullRequest, l.step, l.by, l.elapsedS, l.standardS, l.overS])).toEqual([
      ['pajak.demakkab.go.id', 11, 'verifikasi_lama', 'subkoor-spa', 600, 300, 300],
      ['pajak.demakkab.go.id', 11, 'disposisi_kadis', 'kadis-demak', 1800, 600, 1200],
      ['disdik.demakkab.go.id', 6, 'disposisi_sekretaris', 'sekdis-demak', 1200, 600, 600],
      ['sehat.demakkab.go.id', 4, 'pembuatan', 'pranata-demak', 2400, 1800, 600],
      ['sehat.demakkab.go.id', 4, 'disposisi_kadis', 'kadis-demak', 960, 600, 360],
    ]);
  });

  test("whole-service time from opened_at to applied_at against Demak's 7 days", () => {
    const report = computeReport(demak().policy, demak().items);
    expect(report.total).toMatchObject({ limitS: 7 * 86400, count: 3, medianS: 6600, p90S: 558600, maxS: 696600, late: 1 });
    expect(report.total.lateRequests.map((r) => [r.fqdn, r.pullRequest, r.totalS])).toEqual([['disdik.demakkab.go.id', 6, 696600]]);
    const pajak = report.requests.find((r) => r.fqdn === 'pajak.demakkab.go.id')!;
    expect(pajak.totalS).toBeUndefined();
    expect(pajak.late).toBe(false);
    expect(pajak.steps[0]!.elapsedSource).toBe('unknown');
  });

  test('--since keeps only requests applied from that instant on', () => {
    const { policy, items } = demak();
    const report = computeReport(policy, items, { since: sinceInstant('2026-03-01')! });
    expect(report.requests.map((r) => r.pullRequest)).toEqual([9, 11]);
    expect(step(report, 'penerimaan_mipp')).toMatchObject({ count: 1, medianS: 300 });
    expect(step(report, 'disposisi_kadis')).toMatchObject({ count: 2, medianS: 1200, late: 1 });
    expect(report.total).toMatchObject({ count: 1, medianS: 3600, late: 0 });
  });

  test('a policy without a total limit reports no late requests', () => {
    const { policy, items } = demak();
    const { totalLimitS: _limit, ...withoutLimit } = policy;
    const report = computeReport(withoutLimit, items);
    expect(report.total.limitS).toBeUndefined();
    expect(report.total.late).toBe(0);
    expect(report.total.medianS).toBe(6600);
  });

  test('an empty register gives an empty report, not an error', () => {
    const report = computeReport(demak().policy, []);
    expect(report.requests).toEqual([]);
    expect(report.steps.every((s) => s.count === 0)).toBe(true);
    expect(report.total).toMatchObject({ count: 0, late: 0 });
  });
});

describe('what the headline measures', () => {
  test('imports and confirmations are never measured requests; a request re-confirmed later is measured once', () => {
    const { policy, items } = officeWithAdditions();
    expect(items.map((i) => i.fqdn)).toContain('arsip.bekasikota.go.id');
    const report = computeReport(policy, items);
    expect(report.requests.map((r) => [r.fqdn, r.pullRequest])).toEqual([
      ['pasar.bekasikota.go.id', 1],
      ['disdik.bekasikota.go.id', 3],
      ['ppdb.disdik.bekasikota.go.id', 7],
      ['pajak.bekasikota.go.id', 12],
      ['kios.bekasikota.go.id', 41],
    ]);
    expect(toJson(report).requests_measured).toBe(5);
  });

  test('only steps with a time standard count towards "within the time standard"', () => {
    const { policy, items } = officeWithAdditions();
    const report = computeReport(policy, items);
    // Five requests, four SOP steps each with a standard; kios's old verification step has none.
    const old = step(report, 'verifikasi_lama');
    expect(old).toMatchObject({ count: 1, medianS: 7200, late: 0, inPolicy: false });
    expect(old.standardS).toBeUndefined();
    const withStandard = report.steps.filter((s) => s.standardS !== undefined).reduce((n, s) => n + s.count, 0);
    expect(withStandard).toBe(20);
    // 12 of 20 within the standard (60%); counting the step without one would say 13 of 21.
    expect(report.standardSteps).toEqual({ count: 20, late: 8 });
    expect(toJson(report).steps_with_standard).toEqual(report.standardSteps);
  });

  test('a step with a duration but no standard is neither on time nor late; one without a duration is not measured', () => {
    const { policy, items } = demak();
    const report = computeReport(policy, items);
    // pajak's first step has no duration (no opened_at): it is left out, though it has a standard.
    const all = report.requests.flatMap((r) => r.steps);
    expect(all.some((s) => s.elapsedS === undefined && s.standardS !== undefined)).toBe(true);
    expect(report.standardSteps.count).toBe(all.filter((s) => s.elapsedS !== undefined && s.standardS !== undefined).length);
    expect(report.standardSteps.late).toBe(report.lateSteps.length);
  });
});
