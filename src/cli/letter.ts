import { relative, resolve } from 'node:path';
import { officeDocuments } from '../letters/documents.js';
import { writeDocuments } from '../letters/pdf.js';
import { registerPath } from '../model/domain.js';
import { loadPolicy } from '../policy/policy.js';
import { formatProblems } from '../validate/format.js';
import { loadFile } from '../repo/load.js';
import { lastChange } from '../register/history.js';
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
  const out = resolve(io.cwd, parsed.values.out ?? 'letters');
  const written = await writeDocuments(out, officeDocuments(policy.policy, fqdn, entry.value));
  for (const file of written) {
    const shown = relative(io.cwd, file);
    io.stdout(`${shown.startsWith('..') ? file : shown}\n`);
  }
  return EXIT.ok;
};
