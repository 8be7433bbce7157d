import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempCopy } from '../../helpers/temp-repo.js';
import { error, GitHubServer, idOf, type Fault, type Reply, type Route } from '../../support/github-server.js';
import { fill } from '../../github/support/fake-github.js';
import type { ResponseValidator } from '../../github/support/openapi.js';
import { callerFiles, readProductPrefix, type UsesPrefix } from '../../../src/office/callers.js';
import { TEMPLATE_PATH } from '../../../src/intake/form.js';
import { renderIssueForm } from '../../../src/intake/form-template.js';
import { parsePolicy } from '../../../src/policy/policy.js';

export const GITHUB_ACTIONS = 15368;
export const SOP_APP = { id: 987654, slug: 'sop-bekasi' };
const ROOT = join(import.meta.dirname, '../../..');
export const OFFICE_FIXTURE = join(ROOT, 'test/fixtures/office');
export const WORKFLOWS = join(ROOT, '.github/workflows');

/** The fixture office's policy with what an office fills in before going live: zone id, state backend, hosting address. */
export function readyPolicyText(): string {
  return readFileSync(join(OFFICE_FIXTURE, '.github/sop.yaml'), 'utf8')
    .replace('cloudflare_zone_id: 0123456789abcdef0123456789abcdef', 'cloudflare_zone_id: 9f2c4e8a1b3d5f7092c4e6a8b0d2f4e6')
    .replace('  type: local', '  type: s3\n  bucket: tfstate-dns\n  endpoint: https://4f1c2a9be07d.r2.cloudflarestorage.com')
    .replace('value: 203.0.113.10', 'value: 103.147.8.10');
}

/** The callers `subdomain init` writes into an office: this version's, at its exact tag. */
export function officeCallers(prefix: UsesPrefix = readProductPrefix('exact')): { file: string; text: string }[] {
  return callerFiles(prefix);
}

/** A temp copy of the fixture office, ready to go live locally: the ready policy, the callers of this version's reusable workflows and the issue form of that policy. */
export function readyOffice(policy = readyPolicyText(), callers = officeCallers()): string {
  const dir = tempCopy(OFFICE_FIXTURE);
  writeFileSync(join(dir, '.github/sop.yaml'), policy);
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  for (const caller of callers) writeFileSync(join(dir, caller.file), caller.text);
  const loaded = parsePolicy('.github/sop.yaml', new TextEncoder().encode(policy));
  if (loaded.ok) {
    mkdirSync(join(dir, '.github/ISSUE_TEMPLATE'), { recursive: true });
    writeFileSync(join(dir, TEMPLATE_PATH), renderIssueForm(loaded.policy));
  }
  return dir;
}

export interface BypassSpec {
  actor_type: 'Integration' | 'OrganizationAdmin' | 'RepositoryRole' | 'Team' | 'DeployKey' | 'User';
  actor_id: number | null;
  bypass_mode?: 'always' | 'pull_request' | 'exempt';
}

export interface RuleSpec {
  type: 'pull_request' | 'required_status_checks' | 'non_fast_forward' | 'deletion' | 'update';
  /** For required_status_checks. */
  checks?: { context: string; integration_id?: number }[];
  /** For required_status_checks: "Require branches to be up to date before merging". */
  strict?: boolean;
}

export interface RulesetSpec {
  id: number;
  name: string;
  rules: RuleSpec[];
  bypass: BypassSpec[];
  /** GitHub leaves `bypass_actors` out for those who may not edit the ruleset. */
  hideBypass?: boolean;
}

export interface ClassicSpec {
  checks: { context: string; app_id: number | null }[];
  /** "Require branches to be up to date before merging". */
  strict?: boolean;
  pullRequest: boolean;
  bypassUsers?: string[];
  enforceAdmins: boolean;
  allowForcePushes?: boolean;
  allowDeletions?: boolean;
}

export interface EnvironmentSpec {
  name: string;
  /** null: every branch; 'protected': protected branches; a list: the custom branch patterns. */
  branches: null | 'protected' | string[];
  reviewers?: string[];
  secrets: string[];
}

export interface InstallationSpec {
  app_id: number;
  app_slug: string;
  permissions: Record<string, 'read' | 'write'>;
  repository_selection?: 'all' | 'selected';
  suspended?: boolean;
}

/** A repository's settings as doctor reads them. */
export interface DoctorState {
  repo: string;
  ownerType: 'Organization' | 'User';
  defaultBranch: string;
  /** A private repository unless a test makes it public. */
  visibility: 'public' | 'private';
  labels: { name: string; color: string; description: string | null }[];
  variables: string[];
  orgVariables: string[];
  secrets: string[];
  orgSecrets: string[];
  environments: EnvironmentSpec[];
  protection: ClassicSpec | null;
  rulesets: RulesetSpec[];
  installations: InstallationSpec[];
}

/** An office set up as the README says: App, environments restricted to main, a ruleset. */
export function readyState(): DoctorState {
  return {
    repo: 'pemkot-bekasi/subdomain',
    ownerType: 'Organization',
    defaultBranch: 'main',
    visibility: 'private',
    labels: [
      { name: 'permohonan-subdomain', color: '0e8a16', description: 'Permohonan subdomain lewat formulir / subdomain request by form' },
      { name: 'konfirmasi-ulang', color: 'fbca04', description: null },
      { name: 'insiden-subdomain', color: 'd93f0b', description: null },
      { name: 'dns-drift', color: 'b60205', description: null },
      { name: 'izin-hapus-massal', color: 'b60205', description: null },
      { name: 'bug', color: 'd73a4a', description: 'Something is not working' },
    ],
    variables: ['SUBDOMAIN_INTAKE_BOTS'],
    orgVariables: [],
    // Every secret in an environment restricted to main; none in the repository.
    secrets: [],
    orgSecrets: [],
    environments: [
      { name: 'dns-production', branches: ['main'], reviewers: ['kasi-egov'], secrets: ['CLOUDFLARE_API_TOKEN', 'TF_STATE_ACCESS_KEY_ID', 'TF_STATE_SECRET_ACCESS_KEY'] },
      { name: 'dns-drift', branches: ['main'], secrets: ['CLOUDFLARE_API_TOKEN', 'SOP_APP_ID', 'SOP_APP_PRIVATE_KEY'] },
      { name: 'sop-app', branches: ['main'], secrets: ['SOP_APP_ID', 'SOP_APP_PRIVATE_KEY', 'SUBDOMAIN_INTAKE_TOKEN'] },
      { name: 'github-pages', branches: ['main'], secrets: [] },
    ],
    protection: null,
    rulesets: [{
      id: 42,
      name: 'main',
      rules: [
        { type: 'pull_request' },
        { type: 'required_status_checks', strict: true, checks: [{ context: 'validate / validate', integration_id: GITHUB_ACTIONS }, { context: 'sop/approvals', integration_id: SOP_APP.id }] },
        { type: 'non_fast_forward' },
        { type: 'deletion' },
      ],
      // The office's App is the only bypass actor: it pushes the register commits.
      bypass: [{ actor_type: 'Integration', actor_id: SOP_APP.id, bypass_mode: 'always' }],
    }],
    installations: [
      { app_id: 1111, app_slug: 'renovate', permissions: { contents: 'write', metadata: 'read' } },
      { app_id: SOP_APP.id, app_slug: SOP_APP.slug, permissions: { members: 'read', contents: 'write', pull_requests: 'write', statuses: 'write', checks: 'write', issues: 'write', repository_advisories: 'write', metadata: 'read' } },
    ],
  };
}

const STAMP = '2026-11-01T02:00:00Z';

/**
 * The GitHub-like server with just the routes `subdomain doctor` reads (and POST /labels for
 * `--fix`); every body checked against GitHub's OpenAPI description by the skeleton.
 */
export class DoctorGitHub extends GitHubServer {
  /** Labels created through the API, in order. */
  readonly created: string[] = [];
  protected readonly routes: Route[];

  constructor(validator: ResponseValidator, public state: DoctorState = readyState()) {
    super(validator);
    const R = '/repos/([^/]+)/([^/]+)';
    const E = `${R}/environments/([^/]+)`;
    this.routes = [
      ['GET', new RegExp(`^${R}$`), '/repos/{owner}/{repo}', () => this.repository()],
      ['GET', new RegExp(`^${R}/labels$`), '/repos/{owner}/{repo}/labels', () => ({ status: 200, body: this.state.labels.map((l) => this.label(l)) })],
      ['POST', new RegExp(`^${R}/labels$`), '/repos/{owner}/{repo}/labels', (_m, _u, b) => this.createLabel(b)],
      ['GET', new RegExp(`^${R}/actions/variables$`), '/repos/{owner}/{repo}/actions/variables', () => this.variables(this.state.variables)],
      ['GET', new RegExp(`^${R}/actions/organization-variables$`), '/repos/{owner}/{repo}/actions/organization-variables', () => this.variables(this.state.orgVariables)],
      ['GET', new RegExp(`^${R}/actions/secrets$`), '/repos/{owner}/{repo}/actions/secrets', () => this.secrets(this.state.secrets)],
      ['GET', new RegExp(`^${R}/actions/organization-secrets$`), '/repos/{owner}/{repo}/actions/organization-secrets', () => this.secrets(this.state.orgSecrets)],
      ['GET', new RegExp(`^${R}/environments$`), '/repos/{owner}/{repo}/environments', () => ({ status: 200, body: { total_count: this.state.environments.length, environments: this.state.environments.map((e) => this.environment(e)) } })],
      ['GET', new RegExp(`^${E}/deployment-branch-policies$`), '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', (m) => this.branchPolicies(decodeURIComponent(m[3]!))],
      ['GET', new RegExp(`^${E}/secrets$`), '/repos/{owner}/{repo}/environments/{environment_name}/secrets', (m) => this.environmentSecrets(decodeURIComponent(m[3]!))],
      ['GET', new RegExp(`^${R}/branches/([^/]+)/protection$`), '/repos/{owner}/{repo}/branches/{branch}/protection', (m) => this.protection(decodeURIComponent(m[3]!))],
      ['GET', new RegExp(`^${R}/rules/branches/([^/]+)$`), '/repos/{owner}/{repo}/rules/branches/{branch}', (m) => this.branchRules(decodeURIComponent(m[3]!))],
      ['GET', new RegExp(`^${R}/rulesets/(\\d+)$`), '/repos/{owner}/{repo}/rulesets/{ruleset_id}', (m) => this.ruleset(Number(m[3]))],
      ['GET', /^\/orgs\/([^/]+)\/installations$/, '/orgs/{org}/installations', (m) => this.installations(m[1]!)],
    ];
  }

  fail(fault: Fault): void {
    this.inject(fault);
  }

  protected get servedRepo(): string {
    return this.state.repo;
  }

  private get owner(): string {
    return this.state.repo.split('/')[0]!;
  }

  private user(login: string, type = 'User'): Record<string, unknown> {
    return fill('simple-user', { api: this.url, login, login_path: encodeURIComponent(login), id: idOf(login), type });
  }

  private repository(): Reply {
    const [owner, repo] = this.state.repo.split('/');
    const body = fill('repository', { api: this.url, owner, repo, ownerUser: this.user(owner!, this.state.ownerType) });
    return { status: 200, body: { ...body, default_branch: this.state.defaultBranch, private: this.state.visibility === 'private', visibility: this.state.visibility, network_count: 0, subscribers_count: 3, permissions: { admin: true, maintain: true, push: true, triage: true, pull: true } } };
  }

  private label(l: { name: string; color: string; description: string | null }): Record<string, unknown> {
    const [owner, repo] = this.state.repo.split('/');
    return { ...fill('label', { api: this.url, owner, repo, id: idOf(l.name), name: encodeURIComponent(l.name) }), name: l.name, color: l.color, description: l.description };
  }

  private createLabel(body: Record<string, unknown>): Reply {
    const name = typeof body.name === 'string' ? body.name : '';
    const color = typeof body.color === 'string' ? body.color : '';
    if (!name || !/^[0-9a-fA-F]{6}$/.test(color)) return { status: 422, body: error('Validation Failed', 422) };
    if (this.state.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) return { status: 422, body: { ...error('Validation Failed', 422), errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] } };
    const label = { name, color: color.toLowerCase(), description: typeof body.description === 'string' ? body.description : null };
    this.state.labels.push(label);
    this.created.push(name);
    return { status: 201, body: this.label(label) };
  }

  private variables(names: string[]): Reply {
    return { status: 200, body: { total_count: names.length, variables: names.map((name) => ({ name, value: 'github-actions[bot]', created_at: STAMP, updated_at: STAMP })) } };
  }

  private secrets(names: string[]): Reply {
    return { status: 200, body: { total_count: names.length, secrets: names.map((name) => ({ name, created_at: STAMP, updated_at: STAMP })) } };
  }

  private environment(e: EnvironmentSpec): Record<string, unknown> {
    const id = idOf(`env:${e.name}`);
    const rules: unknown[] = [];
    if (e.reviewers?.length) {
      rules.push({ id: id + 1, node_id: `GA_${id + 1}`, prevent_self_review: false, type: 'required_reviewers', reviewers: e.reviewers.map((login) => ({ type: 'User', reviewer: this.user(login) })) });
    }
    if (e.branches !== null) rules.push({ id: id + 2, node_id: `GA_${id + 2}`, type: 'branch_policy' });
    return {
      id,
      node_id: `EN_${id}`,
      name: e.name,
      url: `${this.url}/repos/${this.state.repo}/environments/${encodeURIComponent(e.name)}`,
      html_url: `https://github.com/${this.state.repo}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
      created_at: STAMP,
      updated_at: STAMP,
      protection_rules: rules,
      deployment_branch_policy: e.branches === null ? null : { protected_branches: e.branches === 'protected', custom_branch_policies: e.branches !== 'protected' },
    };
  }

  private env(name: string): EnvironmentSpec | undefined {
    return this.state.environments.find((e) => e.name === name);
  }

  private branchPolicies(name: string): Reply {
    const env = this.env(name);
    if (!env) return { status: 404, body: error('Not Found', 404) };
    const names = Array.isArray(env.branches) ? env.branches : [];
    return { status: 200, body: { total_count: names.length, branch_policies: names.map((n) => ({ id: idOf(`${name}:${n}`), node_id: `MDE2OkdhdGVCcmFuY2hQb2xpY3k${idOf(n)}`, name: n, type: 'branch' })) } };
  }

  private environmentSecrets(name: string): Reply {
    const env = this.env(name);
    return env ? this.secrets(env.secrets) : { status: 404, body: error('Not Found', 404) };
  }

  private protection(branch: string): Reply {
    const p = this.state.protection;
    if (branch !== this.state.defaultBranch && branch !== 'main') return { status: 404, body: error('Branch not found', 404) };
    if (!p) return { status: 404, body: error('Branch not protected', 404) };
    const base = `${this.url}/repos/${this.state.repo}/branches/${branch}/protection`;
    const body: Record<string, unknown> = {
      url: base,
      required_status_checks: { url: `${base}/required_status_checks`, contexts_url: `${base}/required_status_checks/contexts`, strict: p.strict ?? false, contexts: p.checks.map((c) => c.context), checks: p.checks },
      enforce_admins: { url: `${base}/enforce_admins`, enabled: p.enforceAdmins },
      required_linear_history: { enabled: false },
      allow_force_pushes: { enabled: p.allowForcePushes ?? false },
      allow_deletions: { enabled: p.allowDeletions ?? false },
      block_creations: { enabled: false },
      required_conversation_resolution: { enabled: false },
      lock_branch: { enabled: false },
      allow_fork_syncing: { enabled: false },
      required_signatures: { url: `${base}/required_signatures`, enabled: false },
    };
    if (p.pullRequest) {
      body.required_pull_request_reviews = {
        url: `${base}/required_pull_request_reviews`,
        dismiss_stale_reviews: true,
        require_code_owner_reviews: false,
        require_last_push_approval: false,
        required_approving_review_count: 1,
        ...(p.bypassUsers?.length ? { bypass_pull_request_allowances: { users: p.bypassUsers.map((u) => this.user(u)), teams: [], apps: [] } } : {}),
      };
    }
    return { status: 200, body };
  }

  private rule(rule: RuleSpec): Record<string, unknown> {
    switch (rule.type) {
      case 'pull_request':
        return { type: 'pull_request', parameters: { dismiss_stale_reviews_on_push: false, require_code_owner_review: false, require_last_push_approval: false, required_approving_review_count: 0, required_review_thread_resolution: false } };
      case 'required_status_checks':
        return { type: 'required_status_checks', parameters: { required_status_checks: rule.checks ?? [], strict_required_status_checks_policy: rule.strict ?? false } };
      case 'update':
        return { type: 'update', parameters: { update_allows_fetch_and_merge: false } };
      default:
        return { type: rule.type };
    }
  }

  private branchRules(branch: string): Reply {
    if (branch !== 'main') return { status: 200, body: [] };
    const body = this.state.rulesets.flatMap((set) => set.rules.map((r) => ({ ...this.rule(r), ruleset_source_type: 'Repository', ruleset_source: this.state.repo, ruleset_id: set.id })));
    return { status: 200, body };
  }

  private ruleset(id: number): Reply {
    const set = this.state.rulesets.find((s) => s.id === id);
    if (!set) return { status: 404, body: error('Not Found', 404) };
    return {
      status: 200,
      body: {
        id: set.id,
        name: set.name,
        target: 'branch',
        source_type: 'Repository',
        source: this.state.repo,
        enforcement: 'active',
        ...(set.hideBypass ? {} : { bypass_actors: set.bypass.map((b) => ({ actor_id: b.actor_id, actor_type: b.actor_type, bypass_mode: b.bypass_mode ?? 'always' })) }),
        current_user_can_bypass: 'never',
        node_id: `RRS_${set.id}`,
        _links: { self: { href: `${this.url}/repos/${this.state.repo}/rulesets/${set.id}` }, html: { href: `https://github.com/${this.state.repo}/rules/${set.id}` } },
        conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
        rules: set.rules.map((r) => this.rule(r)),
        created_at: STAMP,
        updated_at: STAMP,
      },
    };
  }

  private installations(org: string): Reply {
    if (org !== this.owner) return { status: 404, body: error('Not Found', 404) };
    const account = this.user(org, 'Organization');
    const list = this.state.installations.map((i) => {
      const id = idOf(`installation:${i.app_id}`);
      return {
        id,
        account,
        repository_selection: i.repository_selection ?? 'all',
        access_tokens_url: `${this.url}/app/installations/${id}/access_tokens`,
        repositories_url: `${this.url}/installation/repositories`,
        html_url: `https://github.com/organizations/${org}/settings/installations/${id}`,
        app_id: i.app_id,
        client_id: `Iv1.${i.app_slug}`,
        target_id: idOf(org),
        target_type: 'Organization',
        permissions: i.permissions,
        events: [],
        created_at: STAMP,
        updated_at: STAMP,
        single_file_name: null,
        app_slug: i.app_slug,
        suspended_by: i.suspended ? this.user('owner-bekasi') : null,
        suspended_at: i.suspended ? STAMP : null,
      };
    });
    return { status: 200, body: { total_count: list.length, installations: list } };
  }
}
