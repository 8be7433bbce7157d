import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PATH = join(ROOT, '.github/workflows/pages.yml');

interface Step { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; id?: string }
interface Job { needs?: string; if?: string; permissions: Record<string, string>; environment?: { name: string; url: string }; steps: Step[] }
interface Workflow { on: Record<string, any>; permissions: Record<string, string>; concurrency: { group: string; 'cancel-in-progress': boolean }; jobs: Record<string, Job> }

const workflow = parse(readFileSync(PATH, 'utf8')) as Workflow;

describe('the Pages workflow', () => {
  test('passes action-validator', () => {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/action-validator'), [PATH], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  test('runs on pushes to main, after a successful apply, and by hand', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.push.paths).toEqual(expect.arrayContaining(['subdomains/**', '.github/sop.yaml']));
    const apply = parse(readFileSync(join(ROOT, '.github/workflows/apply.yml'), 'utf8')) as { name: string };
    expect(workflow.on.workflow_run).toEqual({ workflows: [apply.name], types: ['completed'], branches: ['main'] });
    expect(workflow.jobs.build!.if).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  test('least permissions: nothing by default, read to build, Pages and OIDC only to deploy', () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.build!.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.deploy!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(Object.keys(workflow.jobs).sort()).toEqual(['build', 'deploy']);
  });

  test('builds the site with our CLI, uploads it as the Pages artifact and deploys it', () => {
    const build = workflow.jobs.build!.steps;
    expect(build.find((s) => s.uses?.startsWith('actions/checkout@'))!.with).toMatchObject({ 'persist-credentials': false, ref: 'main' });
    const site = build.findIndex((s) => s.run === 'node bin/subdomain.js site --out _site');
    const upload = build.findIndex((s) => s.uses === 'actions/upload-pages-artifact@v3');
    expect(site).toBeGreaterThan(0);
    expect(upload).toBeGreaterThan(site);
    expect(build[upload]!.with).toEqual({ path: '_site' });
    const deploy = workflow.jobs.deploy!;
    expect(deploy.needs).toBe('build');
    expect(deploy.environment).toEqual({ name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' });
    expect(deploy.steps).toEqual([{ id: 'deployment', uses: 'actions/deploy-pages@v4' }]);
    expect(workflow.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
  });

  test('no run: script interpolates an expression', () => {
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
  });
});
