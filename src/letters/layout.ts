import type { Content, ContentTable, TableCell } from 'pdfmake/interfaces.js';
import type { LetterFacts, RecordRow, Signer, StepRow } from './facts.js';

/** Building blocks shared by the office's documents: kop surat, number block, tables, signatures. */

export const FONT = 'Helvetica';
export const PAGE_MARGINS: [number, number, number, number] = [64, 40, 56, 56];

export const styles = {
  government: { fontSize: 13, bold: true },
  office: { fontSize: 14, bold: true },
  letterhead: { fontSize: 9 },
  title: { fontSize: 12, bold: true, decoration: 'underline' as const },
  small: { fontSize: 8 },
  cell: { fontSize: 8 },
  cellHead: { fontSize: 8, bold: true, fillColor: '#e8e8e8' },
  note: { fontSize: 8, italics: true, color: '#444444' },
};

/** The kop surat: government and office in capitals, address lines, and the double rule under it. */
export function letterhead(facts: LetterFacts): Content[] {
  const width = 595.28 - PAGE_MARGINS[0] - PAGE_MARGINS[2];
  const lines: Content[] = [];
  if (facts.office.government) lines.push({ text: facts.office.government.toUpperCase(), style: 'government' });
  lines.push({ text: facts.office.name.toUpperCase(), style: 'office' });
  for (const line of facts.office.letterhead) lines.push({ text: line, style: 'letterhead' });
  return [
    { stack: lines, alignment: 'center' },
    {
      canvas: [
        { type: 'line', x1: 0, y1: 4, x2: width, y2: 4, lineWidth: 2 },
        { type: 'line', x1: 0, y1: 7, x2: width, y2: 7, lineWidth: 0.5 },
      ],
      margin: [0, 0, 0, 12],
    },
  ];
}

/** `Bekasi, 4 Maret 2025`, right-aligned. */
export function placeAndDate(facts: LetterFacts): Content {
  return { text: `${facts.office.city ? `${facts.office.city}, ` : ''}${facts.letter.date}`, alignment: 'right', margin: [0, 0, 0, 8] };
}

/** A borderless `label : value` block: Nomor / Sifat / Lampiran / Perihal and the like. */
export function fieldTable(rows: [string, Content][], labelWidth = 62, margin: [number, number, number, number] = [0, 0, 0, 10]): ContentTable {
  return {
    table: {
      widths: [labelWidth, 6, '*'],
      body: rows.map(([label, value]) => [label, ':', value] as TableCell[]),
    },
    layout: 'noBorders',
    margin,
  };
}

/** `Yth. Kepala Dinas Pendidikan / di / Tempat` */
export function addressee(facts: LetterFacts): Content {
  return {
    stack: [
      'Kepada',
      `Yth. ${facts.opd.head}`,
      'di',
      { text: 'Tempat', margin: [20, 0, 0, 0] },
    ],
    margin: [0, 0, 0, 12],
  };
}

export function paragraph(text: string | Content[], margin: [number, number, number, number] = [0, 0, 0, 8]): Content {
  return { text: typeof text === 'string' ? text : mergeStrings(text), alignment: 'justify', leadingIndent: 28, margin } as Content;
}

// Justified text spreads space between inline pieces too: `domain` + `, dengan` would print
// `domain , dengan`. Adjacent plain strings become one piece.
function mergeStrings(pieces: Content[]): Content[] {
  const out: Content[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (typeof piece === 'string' && typeof last === 'string') out[out.length - 1] = last + piece;
    else out.push(piece);
  }
  return out;
}

/** What was registered: the subdomain, its owner, purpose and address (records or hosting). */
export function subdomainDetails(facts: LetterFacts, indent = 28): Content[] {
  const rows: [string, Content][] = [
    ['Sub domain', { text: facts.fqdn, bold: true }],
    ['Perangkat Daerah', facts.opd.name],
    ['Tujuan', facts.request.purpose],
    ['Tanggal aktif', facts.letter.date],
    ['Penanggung jawab teknis', facts.contact.name],
  ];
  if (facts.hosting) {
    rows.push(['Layanan', `Hosting: ${facts.hosting.description}`]);
    if (facts.hosting.addresses.length > 0) rows.push(['Alamat server', facts.hosting.addresses.join(', ')]);
  }
  const out: Content[] = [fieldTable(rows, 132, [indent, 0, 0, 6])];
  if (facts.records.length > 0) out.push(recordsTable(facts.records, indent));
  return out;
}

export function recordsTable(records: RecordRow[], indent = 28): Content {
  const head = ['No', 'Jenis', 'Nama', 'Nilai', 'TTL'].map((text) => ({ text, style: 'cellHead' }));
  return {
    table: {
      headerRows: 1,
      widths: [18, 36, 60, '*', 52],
      body: [head, ...records.map((r, i) => [String(i + 1), r.type, r.name, r.value, r.ttl].map((text) => ({ text, style: 'cell' })))],
    },
    layout: thinGrid,
    margin: [indent, 0, 0, 10],
  };
}

/** The SOP steps: who took each and when, against its Mutu Baku. */
export function stepTable(steps: StepRow[]): Content {
  const head = ['No', 'Langkah SOP', 'Pelaksana', 'Diambil oleh', 'Waktu', 'Mutu Baku', 'Lama'].map((text) => ({ text, style: 'cellHead' }));
  const body: TableCell[][] = [head];
  for (const step of steps) {
    const pending = step.afterMerge ? 'setelah penerapan' : 'belum tercatat';
    body.push([
      { text: step.no, style: 'cell' },
      { text: step.title, style: 'cell' },
      { text: step.roles, style: 'cell' },
      step.by ? { text: step.by, style: 'cell' } : { text: '-', style: 'cell' },
      step.at ? { text: step.at.replace(' pukul ', '\npukul '), style: 'cell' } : { text: pending, style: 'cell', italics: true },
      { text: step.standard, style: 'cell' },
      step.took ? { text: step.late ? `${step.took} (melewati)` : step.took, style: 'cell', bold: step.late } : { text: '-', style: 'cell' },
    ]);
  }
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [18, '*', 72, 84, 74, 38, 44], body },
    layout: thinGrid,
    margin: [0, 0, 0, 8],
  };
}

/** The office's signature block (the head, their Plh./Plt., or a delegate a.n. the head), on the right half of the page. */
export function officeSignature(facts: LetterFacts, caption?: string): Content {
  const { signer } = facts;
  return {
    columns: [
      { width: '*', text: '' },
      { width: 230, stack: signatureStack(caption, signerTitle(signer), signer.name, signer.rank, signer.nip) },
    ],
    margin: [0, 14, 0, 0],
  };
}

/**
 * The title lines above the signature, in capitals except the abbreviations, which keep their
 * case as the rules for official letters write them:
 * - the head: `KEPALA DINAS …,`
 * - an acting head: `Plh. KEPALA DINAS …,` (or `Plt.`)
 * - a delegate: `a.n. KEPALA DINAS …` and their own title below, `SEKRETARIS,`
 */
export function signerTitle(signer: Signer): Content[] {
  const head = signer.headTitle.toUpperCase();
  switch (signer.capacity) {
    case 'plh':
    case 'plt':
      return [{ text: `${signer.capacity === 'plh' ? 'Plh.' : 'Plt.'} ${head},`, bold: true }];
    case 'on_behalf':
      return [{ text: `a.n. ${head}`, bold: true }, { text: `${(signer.title ?? '').toUpperCase()},`, bold: true }];
    default:
      return [{ text: `${head},`, bold: true }];
  }
}

/** Caption, title (a string is set in capitals; lines from `signerTitle` as they are), room for the signature (and stamp), the name underlined, rank and NIP. */
export function signatureStack(caption: string | undefined, title: string | Content[], name?: string, rank?: string, nip?: string): Content[] {
  const out: Content[] = [];
  if (caption) out.push({ text: caption, bold: true });
  if (typeof title === 'string') out.push({ text: title.toUpperCase(), bold: true });
  else out.push(...title);
  out.push({ text: '', margin: [0, 0, 0, 52] });
  out.push(name ? { text: name, bold: true, decoration: 'underline' } : { text: '( ........................................ )' });
  if (rank) out.push(rank);
  out.push(nip ? `NIP. ${formatNip(nip)}` : 'NIP. ........................................');
  return out;
}

export interface Signatory {
  caption: string;
  /** A string is set in capitals; lines from `signerTitle` as they are. */
  title: string | Content[];
  name?: string;
  rank?: string;
  nip?: string;
  /** A faint hint in the blank where the signature goes. */
  space?: string;
}

/** Two signature blocks side by side, their lines level with each other (Berita Acara). */
export function signaturePair(left: Signatory, right: Signatory): Content {
  const cells = (s: Signatory): Content[] => [
    { text: s.caption, bold: true },
    typeof s.title === 'string' ? { text: s.title.toUpperCase(), bold: true } : { stack: s.title },
    s.space ? { text: `(${s.space})`, style: 'note', color: '#999999', margin: [0, 22, 0, 22] } : { text: '', margin: [0, 0, 0, 52] },
    s.name ? { text: s.name, bold: true, decoration: 'underline' } : { text: '( ........................................ )' },
    s.rank ?? '',
    s.nip ? `NIP. ${formatNip(s.nip)}` : 'NIP. ........................................',
  ];
  const [l, r] = [cells(left), cells(right)];
  return {
    table: { widths: ['*', 24, '*'], body: l.map((cell, i) => [cell, '', r[i]!] as TableCell[]) },
    layout: 'noBorders',
    margin: [0, 14, 0, 0],
    unbreakable: true,
  } as Content;
}

/** Text that must not break across lines: letter numbers, domain names. */
export function keep(text: string): Content {
  return { text, noWrap: true } as Content;
}

/** NIP as printed on letters: `19680903 199302 2 001` (birth date, appointment, sex, number). */
export function formatNip(nip: string): string {
  return /^\d{18}$/.test(nip) ? `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}` : nip;
}

/** The attachment page: the request's history through the SOP. */
export function stepAttachment(facts: LetterFacts): Content[] {
  const out: Content[] = [
    {
      columns: [
        { width: '*', text: '' },
        {
          width: 230,
          stack: [
            `Lampiran surat ${facts.office.short}`,
            fieldTable([['Nomor', facts.letter.number], ['Tanggal', facts.letter.date]], 40, [0, 0, 0, 0]),
          ],
          fontSize: 9,
        },
      ],
      pageBreak: 'before',
      margin: [0, 0, 0, 12],
    },
    { text: 'RIWAYAT PROSES PERMOHONAN SUB DOMAIN', bold: true, alignment: 'center' },
    { text: facts.fqdn, bold: true, alignment: 'center', margin: [0, 0, 0, 10] },
    fieldTable(
      [
        ['Surat permohonan', `Nomor ${facts.request.number} tanggal ${facts.request.date}`],
        ...(facts.request.reference ? [['Nomor e-office', facts.request.reference] as [string, Content]] : []),
        ['Pull request', `#${facts.request.pullRequest}`],
        ...(facts.sop ? [['SOP', facts.sop] as [string, Content]] : []),
        ...(facts.total ? [['Waktu layanan', totalText(facts.total)] as [string, Content]] : []),
      ],
      104,
      [0, 0, 0, 8],
    ),
    stepTable(facts.steps),
    {
      text: 'Waktu dicatat dari persetujuan (review) pada pull request; "Lama" dihitung dari langkah sebelumnya atau sejak permohonan dibuka. Langkah "setelah penerapan" dikerjakan sesudah sub domain aktif, termasuk penyampaian surat ini.',
      style: 'note',
    },
  ];
  return out;
}

export function totalText(total: NonNullable<LetterFacts['total']>): string {
  const limit = total.limit ? ` (batas ${total.limit}${total.late ? ', terlampaui' : ''})` : '';
  return `${total.took}${limit}`;
}

export const thinGrid = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#777777',
  vLineColor: () => '#777777',
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

/** A small line at the foot of each page saying where the document comes from. */
export function footer(facts: LetterFacts) {
  return (page: number, pages: number): Content => ({
    columns: [
      { text: `Dibuat dari Daftar Sub Domain: subdomains/${facts.fqdn}.yaml, commit ${facts.letter.commit.slice(0, 12)}`, style: 'small', color: '#666666' },
      { text: `Halaman ${page} dari ${pages}`, style: 'small', color: '#666666', alignment: 'right', width: 90 },
    ],
    margin: [PAGE_MARGINS[0], 20, PAGE_MARGINS[2], 0],
  });
}
