import type { LetterChannel } from '../model/letter-channel.js';

/**
 * The issue form's fields, as the parser reads them and `subdomain new` asks them. The template
 * .github/ISSUE_TEMPLATE/permohonan-subdomain.yml is generated from these and the office's
 * policy (`subdomain intake --write-form`, src/intake/form-template.ts; a test keeps the
 * committed file equal to what the policy gives). GitHub renders a submitted form as
 * `### <label>` followed by the answer, so the labels are what the parser looks for.
 */
export type FieldKind = 'input' | 'textarea' | 'dropdown' | 'checkboxes';

export interface FormField {
  id: string;
  kind: FieldKind;
  label: string;
  /** The form refuses to submit without it (the parser checks it again). */
  required: boolean;
  /** Where the answer goes in the request file. */
  path?: readonly string[];
}

export const FORM_LABEL = 'permohonan-subdomain';
export const TEMPLATE_PATH = '.github/ISSUE_TEMPLATE/permohonan-subdomain.yml';

export const ACTION_OPTIONS = {
  create: 'create — buat subdomain baru / create a new subdomain',
  update: 'update — ubah catatan DNS atau kontak / change the records or contact',
  delete: 'delete — hapus subdomain / delete the subdomain',
} as const;

/** How the letter reached the office, as the dropdown shows it; the file holds the key. */
export const VIA_OPTIONS: Readonly<Record<LetterChannel, string>> = {
  srikandi: 'srikandi — Srikandi (e-office)',
  mipp: 'mipp — MIPP (e-office)',
  paper: 'paper — surat kertas / paper letter',
  email: 'email — e-mail',
};

export const HOSTING_OPTION = 'Minta hosting di pusat data daerah (tanpa catatan DNS sendiri) / Host it at the regional data centre (no records of your own)';

export const FIELDS: readonly FormField[] = [
  { id: 'action', kind: 'dropdown', label: 'Jenis permohonan / Request type', required: true, path: ['action'] },
  { id: 'subdomain', kind: 'input', label: 'Nama subdomain / Subdomain name', required: true },
  { id: 'opd', kind: 'dropdown', label: 'Kode OPD / Agency key', required: true, path: ['opd'] },
  { id: 'letter_number', kind: 'input', label: 'Nomor surat permohonan / Request letter number', required: true, path: ['letter', 'number'] },
  { id: 'letter_date', kind: 'input', label: 'Tanggal surat / Letter date', required: true, path: ['letter', 'date'] },
  { id: 'signer_name', kind: 'input', label: 'Nama penanda tangan surat / Name of the letter signer', required: true, path: ['letter', 'signer', 'name'] },
  { id: 'signer_nip', kind: 'input', label: 'NIP penanda tangan / Signer NIP', required: true, path: ['letter', 'signer', 'nip'] },
  { id: 'signer_position', kind: 'input', label: 'Jabatan penanda tangan / Signer position', required: true, path: ['letter', 'signer', 'position'] },
  { id: 'letter_via', kind: 'dropdown', label: 'Surat diterima melalui / Letter received through', required: false, path: ['letter', 'via'] },
  { id: 'reference', kind: 'input', label: 'Nomor e-office (Srikandi) / E-office reference', required: false, path: ['letter', 'reference'] },
  { id: 'attachment', kind: 'input', label: 'Tautan surat bertanda tangan (PDF) / Link to the signed letter', required: false, path: ['letter', 'attachment'] },
  { id: 'purpose', kind: 'textarea', label: 'Tujuan penggunaan / Purpose', required: true, path: ['purpose'] },
  { id: 'contact_name', kind: 'input', label: 'Nama kontak teknis / Technical contact name', required: false, path: ['contact', 'name'] },
  { id: 'contact_nip', kind: 'input', label: 'NIP kontak teknis / Technical contact NIP', required: false, path: ['contact', 'nip'] },
  { id: 'contact_email', kind: 'input', label: 'Email kontak teknis / Technical contact e-mail', required: false, path: ['contact', 'email'] },
  { id: 'contact_phone', kind: 'input', label: 'Telepon / WhatsApp kontak teknis / Technical contact phone', required: false, path: ['contact', 'phone'] },
  { id: 'records', kind: 'textarea', label: 'Catatan DNS / DNS records', required: false, path: ['records'] },
  { id: 'hosting', kind: 'checkboxes', label: 'Hosting', required: false, path: ['hosting'] },
];

export function fieldById(id: string): FormField {
  const field = FIELDS.find((f) => f.id === id);
  if (!field) throw new Error(`no form field ${id}`);
  return field;
}
