import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionValidator, callerOf, load, runScript, runSteps, stepOf, steps, text, type Job } from './support/workflow.js';
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { ROOT } from './support/workflow.js';

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

  test('one run of main at a time, joined when the run is queued, never cancelled; no job joins a group late', () => {
    expect(caller.concurrency).toEqual({ group: "${{ github.ref == 'refs/heads/main' && 'dns-apply' || format('dns-apply-{0}', github.run_id) }}", 'cancel-in-progress': false });
    for (const job of Object.values(workflow.jobs)) expect(job.concurrency).toBeUndefined();
    expect(apply.environment).toBe('dns-production');
  });

  test('applies the tip of main as it is when the run starts, never github.sha (a re-run converges to today\'s main)', () => {
    const tip = steps(zones).find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(tip.with).toMatchObject({ ref: 'main', path: 'office' });
    expect(stepOf(zones, 'tip').run).toBe('echo "commit=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"\necho "attempt=$GITHUB_RUN_ATTEMPT" >> "$GITHUB_OUTPUT"\n');
    expect(zones.outputs!.commit).toBe('${{ steps.tip.outputs.commit }}');
    expect(zones.outputs!.attempt).toBe('${{ steps.tip.outputs.attempt }}');
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

describe('the register job\'s letters, commit and pull request comment, run in order for real (bare remote, stand-in `subdomain` and `gh`)', () => {
  const register = load('apply.yml').jobs.register!;
  const letters = stepOf(register, 'letters');
  const push = stepOf(register, /auth push/);
  const comment = stepOf(register, /gh pr comment/);
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const gitEnv = (home: string) => ({ PATH: process.env.PATH!, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' });
  const sh = (cwd: string, command: string) => {
    const result = runScript(command, cwd, gitEnv(cwd));
    if (result.status !== 0) throw new Error(`${command}: ${result.stderr}`);
    return result.stdout;
  };
  const Z = 'bekasikota.go.id';
  /** origin's main holds `files`; the runner's clone, then `register` changes it as `subdomain register` would. */
  function setup(files: string[], register: string) {
    const base = mkdtempSync(join(tmpdir(), 'register-letters-'));
    dirs.push(base);
    const [bin, temp] = [join(base, 'bin'), join(base, 'temp')];
    sh(base, `mkdir bin temp && git init -q --bare -b main origin.git && git clone -q origin.git seed 2>/dev/null && cd seed && mkdir -p requests subdomains && for f in ${files.join(' ')}; do echo a > "$f"; done && git add -A && git commit -qm base && git push -q origin HEAD:main`);
    sh(base, 'git clone -q origin.git runner');
    const runner = join(base, 'runner');
    sh(runner, register);
    // `subdomain letter <fqdn> --out <dir>`: one PDF, or a failure for $FAIL_LETTER (a missing emblem, say).
    writeFileSync(join(bin, 'subdomain'), `#!/bin/bash\necho "subdomain $*" >> "${base}/calls.log"\n[ "$2" != "\${FAIL_LETTER:-}" ] || exit 1\ntouch "$4/$2-surat-balasan.pdf"\n`, { mode: 0o755 });
    // `gh pr comment …--body-file <file>`: logs the call and keeps the body.
    writeFileSync(join(bin, 'gh'), `#!/bin/bash\necho "gh $*" >> "${base}/calls.log"\nwhile [ $# -gt 0 ]; do [ "$1" != --body-file ] || cp "$2" "${base}/comment.md"; shift; done\n`, { mode: 0o755 });
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: runner, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', RUNNER_TEMP: temp, GITHUB_OUTPUT: join(base, 'output'), PR: '7' };
    const step = (script: string, extra: Record<string, string> = {}) => runScript(script, runner, { ...env, ...extra });
    const read = (name: string) => (existsSync(join(base, name)) ? readFileSync(join(base, name), 'utf8') : '');
    return { origin: join(base, 'origin.git'), runner, step, read };
  }

  test('a letter for every register file created or changed, none for a deleted one; a failed letter is a warning; the PDFs are not committed; the comment lists them', () => {
    const { origin, runner, step, read } = setup(
      [`requests/sehat.${Z}.yaml`, `requests/pasar.${Z}.yaml`, `requests/arsip.${Z}.yaml`, `subdomains/pasar.${Z}.yaml`, `subdomains/arsip.${Z}.yaml`, `subdomains/lama.${Z}.yaml`],
      `rm requests/*.yaml && echo b > subdomains/sehat.${Z}.yaml && echo b > subdomains/pasar.${Z}.yaml && echo b > subdomains/emblem.${Z}.yaml && rm subdomains/arsip.${Z}.yaml`,
    );
    const made = step(letters.run!, { FAIL_LETTER: `emblem.${Z}` });
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain(`::warning::Surat untuk emblem.${Z} tidak dapat dibuat; daftar tetap dicatat. / The letter for emblem.${Z} could not be made`);
    expect(read('output')).toBe('made=true\n');
    expect(read('calls.log').trim().split('\n').sort()).toEqual([`emblem.${Z}`, `pasar.${Z}`, `sehat.${Z}`].map((n) => `subdomain letter ${n} --out letters`));
    expect(readdirSync(join(runner, 'letters')).sort()).toEqual([`pasar.${Z}-surat-balasan.pdf`, `sehat.${Z}-surat-balasan.pdf`]);

    const pushed = step(push.run!, { PUSH_TOKEN: 'app-token', BOT: 'sop-bekasi[bot]', BRANCH: 'main' });
    expect(pushed.status, pushed.stderr).toBe(0);
    expect(sh(origin, 'git ls-tree -r --name-only main').trim().split('\n')).toEqual([`subdomains/emblem.${Z}.yaml`, `subdomains/lama.${Z}.yaml`, `subdomains/pasar.${Z}.yaml`, `subdomains/sehat.${Z}.yaml`]);

    expect(comment.if).toBe("steps.letters.outputs.made == 'true'");
    expect(comment.env).toEqual({ GH_TOKEN: '${{ steps.app.outputs.token }}', PR: '${{ needs.zones.outputs.pr }}' });
    const commented = step(comment.run!, { GH_TOKEN: 'app-token', GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'pemkot/dns', GITHUB_RUN_ID: '555' });
    expect(commented.status, commented.stderr).toBe(0);
    expect(read('calls.log')).toContain(`gh pr comment 7 --repo pemkot/dns --body-file ${join(runner, '..', 'temp', 'letters-comment.md')}\n`);
    expect(read('comment.md')).toBe([
      'DNS sudah diterapkan dan subdomain dicatat di daftar. / DNS is applied and the subdomain is registered.',
      '',
      'Surat resmi (PDF) / official letters: artefak `surat-letters` di https://github.example/pemkot/dns/actions/runs/555',
      '',
      `- pasar.${Z}-surat-balasan.pdf`,
      `- sehat.${Z}-surat-balasan.pdf`,
      '',
    ].join('\n'));
  });

  test('the first register file of a repository (subdomains/ holds no tracked file yet) gets its letter too', () => {
    const { runner, step, read } = setup([`requests/sehat.${Z}.yaml`], `rm requests/sehat.${Z}.yaml && mkdir -p subdomains && echo b > subdomains/sehat.${Z}.yaml`);
    expect(step(letters.run!).status).toBe(0);
    expect(read('output')).toBe('made=true\n');
    expect(readdirSync(join(runner, 'letters'))).toEqual([`sehat.${Z}-surat-balasan.pdf`]);
  });

  test('only deletions: no letter, no `made`, so no comment and no artifact', () => {
    const { runner, step, read } = setup([`requests/arsip.${Z}.yaml`, `subdomains/arsip.${Z}.yaml`], `rm requests/arsip.${Z}.yaml subdomains/arsip.${Z}.yaml`);
    expect(step(letters.run!).status).toBe(0);
    expect(read('output')).toBe('');
    expect(read('calls.log')).toBe('');
    expect(readdirSync(join(runner, 'letters'))).toEqual([]);
    expect(steps(register).find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.if).toBe("steps.letters.outputs.made == 'true'");
  });
});

describe('a job of the apply re-run on its own applies only the tip of main (run for real against a bare remote)', () => {
  const apply = load('apply.yml').jobs.apply!;
  const check = stepOf(apply, /refs\/remotes\/origin/);
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const gitEnv = (home: string) => ({ PATH: process.env.PATH!, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' });
  const sh = (cwd: string, command: string) => {
    const result = runScript(command, cwd, gitEnv(cwd));
    if (result.status !== 0) throw new Error(`${command}: ${result.stderr}`);
    return result.stdout.trim();
  };
  /** origin's main at `base`; the runner's checkout of that commit, as job `apply` makes it (depth 1, detached). */
  function setup() {
    const base = mkdtempSync(join(tmpdir(), 'apply-tip-'));
    dirs.push(base);
    sh(base, 'git init -q --bare -b main origin.git && git clone -q origin.git seed 2>/dev/null && cd seed && mkdir -p requests && echo a > requests/sehat.yaml && git add -A && git commit -qm base && git push -q origin HEAD:main');
    const commit = sh(join(base, 'seed'), 'git rev-parse HEAD');
    sh(base, `git init -q office && cd office && git remote add origin "${join(base, 'origin.git')}" && git fetch -q --depth=1 origin ${commit} && git checkout -q --detach ${commit}`);
    return { seed: join(base, 'seed'), office: join(base, 'office'), commit };
  }
  const merge = (seed: string) => sh(seed, 'echo b > requests/pasar.yaml && git add -A && git commit -qm newer && git push -q origin HEAD:main && git rev-parse HEAD');
  const run = (office: string, zonesAttempt: string, attempt: string) =>
    runScript(check.run!, office, { PATH: process.env.PATH!, HOME: office, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', FETCH_TOKEN: 'workflow-token', BRANCH: 'main', ZONES_ATTEMPT: zonesAttempt, GITHUB_RUN_ATTEMPT: attempt });

  test('runs before anything is synthesized or planned, with the workflow token and the attempt job `zones` ran in', () => {
    const all = steps(apply);
    const at = all.indexOf(check);
    expect(at).toBe(all.findIndex((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === 'office') + 1);
    expect(at).toBeLessThan(all.findIndex((s) => s.name === 'terraform init'));
    expect(at).toBeLessThan(all.findIndex((s) => /subdomain synth/.test(s.run ?? '')));
    expect(check.env).toEqual({ FETCH_TOKEN: '${{ github.token }}', ZONES_ATTEMPT: '${{ needs.zones.outputs.attempt }}', BRANCH: 'main' });
  });

  test('"Re-run failed jobs" after main moved: refused, in Indonesian and English, pointing to "Re-run all jobs" or "Run workflow"', () => {
    const { seed, office, commit } = setup();
    const tip = merge(seed);
    const result = run(office, '1', '2');
    expect(result.status).toBe(1);
    const error = result.stdout.split('\n').find((l) => l.startsWith('::error::'))!;
    expect(error).toContain(`commit ${commit}`);
    expect(error).toContain(`main sudah di ${tip}`);
    expect(error).toContain(`main is at ${tip} now`);
    expect(error).toContain('"Re-run all jobs" atau "Run workflow"');
    expect(error).toContain('"Re-run all jobs" or "Run workflow"');
    expect(error).not.toMatch(/re-run failed jobs/i);
  });

  test('re-run on its own while main is unchanged: applies (the commit is still the whole desired state)', () => {
    const { office, commit } = setup();
    const result = run(office, '1', '3');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`still the tip of main: ${commit}`);
  });

  test('the attempt that read the commit: applies as read, without asking main (a merge meanwhile is applied by the run it queued)', () => {
    const { seed, office } = setup();
    merge(seed);
    rmSync(join(office, '..', 'origin.git'), { recursive: true, force: true });
    expect(run(office, '2', '2').status).toBe(0);
  });

  test('job `zones` named no attempt, or main cannot be read: checked, never applied unchecked', () => {
    const { seed, office } = setup();
    merge(seed);
    expect(run(office, '', '1').status).toBe(1);
    rmSync(join(office, '..', 'origin.git'), { recursive: true, force: true });
    const unreadable = run(office, '1', '2');
    expect(unreadable.status).toBe(1);
    expect(unreadable.stdout).toMatch(/^::error::Ujung main tidak dapat dibaca.*\/ The tip of main cannot be read/m);
    expect(run(office, '', '1').status).toBe(1);
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

describe('the apply reaches Cloudflare through `subdomain pace` (provider 5.x neither paces nor retries a 429)', () => {
  const apply = load('apply.yml').jobs.apply!;
  const all = steps(apply);
  const start = stepOf(apply, /subdomain pace /);
  const stop = stepOf(apply, /kill -TERM/);
  const at = (s: object) => all.indexOf(s as never);

  test('started after the install and terraform init, before the plan; stopped after the apply, always; no secret in either', () => {
    expect(at(start)).toBeGreaterThan(all.findIndex((s) => (s.run ?? '').includes('>> "$GITHUB_PATH"')));
    expect(at(start)).toBeGreaterThan(all.findIndex((s) => s.name === 'terraform init'));
    expect(at(start)).toBeLessThan(all.findIndex((s) => s.name === 'terraform plan'));
    expect(at(stop)).toBeGreaterThan(all.findIndex((s) => s.name === 'terraform apply'));
    expect(stop.if).toBe('always()');
    for (const s of [start, stop]) {
      expect(s.env, s.name).toBeUndefined();
      expect(s['working-directory'], s.name).toBeUndefined();
    }
    // The synthesized variable (test/dns/synth.test.ts) the steps after it read as TF_VAR_<name>.
    expect(start.run).toContain('echo "TF_VAR_cloudflare_base_url=$url" >> "$GITHUB_ENV"');
  });

  describe('run for real: the start and stop scripts with the real proxy (compiled from src/) on PATH as `subdomain`', () => {
    let dir: string;
    let upstream: ReturnType<typeof createServer>;
    const seen: { url: string; authorization?: string }[] = [];
    const env = () => ({ PATH: `${join(dir, 'bin')}:${process.env.PATH!}`, RUNNER_TEMP: join(dir, 'temp'), GITHUB_ENV: join(dir, 'github-env'), HOME: dir, CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/client/v4` });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'apply-pace-'));
      for (const d of ['bin', 'temp', 'office']) mkdirSync(join(dir, d));
      await build({
        stdin: {
          contents: `import { run } from ${JSON.stringify(join(ROOT, 'src/cli/pace.ts'))};
const [command, ...args] = process.argv.slice(2);
if (command !== 'pace') { console.error('stand-in: only pace'); process.exit(2); }
process.exitCode = await run(args, { cwd: process.cwd(), env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), now: () => new Date() });`,
          resolveDir: ROOT,
          loader: 'ts',
        },
        bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: join(dir, 'pace.mjs'), logLevel: 'silent',
      });
      writeFileSync(join(dir, 'bin', 'subdomain'), `#!/usr/bin/env bash\nexec node ${JSON.stringify(join(dir, 'pace.mjs'))} "$@"\n`);
      chmodSync(join(dir, 'bin', 'subdomain'), 0o755);
      upstream = createServer((req, res) => {
        seen.push({ url: req.url!, authorization: req.headers.authorization });
        res.end('{"success":true}');
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      // Only the proxy these tests started, by its pid, should a test have failed before the stop.
      const pid = join(dir, 'temp', 'pace.pid');
      if (existsSync(pid)) try { process.kill(Number(readFileSync(pid, 'utf8')), 'SIGTERM'); } catch { /* gone */ }
      await new Promise((resolve) => upstream.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    test('start exports TF_VAR_cloudflare_base_url on 127.0.0.1, the proxy forwards, stop ends it and prints the summary', async () => {
      writeFileSync(join(dir, 'github-env'), '');
      const started = runScript(start.run!, join(dir, 'office'), env());
      expect(started.status, started.stdout + started.stderr).toBe(0);
      const exported = readFileSync(join(dir, 'github-env'), 'utf8');
      const url = /^TF_VAR_cloudflare_base_url=(http:\/\/127\.0\.0\.1:\d+\/client\/v4)\n$/.exec(exported)?.[1];
      expect(url, exported).toBeDefined();
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${url}/zones/z/dns_records?per_page=5000`, { headers: { authorization: 'Bearer workflow-secret' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
      expect(seen).toEqual([{ url: '/client/v4/zones/z/dns_records?per_page=5000', authorization: 'Bearer workflow-secret' }]);
      const pid = Number(readFileSync(join(dir, 'temp', 'pace.pid'), 'utf8'));

      const stopped = runScript(stop.run!, join(dir, 'office'), env());
      expect(stopped.status, stopped.stderr).toBe(0);
      expect(stopped.stdout).toMatch(/Cloudflare pacing: 1 permintaan\/requests, 0 ulang\/retries/);
      expect(stopped.stdout).not.toContain('workflow-secret');
      expect(existsSync(join(dir, 'temp', 'pace.pid'))).toBe(false);
      // Gone (or a zombie waiting to be reaped): it no longer listens.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await new Promise((resolve) => request(`${url}/zones`, () => resolve('answered')).on('error', () => resolve('refused')).end())).toBe('refused');
      expect(Number.isInteger(pid)).toBe(true);
    });

    test('a proxy that cannot start fails the step with the log and an error; stop without a start does nothing', () => {
      writeFileSync(join(dir, 'github-env'), '');
      const failing = { ...env(), CLOUDFLARE_API_BASE_URL: 'http://example.invalid/client/v4' };
      const started = runScript(start.run!, join(dir, 'office'), failing);
      expect(started.status).toBe(1);
      expect(started.stdout).toContain('--upstream harus https');
      expect(started.stdout).toMatch(/::error::Proksi jeda Cloudflare tidak siap \/ the Cloudflare pacing proxy did not start/);
      expect(readFileSync(join(dir, 'github-env'), 'utf8')).toBe('');
      rmSync(join(dir, 'temp', 'pace.pid'), { force: true });
      expect(runScript(stop.run!, join(dir, 'office'), env())).toMatchObject({ status: 0, stdout: '' });
    });
  });
});
