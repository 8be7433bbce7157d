import { msg, problem, type Problem } from '../model/problem.js';
import { loadYaml } from '../model/yaml-source.js';
import { ACTION_OPTIONS, FIELDS, type FormField } from './form.js';

/** Problems found in the issue itself carry this as their file. */
export const ISSUE_FILE = 'issue';
/** GitHub refuses issue bodies longer than this; anything longer did not come from GitHub. */
export const MAX_BODY_CHARS = 65_536;

export interface ParseOptions {
  /** The zones of the policy: a bare label (`sehat`) is placed in the only zone. */
  zones?: readonly string[];
}

export interface ParsedIssue {
  /** The request as the answers give it, not yet validated (undefined when the body is unusable). */
  request?: Record<string, unknown>;
  /** `requests/<fqdn>.yaml` is where the request goes. */
  fqdn?: string;
  /** The answers by field id, after trimming (for messages and tests). */
  answers: Record<string, string>;
  problems: Problem[];
}

const NO_RESPONSE = '_No response_';
// C0/C1 controls other than tab and newline, and the bidirectional overrides that make text
// read differently from how it is stored.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const HEADING = /^###[ \t]+(.+?)[ \t]*$/;

const labelOf = (field: FormField) => field.label;
const issueProblem = (rule: string, id: string, en: string) => problem(ISSUE_FILE, rule, msg(id, en));

/**
 * Reads the body GitHub renders from the issue form (`### <label>` then the answer) into a
 * request. Never throws: whatever the body holds, the result is a request or problems.
 * A body where any of the form's headings appears twice is refused: its answers cannot be
 * told apart from text typed to look like them.
 */
export function parseIssueForm(body: string, options: ParseOptions = {}): ParsedIssue {
  const answers: Record<string, string> = {};
  if (typeof body !== 'string') return { answers, problems: [issueProblem('intake/empty', 'Isi issue kosong.', 'The issue has no body.')] };
  if (body.length > MAX_BODY_CHARS) {
    return { answers, problems: [issueProblem('intake/too-large', `Isi issue lebih dari ${MAX_BODY_CHARS} karakter.`, `The issue body is longer than ${MAX_BODY_CHARS} characters.`)] };
  }
  const lines = body.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').split('\n');
  const byLabel = new Map(FIELDS.map((f) => [labelOf(f), f]));
  const headings: { line: number; field: FormField }[] = [];
  const seen = new Map<string, number>();
  lines.forEach((line, index) => {
    const match = HEADING.exec(line);
    const field = match ? byLabel.get(match[1]!) : undefined;
    if (!field) return;
    headings.push({ line: index, field });
    seen.set(field.id, (seen.get(field.id) ?? 0) + 1);
  });
  const repeated = FIELDS.filter((f) => (seen.get(f.id) ?? 0) > 1);
  if (repeated.length > 0) {
    const names = repeated.map((f) => `«${f.label}»`).join(', ');
    return {
      answers,
      problems: [issueProblem('intake/ambiguous-body',
        `Judul kolom ${names} muncul lebih dari sekali, sehingga jawaban tidak dapat dibaca dengan pasti. Jangan menulis baris yang diawali "### " dengan nama kolom formulir.`,
        `The heading ${names} appears more than once, so the answers cannot be read with certainty. Do not write lines starting with "### " and a form field's name.`)],
    };
  }
  for (const [i, heading] of headings.entries()) {
    const end = headings[i + 1]?.line ?? lines.length;
    const text = lines.slice(heading.line + 1, end).join('\n').trim();
    answers[heading.field.id] = text === NO_RESPONSE ? '' : text;
  }

  const problems: Problem[] = [];
  for (const field of FIELDS) {
    const value = answers[field.id];
    if (value === undefined || value === '') {
      if (field.required) {
        problems.push(issueProblem('intake/missing-field', `Kolom «${field.label}» wajib diisi.`, `The field «${field.label}» is required.`));
      }
      continue;
    }
    if (field.kind === 'input' && value.includes('\n')) {
      problems.push(issueProblem('intake/single-line', `Kolom «${field.label}» harus satu baris.`, `The field «${field.label}» must be a single line.`));
    }
    if (CONTROL.test(value)) {
      problems.push(issueProblem('intake/control-character',
        `Kolom «${field.label}» memuat karakter kendali atau pembalik arah teks yang tidak terlihat; ketik ulang isinya.`,
        `The field «${field.label}» holds invisible control or text-direction characters; type it again.`));
    }
  }
  if (problems.length > 0) return { answers, problems };

  const request: Record<string, unknown> = {};
  const action = parseAction(answers.action!);
  if (!action) {
    problems.push(issueProblem('intake/unknown-option',
      `Pilihan «Jenis permohonan / Request type» tidak dikenal; pilih create, update atau delete.`,
      `Unknown choice for «Jenis permohonan / Request type»; choose create, update or delete.`));
  } else {
    request.action = action;
  }
  const fqdn = targetName(answers.subdomain!, options.zones ?? [], problems);

  const set = (path: readonly string[], value: unknown) => {
    let node = request;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = value;
  };
  for (const field of FIELDS) {
    const value = answers[field.id];
    if (!field.path || value === undefined || value === '' || field.id === 'action') continue;
    if (field.id === 'records') {
      const records = parseRecords(value, problems);
      if (records !== undefined) set(field.path, records);
    } else if (field.id === 'hosting') {
      if (/^\s*[-*] \[[xX]\]/m.test(value)) set(field.path, true);
    } else {
      set(field.path, normalize(field.id, value));
    }
  }
  if (problems.length > 0) return { answers, problems };
  return { request, ...(fqdn ? { fqdn } : {}), answers, problems };
}

function parseAction(value: string): string | undefined {
  for (const [key, option] of Object.entries(ACTION_OPTIONS)) if (value === option) return key;
  const word = /^(create|update|delete)\b/i.exec(value)?.[1];
  return word?.toLowerCase();
}

/**
 * The full name the request is for. Only names that are safe as a file name get through
 * (no slashes, dots at the ends, `..`, spaces); whether they are valid DNS names is for the
 * name rules of `subdomain validate` to say, with their own rule ids.
 */
function targetName(raw: string, zones: readonly string[], problems: Problem[]): string | undefined {
  const name = raw.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/\.$/, '');
  const bad = (why: [string, string]) => {
    problems.push(issueProblem('intake/subdomain',
      `«Nama subdomain / Subdomain name» ${why[0]}. Tulis labelnya saja, contoh: sehat.`,
      `«Nama subdomain / Subdomain name» ${why[1]}. Write the label only, e.g. sehat.`));
    return undefined;
  };
  if (/[/\\]/.test(name) || name.includes('://')) return bad(['tidak boleh memuat / atau \\ (bukan alamat web)', 'must not contain / or \\ (it is not a web address)']);
  if (/\s/u.test(name)) return bad(['tidak boleh memuat spasi', 'must not contain spaces']);
  if (name.startsWith('.') || name.includes('..')) return bad(['tidak boleh diawali titik atau memuat dua titik berurutan', 'must not start with a dot or contain two dots in a row']);
  if (name.length > 253) return bad(['lebih dari 253 karakter', 'is longer than 253 characters']);
  const zone = zones.find((z) => name === z || name.endsWith(`.${z}`));
  if (zone === name) return bad([`harus berada di bawah zona ${zone}, bukan zona itu sendiri`, `must be below the zone ${zone}, not the zone itself`]);
  if (zone || zones.length === 0) return name;
  if (zones.length === 1) return `${name}.${zones[0]}`;
  problems.push(issueProblem('intake/zone',
    `Repositori ini mengelola beberapa zona (${zones.join(', ')}): tulis nama lengkap, contoh: sehat.${zones[0]}.`,
    `This repository governs several zones (${zones.join(', ')}): write the full name, e.g. sehat.${zones[0]}.`));
  return undefined;
}

function normalize(id: string, value: string): string {
  switch (id) {
    case 'signer_nip':
    case 'contact_nip': {
      // NIPs are often written in groups: "19900115 201503 1 002".
      const digits = value.replace(/[\s.-]/g, '');
      return /^[0-9]+$/.test(digits) ? digits : value;
    }
    case 'contact_phone': {
      const compact = value.replace(/[\s().-]/g, '');
      return /^\+?[0-9]+$/.test(compact) ? compact : value;
    }
    case 'letter_date':
      return isoDate(value);
    default:
      return value;
  }
}

/** `2026-11-18`, or the Indonesian way of writing it: `18-11-2026`, `18/11/2026`, `18.11.2026`. */
function isoDate(value: string): string {
  const local = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  if (!local) return value;
  const [, d, m, y] = local as unknown as [string, string, string, string];
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/**
 * The records answer: a YAML list as in a request file, inside the ```yaml fence GitHub puts
 * around it. Parsed as strictly as a request file (no tags, no aliases, no duplicate keys).
 */
function parseRecords(value: string, problems: Problem[]): unknown[] | undefined {
  let text = value;
  const fenced = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?\1[ \t]*$/.exec(text);
  if (fenced) text = fenced[2]!;
  if (text.trim() === '') return undefined;
  const wrapped = /^records[ \t]*:/m.test(text) ? text : `records:\n${text}`;
  const loaded = loadYaml(ISSUE_FILE, new TextEncoder().encode(wrapped));
  const label = '«Catatan DNS / DNS records»';
  if (!loaded.ok) {
    for (const p of loaded.problems) {
      // Lines of the answer, not of a file the applicant can see: left out.
      const { line: _line, column: _column, ...rest } = p;
      problems.push({ ...rest, message: msg(`${label}: ${p.message.id}`, `${label}: ${p.message.en}`) });
    }
    return undefined;
  }
  const root = loaded.source.value as Record<string, unknown>;
  const extra = Object.keys(root).filter((k) => k !== 'records');
  const records = root.records;
  if (extra.length > 0 || !Array.isArray(records)) {
    problems.push(issueProblem('intake/records',
      `${label} harus berupa daftar YAML seperti contoh di formulir: baris \`- type: A\` lalu \`  value: 103.147.8.45\`.`,
      `${label} must be a YAML list as in the form's example: a line \`- type: A\` then \`  value: 103.147.8.45\`.`));
    return undefined;
  }
  return records;
}
