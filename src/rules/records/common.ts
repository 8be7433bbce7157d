import { msg, problem, type Problem } from '../../model/problem.js';
import type { DnsRecord } from '../../schema/types.gen.js';
import { normalizeHost } from './host-name.js';
import { valueStrings, type RecordRef } from './record-ref.js';

export const TTL_MIN = 60;
export const TTL_MAX = 86_400;

export function checkTtl(file: string, ref: RecordRef): Problem[] {
  const { ttl } = ref.record;
  if (ttl === undefined || (ttl >= TTL_MIN && ttl <= TTL_MAX)) return [];
  return [problem(file, 'record/ttl-range', msg(
    `TTL ${ttl} di luar rentang ${TTL_MIN}–${TTL_MAX} detik (kosongkan untuk otomatis).`,
    `TTL ${ttl} is outside ${TTL_MIN}–${TTL_MAX} seconds (leave it out for automatic).`), ref.at('ttl'))];
}

/** `name` is a service label under the subdomain (`_dmarc`, `s1._domainkey`), for TXT and CNAME only. */
export function checkServiceName(file: string, ref: RecordRef): Problem[] {
  const { name, type } = ref.record;
  if (name === undefined) return [];
  const labels = name.split('.');
  if (!labels.every((l) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l)) || !labels.at(-1)!.startsWith('_')) {
    return [problem(file, 'record/service-name', msg(
      `\`name: ${name}\` harus label layanan yang diawali _ (contoh: _dmarc, _acme-challenge, s1._domainkey), huruf kecil.`,
      `\`name: ${name}\` must be a service label starting with _ (e.g. _dmarc, _acme-challenge, s1._domainkey), lowercase.`), ref.at('name'))];
  }
  if (type !== 'TXT' && type !== 'CNAME') {
    return [problem(file, 'record/service-name', msg(
      `\`name\` hanya untuk catatan TXT atau CNAME, bukan ${type}. Nama lain dimohonkan sebagai subdomain tersendiri.`,
      `\`name\` is for TXT or CNAME records only, not ${type}. Other names are requested as subdomains of their own.`), ref.at('name'))];
  }
  return [];
}

/** Cloudflare proxies only A, AAAA and CNAME. */
export function checkProxied(file: string, ref: RecordRef): Problem[] {
  const { proxied, type } = ref.record;
  if (!proxied || type === 'A' || type === 'AAAA' || type === 'CNAME') return [];
  return [problem(file, 'record/proxied-type', msg(
    `\`proxied: true\` hanya untuk A, AAAA atau CNAME, bukan ${type}.`,
    `\`proxied: true\` applies to A, AAAA or CNAME only, not ${type}.`), ref.at('proxied'))];
}

/** The same record (name, type and value) written twice. */
export function checkDuplicates(file: string, refs: readonly RecordRef[]): Problem[] {
  const seen = new Map<string, RecordRef>();
  const problems: Problem[] = [];
  for (const ref of refs) {
    const key = recordKey(ref.fqdn, ref.record);
    const first = seen.get(key);
    if (first) {
      problems.push(problem(file, 'record/duplicate', msg(
        `Catatan ${ref.record.type} ini sama dengan catatan ke-${first.index + 1}.`,
        `This ${ref.record.type} record repeats record ${first.index + 1}.`), ref.at()));
    } else seen.set(key, ref);
  }
  return problems;
}

function recordKey(fqdn: string, record: DnsRecord): string {
  const values = valueStrings(record).map((v) => (record.type === 'TXT' ? v : normalizeHost(v.trim())));
  return JSON.stringify([fqdn, record.type, values]);
}
