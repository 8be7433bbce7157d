import { msg, problem, type Problem } from '../model/problem.js';
import type { RecordKind, RecordRef, RecordsOwner, WrittenValue } from './record.js';
import { valueStrings } from './ref.js';

/** RFC 1035 §3.3: a character-string is one length octet and at most 255 octets. */
export const CHARACTER_STRING_MAX = 255;
/** Cloudflare: a record's wire format is at most 4,096 bytes; this leaves room for the owner name. */
export const TXT_RDATA_MAX = 3800;

const encoder = new TextEncoder();

/**
 * The character-strings of a written TXT value: each string of a list in order, and any string
 * longer than 255 bytes split into 255-byte pieces, the way Cloudflare splits long content.
 */
export function txtCharacterStrings(value: string | readonly string[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const text of valueStrings(value as string | string[])) {
    const bytes = encoder.encode(text);
    if (bytes.length === 0) out.push(bytes);
    for (let i = 0; i < bytes.length; i += CHARACTER_STRING_MAX) out.push(bytes.subarray(i, i + CHARACTER_STRING_MAX));
  }
  return out;
}

/**
 * One character-string in zone-file presentation, as Cloudflare stores TXT content: quoted,
 * `"` and `\` escaped with a backslash, and every byte outside printable ASCII as `\DDD`. Sending
 * non-ASCII text already escaped is what keeps it from drifting: Cloudflare returns it so.
 */
function quote(bytes: Uint8Array): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\${String(byte).padStart(3, '0')}`;
  }
  return `${out}"`;
}

function present(strings: readonly Uint8Array[]): string {
  return strings.map(quote).join(' ');
}

/**
 * Reads TXT content in presentation form (what Cloudflare's API and dashboard hold) back into
 * its character-strings. Content without quotes (older records) is one text.
 */
export function parseTxtContent(content: string): Uint8Array[] {
  const text = content.trim();
  if (!text.startsWith('"')) return txtCharacterStrings(text);
  const strings: Uint8Array[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    if (text[i] !== '"') return txtCharacterStrings(text);
    i++;
    const bytes: number[] = [];
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) {
        const digits = /^\d{3}/.exec(text.slice(i + 1, i + 4));
        if (digits) {
          bytes.push(Number(digits[0]) & 0xff);
          i += 4;
        } else {
          bytes.push(...encoder.encode(text[i + 1]!));
          i += 2;
        }
      } else {
        const codePoint = text.codePointAt(i)!;
        const char = String.fromCodePoint(codePoint);
        bytes.push(...encoder.encode(char));
        i += char.length;
      }
    }
    i++;
    strings.push(Uint8Array.from(bytes));
  }
  return strings;
}

/** Keeps a leading byte-order mark as text: dropping it would change the content. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * What to write for a TXT content: one text when its strings are the 255-byte split that
 * `txtCharacterStrings` makes of one text (every string but the last exactly 255 bytes), else
 * the list of its strings. `\DDD` escapes become the characters they encode. Bytes that are not
 * UTF-8 have no written form (YAML text is Unicode): they come back as U+FFFD.
 */
function writtenTxt(content: string): WrittenValue {
  const strings = parseTxtContent(content);
  const oneText = strings.length === 1 || strings.every((s, i) => (i < strings.length - 1 ? s.length === CHARACTER_STRING_MAX : s.length > 0));
  if (!oneText) return { value: strings.map((s) => decoder.decode(s)) };
  const bytes = new Uint8Array(strings.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of strings) {
    bytes.set(s, at);
    at += s.length;
  }
  return { value: decoder.decode(bytes) };
}

export const TXT: RecordKind = {
  type: 'TXT',
  proxiable: false,
  listIsOneRecord: true,
  listIsRecords: false,
  hasPriority: false,
  check: checkTxt,
  content: ({ value }) => present(txtCharacterStrings(value)),
  written: writtenTxt,
  fromProvider: (content) => present(parseTxtContent(content)),
  provider: ({ content }) => ({ content }),
};

/** The whole TXT record fits Cloudflare's record size; long strings need no splitting by hand. */
function checkTxt(ref: RecordRef, owner: RecordsOwner): Problem[] {
  const strings = txtCharacterStrings(ref.record.value);
  const rdata = strings.reduce((n, s) => n + 1 + s.length, 0);
  if (rdata <= TXT_RDATA_MAX) return [];
  return [problem(owner.path, 'record/txt-length', msg(
    `Catatan TXT ini ${rdata} bita; satu catatan paling banyak ${TXT_RDATA_MAX} bita. Teks panjang (mis. kunci DKIM) tidak perlu dipecah sendiri, tetapi yang sepanjang ini tidak muat di satu catatan.`,
    `This TXT record is ${rdata} bytes; one record holds at most ${TXT_RDATA_MAX} bytes. Long text (e.g. a DKIM key) needs no splitting by hand, but text this long does not fit one record.`),
    ref.at('value'))];
}
