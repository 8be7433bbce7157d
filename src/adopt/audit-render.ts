import { codeCell, tableCell } from '../render/markdown.js';
import { isClean, type AuditFinding, type ZoneAudit } from './audit.js';

export type AuditFormat = 'text' | 'json' | 'markdown';

/** Marks the drift issue's body, so the workflow finds and updates one issue. */
export const AUDIT_MARKER = '<!-- subdomain:audit -->';

const WHAT_TO_DO = {
  drifted: ['Diubah langsung di Cloudflare. Jalankan workflow Terapkan DNS secara manual dengan `refresh` dicentang untuk mengembalikan nilai daftar, atau catat perubahan lewat permohonan `update`.',
    'Changed directly at Cloudflare. Run the Apply DNS workflow by hand with `refresh` ticked to restore the register\'s value, or record the change through an `update` request.'],
  missing: ['Ada di daftar, tidak ada di Cloudflare. Jalankan workflow Terapkan DNS secara manual dengan `refresh` dicentang, atau hapus lewat permohonan `delete` bila memang tidak dipakai.',
    'In the register, not at Cloudflare. Run the Apply DNS workflow by hand with `refresh` ticked, or remove it through a `delete` request if it is no longer used.'],
  extra: ['Ditambahkan langsung di Cloudflare pada nama yang terdaftar. Catat lewat permohonan `update`, atau hapus di Cloudflare.',
    'Added directly at Cloudflare under a registered name. Record it through an `update` request, or delete it at Cloudflare.'],
  unmanaged: ['Tidak ada di daftar: nama yang terlupakan seperti ini yang biasa diambil alih (judi online). Ambil alih dengan `subdomain import`, atau hapus di Cloudflare.',
    'In no register entry: forgotten names like these are the ones taken over (online gambling). Adopt them with `subdomain import`, or delete them at Cloudflare.'],
} as const;

export function renderAudit(audits: readonly ZoneAudit[], format: AuditFormat, calls?: number): string {
  if (format === 'json') return `${JSON.stringify({ clean: audits.every(isClean), ...(calls !== undefined ? { apiCalls: calls } : {}), zones: audits }, null, 2)}\n`;
  return format === 'markdown' ? markdown(audits) : text(audits, calls);
}

function counts(a: ZoneAudit): string {
  return `${a.inSync} sesuai/in sync, ${a.drifted.length} berubah/drifted, ${a.missing.length} hilang/missing, ${a.extra.length} tambahan/extra, ${a.unmanaged.length} tak terkelola/unmanaged, ${a.infrastructure} infrastruktur/infrastructure`;
}

function findingText(f: AuditFinding): string {
  const r = f.record;
  return `${f.type} ${f.name} ${r.content}${r.priority !== undefined ? ` (prioritas/priority ${r.priority})` : ''}`;
}

function text(audits: readonly ZoneAudit[], calls?: number): string {
  const out: string[] = [];
  for (const a of audits) {
    out.push(`Audit ${a.zone}: ${counts(a)}`);
    for (const d of a.drifted) out.push(`  ~ ${d.type} ${d.name}: ${d.differs.join(', ')} — daftar/register ${d.desired.content} ttl ${d.desired.ttl ?? 'auto'}${d.desired.proxied ? ' proxied' : ''} · Cloudflare ${d.live.content} ttl ${d.live.ttl === 1 ? 'auto' : d.live.ttl}${d.live.proxied ? ' proxied' : ''}`);
    for (const [kind, sign] of [['missing', '-'], ['extra', '+'], ['unmanaged', '?']] as const) {
      for (const f of a[kind]) out.push(`  ${sign} ${kind}: ${findingText(f)}`);
    }
    for (const kind of ['drifted', 'missing', 'extra', 'unmanaged'] as const) {
      if (a[kind].length > 0) out.push(`  ${kind}: ${WHAT_TO_DO[kind][0]} / ${WHAT_TO_DO[kind][1]}`);
    }
  }
  if (calls !== undefined) out.push(`Panggilan API Cloudflare / Cloudflare API calls: ${calls}`);
  return `${out.join('\n')}\n`;
}

function markdown(audits: readonly ZoneAudit[]): string {
  const out = [AUDIT_MARKER, '### Audit DNS: Cloudflare dibandingkan dengan daftar / Cloudflare compared with the register', ''];
  for (const a of audits) {
    out.push(`#### Zona / zone ${codeCell(a.zone)}`, '', tableCell(counts(a)), '');
    const rows: string[] = [];
    for (const d of a.drifted) rows.push(`| berubah / drifted | ${codeCell(d.name)} | ${tableCell(d.type)} | ${codeCell(d.desired.content)} | ${codeCell(d.live.content)} | ${tableCell(d.differs.join(', '))} |`);
    for (const kind of ['missing', 'extra', 'unmanaged'] as const) {
      const label = { missing: 'hilang / missing', extra: 'tambahan / extra', unmanaged: 'tak terkelola / unmanaged' }[kind];
      for (const f of a[kind]) {
        const inRegister = kind === 'missing' ? codeCell(f.record.content) : '';
        const atCloudflare = kind === 'missing' ? '' : codeCell(f.record.content);
        rows.push(`| ${label} | ${codeCell(f.name)} | ${tableCell(f.type)} | ${inRegister} | ${atCloudflare} | |`);
      }
    }
    if (rows.length > 0) {
      out.push('| | nama / name | jenis / type | daftar / register | Cloudflare | beda / differs |', '|---|---|---|---|---|---|', ...rows.slice(0, 500), '');
      if (rows.length > 500) out.push(`… ${rows.length - 500} baris lagi / more rows (lihat JSON / see the JSON)`, '');
    }
    for (const kind of ['drifted', 'missing', 'extra', 'unmanaged'] as const) {
      if (a[kind].length > 0) out.push(`- **${kind}**: ${WHAT_TO_DO[kind][0]} / ${WHAT_TO_DO[kind][1]}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
