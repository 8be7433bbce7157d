import type { Zone } from '../schema/types.gen.js';

export const REQUESTS_DIR = 'requests';
export const REGISTER_DIR = 'subdomains';
export const POLICY_PATH = '.github/sop.yaml';
/**
 * The outgoing letter numbers the register has issued (src/letters/numbering.ts). It sits in
 * the register folder, so the apply workflow commits it with the register and a pull request
 * that touches it needs the maintainers, but its name is no `<name>.yaml`: no loader takes it
 * for a subdomain, and it outlives any deleted subdomain's file.
 */
export const LETTER_LEDGER_FILE = '.letter-numbers.json';
export const LETTER_LEDGER_PATH = `${REGISTER_DIR}/${LETTER_LEDGER_FILE}`;

/** A subdomain name split against the zone that governs it: `ppid.dinkes` in `demakkab.go.id`. */
export interface DomainName {
  fqdn: string;
  zone: Zone;
  /** Labels below the zone, leftmost first: ['ppid', 'dinkes']. */
  labels: string[];
}

/** The zone a name falls in (the longest matching zone), if any. */
export function splitDomain(fqdn: string, zones: readonly Zone[]): DomainName | undefined {
  let best: Zone | undefined;
  for (const zone of zones) {
    if (fqdn.endsWith(`.${zone.name}`) && (!best || zone.name.length > best.name.length)) best = zone;
  }
  if (!best) return undefined;
  const relative = fqdn.slice(0, fqdn.length - best.name.length - 1);
  return { fqdn, zone: best, labels: relative.split('.') };
}

/** `requests/sehat.bekasikota.go.id.yaml` → `sehat.bekasikota.go.id`; undefined when not `*.yaml`. */
export function domainOfFile(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.endsWith('.yaml') ? name.slice(0, -'.yaml'.length) : undefined;
}

export function requestPath(fqdn: string): string {
  return `${REQUESTS_DIR}/${fqdn}.yaml`;
}

export function registerPath(fqdn: string): string {
  return `${REGISTER_DIR}/${fqdn}.yaml`;
}

export function parentName(fqdn: string): string {
  return fqdn.slice(fqdn.indexOf('.') + 1);
}
