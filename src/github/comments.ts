import type { Message } from '../model/problem.js';
import { apiFailure, type GitHub } from './client.js';

/**
 * Keeps one comment of ours on an issue or pull request, found by its hidden marker. Only a
 * comment a bot wrote is ever updated: anyone can paste the marker into a comment of their own,
 * and that comment is left as its author wrote it (ours is created beside it).
 */
export async function upsertMarkedComment(
  gh: GitHub,
  repo: { owner: string; repo: string },
  issue: number,
  marker: string,
  body: string,
  what: Message,
): Promise<'created' | 'updated' | 'unchanged'> {
  const { octokit } = gh;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
    const ours = comments.find((c) => c.user?.type === 'Bot' && c.body?.includes(marker));
    if (!ours) {
      await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body });
      return 'created';
    }
    if (ours.body === body) return 'unchanged';
    await octokit.rest.issues.updateComment({ ...repo, comment_id: ours.id, body });
    return 'updated';
  } catch (error) {
    throw apiFailure(error, what);
  }
}
