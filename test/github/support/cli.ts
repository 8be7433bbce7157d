import { main } from '../../../src/cli/main.js';
import type { Io } from '../../../src/cli/io.js';
import type { FakeGitHub } from './fake-github.js';
import { baseDir } from './setup.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `subdomain approvals …` in-process against the fake, in the office's base checkout. */
export async function approvals(fake: FakeGitHub, office: string, args: string[], now = '2026-11-18T04:00:00Z', env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd: baseDir(office),
    env: {
      GITHUB_API_URL: fake.url,
      GITHUB_TOKEN: 'test-token',
      SUBDOMAIN_GITHUB_RETRY_BASE_MS: '10',
      SUBDOMAIN_GITHUB_THROTTLE: 'off',
      ...env,
    },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    now: () => new Date(now),
  };
  const code = await main(['approvals', ...args], io);
  return { code, stdout, stderr };
}
