/**
 * What `subdomain doctor` reads from GitHub, and the one thing it writes (`--fix`: missing
 * labels). Every read is caught and returned as a `Read`: a failure says which token permission
 * reads it, so the pure checks (src/office/doctor.ts) never take "could not read" for "absent".
 */
import { msg, type Message } from '../model/problem.js';
import type {
  BranchRule, BypassActor, ClassicProtection, EnvironmentFact, GitHubFacts, GitHubSkipped, InstallationFact, LabelFact, Read, ReadFailure, RulesetFact,
} from '../office/doctor.js';
import { ENVIRONMENTS, MAIN_BRANCH, SECRETS } from '../office/requirements.js';
import { apiFailure, type GitHub } from './client.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

/** The token permission each read needs (fine-grained token; classic token in brackets). */
const NEED = {
  repository: msg('Metadata: read (token klasik: repo)', 'Metadata: read (classic token: repo)'),
  labels: msg('Issues: read (token klasik: repo)', 'Issues: read (classic token: repo)'),
  labelsWrite: msg('Issues: read and write (token klasik: repo)', 'Issues: read and write (classic token: repo)'),
  variables: msg('Variables: read (token klasik: repo)', 'Variables: read (classic token: repo)'),
  secrets: msg('Secrets: read (token klasik: repo)', 'Secrets: read (classic token: repo)'),
  environments: msg('Actions: read (token klasik: repo)', 'Actions: read (classic token: repo)'),
  environmentSecrets: msg('Environments: read dan Secrets: read (token klasik: repo)', 'Environments: read and Secrets: read (classic token: repo)'),
  protection: msg('Administration: read (token klasik: repo, oleh admin repositori)', 'Administration: read (classic token: repo, held by a repository admin)'),
  rules: msg('Metadata: read (token klasik: repo)', 'Metadata: read (classic token: repo)'),
  ruleset: msg('Administration: read (token klasik: repo, oleh admin repositori)', 'Administration: read (classic token: repo, held by a repository admin)'),
  installations: msg('izin organisasi Administration: read (pemilik organisasi; token klasik: read:org)', 'the organisation permission Administration: read (an organisation owner; classic token: read:org)'),
} satisfies Record<string, Message>;

interface ErrorLike {
  status?: number;
  message?: string;
  response?: unknown;
}

function readFailure(error: unknown, what: Message, need: Message, writing = false): ReadFailure {
  const failure = apiFailure(error, what);
  const status = failure.status;
  const limited = /rate limit/i.test(failure.detail.en);
  if ((status === 401 || status === 403 || status === 404) && !limited) {
    // Said here rather than by apiFailure, whose 403 hint is about team membership.
    const text = String((error as ErrorLike | undefined)?.message ?? '').split('\n')[0]!.slice(0, 160);
    const why = text ? ` ${text}` : '';
    return {
      kind: 'permission',
      status,
      detail: writing
        ? msg(`${what.id}: token tidak berhak melakukannya (${status}${why}).`, `${what.en}: the token may not do it (${status}${why}).`)
        : msg(`${what.id}: token tidak berhak membacanya atau tidak menemukannya (${status}${why}).`, `${what.en}: the token may not read it, or cannot find it (${status}${why}).`),
      need,
      ...(writing ? { writing } : {}),
    };
  }
  return { kind: 'failed', ...(status !== undefined ? { status } : {}), detail: failure.detail, need, ...(writing ? { writing } : {}) };
}

async function read<T>(what: Message, need: Message, run: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, failure: readFailure(error, what, need) };
  }
}

const ok = <T>(value: T): Read<T> => ({ ok: true, value });

/**
 * Reads everything doctor checks. The repository is read first: when GitHub cannot be reached,
 * rejects the token or cannot see the repository, nothing else is asked and the GitHub part is
 * reported as not checked.
 */
export async function readOfficeGitHub(gh: GitHub, ref: RepoRef): Promise<GitHubFacts | GitHubSkipped> {
  const { octokit } = gh;
  const repo = { owner: ref.owner, repo: ref.repo };
  const full = `${ref.owner}/${ref.repo}`;
  let repository: { defaultBranch: string; ownerType: string; visibility: 'public' | 'private' | 'internal' };
  try {
    const { data } = await octokit.rest.repos.get(repo);
    const visibility = data.visibility === 'public' || data.visibility === 'internal' || data.visibility === 'private' ? data.visibility : data.private ? 'private' : 'public';
    repository = { defaultBranch: data.default_branch, ownerType: data.owner.type, visibility };
  } catch (error) {
    const failure = apiFailure(error, msg(`Membaca repositori ${full}`, `Reading the repository ${full}`));
    const e = (error ?? {}) as ErrorLike;
    const fix = failure.status === 401
      ? msg('Periksa GITHUB_TOKEN (belum kedaluwarsa, untuk akun yang benar).', 'Check GITHUB_TOKEN (not expired, for the right account).')
      : failure.status === 404 || failure.status === 403
        ? msg(`Periksa --repo dan bahwa token dapat membaca ${full} (${NEED.repository.id}).`, `Check --repo and that the token can read ${full} (${NEED.repository.en}).`)
        : e.response === undefined
          ? msg('Periksa jaringan dan GITHUB_API_URL, lalu jalankan ulang.', 'Check the network and GITHUB_API_URL, then run it again.')
          : msg('Jalankan ulang sebentar lagi.', 'Run it again in a moment.');
    return { skipped: msg(`Bagian GitHub belum diperiksa. ${failure.detail.id}`, `The GitHub part was not checked. ${failure.detail.en}`), fix };
  }
  const org = repository.ownerType === 'Organization';
  const what = (id: string, en: string) => msg(`Membaca ${id} ${full}`, `Reading the ${en} of ${full}`);

  const secretEnvironments = new Set(SECRETS.flatMap((s) => s.scopes.filter((x) => x !== 'repository')));
  const wantedEnvironments = new Set(ENVIRONMENTS.map((e) => e.name));

  const [labels, variables, orgVariables, secrets, orgSecrets, environments, protection, rules, installations] = await Promise.all([
    read(what('label', 'labels'), NEED.labels, async () =>
      (await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 })).map((l): LabelFact => ({ name: l.name, color: l.color, description: l.description ?? null }))),
    read(what('variabel Actions', 'Actions variables'), NEED.variables, async () =>
      (await octokit.paginate(octokit.rest.actions.listRepoVariables, { ...repo, per_page: 30 })).map((v) => v.name)),
    org
      ? read(what('variabel organisasi untuk', 'organisation variables shared with'), NEED.variables, async () =>
        (await octokit.paginate(octokit.rest.actions.listRepoOrganizationVariables, { ...repo, per_page: 30 })).map((v) => v.name))
      : Promise.resolve(ok<string[]>([])),
    read(what('nama secret Actions', 'Actions secret names'), NEED.secrets, async () =>
      (await octokit.paginate(octokit.rest.actions.listRepoSecrets, { ...repo, per_page: 100 })).map((s) => s.name)),
    org
      ? read(what('nama secret organisasi untuk', 'organisation secret names shared with'), NEED.secrets, async () =>
        (await octokit.paginate(octokit.rest.actions.listRepoOrganizationSecrets, { ...repo, per_page: 100 })).map((s) => s.name))
      : Promise.resolve(ok<string[]>([])),
    read(what('environment', 'environments'), NEED.environments, async () => {
      // An office has a handful of environments: one page of 100 holds them.
      const { data } = await octokit.rest.repos.getAllEnvironments({ ...repo, per_page: 100 });
      return Promise.all((data.environments ?? []).filter((e) => wantedEnvironments.has(e.name)).map(async (e): Promise<EnvironmentFact> => {
        // Absent or null: every branch may deploy (fail closed: never assume a restriction).
        const policy = e.deployment_branch_policy ?? null;
        const branchPolicy = policy ? { protectedBranches: policy.protected_branches, customBranchPolicies: policy.custom_branch_policies } : null;
        const env = { ...repo, environment_name: e.name };
        const [branchPolicies, envSecrets] = await Promise.all([
          policy?.custom_branch_policies
            ? read(what(`cabang yang boleh memakai environment ${e.name} di`, `deployment branches of environment ${e.name} in`), NEED.environments, async () =>
              (await octokit.paginate(octokit.rest.repos.listDeploymentBranchPolicies, { ...env, per_page: 100 })).map((p) => ({ name: p.name ?? '', type: p.type === 'tag' ? 'tag' as const : 'branch' as const })))
            : undefined,
          secretEnvironments.has(e.name)
            ? read(what(`nama secret environment ${e.name} di`, `secret names of environment ${e.name} in`), NEED.environmentSecrets, async () =>
              (await octokit.paginate(octokit.rest.actions.listEnvironmentSecrets, { ...env, per_page: 100 })).map((s) => s.name))
            : undefined,
        ]);
        return {
          name: e.name,
          branchPolicy,
          ...(branchPolicies ? { branchPolicies } : {}),
          requiredReviewers: (e.protection_rules ?? []).some((r) => r.type === 'required_reviewers'),
          ...(envSecrets ? { secrets: envSecrets } : {}),
        };
      }));
    }),
    readProtection(gh, repo, what(`proteksi cabang ${MAIN_BRANCH}`, `branch protection of ${MAIN_BRANCH}`)),
    read(what(`aturan (ruleset) cabang ${MAIN_BRANCH}`, `ruleset rules of branch ${MAIN_BRANCH}`), NEED.rules, async () =>
      (await octokit.paginate(octokit.rest.repos.getBranchRules, { ...repo, branch: MAIN_BRANCH, per_page: 100 })).map(branchRule)),
    read(msg(`Membaca GitHub App yang terpasang di ${ref.owner}`, `Reading the GitHub Apps installed on ${ref.owner}`), NEED.installations, async () => {
      const list = org
        ? await octokit.paginate(octokit.rest.orgs.listAppInstallations, { org: ref.owner, per_page: 100 })
        : await octokit.paginate(octokit.rest.apps.listInstallationsForAuthenticatedUser, { per_page: 100 });
      return list.map((i): InstallationFact => ({
        appId: i.app_id,
        appSlug: i.app_slug,
        repositorySelection: i.repository_selection,
        permissions: { ...(i.permissions as Record<string, string | undefined>) },
        suspended: i.suspended_at !== null && i.suspended_at !== undefined,
      }));
    }),
  ]);

  const rulesetIds = rules.ok ? [...new Set(rules.value.flatMap((r) => (r.rulesetId !== undefined ? [r.rulesetId] : [])))] : [];
  const rulesets: Record<number, Read<RulesetFact>> = {};
  await Promise.all(rulesetIds.map(async (id) => {
    rulesets[id] = await read(what(`ruleset #${id}`, `ruleset #${id}`), NEED.ruleset, async () => {
      const { data } = await octokit.rest.repos.getRepoRuleset({ ...repo, ruleset_id: id });
      return {
        id: data.id,
        name: data.name,
        ...(data.bypass_actors ? { bypass: data.bypass_actors.map((a): BypassActor => ({ type: a.actor_type, id: a.actor_id ?? null, mode: a.bypass_mode ?? 'always' })) } : {}),
      };
    });
  }));

  return {
    repo: full,
    repository: ok(repository),
    labels,
    variables: { repository: variables, organization: orgVariables },
    secrets: { repository: secrets, organization: orgSecrets },
    environments,
    protection,
    rules,
    rulesets,
    installations,
  };
}

async function readProtection(gh: GitHub, repo: { owner: string; repo: string }, what: Message): Promise<Read<ClassicProtection | null>> {
  try {
    const { data } = await gh.octokit.rest.repos.getBranchProtection({ ...repo, branch: MAIN_BRANCH });
    const checks = data.required_status_checks;
    const reviews = data.required_pull_request_reviews;
    const allow = reviews?.bypass_pull_request_allowances;
    const apps = (list?: ({ id?: number; slug?: string } | null)[] | null) => (list ?? []).flatMap((a) => (a?.id !== undefined ? [{ id: a.id, slug: a.slug ?? String(a.id) }] : []));
    const protection: ClassicProtection = {
      ...(reviews ? { pullRequest: { bypass: { users: (allow?.users ?? []).map((u) => u.login), teams: (allow?.teams ?? []).map((t) => t.slug), apps: apps(allow?.apps) } } } : {}),
      checks: checks
        ? checks.checks.length > 0
          ? checks.checks.map((c) => ({ context: c.context, appId: c.app_id ?? null }))
          : (checks.contexts ?? []).map((context) => ({ context, appId: null }))
        : [],
      strictChecks: checks?.strict === true,
      enforceAdmins: data.enforce_admins?.enabled ?? false,
      // Absent: not known to be blocked (fail closed).
      allowForcePushes: data.allow_force_pushes?.enabled ?? true,
      allowDeletions: data.allow_deletions?.enabled ?? true,
      ...(data.restrictions ? { restrictions: { users: data.restrictions.users.map((u) => u.login ?? ''), teams: data.restrictions.teams.map((t) => t.slug ?? ''), apps: apps(data.restrictions.apps) } } : {}),
    };
    return ok(protection);
  } catch (error) {
    const e = (error ?? {}) as ErrorLike;
    // GitHub answers 404 "Branch not protected" for a branch without protection: that is an
    // answer. Any other 404 may be a token that cannot see it, which is not.
    if (e.status === 404 && /branch not (protected|found)/i.test(String(e.message ?? ''))) return ok(null);
    return { ok: false, failure: readFailure(error, what, NEED.protection) };
  }
}

function branchRule(rule: { type: string; ruleset_id?: number; ruleset_source?: string; parameters?: unknown }): BranchRule {
  const parameters = (rule.parameters ?? {}) as { required_status_checks?: { context: string; integration_id?: number }[]; strict_required_status_checks_policy?: boolean };
  return {
    type: rule.type,
    ...(rule.ruleset_id !== undefined ? { rulesetId: rule.ruleset_id } : {}),
    ...(rule.ruleset_source !== undefined ? { rulesetSource: rule.ruleset_source } : {}),
    ...(rule.type === 'required_status_checks'
      ? {
        checks: (parameters.required_status_checks ?? []).map((c) => ({ context: c.context, ...(c.integration_id !== undefined ? { integrationId: c.integration_id } : {}) })),
        strict: parameters.strict_required_status_checks_policy === true,
      }
      : {}),
  };
}

/** `--fix`: creates the labels; each failure says which permission it needs. */
export async function createLabels(gh: GitHub, ref: RepoRef, labels: readonly { name: string; color: string; description: string }[]): Promise<{ created: LabelFact[]; failures: ReadFailure[] }> {
  const created: LabelFact[] = [];
  const failures: ReadFailure[] = [];
  for (const label of labels) {
    try {
      const { data } = await gh.octokit.rest.issues.createLabel({ owner: ref.owner, repo: ref.repo, name: label.name, color: label.color, description: label.description });
      created.push({ name: data.name, color: data.color, description: data.description ?? null });
    } catch (error) {
      failures.push(readFailure(error, msg(`Membuat label ${label.name}`, `Creating the label ${label.name}`), NEED.labelsWrite, true));
    }
  }
  return { created, failures };
}
