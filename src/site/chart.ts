/**
 * The Mutu Baku chart: one row per SOP step, bars for the median (thick) and 90th percentile
 * (thin) as a share of the step's time standard, a dashed line at 100 %. Green within the
 * standard, red beyond it, and the same facts in words at the end of each row, so colour is
 * never the only signal. Plain inline SVG: no script, no style attributes.
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
const TOP = 28;
const COLORS = { ok: '#2e7d32', okLight: '#8bc48e', late: '#c62828', lateLight: '#ef9a9a', grid: '#c8c8c8', text: '#1f1f1f', muted: '#5f5f5f' };

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function chartRows(report: MutuBakuReport): ChartRow[] {
  const rows: ChartRow[] = report.steps.map((s) => ({
    label: s.title,
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
  const height = TOP + rows.length * ROW_H + 26;
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += 0.5) ticks.push(t);

  const body = rows.map((r, i) => {
    const y = TOP + i * ROW_H;
    const separator = i === rows.length - 1 && rows.length > 1 ? html`<line x1="0" x2="${WIDTH}" y1="${y - 3}" y2="${y - 3}" stroke="${COLORS.grid}"/>` : '';
    const label = html`<text x="0" y="${y + 16}" fill="${COLORS.text}" font-size="13">${truncate(r.label, 40)}<title>${r.label}</title></text>
<text x="0" y="${y + 33}" fill="${COLORS.muted}" font-size="11">Mutu Baku: ${r.standardS !== undefined ? durationId(r.standardS) : '—'} · n = ${r.count}</text>`;
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
