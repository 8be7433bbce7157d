import { git } from './tree.js';
import { msg, type Message } from '../model/problem.js';

/** Why a branch could not be prepared or committed, in the user's words. */
export interface BranchRefusal {
  message: Message;
}

/**
 * Before writing: the folder is a git work tree, the branch does not exist yet and the paths to
 * be written hold no uncommitted change (which the commit would otherwise sweep in).
 */
export function checkBranchable(root: string, branch: string, paths: readonly string[]): BranchRefusal | undefined {
  const run = (args: string[]) => {
    try {
      return { ok: true as const, out: git(root, args).toString('utf8') };
    } catch (error) {
      return { ok: false as const, detail: gitWords(error) };
    }
  };
  const inside = run(['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok || inside.out.trim() !== 'true') {
    return { message: msg('Folder ini bukan repositori git; `--branch` perlu repositori kantor.', "This folder is not a git repository; `--branch` needs the office's repository.") };
  }
  const valid = run(['check-ref-format', '--branch', branch]);
  if (!valid.ok) return { message: msg(`\`${branch}\` bukan nama cabang git yang sah.`, `\`${branch}\` is not a valid git branch name.`) };
  if (run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).ok) {
    return { message: msg(`Cabang \`${branch}\` sudah ada; pilih nama lain.`, `Branch \`${branch}\` already exists; choose another name.`) };
  }
  const status = run(['status', '--porcelain', '--untracked-files=all', '--', ...paths]);
  if (!status.ok) return { message: msg(`git status gagal: ${status.detail}`, `git status failed: ${status.detail}`) };
  if (status.out.trim() !== '') {
    return { message: msg(
      'Ada perubahan yang belum di-commit di .github/sop.yaml atau subdomains/; commit atau simpan dulu, lalu jalankan lagi.',
      'There are uncommitted changes in .github/sop.yaml or subdomains/; commit or stash them first, then run it again.') };
  }
  return undefined;
}

/** Switches to a new branch from HEAD: before anything is written. */
export function switchToNewBranch(root: string, branch: string): BranchRefusal | undefined {
  try {
    git(root, ['switch', '-q', '-c', branch]);
    return undefined;
  } catch (error) {
    return { message: msg(`Cabang \`${branch}\` tidak dapat dibuat: ${gitWords(error)}`, `Branch \`${branch}\` cannot be made: ${gitWords(error)}`) };
  }
}

/** Commits exactly `paths` (written already) on the current branch. */
export function commitPaths(root: string, paths: readonly string[], message: string): BranchRefusal | undefined {
  try {
    git(root, ['add', '--', ...paths]);
    git(root, ['commit', '-q', '-m', message, '--', ...paths]);
    return undefined;
  } catch (error) {
    return { message: msg(
      `Berkas sudah ditulis di cabang ini, tetapi commit gagal: ${gitWords(error)}. Periksa \`git status\`, lalu commit sendiri.`,
      `The files are written on this branch, but the commit failed: ${gitWords(error)}. Check \`git status\` and commit them yourself.`) };
  }
}

function gitWords(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr;
  const text = stderr ? stderr.toString().trim().split('\n').pop() ?? '' : '';
  return text || (error instanceof Error ? error.message.split('\n')[0]! : String(error));
}
