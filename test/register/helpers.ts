import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/cli/io.js';

/** A copy of the reference office's data (Bekasi), so the tests never read the repository's own office. */
export const OFFICE = fileURLToPath(new URL('../fixtures/office/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

const made: string[] = [];

/** A real git repository in a temp folder holding the example policy, register and requests, committed on main. */
export function exampleRepo(): { dir: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), 'register-'));
  made.push(dir);
  mkdirSync(join(dir, '.github'));
  cpSync(join(OFFICE, '.github/sop.yaml'), join(dir, '.github/sop.yaml'));
  cpSync(join(OFFICE, 'subdomains'), join(dir, 'subdomains'), { recursive: true });
  cpSync(join(OFFICE, 'requests'), join(dir, 'requests'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.id');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return { dir, head: commitAll(dir, 'example data') };
}

export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8').trim();
}

export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every file of a working tree (outside .git) with its text: for "nothing changed" checks. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') walk(path);
      } else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export interface CapturedIo extends Io {
  out: string;
  err: string;
}

export function captureIo(cwd: string, now = '2026-11-24T09:30:00.123Z', env: NodeJS.ProcessEnv = {}): CapturedIo {
  const io: CapturedIo = {
    cwd,
    env,
    out: '',
    err: '',
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    now: () => new Date(now),
  };
  return io;
}
