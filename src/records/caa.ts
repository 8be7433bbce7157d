import { msg, problem, type Problem } from '../model/problem.js';
import { isHostName } from './host-name.js';
import type { RecordKind, RecordRef, RecordsOwner } from './record.js';

export interface CaaParts {
  flags: number;
  tag: string;
  value: string;
}

const TAGS = new Set(['issue', 'issuewild', 'iodef', 'issuemail', 'issuevmc']);

/** `0 issue "letsencrypt.org"` → its three parts; undefined when it is not written that way (RFC 8659 §4.1.1). */
export function parseCaa(content: string): CaaParts | undefined {
  const match = /^(\d{1,3})\s+([A-Za-z0-9]+)\s+(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))$/.exec(content.trim());
  if (!match) return undefined;
  const flags = Number(match[1]);
  if (flags > 255) return undefined;
  const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[4]!;
  return { flags, tag: match[2]!.toLowerCase(), value };
}

function canonical(content: string): string {
  const caa = parseCaa(content);
  return caa ? `${caa.flags} ${caa.tag} "${caa.value.replace(/(["\\])/g, '\\$1')}"` : content.trim();
}

export const CAA: RecordKind = {
  type: 'CAA',
  proxiable: false,
  listIsOneRecord: false,
  listIsRecords: false,
  hasPriority: false,
  check: checkCaa,
  content: ({ value }) => canonical(String(value)),
  // The canonical form is itself a valid written value.
  written: (content) => ({ value: content }),
  fromProvider: canonical,
  provider: ({ content }) => {
    const caa = parseCaa(content) ?? { flags: 0, tag: 'issue', value: content };
    return { data: { flags: caa.flags, tag: caa.tag, value: caa.value } };
  },
};

/** CAA is `<flags 0–255> <tag> "<value>"` (RFC 8659): e.g. `0 issue "letsencrypt.org"`. */
function checkCaa(ref: RecordRef, owner: RecordsOwner): Problem[] {
  const value = String(ref.record.value).trim();
  const caa = parseCaa(value);
  const bad = (why: string, whyEn: string) => [problem(owner.path, 'record/caa-syntax', msg(
    `Nilai CAA \`${value}\` tidak sah: ${why}. Contoh: 0 issue "letsencrypt.org".`,
    `CAA value \`${value}\` is not valid: ${whyEn}. Example: 0 issue "letsencrypt.org".`), ref.at('value'))];
  if (!caa || !TAGS.has(caa.tag)) {
    return bad('harus berbentuk <flag 0–255> <tag> "<nilai>" dengan tag issue, issuewild, iodef, issuemail atau issuevmc', 'it must read <flags 0–255> <tag> "<value>" with tag issue, issuewild, iodef, issuemail or issuevmc');
  }
  if (caa.tag === 'iodef' && !/^(mailto:[^@\s]+@[^@\s]+|https?:\/\/\S+)$/.test(caa.value)) {
    return bad('iodef harus URL mailto: atau https:', 'iodef must be a mailto: or https: URL');
  }
  if ((caa.tag === 'issue' || caa.tag === 'issuewild') && caa.value !== '' && caa.value !== ';') {
    const domain = caa.value.split(';')[0]!.trim();
    if (!isHostName(domain)) return bad(`\`${domain}\` bukan nama domain CA`, `\`${domain}\` is not a CA domain name`);
  }
  return [];
}
