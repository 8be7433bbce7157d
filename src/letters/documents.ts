import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { RegisterEntry } from '../schema/types.gen.js';
import { letterFacts, signerPosition, type LetterAssets, type LetterFacts } from './facts.js';
import { dateInWords, dayName, formatDateNumeric } from './indonesian.js';
import { sanitizeStrings } from './latin1.js';
import {
  addressee, fieldTable, FONT, footer, letterhead, officeSignature, PAGE_MARGINS, paragraph, placeAndDate,
  keep, signaturePair, signerTitle, stepAttachment, styles, subdomainDetails, tembusan,
} from './layout.js';

/**
 * The documents each seed SOP names as its output:
 * - Bekasi: the subdomain's address handed to the agency (a notification) and the Berita Acara
 *   its head signs (rows 4–5);
 * - Singkawang and Balangan: the reply letter (surat balasan);
 * - Lumajang: the notification (surat pemberitahuan, rows 9–12);
 * - Demak: the account letter for subdomain and hosting, which is its reply (row 8).
 * A policy without a preset gets the reply letter.
 */
export type DocumentKind = 'surat-balasan' | 'surat-pemberitahuan' | 'berita-acara' | 'surat-akun';

const KINDS_BY_PRESET: Record<NonNullable<ResolvedPolicy['preset']>, DocumentKind[]> = {
  bekasi: ['surat-pemberitahuan', 'berita-acara'],
  singkawang: ['surat-balasan'],
  balangan: ['surat-balasan'],
  lumajang: ['surat-pemberitahuan'],
  demak: ['surat-akun'],
};

export function documentKinds(policy: Pick<ResolvedPolicy, 'preset'>): DocumentKind[] {
  return policy.preset ? KINDS_BY_PRESET[policy.preset] : ['surat-balasan'];
}

export interface OfficeDocument {
  kind: DocumentKind;
  /** `disdik.bekasikota.go.id-berita-acara.pdf` */
  fileName: string;
  /** What the document is, for people: `Berita Acara Serah Terima Sub Domain`. */
  title: string;
  definition: TDocumentDefinitions;
}

/** The office's documents for one registered subdomain, as pdfmake document definitions. */
export function officeDocuments(policy: ResolvedPolicy, fqdn: string, entry: RegisterEntry, assets: LetterAssets = {}): OfficeDocument[] {
  const facts = letterFacts(policy, fqdn, entry, assets);
  const kinds = documentKinds(policy);
  return kinds.map((kind) => buildDocument(kind, facts, kinds));
}

/** One document; `together` are the kinds sent with it (a letter mentions the Berita Acara it encloses). */
export function buildDocument(kind: DocumentKind, facts: LetterFacts, together: readonly DocumentKind[] = [kind]): OfficeDocument {
  const { title, content } = BUILDERS[kind](facts, together);
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    info: {
      title: `${title} - ${facts.fqdn}`,
      author: facts.office.name,
      subject: `${facts.office.short} ${kind === 'berita-acara' ? facts.letter.baNumber : facts.letter.number}`,
      // A fixed date keeps the same register entry producing the same bytes.
      creationDate: new Date(facts.letter.appliedAt),
    },
    defaultStyle: { font: FONT, fontSize: 10.5, lineHeight: 1.12 },
    styles,
    content,
    footer: footer(facts),
  };
  const clean = sanitizeStrings(definition);
  // Outside the text: the emblem's bytes are no string to clean.
  if (facts.office.emblem) clean.images = { emblem: facts.office.emblem };
  return { kind, fileName: `${facts.fqdn}-${kind}.pdf`, title, definition: clean };
}

type Builder = (facts: LetterFacts, together: readonly DocumentKind[]) => { title: string; content: Content[] };

const BUILDERS: Record<DocumentKind, Builder> = {
  'surat-balasan': replyLetter,
  'surat-pemberitahuan': notification,
  'surat-akun': accountLetter,
  'berita-acara': beritaAcara,
};

const CLOSING = 'Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih.';

/** The closing sentence, the signature and the copies, never parted by a page break: a signature never stands alone on a page. */
function closing(facts: LetterFacts): Content {
  return { stack: [paragraph(CLOSING), officeSignature(facts), ...tembusan(facts)], unbreakable: true } as Content;
}

function subjectOf(facts: LetterFacts, what: string): string {
  return `${what} ${facts.request.action === 'update' ? 'Perubahan' : 'Pembuatan'} Sub Domain ${facts.fqdn}`;
}

/** `surat Saudara Nomor … tanggal … perihal …`, with the number kept on one line. */
function requestReference(facts: LetterFacts, whose = 'Saudara'): Content[] {
  const reference = facts.request.reference ? [' ', keep(`(${facts.request.reference})`)] : [];
  const what = facts.request.action === 'update' ? 'perubahan data' : 'pembuatan';
  return [`surat ${whose} Nomor `, keep(facts.request.number), ` tanggal ${facts.request.date}`, ...reference, ` perihal permohonan ${what} sub domain`];
}

function numberBlock(facts: LetterFacts, subject: string, attachment: string): Content {
  return fieldTable([
    ['Nomor', facts.letter.number],
    ['Sifat', 'Biasa'],
    ['Lampiran', attachment],
    ['Perihal', { text: subject, bold: true }],
  ]);
}

/**
 * The whole service time, said only when it means something: the request's opening and the
 * apply are known and the SOP sets a Mutu Baku for the whole service to measure it against.
 * (Without a limit the attachment still shows the time taken.)
 */
function serviceTime(facts: LetterFacts): Content[] {
  const total = facts.total;
  if (!total?.limit) return [];
  return [paragraph(total.late
    ? `Seluruh proses layanan diselesaikan dalam waktu ${total.took}, melebihi Mutu Baku ${total.limit}.`
    : `Seluruh proses layanan diselesaikan dalam waktu ${total.took}, sesuai Mutu Baku ${total.limit}.`)];
}

function replyLetter(facts: LetterFacts): { title: string; content: Content[] } {
  const title = 'Surat Balasan Permohonan Sub Domain';
  return {
    title,
    content: [
      ...letterhead(facts),
      placeAndDate(facts),
      numberBlock(facts, subjectOf(facts, 'Balasan Permohonan'), '1 (satu) berkas'),
      addressee(facts),
      paragraph(['Menindaklanjuti ', ...requestReference(facts), ', dengan hormat kami sampaikan bahwa permohonan tersebut telah diproses sesuai Standar Operasional Prosedur dan sub domain telah aktif serta tercatat dalam Daftar Sub Domain dengan rincian sebagai berikut:']),
      ...subdomainDetails(facts),
      paragraph('Riwayat proses permohonan pada setiap langkah SOP, beserta pejabat yang melaksanakannya dan waktunya, tercantum dalam lampiran.'),
      ...serviceTime(facts),
      closing(facts),
      ...stepAttachment(facts),
    ],
  };
}

function notification(facts: LetterFacts, together: readonly DocumentKind[]): { title: string; content: Content[] } {
  const withBa = together.includes('berita-acara');
  const title = 'Surat Pemberitahuan Sub Domain';
  return {
    title,
    content: [
      ...letterhead(facts),
      placeAndDate(facts),
      numberBlock(facts, subjectOf(facts, 'Pemberitahuan'), withBa ? '2 (dua) berkas' : '1 (satu) berkas'),
      addressee(facts),
      paragraph(['Berdasarkan ', ...requestReference(facts), ', bersama ini kami beritahukan bahwa sub domain berikut telah dibuat dan tercatat dalam Daftar Sub Domain:']),
      ...subdomainDetails(facts),
      paragraph('Riwayat proses permohonan pada setiap langkah SOP, beserta pejabat yang melaksanakannya dan waktunya, tercantum dalam lampiran.'),
      ...serviceTime(facts),
      ...(withBa
        ? [paragraph(['Bersama surat ini kami sampaikan pula Berita Acara Serah Terima Sub Domain Nomor ', keep(facts.letter.baNumber), ` untuk ditandatangani oleh Kepala Perangkat Daerah pemohon dan dikembalikan kepada ${facts.office.short}. Sub domain yang tidak tercatat dalam Daftar Sub Domain tidak dianggap sebagai aplikasi milik ${facts.office.government ?? 'Pemerintah Daerah'}.`])]
        : []),
      closing(facts),
      ...stepAttachment(facts),
    ],
  };
}

function accountLetter(facts: LetterFacts): { title: string; content: Content[] } {
  const title = 'Surat Akun Subdomain dan Hosting';
  const service = facts.hosting ? 'Subdomain dan Hosting' : 'Subdomain';
  const rows: [string, Content][] = [
    ['Subdomain', { text: facts.fqdn, bold: true }],
    ['Layanan', service],
    ['Perangkat Daerah', facts.opd.name],
    ['Tujuan', facts.request.purpose],
  ];
  if (facts.hosting) {
    rows.push(['Alamat situs', `https://${facts.fqdn}`]);
    rows.push(['Server hosting', facts.hosting.description]);
    if (facts.hosting.addresses.length > 0) rows.push(['Alamat server', facts.hosting.addresses.join(', ')]);
  }
  rows.push(['Pengelola akun', facts.contact.name]);
  rows.push(['Surel pengelola', facts.contact.email]);
  rows.push(['Tanggal aktif', facts.letter.date]);
  const details = subdomainDetails(facts).slice(1); // the records table, if any
  return {
    title,
    content: [
      ...letterhead(facts),
      placeAndDate(facts),
      numberBlock(facts, `Penerbitan Akun ${service} ${facts.fqdn}`, '1 (satu) berkas'),
      addressee(facts),
      paragraph(['Menindaklanjuti ', ...requestReference(facts), `${facts.hosting ? ' dan hosting' : ''}, bersama ini kami sampaikan bahwa akun ${service.toLowerCase()} Saudara telah diterbitkan dengan rincian sebagai berikut:`]),
      fieldTable(rows, 118, [28, 0, 0, 6]),
      ...(details.length > 0 ? [paragraph('Catatan DNS sub domain tersebut:', [0, 0, 0, 4]), ...details] : []),
      paragraph('Nama pengguna dan kata sandi awal akun disampaikan secara terpisah kepada pengelola akun dan tidak dicantumkan dalam surat ini. Kata sandi wajib diganti pada saat pertama kali masuk. Pengelola akun bertanggung jawab atas keamanan akun serta isi subdomain dan hosting sesuai tujuan permohonan.'),
      ...serviceTime(facts),
      paragraph('Riwayat proses permohonan pada setiap langkah SOP tercantum dalam lampiran surat ini.'),
      closing(facts),
      ...stepAttachment(facts),
    ],
  };
}

function beritaAcara(facts: LetterFacts): { title: string; content: Content[] } {
  const title = 'Berita Acara Serah Terima Sub Domain';
  const zone = facts.office.zone;
  const at = facts.letter.appliedAt;
  const signer = facts.signer;
  const party = (no: string, name: string | undefined, position: string, role: string): Content[] => [
    {
      table: {
        widths: [14, 56, 6, '*'],
        body: [
          [no, 'Nama', ':', name ?? '........................................'],
          ['', 'Jabatan', ':', position],
          ['', { text: `selanjutnya disebut ${role}.`, colSpan: 3 }, '', ''],
        ],
      },
      layout: 'noBorders',
      margin: [0, 0, 0, 6],
    },
  ];
  const signerNip = facts.request.signerNip;
  return {
    title,
    content: [
      ...letterhead(facts),
      { text: 'BERITA ACARA SERAH TERIMA SUB DOMAIN', style: 'title', alignment: 'center' },
      { text: `Nomor: ${facts.letter.baNumber}`, alignment: 'center', margin: [0, 2, 0, 14] },
      paragraph(`Pada hari ini ${dayName(at, zone)} tanggal ${dateInWords(at, zone)} (${formatDateNumeric(at, zone)}), yang bertanda tangan di bawah ini:`),
      ...party('1.', signer.name, signerPosition(signer), 'PIHAK PERTAMA'),
      ...party('2.', facts.request.signer, facts.request.signerPosition, 'PIHAK KEDUA'),
      paragraph(['PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA alamat sub domain beserta alamat server sebagai tindak lanjut ', ...requestReference(facts, 'PIHAK KEDUA'), ', dengan rincian sebagai berikut:']),
      ...subdomainDetails(facts, 18, true),
      paragraph(`PIHAK KEDUA menyatakan telah menerima sub domain tersebut dan bertanggung jawab atas pengelolaan serta isinya sesuai tujuan pembuatannya. Sub domain yang tidak tercatat dalam Daftar Sub Domain tidak dianggap sebagai aplikasi milik ${facts.office.government ?? 'Pemerintah Daerah'}.`),
      {
        unbreakable: true,
        stack: [
          paragraph('Demikian Berita Acara ini dibuat dalam rangkap 2 (dua) untuk dipergunakan sebagaimana mestinya.'),
          signaturePair(
            { caption: 'PIHAK KEDUA', title: `${facts.request.signerPosition},`, name: facts.request.signer, nip: signerNip, space: 'tanda tangan dan cap' },
            { caption: 'PIHAK PERTAMA', title: signerTitle(signer), ...(signer.name ? { name: signer.name } : {}), ...(signer.rank ? { rank: signer.rank } : {}), ...(signer.nip ? { nip: signer.nip } : {}), tte: true },
          ),
        ],
      } as Content,
    ],
  };
}

