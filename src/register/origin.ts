import { REQUESTS_DIR } from '../model/domain.js';
import { git } from '../repo/tree.js';

/**
 * Which pull request brought each pending request. The applied commit's own changes belong to
 * the pull request the workflow names (`--pr`). A request still pending from an earlier merge
 * (its apply failed, or a newer run replaced its pending run) belongs to the pull request of
 * the commit that last changed it, read from GitHub's merge and squash commit subjects
 * ("Merge pull request #12 from …", "Title (#12)").
 */
export interface RequestOrigin {
  /** Request paths the applied commit changed against its first parent; undefined when it has none (all). */
  introduced?: ReadonlySet<string>;
  /** For the other requests: the pull request number found, if any. */
  earlier: Map<string, number | undefined>;
}

export function requestOrigins(root: string, commit: string, requests: readonly string[]): RequestOrigin {
  let parent: string | undefined;
  try {
    parent = git(root, ['rev-parse', '--verify', '--quiet', `${commit}^1`]).toString('utf8').trim();
  } catch {
    parent = undefined;
  }
  const earlier = new Map<string, number | undefined>();
  if (!parent) return { earlier };
  const changed = git(root, ['diff', '--name-only', '-z', '--no-renames', parent, commit, '--', `${REQUESTS_DIR}/`]).toString('utf8');
  const introduced = new Set(changed.split('\0').filter((p) => p !== ''));
  for (const path of requests) {
    if (introduced.has(path)) continue;
    const subject = git(root, ['log', '-1', '--format=%s', commit, '--', path]).toString('utf8').trim();
    earlier.set(path, pullRequestOfSubject(subject));
  }
  return { introduced, earlier };
}

export function pullRequestOfSubject(subject: string): number | undefined {
  const match = /^Merge pull request #([1-9][0-9]*) /.exec(subject) ?? /\(#([1-9][0-9]*)\)\s*$/.exec(subject);
  return match ? Number(match[1]) : undefined;
}
