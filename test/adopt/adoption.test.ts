import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planImport } from '../../src/adopt/import.js';
import { synthShard } from '../../src/dns/cdktf/shard.js';
import { synthToDirectory } from '../../src/dns/cdktf/synth.js';
import { readDesiredState } from '../../src/dns/desired-state.js';
import { synthesize } from '../../src/dns/synth.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { planRegister } from '../../src/register/register.js';
import { writeChanges } from '../../src/register/write.js';
import { GitTree, WorkingTree } from '../../src/repo/tree.js';
import type { LiveRecord } from '../../src/zone/live-record.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempGitRepo } from '../helpers/temp-repo.js';
import { OFFICE } from '../register/helpers.js';

const ZONE = 'bekasikota.go.id';
const ZONE_ID = '0123456789abcdef0123456789abcdef';
const outs: string[] = [];
afterAll(() => {
  cleanupTemps();
  for (const out of outs) rmSync(out, { recursive: true, force: true });
});

const id = (n: number) => n.toString(16).padStart(32, '0');
const LIVE: LiveRecord[] = [
  { id: id(1), name: `dinsos.${ZONE}`, type: 'A', content: '103.122.5.20', ttl: 1, proxied: true },
  { id: id(2), name: `dinsos.${ZONE}`, type: 'A', content: '103.122.5.21', ttl: 1, proxied: true },
  { id: id(3), name: `_dmarc.dinsos.${ZONE}`, type: 'TXT', content: '"v=DMARC1; p=none"', ttl: 3600 },
  { id: id(4), name: `arsip.${ZONE}`, type: 'CNAME', content: 'arsip-bekasi.netlify.app', ttl: 300 },
];

/** An office repository with a merged import of LIVE (ids included), committed on main. */
function importedRepo(): { dir: string; head: string } {
  const dir = tempGitRepo(OFFICE);
  const tree = new WorkingTree(dir);
  const loaded = loadPolicy(tree);
  if (!loaded.ok) throw new Error('policy');
  const plan = planImport({
    zone: loaded.policy.zones[0]!, policy: loaded.policy, records: LIVE, owners: new Map([['dinsos', 'dinkes']]), infrastructure: [],
    known: (fqdn) => tree.kind(`subdomains/${fqdn}.yaml`) !== 'missing', meta: { source: 'cloudflare', at: '2026-12-01T03:00:00Z', by: 'admin-server' },
  });
  writeChanges(dir, plan.entries.map((e) => ({ path: e.path, content: e.content })));
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-qm', 'import');
  return { dir, head: gitIn(dir, 'rev-parse', 'HEAD').trim() };
}

async function synthJson(dir: string): Promise<{ import?: { to: string; id: string }[]; resource: { cloudflare_dns_record: Record<string, Record<string, unknown>> } }> {
  const out = mkdtempSync(join(tmpdir(), 'adopt-synth-'));
  outs.push(out);
  const result = await synthesize(new WorkingTree(dir), { out: join(out, 'cdktf.out'), cwd: dir });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return JSON.parse(readFileSync(join(out, 'cdktf.out/stacks/bekasikota-go-id/cdk.tf.json'), 'utf8'));
}

describe('adopting live records on the first apply', () => {
  it('writes one import block per adopted record, to its resource, with the zone_id/record_id the provider expects', async () => {
    const { dir } = importedRepo();
    const json = await synthJson(dir);
    const blocks = json.import ?? [];
    expect(blocks.map((b) => b.id).sort()).toEqual([1, 2, 3, 4].map((n) => `${ZONE_ID}/${id(n)}`));
    const resources = json.resource.cloudflare_dns_record;
    for (const block of blocks) {
      const [type, address] = block.to.split('.');
      expect(type).toBe('cloudflare_dns_record');
      expect(resources[address!]).toBeDefined();
    }
    const byId = Object.fromEntries(blocks.map((b) => [b.id.split('/')[1], resources[b.to.split('.')[1]!]!]));
    expect(byId[id(4)]).toMatchObject({ name: `arsip.${ZONE}`, type: 'CNAME', content: 'arsip-bekasi.netlify.app', ttl: 300 });
    expect(byId[id(3)]).toMatchObject({ name: `_dmarc.dinsos.${ZONE}`, type: 'TXT', content: '"v=DMARC1; p=none"' });
    // No other resource is new to Terraform: the register's own entries are already in state.
    expect(blocks).toHaveLength(4);
  });

  it('keeps the import blocks when a large zone is synthesized in shards', async () => {
    const { dir } = importedRepo();
    const tree = new WorkingTree(dir);
    const loaded = loadPolicy(tree);
    if (!loaded.ok) throw new Error('policy');
    const { state } = await readDesiredState(tree, loaded.policy);
    const out = mkdtempSync(join(tmpdir(), 'adopt-shards-'));
    outs.push(out);
    await synthToDirectory(state, { shards: () => 1 }, join(out, 'whole'));
    await synthToDirectory(state, { shards: () => 3, synthShard: async (z, o) => synthShard(z, o) }, join(out, 'sharded'));
    const stack = 'stacks/bekasikota-go-id/cdk.tf.json';
    const sharded = readFileSync(join(out, 'sharded', stack), 'utf8');
    expect(sharded).toBe(readFileSync(join(out, 'whole', stack), 'utf8'));
    expect(JSON.parse(sharded).import).toHaveLength(4);
  });

  it('shows adoption in the plan as its own kind, with no DNS change', async () => {
    const dir = tempGitRepo(OFFICE);
    gitIn(dir, 'switch', '-qc', 'import');
    const tree = new WorkingTree(dir);
    const loaded = loadPolicy(tree);
    if (!loaded.ok) throw new Error('policy');
    const plan = planImport({
      zone: loaded.policy.zones[0]!, policy: loaded.policy, records: LIVE, owners: new Map(), infrastructure: [], known: () => false,
      meta: { source: 'cloudflare', at: '2026-12-01T03:00:00Z', by: 'admin-server' },
    });
    writeChanges(dir, plan.entries.map((e) => ({ path: e.path, content: e.content })));
    const result = await runCli(dir, ['plan', '--base', 'main', '--format', 'json']);
    const json = JSON.parse(result.stdout);
    expect(json.summary).toMatchObject({ add: 0, change: 0, delete: 0, adopt: 4 });
    expect(json.zones[0].changes.every((c: { kind: string; recordId?: string }) => c.kind === 'adopt' && /^[0-9a-f]{32}$/.test(c.recordId!))).toBe(true);
    const text = await runCli(dir, ['plan', '--base', 'main']);
    expect(text.stdout).toContain('diambil alih, DNS tetap / adopted, no DNS change');
    expect(text.stdout).toContain('4 diambil alih / 4 adopted');
  });

  it('marks the import applied after the apply, so no import block reaches a later plan', async () => {
    const { dir, head } = importedRepo();
    const tree = new WorkingTree(dir);
    const loaded = loadPolicy(tree);
    if (!loaded.ok) throw new Error('policy');
    const registered = planRegister(tree, loaded.policy, { pullRequest: 41, commit: head, appliedAt: '2026-12-02T01:00:00Z' }, { applied: new GitTree(dir, head) });
    expect(registered.problems).toEqual([]);
    expect(registered.registered.filter((r) => r.action === 'import').map((r) => r.fqdn)).toEqual([`arsip.${ZONE}`, `dinsos.${ZONE}`]);
    writeChanges(dir, registered.changes);
    const entry = parse(readFileSync(join(dir, `subdomains/dinsos.${ZONE}.yaml`), 'utf8'));
    expect(entry.history[0]).toMatchObject({ action: 'import', pull_request: 41, applied_at: '2026-12-02T01:00:00Z', commit: head });
    const json = await synthJson(dir);
    expect(json.import).toBeUndefined();
    expect(Object.values(json.resource.cloudflare_dns_record).filter((r) => String(r.name).endsWith(`dinsos.${ZONE}`))).toHaveLength(3);
  });

  it('refuses a pending import whose record matches none of the entry\'s records', async () => {
    const { dir } = importedRepo();
    const path = join(dir, `subdomains/arsip.${ZONE}.yaml`);
    const text = readFileSync(path, 'utf8').replace('value: arsip-bekasi.netlify.app', 'value: arsip-baru.netlify.app');
    writeChanges(dir, [{ path: `subdomains/arsip.${ZONE}.yaml`, content: text }]);
    const result = await runCli(dir, ['validate']);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('import/record-mismatch');
    expect(result.stdout + result.stderr).toMatch(/arsip\.bekasikota\.go\.id\.yaml\n(?:.*\n)*?\s+\d+:\d+\s+galat\s+import\/record-mismatch/);
  });
});
