import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { fastYamlValue } from '../../src/model/yaml-fast.js';
import { loadYaml } from '../../src/model/yaml-source.js';
import { parseFile } from '../../src/repo/load.js';

const file = 'requests/sehat.contohkota.go.id.yaml';
const load = (text: string | Uint8Array) => loadYaml(file, typeof text === 'string' ? new TextEncoder().encode(text) : text);
const rulesOf = (result: ReturnType<typeof load>) => (result.ok ? [] : result.problems.map((p) => p.rule));

describe('strict YAML loading', () => {
  it('keeps an unquoted 18-digit NIP and a leading-zero phone number as written', () => {
    const result = load('nip: 197205031999032004\nphone: 081234567890\nttl: 300\n');
    expect(result.ok && result.source.value).toEqual({ nip: '197205031999032004', phone: '081234567890', ttl: 300 });
  });

  it('refuses custom and known tags instead of resolving them', () => {
    expect(rulesOf(load('a: !!binary aGVsbG8=\n'))).toEqual(['yaml/tag']);
    expect(rulesOf(load('a: !!js/function "function(){}"\n'))).toEqual(['yaml/tag']);
    expect(rulesOf(load('a: !custom x\n'))).toEqual(['yaml/tag']);
  });

  it('refuses an alias bomb without expanding it', () => {
    const bomb = ['a: &a ["x","x"]', 'b: &b [*a,*a]', 'c: &c [*b,*b]', 'd: &d [*c,*c]', 'e: [*d,*d]'].join('\n');
    expect(rulesOf(load(bomb))).toContain('yaml/alias');
  });

  it('refuses more than one document', () => {
    expect(rulesOf(load('a: 1\n---\nb: 2\n'))).toEqual(['yaml/syntax']);
  });

  it('refuses a top-level scalar or list', () => {
    expect(rulesOf(load('just text\n'))).toEqual(['yaml/not-a-map']);
    expect(rulesOf(load('- 1\n- 2\n'))).toEqual(['yaml/not-a-map']);
  });

  it('points at the first byte that is not UTF-8', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a: 1\nb: x'), 0xff, 0x0a]);
    const result = load(bytes);
    expect(result.ok ? undefined : result.problems[0]).toMatchObject({ rule: 'yaml/encoding', line: 2, column: 5 });
  });

  it('treats __proto__ and constructor keys as unknown fields, without polluting objects', () => {
    const result = parseFile(file, new TextEncoder().encode('__proto__: { polluted: true }\nconstructor: x\naction: create\n'), 'request');
    expect(result.ok).toBe(false);
    const unknown = result.ok ? [] : result.problems.filter((p) => p.rule === 'schema/additionalProperties').map((p) => p.message.en);
    expect(unknown.join(' ')).toContain('__proto__');
    expect(unknown.join(' ')).toContain('constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives the position of a nested value and of a key', () => {
    const result = load('a:\n  b:\n    - x\n    - y\n');
    if (!result.ok) throw new Error('expected ok');
    expect(result.source.positionOf(['a', 'b', 1])).toEqual({ line: 4, column: 7 });
    expect(result.source.keyPositionOf(['a'], 'b')).toEqual({ line: 2, column: 3 });
    expect(result.source.positionOf(['a', 'missing'])).toEqual({ line: 2, column: 3 });
  });
});

describe('the loader never throws on hostile input (property)', () => {
  const valid = [
    'action: create', 'opd: dinkes', 'letter:', '  number: 1/2/3', '  date: "2026-11-18"',
    '  signer: { name: Abc, nip: "197205031999032004", position: Kadis }', 'purpose: Layanan antrean puskesmas.',
    'records:', '  - { type: A, value: 8.8.8.8 }',
  ].join('\n');
  const fragments = ['&a', '*a', '!!binary', '!tag', '{', '}', '[', ']', ':', '- ', '\t', '"', "'", '|', '>', '? ', '%YAML 1.1', '---', '...', '__proto__:', '\u0000', '\uFEFF', '#', '\\', '\n  ', 'x: &x [*x]'];

  it('returns problems or a value for random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      const result = parseFile(file, new TextEncoder().encode(text), 'request');
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    }), { numRuns: 400 });
  });

  it('returns problems or a value for mutations of a valid request', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(valid.length), fc.nat(8), fc.constantFrom(...fragments)), { minLength: 1, maxLength: 6 }),
      (edits) => {
        let text = valid;
        for (const [at, cut, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
        const result = parseFile(file, new TextEncoder().encode(text), 'request');
        if (!result.ok) for (const p of result.problems) expect(p.file).toBe(file);
      },
    ), { numRuns: 600 });
  });

  it('returns problems or a value for random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      expect(() => parseFile(file, bytes, 'request')).not.toThrow();
    }), { numRuns: 300 });
  });
});

describe('size limits', () => {
  const register = (entries: number) => {
    const entry = [
      '  - action: update',
      '    letter: { number: 1/2/3, date: "2025-01-02", signer: { name: Abc, nip: "197205031999032004", position: Kadis } }',
      '    pull_request: 1',
      '    applied_at: "2025-01-03T03:00:00Z"',
      '    commit: 0123456789abcdef0123456789abcdef01234567',
    ].join('\n');
    return new TextEncoder().encode([
      'opd: dinkes', 'purpose: Portal.', 'contact: { name: Andi, nip: "199001152015031002", email: a@b.go.id, phone: "081234567890" }',
      'records: [{ type: A, value: 8.8.8.8 }]', 'history:', ...Array.from({ length: entries }, () => entry),
    ].join('\n'));
  };

  it('lets a register file grow past 64 KiB with its history', () => {
    const bytes = register(400);
    expect(bytes.byteLength).toBeGreaterThan(64 * 1024);
    expect(parseFile('subdomains/a.contohkota.go.id.yaml', bytes, 'register').ok).toBe(true);
  });

  it('keeps requests to 64 KiB', () => {
    const result = parseFile(file, register(400), 'request');
    expect(result.ok ? [] : result.problems.map((p) => p.rule)).toEqual(['yaml/too-large']);
  });
});

describe('the fast reader agrees with the strict loader (property)', () => {
  const register = readFileSync(join(import.meta.dirname, '../fixtures/office/subdomains/disdik.bekasikota.go.id.yaml'), 'utf8');
  const pieces = ['&a ', '*a', '!!str ', '0', '012', '0x1F', '0b1', '1_000', '+62', '1234567890123456789', ' ', '\n', '  ', '- ', ': ', '"', "'", '#', '{', '}', '[', ']', ',', '?', '%', '__proto__', 'yes', '~', '.inf', '1e3', '\t', '\r\n', 'é', '—'];
  const mutated = fc.array(fc.tuple(fc.nat(register.length), fc.nat(6), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 5 }).map((edits) => {
    let text = register;
    for (const [at, cut, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
    return text;
  });

  it('returns only values equal to the strict loader’s', () => {
    fc.assert(fc.property(fc.oneof(mutated, fc.string({ maxLength: 200 })), (text) => {
      const bytes = new TextEncoder().encode(text);
      const fast = fastYamlValue(bytes, 1 << 20);
      if (fast === undefined) return;
      const strict = loadYaml('f.yaml', bytes, 1 << 20);
      expect(strict.ok).toBe(true);
      expect(fast).toEqual(strict.ok ? strict.source.value : undefined);
    }), { numRuns: 20000 });
  });

  it('returns only values equal to the strict loader’s for any mapping written as YAML', () => {
    const values = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
    fc.assert(fc.property(values, fc.boolean(), (value, flow) => {
      const bytes = new TextEncoder().encode(stringify(value, flow ? { collectionStyle: 'flow' } : {}));
      const fast = fastYamlValue(bytes, 1 << 20);
      if (fast === undefined) return;
      const strict = loadYaml('f.yaml', bytes, 1 << 20);
      expect(strict.ok).toBe(true);
      expect(fast).toEqual(strict.ok ? strict.source.value : undefined);
    }), { numRuns: 5000 });
  });

  it('takes the fast path for the files the pipeline writes', () => {
    expect(fastYamlValue(new TextEncoder().encode(register), 1 << 20)).toBeDefined();
  });
});
