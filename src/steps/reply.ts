import { formatDuration } from '../approvals/duration.js';
import { actingRoleLabel } from '../approvals/roles.js';
import type { Message } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { Approval, RequestHistoryEntry, Step } from '../schema/types.gen.js';
import { afterMergeSteps } from './check.js';
import { tableCell } from '../render/markdown.js';

/** Hidden marker of the replies `subdomain step` writes (a reply is never read as a command: it starts with it). */
export const STEP_REPLY_MARKER = '<!-- subdomain:after-merge-step -->';

/** How a reply answered its command, as its hidden second line says. */
export type AnswerKind = Reply['kind'];

const ANSWER_LINE = /^<!-- answers: ([1-9][0-9]{0,15}) (recorded|already|refused) -->$/;

/** The hidden second line of a reply: the comment it answers and how, read back by later runs (src/steps/pending.ts). */
export function answerLine(commentId: number, kind: AnswerKind): string {
  return `<!-- answers: ${commentId} ${kind} -->`;
}

/**
 * What a reply of `subdomain step` answered: the comment and how, from its hidden second line;
 * `legacy` for a reply written before replies named their comment; undefined for any other text.
 */
export function readAnswer(body: string): { commentId: number; kind: AnswerKind } | 'legacy' | undefined {
  if (!body.startsWith(STEP_REPLY_MARKER)) return undefined;
  const match = ANSWER_LINE.exec(body.replace(/\r\n?/g, '\n').split('\n')[1] ?? '');
  return match ? { commentId: Number(match[1]), kind: match[2] as AnswerKind } : 'legacy';
}

export type Reply =
  | { kind: 'recorded'; step: Step; approval: Approval; files: string[]; entry: RequestHistoryEntry }
  | { kind: 'already'; step: Step; approval: Approval; files: string[]; entry: RequestHistoryEntry }
  | { kind: 'refused'; reasons: Message[]; entry?: RequestHistoryEntry };

/**
 * The one comment `subdomain step` answers with, Indonesian then English. It holds only what
 * the policy (base branch), the register and GitHub logins say: no text of the official's
 * comment is repeated. `answers`: the comment it answers, named on a hidden second line, so a
 * later run catching up commands knows this one was answered (and how) and answers it never again.
 */
export function renderReply(policy: ResolvedPolicy, reply: Reply, answers?: number): string {
  const lines: string[] = [STEP_REPLY_MARKER, ...(answers !== undefined ? [answerLine(answers, reply.kind)] : [])];
  const roleTitle = (key: string | undefined) => (key === undefined ? '' : policy.roles[key]?.title ?? key);
  if (reply.kind === 'refused') {
    lines.push('⛔ **Langkah tidak dicatat / step not recorded**', '');
    for (const reason of reply.reasons) lines.push(`- ${reason.id}`, `  <br>_${reason.en}_`);
  } else {
    const { step, approval } = reply;
    const row = step.sop_row !== undefined ? `, baris SOP ${step.sop_row}` : '';
    const head = reply.kind === 'recorded' ? '✅ **Langkah dicatat / step recorded**' : 'ℹ️ **Langkah ini sudah dicatat dari komentar ini / this comment’s step is already recorded**';
    lines.push(head, '');
    lines.push(`**${step.title}** (\`${step.id}\`${row})`, '');
    lines.push(`- oleh / by: @${approval.by} — ${actingRoleLabel(roleTitle(approval.role), approval.acting)}`);
    lines.push(`- waktu / at: ${approval.at}`);
    if (approval.elapsed_s !== undefined) {
      const standard = approval.standard_s;
      const late = standard !== undefined && approval.elapsed_s > standard;
      const against = standard !== undefined ? ` (Mutu Baku ${formatDuration(standard, 'id')} / ${formatDuration(standard, 'en')})${late ? ' ⚠️ terlambat / late' : ''}` : '';
      lines.push(`- lama sejak langkah sebelumnya / since the previous step: ${formatDuration(approval.elapsed_s, 'id')} / ${formatDuration(approval.elapsed_s, 'en')}${against}`);
    }
    lines.push(`- dicatat di / recorded in: ${reply.files.map((f) => `\`${f}\``).join(', ')}`);
  }
  const steps = afterMergeSteps(policy);
  if (steps.length > 0) {
    lines.push('', '| langkah / step | peran / role | dicatat / recorded |', '|---|---|---|');
    const recorded = reply.entry?.approvals ?? [];
    for (const step of steps) {
      const done = recorded.find((a) => a.step === step.id);
      const who = done ? `@${done.by}, ${done.at}` : reply.entry ? 'belum / not yet' : '';
      lines.push(`| \`${step.id}\` ${tableCell(step.title)} | ${tableCell(step.roles.map(roleTitle).join(' / '))} | ${who} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

