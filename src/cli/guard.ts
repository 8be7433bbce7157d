import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { guardPlan, PlanFormatError, renderVerdict } from '../dns/plan-guard.js';
import { loadPolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { EXIT, parseOptions, UsageError, type Command } from './io.js';
import { formatProblems } from '../validate/format.js';

export const HELP = `Pemakaian / usage: subdomain guard --plan plan.json [--labels "label1\\nlabel2"] [--label L]…
  [--max-deletes N] [--override-label L]

Menolak rencana Terraform (keluaran \`terraform show -json\`) yang menghapus atau mengganti
catatan DNS melebihi \`limits.max_deletes\` di .github/sop.yaml, kecuali pull request-nya
berlabel \`limits.override_label\`.
Refuses a Terraform plan (\`terraform show -json\` output) that deletes or replaces more DNS
records than \`limits.max_deletes\` in .github/sop.yaml allows, unless the pull request
carries \`limits.override_label\`.

Exit: 0 boleh diterapkan / may apply, 1 ditolak / refused, 2 pemakaian / usage.
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
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
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

function parseLimit(text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`--max-deletes harus bilangan bulat ≥ 0 / must be a whole number ≥ 0: ${text}`);
  return Number(text);
}
