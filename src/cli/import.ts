import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { prepareImport, type ZoneRecords } from '../adopt/adopt.js';
import type { ImportSource } from '../adopt/import.js';
import { accessFromEnv, readZoneRecords } from '../cloudflare/zone-records.js';
import { POLICY_PATH, REGISTER_DIR } from '../model/domain.js';
import { msg, problem } from '../model/problem.js';
import { writeChanges } from '../register/write.js';
import { checkBranchable, commitPaths, switchToNewBranch } from '../repo/branch.js';
import { WorkingTree } from '../repo/tree.js';
import { formatProblems } from '../validate/format.js';
import { jakartaDate } from '../validate/validate.js';
import { parseZoneFile, ZONE_FILE_LIMITS } from '../zone/zone-file.js';
import { EXIT, parseOptions, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain import --zone ZONA --cloudflare [--owners BERKAS.csv] [--infrastructure www,mail] [--dry-run]
       subdomain import --zone ZONA --zone-file BERKAS [--owners BERKAS.csv] [--infrastructure …] [--dry-run]

Mengambil alih subdomain yang sudah ada di zona: satu entri subdomains/<nama>.yaml per subdomain
(label layanan seperti _dmarc ikut di bawahnya), riwayat \`action: import\` tanpa surat atau
pull request rekaan. Apex dan nama infrastruktur Diskominfo masuk ke daftar \`infrastructure\`
zona di .github/sop.yaml: tidak pernah diubah atau dihapus pipeline. Hasilnya di-commit ke cabang
baru dan diajukan sebagai pull request; maintainers menyetujuinya. Apply pertama sesudah merge
mengambil alih catatan (blok Terraform \`import\`), tanpa membuat atau menghapus apa pun.

Adopts the subdomains that already live in the zone: one subdomains/<name>.yaml per subdomain
(service labels such as _dmarc folded under it), history \`action: import\` with no invented
letter or pull request. The apex and the office's infrastructure names go to the zone's
\`infrastructure\` list in .github/sop.yaml: never changed or deleted by the pipeline. Commit the
result on a new branch and open a pull request; the maintainers approve it. The first apply
after the merge adopts the records (Terraform \`import\` blocks), creating and deleting nothing.

  --cloudflare        baca lewat API / read through the API: CLOUDFLARE_API_TOKEN (Zone → DNS →
                      Read, Zone → Zone → Read), CLOUDFLARE_API_BASE_URL (optional)
  --zone-file FILE    berkas zona BIND (ekspor Cloudflare, cPanel) / a BIND zone file; without
                      record ids: run --cloudflare later if the records already live at Cloudflare
  --owners FILE       CSV \`nama,opd\` / \`name,opd\`; unmapped names get OPD \`belum-ditentukan\`
  --infrastructure    nama milik Diskominfo (dipisah koma) / the office's own names, comma-separated
  --by NAME           siapa yang menjalankan / who runs it (default: GITHUB_ACTOR or USER)
  --branch NAME       buat cabang baru dari HEAD dan commit hasilnya di sana / make a new branch
                      from HEAD and commit the result on it (then push it and open a pull request)
  --dry-run           tampilkan saja / only show what would be written
  --format text|json
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      zone: { type: 'string' },
      cloudflare: { type: 'boolean', default: false },
      'zone-file': { type: 'string' },
      owners: { type: 'string' },
      infrastructure: { type: 'string', default: '' },
      by: { type: 'string' },
      branch: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
    },
  }, HELP);
  const zoneFile = values['zone-file'];
  if (!values.zone || values.cloudflare === (zoneFile !== undefined) || (values.format !== 'text' && values.format !== 'json')) {
    io.stderr(`--zone dan tepat satu dari --cloudflare atau --zone-file / --zone and exactly one of --cloudflare or --zone-file\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.branch !== undefined && values['dry-run']) {
    io.stderr(`--branch tidak dapat dipakai dengan --dry-run / --branch cannot be used with --dry-run\n\n${HELP}`);
    return EXIT.usage;
  }
  const zone = values.zone.toLowerCase().replace(/\.$/, '');
  const now = io.now();
  const meta: ImportSource = {
    source: values.cloudflare ? 'cloudflare' : 'zone-file',
    ...(zoneFile ? { file: basename(zoneFile) } : {}),
    at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    by: values.by ?? io.env.GITHUB_ACTOR ?? io.env.USER ?? 'unknown',
  };

  let read: (zoneId: string) => Promise<ZoneRecords>;
  if (values.cloudflare) {
    const access = accessFromEnv(io.env);
    if ('id' in access) {
      io.stderr(`${access.id}\n${access.en}\n`);
      return EXIT.usage;
    }
    read = async (zoneId) => {
      const result = await readZoneRecords(access, zoneId, zone);
      return result.ok ? result : { ok: false, problems: [problem('cloudflare', 'import/cloudflare', result.message)] };
    };
  } else {
    read = async () => readZoneFile(resolve(io.cwd, zoneFile!), zoneFile!, zone);
  }
  let owners: { path: string; text: string } | undefined;
  if (values.owners) {
    try {
      owners = { path: values.owners, text: readFileSync(resolve(io.cwd, values.owners), 'utf8') };
    } catch (error) {
      io.stderr(`${values.owners}: tidak dapat dibaca / cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return EXIT.usage;
    }
  }

  const result = await prepareImport({
    tree: new WorkingTree(io.cwd),
    zone,
    read,
    ...(owners ? { owners } : {}),
    infrastructure: values.infrastructure.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== ''),
    meta,
    today: jakartaDate(now),
  });
  if (!result.ok) {
    io.stderr(formatProblems(result.problems));
    io.stderr('Tidak ada yang ditulis. / Nothing was written.\n');
    return EXIT.problems;
  }
  const { plan, changes, warnings } = result;
  const branch = values.branch !== undefined && changes.length > 0 ? values.branch : undefined;
  if (branch !== undefined) {
    const paths = changes.map((c) => c.path);
    const refused = checkBranchable(io.cwd, branch, [POLICY_PATH, REGISTER_DIR, ...paths]) ?? switchToNewBranch(io.cwd, branch);
    if (refused) {
      io.stderr(`${refused.message.id}\n${refused.message.en}\nTidak ada yang ditulis. / Nothing was written.\n`);
      return EXIT.problems;
    }
    writeChanges(io.cwd, changes);
    const failed = commitPaths(io.cwd, paths, `Ambil alih zona ${zone} (${meta.source}) / adopt the zone ${zone}`);
    if (failed) {
      io.stderr(`${failed.message.id}\n${failed.message.en}\n`);
      return EXIT.problems;
    }
  } else if (!values['dry-run']) writeChanges(io.cwd, changes);
  if (values.format === 'json') {
    io.stdout(`${JSON.stringify({
      zone,
      source: meta.source,
      written: values['dry-run'] ? [] : changes.map((c) => c.path),
      ...(branch !== undefined ? { branch } : {}),
      entries: plan.entries.map((e) => ({ fqdn: e.fqdn, path: e.path, opd: e.entry.opd, records: e.records })),
      infrastructure: { added: plan.infrastructure, records: plan.infrastructureRecords },
      leftOut: plan.leftOut,
      warnings: warnings.map((w) => ({ file: w.file, line: w.line ?? null, rule: w.rule, message: w.message })),
      ...(result.calls !== undefined ? { apiCalls: result.calls } : {}),
    }, null, 2)}\n`);
    return EXIT.ok;
  }
  const out: string[] = [];
  const verb = values['dry-run'] ? 'akan ditulis / would be written' : 'ditulis / written';
  out.push(`Zona / zone ${zone}: ${plan.entries.length} subdomain ${verb}, ${plan.infrastructureRecords} catatan infrastruktur / infrastructure records, ${plan.leftOut.length} dibiarkan / left out.`);
  for (const e of plan.entries) {
    out.push(e.idsAdded ? `  ~ ${e.path}  (${e.idsAdded} id catatan Cloudflare ditambahkan ke import yang menunggu / Cloudflare record ids added to the pending import)` : `  + ${e.path}  (opd: ${e.entry.opd}, ${e.records} catatan / records)`);
  }
  if (plan.infrastructure.length > 0) out.push(`Nama infrastruktur baru di .github/sop.yaml / new infrastructure names: ${plan.infrastructure.join(', ')}`);
  if (plan.leftOut.length > 0) {
    out.push('Tidak diambil alih, tidak diubah / not adopted, left untouched:');
    for (const l of plan.leftOut) {
      const what = l.type ? `${l.type} ${l.name}${l.content ? ` ${l.content.slice(0, 80)}` : ''}` : `${l.name} [${l.rule}] ${l.file}:${l.line ?? 1}`;
      out.push(`  - ${what}: ${l.reason.id} / ${l.reason.en}`);
    }
  }
  if (warnings.length > 0) out.push(`Peringatan / warnings (${warnings.length}): isi OPD dan kontak lewat pull request / fill in OPDs and contacts in a pull request.`);
  if (meta.source === 'zone-file') {
    out.push('Tanpa id catatan Cloudflare: bila catatan sudah ada di Cloudflare, jalankan `subdomain import --cloudflare` sebelum merge agar apply mengambil alihnya. / Without Cloudflare record ids: if the records already live at Cloudflare, run `subdomain import --cloudflare` before merging so that the apply adopts them.');
  }
  if (branch !== undefined) {
    out.push('', `Di-commit di cabang baru / committed on the new branch \`${branch}\`. Langkah berikut / next steps:`, `  git push -u origin ${branch}   # lalu buka pull request / then open a pull request`,
      '  subdomain plan menunjukkan "diambil alih / adopted" untuk setiap catatan; maintainers menyetujui. / the plan shows each record as adopted; the maintainers approve.');
  } else if (!values['dry-run'] && changes.length > 0) {
    out.push('', 'Langkah berikut / next steps:', `  git switch -c import-${zone.replace(/\./g, '-')}`, '  git add .github/sop.yaml subdomains/', `  git commit -m "Ambil alih zona ${zone} / adopt the zone"`, '  git push -u origin HEAD   # lalu buka pull request / then open a pull request',
      '  subdomain plan menunjukkan "diambil alih / adopted" untuk setiap catatan; maintainers menyetujui. / the plan shows each record as adopted; the maintainers approve.');
  }
  io.stdout(`${out.join('\n')}\n`);
  return EXIT.ok;
};

function readZoneFile(path: string, shown: string, zone: string): ZoneRecords {
  let bytes: Uint8Array;
  try {
    // Refused before it is read; the parser checks size and encoding of what it gets.
    if (statSync(path).size > ZONE_FILE_LIMITS.bytes) {
      return { ok: false, problems: [problem(shown, 'zone-file/too-large', msg('Berkas zona lebih dari 20 MiB.', 'The zone file is over 20 MiB.'))] };
    }
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, problems: [problem(shown, 'import/zone-file', msg(
      `Berkas zona tidak dapat dibaca (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, `The zone file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`))] };
  }
  const parsed = parseZoneFile(shown, bytes, zone);
  if (parsed.problems.some((p) => p.severity === 'error')) return { ok: false, problems: parsed.problems };
  return { ok: true, records: parsed.records };
}
