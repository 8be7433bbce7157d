import { join } from 'node:path';
import { combineDesiredState, readDesiredState } from '../../src/dns/desired-state.js';
import { loadPolicy, parsePolicy } from '../../src/policy/policy.js';
import { planRegister } from '../../src/register/register.js';
import { loadRegister } from '../../src/report/load.js';
import { OverlayTree, WorkingTree } from '../../src/repo/tree.js';
import { loadFile } from '../../src/repo/load.js';

const BASIC = join(import.meta.dirname, '../dns/fixtures/basic');
const bytes = (text: string) => new TextEncoder().encode(text);
const policyOf = (tree: WorkingTree | OverlayTree) => {
  const loaded = loadPolicy(tree);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.policy;
};
const provenance = { pullRequest: 7, commit: 'c'.repeat(40), appliedAt: '2026-12-01T00:00:00Z' };

describe('rules that synth, plan and register report beside validate', () => {
  it("dns/file-name: a YAML file whose name is not a full domain name is reported and ignored", async () => {
    const tree = new OverlayTree(new WorkingTree(BASIC), new Map([['subdomains/sekolah.yml', bytes('opd: disdik\n')]]));
    const { problems } = await readDesiredState(tree, policyOf(tree));
    expect(problems.map((p) => [p.file, p.rule])).toContainEqual(['subdomains/sekolah.yml', 'dns/file-name']);
  });

  it('dns/no-hosting-target: hosting asked for while the policy has none leaves the name out', () => {
    const tree = new WorkingTree(BASIC);
    const register = loadFile(tree, 'subdomains/ganti.contohkota.go.id.yaml', 'register');
    if (!register.ok) throw new Error('fixture');
    const hosted = { ...register, value: { ...register.value, records: undefined, hosting: true as const } };
    const { state, problems } = combineDesiredState({ zones: policyOf(tree).zones }, [{ fqdn: 'ganti.contohkota.go.id', register: hosted }]);
    expect(problems.map((p) => p.rule)).toEqual(['dns/no-hosting-target']);
    expect(state.zones['contohkota.go.id']!.subdomains).toEqual({});
  });

  it('dns/no-records: an entry with neither records nor hosting is a problem, not an empty resource set', () => {
    const tree = new WorkingTree(BASIC);
    const register = loadFile(tree, 'subdomains/ganti.contohkota.go.id.yaml', 'register');
    if (!register.ok) throw new Error('fixture');
    const empty = { ...register, value: { ...register.value, records: undefined } };
    const { problems } = combineDesiredState({ zones: policyOf(tree).zones }, [{ fqdn: 'ganti.contohkota.go.id', register: empty }]);
    expect(problems.map((p) => p.rule)).toEqual(['dns/no-records']);
  });

  it('register/zone: a pending request outside every zone is not registered, and nothing is', () => {
    const base = new WorkingTree(BASIC);
    const request = base.read('requests/sehat.contohkota.go.id.yaml')!;
    const tree = new OverlayTree(base, new Map([['requests/sehat.kotalain.go.id.yaml', request]]));
    const plan = planRegister(tree, policyOf(tree), provenance);
    expect(plan.problems.map((p) => [p.file, p.rule])).toContainEqual(['requests/sehat.kotalain.go.id.yaml', 'register/zone']);
    expect(plan.changes).toEqual([]);
  });

  it('register/file-name: the site and report name a register file that is not a domain name', () => {
    const base = new WorkingTree(BASIC);
    const tree = new OverlayTree(base, new Map([['subdomains/Sekolah_Lama.contohkota.go.id.yaml', base.read('subdomains/pajak.contohkota.go.id.yaml')!]]));
    expect(loadRegister(tree).problems.map((p) => p.rule)).toContain('register/file-name');
  });
});

describe('the policy hosting target', () => {
  const policy = (hosting: string) => `office:\n  name: Dinas Komunikasi dan Informatika Kota Contoh\nzones:\n  - name: contohkota.go.id\n    cloudflare_zone_id: ${'0'.repeat(32)}\nhosting:\n  records:\n${hosting}opds:\n  dinkes:\n    name: Dinas Kesehatan\n    users: [staf]\n`;

  it('policy/hosting-example-address: a documentation address is a warning to replace it, not an error', () => {
    const result = parsePolicy('.github/sop.yaml', bytes(policy('    - type: A\n      value: 203.0.113.10\n      proxied: true\n')));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.warnings.map((p) => [p.rule, p.severity, p.line])).toEqual([['policy/hosting-example-address', 'warning', 9]]);
  });

  it('is checked with the record rules, with the line in .github/sop.yaml', () => {
    const result = parsePolicy('.github/sop.yaml', bytes(policy('    - type: A\n      value: 10.0.0.5\n      ttl: 30\n')));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => [p.file, p.rule, p.line]).sort((a, b) => Number(a[2]) - Number(b[2]))).toEqual([['.github/sop.yaml', 'record/a-public-ipv4', 9], ['.github/sop.yaml', 'record/ttl-range', 10]]);
  });

  it('passes with a public address and no warning', () => {
    const result = parsePolicy('.github/sop.yaml', bytes(policy('    - type: A\n      value: 103.122.5.10\n      proxied: true\n')));
    expect(result.ok && result.warnings).toEqual([]);
  });
});
