// Compiles src/ to dist/ and copies the precompiled validators and the takeover fingerprints (with their NOTICE.md, CC BY 4.0 attribution) beside the compiled code.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
mkdirSync('dist/schema', { recursive: true });
for (const f of ['validators.gen.cjs', 'request.schema.json', 'register.schema.json', 'policy.schema.json']) {
  copyFileSync(`src/schema/${f}`, `dist/schema/${f}`);
}
mkdirSync('dist/watch/fingerprints', { recursive: true });
for (const f of ['can-i-take-over-xyz.json', 'service-domains.json', 'NOTICE.md']) copyFileSync(`src/watch/fingerprints/${f}`, `dist/watch/fingerprints/${f}`);
