import { byPosition, type Problem } from '../model/problem.js';
import { codeCell, tableCell } from '../render/markdown.js';
import type { ValidationReport } from './validate.js';

export type Format = 'text' | 'json' | 'github';

export function formatReport(report: ValidationReport, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(report), null, 2)}\n`;
    case 'github':
      return report.problems.map(toWorkflowCommand).join('') + summaryLine(report) + '\n';
    default:
      return formatText(report);
  }
}

export function toJson(report: ValidationReport) {
  return {
    valid: report.valid,
    files: report.files,
    problems: report.problems.map((p) => ({
      file: p.file,
      line: p.line ?? null,
      column: p.column ?? null,
      rule: p.rule,
      severity: p.severity,
      message: p.message,
    })),
  };
}

function formatText(report: ValidationReport): string {
  const out: string[] = [];
  const byFile = new Map<string, Problem[]>();
  for (const p of report.problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  for (const [file, problems] of byFile) {
    out.push(file);
    const lineOf = report.lines.get(file);
    for (const p of problems) {
      const where = p.line ? `${p.line}:${p.column ?? 1}` : '-';
      const head = `  ${where.padEnd(6)} ${(p.severity === 'error' ? 'galat' : 'peringatan').padEnd(10)} ${p.rule}`;
      out.push(`${head}  ${p.message.id}`);
      out.push(`${' '.repeat(head.length)}  ${p.message.en}`);
      if (p.line && lineOf) {
        const text = lineOf(p.line);
        if (text.trim() !== '') {
          const gutter = String(p.line).padStart(6);
          out.push(`${gutter} | ${text}`);
          out.push(`${' '.repeat(6)} | ${' '.repeat(Math.max(0, (p.column ?? 1) - 1))}^`);
        }
      }
    }
    out.push('');
  }
  out.push(summaryLine(report));
  return `${out.join('\n')}\n`;
}

export function summaryLine(report: ValidationReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  if (report.problems.length === 0) {
    return `✔ ${report.files} berkas diperiksa, tidak ada masalah / ${report.files} file(s) checked, no problems`;
  }
  return `${errors > 0 ? '✖' : '⚠'} ${errors} galat, ${warnings} peringatan di ${report.files} berkas / ${errors} error(s), ${warnings} warning(s) in ${report.files} file(s)`;
}

/** `::error file=…,line=…,col=…,title=RULE::message`, escaped as GitHub's workflow commands need. */
function toWorkflowCommand(p: Problem): string {
  const props = [`file=${escapeProperty(p.file)}`];
  if (p.line) props.push(`line=${p.line}`);
  if (p.column) props.push(`col=${p.column}`);
  props.push(`title=${escapeProperty(p.rule)}`);
  return `::${p.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(`${p.message.id}\n${p.message.en}`)}\n`;
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A Markdown table for the job summary page of a workflow run. */
export function formatMarkdown(report: ValidationReport): string {
  const lines = [`### Pemeriksaan permohonan / request check\n`, `${summaryLine(report)}\n`];
  if (report.problems.length > 0) {
    lines.push('| berkas / file | baris / line | aturan / rule | pesan / message |', '|---|---|---|---|');
    for (const p of report.problems) {
      lines.push(`| ${tableCell(p.file)} | ${p.line ?? ''} | ${codeCell(p.rule)} | ${tableCell(p.message.id)}<br>${tableCell(p.message.en)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

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
