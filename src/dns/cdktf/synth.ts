import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DesiredState, ZoneState } from '../desired-state.js';
import { stackName, zoneAdoptions, zoneMoves } from '../addresses.js';
import { mergeShards, shardCount, splitZone, stringifyLikeCdktf, synthShard, synthShardInWorker, type ShardOutput } from './shard.js';
import { buildZoneStack, newApp, type ZoneStackOptions } from './zone-stack.js';

export type SynthOptions = ZoneStackOptions & {
  /** How many worker threads build a large zone's records (default: by size and cores). */
  shards?: (records: number) => number;
  /** Builds one shard; by default in a worker thread. */
  synthShard?: (zone: ZoneState, options: ZoneStackOptions) => Promise<ShardOutput>;
};

/**
 * Synthesizes one stack per zone of the desired state into `outdir` (which must not exist yet):
 * `manifest.json` and `stacks/<zone-name>/cdk.tf.json`, plain Terraform JSON.
 *
 * A large zone's records are built in shards on all cores: the stack is synthesized without
 * them, and each shard's resources — the same JSON cdktf makes for them in the whole stack —
 * are merged in and the file is written again with cdktf's own serialiser. Tests pin that the
 * bytes equal a synth in one piece.
 */
export async function synthToDirectory(state: DesiredState, options: SynthOptions, outdir: string): Promise<string[]> {
  mkdirSync(outdir, { recursive: true });
  const stackOptions: ZoneStackOptions = { ...(options.backend ? { backend: options.backend } : {}), ...(options.tags ? { tags: options.tags } : {}) };
  const app = newApp(outdir);
  const names: string[] = [];
  const sharded = new Map<string, { here: ZoneState; elsewhere: Promise<ShardOutput[]> }>();
  for (const zone of Object.values(state.zones)) {
    const name = stackName(zone.zone.name);
    const records = Object.values(zone.subdomains).reduce((n, s) => n + s.records.length, 0);
    const count = (options.shards ?? shardCount)(records);
    const moves = zoneMoves(zone.zone.name, Object.values(zone.subdomains));
    const adoptions = zoneAdoptions(zone.zone, Object.values(zone.subdomains));
    if (count > 1) {
      // The first shard is built on this thread, the others in workers meanwhile.
      const build = options.synthShard ?? synthShardInWorker;
      const [here, ...others] = splitZone(zone, count);
      sharded.set(name, { here: here!, elsewhere: Promise.all(others.map((shard) => build(shard, stackOptions))) });
      buildZoneStack(app, { zone: zone.zone, subdomains: {} }, stackOptions, moves, adoptions);
    } else {
      buildZoneStack(app, zone, stackOptions, moves, adoptions);
    }
    names.push(name);
  }
  app.synth();
  for (const [name, { here, elsewhere }] of sharded) {
    const file = join(outdir, 'stacks', name, 'cdk.tf.json');
    const own = synthShard(here, stackOptions);
    const merged = mergeShards(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, [own, ...(await elsewhere)]);
    writeFileSync(file, stringifyLikeCdktf(merged));
  }
  return names;
}

/** The Terraform JSON of each stack, by stack name: synthesized into a folder and read back. */
export function readStacks(outdir: string): Record<string, unknown> {
  const stacks: Record<string, unknown> = {};
  for (const name of readdirSync(join(outdir, 'stacks')).sort()) {
    stacks[name] = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  }
  return stacks;
}
