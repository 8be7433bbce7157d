import { msg, type Message } from '../model/problem.js';

/** The resource type whose deletions the guard counts. */
export const GUARDED_TYPE = 'cloudflare_dns_record';

export interface GuardedChange {
  address: string;
  /** `delete`, or `replace` (delete then create, or create then delete). */
  kind: 'delete' | 'replace';
}

export interface GuardLimits {
  /** Deletes plus replaces allowed without the override label. */
  maxDeletes: number;
  overrideLabel: string;
}

export type GuardVerdict =
  | {
      ok: true;
      changes: GuardedChange[];
      count: number;
      limit: number;
      /** True when the count is over the limit and the override label let it through. */
      overridden: boolean;
      message: Message;
    }
  | { ok: false; changes: GuardedChange[]; count: number; limit: number; overridden: false; message: Message };

/** The plan could not be read as `terraform show -json` output: the guard fails closed. */
export class PlanFormatError extends Error {
  constructor(readonly detail: Message) {
    super(detail.en);
  }
}

/**
 * Reads the resource changes of a `terraform show -json` plan and lists the DNS records it
 * deletes or replaces. A replace destroys the record at Cloudflare (for a moment, or for good
 * when the create fails), so it counts as a delete. Changes to deposed objects count too.
 */
export function destructiveChanges(plan: unknown): GuardedChange[] {
  if (!isObject(plan)) throw new PlanFormatError(msg('Rencana bukan objek JSON.', 'The plan is not a JSON object.'));
  if (typeof plan.format_version !== 'string') {
    throw new PlanFormatError(msg('Rencana tidak memiliki `format_version`: bukan keluaran `terraform show -json`.', 'The plan has no `format_version`: not `terraform show -json` output.'));
  }
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new PlanFormatError(msg('`resource_changes` harus berupa daftar.', '`resource_changes` must be a list.'));
  const found: GuardedChange[] = [];
  changes.forEach((change: unknown, i) => {
    if (!isObject(change) || !isObject(change.change) || !Array.isArray(change.change.actions)) {
      throw new PlanFormatError(msg(`resource_changes[${i}] tidak memiliki change.actions.`, `resource_changes[${i}] has no change.actions.`));
    }
    if (change.type !== GUARDED_TYPE || (change.mode !== undefined && change.mode !== 'managed')) return;
    const actions = change.change.actions as unknown[];
    if (!actions.includes('delete')) return;
    const address = typeof change.address === 'string' ? change.address : `resource_changes[${i}]`;
    const deposed = typeof change.deposed === 'string' ? ` (deposed ${change.deposed})` : '';
    found.push({ address: address + deposed, kind: actions.includes('create') ? 'replace' : 'delete' });
  });
  return found;
}

/**
 * The verdict on a plan: refused when it deletes or replaces more DNS records than the policy
 * allows, unless the merged pull request carries the override label.
 */
export function guardPlan(plan: unknown, limits: GuardLimits, labels: readonly string[]): GuardVerdict {
  const changes = destructiveChanges(plan);
  const count = changes.length;
  const limit = limits.maxDeletes;
  const deletes = changes.filter((c) => c.kind === 'delete').length;
  const replaces = count - deletes;
  const tally = msg(`${deletes} dihapus + ${replaces} diganti = ${count}; batas ${limit}`, `${deletes} deleted + ${replaces} replaced = ${count}; limit ${limit}`);
  if (count <= limit) {
    return {
      ok: true,
      changes,
      count,
      limit,
      overridden: false,
      message: msg(`Batas penghapusan aman (${tally.id}).`, `Within the delete limit (${tally.en}).`),
    };
  }
  if (labels.includes(limits.overrideLabel)) {
    return {
      ok: true,
      changes,
      count,
      limit,
      overridden: true,
      message: msg(
        `Melebihi batas penghapusan (${tally.id}), tetapi pull request berlabel \`${limits.overrideLabel}\`: dilanjutkan.`,
        `Over the delete limit (${tally.en}), but the pull request carries the \`${limits.overrideLabel}\` label: going ahead.`,
      ),
    };
  }
  return {
    ok: false,
    changes,
    count,
    limit,
    overridden: false,
    message: msg(
      `Ditolak: rencana menghapus atau mengganti terlalu banyak catatan DNS (${tally.id}). Periksa rencananya; bila memang disengaja, pengelola memberi label \`${limits.overrideLabel}\` pada pull request lalu menjalankan ulang workflow.`,
      `Refused: the plan deletes or replaces too many DNS records (${tally.en}). Check the plan; if it is intended, a maintainer adds the \`${limits.overrideLabel}\` label to the pull request and re-runs the workflow.`,
    ),
  };
}

/** A pull request's timeline event, as far as labels go (GitHub's `labeled` / `unlabeled`). */
export interface LabelEvent {
  event?: string;
  label?: { name?: string } | null;
  actor?: { login?: string } | null;
}

/**
 * Who put `label` on the pull request, when it is still on: the actor of the last `labeled`
 * event for it with no `unlabeled` after it (the timeline is oldest first). The override label
 * counts only when that person is a maintainer: anyone who may label (triage) could add it.
 */
export function labelAddedBy(events: readonly LabelEvent[], label: string): string | undefined {
  let by: string | undefined;
  for (const e of events) {
    if (e.label?.name !== label) continue;
    if (e.event === 'labeled') by = e.actor?.login || undefined;
    else if (e.event === 'unlabeled') by = undefined;
  }
  return by;
}

/** Plain-text report of a verdict, Indonesian then English, with the affected addresses. */
export function renderVerdict(verdict: GuardVerdict): string {
  const lines = [verdict.message.id, verdict.message.en];
  if (verdict.changes.length > 0) {
    lines.push('', 'Catatan DNS yang dihapus/diganti / DNS records deleted or replaced:');
    for (const c of verdict.changes) lines.push(`  - ${c.kind === 'delete' ? 'hapus / delete' : 'ganti / replace'}: ${c.address}`);
  }
  return `${lines.join('\n')}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
