import { join } from 'node:path';
import { combineDesiredState, dnsView, readDesiredState } from '../../src/dns/desired-state.js';
import { desiredRecords } from '../../src/records/index.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { bulkLoader } from '../../src/dns/parallel-load.js';
import { FIXTURES } from './helpers.js';

async function stateOf(fixture: string, names?: string[]) {
  const tree = new WorkingTree(join(FIXTURES, fixture));
  const policy = loadPolicy(tree);
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  return readDesiredState(tree, policy.policy, names ? { names } : {});
}

describe('desired state', () => {
  it('applies pending create, update and delete requests on top of the register', async () => {
    const { state, problems } = await stateOf('basic');
    expect(problems).toEqual([]);
    const zone = state.zones['contohkota.go.id']!;
    expect(Object.keys(zone.subdomains)).toEqual(['ganti.contohkota.go.id', 'pajak.contohkota.go.id', 'sehat.contohkota.go.id', 'sekolah.contohkota.go.id']);
    // create adds, with its provenance
    const sehat = zone.subdomains['sehat.contohkota.go.id']!;
    expect(sehat.opd).toBe('dinkes');
    expect(sehat.letter).toBe('400.7/1021/Dinkes');
    expect(sehat.provenance).toMatchObject({ source: 'request', file: 'requests/sehat.contohkota.go.id.yaml', action: 'create' });
    // update replaces the records: hosting instead of the registered A record
    const ganti = zone.subdomains['ganti.contohkota.go.id']!;
    expect(ganti.records).toEqual([{ name: 'ganti.contohkota.go.id', type: 'A', content: '103.122.5.10', proxied: true }]);
    expect(ganti.provenance).toMatchObject({ source: 'request', registerFile: 'subdomains/ganti.contohkota.go.id.yaml', action: 'update' });
    // delete removes, and is listed
    expect(zone.subdomains['lama.contohkota.go.id']).toBeUndefined();
    expect(state.deletes).toEqual([expect.objectContaining({ fqdn: 'lama.contohkota.go.id', requestFile: 'requests/lama.contohkota.go.id.yaml' })]);
  });

  it('expands service labels under the subdomain and resolves hosting to the policy target', async () => {
    const { state } = await stateOf('basic');
    const zone = state.zones['contohkota.go.id']!;
    expect(zone.subdomains['sehat.contohkota.go.id']!.records).toContainEqual({ name: '_dmarc.sehat.contohkota.go.id', type: 'TXT', content: '"v=DMARC1; p=reject"' });
    expect(zone.subdomains['pajak.contohkota.go.id']!.records).toEqual([{ name: 'pajak.contohkota.go.id', type: 'A', content: '103.122.5.10', proxied: true }]);
    expect(zone.subdomains['pajak.contohkota.go.id']!.hosting).toBe(true);
  });

  it('normalises values the way Cloudflare stores them, one record per value', () => {
    const records = desiredRecords('x.contohkota.go.id', [
      { type: 'AAAA', value: '2404:6800:0000:0000:0000:0000:0000:0001' },
      { type: 'MX', value: 'MX1.Example.org.', priority: 5 },
      { type: 'A', value: '103.122.6.2', ttl: 300 },
      { type: 'A', value: '103.122.6.1', ttl: 300 },
      { type: 'A', value: '103.122.6.3', ttl: 300, proxied: true },
      { type: 'CAA', value: '0  ISSUE   letsencrypt.org' },
    ]);
    expect(records).toEqual([
      { name: 'x.contohkota.go.id', type: 'A', content: '103.122.6.1', ttl: 300 },
      { name: 'x.contohkota.go.id', type: 'A', content: '103.122.6.2', ttl: 300 },
      { name: 'x.contohkota.go.id', type: 'A', content: '103.122.6.3', proxied: true },
      { name: 'x.contohkota.go.id', type: 'AAAA', content: '2404:6800::1' },
      { name: 'x.contohkota.go.id', type: 'CAA', content: '0 issue "letsencrypt.org"' },
      { name: 'x.contohkota.go.id', type: 'MX', content: 'mx1.example.org', priority: 5 },
    ]);
  });

  it('reports conflicts as problems with file and line, never picking silently', async () => {
    const { state, problems } = await stateOf('conflicts');
    const found = problems.map((p) => [p.file, p.rule, p.line]);
    expect(found).toEqual(expect.arrayContaining([
      ['requests/sekolah.contohkota.go.id.yaml', 'owner/name-taken', 1],
      ['requests/hilang.contohkota.go.id.yaml', 'owner/not-registered', 1],
      ['requests/tiada.contohkota.go.id.yaml', 'owner/not-registered', 1],
    ]));
    // an update by another OPD is a transfer the maintainers approve, not a conflict
    expect(problems.some((p) => p.file === 'requests/pajak.contohkota.go.id.yaml')).toBe(false);
    expect(problems.some((p) => p.file === 'subdomains/rusak.contohkota.go.id.yaml' && p.rule.startsWith('yaml/'))).toBe(true);
    for (const p of problems) {
      expect(p.message.id).not.toBe('');
      expect(p.message.en).not.toBe('');
    }
    // the registered names keep their registered state; the others stay absent
    const zone = state.zones['contohkota.go.id']!;
    expect(zone.subdomains['sekolah.contohkota.go.id']!.provenance.source).toBe('register');
    expect(zone.subdomains['pajak.contohkota.go.id']!.opd).toBe('dinkes');
    expect(zone.subdomains['pajak.contohkota.go.id']!.provenance.transferredFrom).toBe('bapenda');
    expect(zone.subdomains['hilang.contohkota.go.id']).toBeUndefined();
    expect(state.deletes).toEqual([]);
  });

  it('computes a subset of names exactly as the full state has them', async () => {
    const full = await stateOf('basic');
    const part = await stateOf('basic', ['sehat.contohkota.go.id', 'lama.contohkota.go.id', 'nothing.contohkota.go.id']);
    expect(part.problems).toEqual([]);
    expect(Object.keys(part.state.zones['contohkota.go.id']!.subdomains)).toEqual(['sehat.contohkota.go.id']);
    expect(part.state.zones['contohkota.go.id']!.subdomains['sehat.contohkota.go.id']).toEqual(full.state.zones['contohkota.go.id']!.subdomains['sehat.contohkota.go.id']);
    expect(part.state.deletes).toEqual(full.state.deletes);
    expect(part.state.scope).toEqual(['lama.contohkota.go.id', 'nothing.contohkota.go.id', 'sehat.contohkota.go.id']);
  });

  it('gives the same state with the bulk loader, positions included', async () => {
    const tree = new WorkingTree(join(FIXTURES, 'conflicts'));
    const policy = loadPolicy(tree);
    if (!policy.ok) throw new Error('policy');
    const plain = await readDesiredState(tree, policy.policy);
    const bulk = await readDesiredState(tree, policy.policy, { loader: bulkLoader });
    expect(dnsView(bulk.state)).toEqual(dnsView(plain.state));
    expect(bulk.problems).toEqual(plain.problems);
  });

  it('is a pure function of its inputs: names outside every zone are problems', () => {
    const { state, problems } = combineDesiredState({ zones: [{ name: 'contohkota.go.id', cloudflare_zone_id: '0'.repeat(32) }] }, [{ fqdn: 'x.example.org' }]);
    expect(problems.map((p) => p.rule)).toEqual(['dns/outside-zone']);
    expect(state.zones['contohkota.go.id']!.subdomains).toEqual({});
  });
});
