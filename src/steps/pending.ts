import type { ListedComment, StepComment } from '../github/comment-commands.js';
import { parseCommand, type ParsedCommand } from './command.js';
import { readAnswer, type AnswerKind } from './reply.js';

/**
 * The `/langkah` commands one run of `subdomain step` handles. GitHub keeps one running and one
 * waiting run per concurrency group, and a newer waiting run replaces (cancels) the older: when
 * officials comment close together, a command's own run may never happen. So every run handles
 * the commands written before its own comment too, and the bot's replies say which are answered:
 * each reply names the comment it answers and how (reply.ts, `answerLine`). Pure.
 */

export type Command = Exclude<ParsedCommand, { kind: 'none' }>;

/**
 * How the bot already answered a command: its reply's kind, or `answered` for a command written
 * before a reply of an earlier version (which named no comment): answered then, or never to be.
 */
export type Prior = AnswerKind | 'answered';

export interface PendingCommand {
  comment: StepComment;
  command: Command;
  /** The bot's earlier answer to this command; undefined when none answered it yet. */
  prior?: Prior;
}

/**
 * The commands a run for comment `own` handles, in comment order: each command of a person (never
 * a bot's comment) written before `own` on the pull request, then `own` itself, each with the
 * bot's earlier answer to it (only the bot's own replies count: `ListedComment.own`). Commands
 * written after `own` are left to their own run, which catches up in the same way. Whether the
 * author holds an SOP role is for the caller to check (that needs GitHub).
 */
export function pendingCommands(conversation: readonly ListedComment[], own: { comment: StepComment; command: Command }): PendingCommand[] {
  const ordered = [...conversation].sort(byTime);
  const answers = new Map<number, AnswerKind>();
  let legacy: ListedComment | undefined;
  for (const comment of ordered) {
    if (!comment.own) continue;
    const answer = readAnswer(comment.body);
    if (answer === 'legacy') legacy = comment;
    else if (answer && !answers.has(answer.commentId)) answers.set(answer.commentId, answer.kind);
  }
  const withPrior = (comment: StepComment, command: Command): PendingCommand => {
    const prior: Prior | undefined = answers.get(comment.id) ?? (legacy && byTime(comment, legacy) < 0 ? 'answered' : undefined);
    return { comment, command, ...(prior ? { prior } : {}) };
  };
  const pending: PendingCommand[] = [];
  for (const comment of ordered) {
    if (comment.id === own.comment.id || comment.authorType === 'Bot' || byTime(comment, own.comment) >= 0) continue;
    const command = parseCommand(comment.body);
    if (command.kind !== 'none') pending.push(withPrior(comment, command));
  }
  pending.push(withPrior(own.comment, own.command));
  return pending;
}

/** Comment order: by time, then by id (GitHub's ids grow). */
function byTime(a: Pick<StepComment, 'createdAt' | 'id'>, b: Pick<StepComment, 'createdAt' | 'id'>): number {
  const at = (c: Pick<StepComment, 'createdAt'>) => {
    const t = Date.parse(c.createdAt);
    return Number.isNaN(t) ? 0 : t;
  };
  return at(a) - at(b) || a.id - b.id;
}
