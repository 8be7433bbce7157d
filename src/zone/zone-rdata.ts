import { isIPv4, isIPv6 } from 'node:net';
import { msg, type Message } from '../model/problem.js';
import { isHostName } from '../records/host-name.js';
import { parseTxtContent } from '../records/txt.js';

/**
 * Names, TTLs and record data of a BIND zone file, one reader per record type, each turning the
 * written fields into Cloudflare's `content` (see `LiveRecord`). Pure: text in, values out.
 */

/** One field of a record as written: its text (a quoted field without its quotes, escapes as written). */
export interface Field {
  text: string;
  quoted: boolean;
  line: number;
  column: number;
}

/** What the readers need to complete relative names. */
export interface NameContext {
  /** The current `$ORIGIN`, lower case, without the trailing dot ('' for the root). */
  origin: string;
  /** The zone apex the file describes. */
  zone: string;
}

export type Rdata =
  | { ok: true; content: string; priority?: number; soaMinimum?: number }
  | { ok: false; rule: 'zone-file/rdata' | 'zone-file/syntax'; field?: Field; message: Message };

/** RFC 2181 §8: a TTL is an unsigned 31-bit number. */
export const TTL_MAX = 2_147_483_647;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `3600`, `1h`, `1h30m`, `2d`, `1w` → seconds; undefined when not a TTL or above 2147483647. */
export function parseTtl(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= TTL_MAX ? n : undefined;
  }
  if (!/^(\d+[smhdw])+$/i.test(text)) return undefined;
  let total = 0;
  for (const [, digits, unit] of text.toLowerCase().matchAll(/(\d+)([smhdw])/g)) total += Number(digits) * UNIT_SECONDS[unit!]!;
  return total <= TTL_MAX ? total : undefined;
}

/** Looks like a TTL (starts with a digit, no dots): a TTL field, even if not a valid one. */
export const looksLikeTtl = (text: string): boolean => /^\d[0-9a-z]*$/i.test(text);

/**
 * A written name made absolute: `@` is the origin, a name ending in `.` is absolute, any other
 * is relative to the origin. One exception keeps a common slip (Cloudflare's own export writes
 * its SOA owner so) from doubling the zone: a relative name that already ends with the zone
 * apex (`bekasikota.go.id`, `www.bekasikota.go.id`) is taken as written in full.
 * Lower case, without the trailing dot; the root is ''.
 */
export function absoluteName(written: string, context: NameContext): string {
  if (written === '@') return context.origin;
  const name = written.toLowerCase();
  if (name.endsWith('.') && !name.endsWith('\\.')) return name === '.' ? '' : name.slice(0, -1);
  if (name === context.zone || name.endsWith(`.${context.zone}`)) return name;
  return context.origin === '' ? name : `${name}.${context.origin}`;
}

/** An owner name Cloudflare can hold: labels of letters, digits, `-` and `_`, a leading `*` label for a wildcard. */
export function isOwnerName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && OWNER.test(name);
}
const OWNER = /^(?:\*\.)?(?:[a-z0-9_-]{1,63}\.)*(?:[a-z0-9_-]{1,63}|\*)$/;

export const isInZone = (name: string, zone: string): boolean => name === zone || name.endsWith(`.${zone}`);

const HOST_EXAMPLE = (context: NameContext) => `web.${context.zone}.`;

function fail(field: Field | undefined, id: string, en: string, rule: 'zone-file/rdata' | 'zone-file/syntax' = 'zone-file/rdata'): Rdata {
  return { ok: false, rule, ...(field ? { field } : {}), message: msg(id, en) };
}

function count(type: string, fields: readonly Field[], expected: number, shape: [id: string, en: string], example: string): Rdata | undefined {
  if (fields.length === expected) return undefined;
  return fail(fields[expected] ?? fields.at(-1),
    `Rekaman ${type} ini perlu ${expected === 1 ? 'satu isian' : `${expected} isian`} (${shape[0]}), tetapi tertulis ${fields.length}. Contoh: \`${example}\`.`,
    `This ${type} record needs ${expected === 1 ? 'one field' : `${expected} fields`} (${shape[1]}), but ${fields.length} ${fields.length === 1 ? 'is' : 'are'} written. Example: \`${example}\`.`);
}

const uint = (text: string, max: number): number | undefined => (/^\d{1,10}$/.test(text) && Number(text) <= max ? Number(text) : undefined);

/** A target host name made absolute; '.' (the root) only where `rootAllowed` (null MX, SRV "no service"). */
function target(type: string, field: Field, context: NameContext, rootAllowed = false): { name: string } | Rdata {
  if (field.quoted) return fail(field, `Target ${type} ditulis tanpa tanda petik: \`${HOST_EXAMPLE(context)}\`.`, `A ${type} target is written without quotes: \`${HOST_EXAMPLE(context)}\`.`);
  const address = isIPv4(field.text.replace(/\.$/, '')) || isIPv6(field.text);
  const name = absoluteName(field.text, context);
  if (name === '' && rootAllowed) return { name: '.' };
  if (!address && isHostName(name)) return { name };
  return fail(field,
    `Target ${type} \`${field.text}\` bukan nama host yang sah${address ? ' (alamat IP tidak boleh menjadi target; buat rekaman A untuk alamat itu lalu arahkan ke namanya)' : ''}. Tulis nama host lengkap diakhiri titik, misalnya \`${HOST_EXAMPLE(context)}\`.`,
    `${type} target \`${field.text}\` is not a valid host name${address ? ' (an IP address cannot be a target; make an A record for it and point at its name)' : ''}. Write the full host name ending in a dot, such as \`${HOST_EXAMPLE(context)}\`.`);
}

/** TXT and SPF: each character-string quoted, one space between; an unquoted word becomes a quoted string. */
function txt(type: string, fields: readonly Field[]): Rdata {
  const strings: string[] = [];
  for (const field of fields) {
    if (!field.quoted && field.text.includes('"')) {
      return fail(field, `Teks ${type} \`${field.text}\` memuat tanda petik di tengah kata. Tulis seluruh teks di antara tanda petik, dengan \\" untuk tanda petik di dalamnya.`,
        `${type} text \`${field.text}\` has a quote inside a word. Write the whole text between quotes, with \\" for a quote inside it.`);
    }
    // The record model reads TXT presentation form (escapes included) in one place.
    const bytes = parseTxtContent(`"${field.text}"`).reduce((n, s) => n + s.length, 0);
    if (bytes > 255) {
      return fail(field, `Satu string ${type} panjangnya ${bytes} bita, lebih dari 255. Pecah menjadi beberapa string bertanda petik yang dipisah spasi, misalnya "bagian-1" "bagian-2" (kunci DKIM biasanya ditulis begitu).`,
        `One ${type} string is ${bytes} bytes, over 255. Split it into several quoted strings separated by spaces, such as "part-1" "part-2" (DKIM keys are usually written so).`);
    }
    strings.push(`"${field.text}"`);
  }
  return { ok: true, content: strings.join(' ') };
}

type Reader = (fields: readonly Field[], context: NameContext) => Rdata;

const READERS: Record<string, Reader> = {
  A: (fields) => {
    const wrong = count('A', fields, 1, ['alamat IPv4', 'an IPv4 address'], 'www 3600 IN A 203.0.113.10');
    if (wrong) return wrong;
    const value = fields[0]!.text;
    if (!fields[0]!.quoted && isIPv4(value)) return { ok: true, content: value };
    const hint = isIPv6(value) ? [' (alamat IPv6 memakai jenis AAAA)', ' (IPv6 addresses use type AAAA)'] : ['', ''];
    return fail(fields[0], `\`${value}\` bukan alamat IPv4 yang sah untuk rekaman A${hint[0]}. Contoh: 203.0.113.10 (empat angka 0–255 tanpa nol di depan).`,
      `\`${value}\` is not a valid IPv4 address for an A record${hint[1]}. Example: 203.0.113.10 (four numbers 0–255 without leading zeros).`);
  },
  AAAA: (fields) => {
    const wrong = count('AAAA', fields, 1, ['alamat IPv6', 'an IPv6 address'], 'www 3600 IN AAAA 2001:db8::10');
    if (wrong) return wrong;
    const value = fields[0]!.text;
    if (!fields[0]!.quoted && !value.includes('%') && isIPv6(value)) return { ok: true, content: value.toLowerCase() };
    const hint = isIPv4(value) ? [' (alamat IPv4 memakai jenis A)', ' (IPv4 addresses use type A)'] : ['', ''];
    return fail(fields[0], `\`${value}\` bukan alamat IPv6 yang sah untuk rekaman AAAA${hint[0]}. Contoh: 2001:db8::10.`,
      `\`${value}\` is not a valid IPv6 address for an AAAA record${hint[1]}. Example: 2001:db8::10.`);
  },
  CNAME: (fields, context) => hostOnly('CNAME', fields, context),
  NS: (fields, context) => hostOnly('NS', fields, context),
  MX: (fields, context) => {
    const example = `@ 3600 IN MX 10 mail.${context.zone}.`;
    if (fields.length !== 2) {
      return fail(fields[0], `Rekaman MX perlu dua isian: prioritas (angka 0–65535) lalu nama server surat, misalnya \`${example}\`; tertulis ${fields.length}.`,
        `An MX record needs two fields: a priority (a number 0–65535) then the mail server's name, such as \`${example}\`; ${fields.length} ${fields.length === 1 ? 'is' : 'are'} written.`);
    }
    const priority = uint(fields[0]!.text, 65_535);
    if (priority === undefined) {
      return fail(fields[0], `Prioritas MX \`${fields[0]!.text}\` bukan angka 0–65535. Contoh: \`${example}\`.`, `MX priority \`${fields[0]!.text}\` is not a number 0–65535. Example: \`${example}\`.`);
    }
    const host = target('MX', fields[1]!, context, true);
    return 'name' in host ? { ok: true, content: host.name, priority } : host;
  },
  SRV: (fields, context) => {
    const example = `_sip._tcp 3600 IN SRV 10 5 5060 sip.${context.zone}.`;
    const wrong = count('SRV', fields, 4, ['prioritas, bobot, port, target', 'priority, weight, port, target'], example);
    if (wrong) return wrong;
    const [priority, weight, port] = fields.slice(0, 3).map((f) => uint(f.text, 65_535));
    const bad = [priority, weight, port].findIndex((n) => n === undefined);
    if (bad >= 0) {
      const name = [['prioritas', 'priority'], ['bobot', 'weight'], ['port', 'port']][bad]!;
      return fail(fields[bad], `Isian ${name[0]} SRV \`${fields[bad]!.text}\` bukan angka 0–65535. Contoh: \`${example}\`.`,
        `SRV ${name[1]} \`${fields[bad]!.text}\` is not a number 0–65535. Example: \`${example}\`.`);
    }
    const host = target('SRV', fields[3]!, context, true);
    return 'name' in host ? { ok: true, content: `${weight} ${port} ${host.name}`, priority: priority! } : host;
  },
  TXT: (fields) => txt('TXT', fields),
  SPF: (fields) => txt('SPF', fields),
  CAA: (fields) => {
    const example = '@ 3600 IN CAA 0 issue "letsencrypt.org"';
    const wrong = count('CAA', fields, 3, ['flags tag "nilai"', 'flags tag "value"'], example);
    if (wrong) return wrong;
    const [flags, tag, value] = fields as [Field, Field, Field];
    const flagsNumber = flags.quoted ? undefined : uint(flags.text, 255);
    if (flagsNumber === undefined) {
      return fail(flags, `Flags CAA \`${flags.text}\` bukan angka 0–255 (biasanya 0). Contoh: \`${example}\`.`, `CAA flags \`${flags.text}\` is not a number 0–255 (usually 0). Example: \`${example}\`.`);
    }
    if (tag.quoted || !/^[a-z0-9]{1,15}$/i.test(tag.text)) {
      return fail(tag, `Tag CAA \`${tag.text}\` tidak sah: tulis issue, issuewild atau iodef tanpa tanda petik. Contoh: \`${example}\`.`,
        `CAA tag \`${tag.text}\` is not valid: write issue, issuewild or iodef without quotes. Example: \`${example}\`.`);
    }
    if (!value.quoted && value.text.includes('"')) {
      return fail(value, `Nilai CAA \`${value.text}\` harus ditulis utuh di antara tanda petik. Contoh: \`${example}\`.`, `CAA value \`${value.text}\` must be written whole between quotes. Example: \`${example}\`.`);
    }
    return { ok: true, content: `${flagsNumber} ${tag.text.toLowerCase()} "${value.text}"` };
  },
  SOA: (fields, context) => {
    const example = `@ 3600 IN SOA ns1.${context.zone}. hostmaster.${context.zone}. 2026120101 7200 3600 1209600 3600`;
    const wrong = count('SOA', fields, 7, ['server utama, email pengelola, serial, refresh, retry, expire, minimum', 'primary server, contact, serial, refresh, retry, expire, minimum'], example);
    if (wrong) return wrong;
    const names: string[] = [];
    for (const field of fields.slice(0, 2)) {
      const name = absoluteName(field.text, context);
      if (field.quoted || !isHostName(name)) {
        return fail(field, `Nama \`${field.text}\` dalam SOA bukan nama host yang sah. Contoh: \`${example}\`.`, `Name \`${field.text}\` in the SOA is not a valid host name. Example: \`${example}\`.`);
      }
      names.push(name);
    }
    const serial = uint(fields[2]!.text, 4_294_967_295);
    if (serial === undefined) {
      return fail(fields[2], `Serial SOA \`${fields[2]!.text}\` bukan angka 0–4294967295. Contoh: \`${example}\`.`, `SOA serial \`${fields[2]!.text}\` is not a number 0–4294967295. Example: \`${example}\`.`);
    }
    const times: number[] = [];
    for (const field of fields.slice(3)) {
      const seconds = parseTtl(field.text);
      if (seconds === undefined) {
        return fail(field, `Waktu SOA \`${field.text}\` bukan jumlah detik (misalnya 3600 atau 1h). Contoh: \`${example}\`.`, `SOA time \`${field.text}\` is not a number of seconds (such as 3600 or 1h). Example: \`${example}\`.`);
      }
      times.push(seconds);
    }
    return { ok: true, content: [...names, serial, ...times].join(' '), soaMinimum: times[3]! };
  },
};

function hostOnly(type: 'CNAME' | 'NS', fields: readonly Field[], context: NameContext): Rdata {
  const wrong = count(type, fields, 1, ['nama host', 'a host name'], `www 3600 IN ${type} ${HOST_EXAMPLE(context)}`);
  if (wrong) return wrong;
  const host = target(type, fields[0]!, context);
  return 'name' in host ? { ok: true, content: host.name } : host;
}

/**
 * Record types a zone file may hold (IANA's list, less the query-only types such as ANY and
 * AXFR), and `TYPEnnn` (RFC 3597). Types without a reader keep their fields as written.
 */
const KNOWN_TYPES = new Set(
  ('A NS MD MF CNAME SOA MB MG MR NULL WKS PTR HINFO MINFO MX TXT RP AFSDB X25 ISDN RT NSAP NSAP-PTR SIG KEY PX GPOS AAAA LOC NXT ' +
    'EID NIMLOC SRV ATMA NAPTR KX CERT A6 DNAME SINK APL DS SSHFP IPSECKEY RRSIG NSEC DNSKEY DHCID NSEC3 NSEC3PARAM TLSA SMIMEA HIP ' +
    'NINFO RKEY TALINK CDS CDNSKEY OPENPGPKEY CSYNC ZONEMD SVCB HTTPS DSYNC HHIT BRID SPF UINFO UID GID UNSPEC NID L32 L64 LP EUI48 ' +
    'EUI64 URI CAA AVC DOA AMTRELAY RESINFO WALLET CLA IPN TA DLV').split(' '),
);

export const isRecordType = (text: string): boolean => KNOWN_TYPES.has(text.toUpperCase()) || /^TYPE\d{1,5}$/i.test(text);

/** The record's `content` (and priority) in Cloudflare's form, or what is wrong with its fields. */
export function readRdata(type: string, fields: readonly Field[], context: NameContext): Rdata {
  const reader = READERS[type];
  if (reader) return reader(fields, context);
  return { ok: true, content: fields.map((f) => (f.quoted ? `"${f.text}"` : f.text)).join(' ') };
}
