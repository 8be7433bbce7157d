import type { LetterChannel } from '../model/letter-channel.js';

/**
 * Everything the approval evaluator may know about a pull request, as plain data. The GitHub
 * adapter (src/github/) fills it from the API; tests build it by hand. The evaluator never
 * sees HTTP.
 */

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  id: number;
  /** GitHub login of the reviewer. */
  user: string;
  state: ReviewState;
  /**
   * The commit the review was submitted on; the head commit when that commit holds the same
   * request files as the head (a base merged in since changed no request: src/github/pull-request.ts).
   */
  commitId: string;
  /** ISO 8601. */
  submittedAt: string;
}

/** A commit of the pull request; a merge of the base that changed no request file is left out. */
export interface Commit {
  sha: string;
  /** GitHub logins, when GitHub could link the commit's author/committer to an account. */
  author?: string;
  committer?: string;
}

export interface PullRequest {
  number: number;
  /** The applicant: the pull request's author (or, for issue-form requests, the author). */
  author: string;
  headSha: string;
  createdAt: string;
  /** When it left draft; the SOP clock starts here (or at createdAt). */
  readyAt?: string;
  /** Still a draft: never approved, whatever the reviews say. */
  draft?: boolean;
  changedFiles: string[];
  labels: string[];
}

/** Team memberships as read from GitHub: `org/slug` → login → state. */
export type TeamMemberships = Record<string, Record<string, 'active' | 'pending'>>;

/** What the request itself implies for approval, worked out from the files at the base branch. */
export interface RequestFacts {
  /** The requesting OPD (`opd:` of the request file), when the pull request holds one request. */
  opd?: string;
  /** Why the maintainers' role must approve too (name owned by another OPD, files outside requests/). */
  maintainerReasons: { id: string; en: string }[];
  /**
   * The one request file at the head commit is not a valid request (broken YAML, an unknown
   * field, a schema error): who asks, for which OPD, cannot be known, so nothing may pass.
   */
  requestInvalid?: true;
  /**
   * A delete the watch opened (the pull request's author is the pipeline's bot) whose origin
   * is incident #N instead of an OPD letter: nobody of the OPD applies, so the applicant check
   * gives way to the maintainers' approval (one of `maintainerReasons`), beside the whole SOP.
   */
  incident?: number;
  /**
   * How the request file says its letter reached the office (`via`), its e-office number
   * (`reference`) and the signed letter (`attachment`): what a registrar files the request with.
   */
  letter?: { via?: LetterChannel; reference?: string; attachment?: string };
}

export interface ApprovalInput {
  pullRequest: PullRequest;
  reviews: Review[];
  commits: Commit[];
  memberships: TeamMemberships;
  request: RequestFacts;
  /** Evaluation time (ISO 8601), for the elapsed time of the step still open. */
  now: string;
}
