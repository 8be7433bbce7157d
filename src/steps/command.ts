import { msg, type Message } from '../model/problem.js';

/**
 * The command an official writes in a comment on a merged pull request to record an SOP step
 * taken after the merge: `/langkah <step> [catatan]` (or `/step <step> [note]`).
 *
 * The comment body is untrusted text. Only its first non-blank line can hold the command, so
 * a quote (`> /langkah …`), a code block, or a bot's reply that mentions the syntax later on
 * never counts. The step is a bare token of the characters step ids are made of: nothing else
 * from the body is ever echoed back.
 */
export type ParsedCommand =
  | { kind: 'none' }
  | { kind: 'command'; keyword: Keyword; step: string; note?: string }
  | { kind: 'invalid'; keyword: Keyword; reason: Message };

export type Keyword = 'langkah' | 'step';

/** GitHub caps a comment at 65,536 characters; anything longer did not come from GitHub. */
const MAX_BODY = 65_536;
const MAX_NOTE = 1_000;
const STEP_TOKEN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
// Control characters (C0 except tab/newline, DEL, C1), and invisible format characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

export const USAGE = msg(
  'Tulis `/langkah <id-langkah> [catatan]` di baris pertama komentar, misalnya `/langkah penyerahan`.',
  'Write `/step <step-id> [note]` on the first line of the comment, e.g. `/step penyerahan`.',
);

/** The first non-blank line of a comment, when it is one of the `/keyword` commands. */
export interface CommandLine<K extends string> {
  keyword: K;
  /** The rest of that line after the keyword, trimmed. */
  rest: string;
  /** The comment's lines after the command line. */
  following: string[];
}

/**
 * The command of an untrusted comment body, shared by every comment command (`/langkah`,
 * `/konfirmasi`): only the first non-blank line counts, indented by at most three spaces (four
 * make a Markdown code block), so a quote, a code block or a later mention never does. The
 * keyword is matched whole and in any letter case, and returned lowered.
 */
export function commandLine<K extends string>(body: string | null | undefined, keywords: readonly K[]): CommandLine<K> | undefined {
  if (typeof body !== 'string' || body.length === 0 || keywords.length === 0) return undefined;
  const text = body.slice(0, MAX_BODY).replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.replace(UNSAFE, '').trim() !== '');
  if (first < 0) return undefined;
  const pattern = new RegExp(`^ {0,3}\\/(${keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=\\s|$)(.*)$`, 'i');
  // A leading BOM or zero-width character does not hide a command, nor make one.
  const match = pattern.exec(lines[first]!.replace(/^[\ufeff\u200b]+/, ''));
  if (!match) return undefined;
  const keyword = match[1]!.toLowerCase() as K;
  return { keyword, rest: match[2]!.trim(), following: lines.slice(first + 1) };
}

/**
 * A note from a command's lines: control and invisible characters removed, blank lines
 * dropped, at most 1,000 characters; undefined when nothing is left.
 */
export function commandNote(lines: readonly string[]): string | undefined {
  const note = lines
    .map((line) => line.replace(UNSAFE, '').trim())
    .filter((line) => line !== '')
    .join('\n')
    .slice(0, MAX_NOTE)
    .trim();
  return note === '' ? undefined : note;
}

const KEYWORDS: readonly Keyword[] = ['langkah', 'step'];

export function parseCommand(body: string | null | undefined): ParsedCommand {
  const line = commandLine(body, KEYWORDS);
  if (!line) return { kind: 'none' };
  const { keyword, rest } = line;
  if (rest === '') {
    return { kind: 'invalid', keyword, reason: msg(`Id langkah belum ditulis. ${USAGE.id}`, `The step id is missing. ${USAGE.en}`) };
  }
  const [token = '', ...words] = rest.split(/\s+/);
  if (!STEP_TOKEN.test(token)) {
    return {
      kind: 'invalid',
      keyword,
      reason: msg(
        `Id langkah hanya boleh berisi huruf, angka, \`_\` dan \`-\`. ${USAGE.id}`,
        `A step id holds only letters, digits, \`_\` and \`-\`. ${USAGE.en}`,
      ),
    };
  }
  const note = commandNote([words.join(' '), ...line.following]);
  return { kind: 'command', keyword, step: token.toLowerCase(), ...(note !== undefined ? { note } : {}) };
}
