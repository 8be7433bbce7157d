export type Severity = 'error' | 'warning';

/** A message to users: Indonesian first, English beside it. */
export interface Message {
  id: string;
  en: string;
}

export interface Position {
  line: number;
  column: number;
}

/** One thing wrong with one file, at one place, under one rule. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  rule: string;
  severity: Severity;
  message: Message;
}

export function msg(id: string, en: string): Message {
  return { id, en };
}

export function problem(
  file: string,
  rule: string,
  message: Message,
  position?: Position,
  severity: Severity = 'error',
): Problem {
  return { file, ...(position ? { line: position.line, column: position.column } : {}), rule, severity, message };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export function byPosition(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.rule.localeCompare(b.rule);
}
