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

/** The width of the text column of an A4 page. */
export const TEXT_WIDTH = 595.28 - PAGE_MARGINS[0] - PAGE_MARGINS[2];
/** The emblem's width in the kop surat (about 2 cm). */
const EMBLEM_WIDTH = 56;

/**
 * The kop surat: the regional emblem on the left (when the policy names one), government and
 * office in capitals with the address lines centred beside it, and the double rule under it.
 */
export function letterhead(facts: Pick<LetterFacts, 'office'>): Content[] {
  const width = TEXT_WIDTH;
  const lines: Content[] = [];
  if (facts.office.government) lines.push({ text: facts.office.government.toUpperCase(), style: 'government' });
  // The room the text has: beside the emblem (less its margins), or the full width.
  const room = facts.office.emblem ? width - EMBLEM_WIDTH - 16 : width;
  lines.push({ text: officeNameLines(facts.office.name.toUpperCase(), room, styles.office.fontSize), style: 'office' });
  for (const line of facts.office.letterhead) lines.push({ text: line, style: 'letterhead' });
  const text: Content = { stack: lines, alignment: 'center' };
  return [
    facts.office.emblem
      ? {
          columns: [
            { image: 'emblem', fit: [EMBLEM_WIDTH, 62], width: EMBLEM_WIDTH },
            // The text is centred in the room beside the emblem, a little in from the right edge.
            { ...text, width: '*', margin: [6, 0, 10, 0] },
          ],
          columnGap: 0,
        }
      : text,
    {
      canvas: [
        { type: 'line', x1: 0, y1: 4, x2: width, y2: 4, lineWidth: 2 },
        { type: 'line', x1: 0, y1: 7, x2: width, y2: 7, lineWidth: 0.5 },
      ],
      margin: [0, 0, 0, 12],
    },
  ];
}

// Helvetica-Bold's advance widths (per 1000 em) of what an office name in capitals holds.
const BOLD_WIDTHS: Record<string, number> = {
  A: 722, B: 722, C: 722, D: 722, E: 667, F: 611, G: 778, H: 722, I: 278, J: 556, K: 722, L: 611, M: 833,
  N: 722, O: 778, P: 667, Q: 778, R: 722, S: 667, T: 611, U: 722, V: 667, W: 944, X: 667, Y: 667, Z: 611,
  ' ': 278, ',': 278, '.': 278, '-': 333, '(': 333, ')': 333, '&': 722,
};

/** The width of a text in capitals set in Helvetica-Bold at `size` points (digits and others as wide as a capital). */
export function boldWidth(text: string, size: number): number {
  let units = 0;
  for (const char of text) units += BOLD_WIDTHS[char] ?? (/[0-9]/.test(char) ? 556 : 722);
  return (units * size) / 1000;
}

/**
 * The office's name as a kop surat sets it: on one line when it fits, else broken before the
 * region (`DINAS KOMUNIKASI DAN INFORMATIKA` / `KABUPATEN DEMAK`) when the part before it fits
 * a line, so no single word is left on a line of its own; otherwise as the text flows.
 */
export function officeNameLines(name: string, room: number, size: number): string {
  if (boldWidth(name, size) <= room) return name;
  const region = /\s(KOTA|KABUPATEN|PROVINSI)\s/.exec(name);
  if (region && boldWidth(name.slice(0, region.index), size) <= room && boldWidth(name.slice(region.index + 1), size) <= room) {
    return `${name.slice(0, region.index)}\n${name.slice(region.index + 1)}`;
  }
  return name;
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
      `Yth. ${facts.opd.head}`,
      'di',
      { text: 'Tempat', margin: [20, 0, 0, 0] },
    ],
    margin: [0, 0, 0, 12],
  };
}

export function paragraph(text: string | Content[], margin: [number, number, number, number] = [0, 0, 0, 6]): Content {
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
/**
 * `qrBeside`: the QR code to the public register page sits to the right of the details (the
 * Berita Acara, whose signatures leave no room beside them).
 */
export function subdomainDetails(facts: LetterFacts, indent = 28, qrBeside = false): Content[] {
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
  const details = fieldTable(rows, 132, [indent, 0, 0, 6]);
  const out: Content[] = [
    qrBeside && facts.registerUrl
      ? {
          columns: [
            { width: '*', stack: [details] },
            {
              width: 76,
              stack: [
                { qr: facts.registerUrl, fit: 64, eccLevel: 'M', alignment: 'center' } as Content,
                { text: 'Pindai untuk melihat di Daftar Sub Domain', fontSize: 6.5, color: '#444444', alignment: 'center', margin: [0, 2, 0, 0] },
              ],
            },
          ],
          columnGap: 8,
        }
      : details,
  ];
  if (facts.records.length > 0) out.push(...recordsTable(facts.records, indent));
  return out;
}

/**
 * The DNS records: each type with what it is for, the full name it answers for, its value, and
 * how long other servers may keep it (TTL), so a reader outside IT can follow the table.
 */
export function recordsTable(records: RecordRow[], indent = 28): Content[] {
  const head = ['No', 'Jenis', 'Nama', 'Nilai', 'TTL'].map((text) => ({ text, style: 'cellHead' }));
  const body: TableCell[][] = [head];
  records.forEach((r, i) => {
    body.push([String(i + 1), r.type, r.name, r.value, r.ttl].map((text) => ({ text, style: 'cell' })));
  });
  // What each type present is for, and what TTL means, right under the table.
  const types = [...new Set(records.map((r) => r.type))].filter((t) => records.find((r) => r.type === t)!.meaning);
  const legend = [
    ...types.map((t) => `${t}: ${records.find((r) => r.type === t)!.meaning}`),
    'TTL: lama data boleh disimpan sementara oleh server lain',
  ].join('; ');
  return [
    {
      table: { headerRows: 1, dontBreakRows: true, widths: [14, 34, 124, '*', 40], body },
      layout: thinGrid,
      margin: [indent, 0, 0, 2],
    },
    { text: `Keterangan: ${legend}.`, style: 'note', margin: [indent, 0, 0, 8] },
  ];
}

/**
 * The SOP steps: who took each and when, against its Mutu Baku. `Pelaksana` names the official
 * who took the step by name and title (the title alone when the policy names nobody), or the
 * role(s) that may take it while it is open; never a GitHub login.
 */
export function stepTable(steps: StepRow[]): Content {
  const head = ['No', 'Langkah SOP', 'Pelaksana', 'Waktu', 'Mutu Baku', 'Lama'].map((text) => ({ text, style: 'cellHead' }));
  const body: TableCell[][] = [head];
  for (const step of steps) {
    const pending = step.afterMerge ? 'setelah penerapan' : 'belum tercatat';
    body.push([
      { text: step.no, style: 'cell' },
      { text: step.title, style: 'cell' },
      step.name ? { text: [{ text: step.name, bold: true }, `\n${step.roles}`], style: 'cell' } : { text: step.roles, style: 'cell' },
      step.at ? { text: step.at.replace(' pukul ', '\npukul '), style: 'cell' } : { text: pending, style: 'cell', italics: true },
      { text: step.standard, style: 'cell' },
      step.took ? { text: step.late ? `${step.took} (melewati)` : step.took, style: 'cell', bold: step.late } : { text: '-', style: 'cell' },
    ]);
  }
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [18, '*', 132, 74, 38, 44], body },
    layout: thinGrid,
    margin: [0, 0, 0, 8],
  };
}

/**
 * The office's signature block (the head, their Plh./Plt., or a delegate a.n. the head) on the
 * right half of the page, with the space for the electronic signature; on the left, the QR code
 * that opens the subdomain's page in the public register, when the policy gives the site.
 */
export function officeSignature(facts: LetterFacts, caption?: string): Content {
  const { signer } = facts;
  return {
    columns: [
      facts.registerUrl ? { width: '*', stack: [verification(facts)], margin: [0, 40, 16, 0] } : { width: '*', text: '' },
      { width: 230, stack: signatureStack(caption, signerTitle(signer), signer.name, signer.rank, signer.nip, tteSpace()) },
    ],
    margin: [0, 6, 0, 0],
    unbreakable: true,
  } as Content;
}

/**
 * The tag the electronic signature is placed at. The letter is signed outside this product
 * (TTE with a BSrE certificate, in Srikandi or the office's signing application), which finds
 * this text and puts the visible signature (its QR code) over it.
 */
export const TTE_TAG = '${ttd}';

/**
 * The tag is text the signing application searches for, so it stays in the page's text, but
 * in white, as the TTE convention writes it: unsigned, the box shows only its caption; signed,
 * the signature covers the spot. Nobody reads `${ttd}` on the printed letter.
 */
export const TTE_TAG_COLOR = '#ffffff';

/** The room for the electronic signature, marked so nobody signs elsewhere or prints it unsigned unawares. */
export function tteSpace(): Content {
  return {
    table: {
      widths: [150],
      heights: [54],
      body: [[{
        stack: [
          { text: TTE_TAG, fontSize: 7, color: TTE_TAG_COLOR },
          { text: 'Ruang tanda tangan elektronik (TTE)', fontSize: 7, color: '#9a9a9a', alignment: 'center', margin: [0, 8, 0, 0] },
        ],
      }]],
    },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      hLineColor: () => '#b0b0b0',
      vLineColor: () => '#b0b0b0',
      hLineStyle: () => ({ dash: { length: 2, space: 2 } }),
      vLineStyle: () => ({ dash: { length: 2, space: 2 } }),
      paddingLeft: () => 3,
      paddingRight: () => 3,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 4, 0, 4],
  } as Content;
}

/** The QR code to the subdomain's public register page, with what it opens in words. */
export function verification(facts: LetterFacts): Content {
  const url = facts.registerUrl!;
  return {
    columns: [
      { qr: url, fit: 64, eccLevel: 'M', width: 64 } as Content,
      {
        width: '*',
        stack: [
          { text: 'Pindai kode QR untuk melihat sub domain ini di Daftar Sub Domain:', fontSize: 7, color: '#444444' },
          { text: url, fontSize: 6.5, color: '#444444', margin: [0, 2, 0, 0] },
        ],
      },
    ],
    columnGap: 6,
  } as Content;
}

/**
 * Tembusan: the copies, at the end of the letter. Numbered when there are several, each ending
 * with `;` and the last with `.`, unless the policy's text already ends in a stop.
 */
export function tembusan(facts: LetterFacts): Content[] {
  const items = facts.tembusan;
  if (items.length === 0) return [];
  const end = (text: string, last: boolean) => (/[.;:,]$/.test(text) ? text : `${text}${last ? '.' : ';'}`);
  const list: Content =
    items.length === 1
      ? { text: end(items[0]!, true) }
      : { ol: items.map((item, i) => end(item, i === items.length - 1)), margin: [0, 0, 0, 0] } as Content;
  return [{ stack: [{ text: 'Tembusan:', decoration: 'underline' }, list], fontSize: 9.5, margin: [0, 12, 0, 0], unbreakable: true } as Content];
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

/** Caption, title (a string is set in capitals; lines from `signerTitle` as they are), room for the signature (and stamp) or `space`, the name underlined, rank and NIP. */
export function signatureStack(caption: string | undefined, title: string | Content[], name?: string, rank?: string, nip?: string, space?: Content): Content[] {
  const out: Content[] = [];
  if (caption) out.push({ text: caption, bold: true });
  if (typeof title === 'string') out.push({ text: title.toUpperCase(), bold: true });
  else out.push(...title);
  out.push(space ?? { text: '', margin: [0, 0, 0, 52] });
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
  /** The electronic signature's room instead of a blank. */
  tte?: boolean;
}

/** Two signature blocks side by side, their lines level with each other (Berita Acara). */
export function signaturePair(left: Signatory, right: Signatory): Content {
  const cells = (s: Signatory): Content[] => [
    { text: s.caption, bold: true },
    typeof s.title === 'string' ? { text: s.title.toUpperCase(), bold: true } : { stack: s.title },
    s.tte ? tteSpace() : s.space ? { text: `(${s.space})`, style: 'note', color: '#999999', margin: [0, 26, 0, 26] } : { text: '', margin: [0, 0, 0, 52] },
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
        ...(facts.sop ? [['SOP', facts.sop] as [string, Content]] : []),
        ...(facts.total ? [['Waktu layanan', totalText(facts.total)] as [string, Content]] : []),
      ],
      104,
      [0, 0, 0, 8],
    ),
    stepTable(facts.steps),
    {
      text: 'Waktu dicatat dari persetujuan setiap pejabat pada sistem permohonan sub domain; "Lama" dihitung dari langkah sebelumnya atau sejak permohonan diajukan. Langkah "setelah penerapan" dikerjakan sesudah sub domain aktif, termasuk penyampaian surat ini.',
      style: 'note',
    },
  ];
  return out;
}

/** `1 jam 35 menit (Mutu Baku 7 hari)`, `9 hari (melebihi Mutu Baku 7 hari)`: the attachment's service time. */
export function totalText(total: NonNullable<LetterFacts['total']>): string {
  const limit = total.limit ? ` (${total.late ? 'melebihi ' : ''}Mutu Baku ${total.limit})` : '';
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

/** The page number at the foot of each page, and the subdomain the document is about. */
export function footer(facts: LetterFacts) {
  return (page: number, pages: number): Content => ({
    columns: [
      { text: `${facts.office.short} - sub domain ${facts.fqdn}`, style: 'small', color: '#666666' },
      { text: `Halaman ${page} dari ${pages}`, style: 'small', color: '#666666', alignment: 'right', width: 90 },
    ],
    margin: [PAGE_MARGINS[0], 20, PAGE_MARGINS[2], 0],
  });
}
