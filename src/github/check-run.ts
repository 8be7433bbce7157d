import { APPROVALS_MARKER } from '../approvals/render.js';
import { msg } from '../model/problem.js';
import { apiFailure, statusOf, type GitHub } from './client.js';
import type { PullRequestRef } from './pull-request.js';

export const CHECK_NAME = 'sop/approvals';
/** GitHub refuses a check run summary longer than this (characters). */
export const CHECK_SUMMARY_MAX = 65535;

/**
 * What a required check makes of each verdict: only a completed `success` (or `neutral`,
 * `skipped`, which we never send) lets a pull request merge. Pending is `in_progress`, which a
 * required check waits on; blocked is `failure`.
 */
export type CheckVerdict = { status: 'in_progress' } | { status: 'completed'; conclusion: 'success' | 'failure' };

export interface CheckReport {
  verdict: CheckVerdict;
  /** One line: the same text as the commit status description. */
  title: string;
  /** Markdown: the step table. */
  summary: string;
  detailsUrl?: string;
}

export interface CheckRunOptions {
  /**
   * The slug of the app our token belongs to (`github-actions` for the workflow token, the
   * GitHub App's slug for its token). When given, only that app's runs are ours to update;
   * when not, a run another app made is recognised by GitHub refusing the update.
   */
  appSlug?: string;
  /**
   * No run of ours is expected on this commit (the sticky comment was never written for it):
   * create one without listing. Creating is always safe, since the required check reads the
   * newest run; the listing only spares a second run of the same answer and lets a run still in
   * progress be updated.
   */
  fresh?: boolean;
}

/** The verdict of a commit status state: `pending` never completes, so it never passes. */
export function verdictOf(state: 'success' | 'pending' | 'failure' | 'error'): CheckVerdict {
  if (state === 'success') return { status: 'completed', conclusion: 'success' };
  if (state === 'pending') return { status: 'in_progress' };
  return { status: 'completed', conclusion: 'failure' };
}

/** The sticky comment without its hidden marker, cut at a line to fit GitHub's summary limit. */
export function checkSummary(markdown: string): string {
  const text = markdown.split('\n').filter((line) => line.trim() !== APPROVALS_MARKER).join('\n');
  if (text.length <= CHECK_SUMMARY_MAX) return text;
  const note = '\n\n… (dipotong; tabel lengkap ada di komentar pull request / truncated; the full table is in the pull request comment)\n';
  const room = CHECK_SUMMARY_MAX - note.length;
  const cut = text.lastIndexOf('\n', room);
  return `${text.slice(0, cut > 0 ? cut : room)}${note}`;
}

interface ExistingRun {
  id: number;
  status: string;
  conclusion?: string | null;
  output?: { title?: string | null; summary?: string | null };
  app: { slug?: string } | null;
}

function sameAnswer(run: ExistingRun, body: { status: string; conclusion?: string; output: { title: string; summary: string } }): boolean {
  return body.status === 'completed' && run.conclusion === body.conclusion && run.output?.title === body.output.title && run.output?.summary === body.output.summary;
}

/**
 * Sets the `sop/approvals` check run on a commit: updates the newest run of that name we made
 * while it is still in progress, or creates one. A completed run is never edited: GitHub keeps a
 * completed run's status and conclusion (a green run edited to failure could stay green), so every
 * new verdict after completion is a new run, and GitHub's required check follows the newest run
 * of an app. The same verdict and text as the newest completed run writes nothing. `fresh`:
 * no listing, a new run.
 */
export async function setCheckRun(gh: GitHub, ref: PullRequestRef, sha: string, report: CheckReport, options: CheckRunOptions = {}): Promise<'created' | 'updated' | 'unchanged'> {
  const { octokit } = gh;
  const repo = { owner: ref.owner, repo: ref.repo };
  const body = {
    ...report.verdict,
    output: { title: oneLine(report.title), summary: checkSummary(report.summary) },
    ...(report.detailsUrl ? { details_url: report.detailsUrl } : {}),
  };
  const what = msg(`Menulis check run ${CHECK_NAME}`, `Writing the ${CHECK_NAME} check run`);
  let runs: ExistingRun[] = [];
  if (!options.fresh) {
    try {
      runs = await octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: sha, check_name: CHECK_NAME, filter: 'all', per_page: 100 });
    } catch (error) {
      throw apiFailure(error, what);
    }
  }
  const ours = runs
    .filter((r) => options.appSlug === undefined || r.app?.slug === options.appSlug)
    .sort((a, b) => b.id - a.id)[0];
  if (ours && ours.status === 'completed' && sameAnswer(ours, body)) return 'unchanged';
  try {
    if (ours && ours.status !== 'completed') {
      try {
        await octokit.rest.checks.update({ ...repo, check_run_id: ours.id, ...body });
        return 'updated';
      } catch (error) {
        // Another app's run of the same name (403), or one deleted meanwhile (404): make our own.
        if (statusOf(error) !== 403 && statusOf(error) !== 404) throw error;
      }
    }
    await octokit.rest.checks.create({ ...repo, name: CHECK_NAME, head_sha: sha, ...body });
    return 'created';
  } catch (error) {
    throw apiFailure(error, what);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim() || CHECK_NAME;
}
