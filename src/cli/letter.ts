import { relative, resolve } from 'node:path';
import { officeDocuments } from '../letters/documents.js';
import { loadEmblem } from '../letters/emblem.js';
import { writeDocuments } from '../letters/pdf.js';
import { POLICY_PATH, registerPath } from '../model/domain.js';
import { msg, problem } from '../model/problem.js';
import { loadPolicy } from '../policy/policy.js';
import { formatProblems } from '../validate/format.js';
import { loadFile } from '../repo/load.js';
import { lastChange, lastRequestEntry } from '../register/history.js';
import { WorkingTree } from '../repo/tree.js';
import { EXIT, parseOptions, UsageError, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain letter <sub domain> [--out DIR]

Membuat dokumen resmi yang disebut SOP kantor untuk sub domain yang sudah terdaftar di
subdomains/: surat balasan atau pemberitahuan (semua preset), Berita Acara (Bekasi), surat akun
subdomain dan hosting (Demak), sebagai PDF, dari .github/sop.yaml dan subdomains/<nama>.yaml.
Makes the official documents the office's SOP names for a subdomain registered in
subdomains/: the reply letter or notification (every preset), the Berita Acara (Bekasi), the
subdomain and hosting account letter (Demak), as PDF, from .github/sop.yaml and the register.

  <sub domain>   nama lengkap, atau label saja bila kebijakan punya satu zona
                 full name, or just the label when the policy has one zone
  --out DIR      folder keluaran / output folder (bawaan/default: letters)

Isi dari kebijakan / from the policy: kop surat (office.emblem: PNG/JPEG di repositori kantor,
address, postcode, phone, fax, email, website, atau baris bebas letterhead), penanda tangan
(office.head, Plh./Plt. office.head.acting, a.n. office.signed_by), office.tembusan, dan
site.url untuk kode QR ke halaman sub domain di Daftar Sub Domain publik (tanpa site.url: tanpa QR).
Nomor surat: diberikan sekali oleh \`subdomain register\` dari office.letter_number ({seq} nomor
urut per tahun) dan dicatat di subdomains/.letter-numbers.json; tidak pernah memuat nomor pull
request. Entri yang tercatat sebelum penomoran: nomor urut dikosongkan (555/....../…) untuk diisi
sekretariat. / Numbers are given once by \`subdomain register\` ({seq}, per year) and never repeat;
older entries leave the sequence blank for the secretariat to fill.

Tanda tangan elektronik / electronic signature (di luar produk ini / outside this product):
  1. Sekretariat mengunduh PDF (artefak \`surat-letters\` workflow apply, atau perintah ini).
     The secretariat downloads the PDF (the apply workflow's \`surat-letters\` artifact, or this command).
  2. Unggah ke Srikandi sebagai naskah keluar; penanda tangan menandatangani dengan TTE BSrE.
     Tanda tangan ditempatkan pada kotak "Ruang tanda tangan elektronik (TTE)" (penanda \${ttd}).
     Upload it to Srikandi as an outgoing document; the signer signs with their BSrE TTE, placed
     in the box "Ruang tanda tangan elektronik (TTE)" (tag \${ttd}).
  3. Kirim naskah yang sudah ditandatangani kepada OPD (dan tembusannya) melalui Srikandi.
     Send the signed document to the agency (and its copies) through Srikandi.

Mencetak jalur tiap PDF / prints the path of each PDF.
Exit: 0 selesai / done, 1 tidak terdaftar atau data bermasalah / not registered or bad data,
2 pemakaian / usage.
`;

const NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const run: Command = async (args, io) => {
  const parsed = parseOptions({
    args,
    options: { out: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  }, HELP);
  if (parsed.positionals.length !== 1) throw new UsageError(`Sebutkan satu sub domain / name one subdomain.\n\n${HELP}`);
  const given = parsed.positionals[0]!.trim().toLowerCase().replace(/\.$/, '');
  if (!NAME.test(given)) throw new UsageError(`Bukan nama domain yang sah / not a valid domain name: ${parsed.positionals[0]}\n\n${HELP}`);

  const tree = new WorkingTree(io.cwd);
  const policy = loadPolicy(tree);
  if (!policy.ok) {
    io.stderr(formatProblems(policy.problems));
    return EXIT.problems;
  }
  const zones = policy.policy.zones.map((z) => z.name);
  const inZone = zones.some((zone) => given.endsWith(`.${zone}`));
  const fqdn = !inZone && zones.length === 1 ? `${given}.${zones[0]}` : given;

  const path = registerPath(fqdn);
  if (tree.kind(path) === 'missing') {
    io.stderr(
      `Sub domain ${fqdn} tidak terdaftar: ${path} tidak ada. Surat hanya dibuat untuk sub domain yang sudah dicatat oleh pipeline.\n` +
        `Subdomain ${fqdn} is not registered: ${path} does not exist. Letters are made only for subdomains the pipeline has recorded.\n`,
    );
    return EXIT.problems;
  }
  const entry = loadFile(tree, path, 'register');
  if (!entry.ok) {
    io.stderr(formatProblems(entry.problems));
    return EXIT.problems;
  }

  if (lastChange(entry.value)?.action === 'import') {
    io.stdout(`${fqdn}: diambil alih dari zona, tanpa surat permohonan; tidak ada surat yang dibuat. / adopted from the zone, with no request letter; no letters are made.\n`);
    return EXIT.ok;
  }
  const emblem = loadEmblem(tree, POLICY_PATH, policy.source, policy.policy.office.emblem);
  if (!emblem.ok) {
    io.stderr(formatProblems(emblem.problems));
    return EXIT.problems;
  }
  const out = resolve(io.cwd, parsed.values.out ?? 'letters');
  let written: string[];
  try {
    written = await writeDocuments(out, officeDocuments(policy.policy, fqdn, entry.value, emblem.emblem ? { emblem: emblem.emblem } : {}));
  } catch (error) {
    // A PNG or JPEG the PDF library cannot read (a damaged file, an unusual encoding).
    if (!emblem.emblem || !/image/i.test(String(error))) throw error;
    io.stderr(formatProblems([problem(POLICY_PATH, 'letter/emblem', msg(
      `Lambang ${policy.policy.office.emblem} tidak dapat dibaca sebagai gambar: ${String(error).split('\n')[0]}. Simpan ulang sebagai PNG biasa.`,
      `The emblem ${policy.policy.office.emblem} cannot be read as an image: ${String(error).split('\n')[0]}. Save it again as a plain PNG.`,
    ), policy.source.positionOf(['office', 'emblem']))]));
    return EXIT.problems;
  }
  if (!lastRequestEntry(entry.value)?.outgoing_letter) {
    io.stderr(
      `Catatan: ${fqdn} tercatat sebelum penomoran surat; nomor urut dikosongkan untuk diisi sekretariat dari buku agenda.\n` +
        `Note: ${fqdn} was registered before letters were numbered; the sequence number is left blank for the secretariat to fill in from its agenda.\n`,
    );
  }
  for (const file of written) {
    const shown = relative(io.cwd, file);
    io.stdout(`${shown.startsWith('..') ? file : shown}\n`);
  }
  return EXIT.ok;
};
