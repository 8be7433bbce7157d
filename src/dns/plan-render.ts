import { RESOURCE_TYPE } from './addresses.js';
import type { DnsPlan, RecordChange } from './plan.js';
import { kindOf, ttlText, type DesiredRecord } from '../records/index.js';
import { codeCell, tableCell } from '../render/markdown.js';

/** Marks the pull-request comment that holds the plan, so it is updated rather than repeated. */
export const PLAN_MARKER = '<!-- subdomain:dns-plan -->';

export type PlanFormat = 'text' | 'json' | 'markdown';

export function renderPlan(plan: DnsPlan, format: PlanFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(planJson(plan), null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(plan);
    default:
      return renderText(plan);
  }
}

/** The plan as JSON: the value itself, with each record's address in the stack. */
export function planJson(plan: DnsPlan) {
  return {
    from: plan.from,
    to: plan.to,
    full: plan.full,
    summary: plan.summary,
    zones: plan.zones.map((z) => ({
      zone: z.zone,
      stack: z.stack,
      changes: z.changes.map((c) => ({ ...c, address: `${RESOURCE_TYPE}.${c.address}`, ...(c.movedFrom ? { movedFrom: `${RESOURCE_TYPE}.${c.movedFrom}` } : {}) })),
      registerOnly: z.registerOnly,
    })),
  };
}

export function summaryText(plan: DnsPlan): string {
  const s = plan.summary;
  const adopted = s.adopt > 0 ? `, ${s.adopt} diambil alih / ${s.adopt} adopted` : '';
  const base = `${s.add} ditambah, ${s.change} diubah, ${s.delete} dihapus / ${s.add} to add, ${s.change} to change, ${s.delete} to delete${adopted}`;
  return s.replace > 0 ? `${base} (${s.replace} dibuat ulang / to replace)` : base;
}

/**
 * A record's content as people write it: SRV's weight and port apart from its target, beside
 * the priority, rather than Cloudflare's `weight port target`.
 */
function shown(r: DesiredRecord): { value: string; weight?: number; port?: number } {
  const written = kindOf(r.type).written(r.content);
  if (written.weight === undefined && written.port === undefined) return { value: r.content };
  return { value: String(written.value), ...(written.weight !== undefined ? { weight: written.weight } : {}), ...(written.port !== undefined ? { port: written.port } : {}) };
}

function recordText(r: DesiredRecord): string {
  const s = shown(r);
  const extras = [
    r.priority !== undefined ? `prioritas/priority ${r.priority}` : '',
    s.weight !== undefined ? `bobot/weight ${s.weight}` : '',
    s.port !== undefined ? `port ${s.port}` : '',
    `ttl ${ttlText(r)}`,
    r.proxied ? 'proxied' : '',
  ].filter(Boolean);
  return `${r.type} ${s.value} (${extras.join(', ')})`;
}

const SIGN: Record<RecordChange['kind'], string> = { add: '+', change: '~', delete: '-', adopt: '=' };

function renderText(plan: DnsPlan): string {
  const out = [`Rencana DNS / DNS plan: ${plan.from} → ${plan.to}${plan.full ? '' : ' (nama yang berubah saja / changed names only)'}`, ''];
  if (plan.zones.length === 0) {
    out.push('Tidak ada perubahan DNS / no DNS changes.', '');
    return out.join('\n');
  }
  for (const zone of plan.zones) {
    out.push(`${zone.zone} (stack ${zone.stack})`);
    for (const c of zone.changes) {
      const name = (c.after ?? c.before)!.name;
      const dnsSame = c.kind === 'change' && recordText(c.before!) === recordText(c.after!);
      const what = c.kind !== 'change'
        ? recordText((c.after ?? c.before)!)
        : dnsSame
          ? `${recordText(c.after!)}  [metadata saja, DNS tetap / metadata only, DNS unchanged]`
          : `${recordText(c.before!)}\n      → ${recordText(c.after!)}${c.replace ? '  [dibuat ulang / replaced]' : ''}`;
      out.push(`  ${SIGN[c.kind]} ${name} ${what}${c.kind === 'adopt' ? '  [diambil alih, DNS tetap / adopted, no DNS change]' : ''}${c.unmatchedImport ? `  [${UNMATCHED_NOTE}]` : ''}`);
      if (c.recordId) out.push(`      id Cloudflare/Cloudflare id: ${c.recordId}; komentar menjadi / comment becomes: ${c.comment ?? ''}`);
      if (c.metadata?.comment) out.push(`      komentar/comment: ${c.metadata.comment.before} → ${c.metadata.comment.after}`);
      if (c.movedFrom) out.push(`      alamat/address: ${c.movedFrom} → ${c.address} (dipindah, tidak dibuat ulang / moved, not recreated)`);
      out.push(`      OPD ${c.opd}${c.file ? ` · ${c.file}` : ''}`);
    }
    for (const r of zone.registerOnly) {
      out.push(`  · ${r.subdomain} data daftar saja (tujuan/kontak), DNS tetap / register data only (purpose/contact), DNS unchanged`);
      out.push(`      OPD ${r.opd}${r.file ? ` · ${r.file}` : ''}`);
    }
    out.push('');
  }
  out.push(summaryText(plan), '');
  const unmatched = unmatchedImports(plan);
  if (unmatched > 0) out.push(`Peringatan / warning: ${unmatchedHint(unmatched)}`, '');
  return out.join('\n');
}

/** A record of a pending import that has no Cloudflare id: what the plan says beside it. */
const UNMATCHED_NOTE = 'dari berkas zona, belum dicocokkan dengan Cloudflare: akan DIBUAT / from a zone file, not matched against Cloudflare yet: would be CREATED';
const unmatchedHint = (n: number) =>
  `${n} catatan import belum punya id Cloudflare dan akan dibuat, bukan diambil alih; bila sudah ada di Cloudflare, jalankan \`subdomain import --zone ZONA --cloudflare\` sebelum merge agar tidak ganda. / ${n} imported record(s) have no Cloudflare id and would be created, not adopted; if they already live at Cloudflare, run \`subdomain import --zone ZONE --cloudflare\` before merging, or they are duplicated.`;

function unmatchedImports(plan: DnsPlan): number {
  return plan.zones.reduce((n, z) => n + z.changes.filter((c) => c.unmatchedImport).length, 0);
}

const KIND_LABEL: Record<RecordChange['kind'], string> = { add: '➕ tambah / add', change: '✏️ ubah / change', delete: '🗑️ hapus / delete', adopt: '📥 diambil alih / adopted, no DNS change' };


function recordCell(r: DesiredRecord | undefined): string {
  if (!r) return '';
  const s = shown(r);
  const extras = [
    r.priority !== undefined ? `prio ${r.priority}` : '',
    s.weight !== undefined ? `weight ${s.weight}` : '',
    s.port !== undefined ? `port ${s.port}` : '',
    `ttl ${ttlText(r)}`,
    r.proxied ? 'proxied' : '',
  ].filter(Boolean).join(', ');
  return `${codeCell(s.value)} <sub>${tableCell(extras)}</sub>`;
}

/** A pull-request comment: a hidden marker, bilingual headings, one table per zone. */
function renderMarkdown(plan: DnsPlan): string {
  const out = [PLAN_MARKER, '### Rencana perubahan DNS / DNS plan', ''];
  out.push(`Dari / from \`${tableCell(plan.from)}\` ke / to \`${tableCell(plan.to)}\`${plan.full ? '' : ' — nama yang berubah saja / changed names only'}.`, '');
  if (plan.zones.length === 0) {
    out.push('Tidak ada perubahan DNS. / No DNS changes.', '');
    return out.join('\n');
  }
  out.push(`**${summaryText(plan)}**`, '');
  for (const zone of plan.zones) {
    out.push(`#### Zona / zone \`${zone.zone}\``, '');
    out.push('| | nama / name | jenis / type | sebelum / before | sesudah / after | OPD | berkas / file |', '|---|---|---|---|---|---|---|');
    for (const c of zone.changes) {
      const r = (c.after ?? c.before)!;
      const kind = c.replace ? `${KIND_LABEL[c.kind]} (dibuat ulang / replace)` : KIND_LABEL[c.kind];
      const note = [
        c.metadata?.comment ? `<sub>komentar/comment: ${codeCell(c.metadata.comment.before)} → ${codeCell(c.metadata.comment.after)}</sub>` : '',
        c.movedFrom ? '<sub>dipindah, tidak dibuat ulang / moved, not recreated</sub>' : '',
        c.unmatchedImport ? `<sub>⚠️ ${UNMATCHED_NOTE}</sub>` : '',
      ].filter(Boolean).join(' ');
      const after = `${recordCell(c.after)}${note ? ` ${note}` : ''}`;
      out.push(`| ${kind} | ${codeCell(r.name)} | ${r.type} | ${recordCell(c.before)} | ${after} | ${tableCell(c.opd)} | ${c.file ? codeCell(c.file) : ''} |`);
    }
    for (const r of zone.registerOnly) {
      out.push(`| 📝 data daftar / register data | ${codeCell(r.subdomain)} | | | tujuan/kontak saja, DNS tetap / purpose/contact only, DNS unchanged | ${tableCell(r.opd)} | ${r.file ? codeCell(r.file) : ''} |`);
    }
    out.push('');
  }
  if (plan.summary.delete + plan.summary.replace > 0) {
    out.push(`> ⚠️ Rencana ini menghapus atau membuat ulang ${plan.summary.delete + plan.summary.replace} catatan. / This plan deletes or replaces ${plan.summary.delete + plan.summary.replace} record(s).`, '');
  }
  const unmatched = unmatchedImports(plan);
  if (unmatched > 0) out.push(`> ⚠️ ${unmatchedHint(unmatched)}`, '');
  return out.join('\n');
}
