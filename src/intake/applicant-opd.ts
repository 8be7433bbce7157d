import { holds, roleHolding } from '../approvals/roles.js';
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
 * The policy's registrar (`intake.role`) may file for any OPD, with the agenda number and the signed letter.
 */
export async function applicantOutsideOpd(gh: GitHub, policy: ResolvedPolicy, author: string, opd: string, letter: RegistrarLetter, at: string): Promise<FieldProblem[]> {
  const members = policy.opds[opd];
  if (!members) return []; // an unknown OPD is the rules' problem (owner/unknown-opd), already reported
  if (holds(author, members, {})) return [];
  const memberships = (members.teams ?? []).length > 0 ? await readMemberships(gh, author, members.teams ?? []) : {};
  if (holds(author, members, memberships)) return [];

  // The office's registrar (TU, Sekretariat) files the letters it received on the agencies' behalf.
  const intake = policy.intake;
  const registrarTitle = intake ? policy.roles[intake.role]?.title ?? intake.role : undefined;
  if (intake) {
    const teams = policy.roles[intake.role]?.teams ?? [];
    const registrar = roleHolding(policy, intake.role, author, at, {}).held
      || (teams.length > 0 && roleHolding(policy, intake.role, author, at, await readMemberships(gh, author, teams)).held);
    if (registrar) return registrarLetterProblems(letter, registrarTitle!, members.name);
  }
  const hint = registrarTitle
    ? [` Surat yang diterima kantor dapat dicatat oleh ${registrarTitle} atas nama OPD.`, ` A letter the office received can be filed by the ${registrarTitle} on the agency's behalf.`]
    : ['', ''];
  return [{
    ...problem(ISSUE_FILE, 'intake/applicant-not-in-opd', msg(
      `@${author} bukan staf ${members.name} (\`${opd}\`) menurut kebijakan kantor; hanya staf OPD itu yang dapat memohon atas namanya. Minta pengelola menambahkan akun Anda ke \`opds.${opd}\` di .github/sop.yaml, atau pilih OPD Anda sendiri.${hint[0]}`,
      `@${author} is not on the staff of ${members.name} (\`${opd}\`) in the office's policy; only that agency's staff may ask in its name. Ask the maintainers to add your account to \`opds.${opd}\` in .github/sop.yaml, or pick your own agency.${hint[1]}`,
    )),
    field: fieldById('opd'),
  }];
}

/** What a registrar's request carries of the letter received: its agenda number and the signed letter. */
export interface RegistrarLetter {
  reference?: unknown;
  attachment?: unknown;
}

/** The registrar's filing needs the agenda number and the signed letter, as the approvals check will ask. */
function registrarLetterProblems(letter: RegistrarLetter, roleTitle: string, opdName: string): FieldProblem[] {
  const missing: FieldProblem[] = [];
  const given = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  if (!given(letter.reference)) {
    missing.push({
      ...problem(ISSUE_FILE, 'intake/registrar-letter', msg(
        `${roleTitle} mengajukan atas nama ${opdName}: isi nomor agenda surat masuk (Srikandi, MIPP, atau buku agenda).`,
        `The ${roleTitle} files on behalf of ${opdName}: give the incoming letter's agenda number (Srikandi, MIPP, or the agenda book).`)),
      field: fieldById('reference'),
    });
  }
  if (!given(letter.attachment)) {
    missing.push({
      ...problem(ISSUE_FILE, 'intake/registrar-letter', msg(
        `${roleTitle} mengajukan atas nama ${opdName}: berikan tautan ke surat bertanda tangan (PDF).`,
        `The ${roleTitle} files on behalf of ${opdName}: give the link to the signed letter (PDF).`)),
      field: fieldById('attachment'),
    });
  }
  return missing;
}
