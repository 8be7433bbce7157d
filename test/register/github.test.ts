import { requestAt } from '../helpers/temp-repo.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/register.js';
import { loadFile } from '../../src/repo/load.js';
import { WorkingTree } from '../../src/repo/tree.js';
import type { FakeGitHub } from '../github/support/fake-github.js';
import { startFake } from '../github/support/setup.js';
import { captureIo, cleanUp, exampleRepo, snapshot } from './helpers.js';

// The local GitHub-like server of the adapter's tests (responses checked against GitHub's
// OpenAPI description), serving pull request #7 of Kota Bekasi: sehat.bekasikota.go.id with
// all four SOP steps approved.
let fake: FakeGitHub;
afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
  cleanUp();
});

const envFor = (f: FakeGitHub) => ({
  GITHUB_API_URL: f.url,
  GITHUB_TOKEN: 'test-token',
  GITHUB_REPOSITORY: 'pemkot-bekasi/subdomain',
  SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10',
  SUBDOMAIN_GITHUB_THROTTLE: 'off',
});

test('without --approvals, reads the merged pull request and records each SOP step as the evaluator does', async () => {
  fake = await startFake('bekasi-approved');
  const { dir, head } = exampleRepo();
  const io = captureIo(dir, '2026-11-18T04:00:00Z', envFor(fake));
  expect(await run(['--pr', '7', '--commit', head], io)).toBe(0);
  expect(io.err).toBe('');
  const loaded = loadFile(new WorkingTree(dir), 'subdomains/sehat.bekasikota.go.id.yaml', 'register');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const entry = requestAt(loaded.value);
  expect(entry.pull_request).toBe(7);
  expect(entry.applicant).toBe('staf-dinkes');
  expect(entry.opened_at).toBe('2026-11-18T02:05:00Z');
  expect(entry.approvals?.map((a) => [a.step, a.role, a.by, a.at])).toEqual([
    ['disposisi_kadis', 'kepala_dinas', 'kadis-bekasi', '2026-11-18T02:10:00Z'],
    ['disposisi_kabid', 'kabid_egov', 'kabid-egov', '2026-11-18T02:20:00Z'],
    ['pemeriksaan_kasi', 'kasi_pengembangan', 'kasi-egov', '2026-11-18T02:40:00Z'],
    ['pembuatan', 'pelaksana', 'admin-server', '2026-11-18T03:30:00Z'],
  ]);
  expect(entry.approvals?.[0]).toMatchObject({ elapsed_s: 300, standard_s: 600 });
});

test('when GitHub cannot be read, nothing is written and the message says what to do', async () => {
  fake = await startFake('bekasi-approved');
  const { dir, head } = exampleRepo();
  const before = snapshot(dir);
  const io = captureIo(dir, '2026-11-18T04:00:00Z', envFor(fake));
  expect(await run(['--pr', '99', '--commit', head], io)).toBe(1);
  expect(io.err).toContain('register/github');
  expect(io.err).toContain('--approvals');
  expect(snapshot(dir)).toEqual(before);
  expect(readdirSync(join(dir, 'requests'))).toHaveLength(3);
});

test('names the same applicant as the approvals check: the intake marker counts only from the bots SUBDOMAIN_INTAKE_BOTS names', async () => {
  fake = await startFake('bekasi-intake-approved');
  const applicantWith = async (env: Record<string, string>) => {
    const { dir, head } = exampleRepo();
    const io = captureIo(dir, '2026-11-18T04:00:00Z', { ...envFor(fake), ...env });
    expect(await run(['--pr', '7', '--commit', head], io)).toBe(0);
    const loaded = loadFile(new WorkingTree(dir), 'subdomains/sehat.bekasikota.go.id.yaml', 'register');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    return requestAt(loaded.value).applicant;
  };
  expect(await applicantWith({})).toBe('staf-dinkes');
  expect(await applicantWith({ SUBDOMAIN_INTAKE_BOTS: 'pemkot-intake[bot]' })).toBe('github-actions[bot]');
});
