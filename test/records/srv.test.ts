import { desiredRecords, kindOf } from '../../src/records/index.js';
import { checkRecords } from '../../src/records/rules.js';
import { owner } from './support.js';

const SRV = kindOf('SRV');
const rules = (yaml: string) => checkRecords(owner(yaml)).map((p) => `${p.rule}:${p.line! - 1}`);

describe('SRV records', () => {
  it('keeps the priority apart from Cloudflare\'s content `weight port target`', () => {
    expect(desiredRecords('dinkes.bekasikota.go.id', [{ type: 'SRV', name: '_SIP._tcp', priority: 10, weight: 5, port: 5060, value: 'SIP.Penyedia.com.' }])).toEqual([
      { name: '_sip._tcp.dinkes.bekasikota.go.id', type: 'SRV', content: '5 5060 sip.penyedia.com', priority: 10 },
    ]);
  });

  it('gives the provider `data` with priority, weight, port and target (synthesis adds the same top-level priority)', () => {
    expect(SRV.provider({ content: '5 5060 sip.penyedia.com', priority: 10 })).toEqual({ data: { priority: 10, weight: 5, port: 5060, target: 'sip.penyedia.com' } });
    expect(SRV.provider({ content: '0 0 .', priority: 0 })).toEqual({ data: { priority: 0, weight: 0, port: 0, target: '.' } });
  });

  it('writes weight and port beside the target', () => {
    expect(SRV.written('5 5060 sip.penyedia.com')).toEqual({ value: 'sip.penyedia.com', weight: 5, port: 5060 });
  });

  it('accepts `.` as the target of a service deliberately not offered', () => {
    expect(rules('  - { type: SRV, name: _imap._tcp, priority: 0, weight: 0, port: 0, value: . }')).toEqual([]);
    expect(SRV.target!('0 0 .')).toBe('.');
  });

  it('needs `name: _service._proto` with a protocol Cloudflare offers', () => {
    expect(rules('  - { type: SRV, priority: 1, weight: 1, port: 5060, value: sip.penyedia.com }')).toEqual(['record/srv-name:1']);
    expect(rules('  - { type: SRV, name: _sip, priority: 1, weight: 1, port: 5060, value: sip.penyedia.com }')).toEqual(['record/srv-name:1']);
    expect(rules('  - { type: SRV, name: _sip._sctp, priority: 1, weight: 1, port: 5060, value: sip.penyedia.com }')).toEqual(['record/srv-name:1']);
    expect(rules('  - { type: SRV, name: _sipfederationtls._tcp, priority: 1, weight: 1, port: 5061, value: sipfed.online.lync.com }')).toEqual([]);
  });

  it('needs priority, weight and port, and refuses weight and port on other types', () => {
    expect(rules('  - { type: SRV, name: _sip._udp, value: sip.penyedia.com }')).toEqual(['record/srv-fields:1']);
    expect(checkRecords(owner('  - { type: SRV, name: _sip._udp, priority: 1, value: sip.penyedia.com }'))[0]!.message.en).toContain('`weight`, `port`');
    expect(rules('  - { type: A, value: 8.8.8.8, port: 80 }')).toEqual(['record/srv-fields:1']);
    expect(rules('  - { type: MX, value: mx.penyedia.com, priority: 10, weight: 1 }')).toEqual(['record/srv-fields:1']);
  });

  it('takes `priority` like MX, and refuses a host that is an IP address', () => {
    expect(rules('  - { type: SRV, name: _ldap._tcp, priority: 1, weight: 1, port: 389, value: 203.0.113.5 }')).toEqual(['record/srv-target:1']);
    expect(rules('  - { type: TXT, value: x, priority: 1 }')).toEqual(['record/mx-priority:1']);
  });

  it('is never proxied', () => {
    expect(rules('  - { type: SRV, name: _sip._tcp, priority: 1, weight: 1, port: 5060, value: sip.penyedia.com, proxied: true }')).toEqual(['record/proxied-type:1']);
  });

  it('is one record per weight, port and target: the same target on two ports is two records', () => {
    const records = desiredRecords('dinkes.bekasikota.go.id', [
      { type: 'SRV', name: '_sip._tcp', priority: 10, weight: 5, port: 5060, value: 'sip.penyedia.com' },
      { type: 'SRV', name: '_sip._tcp', priority: 10, weight: 5, port: 5061, value: 'sip.penyedia.com' },
    ]);
    expect(records.map((r) => r.content)).toEqual(['5 5060 sip.penyedia.com', '5 5061 sip.penyedia.com']);
    expect(rules('  - { type: SRV, name: _sip._tcp, priority: 1, weight: 1, port: 5060, value: sip.penyedia.com }\n  - { type: SRV, name: _sip._tcp, priority: 2, weight: 1, port: 5060, value: sip.penyedia.com. }'))
      .toEqual(['record/duplicate:2']);
  });
});
