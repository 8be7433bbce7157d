import { Document, isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import { omitsContactPhone, type ResolvedPolicy } from '../policy/policy.js';
import { optionOfOpd } from './answers.js';
import { msg, problem, type Problem } from '../model/problem.js';
import type { Tree } from '../repo/tree.js';
import { ACTION_OPTIONS, FIELDS, FORM_LABEL, HOSTING_OPTION, TEMPLATE_PATH, VIA_OPTIONS, type FormField } from './form.js';

/** What the form shows beside each field: help text and an example, some taken from the policy. */
interface Presentation {
  description?: string;
  placeholder?: string;
}

type Office = Pick<ResolvedPolicy, 'zones' | 'opds' | 'hosting' | 'privacy'>;

function presentation(office: Office): Record<string, Presentation> {
  const zone = office.zones[0]!.name;
  const others = office.zones.slice(1).map((z) => z.name);
  const opd = Object.keys(office.opds)[0] ?? 'dinkes';
  return {
    action: { description: 'Buat baru, ubah, atau hapus. Create, change or delete.' },
    subdomain: {
      description: others.length === 0
        ? `Cukup labelnya: huruf kecil, angka dan tanda hubung (sehat → sehat.${zone}). The label only: lowercase letters, digits and hyphens.`
        : `Cukup labelnya untuk ${zone} (sehat → sehat.${zone}); untuk ${others.join(', ')} tulis nama lengkap. The label only for ${zone}; for ${others.join(', ')} write the full name.`,
      placeholder: 'sehat',
    },
    opd: { description: 'OPD yang mengajukan. Bila OPD Anda tidak ada, hubungi Diskominfo. The agency asking; if yours is missing, contact the Diskominfo.' },
    letter_number: { placeholder: '400.7/1021/Dinkes' },
    letter_date: { description: 'Contoh 18-11-2026, 18 November 2026 atau 2026-11-18. E.g. 18-11-2026, 18 November 2026 or 2026-11-18.', placeholder: '18-11-2026' },
    signer_name: { description: 'Kepala OPD atau pejabat yang menandatangani. The agency head or the official who signed.', placeholder: 'dr. Tanti Rohilawati, M.Kes' },
    signer_nip: { description: 'NIP 18 digit (bukan NIK KTP), boleh dengan spasi. The 18-digit NIP (not the identity-card NIK), spaces allowed.', placeholder: '19720503 199903 2 004' },
    signer_position: { placeholder: 'Kepala Dinas Kesehatan' },
    letter_via: { description: 'Bila sekretariat/TU mencatat surat yang diterima kantor atas nama OPD: jalurnya. When the secretariat/TU files a letter the office received on the agency\'s behalf: how it came.' },
    reference: { description: 'Nomor e-office atau nomor agenda surat masuk; wajib bila sekretariat/TU yang mengajukan. The e-office or incoming-letter agenda number; required when the secretariat/TU files it.', placeholder: 'SRIKANDI-2026-118230' },
    attachment: { description: 'Tautan ke surat bertanda tangan (PDF); wajib bila sekretariat/TU yang mengajukan. A link to the signed letter (PDF); required when the secretariat/TU files it.' },
    purpose: { description: 'Untuk apa subdomain ini (minimal 10 karakter). What the subdomain is for (at least 10 characters).', placeholder: 'Layanan pendaftaran antrean puskesmas untuk warga.' },
    contact_name: { description: 'Wajib untuk create dan update. Required for create and update.' },
    contact_nip: { description: 'NIP 18 digit, boleh dengan spasi. The 18-digit NIP, spaces allowed.' },
    contact_email: { placeholder: `nama@${opd}.${zone}` },
    contact_phone: { description: 'Boleh dengan spasi atau tanda hubung. Spaces and hyphens allowed.', placeholder: '0812-3456-7890' },
    records: {
      description: [
        'Satu catatan per baris: jenis lalu nilainya. One record per line: the type, then its value.',
        `Jenis/types: A, AAAA, CNAME, TXT, MX, CAA, NS, SRV.${office.hosting ? ' Kosongkan bila memilih hosting atau menghapus. Leave empty when asking for hosting or deleting.' : ' Kosongkan bila menghapus. Leave empty when deleting.'}`,
      ].join(' '),
      placeholder: ['A 103.28.12.4', 'CNAME layanan.pages.dev', 'MX 10 mail.contoh.go.id', '_dmarc TXT v=DMARC1; p=reject'].join('\n'),
    },
    hosting: { description: 'Diskominfo menyediakan server; catatan DNS diisi otomatis. The Diskominfo provides the server; the records are filled in for you.' },
  };
}

const INTRO = [
  'Isi sesuai **surat permohonan resmi** OPD Anda. Setelah dikirim, sistem memeriksa semua isian sekaligus dan membuka pull request untuk disetujui pejabat Diskominfo sesuai SOP. Bila ada yang salah, sistem membalas dengan satu komentar berisi semua masalahnya: sunting issue ini untuk memperbaikinya.',
  '',
  '_Fill this in from your agency\'s **official request letter**. Once submitted, the system checks every answer at once and opens a pull request for the Diskominfo officials to approve as the SOP says. If something is wrong it replies with one comment listing every problem: edit this issue to fix it._',
  '',
  '⚠️ Issue ini publik. NIP, email, dan telepon yang Anda tulis akan terlihat oleh umum. _This issue is public: the NIP, e-mail and phone you write here are visible to everyone._',
  '',
].join('\n');

const HEADER = [
  ' Formulir permohonan subdomain, dibuat dari .github/sop.yaml: jangan disunting langsung.',
  ' Setelah mengubah OPD atau zona di kebijakan, jalankan `npx subdomain intake --write-form`.',
  ' The subdomain request form, generated from .github/sop.yaml: do not edit it by hand.',
  ' After changing the policy\'s OPDs or zones, run `npx subdomain intake --write-form`.',
].join('\n');

/** The fields the form of this office shows: hosting only when the policy offers it, no phone when it omits phones. */
export function formFields(office: Pick<ResolvedPolicy, 'hosting' | 'privacy'>): FormField[] {
  return FIELDS.filter((f) => (f.id !== 'hosting' || office.hosting) && !(f.id === 'contact_phone' && omitsContactPhone(office)));
}

/** The options of the OPD dropdown: `dinkes — Dinas Kesehatan`, in the policy's order. */
export function opdOptions(office: Pick<ResolvedPolicy, 'opds'>): string[] {
  return Object.entries(office.opds).map(([key, opd]) => optionOfOpd(key, opd?.name));
}

/** The GitHub issue form (YAML) for an office's policy. */
export function renderIssueForm(office: Office): string {
  const shown = presentation(office);
  const intro = omitsContactPhone(office) ? INTRO.replace('NIP, email, dan telepon', 'NIP dan email').replace('the NIP, e-mail and phone', 'the NIP and e-mail') : INTRO;
  const body: Record<string, unknown>[] = [{ type: 'markdown', attributes: { value: intro } }];
  for (const field of formFields(office)) {
    const { description, placeholder } = shown[field.id] ?? {};
    const attributes: Record<string, unknown> = { label: field.label };
    if (description) attributes.description = description;
    if (field.id === 'action') Object.assign(attributes, { options: Object.values(ACTION_OPTIONS), default: 0 });
    else if (field.id === 'opd') attributes.options = opdOptions(office);
    else if (field.id === 'letter_via') attributes.options = Object.values(VIA_OPTIONS);
    else if (field.id === 'hosting') attributes.options = [{ label: HOSTING_OPTION, required: false }];
    if (placeholder) attributes.placeholder = placeholder;
    const element: Record<string, unknown> = { type: field.kind, id: field.id, attributes };
    if (field.kind !== 'checkboxes') element.validations = { required: field.required };
    body.push(element);
  }
  const form = {
    name: 'Permohonan subdomain / Subdomain request',
    description: 'Ajukan subdomain baru, perubahan, atau penghapusan tanpa git. Ask for a new subdomain, a change or a deletion without git.',
    title: 'Permohonan subdomain: ',
    labels: [FORM_LABEL],
    body,
  };
  const doc = new Document(form);
  doc.commentBefore = HEADER;
  blockText(doc.contents);
  return doc.toString({ lineWidth: 0 });
}

/** Text of several lines as a literal block (`|`), as people write issue forms. */
function blockText(node: Node | null): void {
  if (isMap(node)) for (const pair of node.items) blockText(pair.value as Node | null);
  else if (isSeq(node)) for (const item of node.items) blockText(item as Node | null);
  else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
}

/**
 * A committed request form that is not the one the policy gives (an OPD added or renamed, a zone
 * or hosting changed) offers agencies choices the office no longer has: `validate` refuses it.
 * No form at all is for `doctor` to mention: an office may take requests by letter only.
 */
export function staleIssueForm(tree: Tree, office: Office): Problem | undefined {
  const committed = tree.read(TEMPLATE_PATH);
  if (!committed) return undefined;
  if (formMatches(Buffer.from(committed).toString('utf8'), renderIssueForm(office))) return undefined;
  return problem(TEMPLATE_PATH, 'intake/form-stale', msg(
    'Formulir permohonan tidak sama dengan yang dihasilkan dari .github/sop.yaml (OPD, zona atau hosting berubah). Jalankan `npx subdomain intake --write-form` lalu commit berkasnya.',
    'The request form differs from the one .github/sop.yaml gives (OPDs, zones or hosting changed). Run `npx subdomain intake --write-form` and commit the file.'));
}

/** A committed form is the generated one, whatever line endings a checkout gave it. */
export function formMatches(committed: string, generated: string): boolean {
  return committed.replace(/\r\n/g, '\n') === generated;
}
