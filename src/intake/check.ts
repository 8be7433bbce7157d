import { requestPath, splitDomain } from '../model/domain.js';
import type { Problem } from '../model/problem.js';
import { loadPolicy } from '../policy/policy.js';
import { parseFile } from '../repo/load.js';
import { OverlayTree, type Tree } from '../repo/tree.js';
import { checkInFlight } from '../rules/ownership.js';
import type { RuleContext } from '../rules/context.js';
import { validateInTree } from '../validate/validate.js';
import { lazyPending } from '../validate/register-view.js';
import type { DnsRecord } from '../schema/types.gen.js';
import { requestFromAnswers, STAND_IN_RECORDS, standInAnswers, type Answers } from './answers.js';
import { fieldById, type FormField } from './form.js';
import type { ParsedIssue } from './parse.js';
import type { FieldProblem } from './render.js';
import { fieldAtLine, requestYaml, type Origin } from './request-file.js';

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

export interface IssueCheck {
  /** Every problem of the issue's answers: those of the answers themselves, then the rules'. */
  problems: FieldProblem[];
  policyBroken: boolean;
  /** The request file and where it goes, when the answers name a place for it. */
  text?: string;
  path?: string;
}

/**
 * An issue's answers checked in one go: the problems the parser found, and the rules' problems
 * for the request the other answers make, so the applicant fixes everything in one edit.
 */
export function checkIssue(base: Tree, parsed: ParsedIssue, origin: Origin, today: string): IssueCheck {
  return checkAnswers(base, parsed, (request) => requestYaml(request, origin), today);
}

/** Answers, whichever way they came, with what was already found wrong with them. */
export interface CheckedAnswers {
  /** Every answer by field id, as given. */
  answers: Answers;
  records?: readonly DnsRecord[];
  hosting?: boolean;
  fqdn?: string;
  /** The problems of the answers themselves, each with its field. */
  problems: FieldProblem[];
  /** Ids of the fields those problems are about. */
  faulted?: ReadonlySet<string>;
}

/**
 * Answers checked in one go (issue form, `subdomain new`): the problems of the answers
 * themselves, then the rules' problems of the file `render` makes of them. Answers at fault
 * are left out of the file; for the check they are replaced by stand-ins that pass every rule,
 * so the rules still judge all the others. A rule about a replaced answer is not repeated.
 */
export function checkAnswers(base: Tree, given: CheckedAnswers, render: (request: Record<string, unknown>) => string, today: string): IssueCheck {
  if (!given.fqdn) return { problems: given.problems, policyBroken: false };
  const faulted = given.faulted ?? new Set<string>();
  const kept = Object.fromEntries(Object.entries(given.answers).filter(([id]) => !faulted.has(id)));
  const records = faulted.has('records') ? undefined : given.records;
  const text = render(requestFromAnswers(kept, records, given.hosting === true && !faulted.has('hosting')));
  const standIns = Object.fromEntries(Object.entries(standInAnswers(today)).filter(([id]) => faulted.has(id)));
  if (faulted.has('opd')) {
    const policy = loadPolicy(base);
    const first = policy.ok ? Object.keys(policy.policy.opds)[0] : undefined;
    if (first) standIns.opd = first;
  }
  // The lines of a records answer that could be read are judged even when others could not.
  const judged = given.records && given.records.length > 0 ? given.records : faulted.has('records') ? STAND_IN_RECORDS : undefined;
  const checked = faulted.size === 0 ? text : render(requestFromAnswers({ ...kept, ...standIns }, judged, given.hosting === true && !faulted.has('hosting')));
  const check = checkIntake(base, given.fqdn, checked, today);
  if (check.policyBroken) return { problems: check.problems, policyBroken: true };
  const echoes = (p: IntakeCheck['problems'][number]) =>
    (p.field !== undefined && p.field.id !== 'records' && faulted.has(p.field.id)) ||
    (faulted.size > 0 && p.rule === 'schema/required') ||
    ((faulted.has('records') || faulted.has('hosting')) && p.rule === 'record/records-or-hosting');
  return { problems: [...given.problems, ...check.problems.filter((p) => !echoes(p))], policyBroken: false, text, path: check.path };
}
