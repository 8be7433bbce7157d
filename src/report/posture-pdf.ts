/**
 * The posture report as a PDF the office attaches to its SPBE evaluation: A4, the office's
 * letterhead, the period, the tables, and the head of office's signature block. It looks like
 * the office's letters (src/letters/layout.ts) and uses their fonts; every string passes through
 * `sanitizeStrings` (the standard fonts draw Latin-1 only). Confidential findings have no detail
 * in the report to print (src/report/posture.ts).
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { formatDuration } from '../approvals/duration.js';
import { formatDate, formatDateTime, type OfficeTimeZone } from '../letters/indonesian.js';
import { sanitizeStrings } from '../letters/latin1.js';
import { officeFacts, type LetterFacts } from '../letters/facts.js';
import { fieldTable, FONT, letterhead, PAGE_MARGINS, signatureStack, styles, thinGrid } from '../letters/layout.js';
import { renderPdf } from '../letters/pdf.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { SEVERITY_ORDER } from '../watch/finding.js';
import type { OpdPosture, PostureCounts, PostureReport } from './posture.js';
import { incidentStatus, LISTED_SEVERITIES, NOT_CHECKED, POSTURE_TITLE, SEVERITY_ID, whyNotChecked } from './posture-render.js';

export interface PosturePdfContext {
  /** `OWNER/NAME` the incident issues were read from. */
  repo?: string;
}

const UNREGISTERED = 'Tidak terdaftar / not in the register';

/** Header cell: Indonesian, the English below in italics. */
function head(id: string, en?: string): TableCell {
  return { text: en ? [`${id}\n`, { text: en, italics: true, bold: false }] : id, style: 'cellHead' };
}

function cell(text: string, extra: Record<string, unknown> = {}): TableCell {
  return { text, style: 'cell', ...extra } as TableCell;
}

function num(n: number | undefined, extra: Record<string, unknown> = {}): TableCell {
  return n === undefined ? cell('tidak diperiksa', { italics: true, alignment: 'right', ...extra }) : cell(String(n), { alignment: 'right', ...extra });
}

function table(widths: (number | string)[], header: TableCell[], body: TableCell[][]): Content {
  return { table: { headerRows: 1, dontBreakRows: true, widths, body: [header, ...body] }, layout: thinGrid, margin: [0, 0, 0, 6] } as Content;
}

function section(id: string, en: string): Content {
  return { text: [`${id} / `, { text: en, italics: true }], style: 'section' };
}

function note(text: string): Content {
  return { text, style: 'note', margin: [0, 0, 0, 10] };
}

/** Text the watch saw on someone else's server, on one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function opdLabel(o: Pick<OpdPosture, 'key' | 'name'>): string {
  return o.key === undefined ? UNREGISTERED : o.name ?? o.key;
}

function when(iso: string, zone: OfficeTimeZone): string {
  return formatDate(iso, zone);
}

/** `1 Januari 2026 s.d. 24 November 2026` */
export function periodInWords(report: Pick<PostureReport, 'since' | 'generatedAt'>, zone: OfficeTimeZone): string {
  return `${report.since ? formatDate(report.since, zone) : 'seluruh riwayat'} s.d. ${formatDate(report.generatedAt, zone)}`;
}

export function postureDocument(report: PostureReport, policy: Pick<ResolvedPolicy, 'office'>, context: PosturePdfContext = {}): TDocumentDefinitions {
  const office = officeFacts(policy.office);
  const zone = office.zone;
  const names = new Map(report.opds.flatMap((o) => (o.key !== undefined ? [[o.key, o.name ?? o.key] as const] : [])));
  const opdName = (key: string | undefined) => (key === undefined ? UNREGISTERED : names.get(key) ?? key);
  const rows: { label: string; counts: PostureCounts; total: boolean }[] = [
    ...report.opds.map((o) => ({ label: opdLabel(o), counts: o as PostureCounts, total: false })),
    { label: 'Jumlah', counts: report.total, total: true },
  ];
  const bold = (total: boolean) => (total ? { bold: true } : {});
  const w = report.watch;
  const limit = formatDuration(report.incidentLimitS, 'id');

  const content: Content[] = [
    // The letterhead reads only the office from the facts.
    ...letterhead({ office } as LetterFacts),
    { text: POSTURE_TITLE.id.toUpperCase(), bold: true, alignment: 'center', fontSize: 12 },
    { text: POSTURE_TITLE.en, italics: true, alignment: 'center', margin: [0, 0, 0, 10] },
    fieldTable([
      ['Periode', { text: [periodInWords(report, zone), { text: '  (period)', italics: true, color: '#666666' }] }],
      ['Pemantauan', w.checked
        ? `${formatDateTime(w.checkedAt, zone)}; ${w.names} nama diperiksa, ${w.registered} terdaftar${w.complete ? '' : ' (sebagian: tidak semua nama terdaftar diperiksa)'}`
        : { text: `${NOT_CHECKED} (${w.reason.id} / ${w.reason.en})`, italics: true }],
      ['Insiden', report.incidents.checked
        ? `issue GitHub${context.repo ? ` ${context.repo}` : ''}; standar waktu ${limit}`
        : { text: `${NOT_CHECKED} (${report.incidents.reason.id} / ${report.incidents.reason.en})`, italics: true }],
    ], 78),

    section('1. Ringkasan per Perangkat Daerah', 'Summary per agency'),
    table(
      ['*', 46, 62, 40, 46, 42, 44, 52],
      [head('Perangkat Daerah', 'agency'), head('Sub domain', 'subdomains'), head('Terkonfirmasi', 'confirmed'), head('Jatuh tempo', 'due'), head('Lewat tenggang', 'overdue'), head('Temuan', 'findings'), head('Insiden', 'incidents'), head('Sertifikat', 'certificates')],
      rows.map(({ label, counts, total }) => [
        cell(label, bold(total)),
        num(counts.subdomains, bold(total)),
        num(counts.confirmation.ok, bold(total)),
        num(counts.confirmation.due, bold(total)),
        num(counts.confirmation.overdue, bold(total)),
        num(counts.findings?.total, bold(total)),
        num(counts.incidents?.opened, bold(total)),
        num(counts.certificates, bold(total)),
      ]),
    ),
    note(`Terkonfirmasi: dikonfirmasi ulang oleh OPD dalam jangka kebijakan (pembuatan dihitung). Insiden: dibuka dalam periode. Sertifikat: berakhir dalam ${report.certificateWindowDays} hari atau sudah kedaluwarsa.`),

    section('2. Temuan pemantauan', 'Watch findings'),
  ];

  if (!report.findings) {
    content.push(note(`Tidak diperiksa / not checked: ${whyNotChecked(w).id}.`));
  } else {
    content.push(table(
      ['*', ...SEVERITY_ORDER.map(() => 38), 58],
      [head('Perangkat Daerah', 'agency'), ...SEVERITY_ORDER.map((s) => head(SEVERITY_ID[s][0]!.toUpperCase() + SEVERITY_ID[s].slice(1), s)), head('Perlu perhatian', 'needs attention')],
      rows.map(({ label, counts, total }) => [cell(label, bold(total)), ...SEVERITY_ORDER.map((s) => num(counts.findings!.bySeverity[s], bold(total))), num(counts.findings!.needsAttention, bold(total))]),
    ));
    const listed = report.findings.filter((f) => LISTED_SEVERITIES.has(f.severity));
    if (listed.length > 0) {
      content.push(table(
        [44, 130, 110, '*'],
        [head('Tingkat', 'severity'), head('Sub domain'), head('Perangkat Daerah', 'agency'), head('Temuan', 'finding')],
        listed.map((f) => [
          cell(SEVERITY_ID[f.severity]),
          cell(f.fqdn),
          cell(opdName(f.opd)),
          f.confidential ? cell('perlu perhatian / needs attention', { italics: true }) : cell(oneLine(f.title.id)),
        ]),
      ));
    }
    content.push(note('Temuan kelas pengambilalihan hanya ditulis "perlu perhatian" sampai diperbaiki; rinciannya dilaporkan secara tertutup kepada pengelola. Temuan tingkat rendah dan info hanya dihitung.'));
  }

  content.push(section(`3. Insiden dan waktu penanganan (standar ${limit})`, 'Incidents and response time'));
  if (!report.incidentRows) {
    content.push(note(`Tidak diperiksa / not checked: ${whyNotChecked(report.incidents).id}.`));
  } else {
    content.push(table(
      ['*', 44, 60, 60, 50, 60],
      [head('Perangkat Daerah', 'agency'), head('Dibuka', 'opened'), head('Selesai dalam standar', 'closed within'), head('Selesai melewati standar', 'closed over'), head('Masih terbuka', 'still open'), head('Terbuka melewati standar', 'open over')],
      rows.map(({ label, counts, total }) => {
        const i = counts.incidents!;
        return [cell(label, bold(total)), num(i.opened, bold(total)), num(i.closedWithin, bold(total)), num(i.closedOver, bold(total)), num(i.open, bold(total)), num(i.openOver, bold(total))];
      }),
    ));
    if (report.incidentRows.length > 0) {
      content.push(table(
        [34, '*', 62, 62, 56, 72],
        [head('Issue'), head('Sub domain'), head('Dibuka', 'opened'), head('Ditutup', 'closed'), head('Lama', 'time'), head('Status')],
        report.incidentRows.map((r) => [
          cell(`#${r.number}`),
          cell(`${r.fqdn}\n${opdName(r.opd)}`),
          cell(when(r.opened, zone)),
          cell(r.closed !== undefined ? when(r.closed, zone) : '-'),
          cell(r.closed !== undefined ? (r.responseS !== undefined ? formatDuration(r.responseS, 'id') : '-') : `${formatDuration(r.ageS ?? 0, 'id')} (berjalan)`),
          cell(`${incidentStatus(r).id}${r.inPeriod ? '' : ' (dibuka sebelum periode)'}`, r.withinStandard ? {} : { bold: true }),
        ]),
      ));
    } else {
      content.push(note('Tidak ada insiden dalam periode ini.'));
    }
  }

  content.push(section(`4. Sertifikat HTTPS segera kedaluwarsa (${report.certificateWindowDays} hari)`, 'Certificates about to expire'));
  if (!report.certificates) {
    content.push(note(`Tidak diperiksa / not checked: ${whyNotChecked(w).id}.`));
  } else if (report.certificates.length === 0) {
    content.push(note('Tidak ada.'));
  } else {
    content.push(table(
      ['*', 120, 70, 80],
      [head('Sub domain'), head('Perangkat Daerah', 'agency'), head('Berlaku s.d.', 'valid until'), head('Sisa', 'left')],
      report.certificates.map((c) => [
        cell(c.fqdn),
        cell(opdName(c.opd)),
        cell(formatDate(c.validUntil, zone)),
        cell(c.daysLeft > 0 ? `${c.daysLeft} hari` : c.daysLeft === 0 ? 'hari ini' : `kedaluwarsa ${-c.daysLeft} hari lalu`, c.daysLeft <= 0 ? { bold: true } : {}),
      ]),
    ));
  }

  content.push(section('5. Konfirmasi ulang yang jatuh tempo', 'Re-confirmations due'));
  if (report.confirmations.length === 0) {
    content.push(note('Semua sub domain sudah dikonfirmasi ulang.'));
  } else {
    content.push(table(
      ['*', 110, 64, 64, 60],
      [head('Sub domain'), head('Perangkat Daerah', 'agency'), head('Terakhir', 'last'), head('Tenggang s.d.', 'grace until'), head('Status')],
      report.confirmations.map((c) => [
        cell(c.fqdn),
        cell(opdName(c.opd)),
        cell(c.lastConfirmed ? when(c.lastConfirmed, zone) : '-'),
        cell(when(c.graceEndsAt, zone)),
        cell(c.state === 'overdue' ? 'lewat tenggang' : 'jatuh tempo', c.state === 'overdue' ? { bold: true } : {}),
      ]),
    ));
  }

  content.push({
    columns: [
      { width: '*', text: '' },
      {
        width: 230,
        stack: [
          { text: `${office.city ? `${office.city}, ` : ''}${formatDate(report.generatedAt, zone)}`, margin: [0, 0, 0, 4] },
          ...signatureStack(undefined, `${office.head.title},`, office.head.name, office.head.rank, office.head.nip),
        ],
      },
    ],
    margin: [0, 14, 0, 0],
    unbreakable: true,
  } as Content);

  const source = [
    'Sumber: Daftar Sub Domain',
    w.checked ? `pemantauan ${formatDate(w.checkedAt, zone)}` : undefined,
    report.incidents.checked && context.repo ? `issue ${context.repo}` : undefined,
  ].filter((s): s is string => s !== undefined).join(', ');
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    info: {
      title: `${POSTURE_TITLE.id} - ${office.name}`,
      author: office.name,
      subject: `${POSTURE_TITLE.en}: ${periodInWords(report, zone)}`,
      // The report's clock: the same inputs give the same bytes.
      creationDate: new Date(report.generatedAt),
    },
    defaultStyle: { font: FONT, fontSize: 10, lineHeight: 1.15 },
    styles: { ...styles, section: { fontSize: 10, bold: true, margin: [0, 6, 0, 4] } },
    content,
    footer: (page: number, pages: number): Content => sanitizeStrings({
      columns: [
        { text: source, style: 'small', color: '#666666' },
        { text: `Halaman ${page} dari ${pages}`, style: 'small', color: '#666666', alignment: 'right', width: 90 },
      ],
      margin: [PAGE_MARGINS[0], 20, PAGE_MARGINS[2], 0],
    } as Content),
  };
  return sanitizeStrings(definition);
}

/** The posture report as PDF bytes. */
export async function renderPosturePdf(report: PostureReport, policy: Pick<ResolvedPolicy, 'office'>, context: PosturePdfContext = {}): Promise<Buffer> {
  return renderPdf(postureDocument(report, policy, context));
}
