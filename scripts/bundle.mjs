// npm run bundle: builds check/subdomain-check.mjs, the pull-request check (validate, plan,
// approvals: src/cli/check-entry.ts) as ONE file that runs with node alone, no node_modules.
// The file is committed, as GitHub's JavaScript actions commit their dist: the validate and
// sop/approvals workflows run it right after checkout, without installing anything.
// test/release/bundle.test.ts rebuilds it and fails when the committed file differs.
//
// What this build takes care of:
// - src/cli/main.ts's own lazy command imports are not followed (one stub stands for them):
//   only the commands check-entry.ts loads are bundled, so cdktf and the provider bindings
//   never are.
// - `createRequire(import.meta.url)('./x.cjs')` (the precompiled validators,
//   src/schema/validators.gen.cjs) becomes a static import, so the validators and what they
//   require (ajv's runtime, ajv-formats) are inlined instead of looked for beside the bundle.
// - A bundled module that reads a data file beside itself (`new URL('./x.json', import.meta.url)`)
//   fails the build: the file would not be there. (Worker files are not data: parallel-load.ts
//   starts workers only when its own file name ends in `.js`, and the bundle's ends in `.mjs`.)
// - The licences of the bundled packages are appended, as a comment.
//
// Usage: node scripts/bundle.mjs [--out FILE]   (default check/subdomain-check.mjs)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRY = 'src/cli/check-entry.ts';
export const OUT = 'check/subdomain-check.mjs';
const MAIN = join(repo, 'src/cli/main.ts');

/** main.ts's lazy command imports resolve to one stub that says the command is not here. */
const onlyTheEntrysCommands = {
  name: 'only-the-entrys-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/[^/]+\.js$/ }, (args) => (
      args.kind === 'dynamic-import' && resolve(args.importer) === MAIN ? { path: 'left-out-command', namespace: 'check-bundle' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'check-bundle' }, () => ({
      loader: 'js',
      contents: 'throw new Error("Perintah ini tidak ada di pemeriksaan pull request / this command is not in the pull-request check bundle: use bin/subdomain.js");',
    }));
  },
};

const REQUIRE_BESIDE = /createRequire\(import\.meta\.url\)\((['"])(\.{1,2}\/[^'"]+)\1\)/g;
const DATA_BESIDE = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;

/** Files required beside a module become static imports; data files read beside one fail the build. */
const inlineFilesBeside = {
  name: 'inline-files-beside',
  setup(b) {
    b.onLoad({ filter: /[/\\]src[/\\].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const data = [...text.matchAll(DATA_BESIDE)].map((m) => m[2]).filter((p) => !p.endsWith('.js'));
      if (data.length > 0) {
        return { errors: [{ text: `${args.path.slice(repo.length + 1)} reads ${data.join(', ')} beside itself at run time; the check bundle would not find it (import it instead)` }] };
      }
      if (!text.includes('createRequire(import.meta.url)(')) return undefined;
      const imports = [];
      const contents = text.replace(REQUIRE_BESIDE, (_, _q, path) => {
        const name = `__beside${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(path)};`);
        return name;
      });
      return { loader: 'ts', contents: `${imports.join('\n')}\n${contents}` };
    });
  },
};

const LICENCE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

/** The bundled packages (name@version, licence id, licence text), sorted, from esbuild's metafile. */
function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const rest = input.slice(at + 'node_modules/'.length).split('/');
    dirs.add(input.slice(0, at) + 'node_modules/' + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/'));
  }
  return [...dirs].map((dir) => {
    const pkg = JSON.parse(readFileSync(join(repo, dir, 'package.json'), 'utf8'));
    const file = readdirSync(join(repo, dir)).filter((f) => LICENCE_FILE.test(f)).sort()[0];
    const text = file ? readFileSync(join(repo, dir, file), 'utf8').trim() : `(no licence file in the package; package.json says ${pkg.license})`;
    return { id: `${pkg.name}@${pkg.version}`, license: typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license), text };
  }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function licenceComment(packages) {
  const safe = (t) => t.replace(/\*\//g, '* /').replace(/\r\n?/g, '\n');
  return [
    '/*',
    ' * Paket yang dibundel dan lisensinya / bundled packages and their licences:',
    ...packages.map((p) => ` *   ${p.id} (${p.license})`),
    ...packages.flatMap((p) => [' *', ` * ---- ${p.id} (${p.license}) ----`, ...safe(p.text).split('\n').map((l) => ` * ${l}`.trimEnd())]),
    ' */',
    '',
  ].join('\n');
}

/** Builds the check bundle; returns its text (written to `out` unless `write` is false). */
export async function bundle({ out = OUT, write = true } = {}) {
  const { version, license } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const result = await build({
    absWorkingDir: repo,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    charset: 'utf8',
    legalComments: 'none',
    metafile: true,
    write: false,
    outfile: OUT,
    logLevel: 'warning',
    banner: {
      js: [
        `// subdomain-gitops ${version} (${license}): pemeriksaan pull request / the pull-request check (validate, plan, approvals).`,
        `// Dibuat oleh / generated by scripts/bundle.mjs from ${ENTRY}; do not edit: run npm run bundle.`,
        // Bundled CommonJS code may require node's built-in modules.
        "import { createRequire as __checkCreateRequire } from 'node:module';",
        'const require = __checkCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    plugins: [onlyTheEntrysCommands, inlineFilesBeside],
  });
  const [output] = result.outputFiles;
  const text = `${output.text}${licenceComment(bundledPackages(result.metafile))}`;
  if (write) {
    const path = resolve(repo, out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = resolve(values.out ?? join(repo, OUT));
  if (!out.endsWith('.mjs')) throw new Error(`--out ${out}: the bundle's name must end in .mjs (ES module; and parallel-load.ts starts no worker from it)`);
  const text = await bundle({ out });
  console.log(`${out}: ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`);
}
