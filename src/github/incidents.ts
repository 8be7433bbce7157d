/**
 * The incident planner's adapter to GitHub: reads our issues and the repository's visibility,
 * and carries out a plan (issues, comments, assignees, draft security advisories, the delete
 * request's pull request). Every failure is an ApiFailure that says what was being done.
 *
 * Tokens: issues (read & write), pull requests and contents (write: the delete request's branch),
 * and for the private channel a GitHub App token with *Repository security advisories: write*:
 * the workflow's GITHUB_TOKEN cannot create advisories (only a repository's administrators,
 * security managers or such an App can).
 */
import { msg, type Message } from '../model/problem.js';
import { advisoryDescription, advisoryKey, advisorySeverity, advisorySummary } from '../watch/incident-issue.js';
import { deleteRequestFile, removalComment, renderDraft, type IncidentAction, type IncidentPlan, type IssueDraft, type IssueSnapshot } from '../watch/incidents.js';
import { apiFailure, ApiFailure, call, statusOf, type GitHub } from './client.js';
import { proposeFile, type RepoRef } from './intake.js';



/** Whether the repository is private: only then may a policy's `private_channel: issue` hold the details in the issue. */
export async function repositoryIsPrivate(gh: GitHub, repo: RepoRef): Promise<boolean> {
  const { data } = await call(msg('Membaca repositori', 'Reading the repository'), () => gh.octokit.rest.repos.get({ ...repo }));
  return data.private === true;
}

/** Every issue (open and closed, pull requests left out) carrying one of the labels, all pages. */
export async function listLabelledIssues(gh: GitHub, repo: RepoRef, labels: readonly string[]): Promise<IssueSnapshot[]> {
  const { octokit } = gh;
  const byNumber = new Map<number, IssueSnapshot>();
  for (const label of labels) {
    const issues = await call(msg(`Membaca issue berlabel ${label}`, `Reading the issues labelled ${label}`), () =>
      octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: label, state: 'all', per_page: 100 }),
    );
    for (const i of issues) {
      if (i.pull_request) continue;
      byNumber.set(i.number, {
        number: i.number,
        title: i.title,
        body: i.body ?? '',
        state: i.state === 'closed' ? 'closed' : 'open',
        labels: i.labels.map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter((l) => l !== ''),
        createdAt: i.created_at,
        ...(i.closed_at ? { closedAt: i.closed_at } : {}),
        ...(i.state_reason ? { closedAs: i.state_reason } : {}),
        byBot: i.user?.type === 'Bot',
      });
    }
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/** One line of what was done, for the log (public: no finding's details). */
export interface Done {
  fqdn: string;
  message: Message;
}

export interface Applied {
  done: Done[];
  failures: { fqdn: string; failure: ApiFailure }[];
}

/**
 * Carries out the plan, one subdomain after another. A failure stops that subdomain's actions
 * (the next run picks up from what GitHub then holds) and the others go on.
 */
export async function applyIncidentPlan(gh: GitHub, repo: RepoRef, plan: IncidentPlan): Promise<Applied> {
  const applied: Applied = { done: [], failures: [] };
  const drafts = new Map(plan.drafts.map((d) => [d.fqdn, d]));
  const groups = new Map<string, IncidentAction[]>();
  for (const action of plan.actions) groups.set(action.fqdn, [...(groups.get(action.fqdn) ?? []), action]);
  const assignable = assignableCache(gh, repo);
  for (const [fqdn, actions] of groups) {
    try {
      await applyGroup(gh, repo, fqdn, actions, drafts.get(fqdn), assignable, (message) => applied.done.push({ fqdn, message }));
    } catch (error) {
      applied.failures.push({ fqdn, failure: error instanceof ApiFailure ? error : apiFailure(error, msg(`Menangani ${fqdn}`, `Handling ${fqdn}`)) });
    }
  }
  return applied;
}

async function applyGroup(
  gh: GitHub,
  repo: RepoRef,
  fqdn: string,
  actions: IncidentAction[],
  draft: IssueDraft | undefined,
  assignable: (logins: readonly string[]) => Promise<string[]>,
  log: (message: Message) => void,
): Promise<void> {
  const { octokit } = gh;
  let number: number | undefined;
  let written: string | undefined;
  let update = false;
  const issueOf = (a: { issue?: number }) => {
    const n = a.issue ?? number;
    if (n === undefined) throw new Error(`bug: no issue for ${fqdn}`);
    return n;
  };
  const comment = (issue: number, body: string) =>
    call(msg(`Menulis komentar pada issue #${issue}`, `Writing a comment on issue #${issue}`), () => octokit.rest.issues.createComment({ ...repo, issue_number: issue, body }));
  const needDraft = () => {
    if (!draft) throw new Error(`bug: no draft for ${fqdn}`);
    return draft;
  };

  for (const a of actions) {
    switch (a.type) {
      case 'open-issue': {
        const d = needDraft();
        const body = renderDraft(d);
        const assignees = await assignable(a.assignees);
        const { data } = await call(msg(`Membuka issue untuk ${fqdn}`, `Opening the issue for ${fqdn}`), () =>
          octokit.rest.issues.create({ ...repo, title: d.title, body, labels: d.labels, ...(assignees.length > 0 ? { assignees } : {}) }),
        );
        number = data.number;
        written = body;
        log(msg(`issue #${number} dibuka`, `issue #${number} opened`));
        break;
      }
      case 'reopen-issue': {
        const d = needDraft();
        const body = renderDraft(d);
        number = a.issue;
        await call(msg(`Membuka kembali issue #${a.issue}`, `Reopening issue #${a.issue}`), () =>
          octokit.rest.issues.update({ ...repo, issue_number: a.issue, state: 'open', title: d.title, body, labels: d.labels }),
        );
        written = body;
        log(msg(`issue #${a.issue} dibuka kembali`, `issue #${a.issue} reopened`));
        break;
      }
      case 'update-issue':
        number = a.issue;
        update = true;
        break;
      case 'comment':
        await comment(issueOf(a), a.body);
        break;
      case 'assign':
      case 'escalate': {
        const issue = issueOf(a);
        const logins = await assignable(a.assignees);
        if (logins.length > 0) {
          await call(msg(`Menugaskan issue #${issue}`, `Assigning issue #${issue}`), () => octokit.rest.issues.addAssignees({ ...repo, issue_number: issue, assignees: logins }));
        }
        if (a.type === 'escalate') {
          await comment(issue, a.body);
          log(msg(`issue #${issue} dieskalasi`, `issue #${issue} escalated`));
        }
        break;
      }
      case 'open-advisory': {
        const d = needDraft();
        const issue = issueOf(a);
        const found = await findDraftAdvisory(gh, repo, advisoryKey(fqdn, issue));
        const ghsa = found ?? (await createAdvisory(gh, repo, d, issue));
        d.state = { ...d.state!, advisory: ghsa };
        log(msg(found ? 'security advisory draf yang ada dipakai' : 'security advisory draf dibuat', found ? 'the existing draft security advisory is used' : 'draft security advisory created'));
        break;
      }
      case 'update-advisory': {
        const d = needDraft();
        const issue = issueOf(a);
        await call(msg('Memperbarui security advisory draf', 'Updating the draft security advisory'), () =>
          octokit.rest.securityAdvisories.updateRepositoryAdvisory({ ...repo, ghsa_id: a.ghsa, summary: advisorySummary(fqdn, issue, kindsOf(d)), description: advisoryDescription(d.content, issue), severity: advisorySeverity(confidentialOf(d)) }),
        );
        log(msg('security advisory draf diperbarui', 'draft security advisory updated'));
        break;
      }
      case 'close-advisory':
        try {
          await octokit.rest.securityAdvisories.updateRepositoryAdvisory({ ...repo, ghsa_id: a.ghsa, state: 'closed' });
          log(msg('security advisory draf ditutup', 'draft security advisory closed'));
        } catch (error) {
          // Already closed, or deleted by a maintainer: nothing is left to close.
          if (statusOf(error) !== 404 && statusOf(error) !== 422) throw apiFailure(error, msg('Menutup security advisory draf', 'Closing the draft security advisory'));
        }
        break;
      case 'open-delete-request': {
        const d = needDraft();
        const issue = issueOf(a);
        const file = deleteRequestFile(fqdn, a.opd, issue, a.reason);
        const proposed = await proposeFile(gh, repo, { branch: file.branch, path: file.path, text: file.text, commitMessage: file.commitMessage, title: file.title, body: file.body });
        d.state = { ...d.state!, removal: proposed.pull.number };
        if (proposed.created) await comment(issue, removalComment(proposed.pull.number));
        log(msg(`permohonan penghapusan #${proposed.pull.number} ${proposed.created ? 'dibuka' : 'sudah ada'}`, `delete request #${proposed.pull.number} ${proposed.created ? 'opened' : 'already open'}`));
        break;
      }
      case 'close-issue':
        await comment(a.issue, a.body);
        await call(msg(`Menutup issue #${a.issue}`, `Closing issue #${a.issue}`), () => octokit.rest.issues.update({ ...repo, issue_number: a.issue, state: 'closed', state_reason: 'completed' }));
        log(msg(`issue #${a.issue} ditutup`, `issue #${a.issue} closed`));
        break;
    }
  }
  // The body last: it carries the state block, with the advisory and the delete request found or made above.
  if (number !== undefined && draft && (update || written !== renderDraft(draft))) {
    const body = renderDraft(draft);
    const issue = number;
    await call(msg(`Memperbarui issue #${issue}`, `Updating issue #${issue}`), () => octokit.rest.issues.update({ ...repo, issue_number: issue, title: draft.title, body, labels: draft.labels }));
    if (update) log(msg(`issue #${issue} diperbarui`, `issue #${issue} updated`));
  }
}

const confidentialOf = (d: IssueDraft) => d.content.findings.filter((f) => f.confidential);
const kindsOf = (d: IssueDraft) => [...new Set(confidentialOf(d).map((f) => f.kind))];

async function createAdvisory(gh: GitHub, repo: RepoRef, d: IssueDraft, issue: number): Promise<string> {
  const { data } = await call(msg('Membuat security advisory draf (perlu izin Repository security advisories: write)', 'Creating the draft security advisory (needs Repository security advisories: write)'), () =>
    gh.octokit.rest.securityAdvisories.createRepositoryAdvisory({
      ...repo,
      summary: advisorySummary(d.fqdn, issue, kindsOf(d)),
      description: advisoryDescription(d.content, issue),
      severity: advisorySeverity(confidentialOf(d)),
      // The advisory is about a name the office serves, not a package: "other" is GitHub's word for that.
      vulnerabilities: [{ package: { ecosystem: 'other', name: d.fqdn } }],
    }),
  );
  return data.ghsa_id;
}

/** A draft this incident already has (a run that made it failed before writing its id into the issue). */
async function findDraftAdvisory(gh: GitHub, repo: RepoRef, key: string): Promise<string | undefined> {
  const { octokit } = gh;
  const drafts = await call(msg('Membaca security advisory draf', 'Reading the draft security advisories'), () =>
    octokit.paginate(octokit.rest.securityAdvisories.listRepositoryAdvisories, { ...repo, state: 'draft', per_page: 100 }),
  );
  return drafts.find((a) => a.summary === key || a.summary.startsWith(`${key}:`))?.ghsa_id;
}

/**
 * Only people who may be assigned are: anyone else (an OPD's staff without access to the
 * repository) is still addressed by the mention in the body. Asked once per login per run.
 */
function assignableCache(gh: GitHub, repo: RepoRef): (logins: readonly string[]) => Promise<string[]> {
  const known = new Map<string, boolean>();
  return async (logins) => {
    const out: string[] = [];
    for (const login of logins) {
      const key = login.toLowerCase();
      if (!known.has(key)) {
        try {
          await gh.octokit.rest.issues.checkUserCanBeAssigned({ ...repo, assignee: login });
          known.set(key, true);
        } catch (error) {
          if (statusOf(error) !== 404) throw apiFailure(error, msg(`Memeriksa apakah @${login} dapat ditugaskan`, `Checking whether @${login} can be assigned`));
          known.set(key, false);
        }
      }
      if (known.get(key)) out.push(login);
    }
    return out;
  };
}
