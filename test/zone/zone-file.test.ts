import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseTxtContent } from '../../src/records/txt.js';
import type { LiveRecord } from '../../src/zone/live-record.js';
import { parseZoneFile, ZONE_FILE_LIMITS, type ZoneFileResult } from '../../src/zone/zone-file.js';

const ZONE = 'bekasikota.go.id';
const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): ZoneFileResult => parseZoneFile(`zona/${name}`, readFileSync(join(FIXTURES, name)), ZONE);
const parse = (text: string): ZoneFileResult => parseZoneFile('zona/bekasikota.go.id.zone', text, ZONE);
/** Records of a file that must read without a problem. */
const records = (text: string): LiveRecord[] => {
  const result = parse(text);
  expect(result.problems).toEqual([]);
  return result.records;
};
const only = (text: string): LiveRecord => {
  const read = records(text);
  expect(read).toHaveLength(1);
  return read[0]!;
};
const find = (read: readonly LiveRecord[], name: string, type: string): LiveRecord[] => read.filter((r) => r.name === name && r.type === type);
const where = (result: ZoneFileResult) => result.problems.map((p) => [p.line, p.rule]);

describe('parseZoneFile: a Cloudflare export', () => {
  const result = fixture('cloudflare-export.txt');

  it('reads every record of the export without a problem', () => {
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => r.type)).toEqual(['SOA', 'NS', 'NS', 'A', 'A', 'A', 'A', 'AAAA', 'CAA', 'CAA', 'CNAME', 'CNAME', 'MX', 'MX', 'SRV', 'TXT', 'TXT', 'TXT', 'TXT']);
  });

  it('a Cloudflare export keeps proxied from cf_tags', () => {
    expect(find(result.records, ZONE, 'A')[0]).toMatchObject({ content: '203.0.113.10', proxied: true });
    expect(find(result.records, `mail.${ZONE}`, 'A')[0]).toMatchObject({ proxied: false, ttl: 3600 });
    expect(find(result.records, `www.${ZONE}`, 'CNAME')[0]).toMatchObject({ content: ZONE, proxied: true });
    expect(find(result.records, `lpse.${ZONE}`, 'CNAME')[0]).toMatchObject({ content: 'lpse.lkpp.go.id', proxied: false });
    // Other tags beside cf-proxied, in either order.
    expect(find(result.records, `sehat.${ZONE}`, 'A')[0]).toMatchObject({ proxied: false });
    // Records Cloudflare cannot proxy carry no cf-proxied tag and no proxied.
    expect(find(result.records, ZONE, 'MX').every((r) => r.proxied === undefined)).toBe(true);
  });

  it('TTL 1 (automatic) is kept as 1', () => {
    expect(find(result.records, ZONE, 'A')[0]!.ttl).toBe(1);
    expect(find(result.records, ZONE, 'NS').map((r) => r.ttl)).toEqual([86400, 86400]);
  });

  it('the comment written before cf_tags is the record comment', () => {
    expect(find(result.records, `ppid.${ZONE}`, 'A')[0]).toMatchObject({ proxied: true, comment: 'Portal PPID, server Diskominfo' });
    expect(find(result.records, ZONE, 'TXT')[0]!.comment).toBe('SPF kantor');
    expect(find(result.records, ZONE, 'A')[0]!.comment).toBeUndefined();
  });

  it('the SOA owner written without its trailing dot is the apex, not the zone doubled', () => {
    expect(result.records[0]).toEqual({
      name: ZONE, type: 'SOA', ttl: 3600, line: 9,
      content: 'ara.ns.cloudflare.com dns.cloudflare.com 2051234567 10000 2400 604800 3600',
    });
  });

  it('each record keeps the line it is written on', () => {
    expect(find(result.records, `_sip._tcp.${ZONE}`, 'SRV')[0]).toEqual({
      name: `_sip._tcp.${ZONE}`, type: 'SRV', content: `60 5060 sip.${ZONE}`, priority: 10, ttl: 1, line: 37,
    });
  });

  it('a long DKIM key split into two strings is one TXT record of two quoted strings', () => {
    const dkim = find(result.records, `google._domainkey.${ZONE}`, 'TXT')[0]!;
    expect(dkim.content).toMatch(/^"v=DKIM1; k=rsa; p=MIIB[^"]{233}" "[^"]+IDAQAB"$/);
  });
});

describe('parseZoneFile: a hand-written BIND zone', () => {
  const result = fixture('bind-origin.zone');
  const read = result.records;

  it('reads without a problem', () => {
    expect(result.problems).toEqual([]);
    expect(read).toHaveLength(20);
  });

  it('relative targets are completed with $ORIGIN', () => {
    expect(find(read, ZONE, 'NS').map((r) => r.content)).toEqual([`ns1.${ZONE}`, `ns2.${ZONE}`]);
    expect(find(read, ZONE, 'MX')[0]).toMatchObject({ content: `mail.${ZONE}`, priority: 10 });
    expect(find(read, `portal.sehat.${ZONE}`, 'CNAME')[0]!.content).toBe(`web.sehat.${ZONE}`);
    expect(find(read, `_sip._udp.sehat.${ZONE}`, 'SRV')[0]).toMatchObject({ content: `5 5060 sip.sehat.${ZONE}`, priority: 10 });
  });

  it('a blank owner continues the previous name', () => {
    expect(read.filter((r) => r.line! >= 9 && r.line! <= 11).map((r) => [r.name, r.type])).toEqual([[ZONE, 'NS'], [ZONE, 'NS'], [ZONE, 'MX']]);
    expect(find(read, `mail.${ZONE}`, 'AAAA')[0]!.line).toBe(15);
  });

  it('@ is the current $ORIGIN, as owner and as target', () => {
    expect(find(read, `sehat.${ZONE}`, 'A')[0]!.content).toBe('198.51.100.7');
    expect(find(read, `www.${ZONE}`, 'CNAME')[0]!.content).toBe(ZONE);
  });

  it('$TTL with a unit is the default TTL, and an explicit TTL wins', () => {
    expect(find(read, `ns1.${ZONE}`, 'A')[0]!.ttl).toBe(3600);
    expect(find(read, `*.dev.${ZONE}`, 'A')[0]!.ttl).toBe(300);
    expect(find(read, `mail._domainkey.sehat.${ZONE}`, 'TXT')[0]!.ttl).toBe(2 * 86400);
  });

  it('TTL and class IN come in either order', () => {
    expect(find(read, `mail.${ZONE}`, 'A')[0]!.ttl).toBe(3600);
    expect(find(read, `mail.${ZONE}`, 'AAAA')[0]!.ttl).toBe(3600);
    expect(records('a 300 IN A 203.0.113.1\nb IN 300 A 203.0.113.2\nc in 30m a 203.0.113.3').map((r) => r.ttl)).toEqual([300, 300, 1800]);
  });

  it('parentheses span lines; the SOA times are seconds and the record keeps its first line', () => {
    expect(read[0]).toEqual({ name: ZONE, type: 'SOA', ttl: 3600, line: 3, content: `ns1.${ZONE} hostmaster.${ZONE} 2026120101 7200 1800 1209600 300` });
    expect(find(read, `mail._domainkey.sehat.${ZONE}`, 'TXT')[0]).toMatchObject({ line: 27, content: '"v=DKIM1; k=rsa; " "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC9"' });
  });

  it('an unquoted TXT word becomes a quoted string, its escape kept as written', () => {
    expect(find(read, `_dmarc.sehat.${ZONE}`, 'TXT')[0]!.content).toBe('"v=DMARC1\\;" "p=none"');
  });

  it('AAAA is lower case and a wildcard owner is kept', () => {
    expect(find(read, `mail.${ZONE}`, 'AAAA')[0]!.content).toBe('2001:db8::25');
    expect(find(read, `*.dev.${ZONE}`, 'A')).toHaveLength(1);
  });

  it('types the product does not manage keep their data whitespace-normalised', () => {
    expect(find(read, `api.${ZONE}`, 'HTTPS')[0]!.content).toBe('1 . alpn="h2,h3"');
    expect(find(read, `_443._tcp.www.${ZONE}`, 'TLSA')[0]).toMatchObject({ line: 31, content: '3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566' });
  });
});

describe('parseZoneFile: names, TTLs and contents', () => {
  it('names are full, lower case and without the trailing dot', () => {
    const read = records('$TTL 300\nWWW.BekasiKota.Go.Id. A 203.0.113.1\nPortal A 203.0.113.2\nweb CNAME Host.Example.NET.');
    expect(read.map((r) => r.name)).toEqual([`www.${ZONE}`, `portal.${ZONE}`, `web.${ZONE}`]);
    expect(read[2]!.content).toBe('host.example.net');
  });

  it('a name written in full without its trailing dot is not doubled', () => {
    expect(only(`$TTL 300\nwww.${ZONE} CNAME portal.${ZONE}`)).toMatchObject({ name: `www.${ZONE}`, content: `portal.${ZONE}` });
  });

  it('a relative $ORIGIN is relative to the current origin', () => {
    expect(only('$TTL 300\n$ORIGIN sehat\n$ORIGIN ppdb\nwww A 203.0.113.1').name).toBe(`www.ppdb.sehat.${ZONE}`);
  });

  it('without $TTL a record takes the previous record\'s TTL', () => {
    expect(records('a 120 A 203.0.113.1\nb A 203.0.113.2\nc 600 A 203.0.113.3\nd A 203.0.113.4').map((r) => r.ttl)).toEqual([120, 120, 600, 600]);
  });

  it('$TTL wins over the previous record\'s TTL', () => {
    expect(records('$TTL 900\na 120 A 203.0.113.1\nb A 203.0.113.2').map((r) => r.ttl)).toEqual([120, 900]);
  });

  it('a record with no TTL available takes the SOA minimum, even when the SOA comes later', () => {
    const result = fixture('soa-later.zone');
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.type, r.ttl])).toEqual([['A', 900], ['SOA', 900], ['A', 900]]);
  });

  it('TTL units s, m, h, d, w and their sums are seconds', () => {
    expect(records('a 30s A 203.0.113.1\nb 30m A 203.0.113.1\nc 1h A 203.0.113.1\nd 2D A 203.0.113.1\ne 1w A 203.0.113.1\nf 1h30m A 203.0.113.1').map((r) => r.ttl))
      .toEqual([30, 1800, 3600, 172800, 604800, 5400]);
  });

  it('a semicolon inside quotes is text, not a comment', () => {
    expect(only('@ 300 TXT "v=DMARC1; p=reject" ; komentar').content).toBe('"v=DMARC1; p=reject"');
  });

  it('TXT escapes \\" \\\\ and \\DDD are kept as written and spaces inside quotes are kept', () => {
    expect(only('@ 300 TXT "say \\"halo\\"  dan \\\\ \\233" "kedua"').content).toBe('"say \\"halo\\"  dan \\\\ \\233" "kedua"');
  });

  it('an empty TXT string is kept', () => {
    expect(only('@ 300 TXT ""').content).toBe('""');
  });

  it('SPF keeps its type and is written like TXT', () => {
    expect(only('@ 300 SPF "v=spf1 -all"')).toMatchObject({ type: 'SPF', content: '"v=spf1 -all"' });
  });

  it('MX priority is separate and a null MX targets the root', () => {
    const [mx, nullMx] = records(`@ 300 MX 10 Mail.${ZONE}.\nsehat 300 MX 0 .`);
    expect(mx).toMatchObject({ content: `mail.${ZONE}`, priority: 10 });
    expect(nullMx).toMatchObject({ content: '.', priority: 0 });
  });

  it('CAA is flags tag "value", an unquoted value quoted', () => {
    expect(records('@ 300 CAA 0 ISSUE "letsencrypt.org"\n@ 300 CAA 128 issuewild "pki.goog; cansignhttpexchanges=yes"\n@ 300 CAA 0 issue pki.goog').map((r) => r.content))
      .toEqual(['0 issue "letsencrypt.org"', '128 issuewild "pki.goog; cansignhttpexchanges=yes"', '0 issue "pki.goog"']);
  });

  it('CRLF line ends and a byte order mark are read', () => {
    const read = parseZoneFile('zona/crlf.zone', new TextEncoder().encode('\uFEFF$TTL 300\r\n@ IN A 203.0.113.1 ; cf_tags=cf-proxied:true\r\nwww IN TXT "x"\r\n'), ZONE);
    expect(read.problems).toEqual([]);
    expect(read.records).toEqual([
      { name: ZONE, type: 'A', content: '203.0.113.1', ttl: 300, proxied: true, line: 2 },
      { name: `www.${ZONE}`, type: 'TXT', content: '"x"', ttl: 300, line: 3 },
    ]);
  });

  it('5,000 records parse in one go', () => {
    const text = ['$TTL 300', ...Array.from({ length: 5000 }, (_, i) => `host${i} IN A 203.0.113.${i % 250}`)].join('\n');
    expect(parse(text).records).toHaveLength(5000);
  });
});

describe('parseZoneFile: TXT strings (property)', () => {
  /** One character-string written between quotes: `"` and `\` escaped, bytes outside printable ASCII as \DDD. */
  const written = (bytes: Uint8Array): string => [...bytes].map((b) => (b === 0x22 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('');

  it('TXT strings with arbitrary bytes, quotes and backslashes parse back to the same content', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 255 }), { minLength: 1, maxLength: 4 }), (strings) => {
      const content = strings.map((s) => `"${written(s)}"`).join(' ');
      const result = parse(`$TTL 300\n_txt TXT ${content}\n_paren TXT ( ${strings.map((s) => `"${written(s)}"`).join('\n ')} )`);
      expect(result.problems).toEqual([]);
      expect(result.records.map((r) => r.content)).toEqual([content, content]);
      expect(parseTxtContent(result.records[0]!.content)).toEqual(strings.map((s) => Uint8Array.from(s)));
    }), { numRuns: 300 });
  });

  it('TXT text in any script, with quotes, backslashes, semicolons and parentheses, parses back to the same content', () => {
    const quoted = (text: string) => [...text].map((ch) => (ch === '"' || ch === '\\' ? `\\${ch}` : /[\p{Cc}\uFFFD]/u.test(ch) ? [...new TextEncoder().encode(ch)].map((b) => `\\${String(b).padStart(3, '0')}`).join('') : ch)).join('');
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom('', ';', '(', ')', '\\', '"', ' ; ('), (text, extra) => {
      const value = `"${quoted(text + extra)}"`;
      expect(only(`@ 300 TXT ${value}`).content).toBe(value);
    }), { numRuns: 300 });
  });
});

describe('parseZoneFile: problems', () => {
  it('an owner outside the zone is refused with its line', () => {
    const result = fixture('outside-origin.zone');
    expect(where(result)).toEqual([[4, 'zone-file/outside-zone'], [5, 'zone-file/outside-zone'], [7, 'zone-file/outside-zone']]);
    expect(result.problems[0]!.message.id).toContain('$ORIGIN pemprov.go.id dari baris 3');
    expect(result.problems[0]!.message.en).toContain('portal.pemprov.go.id is outside the zone bekasikota.go.id');
    // Only the records inside the zone are read; the zone doubled by a slip is still inside it.
    expect(result.records.map((r) => r.name)).toEqual([`www.${ZONE}`, `evil.${ZONE}.${ZONE}`]);
  });

  it('$INCLUDE is refused, saying the file must be self-contained', () => {
    const result = fixture('include.zone');
    expect(where(result)).toEqual([[3, 'zone-file/include']]);
    expect(result.problems[0]!.message.en).toContain('self-contained');
    expect(result.problems[0]!.message.id).toContain('harus utuh dalam satu berkas');
  });

  it('syntax problems are reported at their line and column, and the records between them are read', () => {
    const result = fixture('bad-syntax.zone');
    expect(result.problems.map((p) => [p.line, p.column, p.rule])).toEqual([
      [2, 1, 'zone-file/syntax'], // $GENERATE
      [3, 9, 'zone-file/syntax'], // A without its address
      [4, 9, 'zone-file/syntax'], // no type
      [5, 13, 'zone-file/syntax'], // unclosed quote
      [6, 15, 'zone-file/syntax'], // \12 is not \DDD
      [8, 24, 'zone-file/syntax'], // ) without (
      [9, 15, 'zone-file/syntax'], // nested (
      [10, 13, 'zone-file/syntax'], // ( never closed
    ]);
    expect(result.problems[0]!.message.en).toContain('only $ORIGIN and $TTL');
    expect(result.problems[7]!.message.en).toContain('opened on line 10 is never closed');
    expect(result.records.map((r) => r.name)).toEqual([`ok.${ZONE}`]);
  });

  it('a record starting with a space before any named record is refused', () => {
    expect(where(parse('$TTL 300\n   A 203.0.113.1'))).toEqual([[2, 'zone-file/syntax']]);
  });

  it('an unknown record type is refused, an owner with a bad character too', () => {
    expect(where(parse('$TTL 300\nwww CNAM web.example.net.\nwe!b A 203.0.113.1'))).toEqual([[2, 'zone-file/syntax'], [3, 'zone-file/syntax']]);
  });

  it('a TTL that is not a number, or over 2147483647, is refused', () => {
    const result = fixture('bad-ttl-class.zone');
    expect(where(result).filter(([, rule]) => rule === 'zone-file/ttl')).toEqual([[1, 'zone-file/ttl'], [2, 'zone-file/ttl'], [3, 'zone-file/ttl']]);
    expect(where(parse('a 2147483648 A 203.0.113.1'))).toEqual([[1, 'zone-file/ttl']]);
    expect(only('a 2147483647 A 203.0.113.1').ttl).toBe(2147483647);
  });

  it('a record with no TTL at all, no $TTL and no SOA, is refused at its line', () => {
    const result = fixture('no-ttl.zone');
    expect(where(result)).toEqual([[2, 'zone-file/ttl'], [3, 'zone-file/ttl']]);
    expect(result.problems[0]!.message.en).toContain('$TTL 3600');
    expect(result.records).toEqual([]);
  });

  it('problems come in line order, a missing TTL among the others', () => {
    expect(where(parse('www A 203.0.113.1\nbad A 999.1.1.1'))).toEqual([[1, 'zone-file/ttl'], [2, 'zone-file/rdata']]);
  });

  it('a class other than IN is refused', () => {
    expect(where(fixture('bad-ttl-class.zone')).filter(([, rule]) => rule === 'zone-file/class')).toEqual([[4, 'zone-file/class'], [5, 'zone-file/class']]);
  });

  it('rdata invalid for its type is refused, one problem a line', () => {
    const result = fixture('bad-rdata.zone');
    expect(where(result)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((line) => [line, 'zone-file/rdata']));
    const en = result.problems.map((p) => p.message.en);
    expect(en[1]).toContain('IPv6 addresses use type AAAA');
    expect(en[4]).toContain('an IP address cannot be a target');
    expect(en[11]).toContain('256 bytes, over 255');
    expect(result.records).toEqual([]);
  });

  it('a NUL byte is refused as not a text file', () => {
    const result = fixture('nul-byte.zone');
    expect(result.problems.map((p) => [p.line, p.column, p.rule])).toEqual([[3, 11, 'zone-file/encoding']]);
    expect(result.records).toEqual([]);
  });

  it('bytes that are not UTF-8 are refused at their line', () => {
    expect(where(fixture('latin1.zone'))).toEqual([[2, 'zone-file/encoding']]);
    expect(where(parse('$TTL 300\n@ TXT "rusak \uFFFD"'))).toEqual([[2, 'zone-file/encoding']]);
    expect(where(parse('$TTL 300\n@ TXT "rusak \uD800"'))).toEqual([[2, 'zone-file/encoding']]);
  });

  it('messages are Indonesian first, English beside it', () => {
    for (const name of ['bad-syntax.zone', 'bad-rdata.zone', 'bad-ttl-class.zone', 'outside-origin.zone', 'include.zone']) {
      for (const p of fixture(name).problems) {
        expect(p.severity).toBe('error');
        expect(p.message.id).not.toBe(p.message.en);
        expect(p.message.id.length).toBeGreaterThan(20);
      }
    }
  });
});

describe('parseZoneFile: hostile input', () => {
  it('a file over 20 MiB is refused before any record is read', () => {
    const result = parse(`$TTL 300\n${'www A 203.0.113.1\n'.repeat(Math.ceil(ZONE_FILE_LIMITS.bytes / 18) + 10)}`);
    expect(where(result)).toEqual([[1, 'zone-file/too-large']]);
    expect(result.problems[0]!.message.en).toContain('over the 20 MiB limit');
    expect(result.records).toEqual([]);
  });

  it('a line over 64 KiB is refused with its line', () => {
    const result = parse(`$TTL 300\nok A 203.0.113.1\n@ TXT "${'x'.repeat(70 * 1024)}"`);
    expect(where(result)).toEqual([[3, 'zone-file/too-large']]);
    expect(result.records).toEqual([]);
  });

  it('more than 200,000 records are refused', () => {
    const result = parse(`$TTL 300\n${'a A 203.0.113.1\n'.repeat(ZONE_FILE_LIMITS.records + 1)}`);
    expect(where(result)).toEqual([[ZONE_FILE_LIMITS.records + 2, 'zone-file/too-large']]);
    expect(result.records).toEqual([]);
  });

  it('deep parentheses give one clear problem', () => {
    const oneLine = parse(`@ TXT ${'('.repeat(60_000)}`);
    expect(where(oneLine)).toEqual([[1, 'zone-file/syntax']]);
    expect(oneLine.problems[0]!.message.en).toContain('Nested parentheses');
    const manyLines = parse(`$TTL 300\n@ TXT ${'(\n'.repeat(100_000)}"x"`);
    expect(where(manyLines)).toEqual([[3, 'zone-file/syntax']]);
  });

  it('100,000 tiny bad lines stop after 50 problems with a note', () => {
    const result = parse('x\n'.repeat(100_000));
    expect(result.problems).toHaveLength(ZONE_FILE_LIMITS.problems + 1);
    expect(result.problems.slice(0, 50).every((p) => p.rule === 'zone-file/syntax')).toBe(true);
    expect(result.problems.at(-1)).toMatchObject({ rule: 'zone-file/too-many-problems', line: 51 });
    expect(result.problems.at(-1)!.message.en).toContain('stopped after 50 problems');
  });

  it('100,000 tiny good lines are read', () => {
    expect(parse(`$TTL 300\n${'a A 203.0.113.1\n'.repeat(100_000)}`).records).toHaveLength(100_000);
  });

  it('an unclosed quote does not swallow the lines after it', () => {
    const result = parse('$TTL 300\na TXT "open\nb A 203.0.113.1');
    expect(where(result)).toEqual([[2, 'zone-file/syntax']]);
    expect(result.records.map((r) => r.name)).toEqual([`b.${ZONE}`]);
  });
});
