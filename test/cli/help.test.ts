import { usage } from '../../src/cli/main.js';
import { runCli } from '../helpers/run-cli.js';

const commands = usage().split('\n').filter((l) => /^ {2}\w/.test(l)).map((l) => l.trim().split(/\s+/)[0]!);

describe('subdomain --help', () => {
  it('lists every command', () => {
    expect(commands).toEqual(expect.arrayContaining(['validate', 'new', 'approvals', 'synth', 'plan', 'register', 'guard', 'intake', 'letter', 'site', 'report', 'pace']));
  });

  it.each(commands.filter((c) => c !== 'demo'))('%s --help prints its usage and exits 0', async (command) => {
    const result = await runCli(process.cwd(), [command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/usage: subdomain/i);
  });

  it('an unknown command prints the list and exits 2', async () => {
    const result = await runCli(process.cwd(), ['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('validate');
  });
});
