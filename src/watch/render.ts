import { codeCell, tableCell } from '../render/markdown.js';
import { isConfidential, NEEDS_ATTENTION, SEVERITY_ORDER, type Finding, type FindingSeverity } from './finding.js';

export type WatchFormat = 'text' | 'json' | 'markdown';

/** Marks the watch's Markdown (job summary, issue body) so a later run can find and update it. */
export const WATCH_MARKER = '<!-- subdomain-watch -->';

/**
 * A finding as rendered: the watch's own, or one read back from its JSON (`--from`), whose
 * `confidential` is the reader's fail-closed judgement.
 */
export type RenderedFinding = Omit<Finding, 'kind'> & { kind: string; confidential?: boolean };

/** The watch's result (`WatchResult`), or one read back by `parseWatchJson`. */
export interface RenderedResult {
  checkedAt: string;
  names: number;
  findings: readonly RenderedFinding[];
}

export function renderWatch(result: RenderedResult, format: WatchFormat): string {
  if (format === 'json') return `${JSON.stringify(watchJson(result), null, 2)}\n`;
  if (format === 'markdown') return watchMarkdown(result);
  return watchText(result);
}

/**
 * The JSON scripts read: field names and order are part of the interface (version 1). Fields
 * are only ever added: `certificate` ends a certificate finding whose certificate has an end date.
 */
export function watchJson(result: RenderedResult) {
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
      ...(f.certificate ? { certificate: { valid_until: f.certificate.validUntil, days_left: f.certificate.daysLeft } } : {}),
    })),
  };
}

function countBySeverity(findings: readonly RenderedFinding[]): Record<FindingSeverity, number> {
  const counts = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<FindingSeverity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * `N names checked; M findings (1 high, 2 low)`. Redacted (a public page), confidential findings
 * are counted only as "needs attention", never under a severity: only takeover and gambling
 * findings are critical, so a count of critical ones would say what was found.
 */
function summaryLine(result: RenderedResult, redact: boolean): string {
  const hidden = redact ? result.findings.filter((f) => isConfidential(f)).length : 0;
  const counts = countBySeverity(redact ? result.findings.filter((f) => !isConfidential(f)) : result.findings);
  const parts = SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  if (hidden > 0) parts.push(`${hidden} ${NEEDS_ATTENTION}`);
  return `${result.names} nama diperiksa / names checked; ${result.findings.length} temuan / findings${parts.length ? ` (${parts.join(', ')})` : ''}.`;
}


function watchText(result: RenderedResult): string {
  const lines = [`Pemantauan / watch ${result.checkedAt}`, summaryLine(result, false), ''];
  for (const f of result.findings) {
    lines.push(`[${f.severity}] ${f.name}  ${f.kind}`, `  ${f.title.id}`, `  ${f.title.en}`);
    for (const e of f.evidence) lines.push(`  - ${e.where}: ${e.seen}`);
    lines.push(`  → ${f.action.id}`, `  → ${f.action.en}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * For a public page (a job summary, an issue): takeover-class findings show only that the name
 * needs attention, without a severity and ahead of the name's other rows (their place in the
 * severity order would tell it); what was seen goes to the private channel until it is fixed.
 */
function watchMarkdown(result: RenderedResult): string {
  const lines = [WATCH_MARKER, '## Pemantauan subdomain / subdomain watch', '', tableCell(summaryLine(result, true)), ''];
  if (result.findings.length === 0) return `${lines.join('\n')}\nTidak ada temuan. / No findings.\n`;
  lines.push('| Tingkat / severity | Nama / name | Temuan / finding | Bukti / evidence |', '|---|---|---|---|');
  const rows = [...result.findings].sort((a, b) => a.name.localeCompare(b.name) || Number(!isConfidential(a)) - Number(!isConfidential(b)));
  for (const f of rows) {
    if (isConfidential(f)) {
      lines.push(`| — | ${codeCell(f.name)} | ${NEEDS_ATTENTION} | dilaporkan secara tertutup / reported privately |`);
      continue;
    }
    const evidence = f.evidence.map((e) => `${tableCell(e.where)}: ${tableCell(e.seen)}`).join('<br>');
    lines.push(`| ${f.severity} | ${codeCell(f.name)} | ${tableCell(f.title.id)} / ${tableCell(f.title.en)} | ${evidence} |`);
  }
  return `${lines.join('\n')}\n`;
}
