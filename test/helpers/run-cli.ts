import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `subdomain …` in-process, as a user would from `cwd`, capturing its output. */
export async function runCli(cwd: string, args: string[], options: { env?: NodeJS.ProcessEnv; now?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd,
    env: { PATH: process.env.PATH, ...options.env },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    now: () => new Date(options.now ?? '2026-11-24T03:00:00Z'),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
