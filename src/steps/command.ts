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
/** Up to three spaces of indentation (four make a Markdown code block). */
const COMMAND = /^ {0,3}\/(langkah|step)(?=\s|$)(.*)$/i;
const STEP_TOKEN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
// Control characters (C0 except tab/newline, DEL, C1), and invisible format characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

export const USAGE = msg(
  'Tulis `/langkah <id-langkah> [catatan]` di baris pertama komentar, misalnya `/langkah penyerahan`.',
  'Write `/step <step-id> [note]` on the first line of the comment, e.g. `/step penyerahan`.',
);

export function parseCommand(body: string | null | undefined): ParsedCommand {
  if (typeof body !== 'string' || body.length === 0) return { kind: 'none' };
  const text = body.slice(0, MAX_BODY).replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.replace(UNSAFE, '').trim() !== '');
  if (first < 0) return { kind: 'none' };
  // A leading BOM or zero-width character does not hide a command, nor make one.
  const match = COMMAND.exec(lines[first]!.replace(/^[\ufeff\u200b]+/, ''));
  if (!match) return { kind: 'none' };
  const keyword = match[1]!.toLowerCase() as Keyword;
  const rest = match[2]!.trim();
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
  const note = [words.join(' '), ...lines.slice(first + 1)]
    .map((line) => line.replace(UNSAFE, '').trim())
    .filter((line) => line !== '')
    .join('\n')
    .slice(0, MAX_NOTE);
  return { kind: 'command', keyword, step: token.toLowerCase(), ...(note !== '' ? { note } : {}) };
}
