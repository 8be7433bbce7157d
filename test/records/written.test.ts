import fc from 'fast-check';
import { kindOf, RECORD_KINDS, type RecordType, type WrittenValue } from '../../src/records/index.js';

// Every kind's canonical contents, made the only way the product makes them: from a written value.
const host = fc.domain();
const txtText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '0', '6', '5', 'é', '😀', '\t'), maxLength: 300 }),
);
const written: Record<RecordType, fc.Arbitrary<WrittenValue>> = {
  A: fc.ipV4().map((value) => ({ value })),
  AAAA: fc.ipV6().map((value) => ({ value })),
  CNAME: host.map((value) => ({ value })),
  MX: host.map((value) => ({ value })),
  NS: host.map((value) => ({ value })),
  TXT: fc.oneof(txtText, fc.array(txtText, { minLength: 1, maxLength: 5 })).map((value) => ({ value })),
  CAA: fc.record({ flags: fc.integer({ min: 0, max: 255 }), tag: fc.constantFrom('issue', 'issuewild', 'iodef', 'ISSUE'), value: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) })
    .map(({ flags, tag, value }) => ({ value: `${flags} ${tag} "${value.replace(/(["\\])/g, '\\$1')}"` })),
  SRV: fc.record({ weight: fc.integer({ min: 0, max: 65535 }), port: fc.integer({ min: 0, max: 65535 }), value: fc.oneof(host, fc.constant('.')) }),
};

const canonical = (type: RecordType) => written[type].map((w) => kindOf(type).content(w));
const TYPES = Object.keys(RECORD_KINDS) as RecordType[];

describe('written values (the inverse of content)', () => {
  it.each(TYPES)('%s: content(written(c)) gives back every canonical content exactly', (type) => {
    const kind = kindOf(type);
    fc.assert(fc.property(canonical(type), (c) => kind.content(kind.written(c)) === c), { numRuns: 300 });
  });

  it.each(TYPES)('%s: a canonical content is its own provider form', (type) => {
    const kind = kindOf(type);
    fc.assert(fc.property(canonical(type), (c) => kind.fromProvider(c) === c), { numRuns: 300 });
  });

  it('every kind has a written form, and only SRV writes weight and port', () => {
    for (const type of TYPES) {
      const w = kindOf(type).written(kindOf(type).content({ value: type === 'CAA' ? '0 issue "x.example"' : type === 'A' ? '8.8.8.8' : type === 'AAAA' ? '2001:4860::8888' : 'a.example', weight: 1, port: 2 }));
      expect('weight' in w || 'port' in w, type).toBe(type === 'SRV');
    }
  });
});

describe('what Cloudflare returns comes back canonical', () => {
  it.each(['CNAME', 'MX', 'NS'] as const)('%s: a trailing dot and capitals', (type) => {
    const kind = kindOf(type);
    fc.assert(fc.property(host, (name) => kind.fromProvider(`${name.toUpperCase()}.`) === kind.content({ value: name })));
  });

  it('SRV: `weight port target`, with tabs or a trailing dot, and the old target-less form as `.`', () => {
    const kind = kindOf('SRV');
    fc.assert(fc.property(written.SRV, ({ weight, port, value }) => {
      const c = kind.content({ value, weight, port });
      const target = String(value);
      return kind.fromProvider(`${weight}\t${port}\t${target === '.' ? '.' : `${target.toUpperCase()}.`}`) === c
        && (target !== '.' || kind.fromProvider(`${weight}\t${port}`) === c);
    }));
    // The provider's own acceptance test: priority 5, weight 0, port 5222.
    expect(kind.fromProvider('0 5222 talk.l.google.com')).toBe('0 5222 talk.l.google.com');
    // The zone-file form Cloudflare's OpenAPI description shows, priority first.
    expect(kind.fromProvider('10 IN SRV 5 8806 Example.com.')).toBe('5 8806 example.com');
    expect(kind.fromProvider('10 5 8806 example.com')).toBe('5 8806 example.com');
    expect(kind.fromProvider('0 0 .')).toBe('0 0 .');
  });

  it('TXT: content sent quoted comes back as sent; short plain text without quotes reads as one string', () => {
    const kind = kindOf('TXT');
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 255 }).filter((t) => t.trim() === t && t.length > 0 && !t.startsWith('"')), (text) =>
      kind.fromProvider(text) === kind.content({ value: text })));
  });

  it('AAAA: any spelling of an address', () => {
    expect(kindOf('AAAA').fromProvider('2404:6800:0000:0000:0000:0000:0000:0001')).toBe('2404:6800::1');
  });
});

describe('TXT written values', () => {
  const TXT = kindOf('TXT');

  it('writes a long text (a DKIM key) that was split into 255-byte strings back as one string', () => {
    const key = `v=DKIM1; k=rsa; p=${'A'.repeat(600)}`;
    const c = TXT.content({ value: key });
    expect(c.split('" "')).toHaveLength(3);
    expect(TXT.written(c)).toEqual({ value: key });
  });

  it('writes strings that are not one text\'s split back as a list', () => {
    expect(TXT.written('"part1" "part2"')).toEqual({ value: ['part1', 'part2'] });
    expect(TXT.written(TXT.content({ value: ['a'.repeat(255), ''] }))).toEqual({ value: ['a'.repeat(255), ''] });
  });

  it('prefers one text when a list happens to be one text\'s split (both give the same record)', () => {
    const c = TXT.content({ value: ['a'.repeat(255), 'b'] });
    expect(TXT.written(c)).toEqual({ value: `${'a'.repeat(255)}b` });
    expect(TXT.content(TXT.written(c))).toBe(c);
  });

  it('turns non-ASCII \\DDD escapes back into text, also when the split falls inside a character', () => {
    expect(TXT.written('"Dinas Kesehatan \\226\\128\\148 Kota"')).toEqual({ value: 'Dinas Kesehatan — Kota' });
    const text = `${'a'.repeat(254)}é`;
    const c = TXT.content({ value: text });
    expect(c).toBe(`"${'a'.repeat(254)}\\195" "\\169"`);
    expect(TXT.written(c)).toEqual({ value: text });
  });

  it('keeps escaped quotes, backslashes and a leading byte-order mark', () => {
    expect(TXT.written('"say \\"hi\\" \\\\o/"')).toEqual({ value: 'say "hi" \\o/' });
    expect(TXT.written('"\\239\\187\\191x"')).toEqual({ value: '\uFEFFx' });
  });

  it('gives U+FFFD for bytes that are not UTF-8, which no written text can hold', () => {
    expect(TXT.written('"\\255"')).toEqual({ value: '\uFFFD' });
  });
});
