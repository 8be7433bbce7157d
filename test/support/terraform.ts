// Runs the real `terraform` binary on a provider-less configuration (locals and outputs only),
// offline, in a temporary folder of its own, and returns what `terraform output -json` says.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `terraform` runs from PATH; checked once, without a shell. */
export const hasTerraform: boolean = (() => {
  const result = spawnSync('terraform', ['version', '-json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
    env: terraformEnv(tmpdir()),
  });
  return !result.error && result.status === 0;
})();

/**
 * A minimal environment: no inherited variables beyond PATH (so a `file("/proc/self/environ")`
 * that escaped escaping could show nothing of the test runner's environment), no checkpoint
 * calls, a CLI configuration that forbids installing providers from anywhere but an empty
 * folder, and the data directory inside the run's own folder.
 */
export function terraformEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: dir,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_DATA_DIR: join(dir, '.terraform-data'),
    TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'),
  };
}

export interface TerraformOutput {
  sensitive: boolean;
  type: unknown;
  value: unknown;
}

/**
 * Writes `config` as `main.tf.json` in a fresh folder under the system temp folder, runs
 * `terraform init`, `terraform apply -auto-approve` and `terraform output -json`, and returns the
 * outputs by name. The folder is removed afterwards, whatever happens. A failing command throws
 * with its output.
 */
export function terraformOutputs(config: Record<string, unknown>): Record<string, TerraformOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-literal-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
    // Installing any provider can only look in this empty folder: never the registry.
    writeFileSync(
      join(dir, 'cli.tfrc'),
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(join(dir, 'no-providers'))}\n    include = ["*/*"]\n  }\n}\n`,
    );
    const env = terraformEnv(dir);
    const run = (args: string[]): string => {
      const result = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
      if (result.error) throw result.error;
      if (result.status !== 0) {
        throw new Error(`terraform ${args.join(' ')} exited ${result.status ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
      }
      return result.stdout;
    };
    run(['init', '-input=false', '-no-color']);
    run(['apply', '-auto-approve', '-input=false', '-no-color']);
    return JSON.parse(run(['output', '-json', '-no-color'])) as Record<string, TerraformOutput>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Evaluates a map of Terraform JSON strings (each exactly as it would appear in a `.tf.json`
 * file) in one terraform run, as `local.values`, and returns what Terraform makes of each, by
 * key. `extra` adds further locals (each returned under `extra`) and `variables` declares input
 * variables with defaults, for strings that refer to them. Keys must be plain
 * (`[A-Za-z0-9_/.-]`): JSON object keys are templates too.
 */
export function evaluateStrings(
  strings: Record<string, string>,
  more: { extra?: Record<string, string>; variables?: Record<string, string> } = {},
): { values: Record<string, unknown>; extra: Record<string, unknown> } {
  const extraLocals = more.extra ?? {};
  for (const key of [...Object.keys(strings), ...Object.keys(extraLocals), ...Object.keys(more.variables ?? {})]) {
    if (!/^[A-Za-z0-9_/.-]+$/.test(key)) throw new Error(`unsafe key ${key}`);
  }
  const output: Record<string, { value: string }> = { values: { value: '${local.values}' } };
  for (const name of Object.keys(extraLocals)) output[`extra_${name}`] = { value: `\${local.${name}}` };
  const variable = Object.fromEntries(Object.entries(more.variables ?? {}).map(([name, value]) => [name, { type: 'string', default: value }]));
  const outputs = terraformOutputs({
    ...(Object.keys(variable).length > 0 ? { variable } : {}),
    locals: { values: strings, ...extraLocals },
    output,
  });
  const extra: Record<string, unknown> = {};
  for (const name of Object.keys(extraLocals)) extra[name] = outputs[`extra_${name}`]?.value;
  return { values: (outputs.values?.value ?? {}) as Record<string, unknown>, extra };
}
