/**
 * The Mutu Baku chart: one row per SOP step, bars for the median (thick) and 90th percentile
 * (thin) as a share of the step's time standard, a dashed line at 100 %. Green within the
 * standard, red beyond it, and the same facts in words at the end of each row, so colour is
 * never the only signal. Step names are never cut: a long one wraps onto more lines and its row
 * grows. Plain inline SVG: no script, no style attributes.
 */
import { durationId } from '../report/format.js';
import type { MutuBakuReport } from '../report/mutu-baku.js';
import { html, type Html } from './html.js';

export interface ChartRow {
  label: string;
  standardS?: number;
  medianS?: number;
  p90S?: number;
  count: number;
}

const WIDTH = 1000;
const BAR_X = 312;
const BAR_W = 360;
const TEXT_X = BAR_X + BAR_W + 12;
const ROW_H = 46;
/** Label lines: 13 px text, wrapped well inside the label column (BAR_X wide). */
const LABEL_LINE_H = 16;
const LABEL_CHARS = 36;
const TOP = 28;
const COLORS = { ok: '#2e7d32', okLight: '#8bc48e', late: '#c62828', lateLight: '#ef9a9a', grid: '#c8c8c8', text: '#1f1f1f', muted: '#5f5f5f' };

/**
 * A step's name for people: its title. A step the current SOP no longer has and whose history
 * gave it no title is named as such, not by its internal id.
 */
export function stepTitle(title: string, id: string, inPolicy: boolean): string {
  return title === id && !inPolicy ? 'Langkah tanpa judul, tidak ada di SOP kini / untitled step, not in the current SOP' : title;
}

/**
 * Splits a label into lines of at most `max` characters at spaces (after a `/` or `-` when a
 * word alone is longer; a word with neither is split where it must). Nothing is dropped: the
 * lines joined with spaces give the label back, give or take the spaces at the breaks.
 */
export function wrapLabel(text: string, max = LABEL_CHARS): string[] {
  const words = text.split(/\s+/).filter(Boolean).flatMap((word) => splitWord(word, max));
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [''];
}

function splitWord(word: string, max: number): string[] {
  const parts: string[] = [];
  let rest = word;
  while (rest.length > max) {
    const soft = Math.max(rest.lastIndexOf('/', max - 1), rest.lastIndexOf('-', max - 1));
    const cut = soft > 0 ? soft + 1 : max;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

export function chartRows(report: MutuBakuReport): ChartRow[] {
  const rows: ChartRow[] = report.steps.map((s) => ({
    label: stepTitle(s.title, s.id, s.inPolicy),
    count: s.count,
    ...(s.standardS !== undefined ? { standardS: s.standardS } : {}),
    ...(s.medianS !== undefined ? { medianS: s.medianS } : {}),
    ...(s.p90S !== undefined ? { p90S: s.p90S } : {}),
  }));
  const t = report.total;
  rows.push({
    label: 'Layanan keseluruhan / whole service',
    count: t.count,
    ...(t.limitS !== undefined ? { standardS: t.limitS } : {}),
    ...(t.medianS !== undefined ? { medianS: t.medianS } : {}),
    ...(t.p90S !== undefined ? { p90S: t.p90S } : {}),
  });
  return rows;
}

/** The scale's end as a multiple of the standard: at least 1.5×, at most 3× (longer bars are cut and marked). */
function scaleMax(rows: readonly ChartRow[]): number {
  let max = 1;
  for (const r of rows) {
    if (r.standardS && r.p90S !== undefined) max = Math.max(max, r.p90S / r.standardS);
    if (r.standardS && r.medianS !== undefined) max = Math.max(max, r.medianS / r.standardS);
  }
  return Math.min(3, Math.max(1.5, Math.ceil(max * 2) / 2));
}

export function mutuBakuChart(rows: readonly ChartRow[]): Html {
  const max = scaleMax(rows);
  const x = (ratio: number) => BAR_X + (Math.min(ratio, max) / max) * BAR_W;
  // Each row is as tall as its wrapped label needs: one line keeps ROW_H.
  const labels = rows.map((r) => wrapLabel(r.label));
  const tops: number[] = [];
  let next = TOP;
  for (const lines of labels) {
    tops.push(next);
    next += ROW_H + (lines.length - 1) * LABEL_LINE_H;
  }
  const height = next + 26;
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += 0.5) ticks.push(t);

  const body = rows.map((r, i) => {
    const y = tops[i]!;
    const lines = labels[i]!;
    const separator = i === rows.length - 1 && rows.length > 1 ? html`<line x1="0" x2="${WIDTH}" y1="${y - 3}" y2="${y - 3}" stroke="${COLORS.grid}"/>` : '';
    const label = html`<text class="label" x="0" y="${y + 16}" fill="${COLORS.text}" font-size="13">${lines.map((line, k) => html`<tspan x="0" dy="${k === 0 ? 0 : LABEL_LINE_H}">${line}</tspan>`)}</text>
<text x="0" y="${y + 33 + (lines.length - 1) * LABEL_LINE_H}" fill="${COLORS.muted}" font-size="11">Mutu Baku: ${r.standardS !== undefined ? durationId(r.standardS) : '—'} · n = ${r.count}</text>`;
    if (r.count === 0 || r.medianS === undefined) {
      return html`<g class="row">${separator}${label}<text x="${TEXT_X}" y="${y + 16}" fill="${COLORS.muted}" font-size="12">belum ada data / no data</text></g>`;
    }
    if (!r.standardS) {
      return html`<g class="row">${separator}${label}<text x="${TEXT_X}" y="${y + 16}" fill="${COLORS.text}" font-size="12">median ${durationId(r.medianS)}</text><text x="${TEXT_X}" y="${y + 33}" fill="${COLORS.muted}" font-size="11">P90 ${durationId(r.p90S)} · tanpa Mutu Baku / no standard</text></g>`;
    }
    const medianRatio = r.medianS / r.standardS;
    const p90Ratio = (r.p90S ?? r.medianS) / r.standardS;
    const medianLate = medianRatio > 1;
    const p90Late = p90Ratio > 1;
    const cut = (ratio: number, yy: number) => (ratio > max ? html`<text x="${x(max) + 2}" y="${yy}" fill="${COLORS.late}" font-size="12">»</text>` : '');
    const verdict = medianLate ? 'terlambat / late' : p90Late ? 'sebagian lewat / some late' : 'tepat / on time';
    return html`<g class="row">${separator}${label}
<rect x="${BAR_X}" y="${y + 6}" width="${(x(medianRatio) - BAR_X).toFixed(1)}" height="16" fill="${medianLate ? COLORS.late : COLORS.ok}"><title>median ${durationId(r.medianS)} (${Math.round(medianRatio * 100)}%)</title></rect>${cut(medianRatio, y + 19)}
<rect x="${BAR_X}" y="${y + 26}" width="${(x(p90Ratio) - BAR_X).toFixed(1)}" height="7" fill="${p90Late ? COLORS.lateLight : COLORS.okLight}"><title>P90 ${durationId(r.p90S)} (${Math.round(p90Ratio * 100)}%)</title></rect>${cut(p90Ratio, y + 34)}
<text x="${TEXT_X}" y="${y + 16}" fill="${medianLate ? COLORS.late : COLORS.text}" font-size="12">median ${durationId(r.medianS)} (${Math.round(medianRatio * 100)}%)</text>
<text x="${TEXT_X}" y="${y + 33}" fill="${COLORS.muted}" font-size="11">P90 ${durationId(r.p90S)} · ${verdict}</text></g>`;
  });

  const axis = ticks.map((t) => html`<line x1="${x(t)}" x2="${x(t)}" y1="${TOP - 4}" y2="${height - 22}" stroke="${COLORS.grid}" stroke-width="${t === 1 ? 0 : 1}"/>
<text x="${x(t)}" y="${height - 8}" fill="${COLORS.muted}" font-size="11" text-anchor="middle">${Math.round(t * 100)}%</text>`);
  const standardLine = html`<line x1="${x(1)}" x2="${x(1)}" y1="${TOP - 10}" y2="${height - 22}" stroke="${COLORS.text}" stroke-width="2" stroke-dasharray="5 4"/>
<text x="${x(1)}" y="${TOP - 14}" fill="${COLORS.text}" font-size="12" text-anchor="middle">Mutu Baku = 100%</text>`;

  return html`<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">
<title id="chart-title">Waktu tiap langkah SOP terhadap Mutu Baku / time per SOP step against its standard</title>
<desc id="chart-desc">Batang tebal: median; batang tipis: persentil ke-90; garis putus-putus: Mutu Baku. Hijau dalam standar, merah melewatinya. / Thick bar: median; thin bar: 90th percentile; dashed line: the standard. Green within, red beyond.</desc>
${axis}${body}${standardLine}
</svg>`;
}
