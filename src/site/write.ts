import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { msg, type Message } from '../model/problem.js';
import { SITE_MARKER, type SiteFile } from './build.js';

export class SiteOutputError extends Error {
  constructor(readonly detail: Message) {
    super(detail.en);
  }
}

/**
 * Writes the site into `out`. An existing folder is emptied first only when an earlier build
 * marked it as ours; any other non-empty folder is refused, so `--out .` cannot wipe a repository.
 */
export function writeSite(out: string, files: readonly SiteFile[]): void {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) {
      throw new SiteOutputError(msg(`${out} sudah ada dan bukan folder.`, `${out} exists and is not a folder.`));
    }
    const entries = readdirSync(out);
    if (entries.length > 0 && !entries.includes(SITE_MARKER)) {
      throw new SiteOutputError(msg(
        `Folder ${out} tidak kosong dan bukan hasil \`subdomain site\`; pilih folder lain atau kosongkan dulu.`,
        `Folder ${out} is not empty and was not built by \`subdomain site\`; choose another folder or empty it first.`,
      ));
    }
    for (const entry of entries) rmSync(join(out, entry), { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  for (const file of files) {
    if (file.path.split('/').some((part) => part === '..' || part === '')) {
      throw new SiteOutputError(msg(`Jalur berkas tidak sah: ${file.path}`, `Invalid file path: ${file.path}`));
    }
    const target = join(out, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}
