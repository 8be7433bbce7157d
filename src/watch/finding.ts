import { msg, type Message } from '../model/problem.js';

/**
 * What the watch saw wrong with one name. Every finding has a kind (a stable id scripts can
 * rely on), a severity, the evidence (what was seen and where) and what to do about it.
 */
export interface Finding {
  kind: FindingKind;
  severity: FindingSeverity;
  /** The fully qualified name the finding is about, lower case, no trailing dot. */
  name: string;
  title: Message;
  evidence: Evidence[];
  action: Message;
  /** Certificate findings (`web/certificate-*`) whose certificate gave an end of validity. */
  certificate?: CertificateFacts;
}

/** The certificate behind a certificate finding, as the posture report lists it. */
export interface CertificateFacts {
  /** Last day of validity (UTC), `YYYY-MM-DD`. */
  validUntil: string;
  /** Whole days of validity left when the watch looked; negative once expired. */
  daysLeft: number;
}

/**
 * Certificates valid for fewer days than this are reported by the watch (`web/certificate-expiring`)
 * and listed by the posture report as about to expire: one window for both.
 */
export const CERTIFICATE_WINDOW_DAYS = 30;

export interface Evidence {
  /** Where it was seen: `CNAME sehat.example.go.id`, `https://sehat.example.go.id/ <title>`. */
  where: string;
  /** What was seen there, as text (never HTML): `NXDOMAIN`, `slot gacor (hidden: display:none)`. */
  seen: string;
}

export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITY_ORDER: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

interface KindSpec {
  severity: FindingSeverity;
  /**
   * Takeover-class: publishing it before it is fixed tells an attacker where to strike, so it
   * goes to a private channel and the public issue only says the name needs attention.
   */
  confidential: boolean;
  action: Message;
}

const kinds = {
  'dns/dangling': {
    severity: 'high',
    confidential: true,
    action: msg(
      'Target rekaman tidak ada lagi (NXDOMAIN). Hapus rekaman ini atau arahkan ke layanan yang masih dipakai OPD, sebelum nama target didaftarkan pihak lain.',
      'The record’s target no longer exists (NXDOMAIN). Remove the record or point it at a service the agency still uses, before someone else registers the target.',
    ),
  },
  'dns/takeover': {
    severity: 'critical',
    confidential: true,
    action: msg(
      'Subdomain mengarah ke layanan pihak ketiga yang belum diklaim: siapa pun dapat mengambil alihnya. Hapus rekaman segera, atau klaim kembali layanan itu atas nama OPD.',
      'The subdomain points at an unclaimed third-party service: anyone can take it over. Remove the record at once, or claim the service back for the agency.',
    ),
  },
  'dns/loop': {
    severity: 'high',
    confidential: false,
    action: msg('Rantai CNAME berputar. Perbaiki target CNAME.', 'The CNAME chain loops. Fix the CNAME target.'),
  },
  'dns/lookup-failed': {
    severity: 'medium',
    confidential: false,
    action: msg(
      'Nama tidak dapat diperiksa (server DNS gagal menjawab). Periksa server nama; pemantauan akan mencoba lagi.',
      'The name could not be checked (the DNS server did not answer). Check the name servers; the watch will try again.',
    ),
  },
  'dns/non-public-address': {
    severity: 'high',
    confidential: true,
    action: msg(
      'Nama publik mengarah ke alamat privat, loopback, link-local atau metadata. Hapus atau perbaiki rekaman; alamat seperti itu tidak pernah dihubungi.',
      'A public name points at a private, loopback, link-local or metadata address. Remove or fix the record; such addresses are never contacted.',
    ),
  },
  'web/takeover': {
    severity: 'critical',
    confidential: true,
    action: msg(
      'Halaman menunjukkan tanda layanan yang belum diklaim. Hapus rekaman segera, atau klaim kembali layanan itu atas nama OPD.',
      'The page shows the mark of an unclaimed service. Remove the record at once, or claim the service back for the agency.',
    ),
  },
  'web/gambling': {
    severity: 'critical',
    confidential: true,
    action: msg(
      'Halaman memuat konten judi online tersembunyi. Putuskan akses situs, bersihkan dan tambal server OPD, ganti semua kata sandi, lalu laporkan sesuai SOP insiden (2×24 jam).',
      'The page carries hidden online-gambling content. Take the site offline, clean and patch the agency’s server, change every password, and report it under the incident SOP (2×24 hours).',
    ),
  },
  'web/purpose-changed': {
    severity: 'high',
    confidential: false,
    action: msg(
      'Isi halaman tidak lagi sesuai dengan keperluan yang didaftarkan. Tanyakan kepada OPD apakah subdomain masih dipakai; bila tidak, ajukan penghapusan.',
      'The page no longer matches the registered purpose. Ask the agency whether the subdomain is still in use; if not, request its removal.',
    ),
  },
  'web/certificate-invalid': {
    severity: 'high',
    confidential: false,
    action: msg(
      'Sertifikat HTTPS tidak sah (kedaluwarsa, untuk nama lain, atau penerbit tidak dipercaya). Pasang sertifikat yang sah untuk nama ini.',
      'The HTTPS certificate is not valid (expired, for another name, or an untrusted issuer). Install a valid certificate for this name.',
    ),
  },
  'web/certificate-expiring': {
    severity: 'medium',
    confidential: false,
    action: msg('Sertifikat HTTPS segera kedaluwarsa. Perpanjang sertifikat.', 'The HTTPS certificate expires soon. Renew it.'),
  },
  'web/no-https': {
    severity: 'medium',
    confidential: false,
    action: msg(
      'Situs tidak dapat dibuka lewat HTTPS. Pasang sertifikat dan layani HTTPS.',
      'The site cannot be opened over HTTPS. Install a certificate and serve HTTPS.',
    ),
  },
  'web/no-https-redirect': {
    severity: 'low',
    confidential: false,
    action: msg('Alamat http:// tidak dialihkan ke https://. Tambahkan pengalihan 301.', 'http:// is not redirected to https://. Add a 301 redirect.'),
  },
  'web/no-hsts': {
    severity: 'low',
    confidential: false,
    action: msg(
      'Situs HTTPS tidak mengirim Strict-Transport-Security. Tambahkan header HSTS.',
      'The HTTPS site sends no Strict-Transport-Security header. Add an HSTS header.',
    ),
  },
  'web/error-status': {
    severity: 'low',
    confidential: false,
    action: msg(
      'Situs menjawab dengan galat. Tanyakan kepada OPD apakah subdomain masih dipakai.',
      'The site answers with an error. Ask the agency whether the subdomain is still in use.',
    ),
  },
  'web/unreachable': {
    severity: 'medium',
    confidential: false,
    action: msg(
      'Situs tidak menjawab (waktu habis, koneksi ditolak, jawaban terlalu besar, atau pengalihan berputar). Tanyakan kepada OPD apakah subdomain masih dipakai; bila tidak, ajukan penghapusan.',
      'The site does not answer (timeout, connection refused, oversized answer or a redirect loop). Ask the agency whether the subdomain is still in use; if not, request its removal.',
    ),
  },
} satisfies Record<string, KindSpec>;

export type FindingKind = keyof typeof kinds;

export const FINDING_KINDS: Readonly<Record<FindingKind, KindSpec>> = kinds;

export function finding(
  kind: FindingKind,
  name: string,
  title: Message,
  evidence: Evidence[],
  severity: FindingSeverity = kinds[kind].severity,
): Finding {
  return { kind, severity, name, title, evidence, action: kinds[kind].action };
}

/** What public output says in place of a confidential finding's severity and details. */
export const NEEDS_ATTENTION = 'perlu perhatian / needs attention';

/**
 * Whether a finding's details stay out of public output: its own flag when it has one (a result
 * read back from JSON), else its kind's; a kind this version does not know is confidential.
 */
export function isConfidential(f: { kind: string; confidential?: boolean }): boolean {
  return f.confidential === true || !Object.hasOwn(kinds, f.kind) || kinds[f.kind as FindingKind].confidential;
}

/** Stable order for output and for comparing runs: name, then severity, then kind. */
export function byNameAndSeverity(a: Finding, b: Finding): number {
  return (
    a.name.localeCompare(b.name) ||
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    a.kind.localeCompare(b.kind)
  );
}
