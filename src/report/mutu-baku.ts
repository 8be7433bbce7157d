/**
 * Mutu Baku (the SOP's time standards) measured on the register's history: a pure function of
 * the policy's steps and the register entries. No I/O, no clock.
 */
import { parseDuration, recordedStepTimes, secondsBetween } from '../approvals/duration.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { RegisterEntry, RequestHistoryEntry } from '../schema/types.gen.js';
import { requestHistory } from '../register/history.js';

/** What the report needs from the policy. */
export interface ReportPolicy {
  steps: { id: string; title: string; kind: 'approval' | 'after_merge'; standardS?: number }[];
  totalLimitS?: number;
}

export interface RegisterItem {
  fqdn: string;
  entry: RegisterEntry;
}

export interface ReportOptions {
  /** Only requests applied at or after this instant (ISO 8601; see `sinceInstant`). */
  since?: string;
}

export interface StepTiming {
  step: string;
  title: string;
  role?: string;
  by: string;
  at: string;
  /** Seconds the step took: recorded by the pipeline, or computed from the previous `at` (or `opened_at`). */
  elapsedS?: number;
  elapsedSource: 'recorded' | 'computed' | 'unknown';
  /** The standard the step is measured against: the one recorded with it, else the policy's. */
  standardS?: number;
  late: boolean;
}

export interface RequestTiming {
  fqdn: string;
  opd: string;
  action: RequestHistoryEntry['action'];
  pullRequest: number;
  openedAt?: string;
  appliedAt: string;
  /** Whole service: `opened_at` → `applied_at`. */
  totalS?: number;
  late: boolean;
  steps: StepTiming[];
}

export interface Stats {
  /** Measured samples (those with a known duration). */
  count: number;
  medianS?: number;
  p90S?: number;
  maxS?: number;
}

export interface StepSummary extends Stats {
  id: string;
  title: string;
  kind: 'approval' | 'after_merge';
  /** The policy's current standard. */
  standardS?: number;
  /** False for a step id found in the history that the current policy no longer has. */
  inPolicy: boolean;
  late: number;
}

export interface LateStep {
  fqdn: string;
  pullRequest: number;
  step: string;
  title: string;
  by: string;
  at: string;
  elapsedS: number;
  standardS: number;
  overS: number;
}

export interface MutuBakuReport {
  since?: string;
  /** Every request measured, oldest applied first. */
  requests: RequestTiming[];
  steps: StepSummary[];
  /** Steps over their standard, newest first. */
  lateSteps: LateStep[];
  /**
   * The steps that can be held to a time standard: taken with a known duration and a standard
   * (recorded or the policy's). Steps without a standard are neither on time nor late.
   */
  standardSteps: { count: number; late: number };
  total: Stats & { limitS?: number; late: number; lateRequests: RequestTiming[] };
}

export function reportPolicy(policy: Pick<ResolvedPolicy, 'steps' | 'total_limit'>): ReportPolicy {
  const totalLimitS = parseDuration(policy.total_limit);
  return {
    steps: policy.steps.map((step) => {
      const standardS = parseDuration(step.standard);
      return { id: step.id, title: step.title, kind: step.kind, ...(standardS !== undefined ? { standardS } : {}) };
    }),
    ...(totalLimitS !== undefined ? { totalLimitS } : {}),
  };
}

/**
 * `2025-01-01` → midnight in Jakarta (WIB, UTC+7), where the offices are; a full ISO 8601
 * date-time is taken as is. Undefined when it is neither.
 */
export function sinceInstant(text: string): string | undefined {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+07:00` : text;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * The value below which `q` of the samples fall, interpolating linearly between the two
 * nearest ranks (the common "R-7" definition: the median of an even count is the mean of the
 * middle two). Rounded to whole seconds.
 */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const value = sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
  return Math.round(value);
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { count: 0 };
  return { count: values.length, medianS: quantile(values, 0.5)!, p90S: quantile(values, 0.9)!, maxS: Math.max(...values) };
}

/**
 * Timings of one applied request: each approval's duration and the whole service. Only requests
 * are measured: an import (`action: import`) or a confirmation (`action: confirm`) has no letter,
 * pull request or SOP steps (see `requestHistory`).
 */
export function requestTiming(fqdn: string, entry: RegisterEntry, history: RequestHistoryEntry, policy: ReportPolicy): RequestTiming {
  const policySteps = new Map(policy.steps.map((s) => [s.id, s]));
  const steps: StepTiming[] = recordedStepTimes(history.approvals ?? [], history.opened_at).map(({ approval, elapsedS, source: elapsedSource }) => {
    const known = policySteps.get(approval.step);
    const standardS = approval.standard_s ?? known?.standardS;
    return {
      step: approval.step,
      title: known?.title ?? approval.title ?? approval.step,
      ...(approval.role !== undefined ? { role: approval.role } : {}),
      by: approval.by,
      at: approval.at,
      ...(elapsedS !== undefined ? { elapsedS } : {}),
      elapsedSource,
      ...(standardS !== undefined ? { standardS } : {}),
      late: elapsedS !== undefined && standardS !== undefined && elapsedS > standardS,
    };
  });
  const totalS = history.opened_at !== undefined ? secondsBetween(history.opened_at, history.applied_at) : undefined;
  return {
    fqdn,
    opd: entry.opd,
    action: history.action,
    pullRequest: history.pull_request,
    ...(history.opened_at !== undefined ? { openedAt: history.opened_at } : {}),
    appliedAt: history.applied_at,
    ...(totalS !== undefined ? { totalS: Math.max(0, totalS) } : {}),
    late: totalS !== undefined && policy.totalLimitS !== undefined && totalS > policy.totalLimitS,
    steps,
  };
}

export function computeReport(policy: ReportPolicy, items: readonly RegisterItem[], options: ReportOptions = {}): MutuBakuReport {
  const sinceTime = options.since !== undefined ? Date.parse(options.since) : undefined;
  const requests: RequestTiming[] = [];
  for (const { fqdn, entry } of items) {
    for (const history of requestHistory(entry)) {
      if (sinceTime !== undefined && !(Date.parse(history.applied_at) >= sinceTime)) continue;
      requests.push(requestTiming(fqdn, entry, history, policy));
    }
  }
  requests.sort((a, b) => Date.parse(a.appliedAt) - Date.parse(b.appliedAt) || a.fqdn.localeCompare(b.fqdn) || a.pullRequest - b.pullRequest);

  const samples = new Map<string, StepTiming[]>();
  for (const request of requests) {
    for (const step of request.steps) {
      const list = samples.get(step.step) ?? [];
      list.push(step);
      samples.set(step.step, list);
    }
  }
  const summary = (id: string, title: string, kind: StepSummary['kind'], standardS: number | undefined, inPolicy: boolean): StepSummary => {
    const taken = samples.get(id) ?? [];
    return {
      id,
      title,
      kind,
      ...(standardS !== undefined ? { standardS } : {}),
      inPolicy,
      ...stats(taken.flatMap((s) => (s.elapsedS !== undefined ? [s.elapsedS] : []))),
      late: taken.filter((s) => s.late).length,
    };
  };
  const steps = policy.steps.map((s) => summary(s.id, s.title, s.kind, s.standardS, true));
  const known = new Set(policy.steps.map((s) => s.id));
  const unknown = [...samples.keys()].filter((id) => !known.has(id)).sort();
  for (const id of unknown) {
    const first = samples.get(id)![0]!;
    steps.push(summary(id, first.title, 'approval', first.standardS, false));
  }

  const lateSteps: LateStep[] = requests
    .flatMap((r) => r.steps.filter((s) => s.late).map((s) => ({
      fqdn: r.fqdn,
      pullRequest: r.pullRequest,
      step: s.step,
      title: s.title,
      by: s.by,
      at: s.at,
      elapsedS: s.elapsedS!,
      standardS: s.standardS!,
      overS: s.elapsedS! - s.standardS!,
    })))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.fqdn.localeCompare(b.fqdn));

  const measured = requests.flatMap((r) => r.steps.filter((s) => s.elapsedS !== undefined && s.standardS !== undefined));
  const lateRequests = requests.filter((r) => r.late).reverse();
  return {
    ...(options.since !== undefined ? { since: options.since } : {}),
    requests,
    steps,
    lateSteps,
    standardSteps: { count: measured.length, late: measured.filter((s) => s.late).length },
    total: {
      ...stats(requests.flatMap((r) => (r.totalS !== undefined ? [r.totalS] : []))),
      ...(policy.totalLimitS !== undefined ? { limitS: policy.totalLimitS } : {}),
      late: lateRequests.length,
      lateRequests,
    },
  };
}
