import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const FILES = ['.github/workflows/approvals.yml', '.github/workflows/approvals-review.yml'];

function actionValidator(file: string): { code: number; output: string } {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@action-validator/cli/package.json');
  const bin = (JSON.parse(readFileSync(pkg, 'utf8')) as { bin: string | Record<string, string> }).bin;
  const script = join(dirname(pkg), typeof bin === 'string' ? bin : Object.values(bin)[0]!);
  try {
    return { code: 0, output: execFileSync(process.execPath, [script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

interface Workflow {
  on: Record<string, { types?: string[]; workflows?: string[] }>;
  permissions: unknown;
  jobs: Record<string, { permissions?: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] }>;
}
const load = (file: string) => parse(readFileSync(join(ROOT, file), 'utf8')) as Workflow;

describe('approvals workflows', () => {
  for (const file of FILES) {
    it(`${file} passes @action-validator/cli`, () => {
      const result = actionValidator(join(ROOT, file));
      expect(result.output).toBe('');
      expect(result.code).toBe(0);
    });

    it(`${file} never puts event text into a shell command`, () => {
      const wf = load(file);
      for (const job of Object.values(wf.jobs)) for (const step of job.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
      expect(wf.permissions).toEqual({});
    });
  }

  it('the validator can fail: a broken copy is rejected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-'));
    try {
      const broken = readFileSync(join(ROOT, FILES[0]!), 'utf8').replace('runs-on: ubuntu-latest', 'runs-onn: ubuntu-latest');
      writeFileSync(join(dir, 'broken.yml'), broken);
      expect(actionValidator(join(dir, 'broken.yml')).code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-evaluates on every event that can change the answer, from the base branch only', () => {
    const wf = load(FILES[0]!);
    expect(wf.on.pull_request_target!.types).toEqual(['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited']);
    expect(wf.on.workflow_run!.workflows).toEqual(['sop-approvals-review']);
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request_target', 'workflow_run']);
    const job = wf.jobs.approvals!;
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', statuses: 'write', checks: 'write' });
    const evaluate = job.steps.find((s) => s.run?.includes('subdomain approvals'))!;
    expect(evaluate.run).toMatch(/--post --report both/);
    expect(evaluate.env!.SUBDOMAIN_CHECK_APP).toBe("${{ steps.app.outputs.app-slug || 'github-actions' }}");
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with).toEqual({ ref: '${{ steps.pr.outputs.base }}', 'persist-credentials': false });
    // Nothing names the pull request's head as something to check out or run.
    expect(JSON.stringify(job.steps.map((s) => s.with ?? {}))).not.toMatch(/head/);
    expect(job.steps.some((s) => s.uses?.startsWith('actions/create-github-app-token@'))).toBe(true);

    const review = load(FILES[1]!);
    expect(review.on.pull_request_review!.types).toEqual(['submitted', 'dismissed', 'edited']);
    expect(Object.values(review.jobs).every((j) => j.permissions === undefined && j.steps.every((s) => !s.uses))).toBe(true);
  });
});
