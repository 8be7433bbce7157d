import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const PATH = join(ROOT, '.github/workflows/watch.yml');
const CALLER = join(ROOT, '.github/workflows/subdomain-watch.yml');

interface Step { name?: string; id?: string; if?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Job { permissions?: Record<string, string>; environment?: string; concurrency?: unknown; env?: Record<string, string>; steps: Step[]; uses?: string; secrets?: string }
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; concurrency?: unknown; jobs: Record<string, Job> }

const text = readFileSync(PATH, 'utf8');
const workflow = parse(text) as Workflow;
const caller = parse(readFileSync(CALLER, 'utf8')) as Workflow;
const call = caller.jobs.watch!;
const job = workflow.jobs.watch!;
const runs = job.steps.filter((s) => s.run !== undefined);
const index = (pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? s.uses ?? ''));

describe('.github/workflows/watch.yml and its caller', () => {
  test('passes action-validator', () => {
    for (const file of [PATH, CALLER]) {
      const result = spawnSync(join(ROOT, 'node_modules/.bin/action-validator'), [file], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });

  test('no run: script interpolates an expression, and every one is valid bash', () => {
    expect(runs.filter((s) => s.run!.includes('${{')).map((s) => s.name)).toEqual([]);
    for (const step of runs) expect({ step: step.name, stderr: spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' }).stderr }).toEqual({ step: step.name, stderr: '' });
  });

  test('runs daily and by hand, one run at a time (the caller\'s group, joined when the run is queued)', () => {
    expect(Object.keys(caller.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(Object.keys(workflow.on)).toEqual(['workflow_call']);
    expect(caller.concurrency).toEqual({ group: 'subdomain-watch', 'cancel-in-progress': false });
    expect(call.uses).toBe('./.github/workflows/watch.yml');
    expect(call.secrets).toBe('inherit');
  });

  test('grants nothing by default and the job only what subdomain incidents writes (and its OIDC token, which names the product)', () => {
    expect(workflow.permissions).toEqual({});
    expect(caller.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: 'write', issues: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    expect(call.permissions).toEqual(job.permissions);
  });

  test('the watch result never leaves the runner', () => {
    expect(job.steps.filter((s) => /upload-artifact|cache/.test(s.uses ?? ''))).toEqual([]);
    expect(text).not.toMatch(/outputs?:/);
    const watch = job.steps[index(/subdomain watch --format json/)]!;
    expect(watch.run).toContain('subdomain watch --format json > "$RUNNER_TEMP/watch.json"');
    expect(job.steps[index(/--format markdown/)]!.run).toContain('subdomain watch --from "$RUNNER_TEMP/watch.json" --format markdown >> "$GITHUB_STEP_SUMMARY"');
    expect(job.steps[index(/subdomain incidents/)]!.run).toContain('rm -f "$RUNNER_TEMP/watch.json"');
    // Nothing ever prints the file.
    expect(runs.filter((s) => /cat |head |jq /.test(s.run!))).toEqual([]);
  });

  test('a failed watch stops the job before anything is reported or closed', () => {
    expect(job.steps[index(/--format json/)]!.run).toContain('[ "$code" -le 1 ] || exit "$code"');
    expect(index(/--format json/)).toBeLessThan(index(/subdomain incidents/));
  });

  test('the watch gets no GitHub token; the App token is made after it', () => {
    for (const s of job.steps.slice(0, index(/subdomain incidents/))) expect(JSON.stringify(s.env ?? {})).not.toMatch(/token \|\||github\.token|GITHUB_TOKEN/);
    expect(index(/create-github-app-token/)).toBeGreaterThan(index(/--format markdown/));
    const incidents = job.steps[index(/subdomain incidents/)]!;
    expect(incidents.env!.GITHUB_TOKEN).toBe('${{ steps.app.outputs.token || github.token }}');
    expect(incidents.run).toContain('subdomain incidents --repo "$REPO" --watch "$RUNNER_TEMP/watch.json"');
    const checkouts = job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((s) => s.with)).toEqual([
      { ref: 'main', path: 'office', 'persist-credentials': false },
      { repository: '${{ steps.product.outputs.repository }}', ref: '${{ steps.product.outputs.sha }}', path: '.product', 'persist-credentials': false },
    ]);
    expect(runs.filter((s) => s.run!.startsWith('npm ci')).map((s) => s.run!.split('\n')[0])).toEqual(['npm ci --ignore-scripts --no-audit --no-fund']);
  });

  test('the Cloudflare token reaches the watch step only', () => {
    const withToken = job.steps.filter((s) => JSON.stringify(s.env ?? {}).includes('secrets.CLOUDFLARE_API_TOKEN')).map((s) => s.run!.split('\n').find((l) => l.includes('subdomain '))!.trim());
    expect(withToken).toEqual(['subdomain watch --format json > "$RUNNER_TEMP/watch.json"']);
    expect(job.environment).toBe('dns-drift');
  });

  test('the watch runs once: the summary renders its result with --from, after it and before the file is deleted', () => {
    const watching = runs.filter((s) => /subdomain watch(?![^\n]*--from)/.test(s.run!));
    expect(watching.map((s) => s.name)).toEqual(['subdomain watch']);
    const summary = job.steps[index(/--from/)]!;
    expect(summary.run).toContain('[ "$code" -le 1 ] || exit "$code"');
    expect(index(/--format json/)).toBeLessThan(index(/--from/));
    expect(index(/--from/)).toBeLessThan(index(/subdomain incidents/));
  });
});
