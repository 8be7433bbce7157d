import { byPosition, msg, problem, type Message, type Problem } from '../model/problem.js';
import type { LiveRecord } from './live-record.js';
import { absoluteName, isInZone, isOwnerName, isRecordType, looksLikeTtl, parseTtl, readRdata, type Field, type NameContext } from './zone-rdata.js';

/**
 * A BIND zone file (RFC 1035 §5, RFC 2308 `$TTL`) read into the records it describes, each in
 * Cloudflare's API form, with every problem at its file and line. Pure: text in, data out.
 *
 * Read: `;` comments, `$ORIGIN`, `$TTL`, `@`, relative and absolute names, a blank owner
 * (the previous record's name), TTL and class `IN` in either order, parentheses across lines,
 * quoted strings with `\X` and `\DDD` escapes, and Cloudflare's export (`; cf_tags=cf-proxied:true`).
 * Refused: `$INCLUDE` (the file must be self-contained), classes other than IN, names outside
 * the zone, and files too large to be one office's zone. Any problem of severity error means
 * the caller writes nothing; reading goes on to report every problem, up to 50.
 */

export const ZONE_FILE_LIMITS = {
  bytes: 20 * 1024 * 1024,
  records: 200_000,
  lineBytes: 64 * 1024,
  problems: 50,
} as const;

export interface ZoneFileResult {
  /** The records read without a problem, in file order. */
  records: LiveRecord[];
  problems: Problem[];
}

/** One record or directive as written: its fields across the lines its parentheses span. */
interface Entry {
  line: number;
  /** Its first line begins with a space or tab: the owner is the previous record's. */
  blankOwner: boolean;
  fields: Field[];
  /** The text of its `;` comments, without the `;`. */
  comments: string[];
  multiLine: boolean;
  /** The first thing wrong with how it is written; the entry is then not read further. */
  error?: { line: number; column: number; message: Message };
}


const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SEMICOLON = 0x3b;
const OPEN = 0x28;
const CLOSE = 0x29;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Splits the text into entries in one pass, handing each to `visit` (which returns false to
 * stop). An entry ends at a line break outside parentheses; a quoted string ends at its closing
 * quote and may not cross a line. Stops at the record past the limit, and returns its line.
 */
function lex(text: string, visit: (entry: Entry) => boolean): { tooManyAt?: number } {
  const n = text.length;
  let records = 0;
  let entry: Entry | undefined;
  let depth = 0;
  let openedAt = { line: 0, column: 0 };
  let line = 1;
  let lineStart = 0;

  const fault = (column: number, id: string, en: string, at = line) => {
    if (entry && !entry.error) entry.error = { line: at, column, message: msg(id, en) };
  };
  let stop: 'too-many' | 'visitor' | undefined;
  const finish = (): void => {
    if (entry && (entry.fields.length > 0 || entry.error)) {
      if (!entry.fields[0]?.text.startsWith('$') && ++records > ZONE_FILE_LIMITS.records) stop = 'too-many';
      else if (!visit(entry)) stop = 'visitor';
    }
    entry = undefined;
  };
  /** `j` is at a backslash; returns the index after its escape. */
  const escapeEnd = (j: number): number => {
    const next = text.charCodeAt(j + 1);
    if (j + 1 >= n || next === LF || next === CR) {
      fault(j - lineStart + 1, 'Garis miring terbalik (\\) di akhir baris tidak sah. Hapus, atau tulis \\\\ untuk garis miring terbalik itu sendiri.',
        'A backslash (\\) at the end of a line is not valid. Remove it, or write \\\\ for a backslash itself.');
      return j + 1;
    }
    if (next >= 0x30 && next <= 0x39) {
      const digits = text.slice(j + 1, j + 4);
      if (!/^\d{3}$/.test(digits) || Number(digits) > 255) {
        const written = text.slice(j, j + 4).replace(/[^\\\d].*$/s, '');
        fault(j - lineStart + 1, `Escape \`${written}\` tidak sah: setelah \\ harus ada tepat tiga angka 000–255 (misalnya \\059 untuk ;), atau satu karakter bukan angka (misalnya \\").`,
          `Escape \`${written}\` is not valid: \\ must be followed by exactly three digits 000–255 (such as \\059 for ;), or by one character that is not a digit (such as \\").`);
        return j + 2;
      }
      return j + 4;
    }
    return j + 1 + (next >= 0xd800 && next <= 0xdbff ? 2 : 1);
  };
  /** `j` is at an opening quote; returns the index of its closing quote, or of the line's end when unclosed. */
  const quotedEnd = (j: number): { end: number; closed: boolean } => {
    let k = j + 1;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === QUOTE) return { end: k, closed: true };
      if (c === LF) break;
      k = c === BACKSLASH ? escapeEnd(k) : k + 1;
    }
    fault(j - lineStart + 1, 'Tanda petik (") ini tidak ditutup sebelum akhir baris. Tambahkan " penutup; satu string tidak boleh melewati baris (pecah teks panjang menjadi beberapa string di dalam tanda kurung).',
      'This quote (") is not closed before the end of the line. Add the closing "; one string may not cross a line (split long text into several strings inside parentheses).');
    return { end: k, closed: false };
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      line++;
      lineStart = ++i;
      if (depth > 0) {
        if (entry) entry.multiLine = true;
      } else {
        const at = line - 1;
        finish();
        if (stop) return stop === 'too-many' ? { tooManyAt: at } : {};
      }
      continue;
    }
    if (c === SPACE || c === TAB || c === CR) {
      i++;
      continue;
    }
    if (c === SEMICOLON) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      entry?.comments.push(text.slice(i + 1, end));
      i = end;
      continue;
    }
    const column = i - lineStart + 1;
    entry ??= { line, blankOwner: text.charCodeAt(lineStart) === SPACE || text.charCodeAt(lineStart) === TAB, fields: [], comments: [], multiLine: false };
    if (c === OPEN) {
      if (depth > 0) {
        fault(column, 'Tanda kurung bersarang "( (" tidak diizinkan. Satu rekaman memakai satu pasang ( ) saja.', 'Nested parentheses "( (" are not allowed. One record uses one pair of ( ) only.');
      } else {
        openedAt = { line, column };
      }
      depth++;
      i++;
      continue;
    }
    if (c === CLOSE) {
      if (depth === 0) {
        fault(column, 'Tanda kurung tutup ")" ini tidak punya "(" pembuka. Hapus, atau tambahkan "(" di tempat rekaman mulai dipecah ke baris berikutnya.',
          'This closing ")" has no opening "(". Remove it, or add "(" where the record starts to continue on the next line.');
      } else {
        depth--;
      }
      i++;
      continue;
    }
    if (c === QUOTE) {
      const q = quotedEnd(i);
      entry.fields.push({ text: text.slice(i + 1, q.end), quoted: true, line, column });
      i = q.closed ? q.end + 1 : q.end;
      continue;
    }
    let k = i;
    while (k < n) {
      const d = text.charCodeAt(k);
      if (d === SPACE || d === TAB || d === LF || d === CR || d === SEMICOLON || d === OPEN || d === CLOSE) break;
      if (d === BACKSLASH) {
        k = escapeEnd(k);
      } else if (d === QUOTE) {
        // A quoted part inside a field (`alpn="h2,h3"` in HTTPS records) belongs to the field.
        const q = quotedEnd(k);
        k = q.closed ? q.end + 1 : q.end;
      } else {
        k++;
      }
    }
    entry.fields.push({ text: text.slice(i, k), quoted: false, line, column });
    i = k;
  }
  if (depth > 0) {
    fault(openedAt.column, `Tanda kurung "(" yang dibuka di baris ${openedAt.line} tidak pernah ditutup. Tambahkan ")" di akhir rekaman itu.`,
      `The "(" opened on line ${openedAt.line} is never closed. Add ")" at the end of that record.`, openedAt.line);
  }
  finish();
  return stop === 'too-many' ? { tooManyAt: line } : {};
}

/** Line and column of a character offset, for the few problems found before lexing. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** A NUL, a replacement character, or a UTF-16 surrogate (checked to be half of a pair). */
const SUSPECT = /[\0\uFFFD\uD800-\uDFFF]/g;
const MIB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function tooLarge(path: string, bytes: number): Problem {
  return problem(path, 'zone-file/too-large', msg(
    `Berkas zona ini ${MIB(bytes)}, lebih dari batas 20 MiB. Zona satu pemerintah daerah jauh lebih kecil: pastikan berkas yang diunggah adalah ekspor zona yang benar.`,
    `This zone file is ${MIB(bytes)}, over the 20 MiB limit. One regional government's zone is far smaller: check that the file is the right zone export.`), { line: 1, column: 1 });
}

/** The text of the file, or why it is not text this reader accepts (checked before any record is read). */
function decode(path: string, input: string | Uint8Array): { text: string } | { refused: Problem } {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    if (input.byteLength > ZONE_FILE_LIMITS.bytes) return { refused: tooLarge(path, input.byteLength) };
    try {
      text = utf8.decode(input);
    } catch {
      const lossy = new TextDecoder('utf-8').decode(input);
      return { refused: problem(path, 'zone-file/encoding', msg(
        'Berkas zona bukan teks UTF-8 yang sah. Simpan ulang berkas sebagai teks biasa dengan encoding UTF-8, lalu unggah lagi.',
        'The zone file is not valid UTF-8 text. Save the file again as plain text in UTF-8, then upload it again.'), positionAt(lossy, lossy.indexOf('\uFFFD'))) };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > ZONE_FILE_LIMITS.bytes || Buffer.byteLength(text, 'utf8') > ZONE_FILE_LIMITS.bytes) return { refused: tooLarge(path, Buffer.byteLength(text, 'utf8')) };
  SUSPECT.lastIndex = 0;
  for (let found = SUSPECT.exec(text); found; found = SUSPECT.exec(text)) {
    const at = found.index;
    const c = text.charCodeAt(at);
    const low = text.charCodeAt(at + 1);
    if (c >= 0xd800 && c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
      SUSPECT.lastIndex = at + 2;
      continue;
    }
    const message = c === 0
      ? msg('Berkas memuat bita NUL (nol), jadi bukan berkas teks zona (mungkin berkas biner atau teks UTF-16). Ekspor ulang zona sebagai teks biasa UTF-8.',
        'The file holds a NUL (zero) byte, so it is not a zone text file (perhaps a binary file or UTF-16 text). Export the zone again as plain UTF-8 text.')
      : msg('Berkas memuat karakter pengganti (�) atau karakter rusak: tanda bahwa berkas pernah dibaca dengan encoding yang salah. Ekspor ulang zona dari sumbernya sebagai teks UTF-8.',
        'The file holds a replacement character (�) or a broken character: a sign it was once read with the wrong encoding. Export the zone again from its source as UTF-8 text.');
    return { refused: problem(path, 'zone-file/encoding', message, positionAt(text, at)) };
  }
  let line = 1;
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // A character is at most 3 UTF-8 bytes per UTF-16 unit: count bytes only for lines that may be over.
    if (end - start > ZONE_FILE_LIMITS.lineBytes / 3 && Buffer.byteLength(text.slice(start, end), 'utf8') > ZONE_FILE_LIMITS.lineBytes) {
      return { refused: problem(path, 'zone-file/too-large', msg(
        `Baris ${line} lebih dari 64 KiB. Rekaman sepanjang itu tidak mungkin sah; teks TXT yang panjang ditulis sebagai beberapa string, boleh di beberapa baris di dalam tanda kurung ( ).`,
        `Line ${line} is longer than 64 KiB. No valid record is that long; long TXT text is written as several strings, across lines inside parentheses ( ) if needed.`), { line, column: 1 }) };
    }
    start = end + 1;
  }
  return { text };
}

const CLASS = /^(IN|CH|HS|CS|CLASS\d+)$/i;

interface Attributes {
  proxied?: boolean;
  comment?: string;
}

/**
 * Cloudflare's export writes a record's comment and tags after it: `; comment cf_tags=cf-proxied:true,tag:value`.
 * The comment is kept only for a record on one line (the comments inside a multi-line record label its fields).
 */
function attributes(entry: Entry): Attributes {
  if (entry.comments.length === 0) return {};
  const text = entry.comments.join(' ').trim();
  const tagsAt = text.search(/(^|\s)cf_tags=/);
  const out: Attributes = {};
  const comment = (tagsAt >= 0 ? text.slice(0, tagsAt) : text).trim();
  if (tagsAt >= 0) {
    const proxied = /(?:=|,)cf-proxied:(true|false)(?=,|\s|$)/.exec(text.slice(tagsAt));
    if (proxied) out.proxied = proxied[1] === 'true';
  }
  if (comment && !entry.multiLine) out.comment = comment;
  return out;
}

/** Reads entries in order, keeping the state the directives and previous records set. */
class ZoneReader {
  readonly records: LiveRecord[] = [];
  readonly problems: Problem[] = [];
  private stopped = false;
  private readonly context: NameContext;
  private originLine: number | undefined;
  private defaultTtl: number | undefined;
  private lastTtl: number | undefined;
  private lastOwner: string | undefined;
  private soaMinimum: number | undefined;
  /** Records read before any TTL was available: they take the SOA minimum, if the file has one. */
  private readonly waitingForTtl: LiveRecord[] = [];

  constructor(private readonly path: string, private readonly zone: string) {
    this.context = { origin: zone, zone };
  }

  /** Reads one entry; false once the problems reach the limit and reading stops. */
  readonly visit = (entry: Entry): boolean => {
    this.entry(entry);
    return !this.stopped;
  };

  finish(): ZoneFileResult {
    for (const record of this.waitingForTtl) {
      if (this.soaMinimum !== undefined) {
        record.ttl = this.soaMinimum;
        continue;
      }
      this.report('zone-file/ttl', record.line!, 1,
        'Rekaman ini tidak punya TTL, dan berkas tidak memuat $TTL sebelumnya, rekaman ber-TTL sebelumnya, maupun SOA. Tambahkan "$TTL 3600" di baris pertama berkas, atau tulis TTL pada rekaman (misalnya "www 3600 IN A 203.0.113.10").',
        'This record has no TTL, and the file has no $TTL before it, no earlier record with a TTL, and no SOA. Add "$TTL 3600" as the first line of the file, or write the TTL on the record (such as "www 3600 IN A 203.0.113.10").');
    }
    const unresolved = new Set(this.soaMinimum === undefined ? this.waitingForTtl : []);
    // In line order (the TTL problems above come last); once stopped, the note stays last.
    if (!this.stopped) this.problems.sort(byPosition);
    return { records: this.records.filter((r) => !unresolved.has(r)), problems: this.problems };
  }

  private report(rule: string, line: number, column: number, id: string, en: string): void {
    if (this.stopped) return;
    if (this.problems.length >= ZONE_FILE_LIMITS.problems) {
      this.stopped = true;
      this.problems.push(problem(this.path, 'zone-file/too-many-problems', msg(
        `Pemeriksaan berhenti setelah ${ZONE_FILE_LIMITS.problems} masalah; baris sesudahnya belum diperiksa. Perbaiki masalah di atas, lalu periksa lagi.`,
        `Checking stopped after ${ZONE_FILE_LIMITS.problems} problems; the lines after this one are not checked yet. Fix the problems above, then check again.`), { line, column }));
      return;
    }
    this.problems.push(problem(this.path, rule, msg(id, en), { line, column }));
  }

  private reportAt(rule: string, field: Field, message: Message): void {
    this.report(rule, field.line, field.column, message.id, message.en);
  }

  private entry(entry: Entry): void {
    const first = entry.fields[0];
    const directive = first !== undefined && !first.quoted && first.text.startsWith('$');
    if (entry.error) {
      this.report('zone-file/syntax', entry.error.line, entry.error.column, entry.error.message.id, entry.error.message.en);
      // Later lines with a blank owner continue this record's name.
      if (first && !directive && !entry.blankOwner) this.lastOwner = absoluteName(first.text, this.context);
      return;
    }
    if (directive) this.directive(entry, first);
    else this.record(entry);
  }

  private directive(entry: Entry, first: Field): void {
    const name = first.text.toUpperCase();
    const args = entry.fields.slice(1);
    if (name === '$INCLUDE') {
      this.reportAt('zone-file/include', first, msg(
        '$INCLUDE tidak diizinkan: berkas zona harus utuh dalam satu berkas. Berkas yang disertakan tidak ikut diunggah dan diperiksa, dan dapat menunjuk berkas apa pun di server. Salin isi berkas itu ke tempat baris $INCLUDE ini.',
        '$INCLUDE is not allowed: the zone file must be self-contained. An included file is not uploaded or checked with it, and could point at any file on the server. Copy that file\'s records in place of this $INCLUDE line.'));
      return;
    }
    if (name !== '$ORIGIN' && name !== '$TTL') {
      const generate = name === '$GENERATE' ? [' Tulis rekaman yang dihasilkannya satu per satu.', ' Write out the records it generates one by one.'] : ['', ''];
      this.reportAt('zone-file/syntax', first, msg(
        `Perintah \`${first.text}\` tidak dikenal; yang dapat dipakai hanya $ORIGIN dan $TTL.${generate[0]}`,
        `Unknown directive \`${first.text}\`; only $ORIGIN and $TTL may be used.${generate[1]}`));
      return;
    }
    const value = args[0];
    if (args.length !== 1 || !value || value.quoted) {
      const example = name === '$TTL' ? '$TTL 3600' : `$ORIGIN ${this.zone}.`;
      this.reportAt('zone-file/syntax', args[1] ?? first, msg(
        `${name} perlu tepat satu nilai, misalnya \`${example}\`.`,
        `${name} takes exactly one value, such as \`${example}\`.`));
      return;
    }
    if (name === '$TTL') {
      const ttl = parseTtl(value.text);
      if (ttl === undefined) this.reportAt('zone-file/ttl', value, ttlMessage(value.text));
      else this.defaultTtl = ttl;
      return;
    }
    const origin = absoluteName(value.text, this.context);
    if (origin !== '' && (origin.includes('*') || !isOwnerName(origin))) {
      this.reportAt('zone-file/syntax', value, msg(
        `\`${value.text}\` bukan nama domain yang sah untuk $ORIGIN. Contoh: \`$ORIGIN ${this.zone}.\`.`,
        `\`${value.text}\` is not a valid domain name for $ORIGIN. Example: \`$ORIGIN ${this.zone}.\`.`));
      return;
    }
    this.context.origin = origin;
    this.originLine = value.line;
  }

  private record(entry: Entry): void {
    const { fields } = entry;
    let k = 0;
    let owner: string;
    let readable = true;
    const ownerField = entry.blankOwner ? undefined : fields[k++]!;
    if (ownerField) {
      owner = absoluteName(ownerField.text, this.context);
      this.lastOwner = owner;
    } else if (this.lastOwner !== undefined) {
      owner = this.lastOwner;
    } else {
      this.report('zone-file/syntax', entry.line, 1,
        `Rekaman ini diawali spasi, artinya memakai nama rekaman sebelumnya, tetapi belum ada rekaman sebelumnya. Tulis namanya di awal baris tanpa spasi (misalnya @ untuk ${this.zone}).`,
        `This record starts with a space, which means it takes the previous record's name, but there is no previous record. Write its name at the start of the line with no space (such as @ for ${this.zone}).`);
      return;
    }
    const ownerAt = ownerField ?? { line: entry.line, column: 1 };
    const written = ownerField?.text ?? owner;
    if (ownerField?.quoted || !isOwnerName(owner)) {
      this.report('zone-file/syntax', ownerAt.line, ownerAt.column,
        `Nama \`${written}\` tidak sah: nama terdiri atas label huruf, angka, "-" atau "_" (paling panjang 63 karakter) yang dipisah titik, dan "*" hanya sebagai label pertama.`,
        `Name \`${written}\` is not valid: a name is labels of letters, digits, "-" or "_" (at most 63 characters) separated by dots, with "*" only as the first label.`);
      return;
    }
    if (!isInZone(owner, this.zone)) {
      const relative = ownerField && !written.endsWith('.') && written !== '@' ? this.originNote() : ['', ''];
      const continued = ownerField ? ['', ''] : [' (baris ini diawali spasi, jadi memakai nama rekaman sebelumnya)', ' (this line starts with a space, so it takes the previous record\'s name)'];
      this.report('zone-file/outside-zone', ownerAt.line, ownerAt.column,
        `Nama ${owner} berada di luar zona ${this.zone}${relative[0]}${continued[0]}. Berkas ini hanya boleh memuat ${this.zone} dan nama di bawahnya; hapus rekaman ini atau perbaiki namanya.`,
        `Name ${owner} is outside the zone ${this.zone}${relative[1]}${continued[1]}. This file may only hold ${this.zone} and names under it; remove this record or correct its name.`);
      readable = false;
    }

    let ttl: number | undefined;
    let sawTtl = false;
    let sawClass = false;
    for (let field = fields[k]; field && !field.quoted; field = fields[k]) {
      if (!sawTtl && looksLikeTtl(field.text)) {
        sawTtl = true;
        ttl = parseTtl(field.text);
        if (ttl === undefined) {
          this.reportAt('zone-file/ttl', field, ttlMessage(field.text));
          readable = false;
        }
      } else if (!sawClass && CLASS.test(field.text)) {
        sawClass = true;
        if (field.text.toUpperCase() !== 'IN') {
          this.reportAt('zone-file/class', field, msg(
            `Kelas \`${field.text}\` tidak didukung: zona internet hanya memakai kelas IN. Ganti dengan IN, atau hapus (IN adalah bawaannya).`,
            `Class \`${field.text}\` is not supported: internet zones use class IN only. Write IN instead, or leave it out (IN is the default).`));
          readable = false;
        }
      } else {
        break;
      }
      k++;
    }

    const typeField = fields[k++];
    if (!typeField || typeField.quoted || !isRecordType(typeField.text)) {
      const last = fields.at(-1)!;
      const [id, en] = typeField
        ? [`\`${typeField.text}\` bukan jenis rekaman DNS (A, AAAA, CNAME, MX, TXT, CAA, SRV, NS …).`, `\`${typeField.text}\` is not a DNS record type (A, AAAA, CNAME, MX, TXT, CAA, SRV, NS …).`]
        : ['Jenis rekaman tidak tertulis.', 'The record type is missing.'];
      this.report('zone-file/syntax', typeField?.line ?? last.line, typeField?.column ?? last.column + last.text.length,
        `${id} Sebuah rekaman ditulis: nama, TTL (boleh tidak), IN (boleh tidak), jenis, lalu datanya, misalnya "www 3600 IN A 203.0.113.10".`,
        `${en} A record is written: name, TTL (optional), IN (optional), type, then its data, such as "www 3600 IN A 203.0.113.10".`);
      return;
    }
    const type = typeField.text.toUpperCase();
    const rdataFields = fields.slice(k);
    if (rdataFields.length === 0) {
      this.reportAt('zone-file/syntax', typeField, msg(
        `Rekaman ${type} untuk ${owner} tidak berisi data. Tulis datanya setelah jenis rekaman (misalnya alamat untuk A, nama host untuk CNAME).`,
        `The ${type} record for ${owner} has no data. Write its data after the type (such as an address for A, a host name for CNAME).`));
      return;
    }
    const rdata = readRdata(type, rdataFields, this.context);
    if (!rdata.ok) {
      this.reportAt(rdata.rule, rdata.field ?? typeField, rdata.message);
      return;
    }
    if (!readable) return;

    if (ttl !== undefined) this.lastTtl = ttl;
    else if (this.defaultTtl !== undefined) ttl = this.defaultTtl;
    else if (this.lastTtl !== undefined) ttl = this.lastTtl;
    else if (rdata.soaMinimum !== undefined) ttl = this.lastTtl = rdata.soaMinimum;
    if (rdata.soaMinimum !== undefined) this.soaMinimum ??= rdata.soaMinimum;

    const record: LiveRecord = { name: owner, type, content: rdata.content, ttl: ttl ?? 0 };
    if (rdata.priority !== undefined) record.priority = rdata.priority;
    Object.assign(record, attributes(entry));
    record.line = entry.line;
    if (ttl === undefined) this.waitingForTtl.push(record);
    this.records.push(record);
  }

  /** Says which $ORIGIN completed a relative name that ended up outside the zone. */
  private originNote(): [string, string] {
    if (this.originLine === undefined) return ['', ''];
    const origin = this.context.origin || '.';
    return [` (nama relatif dilengkapi dengan $ORIGIN ${origin} dari baris ${this.originLine})`, ` (relative names are completed with $ORIGIN ${origin} from line ${this.originLine})`];
  }
}

function ttlMessage(text: string): Message {
  return msg(
    `TTL \`${text}\` tidak sah. Tulis jumlah detik (misalnya 3600) atau dengan satuan s, m, h, d, w (misalnya 1h, 2d), paling besar 2147483647 detik.`,
    `TTL \`${text}\` is not valid. Write a number of seconds (such as 3600) or use the units s, m, h, d, w (such as 1h, 2d), at most 2147483647 seconds.`);
}

/**
 * Reads a BIND zone file for `zone` (the apex, such as `bekasikota.go.id`, which is the initial
 * `$ORIGIN`). `input` is the file's text, or its bytes (then checked to be UTF-8).
 */
export function parseZoneFile(path: string, input: string | Uint8Array, zone: string): ZoneFileResult {
  const apex = zone.toLowerCase().replace(/\.$/, '');
  const decoded = decode(path, input);
  if ('refused' in decoded) return { records: [], problems: [decoded.refused] };
  const { text } = decoded;
  // Each record starts on its own line: only a file of more lines than the limit needs counting first.
  if (lineCount(text) > ZONE_FILE_LIMITS.records) {
    const { tooManyAt } = lex(text, () => true);
    if (tooManyAt !== undefined) {
      return {
        records: [],
        problems: [problem(path, 'zone-file/too-large', msg(
          `Berkas zona memuat lebih dari 200.000 rekaman (batas terlampaui di baris ${tooManyAt}). Zona satu pemerintah daerah jauh lebih kecil: pastikan berkas yang diunggah adalah ekspor zona yang benar.`,
          `The zone file holds more than 200,000 records (the limit is passed on line ${tooManyAt}). One regional government's zone is far smaller: check that the file is the right zone export.`),
        { line: tooManyAt, column: 1 })],
      };
    }
  }
  const reader = new ZoneReader(path, apex);
  lex(text, reader.visit);
  return reader.finish();
}

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
