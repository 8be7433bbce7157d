import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { callerFiles, readProductPrefix } from '../office/callers.js';
import { TEMPLATE_PATH } from '../intake/form.js';
import { renderIssueForm } from '../intake/form-template.js';
import { parsePolicy } from '../policy/policy.js';
import { officeFiles, ZONE_PATTERN, type OfficeAnswers } from '../office/init.js';
import { presets, type PresetName } from '../policy/presets/index.js';
import { EXIT, parseOptions, UsageError, type Command, type Io } from './io.js';

export const HELP = `Pemakaian / usage: subdomain init DIR --preset NAMA --zone ZONA [--office "Dinas …"]

Membuat repositori kantor baru di DIR: .github/sop.yaml untuk preset SOP itu (setiap peran
yang dibutuhkan, orangnya masih kosong, dengan keterangan jabatan dan langkahnya), zona kantor,
satu OPD contoh, requests/ dan subdomains/ (kosong), workflow pemanggil yang memakai workflow
produk versi ini, formulir issue, dependabot.yml, dan README singkat. Tanpa opsi di terminal:
menanyakannya satu per satu. Lalu isi yang bertanda ISI dan jalankan \`subdomain doctor\`.
Creates a new office repository in DIR: .github/sop.yaml for that SOP preset (every role it
needs, people still empty, with the post and its steps), the office's zone, one example agency,
empty requests/ and subdomains/, caller workflows using this version's reusable workflows, the
issue form, dependabot.yml and a short README. On a terminal without options it asks for each.
Then fill in what is marked FILL IN and run \`subdomain doctor\`.

  --preset NAMA   ${Object.keys(presets).join(', ')} (\`subdomain preset\` menjelaskannya / explains them)
  --zone ZONA     mis. / e.g. lumajangkab.go.id
  --office TEKS   nama Diskominfo / the office's name (default: the preset's)
`;

export const run: Command = async (args, io) => {
  const { values, positionals } = parseOptions({
    args,
    options: { preset: { type: 'string' }, zone: { type: 'string' }, office: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  }, HELP);
  if (positionals.length > 1) throw new UsageError(`Satu DIR saja / one DIR only.\n\n${HELP}`);
  const interactive = io.ask !== undefined && (positionals.length === 0 || !values.preset || !values.zone);
  const dir = positionals[0] ?? (interactive ? await io.ask!('Folder repositori baru / new repository folder: ') : undefined);
  if (!dir) throw new UsageError(`DIR wajib / is required.\n\n${HELP}`);
  const preset = await answer(io, values.preset, interactive, `Preset SOP (${Object.keys(presets).join(', ')}): `, checkPreset);
  const zone = await answer(io, values.zone?.toLowerCase().replace(/\.$/, ''), interactive, 'Zona / zone (mis. / e.g. lumajangkab.go.id): ', checkZone);
  const office = values.office ?? (interactive ? (await io.ask!(`Nama kantor / office name [${presets[preset as PresetName]!.office}]: `)).trim() : '');

  if (/\$\{|%\{/.test(office) || /[\u0000-\u001f\u007f]/.test(office)) {
    throw new UsageError(`--office: tanpa \`\${\` , \`%{\` atau karakter kendali / no \`\${\`, \`%{\` or control characters.\n\n${HELP}`);
  }
  const target = resolve(io.cwd, dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    io.stderr(`${target} sudah berisi berkas; pilih folder baru atau kosong. / already holds files; choose a new or empty folder.\n`);
    return EXIT.usage;
  }
  const prefix = readProductPrefix('exact');
  if (prefix.kind !== 'remote') throw new Error('the product prefix is always remote');
  const answers: OfficeAnswers = {
    preset: preset as PresetName,
    zone,
    office: office || presets[preset as PresetName]!.office,
    product: { repository: prefix.slug, ref: prefix.ref },
  };
  const files = officeFiles(answers);
  for (const caller of callerFiles(prefix)) files[caller.file] = caller.text;
  // The issue form comes from the policy just written, the way `subdomain intake --write-form` makes it.
  const policy = parsePolicy('.github/sop.yaml', new TextEncoder().encode(files['.github/sop.yaml']!));
  if (!policy.ok) throw new Error(`init wrote a policy that does not load: ${policy.problems.map((p) => p.rule).join(', ')}`);
  files[TEMPLATE_PATH] = renderIssueForm(policy.policy);
  files['.github/ISSUE_TEMPLATE/config.yml'] = 'blank_issues_enabled: true\n';
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  const git = initGit(target);
  io.stdout(`Repositori kantor dibuat / office repository created: ${target}
${Object.keys(files).sort().map((p) => `  ${p}`).join('\n')}
${git ? '' : 'git tidak tersedia: jalankan `git init` sendiri. / git is not available: run `git init` yourself.\n'}
Berikutnya / next: isi .github/sop.yaml (ISI / FILL IN), lalu / then \`npx subdomain doctor\`.
`);
  return EXIT.ok;
};

type Check = (value: string) => string | undefined;

const checkPreset: Check = (value) =>
  value in presets ? undefined : `Preset \`${value}\` tidak ada / does not exist. Pilih / choose: ${Object.keys(presets).join(', ')}`;

const checkZone: Check = (value) =>
  ZONE_PATTERN.test(value) ? undefined : `\`${value}\` bukan nama zona / is not a zone name (mis. / e.g. lumajangkab.go.id)`;

/** A flag's value, or (on a terminal) an answer asked until it passes its check. */
async function answer(io: Io, given: string | undefined, interactive: boolean, question: string, check: Check): Promise<string> {
  if (given !== undefined) {
    const problem = check(given);
    if (problem) throw new UsageError(`${problem}\n\n${HELP}`);
    return given;
  }
  if (!interactive) throw new UsageError(`${question.replace(/: $/, '')} wajib / is required.\n\n${HELP}`);
  for (;;) {
    const value = (await io.ask!(question)).trim().toLowerCase();
    const problem = check(value);
    if (!problem) return value;
    io.stderr(`${problem}\n`);
  }
}

function initGit(dir: string): boolean {
  try {
    execFileSync('git', ['init', '-q', '-b', 'main', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
