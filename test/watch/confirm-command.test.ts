import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../src/policy/policy.js';
import { parseFile } from '../../src/repo/load.js';
import { decideConfirm, parseConfirmCommand, renderConfirmReply } from '../../src/watch/confirm.js';

const OFFICE = join(import.meta.dirname, 'fixtures', 'reconfirm', 'office');

describe('parseConfirmCommand: /konfirmasi in a comment', () => {
  test('Indonesian and English keywords, any letter case, with or without a note', () => {
    expect(parseConfirmCommand('/konfirmasi')).toEqual({ kind: 'command', keyword: 'konfirmasi' });
    expect(parseConfirmCommand('/CONFIRM still in use')).toEqual({ kind: 'command', keyword: 'confirm', note: 'still in use' });
    expect(parseConfirmCommand('\n\n  /Konfirmasi Masih dipakai.\r\nPenanggung jawab: Bidang Yankes.\n\n')).toEqual({
      kind: 'command',
      keyword: 'konfirmasi',
      note: 'Masih dipakai.\nPenanggung jawab: Bidang Yankes.',
    });
  });

  test('quoted, indented as code, fenced, later in the comment, or a longer word: no command', () => {
    for (const body of [
      '> /konfirmasi', '>/konfirmasi', '    /konfirmasi', '```\n/konfirmasi\n```', 'Terima kasih.\n/konfirmasi', 'konfirmasi',
      '/konfirmasikan', '/konfirmasi-ulang', '/confirmed', '/ konfirmasi', '', ' \n\t\n',
    ]) expect(parseConfirmCommand(body)).toEqual({ kind: 'none' });
    expect(parseConfirmCommand(null)).toEqual({ kind: 'none' });
    expect(parseConfirmCommand(undefined)).toEqual({ kind: 'none' });
  });

  test('the /langkah command is not a confirmation, nor the other way round', () => {
    expect(parseConfirmCommand('/langkah penyerahan')).toEqual({ kind: 'none' });
  });

  test('control and invisible characters are dropped from the note; a leading BOM or zero-width space hides nothing', () => {
    expect(parseConfirmCommand('\ufeff\u200b/konfirmasi ok\u0000\u202e\u0007 lanjut')).toEqual({ kind: 'command', keyword: 'konfirmasi', note: 'ok lanjut' });
    expect(parseConfirmCommand('/konfirmasi \u200b\u2060')).toEqual({ kind: 'command', keyword: 'konfirmasi' });
  });

  test('template sequences in the note are broken up; the note is cut at 1,000 characters', () => {
    expect(parseConfirmCommand('/konfirmasi ${var.token} %{if x}')).toMatchObject({ note: '$ {var.token} % {if x}' });
    const long = parseConfirmCommand(`/konfirmasi ${'a'.repeat(5000)}`);
    expect(long.kind === 'command' && long.note!.length).toBe(1000);
  });

  test('a body over GitHub’s 65,536 characters is read only that far', () => {
    expect(parseConfirmCommand(`${'\n'.repeat(70_000)}/konfirmasi`)).toEqual({ kind: 'none' });
  });

  test('any text: never throws, and a note never holds a control character or a template sequence', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      const parsed = parseConfirmCommand(`/konfirmasi ${text}`);
      expect(parsed.kind).toBe('command');
      // eslint-disable-next-line no-control-regex
      if (parsed.kind === 'command' && parsed.note !== undefined) expect(parsed.note).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[$%]\{/);
    }));
  });
});

describe('decideConfirm', () => {
  const policyResult = parsePolicy('.github/sop.yaml', readFileSync(join(OFFICE, '.github/sop.yaml')));
  if (!policyResult.ok) throw new Error(JSON.stringify(policyResult.problems));
  const policy = policyResult.policy;
  const loaded = parseFile('subdomains/sehat.bekasikota.go.id.yaml', readFileSync(join(OFFICE, 'subdomains/sehat.bekasikota.go.id.yaml')), 'register');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const entry = loaded.value;
  const claim = { fqdn: 'sehat.bekasikota.go.id', by: 'staf-dinkes', at: '2026-11-20T02:30:00Z', issue: 41, comment: 9001, memberships: {} };

  test('a listed user of the OPD (any letter case) gets a confirm entry', () => {
    expect(decideConfirm(policy, entry, { ...claim, by: 'Staf-Dinkes', note: 'ok' })).toEqual({
      outcome: 'record',
      confirmation: { action: 'confirm', by: 'Staf-Dinkes', at: '2026-11-20T02:30:00Z', issue: 41, comment: 9001, note: 'ok' },
    });
  });

  test('an active member of the OPD’s team is a member; a pending one is not', () => {
    expect(decideConfirm(policy, entry, { ...claim, by: 'tim', memberships: { 'pemkot-bekasi/dinkes': { tim: 'active' } } }).outcome).toBe('record');
    expect(decideConfirm(policy, entry, { ...claim, by: 'tim', memberships: { 'pemkot-bekasi/dinkes': { tim: 'pending' } } }).outcome).toBe('refuse');
  });

  test('an official of the office who is not in the OPD is refused', () => {
    const decision = decideConfirm(policy, entry, { ...claim, by: 'kadis-bekasi' });
    expect(decision).toMatchObject({ outcome: 'refuse' });
    expect(decision.outcome === 'refuse' && decision.reasons[0]!.id).toMatch(/^Mohon maaf, @kadis-bekasi tidak tercatat sebagai anggota Dinas Kesehatan/);
  });

  test('an OPD the policy no longer has: refused, the maintainers named', () => {
    const decision = decideConfirm(policy, { ...entry, opd: 'dinsos' }, claim);
    expect(decision.outcome === 'refuse' && decision.reasons[0]!.en).toContain('The repository maintainers need to set its OPD first');
  });

  test('the same comment recorded already: nothing new', () => {
    const recorded = { action: 'confirm' as const, by: 'staf-dinkes', at: '2026-11-20T02:30:00Z', issue: 41, comment: 9001 };
    expect(decideConfirm(policy, { ...entry, history: [...entry.history, recorded] }, claim)).toEqual({ outcome: 'already', confirmation: recorded });
  });

  test('a refusal reply holds the reasons in both languages and nothing of the comment', () => {
    const text = renderConfirmReply(policy, { kind: 'refused', reasons: [{ id: 'Alasan.', en: 'Reason.' }] });
    expect(text).toBe('<!-- subdomain:reconfirm-reply -->\n⛔ **Konfirmasi tidak dicatat / confirmation not recorded**\n\n- Alasan.\n  <br>_Reason._\n');
  });
});
