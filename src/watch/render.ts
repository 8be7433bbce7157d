import { codeCell, tableCell } from '../render/markdown.js';
import { isConfidential, SEVERITY_ORDER, type Finding, type FindingSeverity } from './finding.js';
import type { WatchResult } from './watch.js';

export type WatchFormat = 'text' | 'json' | 'markdown';

/** Marks the watch's Markdown (job summary, issue body) so a later run can find and update it. */
export const WATCH_MARKER = '<!-- subdomain-watch -->';

export function renderWatch(result: WatchResult, format: WatchFormat): string {
  if (format === 'json') return `${JSON.stringify(watchJson(result), null, 2)}\n`;
  if (format === 'markdown') return watchMarkdown(result);
  return watchText(result);
}

/** The JSON scripts read: field names and order are part of the interface (version 1). */
export function watchJson(result: WatchResult) {
  return {
    version: 1,
    checked_at: result.checkedAt,
    names: result.names,
    summary: countBySeverity(result.findings),
    findings: result.findings.map((f) => ({
      name: f.name,
      kind: f.kind,
      severity: f.severity,
      confidential: isConfidential(f),
      title: f.title,
      evidence: f.evidence.map((e) => ({ where: e.where, seen: e.seen })),
      action: f.action,
    })),
  };
}

function countBySeverity(findings: readonly Finding[]): Record<FindingSeverity, number> {
  const counts = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<FindingSeverity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function summaryLine(result: WatchResult): string {
  const counts = countBySeverity(result.findings);
  const parts = SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return `${result.names} nama diperiksa / names checked; ${result.findings.length} temuan / findings${parts.length ? ` (${parts.join(', ')})` : ''}.`;
}

function watchText(result: WatchResult): string {
  const lines = [`Pemantauan / watch ${result.checkedAt}`, summaryLine(result), ''];
  for (const f of result.findings) {
    lines.push(`[${f.severity}] ${f.name}  ${f.kind}`, `  ${f.title.id}`, `  ${f.title.en}`);
    for (const e of f.evidence) lines.push(`  - ${e.where}: ${e.seen}`);
    lines.push(`  → ${f.action.id}`, `  → ${f.action.en}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * For a public page (a job summary, an issue): takeover-class findings show only that the name
 * needs attention; what was seen goes to the private channel until it is fixed.
 */
function watchMarkdown(result: WatchResult): string {
  const lines = [WATCH_MARKER, '## Pemantauan subdomain / subdomain watch', '', tableCell(summaryLine(result)), ''];
  if (result.findings.length === 0) return `${lines.join('\n')}\nTidak ada temuan. / No findings.\n`;
  lines.push('| Tingkat / severity | Nama / name | Temuan / finding | Bukti / evidence |', '|---|---|---|---|');
  for (const f of result.findings) {
    if (isConfidential(f)) {
      lines.push(`| ${f.severity} | ${codeCell(f.name)} | perlu perhatian / needs attention | dilaporkan secara tertutup / reported privately |`);
      continue;
    }
    const evidence = f.evidence.map((e) => `${tableCell(e.where)}: ${tableCell(e.seen)}`).join('<br>');
    lines.push(`| ${f.severity} | ${codeCell(f.name)} | ${tableCell(f.title.id)} / ${tableCell(f.title.en)} | ${evidence} |`);
  }
  return `${lines.join('\n')}\n`;
}
