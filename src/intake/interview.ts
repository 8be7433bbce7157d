import { ACTIONS, answerFlaw, normaliseAnswer, requestFromAnswers, STAND_IN_RECORDS, standInAnswers, subdomainAnswer } from './answers.js';
import { checkAnswers, checkIntake } from './check.js';
import { fieldById } from './form.js';
import { parseRecordLine, recordLine } from './record-line.js';
import { describeProblems, type FieldProblem } from './render.js';
import { recordAtLine } from './request-file.js';
import { msg, type Message } from '../model/problem.js';
import { requestPath } from '../model/domain.js';
import { renderRequest } from '../model/request-yaml.js';
import { omitsContactPhone, type ResolvedPolicy } from '../policy/policy.js';
import type { Tree } from '../repo/tree.js';
import type { DnsRecord, SubdomainRequest } from '../schema/types.gen.js';

/**
 * The questions of `subdomain new`, asked one by one on a terminal: every answer goes through the
 * normaliser the issue form uses and is checked as it is typed, with the rules of `validate`
 * (the file is checked with stand-ins for what is not asked yet); after the last question the
 * whole file is checked and only the fields at fault are asked again. The same answers given as
 * flags are checked all at once. The command (src/cli/new.ts) writes the file and sends it on.
 */

/** What the questions are asked on. */
export interface Terminal {
  ask?: (question: string) => Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** One question: the form field it fills, the flag that fills it in a script, what is asked. */
export interface Question {
  id: string;
  flag: string;
  ask: (policy: ResolvedPolicy) => string;
  optional?: boolean;
  /** Asked for create and update only. */
  notForDelete?: boolean;
}

export const QUESTIONS: readonly Question[] = [
  { id: 'action', flag: 'action', ask: () => 'Jenis permohonan / action (create, update, delete)' },
  { id: 'opd', flag: 'opd', ask: () => 'OPD pemohon / requesting OPD (kunci/key)' },
  {
    id: 'subdomain', flag: 'name', ask: (p) => p.zones.length > 1
      ? `Nama subdomain / subdomain name (sehat → sehat.${p.zones[0]!.name}; zona lain/other zones: ${p.zones.slice(1).map((z) => `sehat.${z.name}`).join(', ')})`
      : `Nama subdomain / subdomain name (contoh/e.g. sehat → sehat.${p.zones[0]!.name})`,
  },
  { id: 'purpose', flag: 'purpose', ask: () => 'Tujuan / purpose (aplikasi apa, untuk siapa / which application, for whom)' },
  { id: 'letter_number', flag: 'letter-number', ask: () => 'Nomor surat permohonan / letter number' },
  { id: 'letter_date', flag: 'letter-date', ask: () => 'Tanggal surat / letter date (18-11-2026)' },
  { id: 'signer_name', flag: 'signer-name', ask: () => 'Nama penanda tangan / signer name' },
  { id: 'signer_nip', flag: 'signer-nip', ask: () => 'NIP penanda tangan / signer NIP (18 digit)' },
  { id: 'signer_position', flag: 'signer-position', ask: () => 'Jabatan penanda tangan / signer position' },
  { id: 'letter_via', flag: 'via', optional: true, ask: () => 'Surat diterima kantor melalui / letter received through (srikandi, mipp, kertas/paper, email); kosongkan bila OPD sendiri yang mengajukan / empty when the agency itself applies' },
  { id: 'reference', flag: 'reference', optional: true, ask: () => 'Nomor e-office (Srikandi) atau nomor agenda surat masuk, kosongkan bila tidak ada / e-office or agenda number, empty if none' },
  { id: 'attachment', flag: 'attachment', optional: true, ask: () => 'Tautan surat bertanda tangan (PDF), kosongkan bila tidak ada / link to the signed letter, empty if none' },
  { id: 'contact_name', flag: 'contact-name', notForDelete: true, ask: () => 'Nama penanggung jawab teknis / technical contact name' },
  { id: 'contact_nip', flag: 'contact-nip', notForDelete: true, ask: () => 'NIP penanggung jawab / contact NIP (18 digit)' },
  { id: 'contact_email', flag: 'contact-email', notForDelete: true, ask: () => 'E-mail' },
  { id: 'contact_phone', flag: 'contact-phone', notForDelete: true, ask: () => 'Telepon / phone (08… / +62…)' },
];

/** The questions this office asks: no phone when the policy omits phones. */
export function questionsFor(policy: Pick<ResolvedPolicy, 'privacy'>): readonly Question[] {
  return omitsContactPhone(policy) ? QUESTIONS.filter((q) => q.id !== 'contact_phone') : QUESTIONS;
}

/** The answers so far: text answers by form field id, and the records or hosting. */
export interface Draft {
  answers: Record<string, string>;
  records: DnsRecord[];
  /** undefined until asked. */
  hosting?: boolean;
}

export interface Session {
  /** Where questions are asked and answered (a terminal, or a test's script of answers). */
  io: Terminal;
  policy: ResolvedPolicy;
  tree: Tree;
  today: string;
  zones: string[];
}

// ---- questions --------------------------------------------------------------------------

export async function interview(s: Session): Promise<Draft> {
  const { io, policy } = s;
  io.stdout('Permohonan subdomain baru / new subdomain request (Ctrl+C: batal / cancel)\n');
  const draft: Draft = { answers: {}, records: [] };
  for (const question of questionsFor(policy)) {
    if (question.notForDelete && draft.answers.action === 'delete') continue;
    if (question.id === 'opd') io.stdout(Object.entries(policy.opds).map(([key, opd]) => `  ${key}: ${opd?.name ?? key}`).join('\n') + '\n');
    await askAnswer(s, draft, question);
  }
  if (draft.answers.action !== 'delete') await askRecordsOrHosting(s, draft);
  return draft;
}

/** Asks one question until the answer passes what can be checked now; the answer goes into the draft. */
async function askAnswer(s: Session, draft: Draft, question: Question): Promise<void> {
  const before = draft.answers[question.id];
  for (;;) {
    const shown = before ? ` [${before}]` : '';
    const typed = (await s.io.ask!(`${question.ask(s.policy)}${shown}: `)).trim();
    const raw = typed === '' && before ? before : typed;
    if (raw === '' && !question.optional) {
      say(s.io, msg('Wajib diisi.', 'Required.'));
      continue;
    }
    const value = normaliseAnswer(question.id, raw);
    const flaw = choiceFlaw(s, question.id, value) ?? answerFlaw(question.id, value)?.message;
    if (flaw) {
      say(s.io, flaw);
      continue;
    }
    draft.answers[question.id] = value;
    const problems = answerProblems(s, draft, (p) => p.field?.id === question.id);
    if (refuse(s.io, problems)) {
      if (before === undefined) delete draft.answers[question.id];
      else draft.answers[question.id] = before;
      continue;
    }
    return;
  }
}

/** What the answer to a choice must be, before any file exists. */
function choiceFlaw(s: Session, id: string, value: string): Message | undefined {
  if (id === 'action' && !ACTIONS.includes(value as (typeof ACTIONS)[number])) return msg('Pilih salah satu: create, update, delete.', 'Choose one: create, update, delete.');
  if (id === 'opd' && !Object.hasOwn(s.policy.opds, value)) {
    const keys = Object.keys(s.policy.opds).join(', ');
    return msg(`OPD \`${value}\` tidak ada di kebijakan; pilih salah satu: ${keys}.`, `OPD \`${value}\` is not in the policy; choose one of: ${keys}.`);
  }
  if (id === 'subdomain') {
    const name = subdomainAnswer(value, s.zones);
    if (!name.ok) return name.flaw.message;
  }
  return undefined;
}

async function askRecordsOrHosting(s: Session, draft: Draft): Promise<void> {
  const { io, policy } = s;
  draft.records = [];
  draft.hosting = policy.hosting ? await yesNo(io, 'Minta hosting di pusat data? / ask for hosting? (y/n)') : false;
  if (draft.hosting) return;
  io.stdout([
    'Catatan DNS, satu per baris, kosong untuk selesai / DNS records, one per line, empty to finish.',
    '  contoh/e.g.: A 103.28.12.4 | CNAME layanan.pages.dev | MX 10 mail.contoh.go.id | _dmarc TXT v=DMARC1; p=none',
    '',
  ].join('\n'));
  for (;;) {
    const index = draft.records.length;
    const line = (await io.ask!(`  catatan/record ${index + 1}: `)).trim();
    if (line === '') {
      if (draft.records.length > 0) return;
      say(io, msg('Minimal satu catatan.', 'At least one record.'));
      continue;
    }
    await tryRecord(s, draft, index, line, 'add');
  }
}

/**
 * Puts a typed record at `index` (added, or in place of the one there) when its line reads and
 * the record rules accept it beside the others; says why not otherwise. A name server's glue may
 * follow its NS record, so a missing glue waits for the final check.
 */
async function tryRecord(s: Session, draft: Draft, index: number, line: string, mode: 'add' | 'replace'): Promise<boolean> {
  const parsed = parseRecordLine(line);
  if (!parsed.ok) {
    say(s.io, parsed.message);
    return false;
  }
  const about = (p: FieldProblem, at: number | undefined) => p.field?.id === 'records' && p.rule !== 'record/ns-glue' && (mode === 'add' || at === index);
  const key = (p: FieldProblem) => `${p.rule}\0${p.message.en}`;
  // Adding: what the other records already had is not the new line's fault.
  const earlier = new Set(mode === 'add' ? answerProblems(s, draft, about).map(key) : []);
  const before = [...draft.records];
  draft.records.splice(index, mode === 'add' ? 0 : 1, parsed.record);
  const problems = answerProblems(s, draft, about).filter((p) => !earlier.has(key(p)));
  if (refuse(s.io, problems)) {
    draft.records = before;
    return false;
  }
  return true;
}

/**
 * The final check over the whole file. When it fails, the answers stay and only the fields at
 * fault are asked again, until the file passes; false when a problem belongs to no question.
 */
export async function settle(s: Session, draft: Draft): Promise<boolean> {
  for (;;) {
    const { problems, recordOf } = fileProblems(s, draft);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length === 0) {
      if (problems.length > 0) s.io.stdout(describeProblems(problems));
      return true;
    }
    s.io.stdout(`\nPemeriksaan akhir / final check:\n${describeProblems(errors)}`);
    const unanswerable = errors.filter((p) => !p.field);
    if (unanswerable.length > 0) {
      s.io.stderr(`Berkas tidak ditulis / file not written: ${requestPath(fqdnOf(s, draft) ?? '?')}\n`);
      return false;
    }
    s.io.stdout('Jawaban lain tetap; hanya isian ini ditanyakan lagi / the other answers are kept; only these are asked again.\n');
    const fields = new Set(errors.map((p) => p.field!.id));
    for (const question of questionsFor(s.policy)) if (fields.has(question.id)) await askAnswer(s, draft, question);
    if (fields.has('hosting') || (fields.has('records') && draft.hosting)) {
      await askRecordsOrHosting(s, draft);
    } else if (fields.has('records')) {
      const indexes = [...new Set(errors.filter((p) => p.field!.id === 'records').map(recordOf))];
      if (indexes.includes(undefined)) await askRecordsOrHosting(s, draft);
      else {
        for (const index of (indexes as number[]).sort((a, b) => b - a)) await askRecordAgain(s, draft, index);
        await askMoreRecords(s, draft);
      }
    }
  }
}

/** A record the final check refused, asked again: Enter keeps it, `hapus` removes it. */
async function askRecordAgain(s: Session, draft: Draft, index: number): Promise<void> {
  const old = recordLine(draft.records[index]!);
  for (;;) {
    const line = (await s.io.ask!(`  catatan/record ${index + 1} [${old}] (Enter: tetap / keep; hapus: buang / remove): `)).trim();
    if (line === '') return;
    if (/^(hapus|remove|-)$/i.test(line)) {
      if (draft.records.length > 1) {
        draft.records.splice(index, 1);
        return;
      }
      say(s.io, msg('Minimal satu catatan.', 'At least one record.'));
      continue;
    }
    if (await tryRecord(s, draft, index, line, 'replace')) return;
  }
}

/** After records were asked again: room for those the check asked for (a name server's glue). */
async function askMoreRecords(s: Session, draft: Draft): Promise<void> {
  for (;;) {
    const index = draft.records.length;
    const line = (await s.io.ask!(`  catatan/record ${index + 1} (tambahan, kosong: selesai / extra, empty: done): `)).trim();
    if (line === '') return;
    await tryRecord(s, draft, index, line, 'add');
  }
}

export async function yesNo(io: Terminal, question: string): Promise<boolean> {
  for (;;) {
    const answer = (await io.ask!(`${question}: `)).trim().toLowerCase();
    if (['y', 'ya', 'yes'].includes(answer)) return true;
    if (['n', 't', 'tidak', 'no'].includes(answer)) return false;
    say(io, msg('Jawab y (ya) atau n (tidak).', 'Answer y (yes) or n (no).'));
  }
}

function say(io: Terminal, message: Message): void {
  io.stdout(`  ✖ ${message.id}\n    ${message.en}\n`);
}

/** Shows the problems; true when one of them is an error (the answer is refused). */
function refuse(io: Terminal, problems: readonly FieldProblem[]): boolean {
  for (const p of problems) {
    io.stdout(`  ${p.severity === 'error' ? '✖' : '⚠'} ${p.message.id}\n    ${p.message.en}\n`);
  }
  return problems.some((p) => p.severity === 'error');
}

// ---- the file and its checks ----------------------------------------------------------

export function fqdnOf(s: Session, draft: Draft): string | undefined {
  if (draft.answers.subdomain === undefined) return undefined;
  const name = subdomainAnswer(draft.answers.subdomain, s.zones);
  return name.ok ? name.fqdn : undefined;
}

export function textOf(draft: Draft): string {
  return renderRequest(requestFromAnswers(draft.answers, draft.records, draft.hosting === true) as unknown as SubdomainRequest);
}

/** The rules' problems of the whole file, each with the question it belongs to (and the record). */
function fileProblems(s: Session, draft: Draft): { problems: FieldProblem[]; recordOf: (p: FieldProblem) => number | undefined } {
  const fqdn = fqdnOf(s, draft);
  if (!fqdn) return { problems: [], recordOf: () => undefined };
  const text = textOf(draft);
  const check = checkIntake(s.tree, fqdn, text, s.today);
  const atLine = recordAtLine(text);
  const problems = check.problems.filter(notReplaced).map((p) => {
    // What a request may do to the register is a question of the name (asked after the action).
    if (p.rule.startsWith('owner/') && p.rule !== 'owner/unknown-opd' && p.rule !== 'owner/not-owner') return { ...p, field: fieldById('subdomain') };
    if (p.rule === 'record/records-or-hosting') return { ...p, field: fieldById(draft.hosting ? 'hosting' : 'records') };
    return p;
  });
  return { problems, recordOf: (p) => (p.line !== undefined && p.field?.id === 'records' ? atLine(p.line) : undefined) };
}

/**
 * "In flight" means a request file for the name is in this folder's requests/: here that is the
 * file `new` is about to replace (asked first, or --force), often the person's own earlier run.
 * The pull request's check still refuses a second request for a name whose first is not applied.
 */
function notReplaced(p: FieldProblem): boolean {
  return p.rule !== 'owner/in-flight';
}

/**
 * The rules' problems for the answer just given: the file is checked with every question not
 * yet answered holding a value known to pass, so only what the answers so far break is found.
 * Before the name is known there is no file to check.
 */
function answerProblems(s: Session, draft: Draft, about: (p: FieldProblem, record: number | undefined) => boolean): FieldProblem[] {
  if (!fqdnOf(s, draft) || draft.answers.action === undefined || draft.answers.opd === undefined) return [];
  const omitPhone = omitsContactPhone(s.policy);
  const standIns = Object.fromEntries(Object.entries(standInAnswers(s.today)).filter(([id]) => !(draft.answers.action === 'delete' && id.startsWith('contact_')) && !(omitPhone && id === 'contact_phone')));
  const filled: Draft = { answers: { ...standIns, ...draft.answers }, records: draft.records, hosting: draft.hosting };
  if (draft.hosting === undefined && draft.records.length === 0 && draft.answers.action !== 'delete') filled.records = [...STAND_IN_RECORDS];
  const { problems, recordOf } = fileProblems(s, filled);
  return problems.filter((p) => about(p, recordOf(p)));
}

// ---- flags ---------------------------------------------------------------------------------

/** The flags of a script, by name (`--signer-nip` is `signer-nip`). */
export type Flags = { readonly [flag: string]: string | boolean | readonly string[] | undefined; record?: readonly string[]; hosting?: boolean };

export function draftOfFlags(values: Flags): Draft {
  const answers: Record<string, string> = {};
  for (const q of QUESTIONS) {
    const value = values[q.flag];
    if (typeof value === 'string') answers[q.id] = normaliseAnswer(q.id, value);
  }
  const records = (values.record ?? []).map(parseRecordLine).flatMap((r) => (r.ok ? [r.record] : []));
  return { answers, records, hosting: values.hosting === true };
}

export function requiredFlags(draft: Draft, policy: Pick<ResolvedPolicy, 'privacy'>): Question[] {
  return questionsFor(policy).filter((q) => !q.optional && !(q.notForDelete && draft.answers.action === 'delete'));
}

/** Every problem of the flags at once: the answers' own, each record line's, then the rules'. */
export function flagProblems(s: Session, lines: readonly string[], draft: Draft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const faulted = new Set<string>();
  const fault = (id: string, rule: string, message: Message) => {
    problems.push({ file: 'new', rule, severity: 'error', message, field: fieldById(id) });
    faulted.add(id);
  };
  const name = subdomainAnswer(draft.answers.subdomain ?? '', s.zones);
  if (!name.ok) fault('subdomain', name.flaw.rule, name.flaw.message);
  for (const [id, value] of Object.entries(draft.answers)) {
    const flaw = answerFlaw(id, value);
    if (flaw) fault(id, flaw.rule, flaw.message);
  }
  for (const line of lines) {
    const parsed = parseRecordLine(line);
    if (!parsed.ok) fault('records', 'intake/records', msg(`--record "${line}": ${parsed.message.id}`, `--record "${line}": ${parsed.message.en}`));
  }
  const given = { answers: draft.answers, records: draft.records, hosting: draft.hosting === true, ...(name.ok ? { fqdn: name.fqdn } : {}), problems, faulted };
  return checkAnswers(s.tree, given, (r) => renderRequest(r as unknown as SubdomainRequest), s.today).problems.filter(notReplaced);
}
