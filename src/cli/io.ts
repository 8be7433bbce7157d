import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes and what it runs in: injected so tests run commands in-process. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Answers a question on an interactive terminal; undefined when there is none. Throws
   * `Cancelled` when the person presses Ctrl+C (or Ctrl+D) instead of answering.
   */
  ask?: (question: string) => Promise<string>;
  now(): Date;
}

export type Command = (args: string[], io: Io) => Promise<number>;

/** A mistake in how the command was called: printed as a usage message with exit code 2. */
export class UsageError extends Error {}

/** The person stopped an interactive command (Ctrl+C): it ends quietly, exit 130 like any shell. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export const EXIT = { ok: 0, problems: 1, usage: 2, cancelled: 130 } as const;

/** `parseArgs`, with a mistake in the options turned into a usage message (exit 2). */
export function parseOptions<T extends ParseArgsConfig>(config: T, help: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${help}`);
  }
}

const REPO_SLUG = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})$/;

/** `OWNER/NAME` as GitHub spells a repository, or undefined. */
export function parseRepoSlug(text: string | undefined): { owner: string; repo: string } | undefined {
  const match = REPO_SLUG.exec(text ?? '');
  return match ? { owner: match[1]!, repo: match[2]! } : undefined;
}

/** The repository a command works on: `--repo`, else (when given) GITHUB_REPOSITORY; a usage error otherwise. */
export function repoOption(value: string | undefined, help: string, fallback?: string): { owner: string; repo: string } {
  const text = value ?? fallback;
  const parsed = parseRepoSlug(text);
  if (!parsed) throw new UsageError(`--repo harus OWNER/NAME / must be OWNER/NAME${text ? ` (bukan/not ${text})` : ''}\n\n${help}`);
  return parsed;
}

const ID_KINDS = {
  pr: { pattern: /^[1-9][0-9]{0,9}$/, id: 'nomor pull request', en: 'a pull request number' },
  issue: { pattern: /^[1-9][0-9]{0,9}$/, id: 'nomor issue', en: 'an issue number' },
  comment: { pattern: /^[1-9][0-9]{0,15}$/, id: 'id komentar', en: 'a comment id' },
} as const;

/** A pull request number, issue number or comment id given as `flag`, or a usage error. */
export function idOption(value: string | undefined, flag: string, kind: keyof typeof ID_KINDS, help: string): number {
  const { pattern, id, en } = ID_KINDS[kind];
  if (value === undefined || !pattern.test(value)) throw new UsageError(`${flag} harus ${id} / ${flag} must be ${en}.\n\n${help}`);
  return Number(value);
}
