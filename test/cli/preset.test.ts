import { tmpdir } from 'node:os';
import { presets } from '../../src/policy/presets/index.js';
import { renderRuleTable } from '../../src/rules/catalogue.js';
import { runCli } from '../helpers/run-cli.js';

describe('subdomain preset', () => {
  it('lists the five seed presets with their offices', async () => {
    const result = await runCli(tmpdir(), ['preset']);
    expect(result.code).toBe(0);
    for (const [name, preset] of Object.entries(presets)) expect(result.stdout).toContain(`${name.padEnd(11)} ${preset!.office}`);
  });

  it.each(Object.keys(presets))('%s: every step with its SOP row, roles and Mutu Baku, and every role key with its title', async (name) => {
    const preset = presets[name as keyof typeof presets]!;
    const result = await runCli(tmpdir(), ['preset', name]);
    expect(result.code).toBe(0);
    for (const step of preset.steps) {
      const row = result.stdout.split('\n').find((l) => new RegExp(`^\\S+ +${step.id} `).test(l))!;
      expect(row).toContain(step.roles.join(' | '));
      expect(row).toContain(step.kind === 'after_merge' ? 'after merge' : 'before merge');
      if (step.standard) expect(row).toContain(step.standard);
    }
    for (const [key, role] of Object.entries(preset.roles)) expect(result.stdout).toMatch(new RegExp(`^  ${key} +${role.title.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
    expect(JSON.parse((await runCli(tmpdir(), ['preset', name, '--format', 'json'])).stdout).steps).toEqual(preset.steps);
  });

  it('refuses an unknown preset with the list of names, exit 2', async () => {
    const result = await runCli(tmpdir(), ['preset', 'jakarta']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bekasi, singkawang, balangan, lumajang, demak');
  });
});

describe('subdomain rules', () => {
  it('prints the rule table the README holds', async () => {
    const result = await runCli(tmpdir(), ['rules']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${renderRuleTable()}\n`);
  });
});
