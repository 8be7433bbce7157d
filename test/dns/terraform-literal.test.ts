// Data survives synthesis as literal text: the strings synthesis writes into `cdk.tf.json` are
// evaluated by the REAL terraform binary (a provider-less copy of them as locals and outputs,
// offline) and must come back exactly as the record model and the letter say.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { addressRecords, RESOURCE_TYPE } from '../../src/dns/addresses.js';
import { LiteralRefused, literalValues, terraformLiteral } from '../../src/dns/cdktf/literal.js';
import { readStacks, synthToDirectory } from '../../src/dns/cdktf/synth.js';
import type { DesiredState, DesiredSubdomain } from '../../src/dns/desired-state.js';
import { desiredRecords } from '../../src/records/index.js';
import type { DnsRecord } from '../../src/schema/types.gen.js';
import { evaluateStrings, hasTerraform } from '../support/terraform.js';

if (!hasTerraform) {
  console.warn('terraform-literal.test.ts: `terraform` is not on PATH (or does not run): the tests that evaluate synthesized JSON with the real terraform binary are SKIPPED, not passed.');
}

const ZONE = 'contohkota.go.id';
const ZONE_ID = '0123456789abcdef0123456789abcdef';
const TOKEN_MARKER = /[$#&]\{TfToken\[/;

/** TXT values Terraform would evaluate (or mangle) if they reached the JSON unescaped. */
const HOSTILE_TXT = [
  'x=${var.cloudflare_api_token}',
  '${file("/proc/self/environ")}',
  '%{ if true }leak%{ endif }',
  '$${already}',
  '%%{already}',
  '$',
  '$$',
  'trailing $',
  'trailing %',
  'a\\b',
  'a\\\\b\\',
  'say "hi"',
  'Dinas Kesehatan — Kota Bekasi é 日本',
  '${path.cwd}%{~ for x in [1] ~}${x}%{~ endfor ~}',
  '$$${nested}%%%{nested}$$$$',
  'brace } and { and ${ unclosed',
];
const LETTER = '400/${path.cwd}/2026';
const OTHER_LETTER = '%{ if true }800%{ endif }/$${x}/é — ${terraform.workspace}$';

function subdomain(fqdn: string, opd: string, letter: string, written: DnsRecord[]): DesiredSubdomain {
  return {
    fqdn,
    zone: ZONE,
    opd,
    letter,
    hosting: false,
    records: desiredRecords(fqdn, written),
    provenance: { file: `register/${fqdn}.yaml`, source: 'register', registerFile: `register/${fqdn}.yaml` },
  };
}

function hostileState(): DesiredState {
  const uji = subdomain(`uji.${ZONE}`, 'dinkes', LETTER, HOSTILE_TXT.map((value) => ({ type: 'TXT', value })));
  const lain = subdomain(`lain.${ZONE}`, 'diskominfo', OTHER_LETTER, [
    // A list is one record of several character-strings.
    { type: 'TXT', value: ['${local.a}', '%{ if false }b%{ endif }', 'é'] },
    { type: 'TXT', name: '_dmarc', value: 'v=DMARC1; p=reject; rua=mailto:${var.cloudflare_api_token}@contohkota.go.id' },
    { type: 'A', value: '103.122.6.45' },
  ]);
  return {
    zones: { [ZONE]: { zone: { name: ZONE, cloudflare_zone_id: ZONE_ID }, subdomains: { [lain.fqdn]: lain, [uji.fqdn]: uji } } },
    deletes: [],
  };
}

type Resource = { content?: string; comment?: string; tags?: string[]; name: string; type: string };

async function synthesizedRecords(state: DesiredState): Promise<Record<string, Resource>> {
  const tmp = mkdtempSync(join(tmpdir(), 'tf-literal-synth-'));
  try {
    const outdir = join(tmp, 'cdktf.out');
    await synthToDirectory(state, { tags: true }, outdir);
    const stack = readStacks(outdir)['contohkota-go-id'] as { resource: Record<string, Record<string, Resource>> };
    return stack.resource[RESOURCE_TYPE]!;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Undoes `terraformLiteral`: what the JSON would hold had synthesis not escaped it. */
function unescape(text: string): string {
  return text.replace(/([$%])\1\{/g, '$1{');
}

describe('synthesized record data, evaluated by the real terraform binary', () => {
  it.skipIf(!hasTerraform)('evaluates every TXT content and comment of the synthesized stack back to the exact pre-escape text', async () => {
    const state = hostileState();
    const resources = await synthesizedRecords(state);

    // What each resource should hold, by address, from the original texts (not from the JSON).
    const expected = new Map<string, { content: string; comment: string; tags: string[] }>();
    for (const s of Object.values(state.zones[ZONE]!.subdomains)) {
      for (const { id, record } of addressRecords(ZONE, s.records)) {
        expected.set(id, { content: record.content, comment: `opd:${s.opd}; surat:${s.letter}`, tags: [`opd:${s.opd}`, `surat:${s.letter}`] });
      }
    }
    expect(Object.keys(resources).sort()).toEqual([...expected.keys()].sort());
    expect(Object.keys(resources)).toHaveLength(HOSTILE_TXT.length + 3);

    // The canonical contents are those of each original text on its own, in the record model.
    const ujiContents = Object.values(resources).filter((r) => r.name === `uji.${ZONE}`).map((r) => expected.get(addressOf(resources, r))!.content).sort();
    expect(ujiContents).toEqual(HOSTILE_TXT.map((value) => desiredRecords(`uji.${ZONE}`, [{ type: 'TXT', value }])[0]!.content).sort());

    // Exactly the JSON strings synthesis wrote, unmodified, as locals.
    const strings: Record<string, string> = {};
    for (const [address, r] of Object.entries(resources)) {
      if (r.content !== undefined) strings[`${address}/content`] = r.content;
      strings[`${address}/comment`] = r.comment!;
      r.tags!.forEach((tag, i) => (strings[`${address}/tags/${i}`] = tag));
    }
    const apiRecord = Object.entries(resources).find(([address]) => expected.get(address)!.content === '"x=${var.cloudflare_api_token}"')!;
    const { values, extra } = evaluateStrings(strings, {
      // Were escaping missing, `${var.cloudflare_api_token}` would turn into this.
      variables: { cloudflare_api_token: 'LEAKED-TOKEN' },
      extra: {
        secret: 'not-a-secret',
        unescaped_secret: 'x=${local.secret}',
        escaped_secret: terraformLiteral('x=${local.secret}'),
        unescaped_synthesized: unescape(apiRecord[1].content!),
      },
    });

    // The control: the same text unescaped IS substituted by this very terraform run, so the
    // assertions below can fail.
    expect(extra.unescaped_secret).toBe('x=not-a-secret');
    expect(extra.escaped_secret).toBe('x=${local.secret}');
    expect(apiRecord[1].content).not.toBe('"x=${var.cloudflare_api_token}"');
    expect(extra.unescaped_synthesized).toBe('"x=LEAKED-TOKEN"');

    const got: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    for (const [address, r] of Object.entries(resources)) {
      const e = expected.get(address)!;
      if (r.content !== undefined) {
        got[`${address}/content`] = values[`${address}/content`];
        want[`${address}/content`] = e.content;
      }
      got[`${address}/comment`] = values[`${address}/comment`];
      want[`${address}/comment`] = e.comment;
      got[`${address}/tags`] = r.tags!.map((_, i) => values[`${address}/tags/${i}`]);
      want[`${address}/tags`] = e.tags;
    }
    expect(got).toEqual(want);
    expect(Object.keys(values).sort()).toEqual(Object.keys(strings).sort());

    // Spot checks written out by hand, independent of the record model.
    const contents = new Set(Object.values(got).filter((v): v is string => typeof v === 'string'));
    for (const literal of [
      '"x=${var.cloudflare_api_token}"',
      '"${file(\\"/proc/self/environ\\")}"',
      '"%{ if true }leak%{ endif }"',
      '"$${already}"',
      '"%%{already}"',
      '"$"',
      '"$$"',
      '"trailing $"',
      '"a\\\\b"',
      '"say \\"hi\\""',
      '"Dinas Kesehatan \\226\\128\\148 Kota Bekasi \\195\\169 \\230\\151\\165\\230\\156\\172"',
      '"${local.a}" "%{ if false }b%{ endif }" "\\195\\169"',
      'opd:dinkes; surat:400/${path.cwd}/2026',
      'opd:diskominfo; surat:%{ if true }800%{ endif }/$${x}/é — ${terraform.workspace}$',
    ]) {
      expect(contents, literal).toContain(literal);
    }
  }, 60_000);

  it.skipIf(!hasTerraform)('evaluates terraformLiteral of ~200 arbitrary strings back to each string, in one terraform run', () => {
    fc.assert(
      fc.property(fc.array(literalInput, { minLength: 200, maxLength: 200 }), (inputs) => {
        const strings = Object.fromEntries(inputs.map((input, i) => [`s${String(i).padStart(3, '0')}`, terraformLiteral(input)]));
        const { values } = evaluateStrings(strings);
        const wrong = inputs
          .map((input, i) => ({ input, literal: strings[`s${String(i).padStart(3, '0')}`], got: values[`s${String(i).padStart(3, '0')}`] }))
          .filter(({ input, got }) => got !== input);
        expect(wrong).toEqual([]);
      }),
      // Each run is one terraform invocation; a failure lists every wrong string, so no shrinking.
      { numRuns: 1, endOnFailure: true },
    );
  }, 120_000);

  it.skipIf(!hasTerraform)('sees Terraform rewrite decomposed Unicode to NFC (why the property above generates NFC text)', () => {
    const decomposed = 'opd:dinkes; surat:Re\u0301f/${x}';
    const { values } = evaluateStrings({ comment: terraformLiteral(decomposed) });
    expect(values.comment).not.toBe(decomposed);
    expect(values.comment).toBe(decomposed.normalize('NFC'));
  }, 60_000);
});

describe('cdktf token markers in data', () => {
  it('refuses every string holding ${TfToken[, #{TfToken[ or &{TfToken[, shallow or deep', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('${TfToken[', '#{TfToken[', '&{TfToken['), fc.string({ unit: 'binary', maxLength: 12 }), (before, marker, after) => {
        const text = `${before}${marker}${after}`;
        expect(() => terraformLiteral(text)).toThrow(LiteralRefused);
        expect(() => literalValues({ a: [1, { b: text }] })).toThrow(LiteralRefused);
      }),
      { numRuns: 200 },
    );
    // Escaping itself never makes a marker out of one that is not there.
    fc.assert(
      fc.property(literalInput, (text) => {
        expect(TOKEN_MARKER.test(terraformLiteral(text))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to synthesize a stack whose TXT value or letter number holds a cdktf token marker', async () => {
    for (const [value, letter] of [
      ['v=${TfToken[TOKEN.1]}', '400/1/2026'],
      ['harmless', '400/#{TfToken[TOKEN.2]}/2026'],
    ] as const) {
      const state = hostileState();
      const s = subdomain(`token.${ZONE}`, 'dinkes', letter, [{ type: 'TXT', value }]);
      state.zones[ZONE]!.subdomains[s.fqdn] = s;
      const tmp = mkdtempSync(join(tmpdir(), 'tf-literal-token-'));
      try {
        await expect(synthToDirectory(state, {}, join(tmp, 'cdktf.out'))).rejects.toThrow(LiteralRefused);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  });
});

/** Pieces Terraform's template language cares about, and some text around them. */
const PIECES = [
  '${', '%{', '$${', '%%{', '$', '$$', '%', '%%', '{', '}', '~', '${~', '%{~', '~}', '\\', '"', '\n', '\r\n', '\t', '\u0000',
  'var.x', 'local.secret', ' if true ', ' endif ', 'é', '日本', '—', '\u2028', '<', '&', '#',
  '${var.cloudflare_api_token}', '${file("/proc/self/environ")}', '%{ if true }leak%{ endif }', '%{ for x in [1] }${x}%{ endfor }',
  'TfToken[', ']}', '#{', '&{',
];

/** Arbitrary text, NFC (Terraform normalizes to NFC: see the pinned test), without cdktf token markers. */
const literalInput: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')),
  )
  .map((text) => text.normalize('NFC'))
  .filter((text) => !TOKEN_MARKER.test(text));

function addressOf(resources: Record<string, Resource>, resource: Resource): string {
  return Object.entries(resources).find(([, r]) => r === resource)![0];
}
