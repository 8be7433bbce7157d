import type { Message } from '../model/problem.js';
import { call, statusOf, type GitHub } from './client.js';

/** Who the bot is, as far as the run knows: the app its token belongs to (`SUBDOMAIN_CHECK_APP`), or nothing more. */
export interface BotIdentity {
  appSlug?: string;
}

/** A comment as GitHub lists it (issue comments, or the pull request timeline's `commented` events). */
export interface KnownComment {
  id: number;
  body?: string | null;
  user: { login: string; type?: string } | null;
  /** The slug of the GitHub App the comment was made through, when GitHub says. */
  app?: string;
}

/**
 * Is this comment the bot's own? Only a Bot account's comment can be: anyone can paste a marker
 * into a comment of their own, and a person's comment is never edited. When the run knows its
 * app, only that app's comments count (`<slug>[bot]`, or made through it); another bot's comment
 * holding the marker is left alone too.
 */
export function isBotsOwn(comment: KnownComment, self: BotIdentity = {}): boolean {
  if (comment.user?.type !== 'Bot') return false;
  if (self.appSlug === undefined) return true;
  const slug = self.appSlug.toLowerCase();
  return comment.user.login.toLowerCase() === `${slug}[bot]` || comment.app?.toLowerCase() === slug;
}

/** The bot's own comment carrying `marker` (the one upsertMarkedComment updates), if any. */
export function ownMarked(comments: readonly KnownComment[], marker: string, self: BotIdentity = {}): KnownComment | undefined {
  return comments.find((c) => isBotsOwn(c, self) && (c.body ?? '').includes(marker));
}

/** A comment as the issue-comments listing gives it: with its time. */
export interface ListedComment extends KnownComment {
  createdAt: string;
}

/**
 * Every comment of an issue or pull request, oldest first, all pages (100 a page), with their
 * time: the one listing of them (upsertMarkedComment, `subdomain step`). Octokit's errors pass
 * through: the caller wraps the listing in `call` with what it was reading.
 */
export async function listIssueComments(gh: GitHub, repo: { owner: string; repo: string }, issue: number): Promise<ListedComment[]> {
  const { octokit } = gh;
  return (await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 })).map((c) => ({
    id: c.id,
    body: c.body ?? null,
    user: c.user ? { login: c.user.login, type: c.user.type } : null,
    ...(c.performed_via_github_app?.slug ? { app: c.performed_via_github_app.slug } : {}),
    createdAt: c.created_at,
  }));
}

export interface UpsertOptions {
  self?: BotIdentity;
  /** The issue's comments, already read (the pull request timeline): no listing of its own. */
  known?: readonly KnownComment[];
}

/**
 * Keeps one comment of the bot's on an issue or pull request, found by its hidden marker: the
 * product's only sticky-comment updater. Only the bot's own comment is ever updated (isBotsOwn);
 * a person's comment holding the marker is left as its author wrote it, and the bot's is created
 * beside it. Same text: nothing is written.
 */
export async function upsertMarkedComment(
  gh: GitHub,
  repo: { owner: string; repo: string },
  issue: number,
  marker: string,
  body: string,
  what: Message,
  options: UpsertOptions = {},
): Promise<'created' | 'updated' | 'unchanged'> {
  const { octokit } = gh;
  return call(what, async () => {
    const comments: readonly KnownComment[] = options.known ?? (await listIssueComments(gh, repo, issue));
    const ours = ownMarked(comments, marker, options.self);
    if (ours && ours.body === body) return 'unchanged';
    if (ours) {
      try {
        await octokit.rest.issues.updateComment({ ...repo, comment_id: ours.id, body });
        return 'updated';
      } catch (error) {
        // Another bot's comment (403), or one deleted meanwhile (404): the bot writes its own.
        if (statusOf(error) !== 403 && statusOf(error) !== 404) throw error;
      }
    }
    await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body });
    return 'created';
  });
}
