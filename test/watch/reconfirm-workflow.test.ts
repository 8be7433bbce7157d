import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { RECONFIRM_LABEL } from '../../src/watch/reconfirm.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PATH = join(ROOT, '.github/workflows/reconfirm.yml');
const CALLER = join(ROOT, '.github/workflows/subdomain-reconfirm.yml');

interface Step { name?: string; id?: string; if?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Job { if?: string; environment?: string; concurrency?: unknown; permissions?: Record<string, string>; env?: Record<string, string>; steps: Step[]; uses?: string; secrets?: string }
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const workflow = parse(readFileSync(PATH, 'utf8')) as Workflow;
const caller = parse(readFileSync(CALLER, 'utf8')) as Workflow;
const call = caller.jobs.confirm!;
const steps = parse(readFileSync(join(ROOT, '.github/workflows/steps.yml'), 'utf8')) as Workflow;
const job = workflow.jobs.confirm!;
const runs = job.steps.filter((s) => s.run !== undefined);

describe('.github/workflows/reconfirm.yml and its caller', () => {
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

  test('runs on new comments on re-confirmation issues only, never on a pull request or a bot’s comment; one run per issue at a time', () => {
    expect(caller.on).toEqual({ issue_comment: { types: ['created'] } });
    expect(call.if).toContain('github.event.issue.pull_request == null');
    expect(call.if).toContain(`contains(github.event.issue.labels.*.name, '${RECONFIRM_LABEL}')`);
    expect(call.if).toContain("github.event.comment.user.type != 'Bot'");
    expect(call.concurrency).toEqual({ group: 'subdomain-reconfirm-${{ github.event.issue.number }}-${{ github.event.comment.user.login }}', 'cancel-in-progress': false });
    expect(call.secrets).toBe('inherit');
  });

  test('least permissions: the workflow token only reads; what is written goes with the App\'s token', () => {
    expect(workflow.permissions).toEqual({});
    expect(caller.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: 'read', issues: 'read', 'id-token': 'write' });
    expect(call.permissions).toEqual(job.permissions);
    expect(job.environment).toBe('sop-app');
    for (const s of job.steps.filter((s) => s.env?.GITHUB_TOKEN || s.env?.GH_TOKEN)) expect(s.env!.GITHUB_TOKEN ?? s.env!.GH_TOKEN).toBe('${{ steps.app.outputs.token }}');
  });

  test('the comment and issue bodies reach no step; only ids pass through env', () => {
    const envs = job.steps.flatMap((s) => Object.values(s.env ?? {}));
    expect(envs.filter((v) => /comment\.body|issue\.body|issue\.title|head_ref|head\.ref/.test(v))).toEqual([]);
    const step = job.steps.find((s) => s.id === 'confirm')!;
    expect(step.env).toMatchObject({ ISSUE: '${{ github.event.issue.number }}', COMMENT_ID: '${{ github.event.comment.id }}', REPO: '${{ github.repository }}' });
    expect(step.run).toContain('subdomain confirm --repo "$REPO" --issue "$ISSUE" --comment "$COMMENT_ID"');
  });

  test('like steps.yml: the product at the called version on the default branch\'s data, no dependency scripts, the App required', () => {
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === 'office')!;
    expect(checkout.with?.ref).toBe('${{ github.event.repository.default_branch }}');
    expect(runs.some((s) => s.run!.startsWith('npm ci --ignore-scripts'))).toBe(true);
    expect(job.steps[0]!.if).toBe("env.HAS_APP != 'true'");
    const app = job.steps.find((s) => s.uses?.startsWith('actions/create-github-app-token@'))!;
    expect(app.if).toBeUndefined();
    expect(job.env).toEqual(steps.jobs.record!.env);
    expect(job.steps.find((s) => s.id === 'confirm')!.env!.GITHUB_TOKEN).toBe('${{ steps.app.outputs.token }}');
    const actions = (w: Workflow) => [...new Set(Object.values(w.jobs).flatMap((j) => j.steps.flatMap((s) => s.uses ?? [])))].sort();
    expect(actions(workflow)).toEqual(actions(steps));
  });

  test('commits subdomains/ as the App\'s bot, retries a moved branch without a second reply, reopens when it did not land', () => {
    const push = job.steps.find((s) => s.run?.includes('auth push'))!;
    expect(push.if).toBe("steps.confirm.outputs.code == '0'");
    expect(push.run).toContain('git config user.name "$BOT"');
    expect(push.run).toContain('git add -- subdomains');
    expect(push.run).toContain('git rebase -q "origin/$BRANCH"');
    expect(push.run).toContain('--no-reply');
    expect(push.run).toContain('[skip ci]');
    const failed = job.steps.at(-1)!;
    expect(failed.if).toContain('failure()');
    expect(failed.run).toContain('-f state=open');
  });
});

describe('the commit-and-push script, run for real against a bare remote', () => {
  const script = job.steps.find((s) => s.run?.includes('auth push'))!.run!;
  const FILE = 'subdomains/sehat.bekasikota.go.id.yaml';
  const dirs: string[] = [];

  const sh = (cwd: string, command: string, env: Record<string, string> = {}) =>
    spawnSync('bash', ['-eo', 'pipefail', '-c', command], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid', ...env },
    });
  const must = (cwd: string, command: string) => {
    const result = sh(cwd, command);
    if (result.status !== 0) throw new Error(`${command}: ${result.stderr}`);
    return result;
  };

  function setup(): { origin: string; runner: string; other: string; bin: string } {
    const base = mkdtempSync(join(tmpdir(), 'reconfirm-push-'));
    dirs.push(base);
    const [origin, runner, other, bin] = ['origin.git', 'runner', 'other', 'bin'].map((d) => join(base, d)) as [string, string, string, string];
    mkdirSync(bin);
    // Stands in for `subdomain confirm … --no-reply`: records the confirmation again on the new tip.
    writeFileSync(join(bin, 'subdomain'), `#!/bin/bash\necho "subdomain $*" >> "${base}/npx.log"\nprintf '  - action: confirm\\n    by: staf-dinkes\\n' >> ${FILE}\n`, { mode: 0o755 });
    must(base, `git init -q --bare -b main origin.git && git clone -q origin.git seed 2>/dev/null && cd seed && mkdir -p subdomains && printf 'history:\\n  - action: create\\n' > ${FILE} && git add -A && git commit -qm base && git push -q origin HEAD:main`);
    must(base, 'git clone -q origin.git runner && git clone -q origin.git other');
    return { origin, runner, other, bin };
  }

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const env = (bin: string) => ({ PATH: `${bin}:${process.env.PATH}`, BRANCH: 'main', ISSUE: '41', REPO: 'o/n', COMMENT_ID: '9', PUSH_TOKEN: 'app-token', BOT: 'sop-bekasi[bot]' });

  test('a main that moved elsewhere: rebase and push', () => {
    const { origin, runner, other, bin } = setup();
    must(runner, `printf '  - action: confirm\\n    by: tim-dinkes\\n' >> ${FILE}`);
    must(other, 'mkdir -p requests && echo x > requests/x.yaml && git add -A && git commit -qm other && git push -q origin HEAD:main');
    expect(sh(runner, script, env(bin)).status).toBe(0);
    expect(sh(origin, 'git log --format=%s main').stdout.trim().split('\n')).toEqual([
      'Catat konfirmasi ulang sub domain / record a subdomain re-confirmation (#41) [skip ci]', 'other', 'base',
    ]);
    expect(existsSync(join(dirname(origin), 'npx.log'))).toBe(false);
  });

  test('the same register file changed meanwhile: confirm again on the new tip, without a reply', () => {
    const { origin, runner, other, bin } = setup();
    must(runner, `printf '  - action: confirm\\n    by: tim-dinkes\\n' >> ${FILE}`);
    must(other, `printf '  - action: update\\n' >> ${FILE} && git commit -qam other && git push -q origin HEAD:main`);
    expect(sh(runner, script, env(bin)).status).toBe(0);
    expect(readFileSync(join(dirname(origin), 'npx.log'), 'utf8')).toBe('subdomain confirm --repo o/n --issue 41 --comment 9 --no-reply\n');
    const file = sh(origin, `git show main:${FILE}`).stdout;
    expect(file).toBe('history:\n  - action: create\n  - action: update\n  - action: confirm\n    by: staf-dinkes\n');
  });

  test('nothing changed: no commit, exit 0', () => {
    const { origin, runner, bin } = setup();
    expect(sh(runner, script, env(bin)).status).toBe(0);
    expect(sh(origin, 'git log --format=%s main').stdout.trim()).toBe('base');
  });
});
