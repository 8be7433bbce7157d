import { ApiFailure } from '../github/client.js';
import type { StepComment } from '../github/comment-commands.js';
import type { RepoRef } from '../github/intake.js';
import type { GitHubPort } from '../github/port.js';

/**
 * What the comment commands (`subdomain step`, `subdomain confirm`) share: reading the comment
 * that may hold a command, and answering it. Each command keeps its own parsing and decision.
 */

/** The comment read was not a command to act on. */
export type NotACommand =
  /** The comment is on another issue or pull request than the one named: a usage mistake. */
  | { kind: 'wrong-issue'; commentId: number; on: number }
  /** A bot's comment (never a command), or a comment with no command in it: never answered. */
  | { kind: 'ignored'; why: 'bot' | 'not-command'; author: string };

export type CommandRead<P> = NotACommand | { kind: 'command'; comment: StepComment; command: Exclude<P, { kind: 'none' }> };

/**
 * Reads comment `commentId`, checks it is on issue or pull request `number`, ignores a bot's
 * comment, and parses the rest with `parse` (`{ kind: 'none' }`: no command).
 */
export async function readCommand<P extends { kind: string }>(
  port: GitHubPort,
  repo: RepoRef,
  number: number,
  commentId: number,
  parse: (body: string) => P,
): Promise<CommandRead<P>> {
  const comment = await port.readComment(repo, commentId);
  if (comment.issue !== number) return { kind: 'wrong-issue', commentId: comment.id, on: comment.issue };
  if (comment.authorType === 'Bot') return { kind: 'ignored', why: 'bot', author: comment.author };
  const command = parse(comment.body);
  if (command.kind === 'none') return { kind: 'ignored', why: 'not-command', author: comment.author };
  return { kind: 'command', comment, command: command as Exclude<P, { kind: 'none' }> };
}

export interface Answer {
  /** The reply's text. */
  text: string;
  /** Write to the issue at all (not with `--no-reply` or `--dry-run`). */
  reply: boolean;
  /** A re-run found its own record: the first run answered, so no second reply. */
  rerun: boolean;
  /** Close the issue after the reply. */
  close?: boolean;
}

/** Posts the reply, then closes the issue when asked; the ApiFailure of either, else nothing. */
export async function answer(port: GitHubPort, repo: RepoRef, number: number, a: Answer): Promise<ApiFailure | undefined> {
  if (!a.reply) return undefined;
  try {
    if (!a.rerun) await port.postReply(repo, number, a.text);
    if (a.close) await port.closeIssue(repo, number);
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    return error;
  }
  return undefined;
}

/** `decide` run with a GitHub failure turned into a `failed` outcome. */
export async function orFailed<T>(decide: () => Promise<T>): Promise<T | { kind: 'failed'; failure: ApiFailure }> {
  try {
    return await decide();
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    return { kind: 'failed', failure: error };
  }
}
