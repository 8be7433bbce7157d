import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../src/policy/policy.js';
import { presets } from '../../src/policy/presets/index.js';

/** A Bekasi-preset office (its SOP has no letter-receiving step). */
const POLICY = readFileSync(join(import.meta.dirname, '..', 'watch', 'fixtures', 'reconfirm', 'office', '.github/sop.yaml'), 'utf8');
const parse = (text: string) => parsePolicy('.github/sop.yaml', new TextEncoder().encode(text));
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const withSecretariat = POLICY.replace('  maintainers:\n', '  sekretariat:\n    title: Sekretariat (surat masuk)\n    users: [sekre-bekasi]\n  maintainers:\n') + 'intake:\n  role: sekretariat\n';

describe('intake: who files the letters the office receives', () => {
  test('the presets whose SOP has a letter-receiving step name it, with the role that takes it', () => {
    expect(presets.singkawang!.intake).toEqual({ role: 'tu', step: 'penerimaan_tu' });
    expect(presets.demak!.intake).toEqual({ role: 'pranata', step: 'penerimaan_mipp' });
    expect(presets.bekasi!.intake).toBeUndefined();
  });

  test('an office may name its own secretariat as the registrar beside a preset’s roles', () => {
    const result = parse(withSecretariat);
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && result.policy.intake).toEqual({ role: 'sekretariat' });
  });

  test('an intake role the policy does not define is reported at its line', () => {
    const text = withSecretariat.replace('  role: sekretariat', '  role: sekretaris');
    const result = parse(text);
    // `sekretariat` is now a role neither the preset nor the intake names: reported too.
    expect(result.ok === false && result.problems.map((p) => [p.rule, p.line])).toEqual([
      ['policy/preset-role-unknown', lineOf(text, 'sekretariat:')],
      ['policy/unknown-role', lineOf(text, 'role: sekretaris')],
    ]);
  });

  test('the registrar’s act can only fill the first step, and only one their role takes', () => {
    const text = `${withSecretariat}  step: disposisi_kadis\n`;
    const result = parse(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.rule, p.line])).toEqual([['policy/intake-step', lineOf(text, 'step: disposisi_kadis')]]);
    expect(result.problems[0]!.message.en).toContain('taken by role `sekretariat`');
  });
});
