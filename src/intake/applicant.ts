import { LOGIN } from './request-file.js';

/**
 * The machine marker the intake bot writes as the FIRST line of a pull request it opens for
 * an issue: `<!-- subdomain:applicant=<login> issue=<N> -->`.
 */
export const APPLICANT_MARKER = /^<!-- subdomain:applicant=(\S+) issue=([1-9][0-9]{0,9}) -->(?:\n|$)/;

export function applicantMarker(login: string, issue: number): string {
  if (!LOGIN.test(login) || !Number.isSafeInteger(issue) || issue < 1) throw new Error(`not a login/issue: ${login} #${issue}`);
  return `<!-- subdomain:applicant=${login} issue=${issue} -->`;
}

export interface PullRequestAuthorship {
  user: { login: string } | null;
  body: string | null;
}

/** The marker of a pull request body, when its first line is one. */
export function readMarker(body: string | null | undefined): { applicant: string; issue: number } | undefined {
  const match = APPLICANT_MARKER.exec((body ?? '').replace(/\r\n?/g, '\n'));
  if (!match || !LOGIN.test(match[1]!)) return undefined;
  return { applicant: match[1]!, issue: Number(match[2]) };
}

/**
 * Who asked for the change, for the approvals check: normally the pull request's author; for a
 * pull request the intake bot opened from an issue, the issue's author.
 *
 * Why the marker can be trusted, and only here:
 * - It counts only on pull requests authored by one of `botLogins` (the account the intake
 *   workflow runs as). Anyone else can write the same comment into their own pull request,
 *   and it is ignored there: they stay the applicant.
 * - The bot writes it only from the `user.login` field the issues API returns for the issue,
 *   never from the issue's text, and always as the body's first line; the rest of the body
 *   it writes holds no applicant text, so a marker typed into the form cannot come first.
 * - Only people with write access can edit a pull request the bot authored, and they can
 *   already push to its branch; the approvals adapter may also re-read issue N's author and
 *   compare (see `readMarker`).
 * A missing or malformed marker falls back to the pull request's author, here the bot: it is a
 * member of no OPD, so the approvals check fails closed rather than trusting a guess.
 */
export function applicantOf(pr: PullRequestAuthorship, botLogins: readonly string[]): string {
  const author = pr.user?.login ?? '';
  const bots = new Set(botLogins.map((b) => b.toLowerCase()));
  if (!bots.has(author.toLowerCase())) return author;
  return readMarker(pr.body)?.applicant ?? author;
}
