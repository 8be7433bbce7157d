import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileChange } from './register.js';

/**
 * Writes a checked set of changes into a working tree. Every new file is first written beside
 * its target and only renamed into place once all of them are written, so a full disk or a
 * permission error leaves the tree as it was (the temporary files are removed).
 */
export function writeChanges(root: string, changes: readonly FileChange[]): void {
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const change of changes) {
      if (change.content === undefined) continue;
      const target = join(root, change.path);
      const temp = `${target}.tmp-${process.pid}`;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(temp, change.content, { flag: 'wx' });
      staged.push({ temp, target });
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, target } of staged) renameSync(temp, target);
  for (const change of changes) if (change.content === undefined) rmSync(join(root, change.path), { force: true });
}
