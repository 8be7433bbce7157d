// node scripts/sync-workflows.mjs: keeps the generated parts of
// .github/workflows/ in step with their one source each.
// - Every reusable workflow inlines scripts/product-ref.mjs in a quoted heredoc
//   (`node --input-type=module <<'PRODUCT_REF'` … `PRODUCT_REF`); each copy is rewritten from the file.
// - The thin callers (.github/workflows/subdomain-*.yml) are written by src/office/callers.ts
//   (bundled on the fly with esbuild) for the local prefix `./.github/workflows/`.
// test/office/product-ref.test.ts and test/office/callers.test.ts fail when either is out of step.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(repo, '.github/workflows');
const script = readFileSync(join(repo, 'scripts/product-ref.mjs'), 'utf8').trimEnd().split('\n');

/** The heredoc that runs the script, at an indentation. */
function inlined(indent) {
  const pad = ' '.repeat(indent);
  return [`${pad}node --input-type=module <<'PRODUCT_REF'`, ...script.map((l) => (l ? pad + l : '')), `${pad}PRODUCT_REF`];
}

let changed = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.yml') && !f.startsWith('subdomain-'))) {
  const path = join(dir, name);
  const lines = readFileSync(path, 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const start = /^( *)node --input-type=module <<'PRODUCT_REF'$/.exec(lines[i]);
    if (!start) {
      out.push(lines[i]);
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && l.trim() === 'PRODUCT_REF');
    if (end < 0) throw new Error(`${name}:${i + 1}: PRODUCT_REF heredoc without its end`);
    out.push(...inlined(start[1].length));
    i = end;
  }
  const text = out.join('\n');
  if (text !== lines.join('\n')) {
    writeFileSync(path, text);
    changed++;
  }
}

const temp = mkdtempSync(join(tmpdir(), 'callers-'));
const built = join(temp, 'callers.mjs');
await build({ entryPoints: [join(repo, 'src/office/callers.ts')], bundle: true, platform: 'node', format: 'esm', outfile: built, logLevel: 'error' });
const { callerFiles, LOCAL } = await import(pathToFileURL(built).href);
rmSync(temp, { recursive: true, force: true });
for (const { file, text } of callerFiles(LOCAL)) {
  const path = join(repo, file);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  writeFileSync(path, text);
  changed++;
}
console.log(`${changed} file(s) written`);
