import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthesize } from '../../src/dns/synth.js';
import { WorkingTree } from '../../src/repo/tree.js';
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

const ZONE_FILE = `$ORIGIN ${ZONE}.
$TTL 3600
@                      86400 IN NS    ns1.cloudflare.com.
klinik                 3600  IN A     103.122.5.70
klinik                 3600  IN CAA   0 issue "letsencrypt.org"
klinik                 3600  IN CAA   0 iodef "mailto:tik@${ZONE}"
_sip._tcp.klinik       3600  IN SRV   10 5 5060 sip.mailhost.co.id.
s1._domainkey.klinik   3600  IN TXT   "v=DKIM1; k=rsa; " "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
dinkes                 3600  IN NS    ns1.dinkes.${ZONE}.
dinkes                 3600  IN NS    ns2.dinkes.${ZONE}.
ns1.dinkes             3600  IN A     103.122.5.53
ns2.dinkes             3600  IN A     103.122.5.54
`;

describe('a BIND zone file imported on the command line, then synthesized', () => {
  it('keeps CAA, SRV, multi-string TXT and an NS delegation with its glue, with no import blocks', async () => {
    const dir = tempGitRepo(OFFICE);
    gitIn(dir, 'switch', '-qc', 'import');
    writeFileSync(join(dir, 'klinik.zone'), ZONE_FILE);
    const run = await runCli(dir, ['import', '--zone', ZONE, '--zone-file', 'klinik.zone', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    // The glue is written in the delegation's own entry (`name: ns1`), as a request would write it.
    expect(report.entries.map((e: { fqdn: string }) => e.fqdn)).toEqual([`dinkes.${ZONE}`, `klinik.${ZONE}`]);
    expect(report.leftOut).toEqual([]);
    const dinkes = parse(readFileSync(join(dir, `subdomains/dinkes.${ZONE}.yaml`), 'utf8'));
    expect(dinkes.records).toEqual([
      { type: 'NS', value: [`ns1.dinkes.${ZONE}`, `ns2.dinkes.${ZONE}`], ttl: 3600 },
      { type: 'A', name: 'ns1', value: '103.122.5.53', ttl: 3600 },
      { type: 'A', name: 'ns2', value: '103.122.5.54', ttl: 3600 },
    ]);
    const validate = await runCli(dir, ['validate']);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout + validate.stderr).not.toMatch(/record\/ns-glue|name\/below-delegation|record\/service-name/);

    const out = mkdtempSync(join(tmpdir(), 'zone-file-synth-'));
    outs.push(out);
    const result = await synthesize(new WorkingTree(dir), { out: join(out, 'cdktf.out'), cwd: dir });
    expect(result.ok, JSON.stringify(!result.ok && result.problems)).toBe(true);
    const text = readFileSync(join(out, 'cdktf.out/stacks/bekasikota-go-id/cdk.tf.json'), 'utf8');
    // Not matched against Cloudflare: every record is created, none adopted.
    expect(JSON.parse(text).import).toBeUndefined();
    const has = (properties: Record<string, unknown>) => Testing.toHaveResourceWithProperties(text, 'cloudflare_dns_record', { zone_id: ZONE_ID, ...properties });
    expect(has({ name: `klinik.${ZONE}`, type: 'A', content: '103.122.5.70', ttl: 3600, proxied: false })).toBe(true);
    expect(has({ name: `klinik.${ZONE}`, type: 'CAA', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } })).toBe(true);
    expect(has({ name: `klinik.${ZONE}`, type: 'CAA', data: { flags: 0, tag: 'iodef', value: `mailto:tik@${ZONE}` } })).toBe(true);
    expect(has({ name: `_sip._tcp.klinik.${ZONE}`, type: 'SRV', data: { priority: 10, weight: 5, port: 5060, target: 'sip.mailhost.co.id' } })).toBe(true);
    expect(has({ name: `s1._domainkey.klinik.${ZONE}`, type: 'TXT', content: '"v=DKIM1; k=rsa; " "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"', ttl: 3600 })).toBe(true);
    expect(has({ name: `dinkes.${ZONE}`, type: 'NS', content: `ns1.dinkes.${ZONE}` })).toBe(true);
    expect(has({ name: `dinkes.${ZONE}`, type: 'NS', content: `ns2.dinkes.${ZONE}` })).toBe(true);
    expect(has({ name: `ns1.dinkes.${ZONE}`, type: 'A', content: '103.122.5.53' })).toBe(true);
    expect(has({ name: `ns2.dinkes.${ZONE}`, type: 'A', content: '103.122.5.54' })).toBe(true);
    // The apex stays the office's: in the infrastructure list, never a resource.
    expect(has({ name: ZONE, type: 'NS' })).toBe(false);
    const imported = Object.values(JSON.parse(text).resource.cloudflare_dns_record as Record<string, { name: string }>).filter((r) => /(^|\.)(klinik|dinkes)\.bekasikota\.go\.id$/.test(r.name));
    expect(imported).toHaveLength(9);
  });
});
