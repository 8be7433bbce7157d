import { msg, problem, type Problem } from '../model/problem.js';
import { requestTransition } from '../model/transition.js';
import type { RequestFile, RuleContext } from './context.js';

/** The requesting OPD exists; the action fits the register; one request per name in flight. */
export function checkOwnership(file: RequestFile, context: RuleContext): Problem[] {
  const { value: request, source, name } = file;
  const problems: Problem[] = [];
  const at = (path: (string | number)[]) => source.positionOf(path);

  if (!context.policy.opds[request.opd]) {
    problems.push(problem(file.path, 'owner/unknown-opd', msg(
      `OPD \`${request.opd}\` tidak ada di kebijakan (.github/sop.yaml). Pilih salah satu: ${Object.keys(context.policy.opds).join(', ')}.`,
      `OPD \`${request.opd}\` is not in the policy (.github/sop.yaml). Choose one of: ${Object.keys(context.policy.opds).join(', ')}.`), at(['opd'])));
  }

  const registered = context.register.get(name.fqdn);
  const transition = requestTransition(name.fqdn, registered, request);
  for (const p of transition.problems) problems.push(problem(file.path, p.rule, p.message, at([p.field]), p.severity));
  if (request.action === 'delete' && registered) {
    const below = context.register.descendants(name.fqdn);
    if (below.length > 0) {
      problems.push(problem(file.path, 'owner/delete-with-children', msg(
        `${name.fqdn} masih memiliki subdomain di bawahnya (${below.join(', ')}); hapus itu lebih dulu.`,
        `${name.fqdn} still has names below it (${below.join(', ')}); delete those first.`), at(['action'])));
    }
  }
  return problems;
}

/** In a pull request: the name must not already have a merged request waiting to be applied. */
export function checkInFlight(file: RequestFile, context: RuleContext): Problem[] {
  const pending = context.pendingAtBase.get(file.name.fqdn);
  if (!pending) return [];
  return [problem(file.path, 'owner/in-flight', msg(
    `Sudah ada permohonan (${pending.action}) untuk ${file.name.fqdn} yang disetujui tetapi belum diterapkan. Tunggu hingga selesai.`,
    `A ${pending.action} request for ${file.name.fqdn} is already approved but not yet applied. Wait until it is done.`), file.source.positionOf(['action']))];
}
