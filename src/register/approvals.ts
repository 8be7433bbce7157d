import type { ApprovalResult } from '../approvals/evaluate.js';
import type { PullRequest } from '../approvals/context.js';
import { filedByRecord } from '../approvals/render.js';
import { isLetterChannel } from '../model/letter-channel.js';
import { msg, type Message } from '../model/problem.js';
import type { Approval, ApprovalActing, FiledBy } from '../schema/types.gen.js';

/** What the register records about the pull request behind an apply. */
export interface PullRequestProvenance {
  approvals: Approval[];
  applicant?: string;
  openedAt?: string;
  pullRequest?: number;
  /** The office's registrar filed the request on the agency's behalf. */
  filedBy?: FiledBy;
}

export class ApprovalsFileError extends Error {
  constructor(readonly detail: Message) {
    super(detail.en);
  }
}

/**
 * Reads the approvals saved at merge time. Accepts the JSON of `subdomain approvals --format
 * json` (`{ started_at, steps: [{ id, title, state, by, by_role, at, elapsed_s, standard_s }] }`,
 * to which the apply workflow adds `pullRequest: { number, author }`), the evaluator's own
 * result (`by: { login, role }`, `elapsedS`), `{ approvals: [...] }`, or a plain list of
 * approvals as the register writes them. Steps nobody took are left out: the register records
 * what happened.
 */
export function parseApprovalsJson(text: string): PullRequestProvenance {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ApprovalsFileError(msg(`Berkas persetujuan bukan JSON yang sah (${String(error)}).`, `The approvals file is not valid JSON (${String(error)}).`));
  }
  const out: PullRequestProvenance = { approvals: [] };
  let list: unknown[];
  if (Array.isArray(data)) list = data;
  else if (isObject(data)) {
    const pr = isObject(data.pullRequest) ? data.pullRequest : isObject(data.pull_request) ? data.pull_request : undefined;
    if (pr) {
      if (typeof pr.author === 'string') out.applicant = pr.author;
      const opened = pr.readyAt ?? pr.createdAt ?? pr.created_at;
      if (typeof opened === 'string') out.openedAt = opened;
      if (typeof pr.number === 'number') out.pullRequest = pr.number;
    }
    if (typeof data.applicant === 'string') out.applicant = data.applicant;
    if (typeof data.opened_at === 'string') out.openedAt = data.opened_at;
    else if (!out.openedAt && typeof data.started_at === 'string') out.openedAt = data.started_at;
    const filedBy = toFiledBy(data.filed_by);
    if (filedBy) out.filedBy = filedBy;
    const nested = isObject(data.result) ? data.result : isObject(data.evaluation) ? data.evaluation : data;
    const steps = data.approvals ?? nested.steps;
    if (!Array.isArray(steps)) throw new ApprovalsFileError(msg('Berkas persetujuan tidak memuat `steps` atau `approvals`.', 'The approvals file holds no `steps` or `approvals`.'));
    list = steps;
  } else {
    throw new ApprovalsFileError(msg('Berkas persetujuan harus berupa objek atau daftar JSON.', 'The approvals file must be a JSON object or list.'));
  }
  for (const item of list) {
    const approval = toApproval(item);
    if (approval) out.approvals.push(approval);
  }
  return out;
}

/** What the register keeps of a pull request evaluated at merge: the steps taken, who applied (or filed) and when. */
export function provenanceFromResult(result: Pick<ApprovalResult, 'steps' | 'registrar'>, pr: Pick<PullRequest, 'author' | 'createdAt' | 'readyAt' | 'number'>): PullRequestProvenance {
  return {
    approvals: approvalsFromResult(result),
    applicant: pr.author,
    openedAt: pr.readyAt ?? pr.createdAt,
    pullRequest: pr.number,
    ...(result.registrar ? { filedBy: filedByRecord(result.registrar) } : {}),
  };
}

/** The SOP steps someone took, as the register records them (open and after-merge steps are left out). */
export function approvalsFromResult(result: Pick<ApprovalResult, 'steps'>): Approval[] {
  return result.steps.flatMap((step) => {
    const approval = toApproval(step);
    return approval ? [approval] : [];
  });
}

function toApproval(item: unknown): Approval | undefined {
  if (!isObject(item)) return undefined;
  if (item.state !== undefined && item.state !== 'done') return undefined;
  // The evaluator writes `by: { login, role }`; the register writes `by: login, role: …`.
  const by = str(item.by) ?? (isObject(item.by) ? str(item.by.login) : undefined);
  const at = str(item.at);
  const step = str(item.step) ?? str(item.id);
  if (!by || !at || !step) return undefined;
  const approval: Approval = { step, by, at };
  const title = str(item.title);
  if (title) approval.title = title;
  const role = str(item.role) ?? str(item.by_role) ?? (isObject(item.by) ? str(item.by.role) : undefined);
  if (role) approval.role = role;
  // Filled by the role's Plh./Plt.: `acting` beside the step (JSON, register) or inside `by` (the evaluator).
  const acting = toActing(item.acting) ?? (isObject(item.by) ? toActing(item.by.acting) : undefined);
  if (acting) approval.acting = acting;
  const elapsed = int(item.elapsed_s) ?? int(item.elapsedS);
  if (elapsed !== undefined) approval.elapsed_s = elapsed;
  const standard = int(item.standard_s) ?? int(item.standardS);
  if (standard !== undefined) approval.standard_s = standard;
  return approval;
}

function toFiledBy(value: unknown): FiledBy | undefined {
  if (!isObject(value)) return undefined;
  const login = str(value.login);
  const role = str(value.role);
  if (!login || !role) return undefined;
  const via = isLetterChannel(value.via) ? value.via : undefined;
  const reference = str(value.reference);
  return { login, role, ...(via ? { via } : {}), ...(reference ? { reference } : {}) };
}

function toActing(value: unknown): ApprovalActing | undefined {
  if (!isObject(value) || (value.kind !== 'plh' && value.kind !== 'plt') || !isObject(value.letter)) return undefined;
  const number = str(value.letter.number);
  if (!number) return undefined;
  const date = str(value.letter.date);
  return { kind: value.kind, letter: { number, ...(date ? { date } : {}) } };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
