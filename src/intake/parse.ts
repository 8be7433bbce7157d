import { msg, problem } from '../model/problem.js';
import type { DnsRecord } from '../schema/types.gen.js';
import { ACTIONS, answerFlaw, normaliseAnswer, requestFromAnswers, subdomainAnswer, type Action } from './answers.js';
import { FIELDS, fieldById, type FormField } from './form.js';
import { parseRecordLines } from './record-line.js';
import type { FieldProblem } from './render.js';

/** Problems found in the issue itself carry this as their file. */
export const ISSUE_FILE = 'issue';
/** GitHub refuses issue bodies longer than this; anything longer did not come from GitHub. */
export const MAX_BODY_CHARS = 65_536;
/** Unreadable record lines listed one by one; a paste of a whole zone file needs no more. */
const MAX_RECORD_FAULTS = 20;

export interface ParseOptions {
  /** The zones of the policy: a bare label (`sehat`) is placed in the first. */
  zones?: readonly string[];
  /** The policy keeps no contact phone numbers (`privacy.contact_phone: omit`): a phone answer is dropped, never asked for. */
  omitContactPhone?: boolean;
}

export interface ParsedIssue {
  /**
   * The request as the answers give it, not yet validated, with every answer found at fault
   * left out (undefined when the body is unusable). It is there even when `problems` is not
   * empty, so the rules can report the other answers' problems at the same time; such a
   * request is never written.
   */
  request?: Record<string, unknown>;
  /** `requests/<fqdn>.yaml` is where the request goes. */
  fqdn?: string;
  /** The answers by field id, after trimming (for messages and tests). */
  answers: Record<string, string>;
  /** Problems of the answers themselves, each with the field it is about when there is one. */
  problems: FieldProblem[];
  /** Ids of the fields the problems are about, left out of `request`. */
  faulted?: ReadonlySet<string>;
  /** The records of the lines that could be read (`request` holds them only when every line could). */
  records?: DnsRecord[];
  /** The hosting box is ticked. */
  hosting?: boolean;
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
 * request, every answer through the normaliser `subdomain new` uses (src/intake/answers.ts)
 * and the records through its one-line syntax. Never throws: whatever the body holds, the
 * result is a request or problems, every problem of the answers at once.
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
  if (options.omitContactPhone) delete answers.contact_phone;

  const problems: FieldProblem[] = [];
  /** Fields whose answer the request leaves out: the problem found here speaks for them. */
  const faulted = new Set<string>();
  const fault = (field: FormField, rule: string, id: string, en: string) => {
    problems.push({ ...issueProblem(rule, id, en), field });
    faulted.add(field.id);
  };
  const action = normaliseAnswer('action', answers.action ?? '');
  for (const field of FIELDS) {
    const value = answers[field.id];
    if (value === undefined || value === '') {
      // The form cannot mark the contact required only for create and update: said here, with the others.
      const needed = field.required || (field.path?.[0] === 'contact' && (action === 'create' || action === 'update') && !(field.id === 'contact_phone' && options.omitContactPhone));
      if (needed) {
        fault(field, 'intake/missing-field', `Kolom «${field.label}» wajib diisi${field.required ? '' : ' untuk create dan update'}.`, `The field «${field.label}» is required${field.required ? '' : ' for create and update'}.`);
      }
      continue;
    }
    if (field.kind === 'input' && value.includes('\n')) {
      fault(field, 'intake/single-line', `Kolom «${field.label}» harus satu baris.`, `The field «${field.label}» must be a single line.`);
    }
    if (CONTROL.test(value)) {
      fault(field, 'intake/control-character',
        `Kolom «${field.label}» memuat karakter kendali atau pembalik arah teks yang tidak terlihat; ketik ulang isinya.`,
        `The field «${field.label}» holds invisible control or text-direction characters; type it again.`);
    }
  }

  if (!faulted.has('action') && !ACTIONS.includes(action as Action)) {
    fault(fieldById('action'), 'intake/unknown-option',
      `Pilihan «Jenis permohonan / Request type» tidak dikenal; pilih create, update atau delete.`,
      `Unknown choice for «Jenis permohonan / Request type»; choose create, update or delete.`);
  }
  let fqdn: string | undefined;
  if (!faulted.has('subdomain')) {
    const name = subdomainAnswer(answers.subdomain!, options.zones ?? []);
    if (name.ok) fqdn = name.fqdn;
    else fault(fieldById('subdomain'), name.flaw.rule, name.flaw.message.id, name.flaw.message.en);
  }
  for (const field of FIELDS) {
    const value = answers[field.id];
    if (!value || faulted.has(field.id)) continue;
    const flaw = answerFlaw(field.id, normaliseAnswer(field.id, value));
    if (flaw) fault(field, flaw.rule, flaw.message.id, flaw.message.en);
  }
  let records: DnsRecord[] | undefined;
  if (answers.records && !faulted.has('records')) {
    const read = parseRecordLines(answers.records);
    const label = fieldById('records').label;
    for (const f of read.faults.slice(0, MAX_RECORD_FAULTS)) {
      fault(fieldById('records'), 'intake/records', `«${label}» baris ${f.line} (\`${f.text}\`): ${f.message.id}`, `«${label}» line ${f.line} (\`${f.text}\`): ${f.message.en}`);
    }
    records = read.records;
  }
  const hosting = !faulted.has('hosting') && /^\s*[-*] \[[xX]\]/m.test(answers.hosting ?? '');
  const kept = Object.fromEntries(Object.entries(answers).filter(([id]) => !faulted.has(id)));
  const request = requestFromAnswers(kept, faulted.has('records') ? undefined : records, hosting);
  return { request, ...(fqdn ? { fqdn } : {}), answers, ...(records ? { records } : {}), hosting, problems, faulted };
}
