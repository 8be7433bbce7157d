import fc from 'fast-check';
import { parseCommand } from '../../src/steps/command.js';

describe('parseCommand: the /langkah command in a comment', () => {
  test('Indonesian keyword with a step id', () => {
    expect(parseCommand('/langkah penyerahan')).toEqual({ kind: 'command', keyword: 'langkah', step: 'penyerahan' });
  });

  test('English keyword, any letter case, step id lowered', () => {
    expect(parseCommand('/STEP Penyerahan')).toEqual({ kind: 'command', keyword: 'step', step: 'penyerahan' });
  });

  test('a note on the same line and the lines after it', () => {
    expect(parseCommand('/langkah penyerahan Berita Acara sudah ditandatangani.\r\nDiserahkan ke Dinkes.\n')).toEqual({
      kind: 'command',
      keyword: 'langkah',
      step: 'penyerahan',
      note: 'Berita Acara sudah ditandatangani.\nDiserahkan ke Dinkes.',
    });
  });

  test('blank lines before the command and up to three spaces of indentation are fine', () => {
    expect(parseCommand('\n\n   /langkah 5')).toMatchObject({ kind: 'command', step: '5' });
  });

  test('a comment that does not start with the command is no command', () => {
    for (const body of ['Terima kasih, sudah saya serahkan.\n/langkah penyerahan', '> /langkah penyerahan', '```\n/langkah penyerahan\n```', '    /langkah penyerahan', 'langkah penyerahan', '/langkahpenyerahan', '/steps penyerahan', '', '   \n\t\n']) {
      expect(parseCommand(body)).toEqual({ kind: 'none' });
    }
    expect(parseCommand(null)).toEqual({ kind: 'none' });
    expect(parseCommand(undefined)).toEqual({ kind: 'none' });
  });

  test('the command without a step id is invalid, with the usage', () => {
    const parsed = parseCommand('/langkah   ');
    expect(parsed).toMatchObject({ kind: 'invalid', keyword: 'langkah' });
    expect(parsed.kind === 'invalid' && parsed.reason.en).toContain('/step <step-id>');
  });

  describe('hostile bodies', () => {
    test('shell and Markdown in the step id are refused, never echoed', () => {
      for (const token of ['$(rm -rf /)', '`id`', 'penyerahan;reboot', '../../etc/passwd', '<script>', '@everyone', '_x', 'a'.repeat(64), 'penyerahan|x']) {
        const parsed = parseCommand(`/langkah ${token}`);
        expect(parsed.kind).toBe('invalid');
        expect(parsed.kind === 'invalid' && `${parsed.reason.id} ${parsed.reason.en}`).not.toContain(token);
      }
    });

    test('a step id like __proto__ parses as a plain token (the policy lookup finds no such step)', () => {
      expect(parseCommand('/step __proto__')).toEqual({ kind: 'invalid', keyword: 'step', reason: expect.anything() });
      expect(parseCommand('/step constructor')).toMatchObject({ kind: 'command', step: 'constructor' });
    });

    test('invisible characters neither make nor hide a command', () => {
      expect(parseCommand('\ufeff/langkah penyerahan')).toMatchObject({ kind: 'command', step: 'penyerahan' });
      expect(parseCommand('\u200b\n/langkah penyerahan')).toMatchObject({ kind: 'command', step: 'penyerahan' });
      expect(parseCommand('/lang\u200bkah penyerahan')).toEqual({ kind: 'none' });
      expect(parseCommand('\uff0flangkah penyerahan')).toEqual({ kind: 'none' });
      expect(parseCommand('/langkah pen\u200byerahan')).toMatchObject({ kind: 'invalid' });
    });

    test('control and bidi characters are dropped from the note; the note is capped', () => {
      const parsed = parseCommand(`/langkah penyerahan ok\u0000\u001b[31m\u202eevil\n${'x'.repeat(5000)}`);
      expect(parsed.kind === 'command' && parsed.note).toMatch(/^ok\[31mevil\nx+$/);
      expect(parsed.kind === 'command' && parsed.note!.length).toBe(1000);
    });

    test('a huge body is read only as far as GitHub allows', () => {
      expect(parseCommand(`/step penyerahan ${'a '.repeat(500_000)}`)).toMatchObject({ kind: 'command', step: 'penyerahan' });
      expect(parseCommand(`${'\n'.repeat(100_000)}/step penyerahan`)).toEqual({ kind: 'none' });
    });

    test('any text at all gives one of the three answers, and a command only with a plain step id', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (body) => {
          const parsed = parseCommand(body);
          expect(['none', 'command', 'invalid']).toContain(parsed.kind);
          if (parsed.kind === 'command') expect(parsed.step).toMatch(/^[a-z0-9][a-z0-9_-]{0,62}$/);
        }),
      );
      fc.assert(
        fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/), fc.string({ maxLength: 50 }), (step, note) => {
          const parsed = parseCommand(`/langkah ${step} ${note.replace(/[\r\n]/g, ' ')}`);
          expect(parsed).toMatchObject({ kind: 'command', step });
        }),
      );
    });
  });
});
