import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseWatchJson, type WatchReport } from '../watch/incidents.js';

/**
 * A saved `subdomain watch --format json` result, for the commands that read one (`watch --from`,
 * `report --watch`, `incidents --watch`): the report, or the lines saying why it cannot be used,
 * each starting with `label`. Fail closed: an unreadable or foreign file is never "no findings".
 */
export function readWatchResult(cwd: string, path: string, label: string): { ok: true; report: WatchReport } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    return { ok: false, error: `${label}: berkas tidak dapat dibaca / the file cannot be read.\n` };
  }
  const read = parseWatchJson(text);
  return read.ok ? read : { ok: false, error: `${label}: ${read.message.id}\n${label}: ${read.message.en}\n` };
}
