import { presets, type PresetName } from '../policy/presets/index.js';

/** What an office states when it starts: the rest it fills in later, guided by `subdomain doctor`. */
export interface OfficeAnswers {
  preset: PresetName;
  zone: string;
  office: string;
  /** `owner/name@ref` the caller workflows use (this product's reusable workflows at a version). */
  product: { repository: string; ref: string };
}

/** The zone id `doctor` recognises as not filled in yet (the schema needs 32 hex digits). */
export const PLACEHOLDER_ZONE_ID = '0123456789abcdef0123456789abcdef';

export const ZONE_PATTERN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The files of a new office repository, path → text: the policy for the preset, the example
 * OPD, empty `requests/` and `subdomains/`, Dependabot for the workflows' refs, and a short
 * README. The caller workflows and the issue form are added by the command from their own
 * generators. Every text value the office typed is written as a quoted YAML scalar.
 */
export function officeFiles(answers: OfficeAnswers): Record<string, string> {
  return {
    '.github/sop.yaml': policyText(answers),
    '.github/dependabot.yml': DEPENDABOT,
    'requests/.gitkeep': '',
    'subdomains/.gitkeep': '',
    'README.md': readmeText(answers),
  };
}

function policyText(answers: OfficeAnswers): string {
  const preset = presets[answers.preset]!;
  const stepsOf = (role: string) =>
    preset.steps.filter((s) => s.roles.includes(role)).map((s) => `${s.id}${s.sop_row !== undefined ? ` (SOP ${s.sop_row})` : ''}`);
  const roles = Object.entries(preset.roles).map(([key, role]) => {
    const steps = stepsOf(key);
    return [
      `  # ${role.title}${steps.length ? ` — langkah / steps: ${steps.join(', ')}` : ''}`,
      `  ${key}:`,
      '    users: []   # ISI login GitHub pemegang jabatan ini / FILL IN the GitHub logins holding this post',
    ].join('\n');
  });
  return `# Kebijakan Diskominfo / office policy. Dibaca dari cabang dasar (base branch), tidak pernah
# dari pull request. Read from the base branch, never from the pull request.
# Isi yang bertanda ISI, lalu jalankan \`npx subdomain doctor\` sampai bersih.
# Fill in what is marked FILL IN, then run \`npx subdomain doctor\` until it is clean.
office:
  name: ${quoted(answers.office)}
  # ISI penanda tangan surat (hapus tanda #) / FILL IN who signs the letters (remove the #):
  # head:
  #   title: ${quoted(`Kepala ${answers.office}`)}
  #   name: Nama Lengkap, gelar
  #   nip: "NIP 18 angka / digits"
  # government: "Pemerintah Kabupaten/Kota …"   # ISI / FILL IN (kop surat / letterhead)
  # city: …                                     # ISI / FILL IN (tempat surat / the letters' place)

zones:
  - name: ${answers.zone}
    # ISI Zone ID dari Cloudflare (dasbor → zona → Overview → API) / FILL IN the Cloudflare Zone ID
    cloudflare_zone_id: ${PLACEHOLDER_ZONE_ID}

# OPD yang boleh memohon; contoh ini diganti dengan OPD sebenarnya.
# The agencies that may ask; replace this example with the real ones.
opds:
  contoh:
    name: Dinas Contoh
    users: []   # ISI login GitHub staf OPD / FILL IN the agency staff's GitHub logins

# ${preset.source}
# Langkah dan Mutu Baku dari preset (\`npx subdomain preset ${answers.preset}\`); file ini hanya
# menyebut orangnya. Steps and time standards come from the preset; this file names the people.
preset: ${answers.preset}
roles:
${roles.join('\n')}

# \`local\` hanya untuk mencoba; untuk produksi pakai Cloudflare R2/S3 atau HCP Terraform (lihat
# panduan). \`local\` is for trying out only; production uses R2/S3 or HCP Terraform (see the guide).
backend:
  type: local
`;
}

function readmeText(answers: OfficeAnswers): string {
  const guide = `https://github.com/${answers.product.repository}#readme`;
  return `# Sub domain ${answers.zone}

Permohonan sub domain ${answers.zone} sebagai kode, dikelola oleh ${answers.office}, dengan
[subdomain-gitops](${guide}) ${answers.product.ref}.
Subdomain requests for ${answers.zone} as code, run by ${answers.office}.

## Yang harus diisi / what to fill in

1. \`.github/sop.yaml\`: nama dan NIP Kepala Dinas, Zone ID Cloudflare, OPD beserta login GitHub
   stafnya, dan login GitHub setiap peran SOP (bagian yang bertanda ISI).
   The head of office, the Cloudflare Zone ID, the agencies and their staff's GitHub logins, and
   the GitHub logins of every SOP role (what is marked FILL IN).
2. Di GitHub / on GitHub: label, secret, environment dan proteksi \`main\` yang disebut
   \`npx subdomain doctor --repo OWNER/NAMA\` (\`--fix\` membuat label yang kurang).
   The labels, secrets, environments and protection of \`main\` that doctor lists.

## Dua perintah / two commands

\`\`\`sh
npx --yes subdomain-gitops@${answers.product.ref.replace(/^v/, '')} doctor      # apa yang masih kurang / what is still missing
npx --yes subdomain-gitops@${answers.product.ref.replace(/^v/, '')} validate    # periksa berkas / check the files
\`\`\`

Panduan lengkap / the full guide: ${guide}
`;
}

const DEPENDABOT = `# Menjaga versi workflow produk dan action tetap terbaru (pull request mingguan).
# Keeps the product's reusable workflows and the actions up to date (weekly pull requests).
version: 2
updates:
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
`;

/** A YAML double-quoted scalar: the office's text stays text, whatever it holds. */
function quoted(text: string): string {
  return JSON.stringify(text);
}
