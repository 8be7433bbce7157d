/** Where a command writes and what it runs in: injected so tests run commands in-process. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Answers a question on an interactive terminal; undefined when there is none. */
  ask?: (question: string) => Promise<string>;
  now(): Date;
}

export type Command = (args: string[], io: Io) => Promise<number>;

/** A mistake in how the command was called: printed as a usage message with exit code 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
