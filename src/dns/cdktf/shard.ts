import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ZoneState } from '../desired-state.js';
import { buildZoneStack, newApp, type ZoneStackOptions } from './zone-stack.js';

/** What a shard of a zone contributes to its stack's Terraform JSON. */
export interface ShardOutput {
  resources: Record<string, unknown>;
  /** cdktf lists overridden attributes per resource type in the stack's metadata. */
  overrides: Record<string, string[]>;
}

/** Below this many records a zone is synthesized in one piece: workers would cost more than they save. */
export const SHARD_THRESHOLD = 4000;

/**
 * The records of some subdomains of a zone, synthesized by cdktf exactly as they would be in the
 * whole stack: same stack name, same construct ids, so the same JSON for each resource.
 */
export function synthShard(zone: ZoneState, options: ZoneStackOptions): ShardOutput {
  const app = newApp('/nonexistent-never-written');
  const stack = buildZoneStack(app, zone, options);
  const tf = stack.toTerraform() as { resource?: Record<string, Record<string, unknown>>; '//'?: { metadata?: { overrides?: Record<string, string[]> } } };
  return { resources: tf.resource?.cloudflare_dns_record ?? {}, overrides: tf['//']?.metadata?.overrides ?? {} };
}

/** Splits a zone's subdomains, in name order, into `count` zones of about equal record counts. */
export function splitZone(zone: ZoneState, count: number): ZoneState[] {
  const names = Object.keys(zone.subdomains);
  const total = names.reduce((n, name) => n + zone.subdomains[name]!.records.length, 0);
  const shards: ZoneState[] = [];
  let current: ZoneState = { zone: zone.zone, subdomains: {} };
  let records = 0;
  for (const name of names) {
    current.subdomains[name] = zone.subdomains[name]!;
    records += zone.subdomains[name]!.records.length;
    if (records >= (total * (shards.length + 1)) / count && shards.length < count - 1) {
      shards.push(current);
      current = { zone: zone.zone, subdomains: {} };
    }
  }
  shards.push(current);
  return shards;
}

/** Adds shards' resources and override metadata to a stack's Terraform JSON synthesized without records. */
export function mergeShards(stackJson: Record<string, unknown>, shards: readonly ShardOutput[]): Record<string, unknown> {
  const resource = { ...(stackJson.resource as Record<string, Record<string, unknown>> | undefined) };
  const records: Record<string, unknown> = { ...resource.cloudflare_dns_record };
  const meta = (stackJson['//'] as { metadata: Record<string, unknown> }).metadata;
  const overrides: Record<string, string[]> = { ...(meta.overrides as Record<string, string[]> | undefined) };
  for (const shard of shards) {
    Object.assign(records, shard.resources);
    for (const [type, keys] of Object.entries(shard.overrides)) overrides[type] = [...new Set([...(overrides[type] ?? []), ...keys])];
  }
  if (Object.keys(records).length > 0) resource.cloudflare_dns_record = records;
  const merged: Record<string, unknown> = { ...stackJson, '//': { ...(stackJson['//'] as object), metadata: { ...meta, ...(Object.keys(overrides).length ? { overrides } : {}) } } };
  if (Object.keys(resource).length > 0) merged.resource = resource;
  return merged;
}

/** Serialises Terraform JSON with the very function cdktf writes `cdk.tf.json` with (bundled in cdktf). */
export function stringifyLikeCdktf(json: unknown): string {
  const require = createRequire(createRequire(import.meta.url).resolve('cdktf'));
  const stringify = require('json-stable-stringify') as (value: unknown, options: { space: number }) => string;
  return stringify(json, { space: 2 });
}

export function shardCount(records: number): number {
  // Workers run the compiled JavaScript; under a TypeScript test runner this module is .ts.
  if (records < SHARD_THRESHOLD || !import.meta.url.endsWith('.js')) return 1;
  return Math.min(availableParallelism(), 2);
}

export function synthShardInWorker(zone: ZoneState, options: ZoneStackOptions): Promise<ShardOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./shard-worker.js', import.meta.url), { workerData: { zone, options } });
    worker.once('message', (output: ShardOutput) => resolve(output));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`synth worker exited with ${code}`));
    });
  });
}
