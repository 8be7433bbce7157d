import { msg } from '../model/problem.js';
import { apiFailure, call, statusOf, type GitHub } from './client.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface IssueRead {
  number: number;
  title: string;
  body: string;
  /** The account that opened the issue, from the API: the applicant. */
  author: string;
  state: string;
  labels: string[];
  isPullRequest: boolean;
}

export interface PullSummary {
  number: number;
  url: string;
  state: string;
  merged: boolean;
  title: string;
  body: string;
}



export async function readIssue(gh: GitHub, repo: RepoRef, number: number): Promise<IssueRead> {
  const { data } = await call(msg(`Membaca issue #${number}`, `Reading issue #${number}`), () => gh.octokit.rest.issues.get({ ...repo, issue_number: number }));
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? '',
    author: data.user?.login ?? '',
    state: data.state,
    labels: data.labels.map((l) => (typeof l === 'string' ? l : l.name ?? '')),
    isPullRequest: data.pull_request !== undefined && data.pull_request !== null,
  };
}


export interface BranchHead {
  name: string;
  sha: string;
  treeSha: string;
}

/** The default branch and its head commit. */
export async function defaultBranchHead(gh: GitHub, repo: RepoRef): Promise<BranchHead> {
  const { octokit } = gh;
  return call(msg('Membaca cabang utama', 'Reading the default branch'), async () => {
    const name = (await octokit.rest.repos.get({ ...repo })).data.default_branch;
    const sha = (await octokit.rest.git.getRef({ ...repo, ref: `heads/${name}` })).data.object.sha;
    const treeSha = (await octokit.rest.git.getCommit({ ...repo, commit_sha: sha })).data.tree.sha;
    return { name, sha, treeSha };
  });
}

/** A file's text at a ref, or undefined when the ref or the file does not exist. */
export async function fileAt(gh: GitHub, repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await gh.octokit.rest.repos.getContent({ ...repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw apiFailure(error, msg(`Membaca ${path} pada ${ref}`, `Reading ${path} at ${ref}`));
  }
}

async function branchSha(gh: GitHub, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    return (await gh.octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw apiFailure(error, msg(`Membaca cabang ${branch}`, `Reading branch ${branch}`));
  }
}

/**
 * Makes `branch` hold exactly one commit on top of `base`: the base tree plus the request file.
 * An edit of the issue rewrites the branch the same way (force), so a renamed subdomain leaves
 * no stale file behind. Nothing is written when the branch already holds this file's text.
 */
export async function writeRequestBranch(
  gh: GitHub,
  repo: RepoRef,
  branch: string,
  base: BranchHead,
  file: { path: string; text: string },
  message: string,
): Promise<{ sha: string; result: 'created' | 'updated' | 'unchanged' }> {
  const { octokit } = gh;
  const existing = await branchSha(gh, repo, branch);
  if (existing && (await fileAt(gh, repo, file.path, existing)) === file.text) return { sha: existing, result: 'unchanged' };
  return call(msg(`Menulis cabang ${branch}`, `Writing branch ${branch}`), async () => {
    const tree = await octokit.rest.git.createTree({ ...repo, base_tree: base.treeSha, tree: [{ path: file.path, mode: '100644', type: 'blob', content: file.text }] });
    const commit = await octokit.rest.git.createCommit({ ...repo, message, tree: tree.data.sha, parents: [base.sha] });
    const sha = commit.data.sha;
    if (existing) {
      await octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: true });
      return { sha, result: 'updated' as const };
    }
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    return { sha, result: 'created' as const };
  });
}

/** The open pull request from `branch` in the same repository, if any. */
export async function openPullFrom(gh: GitHub, repo: RepoRef, branch: string): Promise<PullSummary | undefined> {
  const { octokit } = gh;
  const pulls = await call(msg(`Mencari pull request dari ${branch}`, `Looking for the pull request from ${branch}`), () =>
    octokit.paginate(octokit.rest.pulls.list, { ...repo, head: `${repo.owner}:${branch}`, state: 'open', per_page: 100 }),
  );
  const pull = pulls.find((p) => p.head.ref === branch && p.head.repo?.full_name === `${repo.owner}/${repo.repo}`);
  return pull ? { number: pull.number, url: pull.html_url, state: pull.state, merged: pull.merged_at !== null, title: pull.title, body: pull.body ?? '' } : undefined;
}

export async function createPull(gh: GitHub, repo: RepoRef, o: { branch: string; base: string; title: string; body: string }): Promise<PullSummary> {
  const { data } = await call(msg('Membuka pull request', 'Opening the pull request'), () =>
    gh.octokit.rest.pulls.create({ ...repo, head: o.branch, base: o.base, title: o.title, body: o.body }),
  );
  return { number: data.number, url: data.html_url, state: data.state, merged: data.merged, title: data.title, body: data.body ?? '' };
}

export async function updatePull(gh: GitHub, repo: RepoRef, number: number, o: { title: string; body: string }): Promise<void> {
  await call(msg(`Memperbarui pull request #${number}`, `Updating pull request #${number}`), () => gh.octokit.rest.pulls.update({ ...repo, pull_number: number, title: o.title, body: o.body }));
}

export interface ProposedFile {
  branch: string;
  path: string;
  text: string;
  commitMessage: string;
  title: string;
  body: string;
}

/**
 * One file proposed as one pull request to the default branch: the branch holds the default
 * branch's tree plus the file (`writeRequestBranch`), and one open pull request comes from it,
 * opened or brought up to date. A re-run finds both and writes nothing new.
 */
export async function proposeFile(gh: GitHub, repo: RepoRef, file: ProposedFile): Promise<{ pull: PullSummary; created: boolean; branch: 'created' | 'updated' | 'unchanged' }> {
  const head = await defaultBranchHead(gh, repo);
  const written = await writeRequestBranch(gh, repo, file.branch, head, { path: file.path, text: file.text }, file.commitMessage);
  let pull = await openPullFrom(gh, repo, file.branch);
  const created = !pull;
  if (!pull) pull = await createPull(gh, repo, { branch: file.branch, base: head.name, title: file.title, body: file.body });
  else if (pull.title !== file.title || pull.body !== file.body) await updatePull(gh, repo, pull.number, file);
  return { pull, created, branch: written.result };
}
