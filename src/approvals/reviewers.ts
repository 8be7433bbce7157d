import type { ResolvedPolicy } from '../policy/policy.js';
import type { ApprovalResult } from './evaluate.js';
import { inForce, officeDate } from './roles.js';

export interface ReviewRequest {
  users: string[];
  /** Teams as written in the policy, `org/slug`; GitHub's API wants the slug only. */
  teams: string[];
}

/**
 * Whom to ask next, as a disposition would: the holders of the roles of the open steps whose
 * turn it is. Nobody when the request is approved or when the applicant may not ask at all.
 * The role's Plh./Plt. in force today (`result.now`) is asked beside its listed users. Users who
 * cannot take the step (author, committers, people already bound to another role) are left out;
 * teams are asked as a whole.
 */
export function nextReviewers(result: ApprovalResult, policy: ResolvedPolicy): ReviewRequest {
  if (result.state === 'approved' || result.problems.some((p) => p.applicant === true)) return { users: [], teams: [] };
  const users = new Map<string, string>();
  const teams = new Set<string>();
  const excluded = new Set(result.excluded);
  const today = officeDate(result.now, policy);
  for (const step of result.steps) {
    if (step.state !== 'waiting' || !step.current) continue;
    for (const roleKey of step.roles) {
      const role = policy.roles[roleKey];
      const acting = inForce(role?.acting, today);
      for (const user of [...(role?.users ?? []), ...(acting ? [acting.login] : [])]) {
        const key = user.toLowerCase();
        const bound = result.bindings[key];
        if (excluded.has(key) || (bound !== undefined && bound !== roleKey)) continue;
        if (!users.has(key)) users.set(key, user);
      }
      for (const team of role?.teams ?? []) teams.add(team);
    }
  }
  return { users: [...users.values()].sort(), teams: [...teams].sort() };
}
