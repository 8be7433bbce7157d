import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readDesiredState } from '../../src/dns/desired-state.js';
import { splitZone, synthShard } from '../../src/dns/cdktf/shard.js';
import { synthToDirectory } from '../../src/dns/cdktf/synth.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { copyFixture } from './helpers.js';

const STACK = 'stacks/contohkota-go-id/cdk.tf.json';

async function stateOf(root: string) {
  const tree = new WorkingTree(root);
  const policy = loadPolicy(tree);
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  return { state: (await readDesiredState(tree, policy.policy)).state, backend: policy.policy.backend };
}

describe('synth of a large zone in shards', () => {
  it('writes the same bytes as a synth in one piece (records, CAA overrides, manifest)', async () => {
    const root = copyFixture('basic');
    const { state } = await stateOf(root);
    const zone = state.zones['contohkota.go.id']!;
    expect(zone.subdomains['sekolah.contohkota.go.id']!.records.some((r) => r.type === 'CAA')).toBe(true);
    expect(splitZone(zone, 3).filter((s) => Object.keys(s.subdomains).length > 0).length).toBeGreaterThan(1);

    await synthToDirectory(state, { shards: () => 1 }, join(root, 'whole'));
    await synthToDirectory(state, { shards: () => 3, synthShard: async (z, o) => synthShard(z, o) }, join(root, 'sharded'));

    expect(readFileSync(join(root, 'sharded', STACK), 'utf8')).toBe(readFileSync(join(root, 'whole', STACK), 'utf8'));
    expect(readFileSync(join(root, 'sharded', 'manifest.json'), 'utf8')).toBe(readFileSync(join(root, 'whole', 'manifest.json'), 'utf8'));
    rmSync(root, { recursive: true, force: true });
  });

  it('splits a zone by name into shards holding every subdomain once', async () => {
    const root = copyFixture('basic');
    const zone = (await stateOf(root)).state.zones['contohkota.go.id']!;
    const shards = splitZone(zone, 3);
    const names = shards.flatMap((s) => Object.keys(s.subdomains));
    expect(names).toEqual(Object.keys(zone.subdomains));
    expect(shards.length).toBeLessThanOrEqual(3);
    rmSync(root, { recursive: true, force: true });
  });
});
