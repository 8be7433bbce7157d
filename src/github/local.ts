import { spawnSync } from 'node:child_process';
import type { RepoRef } from './intake.js';

/**
 * What this computer already knows about GitHub, for a command run by a person rather than a
 * workflow: the token they hold and the repository the folder came from. Each lookup runs a
 * program directly (no shell) and gives up quietly when it is missing or says nothing.
 */

/** `owner/name`, as `--repo` takes it. */
export function parseRepoRef(text: string): RepoRef | undefined {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(text.trim());
  if (!match || match[2] === '.' || match[2] === '..') return undefined;
  return { owner: match[1]!, repo: match[2]!.replace(/\.git$/, '') };
}

/** The repository of a remote URL: `https://github.com/o/n(.git)`, `git@github.com:o/n.git`, `ssh://git@github.com/o/n`. */
export function repoOfRemote(url: string): RepoRef | undefined {
  const text = url.trim();
  const scp = /^[\w.-]+@[\w.-]+:([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(text);
  const web = /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?[^/]+\/([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(text);
  const path = scp?.[1] ?? web?.[1];
  return path ? parseRepoRef(path) : undefined;
}

export type TokenSource = 'GITHUB_TOKEN' | 'GH_TOKEN' | 'gh';

/** `GITHUB_TOKEN`, else `GH_TOKEN`, else the token `gh auth login` stored, when `gh` is on PATH. */
export function localToken(env: NodeJS.ProcessEnv): { token: string; source: TokenSource } | undefined {
  if (env.GITHUB_TOKEN?.trim()) return { token: env.GITHUB_TOKEN.trim(), source: 'GITHUB_TOKEN' };
  if (env.GH_TOKEN?.trim()) return { token: env.GH_TOKEN.trim(), source: 'GH_TOKEN' };
  const out = run('gh', ['auth', 'token'], { env });
  return out && /^\S+$/.test(out) ? { token: out, source: 'gh' } : undefined;
}

/** The repository the `origin` remote of the folder's git checkout points at, if any. */
export function originRepo(cwd: string, env: NodeJS.ProcessEnv): RepoRef | undefined {
  const url = run('git', ['remote', 'get-url', 'origin'], { env, cwd });
  return url ? repoOfRemote(url) : undefined;
}

/** A program's first line of output, or undefined when it is missing, fails or takes too long. */
function run(program: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): string | undefined {
  const result = spawnSync(program, args, {
    ...options,
    encoding: 'utf8',
    shell: false,
    timeout: 10_000,
    stdio: ['ignore', 'pipe', 'ignore'],
    // Never ask for a password or passphrase on the terminal: the lookup is a guess, not a login.
    env: { ...options.env, GIT_TERMINAL_PROMPT: '0', GH_PROMPT_DISABLED: '1' },
  });
  if (result.error || result.status !== 0) return undefined;
  const line = result.stdout.split('\n')[0]!.trim();
  return line === '' ? undefined : line;
}
