import type { ApprovalJson } from '../../src/approvals/render.js';
import type { FakeGitHub } from './support/fake-github.js';
import { approvals } from './support/cli.js';
import { startFake } from './support/setup.js';

let fake: FakeGitHub;
afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
});

describe('subdomain approvals: the applicant of an issue-form request', () => {
  it('is the issue author named by the marker on a pull request the intake bot opened', async () => {
    fake = await startFake('bekasi-intake-approved');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--format', 'json'], '2026-12-01T00:00:00Z');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ApprovalJson).state).toBe('approved');
  });

  it('is the pull request author when anyone else writes the marker', async () => {
    fake = await startFake('bekasi-forged-marker');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--format', 'json'], '2026-12-01T00:00:00Z');
    const result = JSON.parse(run.stdout) as ApprovalJson;
    expect(result.state).toBe('blocked');
    expect(JSON.stringify(result.problems)).toContain('staf-disdik');
    expect(run.code).toBe(1);
  });

  it('is the marker’s applicant only for the bots SUBDOMAIN_INTAKE_BOTS names', async () => {
    fake = await startFake('bekasi-intake-approved');
    const run = await approvals(fake, 'bekasi', ['--repo', 'pemkot-bekasi/subdomain', '--pr', '7', '--format', 'json'], '2026-12-01T00:00:00Z', { SUBDOMAIN_INTAKE_BOTS: 'pemkot-intake[bot]' });
    expect((JSON.parse(run.stdout) as ApprovalJson).state).toBe('blocked');
  });
});
