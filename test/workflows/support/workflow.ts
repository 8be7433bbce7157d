import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(import.meta.dirname, '../../..');
export const WORKFLOW_DIR = join(ROOT, '.github/workflows');
export const FAKE_BIN = join(ROOT, 'test/workflows/fixtures/fake-bin');

export interface Step { name?: string; id?: string; if?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown>; 'working-directory'?: string; 'continue-on-error'?: boolean }
export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  environment?: string | { name: string; url?: string };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
  steps?: Step[];
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: string | Record<string, string>;
  strategy?: unknown;
}
export interface Workflow {
  name?: string;
  on: Record<string, any>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
  jobs: Record<string, Job>;
}

export const text = (file: string) => readFileSync(join(WORKFLOW_DIR, file), 'utf8');
export const load = (file: string) => parse(text(file)) as Workflow;

/** Every workflow file; callers are `subdomain-*.yml`, the rest are reusable (`on: workflow_call`). */
export const ALL = readdirSync(WORKFLOW_DIR).filter((f) => f.endsWith('.yml')).sort();
export const CALLERS = ALL.filter((f) => f.startsWith('subdomain-'));
export const REUSABLE = ALL.filter((f) => !f.startsWith('subdomain-'));

/** The caller of reusable workflow `file`, and its one job. */
export function callerOf(file: string): { workflow: Workflow; job: Job } {
  const workflow = load(`subdomain-${file}`);
  const jobs = Object.values(workflow.jobs);
  if (jobs.length !== 1) throw new Error(`subdomain-${file}: ${jobs.length} jobs`);
  return { workflow, job: jobs[0]! };
}

export const steps = (job: Job) => job.steps ?? [];
export const runSteps = (job: Job) => steps(job).filter((s) => s.run !== undefined);

/** action-validator's output and exit code for a file. */
export function actionValidator(path: string): { output: string; status: number | null } {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/action-validator'), [path], { encoding: 'utf8' });
  return { output: (result.stdout + result.stderr).replace(/^WARNING: Glob validation is not yet supported\..*\n/gm, ''), status: result.status };
}

/** A run: script as GitHub runs it (`bash -e` and pipefail, no profile), in `cwd`. */
export function runScript(script: string, cwd: string, env: Record<string, string>) {
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env });
}

/** A step by id or by a pattern over its run/uses. */
export function stepOf(job: Job, which: string | RegExp): Step {
  const found = steps(job).find((s) => (typeof which === 'string' ? s.id === which : which.test(s.run ?? s.uses ?? '')));
  if (!found) throw new Error(`no step ${String(which)}`);
  return found;
}
