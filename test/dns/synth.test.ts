import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { run as synth } from '../../src/cli/synth.js';
import { readDesiredState } from '../../src/dns/desired-state.js';
import { buildZoneStack } from '../../src/dns/cdktf/zone-stack.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { captureIo, copyFixture, FIXTURES } from './helpers.js';
import { hasTerraform, terraformOutputs } from '../support/terraform.js';

const STACK = 'stacks/contohkota-go-id/cdk.tf.json';

async function zoneOf(root: string) {
  const tree = new WorkingTree(root);
  const policy = loadPolicy(tree);
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  const { state } = await readDesiredState(tree, policy.policy);
  return { zone: state.zones['contohkota.go.id']!, policy: policy.policy };
}

async function synthJson(root: string, out = 'cdktf.out') {
  const io = captureIo(root);
  const code = await synth(['--out', out], io);
  expect(code, io.err).toBe(0);
  const text = readFileSync(join(root, out, STACK), 'utf8');
  return { text, json: JSON.parse(text) as { resource: { cloudflare_dns_record: Record<string, Record<string, unknown>> } } & Record<string, any> };
}

describe('subdomain synth', () => {
  it('builds one cloudflare_dns_record per record (cdktf Testing helpers)', async () => {
    const { zone } = await zoneOf(join(FIXTURES, 'basic'));
    // buildZoneStack makes its own stack (one per zone), so synthesize that stack
    const synthesized = Testing.synth(buildZoneStack(Testing.app(), zone));
    expect(Testing.toHaveResourceWithProperties(synthesized, 'cloudflare_dns_record', {
      zone_id: '0123456789abcdef0123456789abcdef',
      name: 'sehat.contohkota.go.id',
      type: 'A',
      content: '103.122.6.45',
      ttl: 3600,
      proxied: false,
      comment: 'opd:dinkes; surat:400.7/1021/Dinkes',
    })).toBe(true);
    expect(Testing.toHaveResourceWithProperties(synthesized, 'cloudflare_dns_record', {
      name: '_dmarc.sehat.contohkota.go.id', type: 'TXT', content: '"v=DMARC1; p=reject"', ttl: 1,
    })).toBe(true);
    expect(Testing.toHaveResourceWithProperties(synthesized, 'cloudflare_dns_record', {
      name: 'pajak.contohkota.go.id', type: 'A', content: '103.122.5.10', proxied: true, ttl: 1,
    })).toBe(true);
    expect(Testing.toHaveResourceWithProperties(synthesized, 'cloudflare_dns_record', {
      name: 'sekolah.contohkota.go.id', type: 'MX', content: 'mx1.contohkota.go.id', priority: 10,
    })).toBe(true);
    // the matcher can fail: a record that is not there
    expect(Testing.toHaveResourceWithProperties(synthesized, 'cloudflare_dns_record', { name: 'lama.contohkota.go.id' })).toBe(false);
    expect(Testing.toHaveProviderWithProperties(synthesized, 'cloudflare', { api_token: '${var.cloudflare_api_token}' })).toBe(true);
    // The API's address from a variable, so that the apply can route the provider through `subdomain pace`.
    expect(Testing.toHaveProviderWithProperties(synthesized, 'cloudflare', { base_url: '${var.cloudflare_base_url}' })).toBe(true);
  });

  it('writes plain Terraform JSON: pinned provider, token from a sensitive variable, local backend', async () => {
    const root = copyFixture('basic');
    const { text, json } = await synthJson(root);
    expect(json.terraform.required_providers.cloudflare).toEqual({ source: 'cloudflare/cloudflare', version: '5.14.0' });
    expect(json.variable.cloudflare_api_token).toMatchObject({ type: 'string', sensitive: true });
    expect(json.provider.cloudflare).toEqual([{ api_token: '${var.cloudflare_api_token}', base_url: '${var.cloudflare_base_url}' }]);
    // Not a secret: Cloudflare's API unless the apply points it at the pacing proxy (TF_VAR_cloudflare_base_url).
    expect(json.variable.cloudflare_base_url).toMatchObject({ type: 'string', nullable: false, default: 'https://api.cloudflare.com/client/v4' });
    expect(json.variable.cloudflare_base_url.sensitive).toBeUndefined();
    // state beside the output folder (cdktf.out/stacks/<name>/../../../terraform-state), never inside it
    expect(json.terraform.backend).toEqual({ local: { path: '../../../terraform-state/contohkota-go-id.tfstate' } });
    expect(text).not.toContain(root);
    const records = Object.values(json.resource.cloudflare_dns_record);
    // basic: ganti (hosting A), pajak (A), sehat (A, AAAA, TXT), sekolah (2 A, TXT, MX, CAA); lama deleted
    expect(records).toHaveLength(10);
    expect(records.some((r) => r.name === 'lama.contohkota.go.id')).toBe(false);
    const caa = records.find((r) => r.type === 'CAA')!;
    expect(caa.data).toEqual({ flags: 0, tag: 'issue', value: 'letsencrypt.org' });
    expect(caa.content).toBeUndefined();
    expect(readFileSync(join(root, 'cdktf.out', 'manifest.json'), 'utf8')).not.toContain(root);
  });

  it.runIf(hasTerraform)('the real terraform reads the base URL variable as synthesized: Cloudflare\'s API unless told otherwise (provider-less)', async () => {
    const { json } = await synthJson(copyFixture('basic'));
    const outputs = terraformOutputs({ variable: { cloudflare_base_url: json.variable.cloudflare_base_url }, output: { base_url: { value: '${var.cloudflare_base_url}' } } });
    expect(outputs.base_url).toMatchObject({ sensitive: false, value: 'https://api.cloudflare.com/client/v4' });
  });

  it('is byte-identical for the same tree, synthesized twice into two folders', async () => {
    const root = copyFixture('basic');
    const a = await synthJson(root, 'out-a');
    const b = await synthJson(root, 'out-b');
    expect(b.text).toBe(a.text);
    expect(readFileSync(join(root, 'out-b', 'manifest.json'), 'utf8')).toBe(readFileSync(join(root, 'out-a', 'manifest.json'), 'utf8'));
  });

  it('keeps addresses when records are reordered and when another subdomain is added', async () => {
    const root = copyFixture('basic');
    const before = await synthJson(root);
    const file = join(root, 'subdomains', 'sekolah.contohkota.go.id.yaml');
    const text = readFileSync(file, 'utf8');
    // move the CAA record to the top of the list and swap the two A values
    const reordered = text
      .replace('records:\n', 'records:\n  - type: CAA\n    value: 0 issue "letsencrypt.org"\n')
      .replace(/  - type: CAA\n    value: 0 issue "letsencrypt.org"\n(history)/, '$1')
      .replace('value: 103.122.6.20\n  - type: A\n    value: 103.122.6.21', 'value: 103.122.6.21\n  - type: A\n    value: 103.122.6.20');
    expect(reordered).not.toBe(text);
    writeFileSync(file, reordered);
    writeFileSync(join(root, 'subdomains', 'aaa.contohkota.go.id.yaml'), readFileSync(join(root, 'subdomains', 'pajak.contohkota.go.id.yaml')));
    const after = await synthJson(root);
    const old = before.json.resource.cloudflare_dns_record;
    const now = after.json.resource.cloudflare_dns_record;
    for (const [address, resource] of Object.entries(old)) expect(now[address]).toEqual(resource);
    expect(Object.keys(now).filter((a) => !(a in old))).toEqual(['aaa__a']);
  });

  it('changes a value in place: same address, new content', async () => {
    const root = copyFixture('basic');
    const before = await synthJson(root);
    const file = join(root, 'requests', 'sehat.contohkota.go.id.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('103.122.6.45', '103.122.6.46'));
    const after = await synthJson(root);
    expect(Object.keys(after.json.resource.cloudflare_dns_record)).toEqual(Object.keys(before.json.resource.cloudflare_dns_record));
    expect(after.json.resource.cloudflare_dns_record.sehat__a!.content).toBe('103.122.6.46');
    expect(before.json.resource.cloudflare_dns_record.sehat__a!.content).toBe('103.122.6.45');
  });

  it('uses an S3-compatible bucket (Cloudflare R2) when the policy says so', async () => {
    const root = copyFixture('basic');
    const policy = join(root, '.github', 'sop.yaml');
    writeFileSync(policy, `${readFileSync(policy, 'utf8')}backend:\n  type: s3\n  bucket: tfstate\n  key_prefix: dns/\n  endpoint: https://abc.r2.cloudflarestorage.com\n`);
    const { json } = await synthJson(root);
    expect(json.terraform.backend.s3).toEqual({
      bucket: 'tfstate',
      key: 'dns/contohkota-go-id/terraform.tfstate',
      region: 'auto',
      endpoints: { s3: 'https://abc.r2.cloudflarestorage.com' },
      skip_credentials_validation: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_s3_checksum: true,
      use_path_style: true,
      use_lockfile: true,
    });
  });

  it('prints the problems and writes nothing when the tree has conflicts', async () => {
    const root = copyFixture('conflicts');
    const io = captureIo(root);
    expect(await synth([], io)).toBe(1);
    expect(io.err).toContain('requests/sekolah.contohkota.go.id.yaml');
    expect(io.err).toContain('owner/name-taken');
    expect(io.err).toContain('is already registered');
    expect(existsSync(join(root, 'cdktf.out'))).toBe(false);
  });

  it("shows the policy's warnings in the apply log, such as an example hosting address, and still synthesizes", async () => {
    const root = copyFixture('basic');
    const policyPath = join(root, '.github/sop.yaml');
    writeFileSync(policyPath, readFileSync(policyPath, 'utf8').replace('value: 103.122.5.10', 'value: 203.0.113.10'));
    const io = captureIo(root);
    expect(await synth([], io)).toBe(0);
    expect(io.err).toContain('.github/sop.yaml');
    expect(io.err).toContain('policy/hosting-example-address');
    expect(existsSync(join(root, 'cdktf.out', STACK))).toBe(true);
  });
});
