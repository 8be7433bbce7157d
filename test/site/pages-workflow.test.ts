import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PATH = join(ROOT, '.github/workflows/pages.yml');
const CALLER = join(ROOT, '.github/workflows/subdomain-pages.yml');

interface Step { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; id?: string }
interface Job { needs?: string; if?: string; permissions: Record<string, string>; environment?: { name: string; url: string }; steps: Step[]; uses?: string }
interface Workflow { on: Record<string, any>; permissions: Record<string, string>; concurrency?: { group: string; 'cancel-in-progress': boolean }; jobs: Record<string, Job> }

const workflow = parse(readFileSync(PATH, 'utf8')) as Workflow;
const caller = parse(readFileSync(CALLER, 'utf8')) as Workflow;
const call = caller.jobs.pages!;

describe('the Pages workflow', () => {
  test('passes action-validator', () => {
    for (const file of [PATH, CALLER]) {
      const result = spawnSync(join(ROOT, 'node_modules/.bin/action-validator'), [file], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).not.toMatch(/error/i);
      expect(result.status).toBe(0);
    }
  });

  test('runs on pushes to main, after a successful apply, step or re-confirmation (their commits carry [skip ci]), and by hand', () => {
    expect(caller.on.push.branches).toEqual(['main']);
    expect(caller.on.push.paths).toEqual(expect.arrayContaining(['subdomains/**', '.github/sop.yaml', '.github/workflows/subdomain-pages.yml']));
    const name = (file: string) => (parse(readFileSync(join(ROOT, '.github/workflows', file), 'utf8')) as { name: string }).name;
    expect(caller.on.workflow_run).toEqual({ workflows: [name('subdomain-apply.yml'), name('subdomain-steps.yml'), name('subdomain-reconfirm.yml')], types: ['completed'], branches: ['main'] });
    expect(call.if).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(caller.on).toHaveProperty('workflow_dispatch');
  });

  test('least permissions: nothing by default, read to build, Pages and OIDC only to deploy', () => {
    expect(workflow.permissions).toEqual({});
    expect(caller.permissions).toEqual({});
    expect(call.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(workflow.jobs.build!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(workflow.jobs.deploy!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(Object.keys(workflow.jobs).sort()).toEqual(['build', 'deploy']);
  });

  test('builds the site with the product at the called version, uploads it as the Pages artifact (per run attempt: a re-run can upload again) and deploys it', () => {
    const build = workflow.jobs.build!.steps;
    expect(build.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === 'office')!.with).toMatchObject({ 'persist-credentials': false, ref: 'main' });
    expect(build.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === '.product')!.with).toMatchObject({ repository: '${{ steps.product.outputs.repository }}' });
    const site = build.findIndex((s) => s.run === 'subdomain site --out _site');
    const upload = build.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(site).toBeGreaterThan(0);
    expect(upload).toBeGreaterThan(site);
    expect(build[upload]!.with).toEqual({ name: 'github-pages-${{ github.run_attempt }}', path: 'office/_site' });
    const deploy = workflow.jobs.deploy!;
    expect(deploy.needs).toBe('build');
    expect(deploy.environment).toEqual({ name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' });
    expect(deploy.steps).toHaveLength(1);
    expect(deploy.steps[0]).toMatchObject({ id: 'deployment', with: { artifact_name: 'github-pages-${{ github.run_attempt }}' } });
    expect(deploy.steps[0]!.uses).toMatch(/^actions\/deploy-pages@[0-9a-f]{40}$/);
    expect(caller.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
  });

  test('no run: script interpolates an expression', () => {
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
  });
});
