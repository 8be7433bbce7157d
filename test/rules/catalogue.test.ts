import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { renderRuleTable, ruleEntry, RULES } from '../../src/rules/catalogue.js';
import { REGISTER_CHECKS, REQUEST_CHECKS } from '../../src/rules/registry.js';

const repoRoot = join(import.meta.dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const FAMILIES = 'yaml|file|schema|value|name|owner|record|person|contact|letter|scope|policy|dns|register|import|zone-file';
const REPORTED = new RegExp(`'((?:${FAMILIES})/[a-z0-9-]+)'`, 'g');

describe('the rule catalogue', () => {
  const ruleFixtures = join(repoRoot, 'test/validate/fixtures/rules');
  const pinnedByFixture = new Set([
    ...readdirSync(ruleFixtures).map((dir) => readFileSync(join(ruleFixtures, dir, 'expect'), 'utf8').trim().split(' ')[0]!),
    ...readdirSync(join(repoRoot, 'test/validate/fixtures/policies')).map((f) => f.replace('.yaml', '').replace('--', '/')),
  ]);
  const testText = files(join(repoRoot, 'test')).filter((f) => f.endsWith('.test.ts') && !f.endsWith('catalogue.test.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');

  // Guards that valid input cannot reach; each says why it has no failing case.
  const unreachable: Record<string, string> = {
    'register/state-changed': 'registering and synthesis take the entry after from the same requestTransition, so they cannot disagree; the guard stays for future changes',
  };

  it.each(RULES.filter((r) => r.id !== 'schema/<keyword>' && !(r.id in unreachable)).map((r) => r.id))('%s has a failing fixture or a test that names it', (id) => {
    expect(pinnedByFixture.has(id) || testText.includes(`'${id}'`) || testText.includes(`[${id}]`)).toBe(true);
  });

  it('lists every rule id the code reports', () => {
    // The watch's finding kinds (src/watch/finding.ts: `dns/dangling` …) are not validate rules.
    const reported = new Set(files(join(repoRoot, 'src')).filter((f) => f.endsWith('.ts') && !f.includes(`${sep}watch${sep}`)).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(REPORTED)].map((m) => m[1]!)));
    const missing = [...reported].filter((id) => !ruleEntry(id));
    expect(missing).toEqual([]);
    expect(reported.size).toBeGreaterThan(50);
  });

  it('lists every rule id the checks of validate declare', () => {
    const declared = [...REQUEST_CHECKS, ...REGISTER_CHECKS].flatMap((c) => c.rules);
    expect(declared.filter((id) => !ruleEntry(id))).toEqual([]);
  });

  it('has each id once', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('is the README\'s rule table', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const table = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme)?.[1];
    expect(table, 'README.md needs the table between <!-- rules:start --> and <!-- rules:end -->; print it with `node bin/subdomain.js rules`').toBe(renderRuleTable());
  });
});
