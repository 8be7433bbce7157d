import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { holds } from '../approvals/roles.js';
import { guardPlan, labelAddedBy, PlanFormatError, renderVerdict, type LabelEvent } from '../dns/plan-guard.js';
import { msg } from '../model/problem.js';
import { loadPolicy, MAINTAINERS_ROLE } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { type Command, EXIT, idOption, parseOptions, repoOption, UsageError } from './io.js';
import { formatProblems } from '../validate/format.js';

export const HELP = `Pemakaian / usage: subdomain guard --plan plan.json [--labels "label1\\nlabel2"] [--label L]…
  [--max-deletes N] [--override-label L]
       subdomain guard --override-of N --repo OWNER/NAME

Menolak rencana Terraform (keluaran \`terraform show -json\`) yang menghapus atau mengganti
catatan DNS melebihi \`limits.max_deletes\` di .github/sop.yaml, kecuali pull request-nya
berlabel \`limits.override_label\`.
Refuses a Terraform plan (\`terraform show -json\` output) that deletes or replaces more DNS
records than \`limits.max_deletes\` in .github/sop.yaml allows, unless the pull request
carries \`limits.override_label\`.

--override-of N mencetak label izin bila pull request N memakainya dan yang terakhir memasangnya
(linimasa) memegang peran maintainers; bila tidak, tidak mencetak apa pun (GITHUB_TOKEN: token yang
dapat membaca keanggotaan tim). Prints the override label when pull request N carries it and the
person who last added it (timeline) holds the maintainers role; otherwise prints nothing.

Exit: 0 boleh diterapkan / may apply, 1 ditolak / refused, 2 pemakaian atau API gagal / usage or API failure.
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      plan: { type: 'string' },
      labels: { type: 'string' },
      label: { type: 'string', multiple: true },
      'max-deletes': { type: 'string' },
      'override-label': { type: 'string' },
      'override-of': { type: 'string' },
      repo: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
  if (values['override-of'] !== undefined) return overrideOf(values['override-of'], values.repo, io);
  if (!values.plan) throw new UsageError(`--plan wajib / --plan is required.\n\n${HELP}`);

  let maxDeletes: number;
  let overrideLabel: string;
  if (values['max-deletes'] !== undefined && values['override-label'] !== undefined) {
    maxDeletes = parseLimit(values['max-deletes']);
    overrideLabel = values['override-label'];
  } else {
    const policy = loadPolicy(new WorkingTree(io.cwd));
    if (!policy.ok) {
      io.stderr(formatProblems(policy.problems));
      return EXIT.problems;
    }
    maxDeletes = values['max-deletes'] !== undefined ? parseLimit(values['max-deletes']) : policy.policy.limits.max_deletes;
    overrideLabel = values['override-label'] ?? policy.policy.limits.override_label;
  }

  const labels = [...(values.labels ?? '').split(/\r?\n/), ...(values.label ?? [])].map((l) => l.trim()).filter((l) => l !== '');

  let plan: unknown;
  const planPath = resolve(io.cwd, values.plan);
  try {
    plan = JSON.parse(readFileSync(planPath, 'utf8'));
  } catch (error) {
    io.stderr(`${values.plan}: rencana tidak dapat dibaca sebagai JSON / the plan cannot be read as JSON (${error instanceof Error ? error.message : String(error)})\n`);
    return EXIT.problems;
  }
  try {
    const verdict = guardPlan(plan, { maxDeletes, overrideLabel }, labels);
    (verdict.ok ? io.stdout : io.stderr)(renderVerdict(verdict));
    return verdict.ok ? EXIT.ok : EXIT.problems;
  } catch (error) {
    if (error instanceof PlanFormatError) {
      io.stderr(`${values.plan}: ${error.detail.id}\n${values.plan}: ${error.detail.en}\n`);
      return EXIT.problems;
    }
    throw error;
  }
};

/** Prints the policy's override label when a maintainer put it on the pull request (see labelAddedBy). */
async function overrideOf(pr: string, repo: string | undefined, io: Parameters<Command>[1]): Promise<number> {
  const number = idOption(pr, '--override-of', 'pr', HELP);
  const slug = repoOption(repo, HELP, io.env.GITHUB_REPOSITORY);
  const policy = loadPolicy(new WorkingTree(io.cwd));
  if (!policy.ok) {
    io.stderr(formatProblems(policy.problems));
    return EXIT.usage;
  }
  const label = policy.policy.limits.override_label;
  const maintainers = policy.policy.roles[MAINTAINERS_ROLE];
  const [{ ApiFailure, apiFailure, createGitHub, gitHubOptionsFromEnv }, { readMemberships }] = await Promise.all([import('../github/client.js'), import('../github/comment-commands.js')]);
  const gh = createGitHub(gitHubOptionsFromEnv(io.env));
  try {
    const events = await gh.octokit
      .paginate(gh.octokit.rest.issues.listEventsForTimeline, { ...slug, issue_number: number, per_page: 100 })
      .catch((error: unknown) => { throw apiFailure(error, msg(`Membaca linimasa #${pr}`, `Reading the timeline of #${pr}`)); });
    const by = labelAddedBy(events as LabelEvent[], label);
    if (!by) {
      io.stderr(`#${pr} tidak berlabel ${label} / does not carry ${label}.\n`);
      return EXIT.ok;
    }
    const memberships = await readMemberships(gh, by, maintainers?.teams ?? []);
    if (!holds(by, maintainers, memberships)) {
      io.stderr(`Label ${label} pada #${pr} dipasang oleh @${by}, yang tidak memegang peran ${MAINTAINERS_ROLE}: tidak berlaku. / Label ${label} on #${pr} was added by @${by}, who does not hold the ${MAINTAINERS_ROLE} role: it does not count.\n`);
      return EXIT.ok;
    }
    io.stderr(`Label ${label} pada #${pr} dipasang oleh pengelola @${by}. / Label ${label} on #${pr} was added by the maintainer @${by}.\n`);
    io.stdout(`${label}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    io.stderr(`Gagal / failed: ${error.detail.id}\n  ${error.detail.en}\n`);
    return EXIT.usage;
  }
}

function parseLimit(text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`--max-deletes harus bilangan bulat ≥ 0 / must be a whole number ≥ 0: ${text}`);
  return Number(text);
}
