import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const PATH = join(ROOT, '.github/workflows/watch.yml');

interface Step { name?: string; id?: string; if?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Job { permissions?: Record<string, string>; environment?: string; concurrency?: unknown; env?: Record<string, string>; steps: Step[] }
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const text = readFileSync(PATH, 'utf8');
const workflow = parse(text) as Workflow;
const job = workflow.jobs.watch!;
const runs = job.steps.filter((s) => s.run !== undefined);
const index = (pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? s.uses ?? ''));

describe('.github/workflows/watch.yml', () => {
  test('passes action-validator', () => {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/action-validator'), [PATH], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('no run: script interpolates an expression, and every one is valid bash', () => {
    expect(runs.filter((s) => s.run!.includes('${{')).map((s) => s.name)).toEqual([]);
    for (const step of runs) expect({ step: step.name, stderr: spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' }).stderr }).toEqual({ step: step.name, stderr: '' });
  });

  test('runs daily and by hand, one run at a time', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(job.concurrency).toEqual({ group: 'subdomain-watch', 'cancel-in-progress': false });
  });

  test('grants nothing by default and the job only what subdomain incidents writes', () => {
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: 'write', issues: 'write', 'pull-requests': 'write' });
  });

  test('the watch result never leaves the runner', () => {
    expect(job.steps.filter((s) => /upload-artifact|cache/.test(s.uses ?? ''))).toEqual([]);
    expect(text).not.toMatch(/outputs?:/);
    const watch = job.steps[index(/subdomain watch --format json/)]!;
    expect(watch.run).toContain('npx subdomain watch --format json > "$RUNNER_TEMP/watch.json"');
    expect(job.steps[index(/--format markdown/)]!.run).toContain('npx subdomain watch --format markdown >> "$GITHUB_STEP_SUMMARY"');
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
    expect(incidents.run).toContain('npx subdomain incidents --repo "$REPO" --watch "$RUNNER_TEMP/watch.json"');
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with).toEqual({ 'persist-credentials': false });
    expect(runs.filter((s) => s.run!.startsWith('npm ci')).map((s) => s.run)).toEqual(['npm ci --ignore-scripts && npm run build']);
  });

  test('the Cloudflare token reaches the watch steps only', () => {
    const withToken = job.steps.filter((s) => JSON.stringify(s.env ?? {}).includes('secrets.CLOUDFLARE_API_TOKEN')).map((s) => s.run!.split('\n').find((l) => l.includes('npx'))!.trim());
    expect(withToken).toEqual(['npx subdomain watch --format json > "$RUNNER_TEMP/watch.json"', 'npx subdomain watch --format markdown >> "$GITHUB_STEP_SUMMARY"']);
    expect(job.environment).toBe('dns-drift');
  });
});
