import { resolve } from 'node:path';
import { formatProblems } from '../validate/format.js';
import { isTimeZone, DEFAULT_TIME_ZONE } from '../report/format.js';
import { loadPolicyAndRegister } from '../report/load.js';
import { WorkingTree } from '../repo/tree.js';
import { buildSite } from '../site/build.js';
import { SiteOutputError, writeSite } from '../site/write.js';
import { EXIT, parseOptions, UsageError, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain site --out DIR [--repo-url URL] [--time-zone ZONE]

Membuat situs statis daftar sub domain dari subdomains/*.yaml dan .github/sop.yaml: daftar
dengan pencarian dan saringan OPD, satu halaman per sub domain dengan riwayat permohonan dan
langkah SOP, dan dasbor Mutu Baku. Tanpa data pribadi (NIP, telepon, e-mail, nama narahubung).
Builds the static register site from subdomains/*.yaml and .github/sop.yaml: the list with
search and an agency filter, a page per subdomain with its requests and SOP steps, and the
Mutu Baku dashboard. No personal data (NIP, phone, e-mail, contact names).

  --out DIR          folder keluaran / output folder (kosong atau hasil build sebelumnya /
                     empty or an earlier build, which is replaced)
  --repo-url URL     tautan ke pull request dan commit / links to pull requests and commits
                     (bawaan / default: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY bila ada / if set)
  --time-zone ZONE   zona waktu tampilan / display time zone (bawaan / default ${DEFAULT_TIME_ZONE})

Exit: 0 selesai / done, 1 masalah / problems (nothing written), 2 pemakaian / usage.
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      out: { type: 'string' },
      'repo-url': { type: 'string' },
      'time-zone': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
  if (!values.out) throw new UsageError(`--out wajib / --out is required.\n\n${HELP}`);
  const timeZone = values['time-zone'] ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new UsageError(`Zona waktu tidak dikenal / unknown time zone: ${timeZone}`);
  let repoUrl = values['repo-url'];
  if (repoUrl === undefined && io.env.GITHUB_REPOSITORY) repoUrl = `${io.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${io.env.GITHUB_REPOSITORY}`;
  if (repoUrl !== undefined && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(repoUrl)) throw new UsageError(`--repo-url harus URL http(s) / must be an http(s) URL: ${repoUrl}`);

  const tree = new WorkingTree(io.cwd);
  const inputs = loadPolicyAndRegister(tree);
  if (!inputs.ok) {
    io.stderr(formatProblems(inputs.problems));
    return EXIT.problems;
  }
  const files = buildSite(inputs.policy, inputs.items, { ...(repoUrl ? { repoUrl } : {}), timeZone });
  const out = resolve(io.cwd, values.out);
  try {
    writeSite(out, files);
  } catch (error) {
    if (error instanceof SiteOutputError) {
      io.stderr(`${error.detail.id} / ${error.detail.en}\n`);
      return EXIT.problems;
    }
    throw error;
  }
  io.stdout(`Situs ditulis ke / site written to ${values.out}: ${inputs.items.length} sub domain, ${files.length} berkas / files.\n`);
  return EXIT.ok;
};
