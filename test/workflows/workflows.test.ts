import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const VALIDATOR = join(ROOT, 'node_modules/.bin/action-validator');
const WORKFLOWS = ['.github/workflows/apply.yml', '.github/workflows/drift.yml'];

interface Step { name?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown>; 'working-directory'?: string }
interface Job { needs?: string | string[]; if?: string; permissions?: Record<string, string>; environment?: string; concurrency?: { group: string; 'cancel-in-progress': boolean }; env?: Record<string, string>; steps: Step[] }
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const load = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8')) as Workflow;
const validate = (path: string) => spawnSync(VALIDATOR, [path], { encoding: 'utf8' });

describe.each(WORKFLOWS)('%s', (path) => {
  test('passes action-validator', () => {
    const result = validate(join(ROOT, path));
    expect(result.stdout + result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  test('no run: script interpolates an expression (untrusted text could become shell code)', () => {
    const offending: string[] = [];
    for (const [name, job] of Object.entries(load(path).jobs)) {
      for (const step of job.steps) if (step.run?.includes('${{')) offending.push(`${name}: ${step.name ?? step.run}`);
    }
    expect(offending).toEqual([]);
    expect(readFileSync(join(ROOT, path), 'utf8')).not.toMatch(/run:[^\n]*\$\{\{\s*github\.event/);
  });

  test('every run: script is valid bash', () => {
    for (const [name, job] of Object.entries(load(path).jobs)) {
      for (const step of job.steps) {
        if (!step.run) continue;
        const check = spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' });
        expect({ job: name, step: step.name ?? step.run, stderr: check.stderr }).toEqual({ job: name, step: step.name ?? step.run, stderr: '' });
      }
    }
  });

  test('a re-run can upload its artifacts again (overwrite: true)', () => {
    const uploads = Object.values(load(path).jobs).flatMap((job) => job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@')));
    expect(uploads.length).toBeGreaterThan(0);
    for (const step of uploads) expect(step.with?.overwrite).toBe(true);
  });

  test('grants nothing by default and each job only what it needs', () => {
    const workflow = load(path);
    expect(workflow.permissions).toEqual({});
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions).toBeDefined();
      for (const level of Object.values(job.permissions!)) expect(['read', 'write']).toContain(level);
    }
    const writers = Object.entries(workflow.jobs).filter(([, job]) => Object.values(job.permissions!).includes('write')).map(([name, job]) => [name, job.permissions]);
    expect(writers).toEqual(path.endsWith('apply.yml') ? [['register', { contents: 'write', 'pull-requests': 'write' }]] : [['report', { issues: 'write' }]]);
  });
});

describe('the apply workflow', () => {
  const workflow = load('.github/workflows/apply.yml');
  const apply = workflow.jobs.apply!;
  const runs = apply.steps.map((s) => s.run ?? s.uses ?? '');
  const index = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));

  test('runs on pushes to main touching requests, register or policy, and by hand', () => {
    expect(workflow.on.push).toEqual({ branches: ['main'], paths: ['requests/**', 'subdomains/**', '.github/sop.yaml'] });
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  test('applies one zone at a time, never cancelling, in the protected environment', () => {
    expect(apply.concurrency).toEqual({ group: 'dns-apply-${{ matrix.stack }}', 'cancel-in-progress': false });
    expect(apply.environment).toBe('dns-production');
  });

  test('the Cloudflare token reaches only the terraform plan and apply steps, never npm', () => {
    expect(JSON.stringify(apply.env ?? {})).not.toContain('secrets.');
    const withToken = apply.steps.filter((s) => s.env?.TF_VAR_cloudflare_api_token === '${{ secrets.CLOUDFLARE_API_TOKEN }}').map((s) => s.run!.split(' ').slice(0, 2).join(' '));
    expect(withToken).toEqual(['terraform plan', 'terraform apply']);
    expect(runs.filter((r) => r.startsWith('npm ci'))).toEqual(['npm ci --ignore-scripts && npm run build']);
  });

  test('plans, shows the plan as JSON, guards deletes, then applies that same plan', () => {
    const plan = index(/terraform plan .*-out=tfplan/);
    const show = index(/terraform show -json tfplan > plan\.json/);
    const guard = index(/npx subdomain guard --plan/);
    const applyStep = index(/terraform apply .*tfplan/);
    expect([plan, show, guard, applyStep].every((i) => i >= 0)).toBe(true);
    expect(plan).toBeLessThanOrEqual(show);
    expect(show).toBeLessThan(guard);
    expect(guard).toBeLessThan(applyStep);
    expect(runs[guard]).toContain('repos/$REPO/pulls/$PR');
  });

  test('records in the register only after every zone applied, as the bot, without retriggering', () => {
    const register = workflow.jobs.register!;
    expect(register.needs).toEqual(['zones', 'apply']);
    const script = register.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('npx subdomain register --pr "$PR" --commit "$SHA"');
    expect(script).toContain("git config user.name 'github-actions[bot]'");
    expect(script).toContain('[skip ci]');
  });
});

describe('the drift workflow', () => {
  const workflow = load('.github/workflows/drift.yml');

  test('runs daily and by hand, audits every zone in a call per 5,000 records and reports to one labelled issue', () => {
    expect(workflow.on).toHaveProperty('schedule');
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    const audit = workflow.jobs.audit!.steps.map((s) => s.run ?? '').join('\n');
    expect(audit).toContain('npx subdomain audit --format markdown');
    // A failed audit (exit 2) fails the job, so the report never says "no drift" for it.
    expect(audit).toContain('*) exit "$code" ;;');
    expect(audit).not.toContain('terraform');
    const report = workflow.jobs.report!.steps.map((s) => s.run ?? '').join('\n');
    expect(report).toContain('gh issue list --label "$label" --state open');
    expect(report).toContain('gh issue create');
    expect(report).toContain('gh issue edit');
  });

  test('never shares a concurrency group with applies (a queued run would cancel a pending apply)', () => {
    expect(workflow.jobs.audit!.concurrency?.group).not.toMatch(/dns-apply/);
  });
});

test('action-validator rejects a broken workflow (the check can fail)', () => {
  expect(validate(join(FIXTURES, 'broken-workflow.yml')).status).not.toBe(0);
});
