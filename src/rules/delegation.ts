import { msg, problem, type Problem } from '../model/problem.js';
import { normalizeHost } from '../records/host-name.js';
import { valueStrings } from '../records/ref.js';
import type { DnsRecord } from '../schema/types.gen.js';
import type { RegisterFile, RequestFile, RuleContext } from './context.js';
import { recordsOnceApplied } from './targets.js';

/**
 * NS records at a subdomain hand it, and every name below it, to the agency's name servers:
 * Cloudflare answers a referral there, never the records below. So a request for
 * `app.dinkes.<zone>` while `dinkes.<zone>` is delegated (registered, or a pending request)
 * publishes records no resolver ever sees, and a request that delegates a name hides the
 * registered names below it. The one exception is glue: A/AAAA records at a name server of the
 * delegation (`ns1.dinkes.<zone>`), which the parent zone must serve.
 */
export function checkBelowDelegation(file: RequestFile, context: RuleContext): Problem[] {
  const request = file.value;
  // A delete removes records (welcome below a delegation); an update without records changes register data only.
  if (request.action === 'delete' || (request.action === 'update' && request.records === undefined && request.hosting !== true)) return [];
  const problems: Problem[] = [];
  const records = request.hosting === true ? undefined : request.records;
  const above = delegatedParent(file.name.labels, file.name.zone.name, context);
  if (above && !isGlue(file.name.fqdn, records, above.targets)) problems.push(belowProblem(file.path, file.name.fqdn, above, 'error'));

  const index = (records ?? []).findIndex((r) => r.type === 'NS' && r.name === undefined);
  if (index >= 0) {
    const targets = nsOf(records!);
    const hidden = context.register.descendants(file.name.fqdn).filter((name) => {
      const after = recordsOnceApplied(name, context);
      return after !== undefined && !isGlue(name, after.hosting ? undefined : after.records, targets);
    }).sort();
    if (hidden.length > 0) {
      const shown = hidden.slice(0, 10).join(', ') + (hidden.length > 10 ? ` (+${hidden.length - 10})` : '');
      problems.push(problem(file.path, 'name/below-delegation', msg(
        `NS di ${file.name.fqdn} mendelegasikan nama itu dan semua nama di bawahnya ke server nama OPD, tetapi di bawahnya masih terdaftar: ${shown}. Cloudflare tidak lagi menjawab untuk nama-nama itu. Hapus nama-nama itu lebih dulu (permohonan delete), atau pindahkan ke server nama OPD.`,
        `NS at ${file.name.fqdn} delegates that name and every name below it to the agency's name servers, but names below it are still registered: ${shown}. Cloudflare would no longer answer for them. Delete them first (delete requests), or move them to the agency's name servers.`),
      file.source.positionOf(['records', index])));
    }
  }
  return problems;
}

/** A register entry below a delegated name is live already, and hidden: a warning. */
export function checkRegisteredBelowDelegation(file: RegisterFile, context: RuleContext): Problem[] {
  const above = delegatedParent(file.name.labels, file.name.zone.name, context);
  if (!above || isGlue(file.name.fqdn, file.value.hosting === true ? undefined : file.value.records, above.targets)) return [];
  return [belowProblem(file.path, file.name.fqdn, above, 'warning')];
}

interface Delegation {
  name: string;
  targets: string[];
  pending: boolean;
}

/** The nearest parent of a name (below the zone apex) that has NS records once pending requests are applied. */
function delegatedParent(labels: readonly string[], zone: string, context: RuleContext): Delegation | undefined {
  for (let i = 1; i < labels.length; i++) {
    const name = `${labels.slice(i).join('.')}.${zone}`;
    const after = recordsOnceApplied(name, context);
    const targets = after && !after.hosting ? nsOf(after.records) : [];
    if (targets.length > 0) return { name, targets, pending: after!.pending };
  }
  return undefined;
}

function belowProblem(path: string, fqdn: string, above: Delegation, severity: 'error' | 'warning'): Problem {
  const ns = above.targets.join(', ');
  const where = above.pending ? ' (permohonan yang menunggu)' : '';
  const whereEn = above.pending ? ' (a pending request)' : '';
  return problem(path, 'name/below-delegation', msg(
    `${fqdn} berada di bawah ${above.name}${where}, yang didelegasikan ke server nama OPD (NS ${ns}). Cloudflare tidak menjawab untuk nama di bawah delegasi, jadi catatan ini tidak akan pernah terlihat. Buat catatannya di server nama itu, atau hapus delegasi ${above.name} lebih dulu.`,
    `${fqdn} lies below ${above.name}${whereEn}, which is delegated to the agency's name servers (NS ${ns}). Cloudflare does not answer for names below a delegation, so these records would never be seen. Create them on those name servers, or remove the delegation of ${above.name} first.`),
  { line: 1, column: 1 }, severity);
}

/** The NS targets of a name's own records (not a service label's). */
function nsOf(records: readonly DnsRecord[]): string[] {
  return records.filter((r) => r.type === 'NS' && r.name === undefined).flatMap((r) => valueStrings(r.value).map((v) => normalizeHost(v.trim())));
}

/** Glue: only A/AAAA records at the name itself, and the name is one of the delegation's name servers. */
function isGlue(fqdn: string, records: readonly DnsRecord[] | undefined, targets: readonly string[]): boolean {
  return records !== undefined && records.length > 0 && targets.includes(fqdn)
    && records.every((r) => (r.type === 'A' || r.type === 'AAAA') && r.name === undefined);
}
