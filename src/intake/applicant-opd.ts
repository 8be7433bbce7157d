import { holds } from '../approvals/roles.js';
import type { GitHub } from '../github/client.js';
import { msg, problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { readMemberships } from '../github/memberships.js';
import { fieldById } from './form.js';
import { ISSUE_FILE } from './parse.js';
import type { FieldProblem } from './render.js';

/**
 * The issue's author must be one of the OPD's people (`opds.<key>.users`, or an active member of
 * one of its `teams`) before intake writes a branch in its name: anyone can open an issue, and the
 * approvals check would refuse the pull request anyway (`applicant/not-member`), after a branch,
 * a pull request and review requests to officials. Team membership is read through the API
 * (a token that can read the organisation's members: the GitHub App's).
 */
export async function applicantOutsideOpd(gh: GitHub, policy: ResolvedPolicy, author: string, opd: string): Promise<FieldProblem[]> {
  const members = policy.opds[opd];
  if (!members) return []; // an unknown OPD is the rules' problem (owner/unknown-opd), already reported
  if (holds(author, members, {})) return [];
  const memberships = (members.teams ?? []).length > 0 ? await readMemberships(gh, author, members.teams ?? []) : {};
  if (holds(author, members, memberships)) return [];
  return [{
    ...problem(ISSUE_FILE, 'intake/applicant-not-in-opd', msg(
      `@${author} bukan staf ${members.name} (\`${opd}\`) menurut kebijakan kantor; hanya staf OPD itu yang dapat memohon atas namanya. Minta pengelola menambahkan akun Anda ke \`opds.${opd}\` di .github/sop.yaml, atau pilih OPD Anda sendiri.`,
      `@${author} is not on the staff of ${members.name} (\`${opd}\`) in the office's policy; only that agency's staff may ask in its name. Ask the maintainers to add your account to \`opds.${opd}\` in .github/sop.yaml, or pick your own agency.`,
    )),
    field: fieldById('opd'),
  }];
}
