import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const PATH = join(ROOT, '.github/workflows/steps.yml');
const CALLER = join(ROOT, '.github/workflows/subdomain-steps.yml');

interface Step { name?: string; id?: string; if?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Job { if?: string; needs?: string; environment?: string; permissions?: Record<string, string>; concurrency?: unknown; env?: Record<string, string>; outputs?: Record<string, string>; steps: Step[]; uses?: string; with?: Record<string, string>; secrets?: string }
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; concurrency?: unknown; jobs: Record<string, Job> }

const text = readFileSync(PATH, 'utf8');
const workflow = parse(text) as Workflow;
const caller = parse(readFileSync(CALLER, 'utf8')) as Workflow;
const call = caller.jobs.steps!;
const check = workflow.jobs.check!;
const job = workflow.jobs.record!;
const all = [...check.steps, ...job.steps];
const runs = all.filter((s) => s.run !== undefined);

describe('.github/workflows/steps.yml and its caller', () => {
  test('passes action-validator', () => {
    for (const file of [PATH, CALLER]) {
      const result = spawnSync(join(ROOT, 'node_modules/.bin/action-validator'), [file], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });

  test('no run: script interpolates an expression', () => {
    expect(runs.filter((s) => s.run!.includes('${{')).map((s) => s.name)).toEqual([]);
  });

  test('every run: script is valid bash', () => {
    for (const step of runs) expect({ step: step.name, stderr: spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' }).stderr }).toEqual({ step: step.name, stderr: '' });
  });

  test('runs on new comments, only for merged pull requests, never for a bot’s comment', () => {
    expect(caller.on).toEqual({ issue_comment: { types: ['created'] } });
    expect(call.if).toContain('github.event.issue.pull_request != null');
    expect(call.if).toContain('github.event.issue.pull_request.merged_at != null');
    expect(call.if).toContain("github.event.comment.user.type != 'Bot'");
    expect(call.uses).toBe('./.github/workflows/steps.yml');
    expect(call.secrets).toBe('inherit');
  });

  // GitHub keeps one running and one waiting job per concurrency group; a newer waiting one
  // replaces (cancels) the older. A group that every comment joins would let anyone's comment
  // cancel an official's waiting step. Only the write job of a role holder's command joins the
  // group, and the run that survives catches up the commands of cancelled ones (step-cli.test.ts).
  test('one write per pull request at a time, and only a role holder\'s command joins that queue', () => {
    expect(caller.concurrency).toBeUndefined();
    expect(call.concurrency).toBeUndefined();
    expect(check.concurrency).toBeUndefined();
    expect(job.concurrency).toEqual({ group: 'sop-steps-${{ github.event.issue.number }}', 'cancel-in-progress': false });
    // `record` is skipped (and so never queued) unless the read-only check said `proceed`.
    expect(job.needs).toBe('check');
    expect(job.if).toBe("needs.check.outputs.proceed == 'true'");
    expect(Object.keys(workflow.jobs)).toEqual(['check', 'record']);
  });

  test('least permissions: the workflow token only reads; writes go with the App\'s token', () => {
    expect(workflow.permissions).toEqual({});
    expect(caller.permissions).toEqual({});
    expect(call.permissions).toEqual({ contents: 'read', 'pull-requests': 'read', 'id-token': 'write' });
    expect(check.permissions).toEqual({ contents: 'read', 'pull-requests': 'read', 'id-token': 'write' });
    expect(job.permissions).toEqual({ contents: 'read' });
    expect(check.environment).toBe('sop-app');
    expect(job.environment).toBe('sop-app');
  });

  test('a comment from someone holding no role starts no write job: the read-only check decides', () => {
    const gate = check.steps.find((s) => s.id === 'gate')!;
    expect(gate.run).toContain('subdomain step --repo "$REPO" --pr "$PR" --comment "$COMMENT_ID" --gate');
    expect(check.outputs!.proceed).toBe('${{ steps.gate.outputs.proceed }}');
    expect(job.needs).toBe('check');
    expect(job.if).toBe("needs.check.outputs.proceed == 'true'");
    // The check's App token can only read.
    const app = check.steps.find((s) => s.uses?.startsWith('actions/create-github-app-token@'))!;
    expect(Object.entries(app.with!).filter(([k]) => k.startsWith('permission-')).map(([, v]) => v)).toEqual(['read', 'read', 'read']);
  });

  test('the comment body reaches no step; only ids pass through env', () => {
    const envs = all.flatMap((s) => Object.values(s.env ?? {}));
    expect(envs.filter((v) => /comment\.body|issue\.body|issue\.title|head_ref|head\.ref/.test(v))).toEqual([]);
    const step = job.steps.find((s) => s.id === 'step')!;
    expect(step.env).toMatchObject({ PR: '${{ github.event.issue.number }}', COMMENT_ID: '${{ github.event.comment.id }}', REPO: '${{ github.repository }}', SUBDOMAIN_INTAKE_BOTS: '${{ inputs.intake-bots }}' });
    expect(step.run).toContain('subdomain step --repo "$REPO" --pr "$PR" --comment "$COMMENT_ID"');
  });

  test('runs the product at the called version, the default branch as data, installs without dependency scripts', () => {
    for (const j of [check, job]) {
      const office = j.steps.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === 'office')!;
      expect(office.with?.ref).toBe('${{ github.event.repository.default_branch }}');
      expect(j.steps.some((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === '.product')).toBe(true);
      expect(j.steps.some((s) => s.run?.startsWith('npm ci --ignore-scripts'))).toBe(true);
    }
    expect(job.steps.find((s) => s.with?.path === '.product')!.with!.ref).toBe('${{ needs.check.outputs.product-sha }}');
  });

  test('the App is required to record, and its token does everything the job writes', () => {
    expect(job.steps[0]!.if).toBe("env.HAS_APP != 'true'");
    const app = job.steps.find((s) => s.uses?.startsWith('actions/create-github-app-token@'))!;
    expect(app.if).toBeUndefined();
    for (const s of job.steps.filter((s) => s.env?.GITHUB_TOKEN || s.env?.GH_TOKEN)) expect(s.env!.GITHUB_TOKEN ?? s.env!.GH_TOKEN).toBe('${{ steps.app.outputs.token }}');
  });

  test('commits subdomains/ as the App\'s bot, pushes with its token, and retries a moved branch', () => {
    const push = job.steps.find((s) => s.run?.includes('auth push'))!;
    expect(push.if).toBe("steps.step.outputs.code == '0'");
    expect(push.env).toMatchObject({ PUSH_TOKEN: '${{ steps.app.outputs.token }}', BOT: '${{ steps.app.outputs.app-slug }}[bot]' });
    expect(push.run).toContain('git config user.name "$BOT"');
    expect(push.run).toContain('git add -- subdomains');
    expect(push.run).toContain('git rebase -q "origin/$BRANCH"');
    expect(push.run).toContain('[skip ci]');
    expect(push.run).toContain('--no-reply');
  });
});

describe('the gate script, run for real: only `proceed` starts the write job (and so joins its queue)', () => {
  const script = check.steps.find((s) => s.id === 'gate')!.run!;
  const gate = (printed: string, exit = 0) => {
    const dir = mkdtempSync(join(tmpdir(), 'steps-gate-'));
    try {
      writeFileSync(join(dir, 'subdomain'), `#!/bin/bash\necho "subdomain $*" >> "${dir}/calls.log"\nprintf '%s\\n' '${printed}'\nexit ${exit}\n`, { mode: 0o755 });
      writeFileSync(join(dir, 'output'), '');
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd: dir, encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: join(dir, 'output'), REPO: 'o/n', PR: '7', COMMENT_ID: '99' },
      });
      return { status: result.status, output: readFileSync(join(dir, 'output'), 'utf8'), calls: readFileSync(join(dir, 'calls.log'), 'utf8') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test('a role holder\'s command: proceed=true; anyone else\'s comment: proceed=false; a failed check fails the job', () => {
    expect(gate('proceed')).toEqual({ status: 0, output: 'proceed=true\n', calls: 'subdomain step --repo o/n --pr 7 --comment 99 --gate\n' });
    expect(gate('ignore').output).toBe('proceed=false\n');
    expect(gate('proceed-ish').output).toBe('proceed=false\n');
    expect(gate('', 2)).toMatchObject({ status: 2, output: '' });
  });
});

describe('the commit-and-push script, run for real against a bare remote', () => {
  const script = job.steps.find((s) => s.run?.includes('auth push'))!.run!;
  const FILE = 'subdomains/perizinan.lumajangkab.go.id.yaml';
  let dirs: string[] = [];

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
    const base = mkdtempSync(join(tmpdir(), 'steps-push-'));
    dirs.push(base);
    const [origin, runner, other, bin] = ['origin.git', 'runner', 'other', 'bin'].map((d) => join(base, d)) as [string, string, string, string];
    mkdirSync(bin);
    // Stands in for `subdomain step … --no-reply`: records the step again on the new tip.
    writeFileSync(join(bin, 'subdomain'), `#!/bin/bash\necho "subdomain $*" >> "${base}/npx.log"\necho '      - { step: laporan_admin, by: admin-server-lmj, at: "2026-11-17T03:00:00Z" }' >> ${FILE}\n`, { mode: 0o755 });
    must(base, `git init -q --bare -b main origin.git && git clone -q origin.git seed 2>/dev/null && cd seed && mkdir -p subdomains requests && printf 'history:\\n  - approvals:\\n      - { step: a }\\n' > ${FILE} && git add -A && git commit -qm base && git push -q origin HEAD:main`);
    must(base, 'git clone -q origin.git runner && git clone -q origin.git other');
    return { origin, runner, other, bin };
  }

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  const env = (bin: string) => ({ PATH: `${bin}:${process.env.PATH}`, BRANCH: 'main', PR: '7', REPO: 'o/n', COMMENT_ID: '1', PUSH_TOKEN: 'app-token', BOT: 'sop-lumajang[bot]' });

  test('a main that moved elsewhere: rebase and push', () => {
    const { origin, runner, other, bin } = setup();
    must(runner, `echo '      - { step: b }' >> ${FILE}`);
    must(other, 'mkdir -p requests && echo x > requests/x.yaml && git add -A && git commit -qm other && git push -q origin HEAD:main');
    const result = sh(runner, script, env(bin));
    expect(result.status).toBe(0);
    const log = sh(origin, 'git log --format=%s main').stdout.trim().split('\n');
    expect(log).toEqual(['Catat langkah SOP setelah merge / record an after-merge SOP step (#7) [skip ci]', 'other', 'base']);
    expect(existsSync(join(dirname(origin), 'npx.log'))).toBe(false);
  });

  test('the same register file changed meanwhile: record again on the new tip, without a reply', () => {
    const { origin, runner, other, bin } = setup();
    must(runner, `echo '      - { step: b }' >> ${FILE}`);
    must(other, `echo '      - { step: c }' >> ${FILE} && git commit -qam other && git push -q origin HEAD:main`);
    const result = sh(runner, script, env(bin));
    expect(result.status).toBe(0);
    expect(readFileSync(join(dirname(origin), 'npx.log'), 'utf8')).toBe('subdomain step --repo o/n --pr 7 --comment 1 --no-reply\n');
    const file = sh(origin, `git show main:${FILE}`).stdout;
    expect(file).toContain('{ step: c }');
    expect(file).toContain('{ step: laporan_admin');
    expect(file).not.toContain('{ step: b }');
  });

  test('nothing changed: no commit, exit 0', () => {
    const { origin, runner, bin } = setup();
    expect(sh(runner, script, env(bin)).status).toBe(0);
    expect(sh(origin, 'git log --format=%s main').stdout.trim()).toBe('base');
  });
});
