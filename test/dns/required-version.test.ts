/**
 * The synthesized JSON says which Terraform it needs (`use_lockfile`, the s3 backend's lock, came
 * in 1.10: an older Terraform would run without the lock), and the apply workflow pins a version
 * inside that range.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { run as synth } from '../../src/cli/synth.js';
import { REQUIRED_TERRAFORM } from '../../src/dns/cdktf/zone-stack.js';
import { hasTerraform, terraformOutputs } from '../support/terraform.js';
import { captureIo, copyFixture } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');

/** `>= a, < b` holds for version v (x.y.z only). */
function within(constraint: string, version: string): boolean {
  const n = (v: string) => v.split('.').map(Number).reduce((acc, part) => acc * 1000 + part, 0);
  return constraint.split(',').map((c) => c.trim()).every((c) => {
    const m = /^(>=|<)\s*(\d+\.\d+\.\d+)$/.exec(c);
    if (!m) throw new Error(`unexpected constraint ${c}`);
    return m[1] === '>=' ? n(version) >= n(m[2]!) : n(version) < n(m[2]!);
  });
}

test('every stack requires Terraform >= 1.10 (use_lockfile), below 2', async () => {
  const root = copyFixture('basic');
  const io = captureIo(root);
  expect(await synth(['--out', 'cdktf.out'], io), io.err).toBe(0);
  const json = JSON.parse(readFileSync(join(root, 'cdktf.out/stacks/contohkota-go-id/cdk.tf.json'), 'utf8')) as { terraform: { required_version?: string } };
  expect(json.terraform.required_version).toBe(REQUIRED_TERRAFORM);
  expect(within(REQUIRED_TERRAFORM, '1.10.0')).toBe(true);
  expect(within(REQUIRED_TERRAFORM, '1.9.8')).toBe(false);
  expect(within(REQUIRED_TERRAFORM, '2.0.0')).toBe(false);
});

test('the apply workflow pins a Terraform version the JSON accepts', () => {
  const workflow = parse(readFileSync(join(ROOT, '.github/workflows/apply.yml'), 'utf8')) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
  const setup = workflow.jobs.apply!.steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))!;
  const pinned = String(setup.with?.terraform_version);
  expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  expect(within(REQUIRED_TERRAFORM, pinned)).toBe(true);
});

test.runIf(hasTerraform)('the real terraform reads the constraint and accepts its own version', () => {
  const outputs = terraformOutputs({ terraform: { required_version: REQUIRED_TERRAFORM }, output: { ok: { value: 'ja' } } });
  expect(outputs.ok!.value).toBe('ja');
});
