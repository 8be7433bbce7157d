/**
 * The thin callers come from one generator (src/office/callers.ts): this repository's are its
 * output for `./.github/workflows/`, an office's for the product's slug at a release. The YAML it
 * writes reads back as the data it was given.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APPLY_GROUP, CALLERS, callerFiles, callerText, LOCAL, majorTag, productSlug, readProductPrefix, usesOf } from '../../src/office/callers.js';

const ROOT = join(import.meta.dirname, '../..');
const DIR = join(ROOT, '.github/workflows');

test('the committed callers are exactly the generator\'s output for this repository (node scripts/sync-workflows.mjs)', () => {
  const committed = readdirSync(DIR).filter((f) => f.startsWith('subdomain-')).sort();
  const generated = callerFiles(LOCAL);
  expect(committed).toEqual(generated.map((g) => g.file.replace('.github/workflows/', '')).sort());
  for (const { file, text } of generated) expect(readFileSync(join(ROOT, file), 'utf8'), file).toBe(text);
});

test('every caller calls a reusable workflow of this repository', () => {
  for (const caller of CALLERS) for (const job of caller.jobs) expect(readdirSync(DIR), caller.file).toContain(job.workflow);
});

test.each(CALLERS.map((c) => [c.file, c] as const))('%s reads back as its data', (_file, caller) => {
  const doc = parse(callerText(caller, LOCAL)) as Record<string, any>;
  expect(doc.name).toBe(caller.name);
  expect(doc.on).toEqual(caller.on);
  expect(doc.permissions).toEqual({});
  expect(doc.concurrency).toEqual(caller.concurrency);
  for (const job of caller.jobs) {
    const read = doc.jobs[job.id];
    expect(read.uses).toBe(`./.github/workflows/${job.workflow}`);
    expect(read.if).toBe(job.if);
    expect(read.concurrency).toEqual(job.concurrency);
    expect(read.permissions).toEqual(job.permissions);
    expect(read.with).toEqual(job.with);
    expect(read.secrets).toBe(job.secrets);
  }
});

test('an office\'s callers: the same files, calling the product\'s repository at a release', () => {
  const prefix = { kind: 'remote', slug: 'subdomain-go-id/subdomain-gitops', ref: 'v0.2.0' } as const;
  const local = callerFiles(LOCAL);
  const office = callerFiles(prefix);
  expect(office.map((f) => f.file)).toEqual(local.map((f) => f.file));
  office.forEach((f, i) => {
    expect(f.text).toMatch(/uses: subdomain-go-id\/subdomain-gitops\/\.github\/workflows\/[a-z-]+\.yml@v0\.2\.0\n/);
    expect(f.text.replace(/subdomain-go-id\/subdomain-gitops\/(\.github\/workflows\/[a-z-]+\.yml)@v0\.2\.0/g, './$1')).toBe(local[i]!.text);
  });
  expect(usesOf(prefix, 'apply.yml')).toBe('subdomain-go-id/subdomain-gitops/.github/workflows/apply.yml@v0.2.0');
});

test('the product\'s slug and release come from package.json', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
  expect(readProductPrefix()).toEqual({ kind: 'remote', slug: productSlug(pkg), ref: `v${pkg.version}` });
  expect(readProductPrefix('major')).toEqual({ kind: 'remote', slug: productSlug(pkg), ref: majorTag(pkg.version) });
  expect(productSlug({ repository: { url: 'git+https://github.com/subdomain-go-id/subdomain-gitops.git' } })).toBe('subdomain-go-id/subdomain-gitops');
  expect(productSlug({ repository: 'github:pemkot/produk' })).toBe('pemkot/produk');
  expect(productSlug({ repository: 'git@github.com:pemkot/produk.git' })).toBe('pemkot/produk');
  expect(() => productSlug({ repository: 'https://gitlab.com/a/b' })).toThrow();
  expect(majorTag('0.2.0')).toBe('v0');
  expect(majorTag('1.4.2')).toBe('v1');
});

/**
 * A concurrency group as GitHub names it for one event: `${{ }}` parts evaluated (the subset the
 * callers use: context paths, string literals, ==, &&, || and format()).
 */
function groupFor(group: string, github: Record<string, unknown>): string {
  const format = (f: string, ...args: unknown[]) => f.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  return group.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => {
    const js = expr.replace(/([^!=])==([^=])/g, '$1===$2');
    return String(new Function('github', 'format', `return (${js});`)(github, format));
  });
}
const callerOf = (file: string) => CALLERS.find((c) => c.file === file)!;

// GitHub keeps one running and one waiting run (or job) per concurrency group; a newer waiting
// one replaces the older, which then never runs. Who shares a group decides who can cancel whom.
describe('concurrency groups: only runs that may replace each other share one', () => {
  test('apply: every run of main shares `dns-apply`; a Run workflow from another branch gets its own group', () => {
    const group = callerOf('subdomain-apply.yml').concurrency!.group;
    expect(APPLY_GROUP).toBe(group);
    expect(groupFor(group, { ref: 'refs/heads/main', run_id: 101 })).toBe('dns-apply');
    expect(groupFor(group, { ref: 'refs/heads/main', run_id: 102 })).toBe('dns-apply');
    // Its jobs are skipped (zones requires main): it must not replace main's waiting run.
    expect(groupFor(group, { ref: 'refs/heads/fitur-baru', run_id: 103 })).toBe('dns-apply-103');
    expect(groupFor(group, { ref: 'refs/tags/v1', run_id: 104 })).toBe('dns-apply-104');
    expect(groupFor(callerOf('subdomain-drift.yml').concurrency!.group, {})).not.toBe('dns-apply');
  });

  test('steps: the caller queues nothing (steps.yml queues only the write job of a role holder\'s command)', () => {
    const caller = callerOf('subdomain-steps.yml');
    expect(caller.concurrency).toBeUndefined();
    expect(caller.jobs.map((j) => j.concurrency)).toEqual([undefined]);
    const read = parse(readFileSync(join(DIR, 'steps.yml'), 'utf8')) as { jobs: Record<string, { concurrency?: { group: string } }> };
    expect(Object.entries(read.jobs).filter(([, j]) => j.concurrency).map(([id, j]) => [id, groupFor(j.concurrency!.group, { event: { issue: { number: 7 } } })])).toEqual([['record', 'sop-steps-7']]);
  });

  test('reconfirm: per issue and commenter, so someone else\'s comment never replaces an OPD member\'s waiting confirmation', () => {
    const group = callerOf('subdomain-reconfirm.yml').jobs[0]!.concurrency!.group;
    const of = (issue: number, login: string) => groupFor(group, { event: { issue: { number: issue }, comment: { user: { login } } } });
    expect(of(12, 'staf-dinkes')).toBe('subdomain-reconfirm-12-staf-dinkes');
    expect(of(12, 'orang-lain')).not.toBe(of(12, 'staf-dinkes'));
    expect(of(13, 'staf-dinkes')).not.toBe(of(12, 'staf-dinkes'));
  });
});
