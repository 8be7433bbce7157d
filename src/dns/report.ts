import type { Problem } from '../model/problem.js';
import { byPosition } from '../model/problem.js';
import type { Tree } from '../repo/tree.js';
import { formatReport } from '../validate/format.js';

/** Problems printed the way `subdomain validate` prints them: file, line:column, rule, message, the line. */
export function renderProblems(problems: readonly Problem[], tree: Tree): string {
  const sorted = [...problems].sort(byPosition);
  const files = new Set(sorted.map((p) => p.file));
  const lines = new Map<string, (line: number) => string>();
  for (const file of files) {
    let split: string[] | undefined;
    lines.set(file, (line) => {
      split ??= new TextDecoder().decode(tree.read(file) ?? new Uint8Array()).split(/\r?\n/);
      return split[line - 1] ?? '';
    });
  }
  return formatReport({ valid: false, files: files.size, problems: sorted, policyBroken: false, lines }, 'text');
}
