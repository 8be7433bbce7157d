import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../src/policy/policy.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';

/** Bekasi preset with `watch: { …, incident_role: pelaksana, escalate_to: kasi_pengembangan }`. */
const OFFICE = join(import.meta.dirname, '..', 'watch', 'fixtures', 'reconfirm', 'office');
const POLICY = readFileSync(join(OFFICE, '.github/sop.yaml'), 'utf8');
const parse = (text: string) => parsePolicy('.github/sop.yaml', new TextEncoder().encode(text));
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

afterAll(cleanupTemps);

describe('policy/unknown-role: the watch names roles of the policy', () => {
  test('incident_role and escalate_to naming roles of the preset pass', () => {
    expect(parse(POLICY)).toMatchObject({ ok: true });
  });

  test('an incident_role the policy does not define is reported at its line', () => {
    const text = POLICY.replace('incident_role: pelaksana', 'incident_role: pelaksanaa');
    const result = parse(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([expect.objectContaining({ file: '.github/sop.yaml', rule: 'policy/unknown-role', line: lineOf(text, 'incident_role:'), severity: 'error' })]);
    expect(result.problems[0]!.message).toEqual({
      id: '`watch.incident_role` menyebut peran `pelaksanaa` yang tidak ada di `roles`.',
      en: '`watch.incident_role` names role `pelaksanaa`, which `roles` does not define.',
    });
  });

  test('an escalate_to the policy does not define, even one every object has (`constructor`)', () => {
    for (const role of ['kepala_bidang', 'constructor']) {
      const text = POLICY.replace('escalate_to: kasi_pengembangan', `escalate_to: ${role}`);
      const result = parse(text);
      expect(result.ok === false && result.problems.map((p) => [p.rule, p.line])).toEqual([['policy/unknown-role', lineOf(text, 'escalate_to:')]]);
    }
  });

  test('a watch without roles, or no watch at all, needs none', () => {
    expect(parse(POLICY.replace(/  incident_role: .*\n  escalate_to: .*\n/, ''))).toMatchObject({ ok: true });
    expect(parse(POLICY.replace(/watch:\n(?: {2}.*\n)+/, ''))).toMatchObject({ ok: true });
  });

  test('validate exits 2 on such a policy, pointing at the line', async () => {
    const root = tempCopy(OFFICE);
    writeFile(root, '.github/sop.yaml', POLICY.replace('incident_role: pelaksana', 'incident_role: operator'));
    const result = await runCli(root, ['validate', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).problems).toMatchObject([{ file: '.github/sop.yaml', rule: 'policy/unknown-role', line: lineOf(POLICY, 'incident_role:') }]);
  });
});
