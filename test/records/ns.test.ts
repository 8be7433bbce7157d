import type { ResolvedPolicy } from '../../src/policy/policy.js';
import { desiredRecords, kindOf } from '../../src/records/index.js';
import { checkRecords } from '../../src/records/rules.js';
import type { RuleContext } from '../../src/rules/context.js';
import { checkInZoneTargets, checkNsGlue } from '../../src/rules/targets.js';
import type { RegisterEntry, SubdomainRequest } from '../../src/schema/types.gen.js';
import { owner, ZONE } from './support.js';

const rules = (yaml: string) => checkRecords(owner(yaml)).map((p) => `${p.rule}:${p.line! - 1}`);

/** A rule context with a register and pending requests as plain maps. */
function context(register: Record<string, Partial<RegisterEntry>> = {}, pending: Record<string, Partial<SubdomainRequest>> = {}): RuleContext {
  const policy = { zones: [ZONE], reservedNames: new Set(['ns1', 'mail']), hosting: { records: [{ type: 'A', value: '103.122.5.10' }] } } as unknown as ResolvedPolicy;
  return {
    policy,
    register: { get: (fqdn) => register[fqdn] as RegisterEntry | undefined, descendants: () => [], names: () => Object.keys(register), readAll: () => {} },
    pendingAtBase: { get: (fqdn) => pending[fqdn] as SubdomainRequest | undefined },
    today: '2026-11-24',
  };
}
const glue = (yaml: string, ctx = context()) => checkNsGlue(owner(yaml), ctx).map((p) => `${p.rule}:${p.line! - 1}`);

describe('NS records (a delegation)', () => {
  it('makes one record per name server of a list, lower case, without trailing dots', () => {
    expect(desiredRecords('dinkes.bekasikota.go.id', [{ type: 'NS', value: ['NS2.Penyedia-DNS.net.', 'ns1.penyedia-dns.net'], ttl: 3600 }])).toEqual([
      { name: 'dinkes.bekasikota.go.id', type: 'NS', content: 'ns1.penyedia-dns.net', ttl: 3600 },
      { name: 'dinkes.bekasikota.go.id', type: 'NS', content: 'ns2.penyedia-dns.net', ttl: 3600 },
    ]);
    expect(kindOf('NS').provider({ content: 'ns1.penyedia-dns.net' })).toEqual({ content: 'ns1.penyedia-dns.net' });
  });

  it('takes a list, and reports a name server written twice', () => {
    expect(rules('  - { type: NS, value: [ns1.penyedia-dns.net, ns2.penyedia-dns.net] }')).toEqual([]);
    expect(rules('  - { type: NS, value: [ns1.penyedia-dns.net, NS1.penyedia-dns.net.] }')).toEqual(['record/duplicate:1']);
  });

  it('points at host names, not at IP addresses or the delegated name itself', () => {
    expect(rules('  - type: NS\n    value: [ns1.penyedia-dns.net, 203.0.113.53]')).toEqual(['record/ns-target:2']);
    expect(rules('  - { type: NS, value: dinkes.bekasikota.go.id }')).toEqual(['record/ns-target:1']);
  });

  it('sits at the subdomain itself: no `name`, never proxied', () => {
    expect(rules('  - { type: NS, name: _x, value: ns1.penyedia-dns.net }')).toEqual(['record/service-name:1']);
    expect(rules('  - { type: NS, value: ns1.penyedia-dns.net, proxied: false }')).toEqual(['record/proxied-type:1']);
  });

  it('stands alone: any other record at the delegated name or below it is refused', () => {
    expect(rules('  - { type: NS, value: ns1.penyedia-dns.net }\n  - { type: A, value: 8.8.8.8 }')).toEqual(['record/ns-alone:1']);
    expect(rules('  - { type: NS, value: ns1.penyedia-dns.net }\n  - { type: TXT, name: _dmarc, value: "v=DMARC1; p=none" }')).toEqual(['record/ns-alone:1']);
    expect(checkRecords(owner('  - { type: NS, value: ns1.penyedia-dns.net }\n  - { type: MX, value: mx.penyedia.com, priority: 1 }'))[0]!.message.en).toContain('but there are MX records');
  });

  it('lets A/AAAA glue of a name server below the delegation sit beside it, under `name`', () => {
    const yaml = '  - { type: NS, value: [ns1.dinkes.bekasikota.go.id, ns2.penyedia-dns.net] }\n  - { type: A, name: ns1, value: 8.8.8.8 }\n  - { type: AAAA, name: ns1, value: "2001:4860:4860::8888" }';
    expect(rules(yaml)).toEqual([]);
    expect(desiredRecords('dinkes.bekasikota.go.id', owner(yaml).records).map((r) => `${r.name} ${r.type}`)).toEqual([
      'dinkes.bekasikota.go.id NS', 'dinkes.bekasikota.go.id NS', 'ns1.dinkes.bekasikota.go.id A', 'ns1.dinkes.bekasikota.go.id AAAA',
    ]);
    // A `name` on A that is no name server of the file is still refused, and so is glue without NS.
    expect(rules('  - { type: NS, value: ns1.dinkes.bekasikota.go.id }\n  - { type: A, name: ns1, value: 8.8.8.8 }\n  - { type: A, name: www, value: 8.8.8.8 }'))
      .toEqual(['record/service-name:3', 'record/ns-alone:1']);
    expect(rules('  - { type: A, name: ns1, value: 8.8.8.8 }')).toEqual(['record/service-name:1']);
  });
});

describe('record/ns-glue: a name server inside the office\'s zone has an address', () => {
  it('needs glue in the request for a name server below the delegated name', () => {
    expect(glue('  - { type: NS, value: ns1.dinkes.bekasikota.go.id }')).toEqual(['record/ns-glue:1']);
    expect(checkNsGlue(owner('  - { type: NS, value: ns1.dinkes.bekasikota.go.id }'), context())[0]!.message.en).toContain('{ type: A, name: ns1, value: <IP address> }');
    expect(glue('  - { type: NS, value: ns1.dinkes.bekasikota.go.id }\n  - { type: AAAA, name: ns1, value: "2001:4860:4860::8888" }')).toEqual([]);
  });

  it('finds the address of a name server elsewhere in the zone in the register or a pending request', () => {
    const ns = '  - { type: NS, value: dns.diskominfo.bekasikota.go.id }';
    expect(glue(ns)).toEqual(['record/ns-glue:1']);
    expect(glue(ns, context({ 'dns.diskominfo.bekasikota.go.id': { records: [{ type: 'A', value: '8.8.8.8' }] } }))).toEqual([]);
    expect(glue(ns, context({ 'dns.diskominfo.bekasikota.go.id': { hosting: true } }))).toEqual([]);
    expect(glue(ns, context({}, { 'dns.diskominfo.bekasikota.go.id': { action: 'create', records: [{ type: 'AAAA', value: '2001:4860::1' }] } }))).toEqual([]);
    // A CNAME is no address (RFC 2181 §10.3), and a pending delete takes the address away.
    expect(glue(ns, context({ 'dns.diskominfo.bekasikota.go.id': { records: [{ type: 'CNAME', value: 'x.penyedia.com' }] } }))).toEqual(['record/ns-glue:1']);
    expect(glue(ns, context({ 'dns.diskominfo.bekasikota.go.id': { records: [{ type: 'A', value: '8.8.8.8' }] } }, { 'dns.diskominfo.bekasikota.go.id': { action: 'delete' } })))
      .toEqual(['record/ns-glue:1']);
  });

  it('does not check name servers outside the zones, or infrastructure names the register does not hold', () => {
    expect(glue('  - { type: NS, value: [ns1.penyedia-dns.net, ns1.bekasikota.go.id] }')).toEqual([]);
  });

  it('leaves NS out of record/in-zone-target, which it replaces for name servers', () => {
    expect(checkInZoneTargets(owner('  - { type: NS, value: ns1.dinkes.bekasikota.go.id }'), context())).toEqual([]);
  });

  it('is a warning on register files, like record/in-zone-target', () => {
    expect(checkNsGlue(owner('  - { type: NS, value: ns1.dinkes.bekasikota.go.id }'), context(), 'warning').map((p) => p.severity)).toEqual(['warning']);
  });
});
