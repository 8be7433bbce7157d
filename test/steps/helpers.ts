import { requestAt } from '../helpers/temp-repo.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy, type ResolvedPolicy } from '../../src/policy/policy.js';
import { parseFile } from '../../src/repo/load.js';
import type { RequestHistoryEntry, RegisterEntry } from '../../src/schema/types.gen.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function officeDir(office: 'lumajang' | 'bekasi'): string {
  return join(FIXTURES, office);
}

export function policyOf(office: 'lumajang' | 'bekasi', edit: (text: string) => string = (t) => t): ResolvedPolicy {
  const path = join(officeDir(office), '.github/sop.yaml');
  const result = parsePolicy('.github/sop.yaml', new TextEncoder().encode(edit(readFileSync(path, 'utf8'))));
  if (!result.ok) throw new Error(`fixture policy ${office}: ${JSON.stringify(result.problems)}`);
  return result.policy;
}

export function registerOf(office: 'lumajang' | 'bekasi', fqdn: string): RegisterEntry {
  const path = `subdomains/${fqdn}.yaml`;
  const result = parseFile(path, readFileSync(join(officeDir(office), path)), 'register');
  if (!result.ok) throw new Error(`fixture register ${fqdn}: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** The Lumajang fixture's history entry (pull request 7), with extra approvals appended. */
export function lumajangEntry(...extra: NonNullable<RequestHistoryEntry['approvals']>): RequestHistoryEntry {
  const entry = requestAt(registerOf('lumajang', 'perizinan.lumajangkab.go.id'));
  return { ...entry, approvals: [...(entry.approvals ?? []), ...extra] };
}
