import type { RegisterEntry, RequestHistoryEntry } from '../../src/schema/types.gen.js';
import { isRequestEntry } from '../../src/register/history.js';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

/** A fresh copy of a fixture folder in a temp directory, removed after the test file. */
export function tempCopy(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'subdomain-test-'));
  cpSync(fixture, dir, { recursive: true });
  made.push(dir);
  return dir;
}

export function cleanupTemps(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeFile(root: string, path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** Runs git in a repository with a fixed identity and no user or system configuration. */
export function gitIn(root: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
    },
  });
}

/** A real git repository holding a copy of the fixture, committed on `main`. */
export function tempGitRepo(fixture: string): string {
  const dir = tempCopy(fixture);
  gitIn(dir, 'init', '-q', '-b', 'main');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-qm', 'base');
  return dir;
}

/** A register entry's history entry made by a request (not an import), or a failed test. */
export function requestAt(entry: RegisterEntry, index = 0): RequestHistoryEntry {
  const history = entry.history[index];
  if (!history || !isRequestEntry(history)) throw new Error(`history[${index}] is not a request entry`);
  return history;
}
