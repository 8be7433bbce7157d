import { Address4, Address6 } from 'ip-address';
import { msg, problem, type Message, type Problem } from '../model/problem.js';
import type { RecordKind, RecordRef } from './record.js';

export const A: RecordKind = addressKind('A');
export const AAAA: RecordKind = addressKind('AAAA');

function addressKind(type: 'A' | 'AAAA'): RecordKind {
  const canonical = (value: string) => {
    const v = value.trim();
    if (type === 'A') return v;
    return Address6.isValid(v) ? new Address6(v).correctForm() : v.toLowerCase();
  };
  return {
    type,
    proxiable: true,
    listIsOneRecord: false,
    listIsRecords: false,
    hasPriority: false,
    check: (ref, owner) => checkAddress(owner.path, ref),
    content: ({ value }) => canonical(String(value)),
    written: (content) => ({ value: content }),
    fromProvider: canonical,
    provider: ({ content }) => ({ content }),
  };
}

/** A is a public IPv4 address, AAAA a public IPv6 address. */
export function checkAddress(file: string, ref: RecordRef): Problem[] {
  const { record } = ref;
  const value = String(record.value);
  const v4 = record.type === 'A';
  const rule = v4 ? 'record/a-public-ipv4' : 'record/aaaa-public-ipv6';
  let address: Address4 | Address6;
  try {
    address = v4 ? new Address4(value) : new Address6(value);
    if (!v4 && (value.includes('/') || value.includes('%'))) throw new Error('prefix or zone');
    if (v4 && value.includes('/')) throw new Error('prefix');
  } catch {
    return [problem(file, rule, msg(
      `\`${value}\` bukan alamat ${v4 ? 'IPv4' : 'IPv6'} yang sah${v4 && value.includes(':') ? ' (alamat IPv6 memakai jenis AAAA)' : !v4 && /^\d+\.\d+\.\d+\.\d+$/.test(value) ? ' (alamat IPv4 memakai jenis A)' : ''}.`,
      `\`${value}\` is not a valid ${v4 ? 'IPv4' : 'IPv6'} address${v4 && value.includes(':') ? ' (IPv6 addresses use type AAAA)' : !v4 && /^\d+\.\d+\.\d+\.\d+$/.test(value) ? ' (IPv4 addresses use type A)' : ''}.`), ref.at('value'))];
  }
  const range = nonPublicRange(address);
  if (!range) return [];
  return [problem(file, rule, msg(
    `\`${value}\` adalah alamat ${range.id}, tidak dapat dijangkau dari internet. Gunakan alamat IP publik.`,
    `\`${value}\` is a ${range.en} address, not reachable from the internet. Use a public IP address.`), ref.at('value'))];
}

/**
 * The name of the special-purpose range an address is in (private, loopback, link-local, …),
 * or undefined for a public address. Text that is no address at all counts as non-public.
 */
export function nonPublicRange(address: string | Address4 | Address6): Message | undefined {
  let parsed: Address4 | Address6;
  if (typeof address === 'string') {
    const text = address.replace(/^\[|\]$/g, '');
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
    try {
      parsed = mapped ? new Address4(mapped[1]!) : text.includes(':') ? new Address6(text) : new Address4(text);
    } catch {
      return msg('bukan alamat IP', 'not an IP address');
    }
  } else {
    parsed = address;
  }
  if (parsed.isGlobal()) return undefined;
  const [id, en] = rangeName(parsed);
  return msg(id, en);
}

function rangeName(address: Address4 | Address6): [string, string] {
  const checks: [keyof Address4 & keyof Address6, string, string][] = [
    ['isUnspecified', 'tak tertentu (unspecified)', 'unspecified'],
    ['isLoopback', 'loopback', 'loopback'],
    ['isPrivate', 'privat', 'private'],
    ['isCGNAT', 'CGNAT (100.64.0.0/10)', 'CGNAT (100.64.0.0/10)'],
    ['isLinkLocal', 'link-local', 'link-local'],
    ['isDocumentation', 'dokumentasi (contoh)', 'documentation'],
    ['isBenchmarking', 'benchmarking', 'benchmarking'],
    ['isMulticast', 'multicast', 'multicast'],
    ['isBroadcast', 'broadcast', 'broadcast'],
  ];
  for (const [method, id, en] of checks) {
    const fn = (address as unknown as Record<string, unknown>)[method];
    if (typeof fn === 'function' && (fn as () => boolean).call(address)) return [id, en];
  }
  return ['khusus (reserved)', 'special-purpose (reserved)'];
}
