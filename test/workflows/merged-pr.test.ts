import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// Runs the apply workflow's scripts of job `zones` for real, with stand-ins for `gh` and `subdomain`.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FAKE_BIN = fileURLToPath(new URL('./fixtures/fake-bin', import.meta.url));
const workflow = parse(readFileSync(join(ROOT, '.github/workflows/apply.yml'), 'utf8')) as { jobs: Record<string, { steps: { id?: string; run?: string }[] }> };
const script = workflow.jobs.zones!.steps.find((s) => s.id === 'pr')!.run!;

function mergedPr(env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pr-'));
  try {
    const output = join(dir, 'output');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: `${FAKE_BIN}:${process.env.PATH}`, GH_LOG: join(dir, 'gh.log'), GITHUB_OUTPUT: output, REPO: 'pemkot/dns', SHA: 'abc1234', DISPATCH_PR: '', ...env },
    });
    expect(result.status).toBe(0);
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('takes the merged pull request of the pushed commit from the API', () => {
  expect(mergedPr({ FAKE_API: '34' })).toBe('pr=34\n');
});

test('a dispatch input wins, and only digits pass', () => {
  expect(mergedPr({ DISPATCH_PR: '12', FAKE_API: '34' })).toBe('pr=12\n');
  expect(mergedPr({ DISPATCH_PR: '12; echo pwned', FAKE_API: '34' })).toBe('pr=\n');
  expect(mergedPr({ DISPATCH_PR: '$(id)' })).toBe('pr=\n');
});

test('no pull request, or an API failure, gives none (the register job is then skipped)', () => {
  expect(mergedPr({ FAKE_API: '' })).toBe('pr=\n');
  expect(mergedPr({ FAKE_API: 'oops', FAKE_API_EXIT: '1' })).toBe('pr=\n');
});

describe('saving the approvals at merge time', () => {
  const save = workflow.jobs.zones!.steps.find((s) => s.run?.includes('subdomain approvals'))!.run!;
  function run(env: Record<string, string>): { saved?: Record<string, unknown>; calls: string } {
    const dir = mkdtempSync(join(tmpdir(), 'approvals-'));
    try {
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', save], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: `${FAKE_BIN}:${process.env.PATH}`, GH_LOG: join(dir, 'calls.log'), REPO: 'pemkot/dns', PR: '42', FAKE_API: 'staf-dinkes', ...env },
      });
      expect(result.status).toBe(0);
      const file = join(dir, 'approvals/approvals.json');
      return { calls: readFileSync(join(dir, 'calls.log'), 'utf8'), ...(existsSync(file) ? { saved: JSON.parse(readFileSync(file, 'utf8')) } : {}) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const evaluation = JSON.stringify({ state: 'approved', steps: [{ id: 'a', state: 'done', by: 'kadis', at: '2026-11-18T02:12:00Z' }] });

  test('keeps the evaluation and adds the pull request number and author', () => {
    const { saved, calls } = run({ FAKE_NPX_OUT: evaluation });
    expect(calls).toContain('subdomain approvals --repo pemkot/dns --pr 42 --format json\n');
    expect(saved).toMatchObject({ state: 'approved', pullRequest: { number: 42, author: 'staf-dinkes' } });
  });

  test('a pending evaluation (exit 1) is still saved; a failure (exit 2) or non-JSON is not', () => {
    expect(run({ FAKE_NPX_OUT: evaluation, FAKE_NPX_EXIT: '1' }).saved).toBeDefined();
    expect(run({ FAKE_NPX_OUT: '', FAKE_NPX_EXIT: '2' }).saved).toBeUndefined();
    expect(run({ FAKE_NPX_OUT: 'Kesalahan', FAKE_NPX_EXIT: '0' }).saved).toBeUndefined();
  });
});

describe('the mass-delete override, as the timeline check says', () => {
  const script = workflow.jobs.zones!.steps.find((s) => s.id === 'override')!.run!;
  function override(env: Record<string, string>): { output: string; calls: string } {
    const dir = mkdtempSync(join(tmpdir(), 'override-'));
    try {
      const output = join(dir, 'output');
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd: dir, encoding: 'utf8', env: { PATH: `${FAKE_BIN}:${process.env.PATH}`, GH_LOG: join(dir, 'calls.log'), GITHUB_OUTPUT: output, REPO: 'pemkot/dns', PR: '42', ...env },
      });
      expect(result.status).toBe(0);
      return { output: readFileSync(output, 'utf8'), calls: existsSync(join(dir, 'calls.log')) ? readFileSync(join(dir, 'calls.log'), 'utf8') : '' };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('the label the product printed (added by a maintainer) passes to the apply', () => {
    const { output, calls } = override({ FAKE_NPX_OUT: 'izin-hapus-massal\n' });
    expect(calls).toBe('subdomain guard --override-of 42 --repo pemkot/dns\n');
    expect(output).toBe('override=izin-hapus-massal\n');
  });

  test('nothing printed, a failed check (exit 2), or no pull request: no override, the limit applies', () => {
    expect(override({ FAKE_NPX_OUT: '' }).output).toBe('override=\n');
    expect(override({ FAKE_NPX_OUT: 'izin-hapus-massal\n', FAKE_NPX_EXIT: '2' }).output).toBe('override=\n');
    expect(override({ PR: '' })).toEqual({ output: 'override=\n', calls: '' });
  });
});
