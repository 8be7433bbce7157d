import { byPosition, type Problem } from '../model/problem.js';

/** `file:line:column: rule: Indonesian / English`, one problem per line, in file order. */
export function formatProblems(problems: readonly Problem[]): string {
  return [...problems]
    .sort(byPosition)
    .map((p) => {
      const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
      return `${where}: ${p.severity === 'error' ? 'galat/error' : 'peringatan/warning'} [${p.rule}] ${p.message.id} / ${p.message.en}\n`;
    })
    .join('');
}
