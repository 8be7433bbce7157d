/**
 * The declared requirements (src/office/requirements.ts) against every workflow file: a
 * workflow that reads a secret, a variable, an environment or a label the list does not
 * declare fails here, and so does a declaration no workflow (or code) uses any more.
 * What a reusable workflow (`apply.yml`) uses is declared for the office's file that calls it
 * (`subdomain-apply.yml`): an office holds the callers only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { COMMAND_NAMES } from '../../src/cli/main.js';
import { CHECK_NAME } from '../../src/github/check-run.js';
import { scanWorkflow } from '../../src/office/doctor.js';
import { DEFAULT_LIMITS } from '../../src/policy/policy.js';
import { ACTIONS, APP_PERMISSIONS, ENVIRONMENTS, LABELS, MAIN_PROTECTION, REQUIRED_CHECKS, SECRETS, TERRAFORM_VERSION, VARIABLES, WORKFLOWS, isLabelColor } from '../../src/office/requirements.js';

const ROOT = join(import.meta.dirname, '../..');
const WORKFLOW_DIR = join(ROOT, '.github/workflows');
const TEMPLATE_DIR = join(ROOT, '.github/ISSUE_TEMPLATE');

interface Step { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }
interface Job { name?: string; environment?: string | { name: string }; steps?: Step[]; permissions?: Record<string, string>; uses?: string }
interface Workflow { name?: string; on?: Record<string, unknown>; env?: unknown; jobs: Record<string, Job> }

const files = readdirSync(WORKFLOW_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const texts = new Map(files.map((f) => [f, readFileSync(join(WORKFLOW_DIR, f), 'utf8')]));
const workflows = new Map(files.map((f) => [f, parse(texts.get(f)!) as Workflow]));

const environmentOf = (job: Job) => (typeof job.environment === 'string' ? job.environment : job.environment?.name);
/** The office's file for a workflow file: a reusable workflow's caller, or the caller itself. */
const office = (file: string) => (file.startsWith('subdomain-') ? file : `subdomain-${file}`);

/** name → scope ('repository' or an environment) → files, for `secrets.X` or `vars.X`. */
function references(kind: 'secrets' | 'vars'): Map<string, Map<string, Set<string>>> {
  const found = new Map<string, Map<string, Set<string>>>();
  const add = (name: string, scope: string, file: string) => {
    if (kind === 'secrets' && name === 'GITHUB_TOKEN') return;
    const scopes = found.get(name) ?? new Map<string, Set<string>>();
    scopes.set(scope, (scopes.get(scope) ?? new Set()).add(file));
    found.set(name, scopes);
  };
  const pattern = new RegExp(`\\b${kind}\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g');
  for (const [file, workflow] of workflows) {
    const { jobs, ...rest } = workflow;
    for (const m of JSON.stringify(rest).matchAll(pattern)) add(m[1]!, 'repository', office(file));
    for (const job of Object.values(jobs)) {
      for (const m of JSON.stringify(job).matchAll(pattern)) add(m[1]!, environmentOf(job) ?? 'repository', office(file));
    }
    // Every occurrence in the text is one the parse above saw (no reference hides in a comment-like place we skipped).
    const inText = [...texts.get(file)!.replace(/^\s*#.*$/gm, '').matchAll(pattern)].map((m) => m[1]!).filter((n) => n !== 'GITHUB_TOKEN');
    for (const name of inText) expect(found.has(name), `${file}: ${kind}.${name}`).toBe(true);
  }
  return found;
}

function checkDeclared(kind: 'secrets' | 'vars', declared: readonly { name: string; scopes: string[]; usedBy: string[] }[]): void {
  const used = references(kind);
  for (const [name, scopes] of used) {
    const entry = declared.find((d) => d.name === name);
    expect(entry, `${kind}.${name} is used by ${[...scopes.values()].flatMap((s) => [...s]).join(', ')} but not declared`).toBeDefined();
    for (const [scope, inFiles] of scopes) {
      expect(entry!.scopes, `${kind}.${name} is read in ${scope} (${[...inFiles].join(', ')})`).toContain(scope);
      for (const file of inFiles) expect(entry!.usedBy, `${kind}.${name} is used by ${file}`).toContain(file);
    }
  }
  for (const entry of declared) {
    const scopes = used.get(entry.name);
    expect(scopes, `${entry.name} is declared but no workflow reads ${kind}.${entry.name}`).toBeDefined();
    expect([...scopes!.keys()].sort(), `${entry.name}: the scopes the workflows read it in`).toEqual([...entry.scopes].sort());
    expect([...new Set([...scopes!.values()].flatMap((s) => [...s]))].sort(), `${entry.name}: the workflows that read it`).toEqual([...entry.usedBy].sort());
  }
}

describe('the requirements list and the workflows', () => {
  it('declares every workflow file: each caller under its name, calling its reusable workflow', () => {
    expect(files.filter((f) => f.startsWith('subdomain-'))).toEqual(WORKFLOWS.map((w) => w.file).sort());
    expect(files.filter((f) => !f.startsWith('subdomain-'))).toEqual(WORKFLOWS.map((w) => w.reusable).sort());
    for (const w of WORKFLOWS) {
      expect(workflows.get(w.file)?.name, w.file).toBe(w.name);
      expect(Object.values(workflows.get(w.file)!.jobs).map((j) => j.uses), w.file).toEqual([`./.github/workflows/${w.reusable}`]);
    }
  });

  it('declares every secret the workflows read, in the environment the reading job runs in', () => {
    checkDeclared('secrets', SECRETS);
  });

  it('declares every variable the workflows read', () => {
    checkDeclared('vars', VARIABLES);
  });

  it('declares every environment a job runs in', () => {
    const used = new Map<string, Set<string>>();
    for (const [file, workflow] of workflows) {
      for (const job of Object.values(workflow.jobs)) {
        const env = environmentOf(job);
        if (env) used.set(env, (used.get(env) ?? new Set()).add(office(file)));
      }
    }
    expect([...used.keys()].sort()).toEqual(ENVIRONMENTS.map((e) => e.name).sort());
    for (const env of ENVIRONMENTS) expect([...used.get(env.name)!].sort(), env.name).toEqual([...env.usedBy].sort());
    // Every environment-scoped secret names a declared environment.
    for (const secret of SECRETS) for (const scope of secret.scopes) if (scope !== 'repository') expect(ENVIRONMENTS.map((e) => e.name)).toContain(scope);
  });

  it('declares every label a workflow, the issue form or the code uses, and no other', () => {
    const used = new Map<string, Set<string>>();
    const add = (name: string, where: string) => used.set(name, (used.get(name) ?? new Set()).add(where));
    const patterns = [
      /labels\.\*\.name,\s*'([^']+)'/g,
      /^\s*label=['"]?([A-Za-z0-9._-]+)/gm,
      /--(?:add-)?label\s+['"]?([A-Za-z0-9._-]+)/g,
      /gh label create\s+['"]?([A-Za-z0-9._-]+)/g,
    ];
    for (const [file, text] of texts) for (const p of patterns) for (const m of text.matchAll(p)) add(m[1]!, office(file));
    for (const file of readdirSync(TEMPLATE_DIR).filter((f) => /\.ya?ml$/.test(f) && f !== 'config.yml')) {
      const template = parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as { labels?: string[] | string };
      const labels = typeof template.labels === 'string' ? template.labels.split(',').map((l) => l.trim()) : template.labels ?? [];
      for (const label of labels) add(label, `.github/ISSUE_TEMPLATE/${file}`);
    }
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    for (const file of walk(join(ROOT, 'src')).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/export const \w+_LABEL\s*=\s*'([^']+)'/g)) add(m[1]!, relative(ROOT, file));
    }
    // The delete guard's override label comes from the policy (default in src/policy/policy.ts);
    // the apply workflow hands the merged pull request's labels to `subdomain guard`.
    const override = LABELS.find((l) => l.fromPolicy === 'limits.override_label');
    expect(override?.name).toBe(DEFAULT_LIMITS.override_label);
    const guards = files.filter((f) => /subdomain guard\b[^\n]*--labels/.test(texts.get(f)!)).map(office);
    expect(guards.sort()).toEqual([...override!.usedBy].sort());

    const declared = LABELS.filter((l) => !l.fromPolicy);
    expect([...used.keys()].sort()).toEqual(declared.map((l) => l.name).sort());
    for (const label of declared) expect([...used.get(label.name)!].sort(), label.name).toEqual([...label.usedBy].sort());
    for (const label of LABELS) {
      expect(isLabelColor(label.color), label.name).toBe(true);
      expect(label.description.length, label.name).toBeLessThanOrEqual(100);
    }
  });

  it('creates a label with the colour and description a workflow gives it', () => {
    for (const [file, text] of texts) {
      for (const m of text.matchAll(/gh label create\s+"?\$?([A-Za-z0-9._-]+)"?\s+--color\s+'?([0-9A-Fa-f]{6})'?\s+--description\s+'([^']*)'/g)) {
        const name = m[1] === 'label' ? /^\s*label=([A-Za-z0-9._-]+)/m.exec(text)![1]! : m[1]!;
        const label = LABELS.find((l) => l.name === name);
        expect(label, `${file}: ${name}`).toBeDefined();
        expect({ color: label!.color.toLowerCase(), description: label!.description }).toEqual({ color: m[2]!.toLowerCase(), description: m[3] });
      }
    }
  });

  it('names the required checks exactly as the workflows report them', () => {
    const called = (check: (typeof REQUIRED_CHECKS)[number]) => {
      const job = workflows.get(check.workflow)?.jobs[check.job];
      expect(job, `${check.workflow}#${check.job}`).toBeDefined();
      const reusable = workflows.get(job!.uses!.replace('./.github/workflows/', ''))!;
      return { job: job!, reusable };
    };
    const validate = REQUIRED_CHECKS.find((c) => c.source === 'github-actions')!;
    const { job, reusable } = called(validate);
    // A called job's check run is `<caller job> / <called job>`, each named after its `name:` or id.
    const [inner] = Object.entries(reusable.jobs);
    expect(`${job.name ?? validate.job} / ${inner![1].name ?? inner![0]}`).toBe(validate.context);
    expect(workflows.get(validate.workflow)!.on).toHaveProperty('pull_request');
    const approvals = REQUIRED_CHECKS.find((c) => c.source === 'sop-app')!;
    expect(approvals.context).toBe(CHECK_NAME);
    const runs = Object.values(called(approvals).reusable.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? '')).join('\n');
    expect(runs).toMatch(/subdomain approvals\b[^\n]*--post[^\n]*--report both/);
  });

  it('protects main with up-to-date branches, and the App pushes (its jobs push with the App\'s token, never GITHUB_TOKEN)', () => {
    expect(MAIN_PROTECTION).toEqual({ upToDate: true, pushActor: 'sop-app' });
    for (const [file, workflow] of workflows) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const push = (job.steps ?? []).find((s) => /\bpush origin\b/.test(s.run ?? ''));
        if (!push) continue;
        expect(push.env?.PUSH_TOKEN, `${file}#${id}`).toBe('${{ steps.app.outputs.token }}');
        expect(push.run, `${file}#${id}`).toContain('[skip ci]');
      }
    }
  });

  it('lists the App permissions for exactly the jobs that hand the App token on, as each job asks for them', () => {
    const appJobs = new Set<string>();
    const asked = new Set<string>();
    for (const [file, workflow] of workflows) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        for (const step of (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/create-github-app-token@'))) {
          appJobs.add(`${office(file)}#${id}`);
          for (const [key, level] of Object.entries(step.with ?? {})) if (key.startsWith('permission-')) asked.add(`${office(file)}#${id} ${key.slice('permission-'.length).replace(/-/g, '_')}:${String(level)}`);
        }
      }
    }
    const declared = new Set(APP_PERMISSIONS.flatMap((p) => p.usedBy));
    expect([...declared].sort()).toEqual([...appJobs].sort());
    // Each job's token is narrowed to what it asks; the App must have at least that.
    const granted = new Set(APP_PERMISSIONS.flatMap((p) => p.usedBy.map((u) => `${u} ${p.name}:${p.level}`)));
    for (const need of asked) expect(granted.has(need) || granted.has(need.replace(':read', ':write')), need).toBe(true);
    // The approvals job's token IS the App's token: it needs at least what the job grants.
    const approvals = workflows.get('approvals.yml')!.jobs.approvals!;
    for (const [name, level] of Object.entries(approvals.permissions ?? {})) {
      if (name === 'id-token') continue; // the job's own OIDC token, not the App's
      const permission = APP_PERMISSIONS.find((p) => p.name === name.replace('-', '_'));
      expect(permission, `approvals.yml grants ${name}: ${level}`).toBeDefined();
      if (level === 'write') expect(permission!.level, name).toBe('write');
    }
  });

  it('lists every action the workflows call, at the commit they pin and the release beside it', () => {
    const used = new Set<string>();
    for (const file of files) {
      const scanned = scanWorkflow({ file, text: texts.get(file)! });
      if (!('file' in scanned)) throw new Error(`${file}: ${scanned.en}`);
      for (const a of scanned.actions) used.add(`${a.action}@${a.ref}`);
      for (const command of scanned.commands) expect(COMMAND_NAMES, `${file} runs subdomain ${command}`).toContain(command);
      for (const m of texts.get(file)!.matchAll(/uses: ([^@\s]+)@([0-9a-f]{40}) # (\S+)/g)) expect(ACTIONS.find((a) => a.action === m[1])?.tag, `${file}: ${m[1]}`).toBe(m[3]);
    }
    expect([...used].sort()).toEqual(ACTIONS.map((a) => `${a.action}@${a.ref}`).sort());
    const setup = texts.get('apply.yml')!.match(/terraform_version: (\S+)/)?.[1];
    expect(setup).toBe(TERRAFORM_VERSION);
  });

  it('runs only commands the product knows; validate and approvals only what the one-file check holds', () => {
    const commands = (job: Job) => (job.steps ?? []).flatMap((s) => [...(s.run ?? '').matchAll(/(?:^\s*|[;&|(]\s*|\bdo\s+|\bthen\s+)subdomain\s+([a-z][\w-]*)/gm)].map((m) => m[1]!));
    for (const [file, workflow] of workflows) {
      for (const job of Object.values(workflow.jobs)) {
        for (const command of commands(job)) {
          expect(COMMAND_NAMES, `${file} runs subdomain ${command}`).toContain(command);
          if (file === 'validate.yml' || file === 'approvals.yml') expect(['validate', 'plan', 'approvals'], `${file}: ${command}`).toContain(command);
        }
      }
    }
  });
});

