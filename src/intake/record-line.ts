import { Address4, Address6 } from 'ip-address';
import { msg, type Message } from '../model/problem.js';
import type { DnsRecord } from '../schema/types.gen.js';

/**
 * One DNS record on one line, the way `subdomain new` asks for it and the issue form takes it,
 * close to how a zone file or a provider's dashboard writes it:
 *
 *   A 103.28.12.4                      103.28.12.4 (a bare address: A, or AAAA for IPv6)
 *   CNAME layanan.pages.dev            MX 10 mail.contoh.go.id   (or MX mail.contoh.go.id priority=10)
 *   _dmarc TXT v=DMARC1; p=reject      (or TXT name=_dmarc v=DMARC1; p=reject)
 *   CAA 0 issue "letsencrypt.org"      NS ns1.penyedia.net ns2.penyedia.net
 *   _sip._tcp SRV 10 5 5060 sip.contoh.go.id
 *   A 103.28.12.4 ttl=3600 proxied
 *
 * The parse only reads the line; whether the record is allowed is for the record rules.
 */
export const RECORD_TYPES: readonly DnsRecord['type'][] = ['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'CAA', 'NS', 'SRV'];

export type RecordLine = { ok: true; record: DnsRecord } | { ok: false; message: Message };

const NUMERIC = ['ttl', 'priority', 'weight', 'port'] as const;
type Numeric = (typeof NUMERIC)[number];
const OPTION = /^(name|ttl|priority|weight|port)=(.*)$/i;
const EXAMPLES = 'A 103.28.12.4, CNAME layanan.pages.dev, MX 10 mail.contoh.go.id';

const typeOf = (token: string | undefined): DnsRecord['type'] | undefined => {
  const upper = token?.toUpperCase();
  return RECORD_TYPES.find((t) => t === upper);
};
const isIpv4 = (text: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(text) && Address4.isValid(text);
const isIpv6 = (text: string) => text.includes(':') && Address6.isValid(text);
const refuse = (id: string, en: string): RecordLine => ({ ok: false, message: msg(id, en) });

export function parseRecordLine(line: string): RecordLine {
  const text = line.trim().replace(/^[-*]\s+/, '');
  const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const first = tokens[0]?.text;
  if (first === undefined) return refuse('Baris catatan kosong.', 'The record line is empty.');

  let owner: string | undefined;
  let type: DnsRecord['type'];
  let rest: typeof tokens;
  if (typeOf(first)) {
    type = typeOf(first)!;
    rest = tokens.slice(1);
  } else if (isIpv4(first) || isIpv6(first)) {
    type = isIpv4(first) ? 'A' : 'AAAA';
    rest = tokens;
  } else if (/^\{?[A-Za-z_-]+:$/.test(first)) {
    return refuse(
      `Tulis satu catatan per baris, contoh: ${EXAMPLES}. Bentuk \`${first} …\` (YAML) tidak dipakai di sini.`,
      `Write one record per line, e.g. ${EXAMPLES}. The form \`${first} …\` (YAML) is not used here.`);
  } else if (typeOf(tokens[1]?.text)) {
    owner = first === '@' ? undefined : first;
    type = typeOf(tokens[1]!.text)!;
    rest = tokens.slice(2);
  } else {
    return refuse(
      `\`${first}\` bukan jenis catatan. Awali baris dengan jenisnya (A, AAAA, CNAME, TXT, MX, CAA, NS, SRV), contoh: ${EXAMPLES}.`,
      `\`${first}\` is not a record type. Start the line with the type (A, AAAA, CNAME, TXT, MX, CAA, NS, SRV), e.g. ${EXAMPLES}.`);
  }

  // Options at either end of the value: `name=_dmarc`, `ttl=3600`, `priority=10`, `proxied`.
  const options: Partial<Record<Numeric, number>> & { name?: string; proxied?: true } = {};
  const optionAt = (token: { text: string }): RecordLine | true | false => {
    if (token.text.toLowerCase() === 'proxied') {
      options.proxied = true;
      return true;
    }
    const match = OPTION.exec(token.text);
    if (!match) return false;
    const key = match[1]!.toLowerCase();
    if (key === 'name') {
      options.name = match[2]!;
      return true;
    }
    if (!/^[0-9]{1,9}$/.test(match[2]!)) {
      return refuse(`\`${token.text}\`: ${key} harus bilangan bulat, contoh ${key}=${key === 'ttl' ? '3600' : '10'}.`, `\`${token.text}\`: ${key} must be a whole number, e.g. ${key}=${key === 'ttl' ? '3600' : '10'}.`);
    }
    options[key as Numeric] = Number(match[2]);
    return true;
  };
  while (rest.length > 0) {
    const taken = optionAt(rest[0]!);
    if (taken === false) break;
    if (taken !== true) return taken;
    rest = rest.slice(1);
  }
  while (rest.length > 0) {
    const taken = optionAt(rest.at(-1)!);
    if (taken === false) break;
    if (taken !== true) return taken;
    rest = rest.slice(0, -1);
  }
  if (rest.length === 0) {
    return refuse(`Catatan ${type} tanpa nilai: tulis nilainya sesudah jenis, contoh: ${example(type)}.`, `A ${type} record without a value: write the value after the type, e.g. ${example(type)}.`);
  }
  const raw = text.slice(rest[0]!.start, rest.at(-1)!.end);
  const words = rest.map((t) => t.text);
  const numeric = (w: string | undefined) => w !== undefined && /^[0-9]{1,9}$/.test(w);
  let value: DnsRecord['value'];
  switch (type) {
    case 'MX':
      if (words.length === 2 && numeric(words[0])) {
        options.priority = Number(words[0]);
        words.shift();
      }
      if (words.length !== 1) return refuse(`MX ditulis: prioritas lalu satu nama server surat, contoh: ${example(type)}.`, `An MX is written as a priority then one mail server name, e.g. ${example(type)}.`);
      value = words[0]!;
      break;
    case 'SRV':
      if (words.length === 4 && words.slice(0, 3).every(numeric)) {
        options.priority = Number(words[0]);
        options.weight = Number(words[1]);
        options.port = Number(words[2]);
        words.splice(0, 3);
      }
      if (words.length !== 1) return refuse(`SRV ditulis: label layanan, SRV, prioritas, bobot, port, tujuan, contoh: ${example(type)}.`, `An SRV is written as the service label, SRV, priority, weight, port, target, e.g. ${example(type)}.`);
      value = words[0]!;
      break;
    case 'TXT':
      value = unquoted(raw);
      break;
    case 'CAA':
      value = raw;
      break;
    case 'NS':
      value = words.length === 1 ? words[0]! : words;
      break;
    default:
      if (words.length !== 1) {
        return refuse(`Catatan ${type} hanya punya satu nilai; tulis satu catatan per baris, contoh: ${example(type)}.`, `A ${type} record has one value; write one record per line, e.g. ${example(type)}.`);
      }
      value = words[0]!;
  }
  const name = options.name ?? owner;
  const record: DnsRecord = { type, ...(name !== undefined ? { name } : {}), value };
  for (const key of NUMERIC) if (options[key] !== undefined) record[key] = options[key];
  if (options.proxied) record.proxied = true;
  return { ok: true, record };
}

/** A TXT value written as one or more quoted strings (as providers show them) loses its quotes. */
function unquoted(raw: string): string | string[] {
  if (!/^("(?:[^"\\]|\\.)*"\s*)+$/.test(raw)) return raw;
  const strings = [...raw.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
  return strings.length === 1 ? strings[0]! : strings;
}

function example(type: DnsRecord['type']): string {
  const examples: Record<DnsRecord['type'], string> = {
    A: 'A 103.28.12.4',
    AAAA: 'AAAA 2400:cb00:2049:1::a29f:1a2b',
    CNAME: 'CNAME layanan.pages.dev',
    TXT: '_dmarc TXT v=DMARC1; p=reject',
    MX: 'MX 10 mail.contoh.go.id',
    CAA: 'CAA 0 issue "letsencrypt.org"',
    NS: 'NS ns1.penyedia.net ns2.penyedia.net',
    SRV: '_sip._tcp SRV 10 5 5060 sip.contoh.go.id',
  };
  return examples[type];
}

/** The line that reads back as this record (what `new` shows when it asks about one again). */
export function recordLine(record: DnsRecord): string {
  const parts: string[] = [...(record.name ? [record.name] : []), record.type];
  const positional: (keyof DnsRecord)[] = record.type === 'MX' ? ['priority'] : record.type === 'SRV' ? ['priority', 'weight', 'port'] : [];
  const inLine = positional.length > 0 && positional.every((key) => record[key] !== undefined);
  if (inLine) parts.push(...positional.map((key) => String(record[key])));
  const values = Array.isArray(record.value) ? record.value : [record.value];
  const quoted = record.type === 'TXT' && (Array.isArray(record.value) || /^\s|\s$|^"/.test(record.value));
  parts.push(quoted ? values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(' ') : values.join(' '));
  for (const key of ['ttl', 'priority', 'weight', 'port'] as const) {
    if (record[key] !== undefined && !(inLine && positional.includes(key))) parts.push(`${key}=${record[key]}`);
  }
  if (record.proxied) parts.push('proxied');
  return parts.join(' ');
}

export interface RecordLines {
  records: DnsRecord[];
  /** The lines that could not be read: their number in the answer (from 1), text and why. */
  faults: { line: number; text: string; message: Message }[];
}

/**
 * The records answer of the issue form: one record per line; blank lines, `#` comments and a
 * code fence around the lines (``` pasted from elsewhere) are skipped.
 */
export function parseRecordLines(answer: string): RecordLines {
  const out: RecordLines = { records: [], faults: [] };
  answer.split('\n').forEach((text, index) => {
    const line = text.trim();
    if (line === '' || line.startsWith('#') || /^(`{3,}|~{3,})/.test(line)) return;
    const parsed = parseRecordLine(line);
    if (parsed.ok) out.records.push(parsed.record);
    else out.faults.push({ line: index + 1, text: line, message: parsed.message });
  });
  return out;
}
