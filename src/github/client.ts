import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';

export const DEFAULT_API_URL = 'https://api.github.com';

export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

/** Octokit prints every failed request to stderr; our commands report failures themselves. */
export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface GitHubOptions {
  token?: string;
  baseUrl?: string;
  log?: Logger;
  /** Passed to @octokit/plugin-retry; `retryAfterBaseValue` (ms) scales its waits. */
  retry?: { retries?: number; retryAfterBaseValue?: number };
  /** `enabled: false` turns throttling off (tests); `retryAfterBaseValue` scales rate-limit waits. */
  /**
   * `writeSpacing: 'serial'` sends writes one at a time without the plugin's pause between them
   * (1 s, 3 s before a write that notifies people): for a run that writes at most a handful of
   * times. Rate-limit answers are still waited for and retried once.
   */
  throttle?: { enabled?: boolean; retryAfterBaseValue?: number; maxWaitSeconds?: number; writeSpacing?: 'github' | 'serial' };
}

export interface GitHub {
  octokit: Octokit;
  baseUrl: string;
  /** HTTP requests sent so far, retries included (for `--verbose`). */
  requestCount(): number;
}

/**
 * The system errors of a request that never reached GitHub: nothing listens (refused), the name
 * does not resolve (not found, or the resolver gave up for now). Retrying them only waits: with
 * the retry plugin's 1 s, 4 s, 9 s a run without network took 14 s to say so. Server errors
 * (5xx), rate limits and a connection cut mid-answer are still retried.
 */
export const UNANSWERED_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** The system error code of a failed fetch (its cause chain, and each try of a multi-address connect). */
export function unansweredCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const walk = (e: unknown): string | undefined => {
    if (!e || typeof e !== 'object' || seen.has(e)) return undefined;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNANSWERED_CODES.has(code)) return code;
    for (const inner of (e as { errors?: unknown }).errors instanceof Array ? (e as { errors: unknown[] }).errors : []) {
      const found = walk(inner);
      if (found) return found;
    }
    return walk((e as { cause?: unknown }).cause);
  };
  return walk(error);
}

/**
 * Registered before the retry plugin, so its error hook runs first: a request that never got an
 * answer is marked `retries: 0`, which the retry plugin honours (a per-request setting), and the
 * command fails at once with "GitHub cannot be reached".
 */
function noRetryUnanswered(octokit: Pick<Octokit, 'hook'>): void {
  octokit.hook.error('request', (error: Error & { response?: unknown }, options: { request?: Record<string, unknown> }) => {
    if (error.response === undefined && unansweredCode(error)) options.request = { ...options.request, retries: 0 };
    throw error;
  });
}

const ThrottledOctokit = Octokit.plugin(noRetryUnanswered, retry, throttling);

export function createGitHub(options: GitHubOptions): GitHub {
  let count = 0;
  const log = options.log ?? quietLogger;
  const baseUrl = (options.baseUrl || DEFAULT_API_URL).replace(/\/+$/, '');
  const maxWait = options.throttle?.maxWaitSeconds ?? 60;
  // One retry after a rate limit, and only when the wait is short enough for a CI job;
  // otherwise the request fails and the command exits 2 (never an approval).
  const onLimit = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean => {
    log.warn(`GitHub rate limit: retry after ${retryAfter}s (attempt ${retryCount + 1})`);
    return retryCount < 1 && retryAfter <= maxWait;
  };
  const octokit = new ThrottledOctokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl,
    log,
    userAgent: 'subdomain-gitops',
    request: {
      fetch: (input: string | URL | Request, init?: RequestInit) => {
        count += 1;
        return fetch(input, init);
      },
    },
    retry: { ...options.retry },
    throttle: {
      enabled: options.throttle?.enabled ?? true,
      ...(options.throttle?.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.throttle.retryAfterBaseValue } : {}),
      onRateLimit: onLimit,
      onSecondaryRateLimit: onLimit,
      ...(options.throttle?.writeSpacing === 'serial' ? serialWrites() : {}),
    },
  });
  return { octokit, baseUrl, requestCount: () => count };
}

/** Write queues for the throttling plugin: one write at a time, as the plugin's own, but no pause between them. */
function serialWrites(): { write: Bottleneck.Group; notifications: Bottleneck.Group } {
  const queue = (id: string) => new Bottleneck.Group({ id, maxConcurrent: 1, minTime: 0, timeout: 120_000 });
  return { write: queue('subdomain-write'), notifications: queue('subdomain-notifications') };
}

/**
 * The options the environment asks for: `GITHUB_TOKEN`, `GITHUB_API_URL` (GitHub Enterprise,
 * tests), and two knobs for tests: `SUBDOMAIN_GITHUB_RETRY_BASE_MS` (scales retry waits) and
 * `SUBDOMAIN_GITHUB_THROTTLE=off`.
 */
export function gitHubOptionsFromEnv(env: NodeJS.ProcessEnv, log: Logger = quietLogger): GitHubOptions {
  const base = Number(env.SUBDOMAIN_GITHUB_RETRY_BASE_MS);
  const fast = Number.isFinite(base) && base > 0;
  return {
    ...(env.GITHUB_TOKEN ? { token: env.GITHUB_TOKEN } : {}),
    baseUrl: env.GITHUB_API_URL || DEFAULT_API_URL,
    log,
    retry: fast ? { retryAfterBaseValue: base } : {},
    throttle: {
      enabled: env.SUBDOMAIN_GITHUB_THROTTLE !== 'off',
      ...(fast ? { retryAfterBaseValue: base } : {}),
    },
  };
}

/** A GitHub API call that failed after retries, described for people (Indonesian and English). */
export class ApiFailure extends Error {
  /** The pull request's head commit, when it was read before the failure (to leave a pending status there). */
  headSha?: string;

  constructor(
    readonly detail: { id: string; en: string },
    readonly status?: number,
  ) {
    super(detail.en);
  }
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** The HTTP status of a failed Octokit request, if it got an answer. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The one way a GitHub API call is made in this product: `fn` runs (Octokit retries it), and any
 * failure comes out as an ApiFailure that says what was being read or written, in Indonesian and
 * English. Callers never see an Octokit error.
 */
export async function call<T>(what: { id: string; en: string }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw apiFailure(error, what);
  }
}

/** Turns an Octokit error into an ApiFailure that says what was being read or written and why it failed. */
export function apiFailure(error: unknown, what: { id: string; en: string }): ApiFailure {
  if (error instanceof ApiFailure) return error;
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const text = String(e.message ?? error).split('\n')[0]!.slice(0, 200);
  const headers = e.response?.headers ?? {};
  let id: string;
  let en: string;
  // Octokit reports a request that never got an answer (no network, refused, DNS) as status 500
  // without a response: say what happened, never a server error that did not happen.
  const unanswered = e.response === undefined && (status === undefined || status === 500);
  if (unanswered) {
    id = `GitHub tidak dapat dihubungi (${text}); periksa jaringan dan GITHUB_API_URL`;
    en = `GitHub cannot be reached (${text}); check the network and GITHUB_API_URL`;
  } else if (status === 401) {
    id = 'token GitHub ditolak (401); periksa GITHUB_TOKEN';
    en = 'GitHub rejected the token (401); check GITHUB_TOKEN';
  } else if ((status === 403 || status === 429) && (String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(text))) {
    id = `batas laju API GitHub tercapai (${status}); coba lagi nanti`;
    en = `GitHub API rate limit reached (${status}); try again later`;
  } else if (status === 403 && /not accessible by integration/i.test(text)) {
    id = `token tidak berhak (403 ${text}); untuk keanggotaan tim pakai GitHub App dengan izin Members: read`;
    en = `the token lacks a permission (403 ${text}); for team membership use a GitHub App with Members: read`;
  } else if (status === 404) {
    id = 'tidak ditemukan atau token tidak boleh membacanya (404)';
    en = 'not found, or the token may not read it (404)';
  } else if (status !== undefined && status >= 500) {
    id = `GitHub gagal menjawab (${status}) setelah beberapa percobaan`;
    en = `GitHub failed (${status}) after retries`;
  } else if (status !== undefined) {
    id = `GitHub menolak permintaan (${status} ${text})`;
    en = `GitHub refused the request (${status} ${text})`;
  } else {
    id = `GitHub menolak permintaan (${text})`;
    en = `GitHub refused the request (${text})`;
  }
  return new ApiFailure({ id: `${what.id}: ${id}.`, en: `${what.en}: ${en}.` }, status);
}
