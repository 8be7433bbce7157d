/**
 * The thin caller workflows, as text: the triggers, the caller-side permissions (a called
 * workflow's token can never exceed its caller job's), the concurrency that must be decided
 * before a run starts, and one `uses:` line per job naming a reusable workflow of the product.
 * This repository's callers (`.github/workflows/subdomain-*.yml`) call `./.github/workflows/…`;
 * an office's call `owner/repo/.github/workflows/…@ref` (the product's slug from package.json
 * `repository`). Both come from here; test/office/callers.test.ts checks that the committed
 * callers are exactly this module's output for the local prefix.
 *
 * Pure data and text, apart from `readProductSlug` (reads package.json).
 */
import { readFileSync } from 'node:fs';
import { MAIN_BRANCH } from './requirements.js';

/** Where the reusable workflows live: this repository, or the product's at a ref. */
export type UsesPrefix = { kind: 'local' } | { kind: 'remote'; slug: string; ref: string };

export const LOCAL: UsesPrefix = { kind: 'local' };

/** The `uses:` value calling the reusable workflow `file` (`apply.yml`). */
export function usesOf(prefix: UsesPrefix, file: string): string {
  return prefix.kind === 'local' ? `./.github/workflows/${file}` : `${prefix.slug}/.github/workflows/${file}@${prefix.ref}`;
}

type Level = 'read' | 'write';
type Scalar = string | boolean | number;
type Node = Scalar | readonly Node[] | { readonly [key: string]: Node };

export interface CallerJob {
  id: string;
  /** The reusable workflow's file name under .github/workflows/. */
  workflow: string;
  if?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  permissions: Readonly<Record<string, Level>>;
  with?: Readonly<Record<string, Scalar>>;
  /** Environment secrets reach a called job only with `secrets: inherit` (actions/runner#4453). */
  secrets?: 'inherit';
}

export interface Caller {
  /** `subdomain-<name>.yml`. */
  file: string;
  /** The workflow's name: `workflow_run` triggers and the Actions tab name it. */
  name: string;
  comment: readonly string[];
  on: Readonly<Record<string, Node>>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: readonly CallerJob[];
}

const main = [MAIN_BRANCH];

/** The apply's concurrency group: `dns-apply` for runs of main, one of its own for any other ref. */
export const APPLY_GROUP = `\${{ github.ref == 'refs/heads/${MAIN_BRANCH}' && 'dns-apply' || format('dns-apply-{0}', github.run_id) }}`;

/** The caller of the reusable workflow `name.yml`. */
const file = (name: string) => `subdomain-${name}.yml`;

export const CALLERS: readonly Caller[] = [
  {
    file: file('validate'),
    name: 'validate',
    comment: [
      'Periksa permohonan pada pull request / check requests on pull requests (the `validate / validate` check).',
      'Read-only, no secrets: safe for pull requests from forks. The pull request is data only.',
    ],
    on: { pull_request: { branches: main, types: ['opened', 'synchronize', 'reopened', 'ready_for_review'] } },
    concurrency: { group: 'validate-${{ github.event.pull_request.number }}', 'cancel-in-progress': true },
    jobs: [{ id: 'validate', workflow: 'validate.yml', permissions: { contents: 'read', 'id-token': 'write' } }],
  },
  {
    file: file('approvals'),
    name: 'sop-approvals',
    comment: [
      'Persetujuan SOP / SOP approvals: the `sop/approvals` check run and status, one sticky comment, review requests.',
      'Runs the product and the policy of the BASE branch; nothing of the pull request is checked out or run.',
      'workflow_run: after sop-approvals-review ran for a review event (forks get no write token there).',
    ],
    on: {
      pull_request_target: { branches: main, types: ['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited'] },
      workflow_run: { workflows: ['sop-approvals-review'], types: ['completed'] },
    },
    jobs: [{
      id: 'approvals',
      workflow: 'approvals.yml',
      // An edit that does not change the base (title, body) cannot change the answer; a skipped
      // run joins no concurrency group, so it never replaces a waiting evaluation.
      if: "github.event_name != 'pull_request_target' || github.event.action != 'edited' || github.event.changes.base != null",
      // Same head commit, same answer: runs for one commit queue instead of racing on the comment.
      concurrency: { group: 'sop-approvals-${{ github.event.pull_request.head.sha || github.event.workflow_run.head_sha }}', 'cancel-in-progress': false },
      permissions: { contents: 'read', 'pull-requests': 'write', statuses: 'write', checks: 'write', 'id-token': 'write' },
      with: { 'intake-bots': '${{ vars.SUBDOMAIN_INTAKE_BOTS }}' },
      secrets: 'inherit',
    }],
  },
  {
    file: file('approvals-review'),
    name: 'sop-approvals-review',
    comment: ['Sinyal review / review signal: its completion starts sop-approvals (workflow_run). Reads and writes nothing.'],
    on: { pull_request_review: { types: ['submitted', 'dismissed', 'edited'] } },
    jobs: [{ id: 'signal', workflow: 'approvals-review.yml', permissions: {} }],
  },
  {
    file: file('apply'),
    name: 'Terapkan DNS / Apply DNS',
    comment: [
      'Terapkan DNS / apply DNS after a merge, then record the register.',
      'One run at a time, joined when the run is queued (never cancelled mid-way); every run applies',
      `the tip of ${MAIN_BRANCH} as it is when the run starts, so a newer run replacing a waiting one loses nothing.`,
    ],
    on: {
      push: { branches: main, paths: ['requests/**', 'subdomains/**', '.github/sop.yaml'] },
      workflow_dispatch: {
        inputs: {
          pr: { description: 'Nomor pull request untuk riwayat (bila commit terakhir bukan merge) / pull request number for the history', required: false, type: 'string' },
          refresh: { description: 'Segarkan semua catatan dari Cloudflare (perbaikan drift; satu panggilan API per catatan) / refresh every record from Cloudflare (drift repair; one API call per record)', required: false, type: 'boolean', default: false },
        },
      },
    },
    // Only main's runs share `dns-apply`: a Run workflow from another branch (whose jobs are
    // skipped) would otherwise replace a waiting run of main, and a merge would go unapplied.
    concurrency: { group: APPLY_GROUP, 'cancel-in-progress': false },
    jobs: [{
      id: 'apply',
      workflow: 'apply.yml',
      permissions: { contents: 'read', 'pull-requests': 'read', 'id-token': 'write' },
      with: { pr: '${{ inputs.pr }}', refresh: '${{ inputs.refresh == true }}', 'intake-bots': '${{ vars.SUBDOMAIN_INTAKE_BOTS }}' },
      secrets: 'inherit',
    }],
  },
  {
    file: file('intake'),
    name: 'intake',
    comment: ['Permohonan lewat formulir issue / requests by issue form: a valid form becomes a request pull request.'],
    on: { issues: { types: ['opened', 'edited', 'reopened'] } },
    jobs: [{
      id: 'intake',
      workflow: 'intake.yml',
      if: "contains(github.event.issue.labels.*.name, 'permohonan-subdomain') && github.event.issue.pull_request == null",
      concurrency: { group: 'intake-${{ github.event.issue.number }}', 'cancel-in-progress': false },
      permissions: { contents: 'write', issues: 'write', 'pull-requests': 'write', 'id-token': 'write' },
      secrets: 'inherit',
    }],
  },
  {
    file: file('steps'),
    name: 'sop-after-merge-steps',
    comment: ['Langkah SOP setelah merge / after-merge SOP steps: `/langkah <id>` (or `/step <id>`) on the merged pull request.'],
    on: { issue_comment: { types: ['created'] } },
    jobs: [{
      id: 'steps',
      workflow: 'steps.yml',
      // Merged pull requests only; a bot's comment (our own reply) never counts. The body test
      // only saves a runner for ordinary comments; the product decides what is a command.
      if: "github.event.issue.pull_request != null && github.event.issue.pull_request.merged_at != null && github.event.comment.user.type != 'Bot' && (contains(github.event.comment.body, '/langkah') || contains(github.event.comment.body, '/step'))",
      // No group here: GitHub keeps one waiting run per group and a newer one replaces it, so
      // anyone's comment would cancel an official's waiting step. steps.yml queues only its
      // write job (`record`), which starts only for a role holder's command.
      permissions: { contents: 'read', 'pull-requests': 'read', 'id-token': 'write' },
      with: { 'intake-bots': '${{ vars.SUBDOMAIN_INTAKE_BOTS }}' },
      secrets: 'inherit',
    }],
  },
  {
    file: file('reconfirm'),
    name: 'subdomain-reconfirm',
    comment: ['Konfirmasi ulang / re-confirmation: `/konfirmasi` (or `/confirm`) on an issue labelled konfirmasi-ulang.'],
    on: { issue_comment: { types: ['created'] } },
    jobs: [{
      id: 'confirm',
      workflow: 'reconfirm.yml',
      if: "github.event.issue.pull_request == null && contains(github.event.issue.labels.*.name, 'konfirmasi-ulang') && github.event.comment.user.type != 'Bot' && (contains(github.event.comment.body, '/konfirmasi') || contains(github.event.comment.body, '/confirm'))",
      // Per issue AND commenter: GitHub keeps one waiting run per group and a newer one replaces
      // it, so a group per issue would let anyone's comment cancel an OPD member's waiting
      // confirmation. Runs of different commenters may overlap: the push rebases, or records
      // again on the new tip (reconfirm.yml).
      concurrency: { group: 'subdomain-reconfirm-${{ github.event.issue.number }}-${{ github.event.comment.user.login }}', 'cancel-in-progress': false },
      permissions: { contents: 'read', issues: 'read', 'id-token': 'write' },
      secrets: 'inherit',
    }],
  },
  {
    file: file('drift'),
    name: 'Periksa drift DNS / DNS drift check',
    comment: ['Periksa drift DNS / DNS drift check, daily: `subdomain audit` with a read-only Cloudflare token, no Terraform state.'],
    on: { schedule: [{ cron: '17 23 * * *' }], workflow_dispatch: {} },
    concurrency: { group: 'dns-drift', 'cancel-in-progress': false },
    jobs: [{ id: 'drift', workflow: 'drift.yml', permissions: { contents: 'read', issues: 'write', 'id-token': 'write' }, secrets: 'inherit' }],
  },
  {
    file: file('watch'),
    name: 'Pantau sub domain / watch the subdomains',
    comment: ['Pantau sub domain / watch the subdomains, daily: dangling DNS, takeover, certificates, hidden gambling; incident issues.'],
    on: { schedule: [{ cron: '47 22 * * *' }], workflow_dispatch: {} },
    // One run at a time: two runs at once could each open the same incident issue.
    concurrency: { group: 'subdomain-watch', 'cancel-in-progress': false },
    jobs: [{ id: 'watch', workflow: 'watch.yml', permissions: { contents: 'write', issues: 'write', 'pull-requests': 'write', 'id-token': 'write' }, secrets: 'inherit' }],
  },
  {
    file: file('pages'),
    name: 'Situs daftar / Register site',
    comment: [
      'Situs daftar sub domain / the register site on GitHub Pages (Settings → Pages → Source: GitHub Actions).',
      'The pipeline\'s own commits carry [skip ci] (no push run): workflow_run picks them up.',
    ],
    on: {
      push: { branches: main, paths: ['subdomains/**', '.github/sop.yaml', '.github/workflows/subdomain-pages.yml'] },
      workflow_run: { workflows: ['Terapkan DNS / Apply DNS', 'sop-after-merge-steps', 'subdomain-reconfirm'], types: ['completed'], branches: main },
      workflow_dispatch: {},
    },
    // One publication at a time; a newer run waits instead of cancelling one mid-deploy.
    concurrency: { group: 'pages', 'cancel-in-progress': false },
    jobs: [{
      id: 'pages',
      workflow: 'pages.yml',
      if: "github.event_name != 'workflow_run' || github.event.workflow_run.conclusion == 'success'",
      permissions: { contents: 'read', pages: 'write', 'id-token': 'write' },
    }],
  },
];

/** The caller workflow's text. */
export function callerText(caller: Caller, prefix: UsesPrefix): string {
  const lines: string[] = [
    '# Dibuat oleh / generated by src/office/callers.ts (node scripts/sync-workflows.mjs); do not edit by hand.',
    ...caller.comment.map((c) => `# ${c}`),
    `name: ${scalar(caller.name)}`,
    ...block('on', caller.on, 0),
    'permissions: {}',
  ];
  if (caller.concurrency) lines.push(...block('concurrency', caller.concurrency, 0));
  lines.push('jobs:');
  for (const job of caller.jobs) {
    lines.push(`  ${job.id}:`);
    if (job.if) lines.push(`    if: ${scalar(job.if)}`);
    if (job.concurrency) lines.push(...block('concurrency', job.concurrency, 4));
    lines.push(...block('permissions', job.permissions, 4));
    lines.push(`    uses: ${usesOf(prefix, job.workflow)}`);
    if (job.with) lines.push(...block('with', job.with, 4));
    if (job.secrets) lines.push(`    secrets: ${job.secrets}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every caller: `{ file, text }` with `file` under .github/workflows/. */
export function callerFiles(prefix: UsesPrefix): { file: string; text: string }[] {
  return CALLERS.map((c) => ({ file: `.github/workflows/${c.file}`, text: callerText(c, prefix) }));
}

/** `owner/name` from package.json's `repository` (a string or `{ url }`, git+https or shorthand). */
export function productSlug(pkg: { repository?: string | { url?: string } }): string {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url ?? '';
  const m = /^(?:git\+)?(?:https:\/\/github\.com\/|git@github\.com:|github:)?([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(url);
  if (!m) throw new Error(`package.json repository is not a GitHub repository: ${JSON.stringify(url)}`);
  return m[1]!;
}

/** The major tag offices follow by default: `v0` for 0.x, `v1` for 1.x. */
export function majorTag(version: string): string {
  const m = /^(\d+)\.\d+\.\d+/.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return `v${m[1]}`;
}

/**
 * The product's slug and a release ref, read from its package.json: the exact version tag
 * (`v0.2.0`, what `subdomain init` writes; Dependabot proposes each new one as a pull request)
 * or the major tag (`v0`, which follows every release of the series with no review).
 */
export function readProductPrefix(ref: 'exact' | 'major' = 'exact'): UsesPrefix {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; repository?: string | { url?: string } };
  return { kind: 'remote', slug: productSlug(pkg), ref: ref === 'major' ? majorTag(pkg.version) : `v${pkg.version}` };
}

// ---- a small YAML writer for the shapes above -----------------------------------------

const KEYWORDS = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;

/**
 * A scalar as YAML: plain when that reads back as the same string (expressions like
 * `github.event_name != 'edited' || …` stay readable), single-quoted otherwise; globs and
 * cron lines are always quoted. In a flow sequence (`[a, b]`) the flow indicators count too.
 */
function scalar(value: Scalar, flow = false): string {
  if (typeof value !== 'string') return String(value);
  const plain = value !== '' && !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(value) && !/: | #|\s$|\*\*/.test(value) && !/:$/.test(value)
    && !KEYWORDS.test(value) && !/^[0-9.+-]/.test(value) && !(flow && /[,[\]{}]/.test(value));
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}

function isScalar(node: Node): node is Scalar {
  return typeof node !== 'object';
}

function block(key: string, node: Node, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (isScalar(node)) return [`${pad}${key}: ${scalar(node)}`];
  if (Array.isArray(node)) {
    const items = node as readonly Node[];
    if (items.every(isScalar)) return [`${pad}${key}: [${items.map((i) => scalar(i as Scalar, true)).join(', ')}]`];
    const out = [`${pad}${key}:`];
    for (const item of items) {
      const inner = isScalar(item) ? [`${pad}  - ${scalar(item)}`] : Object.entries(item as Record<string, Node>).flatMap(([k, v]) => block(k, v, indent + 4));
      if (!isScalar(item)) inner[0] = `${pad}  - ${inner[0]!.trimStart()}`;
      out.push(...inner);
    }
    return out;
  }
  const entries = Object.entries(node as Record<string, Node>);
  if (entries.length === 0) return [`${pad}${key}: {}`];
  return [`${pad}${key}:`, ...entries.flatMap(([k, v]) => block(k, v, indent + 2))];
}
