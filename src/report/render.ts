/** Renderings of a Mutu Baku report: Markdown for people, JSON for programs, CSV for spreadsheets. */
import { bilingualDuration, DEFAULT_TIME_ZONE, durationId, formatTime } from './format.js';
import type { MutuBakuReport, RequestTiming, StepSummary } from './mutu-baku.js';
import { tableCell } from '../render/markdown.js';

export type ReportFormat = 'markdown' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['markdown', 'json', 'csv'];

export interface RenderContext {
  office?: string;
  timeZone?: string;
}

export function renderReport(report: MutuBakuReport, format: ReportFormat, context: RenderContext = {}): string {
  switch (format) {
    case 'markdown':
      return toMarkdown(report, context);
    case 'json':
      return `${JSON.stringify(toJson(report, context), null, 2)}\n`;
    case 'csv':
      return toCsv(report);
  }
}

/** Share of a count, as `3 (25%)`. */
function share(part: number, whole: number): string {
  return whole === 0 ? String(part) : `${part} (${Math.round((part / whole) * 100)}%)`;
}

/** A table cell: no pipes or line breaks may break the row. */

function row(cells: string[]): string {
  return `| ${cells.map(tableCell).join(' | ')} |`;
}

function stepLabel(step: Pick<StepSummary, 'id' | 'title' | 'inPolicy'>): string {
  return `${step.title} (\`${step.id}\`)${step.inPolicy ? '' : ' — tidak ada di SOP kini / not in the current SOP'}`;
}

export function toMarkdown(report: MutuBakuReport, context: RenderContext = {}): string {
  const zone = context.timeZone ?? DEFAULT_TIME_ZONE;
  const lines: string[] = [];
  lines.push(`# Mutu Baku${context.office ? ` — ${context.office}` : ''}`);
  lines.push('');
  lines.push(`Periode / period: ${report.since ? `sejak / since ${formatTime(report.since, zone)}` : 'seluruh riwayat / whole history'}. Permohonan diukur / requests measured: ${report.requests.length}.`);
  lines.push('');
  lines.push('## Per langkah SOP / per SOP step');
  lines.push('');
  lines.push(row(['Langkah / Step', 'Mutu Baku', 'n', 'Median', 'P90', 'Terlambat / Late']));
  lines.push('|---|---|---:|---|---|---:|');
  for (const step of report.steps) {
    lines.push(row([
      stepLabel(step),
      step.standardS !== undefined ? durationId(step.standardS) : '—',
      String(step.count),
      durationId(step.medianS),
      durationId(step.p90S),
      share(step.late, step.count),
    ]));
  }
  lines.push('');
  lines.push('## Waktu layanan keseluruhan / whole-service time');
  lines.push('');
  const total = report.total;
  const limit = total.limitS !== undefined ? bilingualDuration(total.limitS) : 'tidak ditetapkan / none set';
  lines.push(`Dari pull request dibuka sampai diterapkan / from pull request opened to applied. Batas / limit: ${limit}.`);
  lines.push('');
  lines.push(`- Diukur / measured: ${total.count}`);
  lines.push(`- Median: ${bilingualDuration(total.medianS)}`);
  lines.push(`- P90: ${bilingualDuration(total.p90S)}`);
  lines.push(`- Terlama / longest: ${bilingualDuration(total.maxS)}`);
  if (total.limitS !== undefined) lines.push(`- Melewati batas / over the limit: ${share(total.late, total.count)}`);
  lines.push('');
  lines.push('## Langkah terlambat / late steps');
  lines.push('');
  if (report.lateSteps.length === 0) {
    lines.push('Tidak ada; semua langkah tepat waktu. / None: every step was on time.');
  } else {
    lines.push(row(['Subdomain', 'PR', 'Langkah / Step', 'Oleh / By', 'Waktu / At', 'Lama / Took', 'Mutu Baku', 'Lebih / Over']));
    lines.push('|---|---:|---|---|---|---|---|---|');
    for (const late of report.lateSteps) {
      lines.push(row([late.fqdn, `#${late.pullRequest}`, `${late.title} (\`${late.step}\`)`, `@${late.by}`, formatTime(late.at, zone), durationId(late.elapsedS), durationId(late.standardS), durationId(late.overS)]));
    }
  }
  if (total.limitS !== undefined) {
    lines.push('');
    lines.push('## Permohonan melewati batas / requests over the limit');
    lines.push('');
    if (total.lateRequests.length === 0) {
      lines.push('Tidak ada. / None.');
    } else {
      lines.push(row(['Subdomain', 'PR', 'Dibuka / Opened', 'Diterapkan / Applied', 'Lama / Took']));
      lines.push('|---|---:|---|---|---|');
      for (const r of total.lateRequests) lines.push(row([r.fqdn, `#${r.pullRequest}`, r.openedAt ? formatTime(r.openedAt, zone) : '—', formatTime(r.appliedAt, zone), durationId(r.totalS)]));
    }
  }
  lines.push('');
  return lines.join('\n');
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function requestJson(r: RequestTiming) {
  return {
    fqdn: r.fqdn,
    opd: r.opd,
    action: r.action,
    pull_request: r.pullRequest,
    opened_at: orNull(r.openedAt),
    applied_at: r.appliedAt,
    total_s: orNull(r.totalS),
    late: r.late,
    steps: r.steps.map((s) => ({
      step: s.step,
      title: s.title,
      role: orNull(s.role),
      by: s.by,
      at: s.at,
      elapsed_s: orNull(s.elapsedS),
      elapsed_source: s.elapsedSource,
      standard_s: orNull(s.standardS),
      late: s.late,
    })),
  };
}

/** Snake case, nulls for unknowns, seconds everywhere: the shape other programs read. */
export function toJson(report: MutuBakuReport, context: RenderContext = {}) {
  return {
    office: orNull(context.office),
    since: orNull(report.since),
    requests_measured: report.requests.length,
    steps_with_standard: { count: report.standardSteps.count, late: report.standardSteps.late },
    steps: report.steps.map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      in_policy: s.inPolicy,
      standard_s: orNull(s.standardS),
      count: s.count,
      median_s: orNull(s.medianS),
      p90_s: orNull(s.p90S),
      max_s: orNull(s.maxS),
      late: s.late,
    })),
    total: {
      limit_s: orNull(report.total.limitS),
      count: report.total.count,
      median_s: orNull(report.total.medianS),
      p90_s: orNull(report.total.p90S),
      max_s: orNull(report.total.maxS),
      late: report.total.late,
    },
    late_steps: report.lateSteps.map((l) => ({
      fqdn: l.fqdn,
      pull_request: l.pullRequest,
      step: l.step,
      title: l.title,
      by: l.by,
      at: l.at,
      elapsed_s: l.elapsedS,
      standard_s: l.standardS,
      over_s: l.overS,
    })),
    late_requests: report.total.lateRequests.map(requestJson),
    requests: report.requests.map(requestJson),
  };
}

/**
 * RFC 4180 field. Text starting with = + - @ (or a tab/CR) gets a leading apostrophe so a
 * spreadsheet shows it instead of evaluating it as a formula.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per SOP step and a last `_total` row for the whole service; durations in seconds. */
export function toCsv(report: MutuBakuReport): string {
  const header = ['step', 'title', 'kind', 'in_policy', 'standard_s', 'count', 'median_s', 'p90_s', 'max_s', 'late'];
  const rows = report.steps.map((s) => [s.id, s.title, s.kind, s.inPolicy, s.standardS, s.count, s.medianS, s.p90S, s.maxS, s.late]);
  const t = report.total;
  rows.push(['_total', 'Waktu layanan keseluruhan / whole-service time', 'total', true, t.limitS, t.count, t.medianS, t.p90S, t.maxS, t.late]);
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
