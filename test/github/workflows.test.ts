/**
 * The approvals workflows: the callers (subdomain-approvals.yml, subdomain-approvals-review.yml)
 * hold the triggers, the reusable ones (approvals.yml, approvals-review.yml) the job. The
 * structure is read here, and the script that finds the pull request runs for real.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionValidator, callerOf, FAKE_BIN, load, runScript, stepOf, steps, WORKFLOW_DIR } from '../workflows/support/workflow.js';

const FILES = ['approvals.yml', 'approvals-review.yml', 'subdomain-approvals.yml', 'subdomain-approvals-review.yml'];

describe('approvals workflows', () => {
  for (const file of FILES) {
    it(`${file} passes @action-validator/cli`, () => {
      expect(actionValidator(join(WORKFLOW_DIR, file))).toEqual({ output: '', status: 0 });
    });

    it(`${file} never puts event text into a shell command`, () => {
      const wf = load(file);
      for (const job of Object.values(wf.jobs)) for (const step of steps(job)) expect(step.run ?? '').not.toMatch(/\$\{\{/);
      expect(wf.permissions).toEqual({});
    });
  }

  it('the validator can fail: a broken copy is rejected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-'));
    try {
      const broken = readFileSync(join(WORKFLOW_DIR, FILES[0]!), 'utf8').replace('runs-on: ubuntu-latest', 'runs-onn: ubuntu-latest');
      writeFileSync(join(dir, 'broken.yml'), broken);
      expect(actionValidator(join(dir, 'broken.yml')).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-evaluates on every event that can change the answer, for pull requests into main, from the default branch only', () => {
    const { workflow: caller, job: call } = callerOf('approvals.yml');
    expect(caller.on.pull_request_target).toEqual({ branches: ['main'], types: ['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited'] });
    expect(caller.on.workflow_run).toEqual({ workflows: ['sop-approvals-review'], types: ['completed'] });
    expect(Object.keys(caller.on).sort()).toEqual(['pull_request_target', 'workflow_run']);
    // Concurrency per job, never per workflow: a skipped `edited` run joins no group, so it
    // cannot replace a waiting real evaluation.
    expect(caller.concurrency).toBeUndefined();
    expect(call.if).toContain("github.event.action != 'edited'");
    expect(call.concurrency).toEqual({ group: 'sop-approvals-${{ github.event.pull_request.head.sha || github.event.workflow_run.head_sha }}', 'cancel-in-progress': false });
    expect(call.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', statuses: 'write', checks: 'write', 'id-token': 'write' });
    expect(call.secrets).toBe('inherit');
    expect(call.with).toEqual({ 'intake-bots': '${{ vars.SUBDOMAIN_INTAKE_BOTS }}' });

    const job = load('approvals.yml').jobs.approvals!;
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', statuses: 'write', checks: 'write', 'id-token': 'write' });
    // The App key lives in an environment restricted to main: a branch's workflow cannot mint it.
    expect(job.environment).toBe('sop-app');
    const evaluate = stepOf(job, /subdomain approvals/);
    expect(evaluate.run).toMatch(/--post --report both/);
    expect(evaluate['working-directory']).toBe('office');
    expect(evaluate.env!.SUBDOMAIN_CHECK_APP).toBe("${{ steps.app.outputs.app-slug || 'github-actions' }}");
    expect(evaluate.env!.SUBDOMAIN_INTAKE_BOTS).toBe('${{ inputs.intake-bots }}');
    const checkouts = steps(job).filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((s) => s.with)).toEqual([
      { ref: '${{ github.event.repository.default_branch }}', path: 'office', 'persist-credentials': false },
      { repository: '${{ steps.product.outputs.repository }}', ref: '${{ steps.product.outputs.sha }}', path: '.product', 'sparse-checkout': 'check', 'persist-credentials': false },
    ]);
    // The product's one-file check runs: no npm install at all.
    expect(steps(job).some((s) => /npm /.test(s.run ?? ''))).toBe(false);
    expect(stepOf(job, /GITHUB_PATH/).run).toContain('check/subdomain-check.mjs');
    // Nothing names the pull request's head as something to check out or run.
    expect(JSON.stringify(steps(job).map((s) => s.with ?? {}))).not.toMatch(/head/);
    expect(steps(job).some((s) => s.uses?.startsWith('actions/create-github-app-token@'))).toBe(true);

    const review = callerOf('approvals-review.yml');
    expect(review.workflow.on.pull_request_review!.types).toEqual(['submitted', 'dismissed', 'edited']);
    expect(review.job.permissions).toEqual({});
    expect(Object.values(load('approvals-review.yml').jobs).every((j) => JSON.stringify(j.permissions) === '{}' && steps(j).every((s) => !s.uses))).toBe(true);
  });
});

describe('finding the pull request, run for real with a stand-in gh', () => {
  const script = stepOf(load('approvals.yml').jobs.approvals!, 'pr').run!;
  function find(env: Record<string, string>): { status: number | null; output: string; calls: string } {
    const dir = mkdtempSync(join(tmpdir(), 'approvals-pr-'));
    try {
      const output = join(dir, 'output');
      writeFileSync(output, '');
      const result = runScript(script, dir, {
        PATH: `${FAKE_BIN}:${process.env.PATH}`, GH_LOG: join(dir, 'gh.log'), GITHUB_OUTPUT: output, REPO: 'pemkot-bekasi/subdomain', DEFAULT_BRANCH: 'main',
        EVENT: 'workflow_run', PR_NUMBER: '', BASE_REF: '', RUN_PR_NUMBER: '', HEAD_SHA: 'a'.repeat(40), HEAD_OWNER: 'staf', HEAD_BRANCH: 'permohonan', ...env,
      });
      let calls = '';
      try { calls = readFileSync(join(dir, 'gh.log'), 'utf8'); } catch { /* no call */ }
      return { status: result.status, output: readFileSync(output, 'utf8'), calls };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('pull_request_target into main: the event\'s number, no API call', () => {
    expect(find({ EVENT: 'pull_request_target', PR_NUMBER: '12', BASE_REF: 'main' })).toMatchObject({ status: 0, output: 'number=12\n', calls: '' });
  });

  it('workflow_run: the pull request the run names, when its base is the default branch', () => {
    const found = find({ RUN_PR_NUMBER: '12', FAKE_API: 'main' });
    expect(found).toMatchObject({ status: 0, output: 'number=12\n' });
    expect(found.calls).toBe('api repos/pemkot-bekasi/subdomain/pulls/12 --jq .base.ref\n');
  });

  it('workflow_run: a pull request into any other branch is refused (its policy and workflows are its author\'s)', () => {
    expect(find({ RUN_PR_NUMBER: '12', FAKE_API: 'develop' })).toMatchObject({ status: 0, output: 'number=\n' });
    expect(find({ EVENT: 'pull_request_target', PR_NUMBER: '12', BASE_REF: 'rilis' })).toMatchObject({ status: 0, output: 'number=\n' });
  });

  it('workflow_run from a fork: looked up by head; none open, or a bad answer', () => {
    expect(find({ FAKE_API: '' })).toMatchObject({ status: 0, output: 'number=\n' });
    expect(find({ FAKE_API: '12; id' }).status).not.toBe(0);
    expect(find({ HEAD_SHA: 'main' }).status).not.toBe(0);
  });
});
