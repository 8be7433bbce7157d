/**
 * The pure checks of `subdomain doctor`: data in, findings out. Each finding kind has a case
 * here; the GitHub answers are plain values (the adapter is tested against the GitHub-like
 * server in doctor-cli.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_NAMES } from '../../src/cli/main.js';
import { msg } from '../../src/model/problem.js';
import {
  doctor, missingLabels, type BranchRule, type BypassActor, type EnvironmentFact, type Finding, type GitHubFacts, type LocalFacts, type Read, type WorkflowFile,
} from '../../src/office/doctor.js';
import { callerFiles, LOCAL, readProductPrefix } from '../../src/office/callers.js';
import { LABELS } from '../../src/office/requirements.js';
import { parsePolicy } from '../../src/policy/policy.js';
import { GITHUB_ACTIONS, officeCallers, readyPolicyText, SOP_APP, WORKFLOWS } from './support/doctor-github.js';

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const denied = (what: string, need = 'Secrets: read'): Read<never> => ({
  ok: false,
  failure: { kind: 'permission', status: 403, detail: msg(`Membaca ${what}: token tidak berhak (403).`, `Reading ${what}: the token lacks a permission (403).`), need: msg(need, need) },
});

const PRODUCT = readProductPrefix('exact') as { kind: 'remote'; slug: string; ref: string };
const VERSION = PRODUCT.ref.slice(1);

/** An office's workflows: only the callers `subdomain init` writes, calling this version's reusable workflows. */
const officeWorkflows: WorkflowFile[] = officeCallers();
/** This repository's: the callers (`uses: ./…`) and the reusable workflows themselves. */
const productWorkflows: WorkflowFile[] = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort()
  .map((f) => ({ file: `.github/workflows/${f}`, text: readFileSync(join(WORKFLOWS, f), 'utf8') }));

function local(policy = readyPolicyText(), workflows: WorkflowFile[] = officeWorkflows): LocalFacts {
  return { policy: parsePolicy('.github/sop.yaml', Buffer.from(policy)), workflows, knownCommands: COMMAND_NAMES, product: { slug: PRODUCT.slug, version: VERSION } };
}

const env = (name: string, secrets: string[] | undefined, extra: Partial<EnvironmentFact> = {}): EnvironmentFact => ({
  name,
  branchPolicy: { protectedBranches: false, customBranchPolicies: true },
  branchPolicies: ok([{ name: 'main', type: 'branch' }]),
  requiredReviewers: false,
  ...(secrets ? { secrets: ok(secrets) } : {}),
  ...extra,
});

const RULESET_RULES: BranchRule[] = [
  { type: 'pull_request', rulesetId: 42 },
  { type: 'required_status_checks', rulesetId: 42, strict: true, checks: [{ context: 'validate / validate', integrationId: GITHUB_ACTIONS }, { context: 'sop/approvals', integrationId: SOP_APP.id }] },
  { type: 'non_fast_forward', rulesetId: 42 },
  { type: 'deletion', rulesetId: 42 },
];

const APP_BYPASS: BypassActor = { type: 'Integration', id: SOP_APP.id, mode: 'always' };
const APP_SECRETS = ['SOP_APP_ID', 'SOP_APP_PRIVATE_KEY'];
const PRODUCTION = ['CLOUDFLARE_API_TOKEN', 'TF_STATE_ACCESS_KEY_ID', 'TF_STATE_SECRET_ACCESS_KEY'];

/** Every secret in its environment, each restricted to main (README: Secrets). */
function readyEnvironments(change: Partial<Record<'dns-production' | 'dns-drift' | 'sop-app', string[]>> = {}): EnvironmentFact[] {
  return [
    env('dns-production', change['dns-production'] ?? PRODUCTION, { requiredReviewers: true }),
    env('dns-drift', change['dns-drift'] ?? ['CLOUDFLARE_API_TOKEN', ...APP_SECRETS]),
    env('sop-app', change['sop-app'] ?? [...APP_SECRETS, 'SUBDOMAIN_INTAKE_TOKEN']),
    env('github-pages', undefined),
  ];
}

const APP_PERMISSIONS = { members: 'read', contents: 'write', pull_requests: 'write', statuses: 'write', checks: 'write', issues: 'write', repository_advisories: 'write', metadata: 'read' };

function readyFacts(): GitHubFacts {
  return {
    repo: 'pemkot-bekasi/subdomain',
    repository: ok({ defaultBranch: 'main', ownerType: 'Organization' }),
    labels: ok(LABELS.map((l) => ({ name: l.name, color: l.color, description: l.description }))),
    variables: { repository: ok(['SUBDOMAIN_INTAKE_BOTS']), organization: ok([]) },
    secrets: { repository: ok([]), organization: ok([]) },
    environments: ok(readyEnvironments()),
    protection: ok(null),
    rules: ok(RULESET_RULES),
    rulesets: { 42: ok({ id: 42, name: 'main', bypass: [APP_BYPASS] }) },
    installations: ok([{ appId: SOP_APP.id, appSlug: SOP_APP.slug, repositorySelection: 'all', permissions: { ...APP_PERMISSIONS }, suspended: false }]),
  };
}

function run(facts: GitHubFacts = readyFacts(), facts_local: LocalFacts = local()) {
  return doctor({ local: facts_local, github: facts });
}

const ids = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.id}`);
const only = (findings: Finding[], id: string) => findings.filter((f) => f.id === id);

describe('doctor: a ready office', () => {
  it('has no finding and may go live', () => {
    const report = run();
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ready: true, githubChecked: true });
  });

  it('is not ready when the GitHub part was not checked, and says so', () => {
    const report = doctor({ local: local(), github: { skipped: msg('Bagian GitHub belum diperiksa.', 'The GitHub part was not checked.'), fix: msg('Beri token.', 'Give a token.') } });
    expect(ids(report.findings)).toEqual(['error github/not-checked']);
    expect(report).toMatchObject({ ready: false, githubChecked: false });
  });

  it('warnings alone do not stop it', () => {
    const facts = readyFacts();
    facts.labels = ok(LABELS.filter((l) => l.name !== 'dns-drift').map((l) => ({ name: l.name, color: l.color, description: null })));
    const report = run(facts);
    expect(ids(report.findings)).toEqual(['warning label/missing']);
    expect(report.ready).toBe(true);
  });
});

describe('doctor: the policy', () => {
  const edit = (from: string | RegExp, to: string) => {
    const text = readyPolicyText();
    const edited = text.replace(from, to);
    expect(edited).not.toBe(text);
    return local(edited);
  };

  it('passes on the loader\'s problems with file and line', () => {
    const report = run(readyFacts(), edit(/ {2}pelaksana:\n {4}users: \[admin-server\]\n {4}teams: \[pemkot-bekasi\/pelaksana-tik\]\n/, ''));
    const found = only(report.findings, 'policy/preset-role-missing');
    expect(found).toHaveLength(1);
    expect(found[0]!.where).toMatch(/^\.github\/sop\.yaml:\d+$/);
    expect(report.ready).toBe(false);
  });

  it('people/role-empty: a role the SOP needs with nobody is an error, at its line', () => {
    const report = run(readyFacts(), edit('  kabid_egov:\n    users: [kabid-egov]', '  kabid_egov:\n    users: []'));
    const found = only(report.findings, 'people/role-empty');
    expect(found).toMatchObject([{ severity: 'error' }]);
    expect(found[0]!.message.en).toContain('kabid_egov');
    expect(found[0]!.where).toBe(`.github/sop.yaml:${readyPolicyText().split('\n').findIndex((l) => l === '  kabid_egov:') + 1}`);
  });

  it('people/role-empty: a role no step names is only a warning', () => {
    const custom = readyPolicyText().replace(/preset: bekasi\nroles:/, 'steps:\n  - { id: periksa, title: Pemeriksaan, roles: [kasi_pengembangan], kind: approval }\nroles:\n  cadangan:\n    users: []');
    const report = run(readyFacts(), local(custom));
    expect(only(report.findings, 'people/role-empty')).toMatchObject([{ severity: 'warning', message: { en: expect.stringContaining('cadangan') } }]);
  });

  it('people/opd-empty and people/no-applicant', () => {
    const one = run(readyFacts(), edit('  disdik:\n    name: Dinas Pendidikan\n    users: [staf-disdik]', '  disdik:\n    name: Dinas Pendidikan\n    users: []'));
    expect(ids(one.findings)).toEqual(['warning people/opd-empty']);
    const text = readyPolicyText();
    const [start, end] = [text.indexOf('\nopds:\n'), text.indexOf('\n# SOP')];
    const none = text.slice(0, start) + text.slice(start, end).replace(/^ {4}(users|teams): .*\n/gm, '') + text.slice(end);
    const report = run(readyFacts(), local(none));
    expect(only(report.findings, 'people/opd-empty')).toHaveLength(5);
    expect(ids(only(report.findings, 'people/no-applicant'))).toEqual(['error people/no-applicant']);
  });

  it('zone/placeholder-id and zone/duplicate-id', () => {
    const placeholder = run(readyFacts(), edit('9f2c4e8a1b3d5f7092c4e6a8b0d2f4e6', '0123456789abcdef0123456789abcdef'));
    expect(ids(placeholder.findings)).toEqual(['error zone/placeholder-id']);
    expect(placeholder.findings[0]!.where).toBe('.github/sop.yaml:23');
    const twice = run(readyFacts(), edit('    cloudflare_zone_id: 9f2c4e8a1b3d5f7092c4e6a8b0d2f4e6\n', '    cloudflare_zone_id: 9f2c4e8a1b3d5f7092c4e6a8b0d2f4e6\n  - name: bekasikab.go.id\n    cloudflare_zone_id: 9f2c4e8a1b3d5f7092c4e6a8b0d2f4e6\n'));
    expect(ids(twice.findings)).toEqual(['error zone/duplicate-id']);
  });

  it('office/placeholder and office/missing', () => {
    const placeholder = run(readyFacts(), edit('  city: Bekasi\n', '  city: Kota …\n'));
    expect(ids(placeholder.findings)).toEqual(['error office/placeholder']);
    expect(placeholder.findings[0]!.message.en).toContain('office.city');
    const missing = run(readyFacts(), edit(/ {2}head:\n(?: {4}[^\n]+\n)+/, ''));
    expect(ids(missing.findings)).toEqual(['warning office/missing']);
    expect(missing.findings[0]!.message.en).toContain('office.head.name');
  });

  it('backend/local and backend/placeholder', () => {
    const localState = run(readyFacts(), edit(/ {2}type: s3\n(?: {2}[^\n]+\n)+/, '  type: local\n'));
    expect(ids(localState.findings)).toContain('error backend/local');
    const example = run(readyFacts(), edit('https://4f1c2a9be07d.r2.cloudflarestorage.com', 'https://<ACCOUNT_ID>.r2.cloudflarestorage.com'));
    expect(ids(example.findings)).toEqual(['error backend/placeholder']);
  });
});

describe('doctor: the request form', () => {
  it('warns when the committed issue form is not the one the policy gives, and when there is none', () => {
    const generated = 'name: Permohonan\n';
    expect(run(readyFacts(), { ...local(), issueForm: { committed: generated, generated } }).findings).toEqual([]);
    expect(ids(run(readyFacts(), { ...local(), issueForm: { committed: 'name: lama\n', generated } }).findings)).toEqual(['warning intake/form-stale']);
    expect(ids(run(readyFacts(), { ...local(), issueForm: { committed: undefined, generated } }).findings)).toEqual(['warning intake/form-missing']);
  });
});

describe('doctor: the letters and the registrar', () => {
  it('reports an emblem the letters could not read, at its line, as an error', () => {
    const problem = { file: '.github/sop.yaml', line: 4, column: 11, rule: 'letter/emblem', severity: 'error' as const, message: { id: 'Lambang tidak ditemukan.', en: 'The emblem is not found.' } };
    const result = run(readyFacts(), { ...local(), emblem: [problem] });
    expect(ids(result.findings)).toEqual(['error letter/emblem']);
    expect(result.findings[0]!.where).toBe('.github/sop.yaml:4');
    expect(run(readyFacts(), { ...local(), emblem: [] }).findings).toEqual([]);
  });

  it('an intake role with nobody in it is an error: the letters the office receives cannot be filed', () => {
    const text = readyPolicyText().replace('roles:\n', 'roles:\n  sekretariat:\n    title: Sekretariat (surat masuk)\n') + 'intake:\n  role: sekretariat\n';
    const result = run(readyFacts(), local(text));
    expect(ids(result.findings)).toEqual(['error people/role-empty']);
    expect(result.findings[0]!.message.en).toContain('Role `sekretariat` (Sekretariat (surat masuk)) has nobody in it');
  });
});

describe('doctor: the workflows', () => {
  const without = (file: string, from = officeWorkflows) => from.filter((w) => !w.file.endsWith(`/${file}`));
  const changed = (file: string, from: string | RegExp, to: string, workflows = officeWorkflows) => workflows.map((w) => {
    if (!w.file.endsWith(`/${file}`)) return w;
    const text = w.text.replace(from, to);
    expect(text).not.toBe(w.text);
    return { ...w, text };
  });
  /** The office's callers at another ref (or repository): what `subdomain init` writes for it. */
  const callersAt = (ref: string, slug = PRODUCT.slug) => callerFiles({ kind: 'remote', slug, ref });

  it('this repository (callers calling ./.github/workflows/…, the reusable workflows beside them) is ready too', () => {
    expect(productWorkflows.some((w) => w.file.endsWith('/apply.yml'))).toBe(true);
    expect(run(readyFacts(), local(undefined, productWorkflows)).findings).toEqual([]);
  });

  it('an office holds only the callers: the reusable workflows live in the product', () => {
    expect(officeWorkflows.map((w) => w.file).every((f) => /\/subdomain-[a-z-]+\.yml$/.test(f))).toBe(true);
    expect(officeWorkflows[0]!.text).toContain(`uses: ${PRODUCT.slug}/.github/workflows/validate.yml@v${VERSION}`);
    expect(run().findings).toEqual([]);
  });

  it('the major tag (`@v0`) is accepted', () => {
    expect(run(readyFacts(), local(undefined, callersAt(`v${VERSION.split('.')[0]}`))).findings).toEqual([]);
  });

  it('workflow/caller-version: a release older than this version is a warning, per caller', () => {
    const report = run(readyFacts(), local(undefined, callersAt('v0.1.0')));
    const found = only(report.findings, 'workflow/caller-version');
    expect(found).toHaveLength(officeWorkflows.length);
    expect(found[0]).toMatchObject({ severity: 'warning', where: '.github/workflows/subdomain-validate.yml', message: { en: expect.stringContaining(`validate.yml@v0.1.0, older than this version (v${VERSION})`) } });
    expect(ids(report.findings).every((i) => i === 'warning workflow/caller-version')).toBe(true);
    expect(report.ready).toBe(true);
  });

  it('workflow/caller-repository and workflow/caller-ref: another repository, or not a release tag, is an error', () => {
    const other = run(readyFacts(), local(undefined, changed('subdomain-apply.yml', `${PRODUCT.slug}/.github/workflows/apply.yml@`, 'someone/fork/.github/workflows/apply.yml@')));
    expect(ids(other.findings)).toEqual(['error workflow/caller-repository']);
    expect(other.findings[0]!.message.en).toContain('someone/fork');
    const branch = run(readyFacts(), local(undefined, changed('subdomain-apply.yml', `apply.yml@v${VERSION}`, 'apply.yml@main')));
    expect(ids(branch.findings)).toEqual(['error workflow/caller-ref']);
    expect(branch.findings[0]).toMatchObject({ where: '.github/workflows/subdomain-apply.yml', message: { en: expect.stringContaining('apply.yml@main: that is not a release tag') } });
  });

  it('workflow/caller-uses: a caller that no longer calls its reusable workflow', () => {
    const report = run(readyFacts(), local(undefined, changed('subdomain-intake.yml', '.github/workflows/intake.yml@', '.github/workflows/apply.yml@')));
    expect(ids(report.findings)).toEqual(['error workflow/caller-uses']);
  });

  it('workflow/caller-edited: a caller that differs from what `subdomain init` writes names the line', () => {
    const report = run(readyFacts(), local(undefined, changed('subdomain-apply.yml', "cancel-in-progress: false", 'cancel-in-progress: true')));
    expect(ids(report.findings)).toEqual(['warning workflow/caller-edited']);
    const [f] = report.findings;
    const line = officeWorkflows.find((w) => w.file.endsWith('/subdomain-apply.yml'))!.text.split('\n').findIndex((l) => l.includes('cancel-in-progress: false')) + 1;
    expect(f!.where).toBe(`.github/workflows/subdomain-apply.yml:${line}`);
    expect(f!.message.en).toContain('reads `cancel-in-progress: true`, where `subdomain init` writes `cancel-in-progress: false`');
    expect(f!.fix.en).toContain('subdomain init');
    expect(report.ready).toBe(true);
  });

  it('workflow/reusable-missing: a local `uses: ./…` in a repository without the reusable workflow', () => {
    const report = run(readyFacts(), local(undefined, without('apply.yml', productWorkflows)));
    expect(ids(report.findings)).toEqual(['error workflow/reusable-missing']);
    expect(report.findings[0]!.where).toBe('.github/workflows/subdomain-apply.yml');
    const callers = callerFiles(LOCAL);
    expect(ids(run(readyFacts(), local(undefined, callers)).findings)).toHaveLength(callers.length);
  });

  it('workflow/missing: an error for a workflow the office cannot do without, a warning for the others', () => {
    const report = run(readyFacts(), local(undefined, without('subdomain-apply.yml').filter((w) => !w.file.endsWith('/subdomain-pages.yml'))));
    expect(only(report.findings, 'workflow/missing').map((f) => `${f.severity} ${f.message.en.split(' ')[1]}`)).toEqual(['error .github/workflows/subdomain-apply.yml', 'warning .github/workflows/subdomain-pages.yml']);
  });

  it('a requirement only the missing workflow needs is not asked for', () => {
    const facts = readyFacts();
    facts.environments = ok(readyEnvironments().filter((e) => e.name !== 'github-pages'));
    expect(ids(run(facts, local(undefined, without('subdomain-pages.yml'))).findings)).toEqual(['warning workflow/missing']);
  });

  it('an optional workflow left out: the pages\' workflow_run naming it is not an error', () => {
    const report = run(readyFacts(), local(undefined, without('subdomain-steps.yml').filter((w) => !w.file.endsWith('/subdomain-reconfirm.yml'))));
    expect(ids(report.findings)).toEqual(['warning workflow/missing', 'warning workflow/missing']);
    expect(report.ready).toBe(true);
  });

  it('workflow/unknown-command: as `subdomain X` (on PATH), `npx subdomain X` and `node …/check/subdomain-check.mjs X`', () => {
    const bare = run(readyFacts(), local(undefined, changed('validate.yml', 'run: subdomain validate --base', 'run: subdomain check --base', productWorkflows)));
    expect(only(bare.findings, 'workflow/unknown-command')).toMatchObject([{ severity: 'error', where: '.github/workflows/validate.yml', message: { en: expect.stringContaining('`subdomain check`') } }]);
    const npx = run(readyFacts(), local(undefined, changed('validate.yml', 'run: subdomain validate --base', 'run: npx subdomain checks --base', productWorkflows)));
    expect(only(npx.findings, 'workflow/unknown-command')[0]!.message.en).toContain('`subdomain checks`');
    const node = run(readyFacts(), local(undefined, changed('validate.yml', 'run: subdomain validate --base', 'run: node "$GITHUB_WORKSPACE/.product/check/subdomain-check.mjs" vet --base', productWorkflows)));
    expect(only(node.findings, 'workflow/unknown-command')[0]!.message.en).toContain('`subdomain vet`');
    // Words in echoed text and shell comments are not commands.
    const text = run(readyFacts(), local(undefined, changed('validate.yml', 'run: subdomain validate --base "$BASE_SHA" --format github', 'run: |\n          # subdomain nothing here\n          echo "the subdomain dicatat" && subdomain validate --base "$BASE_SHA" --format github', productWorkflows)));
    expect(text.findings).toEqual([]);
  });

  it('workflow/trigger-unknown: a workflow_run naming no workflow', () => {
    const report = run(readyFacts(), local(undefined, changed('subdomain-approvals-review.yml', 'name: sop-approvals-review', 'name: review-signal')));
    expect(only(report.findings, 'workflow/trigger-unknown')).toMatchObject([{ severity: 'error', where: '.github/workflows/subdomain-approvals.yml' }]);
  });

  it('workflow/action-version and workflow/unknown-action (in this repository\'s reusable workflows)', () => {
    const report = run(readyFacts(), local(undefined, changed('validate.yml', /uses: actions\/checkout@[0-9a-f]{40}/, 'uses: actions/checkout@v3', productWorkflows)
      .map((w) => (w.file.endsWith('/intake.yml') ? { ...w, text: w.text.replace(/( {6}- uses: actions\/setup-node@)/, '      - uses: someone/helper@main\n$1') } : w))));
    expect(ids(report.findings).sort()).toEqual(['warning workflow/action-version', 'warning workflow/unknown-action']);
    expect(report.ready).toBe(true);
  });

  it('workflow/unreadable', () => {
    const report = run(readyFacts(), local(undefined, [...without('subdomain-validate.yml'), { file: '.github/workflows/subdomain-validate.yml', text: 'jobs: [\n' }]));
    expect(ids(report.findings)).toEqual(['error workflow/unreadable']);
  });
});

describe('doctor: GitHub', () => {
  it('github/permission: secrets the token may not read are never "absent" and never "fine"', () => {
    const facts = readyFacts();
    facts.secrets.repository = denied('nama secret Actions');
    const report = run(facts);
    expect(ids(report.findings)).toEqual(['error github/permission']);
    expect(report.findings[0]!.fix.en).toContain('Secrets: read');
    expect(report.ready).toBe(false);
  });

  it('github/failed: another failure', () => {
    const facts = readyFacts();
    facts.labels = { ok: false, failure: { kind: 'failed', status: 502, detail: msg('Membaca label: GitHub gagal (502).', 'Reading the labels: GitHub failed (502).'), need: msg('Issues: read', 'Issues: read') } };
    expect(ids(run(facts).findings)).toEqual(['error github/failed']);
  });

  it('repo/default-branch', () => {
    const facts = readyFacts();
    facts.repository = ok({ defaultBranch: 'master', ownerType: 'Organization' });
    expect(ids(run(facts).findings)).toEqual(['error repo/default-branch']);
  });

  it('label/missing: with the policy\'s own override label; missingLabels() lists what --fix creates', () => {
    const facts = readyFacts();
    const labels = [{ name: 'DNS-Drift', color: 'b60205', description: null }, { name: 'izin-hapus-massal', color: 'b60205', description: null }];
    facts.labels = ok(labels);
    const policy = local(readyPolicyText().replace('override_label: izin-hapus-massal', 'override_label: hapus-banyak'));
    const report = run(facts, policy);
    expect(only(report.findings, 'label/missing').map((f) => f.message.en.split('`')[1]).sort()).toEqual(['hapus-banyak', 'insiden-subdomain', 'konfirmasi-ulang', 'permohonan-subdomain']);
    expect(missingLabels(labels, policy).map((l) => l.name).sort()).toEqual(['hapus-banyak', 'insiden-subdomain', 'konfirmasi-ulang', 'permohonan-subdomain']);
  });

  it('variable/missing: the intake bots, only when the intake token is set (in environment sop-app)', () => {
    const facts = readyFacts();
    facts.variables.repository = ok([]);
    expect(ids(run(facts).findings)).toEqual(['error variable/missing']);
    facts.environments = ok(readyEnvironments({ 'sop-app': APP_SECRETS }));
    expect(ids(run(facts).findings)).toEqual(['warning secret/missing', 'warning intake/team-membership']);
    expect(run(facts).findings[0]!.message.en).toContain('`SUBDOMAIN_INTAKE_TOKEN` is missing from environment `sop-app`');
  });

  it('an organisation variable shared with the repository counts', () => {
    const facts = readyFacts();
    facts.variables = { repository: ok([]), organization: ok(['SUBDOMAIN_INTAKE_BOTS']) };
    expect(run(facts).findings).toEqual([]);
  });

  it('secret/missing: in its environment; the App\'s key in sop-app and (for the watch) dns-drift is always an error', () => {
    const facts = readyFacts();
    facts.environments = ok(readyEnvironments({ 'dns-production': ['CLOUDFLARE_API_TOKEN'], 'dns-drift': APP_SECRETS }));
    const report = run(facts);
    expect(only(report.findings, 'secret/missing').map((f) => f.message.en.replace(/ \(.*$/, ''))).toEqual([
      'Secret `CLOUDFLARE_API_TOKEN` is missing from environment `dns-drift`',
      'Secret `TF_STATE_ACCESS_KEY_ID` is missing from environment `dns-production`',
      'Secret `TF_STATE_SECRET_ACCESS_KEY` is missing from environment `dns-production`',
    ]);
    const app = readyFacts();
    app.environments = ok(readyEnvironments({ 'sop-app': ['SUBDOMAIN_INTAKE_TOKEN'] }));
    app.rules = ok(RULESET_RULES.map((r) => (r.checks ? { ...r, checks: r.checks.map((c) => ({ ...c, integrationId: GITHUB_ACTIONS })) } : r)));
    expect(ids(run(app).findings)).toEqual(['error secret/missing', 'error secret/missing']);
    expect(run(app).findings.map((f) => f.message.en.split(' (')[0])).toEqual(['Secret `SOP_APP_ID` is missing from environment `sop-app`', 'Secret `SOP_APP_PRIVATE_KEY` is missing from environment `sop-app`']);
    const noTeams = local(readyPolicyText().replace(/\n {4}teams: \[[^\]]*\]/g, ''));
    expect(ids(run(app, noTeams).findings)).toEqual(['error secret/missing', 'error secret/missing']);
    // Without the watch, dns-drift needs no App key.
    const noWatch = readyFacts();
    noWatch.environments = ok(readyEnvironments({ 'dns-drift': ['CLOUDFLARE_API_TOKEN'] }));
    expect(ids(run(noWatch, local(undefined, officeWorkflows.filter((w) => !w.file.endsWith('/subdomain-watch.yml')))).findings)).toEqual(['warning workflow/missing']);
    expect(ids(run(noWatch).findings)).toEqual(['error secret/missing', 'error secret/missing']);
  });

  it('secret/missing follows the backend: TF_API_TOKEN for HCP Terraform', () => {
    const facts = readyFacts();
    const remote = local(readyPolicyText().replace(/ {2}type: s3\n(?: {2}[^\n]+\n)+/, '  type: remote\n  organization: pemkot-bekasi\n  workspace_prefix: dns-\n'));
    expect(only(run(facts, remote).findings, 'secret/missing').map((f) => f.message.en.split('`')[1])).toEqual(['TF_API_TOKEN']);
  });

  it('secret/outside-environment: an environment secret also stored in the repository or organisation', () => {
    const facts = readyFacts();
    facts.secrets.repository = ok(['CLOUDFLARE_API_TOKEN']);
    expect(ids(run(facts).findings)).toEqual(['error secret/outside-environment']);
    facts.secrets = { repository: ok(['SOP_APP_PRIVATE_KEY', 'SUBDOMAIN_INTAKE_TOKEN']), organization: ok(['SOP_APP_ID']) };
    const report = run(facts);
    expect(ids(report.findings)).toEqual(['error secret/outside-environment', 'error secret/outside-environment', 'error secret/outside-environment']);
    expect(report.findings[0]!.fix.en).toContain('environment sop-app, dns-drift');
    // Only in the repository: outside its environment, and missing there.
    const repoOnly = readyFacts();
    repoOnly.secrets.repository = ok(['SUBDOMAIN_INTAKE_TOKEN']);
    repoOnly.environments = ok(readyEnvironments({ 'sop-app': APP_SECRETS }));
    expect(ids(run(repoOnly).findings)).toEqual(['error secret/outside-environment', 'warning secret/missing']);
  });

  it('environment/missing: an error for dns-production and sop-app, a warning for github-pages', () => {
    const facts = readyFacts();
    facts.environments = ok(readyEnvironments().filter((e) => e.name === 'dns-drift'));
    const report = run(facts);
    expect(ids(report.findings)).toEqual(['error environment/missing', 'error environment/missing', 'warning environment/missing']);
    expect(report.findings.map((f) => f.message.en.split('`')[1])).toEqual(['dns-production', 'sop-app', 'github-pages']);
  });

  it('environment/branches: any branch, protected branches, other patterns, no branch', () => {
    const withProduction = (extra: Partial<EnvironmentFact>) => {
      const facts = readyFacts();
      facts.environments = ok(readyEnvironments().map((e) => (e.name === 'dns-production' ? { ...e, ...extra } : e)));
      return only(run(facts).findings, 'environment/branches').map((f) => f.severity);
    };
    expect(withProduction({ branchPolicy: null })).toEqual(['error']);
    expect(withProduction({ branchPolicy: { protectedBranches: true, customBranchPolicies: false } })).toEqual(['warning']);
    expect(withProduction({ branchPolicies: ok([{ name: 'main', type: 'branch' }, { name: 'release/*', type: 'branch' }]) })).toEqual(['error']);
    expect(withProduction({ branchPolicies: ok([]) })).toEqual(['error']);
    expect(withProduction({ branchPolicies: denied('cabang environment', 'Actions: read') })).toEqual([]);
  });

  it('environment/reviewers: the daily drift and the App\'s environments must not wait for a person', () => {
    const facts = readyFacts();
    facts.environments = ok(readyEnvironments().map((e) => (e.name === 'dns-drift' || e.name === 'sop-app' ? { ...e, requiredReviewers: true } : e)));
    expect(only(run(facts).findings, 'environment/reviewers').map((f) => f.message.en.split('`')[1])).toEqual(['dns-drift', 'sop-app']);
    expect(ids(run(facts).findings)).toEqual(['warning environment/reviewers', 'warning environment/reviewers']);
  });
});

describe('doctor: the protection of main', () => {
  const withRules = (rules: BranchRule[], bypass: BypassActor[] = [APP_BYPASS]) => {
    const facts = readyFacts();
    facts.rules = ok(rules);
    facts.rulesets = { 42: ok({ id: 42, name: 'main', bypass }) };
    return facts;
  };
  const checks = (validate: number | undefined, approvals: number | undefined, strict = true): BranchRule => ({
    type: 'required_status_checks', rulesetId: 42, strict,
    checks: [{ context: 'validate / validate', ...(validate !== undefined ? { integrationId: validate } : {}) }, { context: 'sop/approvals', ...(approvals !== undefined ? { integrationId: approvals } : {}) }],
  });

  it('protection/missing', () => {
    expect(ids(run(withRules([])).findings)).toEqual(['error protection/missing']);
  });

  it('protection/pull-request, protection/force-push, protection/deletion', () => {
    const report = run(withRules([checks(GITHUB_ACTIONS, SOP_APP.id)]));
    expect(ids(report.findings)).toEqual(['error protection/pull-request', 'error protection/force-push', 'error protection/deletion']);
  });

  it('protection/check-missing: the checks as the reusable jobs report them (`validate / validate`)', () => {
    const report = run(withRules(RULESET_RULES.map((r) => (r.checks ? { ...r, checks: r.checks.filter((c) => c.context === 'validate / validate') } : r))));
    expect(ids(report.findings)).toEqual(['error protection/check-missing']);
    expect(report.findings[0]!.message.en).toContain('sop/approvals');
    // The old name of the check (before the reusable workflows) no longer counts.
    const old = run(withRules(RULESET_RULES.map((r) => (r.checks ? { ...r, checks: r.checks.map((c) => (c.context === 'validate / validate' ? { ...c, context: 'validate' } : c)) } : r))));
    expect(ids(old.findings)).toEqual(['error protection/check-missing']);
    expect(old.findings[0]!.message.en).toContain('`validate / validate`');
  });

  it('protection/up-to-date: "Require branches to be up to date before merging"', () => {
    const report = run(withRules(RULESET_RULES.map((r) => (r.checks ? checks(GITHUB_ACTIONS, SOP_APP.id, false) : r))));
    expect(ids(report.findings)).toEqual(['error protection/up-to-date']);
  });

  it('protection/check-source: sop/approvals from any source is an error, validate from any source a warning', () => {
    const rules = (c: BranchRule) => RULESET_RULES.map((r) => (r.checks ? c : r));
    expect(only(run(withRules(rules(checks(GITHUB_ACTIONS, undefined)))).findings, 'protection/check-source').map((f) => f.severity)).toEqual(['error']);
    expect(ids(run(withRules(rules(checks(undefined, SOP_APP.id)))).findings)).toEqual(['warning protection/check-source']);
    // Pinned to GitHub Actions although the App reports it: no pull request could merge.
    expect(ids(run(withRules(rules(checks(GITHUB_ACTIONS, GITHUB_ACTIONS)))).findings)).toEqual(['error protection/check-source']);
    // Pinned to an App although none is configured.
    const noApp = withRules(rules(checks(GITHUB_ACTIONS, SOP_APP.id)));
    noApp.environments = ok(readyEnvironments({ 'sop-app': ['SUBDOMAIN_INTAKE_TOKEN'] }));
    expect(only(run(noApp).findings, 'protection/check-source')).toHaveLength(1);
  });

  it('protection/bypass: anyone but the office\'s App, GitHub Actions included', () => {
    const report = run(withRules(RULESET_RULES, [APP_BYPASS, { type: 'RepositoryRole', id: 5, mode: 'always' }, { type: 'OrganizationAdmin', id: null, mode: 'always' }, { type: 'Integration', id: GITHUB_ACTIONS, mode: 'always' }]));
    expect(ids(report.findings)).toEqual(['error protection/bypass', 'error protection/bypass', 'error protection/bypass']);
    expect(report.findings[0]!.message.en).toContain('(admin)');
    expect(report.findings[2]!.message.en).toContain('GitHub Actions');
    expect(report.findings[0]!.fix.en).toContain('only the office\'s GitHub App may stay');
  });

  it('a ruleset whose bypass list GitHub did not show is a permission finding', () => {
    const facts = readyFacts();
    facts.rulesets = { 42: ok({ id: 42, name: 'main' }) };
    expect(ids(run(facts).findings)).toEqual(['error github/permission']);
  });

  it('protection/register-push: the App (whose token pushes the register commits) must bypass, always', () => {
    const none = run(withRules(RULESET_RULES, []));
    expect(ids(none.findings)).toEqual(['error protection/register-push']);
    expect(none.findings[0]!.message.en).toContain(`app #${SOP_APP.id}`);
    expect(none.findings[0]!.fix.en).toContain('GitHub App as its only bypass actor');
    // GitHub Actions as the bypass does not let the App's push through (and is itself a bypass).
    expect(ids(run(withRules(RULESET_RULES, [{ type: 'Integration', id: GITHUB_ACTIONS, mode: 'always' }])).findings)).toEqual(['error protection/bypass', 'error protection/register-push']);
    // A bypass for pull requests only is no bypass for a push.
    expect(ids(run(withRules(RULESET_RULES, [{ ...APP_BYPASS, mode: 'pull_request' }])).findings)).toEqual(['error protection/register-push']);
    // Without the workflows that push, nobody needs to.
    const pushers = ['subdomain-apply.yml', 'subdomain-steps.yml', 'subdomain-reconfirm.yml'];
    const quiet = local(undefined, officeWorkflows.filter((w) => !pushers.some((p) => w.file.endsWith(`/${p}`))));
    expect(ids(run(withRules(RULESET_RULES, []), quiet).findings).filter((i) => i.includes('protection'))).toEqual([]);
  });

  it('classic branch protection: admins bypass unless enforced, and required checks refuse the register push', () => {
    const facts = readyFacts();
    facts.rules = ok([]);
    facts.rulesets = {};
    facts.protection = ok({
      pullRequest: { bypass: { users: ['kasi-egov'], teams: [], apps: [] } },
      checks: [{ context: 'validate / validate', appId: GITHUB_ACTIONS }, { context: 'sop/approvals', appId: SOP_APP.id }],
      strictChecks: true,
      enforceAdmins: false,
      allowForcePushes: false,
      allowDeletions: false,
    });
    const report = run(facts);
    expect(ids(report.findings)).toEqual(['error protection/bypass', 'error protection/bypass', 'error protection/register-push']);
    expect(report.findings.map((f) => f.message.en).join('\n')).toMatch(/administrators[\s\S]*user kasi-egov/);
  });

  it('an unreadable protection is a permission finding, nothing else is claimed about it', () => {
    const facts = readyFacts();
    facts.protection = denied('proteksi cabang main', 'Administration: read');
    expect(ids(run(facts).findings)).toEqual(['error github/permission']);
  });
});

describe('doctor: the GitHub App', () => {
  const withInstallation = (change: (i: { permissions: Record<string, string | undefined>; suspended: boolean; repositorySelection: 'all' | 'selected' }) => void) => {
    const facts = readyFacts();
    const installation = { appId: SOP_APP.id, appSlug: SOP_APP.slug, repositorySelection: 'all' as 'all' | 'selected', permissions: { ...APP_PERMISSIONS } as Record<string, string | undefined>, suspended: false };
    change(installation);
    facts.installations = ok([installation]);
    return facts;
  };

  it('app/not-installed', () => {
    const facts = readyFacts();
    facts.installations = ok([]);
    expect(ids(run(facts).findings)).toEqual(['error app/not-installed']);
  });

  it('app/permission: each permission the workflows hand the App\'s token to', () => {
    const report = run(withInstallation((i) => {
      i.permissions.checks = 'read';
      delete i.permissions.members;
    }));
    expect(ids(report.findings)).toEqual(['error app/permission', 'error app/permission']);
    expect(report.findings.map((f) => f.message.en).join('\n')).toMatch(/Organization → Members: Read-only \(none\)[\s\S]*Repository → Checks: Read and write \(only read\)/);
  });

  it('members: read is not asked for when the policy names no team', () => {
    const noTeams = local(readyPolicyText().replace(/\n {4}teams: \[[^\]]*\]/g, ''));
    expect(run(withInstallation((i) => delete i.permissions.members), noTeams).findings).toEqual([]);
  });

  it('app/suspended and app/repositories', () => {
    expect(ids(run(withInstallation((i) => (i.suspended = true))).findings)).toEqual(['error app/suspended']);
    expect(ids(run(withInstallation((i) => (i.repositorySelection = 'selected'))).findings)).toEqual(['warning app/repositories']);
  });

  it('installations the token may not read are a permission finding', () => {
    const facts = readyFacts();
    facts.installations = denied('GitHub App', 'Administration: read');
    expect(ids(run(facts).findings)).toEqual(['error github/permission']);
  });
});

describe('doctor: intake and OPDs given by teams', () => {
  const withoutIntakeToken = () => {
    const facts = readyFacts();
    facts.environments = ok(readyEnvironments({ 'sop-app': APP_SECRETS }));
    return facts;
  };
  const noOpdTeams = readyPolicyText().replace('    teams: [pemkot-bekasi/dinkes]\n', '');

  it('intake/team-membership: an OPD given by teams without SUBDOMAIN_INTAKE_TOKEN in sop-app warns that its team members\' requests will be refused', () => {
    const report = run(withoutIntakeToken());
    const found = only(report.findings, 'intake/team-membership');
    expect(found.map((f) => f.severity)).toEqual(['warning']);
    expect(found[0]!.message.en).toMatch(/OPD `dinkes` is given through `teams`.*requests from those teams' members are refused/);
    expect(found[0]!.fix.en).toContain('Organization → Members: read');
    expect(found[0]!.fix.en).toContain('Settings → Environments → sop-app');
    expect(report.ready).toBe(true);
  });

  it('the registrar role given by teams needs the token too', () => {
    expect(noOpdTeams).not.toBe(readyPolicyText());
    const registrar = local(`${noOpdTeams}\nintake:\n  role: pelaksana\n`);
    const found = only(run(withoutIntakeToken(), registrar).findings, 'intake/team-membership');
    expect(found).toHaveLength(1);
    expect(found[0]!.message.en).toMatch(/^the registrar role `pelaksana` is given through `teams`/);
  });

  it('no warning with the token in sop-app (or stored as a repository secret), with no team-based OPD or registrar, or without the intake workflow', () => {
    expect(only(run().findings, 'intake/team-membership')).toEqual([]);
    const repoSecret = withoutIntakeToken();
    repoSecret.secrets.repository = ok(['SUBDOMAIN_INTAKE_TOKEN']);
    expect(only(run(repoSecret).findings, 'intake/team-membership')).toEqual([]);
    // Roles given by teams (not the registrar) are read by the approvals job with the App's token.
    expect(only(run(withoutIntakeToken(), local(noOpdTeams)).findings, 'intake/team-membership')).toEqual([]);
    const noIntake = local(undefined, officeWorkflows.filter((w) => !w.file.endsWith('/subdomain-intake.yml')));
    expect(only(run(withoutIntakeToken(), noIntake).findings, 'intake/team-membership')).toEqual([]);
  });

  it('claims nothing when the secrets of sop-app could not be read, or sop-app does not exist (its own finding)', () => {
    const noEnvironment = readyFacts();
    noEnvironment.environments = ok(readyEnvironments().filter((e) => e.name !== 'sop-app'));
    expect(ids(run(noEnvironment).findings)).toEqual(['error environment/missing']);
    const facts = readyFacts();
    facts.environments = ok(readyEnvironments().map((e) => (e.name === 'sop-app' ? { ...e, secrets: denied('secret environment sop-app') } : e)));
    const report = run(facts);
    expect(only(report.findings, 'intake/team-membership')).toEqual([]);
    expect(ids(report.findings)).toContain('error github/permission');
  });
});

describe('doctor: a public repository and contact phone numbers', () => {
  const withVisibility = (visibility: 'public' | 'private' | 'internal' | undefined) => {
    const facts = readyFacts();
    facts.repository = ok({ defaultBranch: 'main', ownerType: 'Organization', ...(visibility ? { visibility } : {}) });
    return facts;
  };
  const omitting = local(`${readyPolicyText()}\nprivacy:\n  contact_phone: omit\n`);

  it('privacy/public-phone: a public repository whose policy keeps phone numbers is warned to set privacy.contact_phone: omit', () => {
    const report = run(withVisibility('public'));
    expect(ids(report.findings)).toEqual(['warning privacy/public-phone']);
    expect(report.findings[0]).toMatchObject({ where: '.github/sop.yaml' });
    expect(report.findings[0]!.message.en).toContain('git history anyone can read');
    expect(report.findings[0]!.fix.en).toContain('privacy: { contact_phone: omit }');
    expect(report.ready).toBe(true);
  });

  it('no warning when the policy omits phone numbers, the repository is private or internal, or its visibility was not read', () => {
    expect(omitting.policy.ok).toBe(true);
    expect(run(withVisibility('public'), omitting).findings).toEqual([]);
    expect(run(withVisibility('private')).findings).toEqual([]);
    expect(run(withVisibility('internal')).findings).toEqual([]);
    expect(run(withVisibility(undefined)).findings).toEqual([]);
  });
});
