import { CDKTF_TOKEN_MARKER } from '../../records/common.js';

/**
 * The one door through which data (records, comments, tags, zone ids) enters Terraform JSON.
 * Terraform evaluates `${…}` and `%{…}` inside every string of a `.tf.json` file, so each is
 * escaped to `$${` and `%%{`, which Terraform reads back as the literal text. cdktf in turn
 * treats `${TfToken[…]}`-style markers inside any string as references to its own tokens: data
 * holding one is refused outright rather than resolved.
 */
export function terraformLiteral(text: string): string {
  if (CDKTF_TOKEN_MARKER.test(text)) throw new LiteralRefused(text);
  return text.replace(/([$%])\{/g, '$1$1{');
}

/** Applies `terraformLiteral` to every string inside a value (objects, arrays); other values pass unchanged. */
export function literalValues<T>(value: T): T {
  if (typeof value === 'string') return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map((item) => literalValues(item)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = literalValues(item);
    return out as T;
  }
  return value;
}

export class LiteralRefused extends Error {
  constructor(readonly text: string) {
    super(`Teks memuat penanda token cdktf dan tidak disintesis / the text holds a cdktf token marker and is not synthesized: ${JSON.stringify(text.slice(0, 80))}`);
  }
}
