/**
 * Tests never read the reference office at the repository's root (requests/, subdomains/,
 * .github/sop.yaml): `npm test` must pass with those emptied or replaced by another office's
 * data. Every test file runs with this guard: a read of those paths through node:fs throws.
 * Tests use copies under test/fixtures/ instead.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FORBIDDEN = [resolve(ROOT, 'requests'), resolve(ROOT, 'subdomains'), resolve(ROOT, '.github', 'sop.yaml')];

export function isRootOffice(path: unknown): boolean {
  if (typeof path !== 'string' && !(path instanceof URL) && !Buffer.isBuffer(path)) return false;
  const text = path instanceof URL ? fileURLToPath(path) : String(path);
  const absolute = resolve(text);
  return FORBIDDEN.some((f) => absolute === f || absolute.startsWith(f + sep));
}

const refusal = (path: unknown) => new Error(`A test read the reference office at the repository root (${String(path)}); use a copy under test/fixtures/ instead.`);

function guard<T extends (...args: never[]) => unknown>(original: T): T {
  return function (this: unknown, ...args: Parameters<T>) {
    if (isRootOffice(args[0])) throw refusal(args[0]);
    return original.apply(this, args);
  } as T;
}

function guardAsync<T extends (...args: never[]) => unknown>(original: T): T {
  return function (this: unknown, ...args: Parameters<T>) {
    if (isRootOffice(args[0])) return Promise.reject(refusal(args[0]));
    return original.apply(this, args);
  } as T;
}

const SYNC = ['readFileSync', 'readdirSync', 'statSync', 'lstatSync', 'existsSync', 'openSync', 'cpSync', 'opendirSync', 'realpathSync'] as const;
const mutable = fs as unknown as Record<string, (...args: never[]) => unknown>;
for (const name of SYNC) mutable[name] = guard(mutable[name]!);
const promises = fs.promises as unknown as Record<string, (...args: never[]) => unknown>;
for (const name of ['readFile', 'readdir', 'stat', 'lstat', 'open', 'cp', 'opendir']) promises[name] = guardAsync(promises[name]!);
syncBuiltinESMExports();
