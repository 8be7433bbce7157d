import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionValidator, callerOf, load, runScript, runSteps, stepOf, steps, text, type Job } from './support/workflow.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const WORKFLOWS = ['apply.yml', 'drift.yml'];

describe.each(WORKFLOWS)('%s', (file) => {
  test('grants nothing by default; no job of the apply writes with the workflow token (the App pushes)', () => {
    const workflow = load(file);
    expect(workflow.permissions).toEqual({});
    // id-token: write only lets a job ask for its OIDC token (which names the product's version).
    const writes = (job: Job) => Object.entries(job.permissions!).some(([scope, level]) => level === 'write' && scope !== 'id-token');
    const writers = Object.entries(workflow.jobs).filter(([, job]) => writes(job)).map(([name, job]) => [name, job.permissions]);
    expect(writers).toEqual(file === 'apply.yml' ? [] : [['report', { issues: 'write' }]]);
  });

  test('a re-run can upload its artifacts again (overwrite: true)', () => {
    const uploads = Object.values(load(file).jobs).flatMap((job) => steps(job).filter((s) => s.uses?.startsWith('actions/upload-artifact@')));
    expect(uploads.length).toBeGreaterThan(0);
    for (const step of uploads) expect(step.with?.overwrite).toBe(true);
  });
});

describe('the apply workflow', () => {
  const workflow = load('apply.yml');
  const { workflow: caller, job: call } = callerOf('apply.yml');
  const zones = workflow.jobs.zones!;
  const apply = workflow.jobs.apply!;
  const register = workflow.jobs.register!;
  const runs = steps(apply).map((s) => s.run ?? s.uses ?? '');
  const index = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));

  test('runs on pushes to main touching requests, register or policy, and by hand', () => {
    expect(caller.on.push).toEqual({ branches: ['main'], paths: ['requests/**', 'subdomains/**', '.github/sop.yaml'] });
    expect(caller.on).toHaveProperty('workflow_dispatch');
    expect(call.with).toEqual({ pr: '${{ inputs.pr }}', refresh: '${{ inputs.refresh == true }}', 'intake-bots': '${{ vars.SUBDOMAIN_INTAKE_BOTS }}' });
  });

  test('one run at a time, joined when the run is queued, never cancelled; no job joins a group late', () => {
    expect(caller.concurrency).toEqual({ group: 'dns-apply', 'cancel-in-progress': false });
    for (const job of Object.values(workflow.jobs)) expect(job.concurrency).toBeUndefined();
    expect(apply.environment).toBe('dns-production');
  });

  test('applies the tip of main as it is when the run starts, never github.sha (a re-run converges to today\'s main)', () => {
    const tip = steps(zones).find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(tip.with).toMatchObject({ ref: 'main', path: 'office' });
    expect(stepOf(zones, 'tip').run).toBe('echo "commit=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"');
    expect(zones.outputs!.commit).toBe('${{ steps.tip.outputs.commit }}');
    expect(steps(apply).find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === 'office')!.with!.ref).toBe('${{ needs.zones.outputs.commit }}');
    expect(stepOf(register, /subdomain register/).env!.SHA).toBe('${{ needs.zones.outputs.commit }}');
    // github.sha only finds the merged pull request for the history, never what is applied.
    const shaUses = text('apply.yml').split('\n').filter((l) => l.includes('github.sha'));
    expect(shaUses).toEqual(['          SHA: ${{ github.sha }}']);
    expect(stepOf(zones, 'pr').env!.SHA).toBe('${{ github.sha }}');
  });

  test('the Cloudflare token reaches only the terraform plan and apply steps; state keys only terraform', () => {
    expect(JSON.stringify(apply.env ?? {})).not.toContain('secrets.');
    const terraformOf = (s: { run?: string }) => s.run!.split('\n').find((l) => l.startsWith('terraform '))!.split(' ').slice(0, 2).join(' ');
    expect(steps(apply).filter((s) => s.env?.TF_VAR_cloudflare_api_token === '${{ secrets.CLOUDFLARE_API_TOKEN }}').map(terraformOf)).toEqual(['terraform plan', 'terraform apply']);
    expect(steps(apply).filter((s) => JSON.stringify(s.env ?? {}).includes('secrets.')).map(terraformOf)).toEqual(['terraform init', 'terraform plan', 'terraform apply']);
    expect(runSteps(apply).filter((s) => s.run!.startsWith('npm ci')).map((s) => s.run!.split('\n')[0])).toEqual(['npm ci --ignore-scripts --no-audit --no-fund']);
  });

  test('Terraform is pinned; the HCP token variable follows the policy\'s backend.hostname', () => {
    expect(steps(apply).find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))!.with).toEqual({ terraform_version: '1.11.4', terraform_wrapper: false });
    for (const name of ['terraform init', 'terraform plan', 'terraform apply']) {
      const step = steps(apply).find((s) => s.name === name)!;
      expect(step.run).toContain('[ -z "${TF_TOKEN_NAME:-}" ] || export "$TF_TOKEN_NAME=$TF_API_TOKEN"');
      expect(step.env!.TF_API_TOKEN).toBe('${{ secrets.TF_API_TOKEN }}');
    }
    expect(text('apply.yml')).not.toContain('TF_TOKEN_app_terraform_io');
  });

  test('plans, shows the plan as JSON, guards deletes, then applies that same plan', () => {
    const plan = index(/terraform plan .*-out=tfplan/);
    const show = index(/terraform show -json tfplan > plan\.json/);
    const guard = index(/subdomain guard --plan/);
    const applyStep = index(/terraform apply .*tfplan/);
    expect([plan, show, guard, applyStep].every((i) => i >= 0)).toBe(true);
    expect(plan).toBeLessThanOrEqual(show);
    expect(show).toBeLessThan(guard);
    expect(guard).toBeLessThan(applyStep);
    // The override label only as the timeline check of job `zones` let it through.
    expect(runs[guard]).toContain('--labels "$OVERRIDE"');
    expect(steps(apply)[guard]!.env).toEqual({ OVERRIDE: '${{ needs.zones.outputs.override }}' });
    expect(stepOf(zones, 'override').run).toContain('subdomain guard --override-of "$PR" --repo "$REPO"');
  });

  test('records in the register only after every zone applied, pushed by the GitHub App, without retriggering', () => {
    expect(register.needs).toEqual(['zones', 'apply']);
    expect(register.environment).toBe('sop-app');
    expect(register.permissions).toEqual({ contents: 'read' });
    const script = runSteps(register).map((s) => s.run!).join('\n');
    expect(script).toContain('subdomain register --pr "$PR" --commit "$SHA"');
    expect(script).toContain('[skip ci]');
    const push = stepOf(register, /git push|auth push/);
    expect(push.env).toMatchObject({ PUSH_TOKEN: '${{ steps.app.outputs.token }}', BOT: '${{ steps.app.outputs.app-slug }}[bot]' });
    expect(stepOf(register, /GitHub App .* required|::error::Commit daftar/).if).toBe("env.HAS_APP != 'true'");
    expect(steps(register).find((s) => s.uses?.startsWith('actions/create-github-app-token@'))!.if).toBeUndefined();
  });
});

describe('the register commit, pushed for real to a bare remote', () => {
  const script = stepOf(load('apply.yml').jobs.register!, /auth push/).run!;
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const gitEnv = (home: string) => ({ PATH: process.env.PATH!, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' });
  const sh = (cwd: string, command: string) => {
    const result = runScript(command, cwd, gitEnv(cwd));
    if (result.status !== 0) throw new Error(`${command}: ${result.stderr}`);
    return result.stdout;
  };
  function setup() {
    const base = mkdtempSync(join(tmpdir(), 'register-push-'));
    dirs.push(base);
    sh(base, 'git init -q --bare -b main origin.git && git clone -q origin.git seed 2>/dev/null && cd seed && mkdir -p requests subdomains && echo a > requests/sehat.yaml && touch subdomains/.gitkeep && git add -A && git commit -qm base && git push -q origin HEAD:main');
    sh(base, 'git clone -q origin.git runner && git clone -q origin.git other');
    return { base, origin: join(base, 'origin.git'), runner: join(base, 'runner'), other: join(base, 'other') };
  }
  // No GIT_AUTHOR_* here: the script names the App's bot itself.
  const push = (cwd: string) => runScript(script, cwd, { PATH: process.env.PATH!, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', PR: '7', PUSH_TOKEN: 'app-token', BOT: 'sop-bekasi[bot]', BRANCH: 'main' });

  test('main moved meanwhile: rebased and pushed as the App\'s bot, with [skip ci]', () => {
    const { origin, runner, other } = setup();
    sh(runner, 'rm requests/sehat.yaml && echo b > subdomains/sehat.yaml');
    sh(other, 'echo x > requests/lain.yaml && git add -A && git commit -qm other && git push -q origin HEAD:main');
    const result = push(runner);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('rejected');
    expect(sh(origin, 'git log --format="%s|%an" main').trim().split('\n')).toEqual([
      'Catat permohonan ke daftar sub domain / record applied requests (#7) [skip ci]|sop-bekasi[bot]', 'other|T', 'base|T',
    ]);
  });

  test('nothing to record: no commit, exit 0', () => {
    const { origin, runner } = setup();
    expect(push(runner).status).toBe(0);
    expect(sh(origin, 'git log --format=%s main').trim()).toBe('base');
  });
});

describe('the drift workflow', () => {
  const workflow = load('drift.yml');
  const { workflow: caller } = callerOf('drift.yml');

  test('runs daily and by hand, audits every zone in a call per 5,000 records and reports to one labelled issue', () => {
    expect(caller.on).toHaveProperty('schedule');
    expect(caller.on).toHaveProperty('workflow_dispatch');
    const audit = runSteps(workflow.jobs.audit!).map((s) => s.run!).join('\n');
    expect(audit).toContain('subdomain audit --format markdown');
    // A failed audit (exit 2) fails the job, so the report never says "no drift" for it.
    expect(audit).toContain('*) exit "$code" ;;');
    const report = runSteps(workflow.jobs.report!).map((s) => s.run!).join('\n');
    expect(report).toContain('gh issue list --label "$label" --state open');
    expect(report).toContain('gh issue create');
    expect(report).toContain('gh issue edit');
  });

  test('read-only credentials, no state and no lock: only a Cloudflare token, no terraform', () => {
    expect(workflow.jobs.audit!.environment).toBe('dns-drift');
    expect(Object.keys(workflow.on.workflow_call.secrets)).toEqual(['CLOUDFLARE_API_TOKEN']);
    const code = text('drift.yml').replace(/^\s*#.*$/gm, '');
    expect(code).not.toMatch(/TF_STATE|TF_API_TOKEN|terraform (init|plan|apply)|setup-terraform/);
  });

  test('never shares a concurrency group with applies (a queued run would replace a waiting apply)', () => {
    expect(caller.concurrency?.group).toBe('dns-drift');
    for (const job of Object.values(workflow.jobs) as Job[]) expect(job.concurrency).toBeUndefined();
  });
});

test('action-validator rejects a broken workflow (the check can fail)', () => {
  expect(actionValidator(join(FIXTURES, 'broken-workflow.yml')).status).not.toBe(0);
});

test('the HCP token variable is named after the hostname (dots as _, hyphens as __), a hostname that is not one is refused', () => {
  const check = stepOf(load('apply.yml').jobs.apply!, /backend\.remote/).run!;
  const dir = mkdtempSync(join(tmpdir(), 'backend-'));
  try {
    const env = (json: unknown) => {
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json));
      writeFileSync(join(dir, 'env'), '');
      const result = runScript(check, dir, { PATH: process.env.PATH!, GITHUB_ENV: join(dir, 'env') });
      return { status: result.status, env: readFileSync(join(dir, 'env'), 'utf8') };
    };
    expect(env({ terraform: { backend: { remote: { organization: 'o', workspaces: { name: 'w' } } } } })).toEqual({ status: 0, env: 'TF_TOKEN_NAME=TF_TOKEN_app_terraform_io\n' });
    expect(env({ terraform: { backend: { remote: { hostname: 'tfe.bekasi-kota.go.id', organization: 'o' } } } })).toEqual({ status: 0, env: 'TF_TOKEN_NAME=TF_TOKEN_tfe_bekasi__kota_go_id\n' });
    expect(env({ terraform: { backend: { s3: { bucket: 'b' } } } })).toEqual({ status: 0, env: '' });
    expect(env({ terraform: { backend: { remote: { hostname: 'x;$(id)' } } } }).status).toBe(1);
    expect(env({ terraform: { backend: { local: { path: 'x' } } } }).status).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
