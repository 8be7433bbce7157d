import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DesiredState } from '../desired-state.js';
import { stackName } from '../addresses.js';
import { buildZoneStack, newApp, type ZoneStackOptions } from './zone-stack.js';

export type SynthOptions = ZoneStackOptions;

/**
 * Synthesizes one stack per zone of the desired state into `outdir` (which must not exist yet):
 * `manifest.json` and `stacks/<zone-name>/cdk.tf.json`, plain Terraform JSON.
 */
export function synthToDirectory(state: DesiredState, options: SynthOptions, outdir: string): string[] {
  mkdirSync(outdir, { recursive: true });
  const app = newApp(outdir);
  const names: string[] = [];
  for (const zone of Object.values(state.zones)) {
    buildZoneStack(app, zone, options);
    names.push(stackName(zone.zone.name));
  }
  app.synth();
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
