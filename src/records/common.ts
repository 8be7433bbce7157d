import { msg, problem, type Position, type Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import { kindOf } from './index.js';
import { recordIdentity, type RecordRef } from './record.js';
import { valueStrings } from './ref.js';

export const TTL_MIN = 60;
export const TTL_MAX = 86_400;

export function checkTtl(file: string, ref: RecordRef): Problem[] {
  const { ttl, proxied } = ref.record;
  if (ttl === undefined) return [];
  if (proxied === true) {
    return [problem(file, 'record/proxied-ttl', msg(
      'Catatan yang diproksikan (`proxied: true`) selalu memakai TTL otomatis dari Cloudflare; hapus `ttl`.',
      'A proxied record (`proxied: true`) always has Cloudflare\'s automatic TTL; remove `ttl`.'), ref.at('ttl'))];
  }
  if (ttl >= TTL_MIN && ttl <= TTL_MAX) return [];
  return [problem(file, 'record/ttl-range', msg(
    `TTL ${ttl} di luar rentang ${TTL_MIN}–${TTL_MAX} detik (kosongkan untuk otomatis).`,
    `TTL ${ttl} is outside ${TTL_MIN}–${TTL_MAX} seconds (leave it out for automatic).`), ref.at('ttl'))];
}

/**
 * `name` is a service label under the subdomain (`_dmarc`, `s1._domainkey`, SRV `_sip._tcp`), for
 * TXT, CNAME and SRV; on A/AAAA only as the glue of a name server the file delegates to
 * (`name: ns1` beside `NS ns1.<subdomain>`), whose names `glue` holds.
 */
export function checkServiceName(file: string, ref: RecordRef, glue: ReadonlySet<string> = new Set()): Problem[] {
  const { name, type } = ref.record;
  if (name === undefined) return [];
  if ((type === 'A' || type === 'AAAA') && glue.has(ref.fqdn)) return [];
  const labels = name.split('.');
  if (!labels.every((l) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l)) || !labels.at(-1)!.startsWith('_')) {
    return [problem(file, 'record/service-name', msg(
      `\`name: ${name}\` harus label layanan yang diawali _ (contoh: _dmarc, _acme-challenge, s1._domainkey), huruf kecil.`,
      `\`name: ${name}\` must be a service label starting with _ (e.g. _dmarc, _acme-challenge, s1._domainkey), lowercase.`), ref.at('name'))];
  }
  if (type !== 'TXT' && type !== 'CNAME' && type !== 'SRV') {
    return [problem(file, 'record/service-name', msg(
      `\`name\` hanya untuk catatan TXT, CNAME atau SRV, bukan ${type}${type === 'NS' ? ' (NS selalu di subdomain itu sendiri)' : ''}. Nama lain dimohonkan sebagai subdomain tersendiri.`,
      `\`name\` is for TXT, CNAME or SRV records only, not ${type}${type === 'NS' ? ' (NS always sits at the subdomain itself)' : ''}. Other names are requested as subdomains of their own.`), ref.at('name'))];
  }
  return [];
}

/** `proxied` only where Cloudflare can proxy; never silently dropped. */
export function checkProxied(file: string, ref: RecordRef): Problem[] {
  const { proxied, type } = ref.record;
  if (proxied === undefined || kindOf(type).proxiable) return [];
  return [problem(file, 'record/proxied-type', msg(
    `\`proxied\` hanya untuk A, AAAA atau CNAME, bukan ${type}; hapus baris ini.`,
    `\`proxied\` applies to A, AAAA or CNAME only, not ${type}; remove this line.`), ref.at('proxied'))];
}

/** `priority` is for MX and SRV only. */
export function checkPriorityType(file: string, ref: RecordRef): Problem[] {
  if (kindOf(ref.record.type).hasPriority || ref.record.priority === undefined) return [];
  return [problem(file, 'record/mx-priority', msg('`priority` hanya untuk catatan MX atau SRV.', '`priority` applies to MX or SRV records only.'), ref.at('priority'))];
}

/** `weight` and `port` are for SRV only. */
export function checkSrvFieldsType(file: string, ref: RecordRef): Problem[] {
  if (ref.record.type === 'SRV') return [];
  return (['weight', 'port'] as const).filter((field) => ref.record[field] !== undefined).map((field) => problem(file, 'record/srv-fields', msg(
    `\`${field}\` hanya untuk catatan SRV.`, `\`${field}\` applies to SRV records only.`), ref.at(field)));
}

/** A list of values is one TXT record, or one NS record per name server; other types take one value per record. */
export function checkValueList(file: string, ref: RecordRef): Problem[] {
  const kind = kindOf(ref.record.type);
  if (!Array.isArray(ref.record.value) || kind.listIsOneRecord || kind.listIsRecords) return [];
  return [problem(file, 'record/value-list', msg(
    'Daftar nilai hanya untuk TXT (satu catatan dari beberapa teks) dan NS (satu catatan per server nama); tulis satu nilai per catatan.',
    'A list of values is for TXT (one record of several strings) and NS (one record per name server) only; write one value per record.'), ref.at('value'))];
}

/** The same record (name, type and canonical value) written twice. */
export function checkDuplicates(file: string, refs: readonly RecordRef[]): Problem[] {
  const seen = new Map<string, RecordRef>();
  const problems: Problem[] = [];
  for (const ref of refs) {
    const kind = kindOf(ref.record.type);
    if (Array.isArray(ref.record.value) && !kind.listIsOneRecord && !kind.listIsRecords) continue;
    const values = kind.listIsOneRecord ? [ref.record.value] : valueStrings(ref.record.value);
    for (const value of values) {
      const key = recordIdentity({ name: ref.fqdn, type: ref.record.type, content: kind.content({ ...ref.record, value }) });
      const first = seen.get(key);
      if (first) {
        problems.push(problem(file, 'record/duplicate', msg(
          first === ref ? `Catatan ${ref.record.type} ini menyebut nilai yang sama dua kali.` : `Catatan ${ref.record.type} ini sama dengan catatan ke-${first.index + 1}.`,
          first === ref ? `This ${ref.record.type} record lists the same value twice.` : `This ${ref.record.type} record repeats record ${first.index + 1}.`), ref.at()));
      } else seen.set(key, ref);
    }
  }
  return problems;
}

/** cdktf reads `${TfToken[…]}`, `#{TfToken[…]}` and `&{TfToken[…]}` inside any string as its own tokens. */
export const CDKTF_TOKEN_MARKER = /[$#&]\{TfToken\[/;

/**
 * `${` and `%{` start Terraform templates, and a cdktf token marker would be resolved by cdktf
 * before Terraform ever sees it: no value in a file may hold either.
 */
const TEMPLATE_SEQUENCE = new RegExp(`[$%]\\{|${CDKTF_TOKEN_MARKER.source}`);

/**
 * Every text value of a request, register entry or policy, anywhere in the file: a template
 * sequence would be evaluated by Terraform if it ever reached it unescaped. Synthesis escapes
 * anyway; this makes sure officials never approve such text.
 */
export function checkTemplateSequences(file: string, source: YamlSource, value: unknown): Problem[] {
  const problems: Problem[] = [];
  // One path, pushed and popped: this runs over every value of every file in the tree.
  const path: (string | number)[] = [];
  const visit = (node: unknown) => {
    if (typeof node === 'string') {
      const match = TEMPLATE_SEQUENCE.exec(node);
      if (match) {
        const at: Position = source.positionOf([...path]);
        problems.push(problem(file, 'value/template-sequence', msg(
          `Teks memuat \`${match[0]}\`, yang dibaca Terraform (atau cdktf) sebagai kode. Hapus atau ganti urutan ini (mis. tulis "$ {").`,
          `The text holds \`${match[0]}\`, which Terraform (or cdktf) reads as code. Remove or change this sequence (e.g. write "$ {").`), at));
      }
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        visit(node[i]);
        path.pop();
      }
    } else if (node && typeof node === 'object') {
      for (const key in node) {
        path.push(key);
        visit((node as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  visit(value);
  return problems;
}
