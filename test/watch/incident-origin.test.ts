import { join } from 'node:path';
import { loadPolicy } from '../../src/policy/policy.js';
import { planRegister } from '../../src/register/register.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { validatePaths } from '../../src/validate/validate.js';
import { deleteRequestFile } from '../../src/watch/incidents.js';
import { approvals } from '../github/support/cli.js';
import { startFake } from '../github/support/setup.js';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';

const OFFICE = join(import.meta.dirname, 'fixtures', 'incidents', 'office');
const TODAY = '2026-11-24';
const REASON = 'temuan keamanan yang dilaporkan secara tertutup, belum tertangani dalam 14 hari';

const letterlessCreate = [
  'action: create',
  'opd: dinkes',
  'purpose: Layanan antrean puskesmas untuk warga Kota Bekasi.',
  'contact:',
  '  name: Andi Prasetyo',
  '  nip: "199001152015031002"',
  '  email: andi.prasetyo@bekasikota.go.id',
  '  phone: "081234567890"',
  'records:',
  '  - { type: A, value: 103.147.8.60 }',
  '',
].join('\n');

afterAll(cleanupTemps);

describe('a delete request whose origin is an incident', () => {
  it('validates without an OPD letter', () => {
    const root = tempCopy(OFFICE);
    const file = deleteRequestFile('pajak.bekasikota.go.id', 'bapenda', 41, REASON);
    writeFile(root, file.path, file.text);
    const report = validatePaths({ root, today: TODAY }, [file.path]);
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('is the only request that may leave the letter out', () => {
    const root = tempCopy(OFFICE);
    writeFile(root, 'requests/baru.bekasikota.go.id.yaml', letterlessCreate);
    const report = validatePaths({ root, today: TODAY }, ['requests/baru.bekasikota.go.id.yaml']);
    expect(report.valid).toBe(false);
    expect(report.problems.map((p) => [p.rule, p.message.en])).toEqual([['schema/required', 'Field `letter` is required.']]);

    writeFile(root, 'requests/baru.bekasikota.go.id.yaml', letterlessCreate.replace('opd: dinkes\n', `opd: dinkes\nincident:\n  issue: 41\n  reason: ${REASON}\n`));
    const withIncident = validatePaths({ root, today: TODAY }, ['requests/baru.bekasikota.go.id.yaml']);
    expect(withIncident.problems.map((p) => [p.rule, p.line])).toEqual([['letter/incident-origin', 3]]);
  });

  it('leaves the register reading "dinonaktifkan karena insiden #N"', () => {
    const root = tempCopy(OFFICE);
    const file = deleteRequestFile('pajak.bekasikota.go.id', 'bapenda', 41, REASON);
    writeFile(root, file.path, file.text);
    const tree = new WorkingTree(root);
    const policy = loadPolicy(tree);
    if (!policy.ok) throw new Error('policy');
    const plan = planRegister(tree, policy.policy, { pullRequest: 42, commit: 'a1b2c3d', appliedAt: '2026-12-09T03:00:00Z' });
    expect(plan.problems).toEqual([]);
    expect(plan.registered).toEqual([{
      fqdn: 'pajak.bekasikota.go.id', action: 'delete', request: file.path, register: 'subdomains/pajak.bekasikota.go.id.yaml', note: `dinonaktifkan karena insiden #41: ${REASON}`,
    }]);
    expect(plan.changes).toEqual([{ path: file.path }, { path: 'subdomains/pajak.bekasikota.go.id.yaml' }]);
  });

  it('never records a create that has no letter, even past validate', () => {
    const root = tempCopy(OFFICE);
    writeFile(root, 'requests/baru.bekasikota.go.id.yaml', letterlessCreate.replace('opd: dinkes\n', `opd: dinkes\nincident:\n  issue: 41\n  reason: ${REASON}\n`));
    const tree = new WorkingTree(root);
    const policy = loadPolicy(tree);
    if (!policy.ok) throw new Error('policy');
    const plan = planRegister(tree, policy.policy, { pullRequest: 42, commit: 'a1b2c3d', appliedAt: '2026-12-09T03:00:00Z' });
    expect(plan.problems.map((p) => p.rule)).toEqual(['letter/incident-origin']);
    expect(plan.changes).toEqual([]);
  });
});

describe('the SOP approvals of an incident delete', () => {
  it('run every SOP step plus the maintainers, with no OPD applicant, when the pipeline opened it', async () => {
    const fake = await startFake('bekasi-incident-delete');
    try {
      const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '42', '--format', 'json']);
      const result = JSON.parse(run.stdout) as { state: string; steps: { id: string; state: string; by: string | null }[]; problems: { code: string }[] };
      expect(result.problems.map((p) => p.code)).not.toContain('applicant/not-member');
      expect(result.steps.map((s) => [s.id, s.state])).toEqual(expect.arrayContaining([['maintainers', 'done']]));
      expect(result.steps.filter((s) => s.state === 'done').map((s) => s.by)).toEqual(['kadis-bekasi', 'kabid-egov', 'kasi-egov', 'admin-server', 'pengelola-bekasi']);
      expect(result.state).toBe('approved');
      expect(run.code).toBe(0);
      expect(fake.invalid).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it('still need an applicant of the OPD when a person wrote the incident in', async () => {
    const fake = await startFake('bekasi-incident-forged');
    try {
      const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '43', '--format', 'json']);
      const result = JSON.parse(run.stdout) as { state: string; steps: { id: string }[]; problems: { code: string }[] };
      expect(result.problems.map((p) => p.code)).toContain('applicant/not-member');
      expect(result.steps.map((s) => s.id)).not.toContain('maintainers');
      expect(result.state).toBe('blocked');
      expect(run.code).toBe(1);
    } finally {
      await fake.close();
    }
  });
});
