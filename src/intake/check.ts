import { requestPath, splitDomain } from '../model/domain.js';
import type { Problem } from '../model/problem.js';
import { loadPolicy } from '../policy/policy.js';
import { parseFile } from '../repo/load.js';
import { OverlayTree, type Tree } from '../repo/tree.js';
import { checkInFlight } from '../rules/ownership.js';
import type { RuleContext } from '../rules/context.js';
import { validateInTree } from '../validate/validate.js';
import { lazyPending } from '../validate/register-view.js';
import { fieldById, type FormField } from './form.js';
import { fieldAtLine } from './request-file.js';

export interface IntakeCheck {
  valid: boolean;
  /** The policy of the base could not be read: the office's configuration, not the applicant, is at fault. */
  policyBroken: boolean;
  path: string;
  /** Problems with the form field each one is about, when it can be told. */
  problems: (Problem & { field?: FormField })[];
}

/**
 * Checks a request file that exists only in memory, exactly as `subdomain validate` checks a
 * file in a pull request: against the policy and register of `base` (the default branch),
 * with the same rules, ids and messages, plus "one request per name in flight".
 */
export function checkIntake(base: Tree, fqdn: string, text: string, today: string): IntakeCheck {
  const path = requestPath(fqdn);
  const bytes = new TextEncoder().encode(text);
  const report = validateInTree(new OverlayTree(base, new Map([[path, bytes]])), [path], today);
  const problems: IntakeCheck['problems'] = [...report.problems];
  if (report.valid && !report.policyBroken) {
    const policy = loadPolicy(base);
    const loaded = parseFile(path, bytes, 'request');
    const name = policy.ok ? splitDomain(fqdn, policy.policy.zones) : undefined;
    if (policy.ok && loaded.ok && name) {
      const context = { pendingAtBase: lazyPending(base) } as RuleContext;
      problems.push(...checkInFlight({ path, name, source: loaded.source, value: loaded.value }, context));
    }
  }
  const fieldOf = fieldAtLine(text);
  for (const p of problems) {
    const field = p.rule.startsWith('name/') || p.rule.startsWith('file/') ? fieldById('subdomain') : p.line !== undefined && p.line > 1 ? fieldOf(p.line) : undefined;
    if (field) p.field = field;
  }
  const valid = !problems.some((p) => p.severity === 'error');
  return { valid, policyBroken: report.policyBroken, path, problems };
}
