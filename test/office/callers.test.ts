/**
 * The thin callers come from one generator (src/office/callers.ts): this repository's are its
 * output for `./.github/workflows/`, an office's for the product's slug at a release. The YAML it
 * writes reads back as the data it was given.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CALLERS, callerFiles, callerText, LOCAL, majorTag, productSlug, readProductPrefix, usesOf } from '../../src/office/callers.js';

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
