import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as plan } from '../../src/cli/plan.js';
import { run as synth } from '../../src/cli/synth.js';
import { captureIo, copyFixture, fixtureRepo, git } from './helpers.js';

const REQUEST_HEAD = `letter:
  number: 400.7/2000/Dinkes
  date: "2026-11-20"
  signer:
    name: dr. Tanti Rohilawati
    nip: "197205031999032004"
    position: Kepala Dinas
purpose: Permohonan untuk pengujian catatan NS dan SRV.
contact:
  name: Andi Prasetyo
  nip: "199001152015031002"
  email: andi@contohkota.go.id
  phone: "081234567890"
`;
const DELEGATION = `action: create\nopd: dinkes\n${REQUEST_HEAD}records:
  - type: NS
    value: [ns1.deleg.contohkota.go.id, ns2.penyedia-dns.net]
    ttl: 3600
  - { type: A, name: ns1, value: 103.122.6.53 }
`;
const SERVICE = `action: create\nopd: dinkes\n${REQUEST_HEAD}records:
  - { type: A, value: 103.122.6.60 }
  - { type: SRV, name: _sip._tcp, priority: 10, weight: 5, port: 5060, value: sip.penyedia.com. }
`;

type Resource = Record<string, unknown>;

async function synthRecords(root: string): Promise<Resource[]> {
  const io = captureIo(root);
  expect(await synth(['--out', 'cdktf.out'], io), io.err).toBe(0);
  const json = JSON.parse(readFileSync(join(root, 'cdktf.out/stacks/contohkota-go-id/cdk.tf.json'), 'utf8')) as { resource: { cloudflare_dns_record: Record<string, Resource> } };
  return Object.values(json.resource.cloudflare_dns_record);
}

describe('NS and SRV in synthesis', () => {
  it('delegates with one NS resource per name server and its glue A record below the name', async () => {
    const root = copyFixture('basic');
    writeFileSync(join(root, 'requests', 'deleg.contohkota.go.id.yaml'), DELEGATION);
    const records = (await synthRecords(root)).filter((r) => String(r.name).endsWith('deleg.contohkota.go.id'));
    expect(records.map((r) => ({ name: r.name, type: r.type, content: r.content, ttl: r.ttl, proxied: r.proxied }))).toEqual([
      { name: 'deleg.contohkota.go.id', type: 'NS', content: 'ns1.deleg.contohkota.go.id', ttl: 3600, proxied: undefined },
      { name: 'deleg.contohkota.go.id', type: 'NS', content: 'ns2.penyedia-dns.net', ttl: 3600, proxied: undefined },
      { name: 'ns1.deleg.contohkota.go.id', type: 'A', content: '103.122.6.53', ttl: 1, proxied: false },
    ]);
  });

  it('gives SRV its parts in `data` and the same priority at the top level, with no `content`', async () => {
    const root = copyFixture('basic');
    writeFileSync(join(root, 'requests', 'telepon.contohkota.go.id.yaml'), SERVICE);
    const srv = (await synthRecords(root)).find((r) => r.type === 'SRV')!;
    expect(srv).toMatchObject({ name: '_sip._tcp.telepon.contohkota.go.id', priority: 10, ttl: 1, data: { priority: 10, weight: 5, port: 5060, target: 'sip.penyedia.com' } });
    expect(srv.content).toBeUndefined();
    expect(srv.proxied).toBeUndefined();
  });
});

describe('NS and SRV in the plan', () => {
  function repo(): string {
    const root = fixtureRepo('basic');
    rmSync(join(root, 'requests'), { recursive: true });
    mkdirSync(join(root, 'requests'));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'register only');
    git(root, 'checkout', '-q', '-b', 'pr');
    writeFileSync(join(root, 'requests', 'telepon.contohkota.go.id.yaml'), SERVICE);
    return root;
  }

  it('shows an SRV record as its target with priority, weight and port beside it', async () => {
    const root = repo();
    const io = captureIo(root);
    expect(await plan(['--base', 'main'], io), io.err).toBe(0);
    expect(io.out).toContain('+ _sip._tcp.telepon.contohkota.go.id SRV sip.penyedia.com (prioritas/priority 10, bobot/weight 5, port 5060, ttl auto)');
  });

  it('shows the same in the pull-request table, and Cloudflare\'s content in JSON', async () => {
    const root = repo();
    const io = captureIo(root);
    expect(await plan(['--base', 'main', '--format', 'markdown'], io), io.err).toBe(0);
    expect(io.out).toContain('| `_sip._tcp.telepon.contohkota.go.id` | SRV |  | `sip.penyedia.com` <sub>prio 10, weight 5, port 5060, ttl auto</sub>');
    const json = captureIo(root);
    expect(await plan(['--base', 'main', '--format', 'json'], json), json.err).toBe(0);
    const changes = (JSON.parse(json.out) as { zones: { changes: { after: { type: string } }[] }[] }).zones[0]!.changes;
    expect(changes.map((c) => c.after).find((r) => r.type === 'SRV')).toEqual({ name: '_sip._tcp.telepon.contohkota.go.id', type: 'SRV', content: '5 5060 sip.penyedia.com', priority: 10 });
  });
});
