import { parseRecordLine, recordLine } from '../../src/intake/record-line.js';
import type { DnsRecord } from '../../src/schema/types.gen.js';

const read = (line: string) => {
  const parsed = parseRecordLine(line);
  if (!parsed.ok) throw new Error(`${line}: ${parsed.message.en}`);
  return parsed.record;
};

describe('one DNS record per line, as `subdomain new` asks and the issue form takes it', () => {
  test.each<[string, DnsRecord]>([
    ['A 103.28.12.4', { type: 'A', value: '103.28.12.4' }],
    ['103.28.12.4', { type: 'A', value: '103.28.12.4' }],
    ['2400:cb00:2049:1::a29f:1a2b', { type: 'AAAA', value: '2400:cb00:2049:1::a29f:1a2b' }],
    ['cname layanan.pages.dev', { type: 'CNAME', value: 'layanan.pages.dev' }],
    ['MX 10 mail.example', { type: 'MX', value: 'mail.example', priority: 10 }],
    ['MX mail.example priority=10', { type: 'MX', value: 'mail.example', priority: 10 }],
    ['_dmarc TXT v=DMARC1;  p=reject', { type: 'TXT', name: '_dmarc', value: 'v=DMARC1;  p=reject' }],
    ['TXT name=_dmarc v=DMARC1; p=none', { type: 'TXT', name: '_dmarc', value: 'v=DMARC1; p=none' }],
    ['TXT "v=spf1 include:_spf.example ~all"', { type: 'TXT', value: 'v=spf1 include:_spf.example ~all' }],
    ['s1._domainkey TXT "k=rsa; p=MIIB" "IjANBg"', { type: 'TXT', name: 's1._domainkey', value: ['k=rsa; p=MIIB', 'IjANBg'] }],
    ['CAA 0 issue "letsencrypt.org"', { type: 'CAA', value: '0 issue "letsencrypt.org"' }],
    ['NS ns1.penyedia.net ns2.penyedia.net', { type: 'NS', value: ['ns1.penyedia.net', 'ns2.penyedia.net'] }],
    ['ns1 A 103.28.12.53', { type: 'A', name: 'ns1', value: '103.28.12.53' }],
    ['_sip._tcp SRV 10 5 5060 sip.example', { type: 'SRV', name: '_sip._tcp', value: 'sip.example', priority: 10, weight: 5, port: 5060 }],
    ['A 103.28.12.4 ttl=3600 proxied', { type: 'A', value: '103.28.12.4', ttl: 3600, proxied: true }],
    ['- @ A 103.28.12.4', { type: 'A', value: '103.28.12.4' }],
  ])('%s', (line, record) => {
    expect(read(line)).toEqual(record);
  });

  test('what it writes back reads as the same record', () => {
    for (const line of ['MX 10 mail.example', '_sip._tcp SRV 10 5 5060 sip.example', 's1._domainkey TXT "a b" "c"', 'A 103.28.12.4 ttl=3600 proxied', 'NS ns1.x.net ns2.x.net']) {
      expect(read(recordLine(read(line)))).toEqual(read(line));
    }
  });

  test.each([
    ['AA 103.28.12.4', '`AA` is not a record type'],
    ['type: A', 'The form `type: …` (YAML) is not used here'],
    ['A', 'A record without a value'],
    ['A 103.28.12.4 103.28.12.5', 'A record has one value; write one record per line'],
    ['MX mail.example 10', 'An MX is written as a priority then one mail server name'],
    ['A 103.28.12.4 ttl=sebentar', '`ttl=sebentar`: ttl must be a whole number'],
  ])('%s is refused in words, naming what to write', (line, en) => {
    const parsed = parseRecordLine(line);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message.en).toContain(en);
    expect(parsed.message.id).not.toBe(parsed.message.en);
    expect(`${parsed.message.id} ${parsed.message.en}`).not.toMatch(/\\[sd]|\[0-9|\^|\$\//);
  });
});
