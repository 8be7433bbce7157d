import { formatDuration, parseDuration, recordedStepTimes, secondsBetween } from '../approvals/duration.js';
import { actingRoleLabel, inForce, officeDate, sameLogin } from '../approvals/roles.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { presets } from '../policy/presets/index.js';
import type { Approval, DnsRecord, RegisterEntry, RequestHistoryEntry } from '../schema/types.gen.js';
import { lastRequestEntry } from '../register/history.js';
import { subdomainUrl } from '../site/pages.js';
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime, type OfficeTimeZone } from './indonesian.js';
import { documentNumbers } from './numbering.js';

/** One row of the SOP step table: the step, who took it, when, against its Mutu Baku. */
export interface StepRow {
  /** The SOP's row number, or the step's position when the policy gives none. */
  no: string;
  title: string;
  /**
   * The role title(s) that may take it: `Kepala Dinas / Sekretaris Dinas`; once taken, the role
   * that took it, as `Plh. Kepala Dinas (Sprin 800/45/2026)` when its acting holder did.
   */
  roles: string;
  /** `@login` and the official's name on two lines, or `@login`; undefined when nobody is recorded (the public site reads it). */
  by?: string;
  /**
   * The name of the official who took it (from `office.officials`, or their acting appointment),
   * when the policy gives one: a letter prints it above `roles`, never the GitHub login.
   */
  name?: string;
  /** `4 Maret 2025 pukul 09.10 WIB` */
  at?: string;
  /** `10 menit`, `-` without a standard. */
  standard: string;
  /** Time the step took, from the step before it (or the opening of the pull request). */
  took?: string;
  late: boolean;
  afterMerge: boolean;
}

/**
 * Who signs the office's letters, and in what capacity: the head (`office.head`); the head's
 * Plh./Plt. when an appointment of `office.head.acting` covers the letter's date; otherwise a
 * delegate signing on behalf of the head (a.n., `office.signed_by`), when the policy names one.
 */
export interface Signer {
  capacity: 'head' | 'plh' | 'plt' | 'on_behalf';
  /** The head's title: `Kepala Dinas Komunikasi dan Informatika Kabupaten …`. */
  headTitle: string;
  /** The delegate's own title (`Sekretaris`), when signing a.n. the head. */
  title?: string;
  name?: string;
  rank?: string;
  nip?: string;
  /** The acting head's appointment letter. */
  appointment?: { number: string; date?: string };
}

export interface RecordRow {
  type: string;
  /** What the type is for, in plain words: `alamat server (IPv4)`. */
  meaning: string;
  /** The full name the record answers for: `sehat.bekasikota.go.id`, `_dmarc.sehat.bekasikota.go.id`. */
  name: string;
  value: string;
  ttl: string;
}

/** Record types in words a reader outside IT follows. */
export const RECORD_MEANING: Record<string, string> = {
  A: 'alamat server (IPv4)',
  AAAA: 'alamat server (IPv6)',
  CNAME: 'nama lain (alias) dari alamat tujuan',
  TXT: 'teks keterangan (verifikasi, kebijakan surel)',
  MX: 'server penerima surel (angka di depan: urutan)',
  CAA: 'penerbit sertifikat keamanan (SSL) yang diizinkan',
  NS: 'server nama yang mengelola sub domain ini',
  SRV: 'lokasi layanan (prioritas, bobot, port, server)',
};

/** Everything a document says, as plain strings: the documents only lay it out. */
export interface LetterFacts {
  fqdn: string;
  office: {
    name: string;
    short: string;
    government?: string;
    city?: string;
    /** The lines under the office's name: its free `letterhead` lines, or address and contacts. */
    letterhead: string[];
    /** The emblem for the kop surat, as a `data:image/png;base64,…` URL (loaded and checked by the CLI). */
    emblem?: string;
    head: { title: string; name?: string; rank?: string; nip?: string };
    zone: OfficeTimeZone;
  };
  /** Copies (tembusan), in order. */
  tembusan: string[];
  /** The subdomain's page on the public register site: the QR code opens it. None without `site.url`. */
  registerUrl?: string;
  opd: { key: string; name: string; head: string };
  request: {
    number: string;
    /** `18 November 2026` */
    date: string;
    signer: string;
    signerPosition: string;
    /** The request letter's signer's NIP: their Berita Acara signature block carries it. */
    signerNip: string;
    reference?: string;
    purpose: string;
    action: RequestHistoryEntry['action'];
  };
  /** Who signs, in what capacity, on the letter's date. */
  signer: Signer;
  /**
   * The outgoing letter's own number and date (the date the request was applied). `numbered` is
   * false for an entry registered before numbers were recorded: its sequence is left blank
   * (`555/....../Diskominfostandi/XI/2026`) for the secretariat to fill from its agenda.
   */
  letter: { number: string; baNumber: string; date: string; appliedAt: string; numbered: boolean };
  records: RecordRow[];
  hosting?: { description: string; addresses: string[] };
  contact: { name: string; email: string };
  /** Where the SOP comes from, when the policy uses a preset. */
  sop?: string;
  steps: StepRow[];
  /** Whole service time (opened → applied) against the policy's total limit, when known. */
  total?: { took: string; limit?: string; late: boolean };
}

/** What the CLI loads from the office repository for the letters: files, not policy strings. */
export interface LetterAssets {
  /** `data:image/png;base64,…` */
  emblem?: string;
}

export class LetterDataError extends Error {}

/**
 * Gathers what the office's documents say about one registered subdomain, from the policy and
 * its register entry. The latest history entry is the request the letters answer.
 */
export function letterFacts(policy: ResolvedPolicy, fqdn: string, entry: RegisterEntry, assets: LetterAssets = {}): LetterFacts {
  // An imported entry has no request letter to answer until a request changes it.
  const latest = lastRequestEntry(entry);
  if (!latest) throw new LetterDataError(`${fqdn}: tidak ada permohonan di riwayat (entri hasil import) / no request in the history (an imported entry)`);
  if (!entry.contact) throw new LetterDataError(`${fqdn}: kontak belum diisi / no contact yet`);
  const zone = policy.office.timezone ?? DEFAULT_TIME_ZONE;
  const office = policy.office;
  const opd = policy.opds[entry.opd];
  const opdName = opd?.name ?? entry.opd;
  const numbers = documentNumbers(office, latest.applied_at, latest.outgoing_letter);

  const facts: LetterFacts = {
    fqdn,
    office: officeFacts(office, assets.emblem),
    tembusan: office.tembusan ?? [],
    ...(policy.site?.url ? { registerUrl: subdomainUrl(policy.site.url, fqdn) } : {}),
    opd: {
      key: entry.opd,
      name: opdName,
      // The request letter's signer is the agency head; their position names the office exactly.
      head: /^kepala\s/i.test(latest.letter.signer.position) ? latest.letter.signer.position : `Kepala ${opdName}`,
    },
    request: {
      number: latest.letter.number,
      date: formatDate(latest.letter.date, zone),
      signer: latest.letter.signer.name,
      signerPosition: latest.letter.signer.position,
      signerNip: latest.letter.signer.nip,
      ...(latest.letter.reference ? { reference: latest.letter.reference } : {}),
      purpose: latest.purpose ?? entry.purpose,
      action: latest.action,
    },
    signer: letterSigner(policy, latest.applied_at),
    letter: {
      number: numbers.letter,
      baNumber: numbers.beritaAcara,
      date: formatDate(latest.applied_at, zone),
      appliedAt: latest.applied_at,
      numbered: latest.outgoing_letter !== undefined,
    },
    records: (entry.records ?? []).map((record) => recordRow(record, fqdn)),
    contact: { name: entry.contact.name, email: entry.contact.email },
    steps: stepRows(policy, latest, zone),
  };
  if (entry.hosting) {
    facts.hosting = {
      description: policy.hosting?.description ?? 'Hosting di pusat data daerah',
      addresses: (policy.hosting?.records ?? []).map((r) => (r.type === 'A' || r.type === 'AAAA' ? valueText(r.value) : `${r.type} ${valueText(r.value)}`)),
    };
  }
  const source = policy.preset ? presets[policy.preset]?.source : undefined;
  if (source) facts.sop = sopCitation(source);
  if (latest.opened_at) {
    const took = secondsBetween(latest.opened_at, latest.applied_at);
    const limit = parseDuration(policy.total_limit);
    if (took !== undefined) {
      facts.total = {
        took: formatDuration(took, 'id'),
        ...(limit !== undefined ? { limit: formatDuration(limit, 'id') } : {}),
        late: limit !== undefined && took > limit,
      };
    }
  }
  return facts;
}

/**
 * The SOP as a letter cites it: the preset's source without the editor's remark about what the
 * document leaves blank (`(nomor dan tanggal kosong di naskah)`), which is no part of a citation.
 */
export function sopCitation(source: string): string {
  return source.replace(/\s*\([^()]*\bkosong\b[^()]*\)/gi, '').trim();
}

/** The office as its documents print it: names, the kop surat's lines and emblem, the head. */
export function officeFacts(office: ResolvedPolicy['office'], emblem?: string): LetterFacts['office'] {
  return {
    name: office.name,
    short: office.short ?? 'Diskominfo',
    ...(office.government ? { government: office.government } : {}),
    ...(office.city ? { city: office.city } : {}),
    letterhead: letterheadLines(office),
    ...(emblem ? { emblem } : {}),
    head: {
      title: office.head?.title ?? `Kepala ${office.name}`,
      ...(office.head?.name ? { name: office.head.name } : {}),
      ...(office.head?.rank ? { rank: office.head.rank } : {}),
      ...(office.head?.nip ? { nip: office.head.nip } : {}),
    },
    zone: office.timezone ?? DEFAULT_TIME_ZONE,
  };
}

/**
 * The kop surat's lines under the office name. Free `letterhead` lines are printed as written;
 * otherwise the address (with its postcode) and one line of contacts, as official letters
 * write them: `Telepon …, Faksimile …, Pos-el …, Laman …`. The city alone when nothing else is known.
 */
export function letterheadLines(office: ResolvedPolicy['office']): string[] {
  if (office.letterhead) return office.letterhead;
  const lines: string[] = [];
  const address = [office.address, office.postcode ? `Kode Pos ${office.postcode}` : undefined].filter((part): part is string => !!part).join(', ');
  if (address) lines.push(address);
  // Telephones on one line, the addresses on the Internet on the next: each fits the kop's width.
  const line = (...parts: (string | undefined)[]) => parts.filter((part): part is string => !!part).join(', ');
  const phones = line(office.phone ? `Telepon ${office.phone}` : undefined, office.fax ? `Faksimile ${office.fax}` : undefined);
  const online = line(office.email ? `Pos-el ${office.email}` : undefined, office.website ? `Laman ${office.website.replace(/^https?:\/\//, '')}` : undefined);
  if (phones) lines.push(phones);
  if (online) lines.push(online);
  if (lines.length === 0 && office.city) lines.push(office.city);
  return lines;
}

/** Who signs a letter dated `at` (an instant; its date in the office's time zone counts). */
export function letterSigner(policy: Pick<ResolvedPolicy, 'office'>, at: string): Signer {
  const office = policy.office;
  const head = office.head;
  const headTitle = head?.title ?? `Kepala ${office.name}`;
  const acting = inForce(head?.acting, officeDate(at, policy));
  if (acting) {
    return {
      capacity: acting.kind,
      headTitle,
      name: acting.name,
      ...(acting.rank ? { rank: acting.rank } : {}),
      ...(acting.nip ? { nip: acting.nip } : {}),
      appointment: { number: acting.letter.number, ...(acting.letter.date ? { date: acting.letter.date } : {}) },
    };
  }
  const delegate = office.signed_by;
  if (delegate) {
    return {
      capacity: 'on_behalf',
      headTitle,
      title: delegate.title,
      name: delegate.name,
      ...(delegate.rank ? { rank: delegate.rank } : {}),
      ...(delegate.nip ? { nip: delegate.nip } : {}),
    };
  }
  return {
    capacity: 'head',
    headTitle,
    ...(head?.name ? { name: head.name } : {}),
    ...(head?.rank ? { rank: head.rank } : {}),
    ...(head?.nip ? { nip: head.nip } : {}),
  };
}

/** The signer's position in words, as a Berita Acara names its party: `Plh. Kepala Dinas …`, `Sekretaris, a.n. Kepala Dinas …`. */
export function signerPosition(signer: Signer): string {
  switch (signer.capacity) {
    case 'plh':
      return `Plh. ${signer.headTitle}`;
    case 'plt':
      return `Plt. ${signer.headTitle}`;
    case 'on_behalf':
      return `${signer.title}, a.n. ${signer.headTitle}`;
    default:
      return signer.headTitle;
  }
}

function recordRow(record: DnsRecord, fqdn: string): RecordRow {
  const value = valueText(record.value);
  return {
    type: record.type,
    meaning: RECORD_MEANING[record.type] ?? '',
    // Names in the register are relative to the subdomain; a letter writes them out in full.
    name: record.name && record.name !== '@' ? `${record.name}.${fqdn}` : fqdn,
    value: record.type === 'MX' && record.priority !== undefined ? `${record.priority} ${value}` : value,
    ttl: record.ttl === undefined || record.ttl === 1 ? 'otomatis' : formatDuration(record.ttl, 'id'),
  };
}

function valueText(value: DnsRecord['value']): string {
  return Array.isArray(value) ? value.join(' ') : value;
}

/**
 * The policy's steps in order, each with the approval recorded for it. Approvals for steps the
 * policy no longer has are kept (after the policy's steps) so the table never hides who acted.
 */
export function stepRows(policy: ResolvedPolicy, history: RequestHistoryEntry, zone: OfficeTimeZone = DEFAULT_TIME_ZONE): StepRow[] {
  const approvals = [...(history.approvals ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const used = new Set<Approval>();
  const find = (id: string) => {
    const found = approvals.find((a) => !used.has(a) && a.step === id) ?? approvals.find((a) => !used.has(a) && sameId(a.step, id));
    if (found) used.add(found);
    return found;
  };
  const officials = policy.office.officials ?? {};
  const roleTitle = (role: string) => policy.roles[role]?.title ?? role;
  const roleLabel = (approval: Approval) => actingRoleLabel(roleTitle(approval.role!), approval.acting);
  // An acting holder is seldom in `office.officials`: their appointment may carry the name.
  const actingName = (approval: Approval) =>
    approval.acting && approval.role
      ? policy.roles[approval.role]?.acting?.find((a) => sameLogin(a.login, approval.by) && a.letter.number === approval.acting!.letter.number)?.name
      : undefined;
  const who = (approval: Approval) => {
    const name = officials[approval.by] ?? actingName(approval);
    return name ? `@${approval.by}\n${name}` : `@${approval.by}`;
  };

  const rows: { row: StepRow; approval?: Approval; standardS?: number }[] = policy.steps.map((step, i) => {
    const approval = find(step.id);
    const standardS = parseDuration(step.standard);
    return {
      row: {
        no: step.sop_row ?? String(i + 1),
        title: step.title,
        roles: approval?.role ? roleLabel(approval) : step.roles.map(roleTitle).join(' / '),
        standard: standardS === undefined ? '-' : formatDuration(standardS, 'id'),
        late: false,
        afterMerge: step.kind === 'after_merge',
      },
      ...(approval ? { approval } : {}),
      ...(standardS !== undefined ? { standardS } : {}),
    };
  });
  for (const approval of approvals) {
    if (used.has(approval)) continue;
    rows.push({
      row: { no: '-', title: approval.title ?? approval.step, roles: approval.role ? roleLabel(approval) : '-', standard: '-', late: false, afterMerge: false },
      approval,
      ...(approval.standard_s !== undefined ? { standardS: approval.standard_s } : {}),
    });
  }

  // Time taken counts from the previous recorded step in time, the first from the opening.
  const byApproval = new Map(rows.filter((r) => r.approval).map((r) => [r.approval!, r]));
  for (const { approval, elapsedS } of recordedStepTimes([...byApproval.keys()], history.opened_at)) {
    const entry = byApproval.get(approval)!;
    entry.row.by = who(approval);
    const name = officials[approval.by] ?? actingName(approval);
    if (name) entry.row.name = name;
    entry.row.at = formatDateTime(approval.at, zone);
    if (elapsedS !== undefined) {
      entry.row.took = formatDuration(elapsedS, 'id');
      entry.row.late = entry.standardS !== undefined && elapsedS > entry.standardS;
    }
  }
  return rows.map((r) => r.row);
}

// Register files written before step ids settled on `_` use `-` (disposisi-kadis).
function sameId(a: string, b: string): boolean {
  return a.replaceAll('-', '_') === b.replaceAll('-', '_');
}
