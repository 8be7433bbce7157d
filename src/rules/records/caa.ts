import { msg, problem, type Problem } from '../../model/problem.js';
import { isHostName } from './host-name.js';
import type { RecordRef } from './record-ref.js';

const CAA = /^(\d{1,3})\s+(issue|issuewild|iodef|issuemail|issuevmc)\s+"([^"]*)"$/;

/** CAA is `<flags 0–255> <tag> "<value>"` (RFC 8659): e.g. `0 issue "letsencrypt.org"`. */
export function checkCaa(file: string, ref: RecordRef): Problem[] {
  if (ref.record.type !== 'CAA') return [];
  const value = String(ref.record.value).trim();
  const match = CAA.exec(value);
  const bad = (why: string, whyEn: string) => [problem(file, 'record/caa-syntax', msg(
    `Nilai CAA \`${value}\` tidak sah: ${why}. Contoh: 0 issue "letsencrypt.org".`,
    `CAA value \`${value}\` is not valid: ${whyEn}. Example: 0 issue "letsencrypt.org".`), ref.at('value'))];
  if (!match) return bad('harus berbentuk <flag> <tag> "<nilai>" dengan tag issue, issuewild atau iodef', 'it must read <flags> <tag> "<value>" with tag issue, issuewild or iodef');
  const [, flags, tag, content] = match as unknown as [string, string, string, string];
  if (Number(flags) > 255) return bad('flag harus 0–255', 'flags must be 0–255');
  if (tag === 'iodef' && !/^(mailto:[^@\s]+@[^@\s]+|https?:\/\/\S+)$/.test(content)) {
    return bad('iodef harus URL mailto: atau https:', 'iodef must be a mailto: or https: URL');
  }
  if ((tag === 'issue' || tag === 'issuewild') && content !== '' && content !== ';') {
    const domain = content.split(';')[0]!.trim();
    if (!isHostName(domain)) return bad(`\`${domain}\` bukan nama domain CA`, `\`${domain}\` is not a CA domain name`);
  }
  return [];
}
