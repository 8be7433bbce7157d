/**
 * Every workflow file, read line by line as GitHub would: reusable workflows behind thin callers,
 * least permissions that the callers grant, third-party actions pinned by commit SHA, no
 * expression inside a shell script, nothing of the office run, and re-runs that can upload again.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALL, CALLERS, REUSABLE, ROOT, actionValidator, callerOf, load, runSteps, steps, text, WORKFLOW_DIR, type Job } from './support/workflow.js';

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };
/** A line of a script that runs the product's CLI (at a command's start, not inside a message). */
const RUNS_SUBDOMAIN = /(?:^\s*|[;&|(]\s*|\bdo\s+|\bthen\s+)subdomain\s+[a-z]/m;

describe.each(ALL)('%s', (file) => {
  const workflow = load(file);

  test('passes action-validator', () => {
    expect(actionValidator(join(WORKFLOW_DIR, file))).toEqual({ output: '', status: 0 });
  });

  test('grants nothing at the top; every job says what it needs', () => {
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of Object.entries(workflow.jobs)) {
      expect(job.permissions, `${file}#${id}`).toBeDefined();
      for (const level of Object.values(job.permissions!)) expect(['read', 'write']).toContain(level);
    }
  });

  test('no run: script holds an expression, and every one is valid bash', () => {
    for (const [id, job] of Object.entries(workflow.jobs)) {
      for (const step of runSteps(job)) {
        expect(step.run!.includes('${{'), `${file}#${id}: ${step.name ?? step.run}`).toBe(false);
        const check = spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' });
        expect(check.stderr, `${file}#${id}: ${step.name ?? step.run}`).toBe('');
      }
    }
  });

  test('third-party actions are pinned by full commit SHA, with the release tag in a comment', () => {
    const lines = text(file).split('\n').filter((l) => /^\s*(?:- )?uses:\s/.test(l) && !/uses:\s*\.\//.test(l));
    for (const line of lines) expect(line, file).toMatch(/uses: [A-Za-z0-9-]+\/[A-Za-z0-9._/-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test('checkouts keep no credentials; uploads may be repeated by a re-run; installs run no scripts', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const step of steps(job)) {
        if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials'], `${file}: ${step.name}`).toBe(false);
        if (step.uses?.startsWith('actions/upload-artifact@')) expect(step.with?.overwrite).toBe(true);
        if (step.uses?.startsWith('actions/setup-node@')) expect(step.with?.['package-manager-cache']).toBe(false);
        for (const line of (step.run ?? '').split('\n')) if (/\bnpm (ci|install|i)\b/.test(line)) expect(line).toMatch(/npm ci --ignore-scripts/);
        // `npx subdomain` in the office's folder would fetch a package from npm; bin/ of the office is never run.
        expect(step.run ?? '').not.toMatch(/\bnpx\b|node (\.\/)?bin\/subdomain/);
      }
    }
  });
});

describe('callers and reusable workflows', () => {
  test('every reusable workflow has exactly one caller, and no other file', () => {
    expect(CALLERS.map((c) => c.replace(/^subdomain-/, '')).sort()).toEqual(REUSABLE);
    for (const file of REUSABLE) expect(Object.keys(load(file).on), file).toEqual(['workflow_call']);
    for (const file of CALLERS) {
      const workflow = load(file);
      expect(workflow.on).not.toHaveProperty('workflow_call');
      expect(Object.values(workflow.jobs).every((j) => j.uses === `./.github/workflows/${file.replace(/^subdomain-/, '')}` && j.steps === undefined), file).toBe(true);
    }
  });

  test.each(REUSABLE)('%s: its caller grants every permission its jobs ask for (a called job can never exceed it)', (file) => {
    const { job: caller } = callerOf(file);
    for (const [id, job] of Object.entries(load(file).jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(LEVEL[caller.permissions?.[scope] ?? 'none']!, `${file}#${id} asks ${scope}: ${level}`).toBeGreaterThanOrEqual(LEVEL[level]!);
      }
    }
    // And nothing more than the jobs together need.
    const needed: Record<string, number> = {};
    for (const job of Object.values(load(file).jobs)) for (const [s, l] of Object.entries(job.permissions ?? {})) needed[s] = Math.max(needed[s] ?? 0, LEVEL[l]!);
    expect(Object.fromEntries(Object.entries(caller.permissions ?? {}).map(([s, l]) => [s, LEVEL[l]]))).toEqual(needed);
  });

  test.each(REUSABLE)('%s: secrets are declared, and reach it through `secrets: inherit` (environment secrets need it)', (file) => {
    const workflow = load(file);
    const declared = Object.keys((workflow.on.workflow_call?.secrets ?? {}) as Record<string, unknown>).sort();
    const used = [...new Set([...text(file).matchAll(/\bsecrets\.([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!))].sort();
    expect(used).toEqual(declared);
    expect(callerOf(file).job.secrets).toBe(declared.length > 0 ? 'inherit' : undefined);
    const inputs = Object.keys((workflow.on.workflow_call?.inputs ?? {}) as Record<string, unknown>).sort();
    expect(Object.keys(callerOf(file).job.with ?? {}).every((k) => inputs.includes(k))).toBe(true);
    expect([...new Set([...text(file).matchAll(/\binputs\.([a-z-]+)/g)].map((m) => m[1]!))].every((k) => inputs.includes(k))).toBe(true);
  });

  test.each(REUSABLE)('%s: every job that runs the product checks it out at the called version, and the office only as data', (file) => {
    for (const [id, job] of Object.entries(load(file).jobs)) {
      const runsProduct = runSteps(job).some((s) => RUNS_SUBDOMAIN.test(s.run!));
      const checkouts = steps(job).filter((s) => s.uses?.startsWith('actions/checkout@'));
      const product = checkouts.find((s) => s.with?.path === '.product');
      if (!runsProduct) {
        expect(product, `${file}#${id}`).toBeUndefined();
        continue;
      }
      expect(product, `${file}#${id}`).toBeDefined();
      expect(String(product!.with!.repository)).toMatch(/^\$\{\{ (steps\.product\.outputs\.repository|needs\.[a-z]+\.outputs\.product-repository) \}\}$/);
      expect(String(product!.with!.ref)).toMatch(/^\$\{\{ (steps\.product\.outputs\.sha( \|\| steps\.product\.outputs\.ref)?|needs\.[a-z]+\.outputs\.product-sha) \}\}$/);
      // The office's checkout goes to office/, never where the product is, and never a pull request's head ref.
      for (const c of checkouts.filter((s) => s !== product)) {
        expect(c.with?.path, `${file}#${id}`).toBe('office');
        expect(JSON.stringify(c.with ?? {})).not.toMatch(/head_ref|head\.ref|head\.sha|repository:/);
      }
      // `subdomain` is only on PATH after the install step (the bundle, or the built product).
      const install = steps(job).findIndex((s) => (s.run ?? '').includes('>> "$GITHUB_PATH"'));
      const first = steps(job).findIndex((s) => RUNS_SUBDOMAIN.test(s.run ?? ''));
      expect(install, `${file}#${id}`).toBeGreaterThanOrEqual(0);
      expect(install).toBeLessThan(first);
    }
  });

  test('the pinned actions: one version per action across the files', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of ALL) for (const m of text(file).matchAll(/uses: ([A-Za-z0-9-]+\/[A-Za-z0-9._/-]+)@([0-9a-f]{40}) # (v[\d.]+)/g)) {
      pins.set(m[1]!, (pins.get(m[1]!) ?? new Set()).add(`${m[2]} ${m[3]}`));
    }
    for (const [action, versions] of pins) expect([...versions], action).toHaveLength(1);
    expect([...pins.keys()].sort()).toEqual([
      'actions/checkout', 'actions/create-github-app-token', 'actions/deploy-pages', 'actions/download-artifact',
      'actions/setup-node', 'actions/upload-artifact', 'actions/upload-pages-artifact', 'hashicorp/setup-terraform',
    ]);
  });

  test('Dependabot keeps the pins (and an office\'s `uses:` refs) current, weekly', () => {
    const config = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as { version: number; updates: { 'package-ecosystem': string; directory: string; schedule: { interval: string } }[] };
    expect(config.version).toBe(2);
    expect(config.updates).toContainEqual(expect.objectContaining({ 'package-ecosystem': 'github-actions', directory: '/', schedule: { interval: 'weekly' } }));
  });
});

/** For job-level lookups in other tests. */
export type { Job };
