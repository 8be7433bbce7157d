import fc from 'fast-check';
import { codeCell, inertText, plainText, tableCell } from '../../src/render/markdown.js';

describe('text into Markdown', () => {
  it('never lets HTML, a hidden comment or a line break through', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      for (const out of [inertText(text), tableCell(text), codeCell(text)]) {
        expect(out).not.toMatch(/[<>\r\n]/);
      }
    }));
    expect(tableCell('<!-- subdomain:dns-plan -->')).toBe('&lt;!-- subdomain:dns-plan --&gt;');
  });

  it('keeps a table row whole: every pipe in a cell is escaped', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      expect(tableCell(text).replace(/\\\\/g, '').replace(/\\\|/g, '')).not.toContain('|');
    }));
  });

  it('never makes a link of bracketed text, even after a backslash', () => {
    for (const hostile of ['[Klik di sini](https://slot-gacor.example)', '\\[x](https://e.example)', '![gambar](https://e.example/x.png)']) {
      const cell = tableCell(hostile);
      // Every bracket stands behind an odd number of backslashes: Markdown shows it as text.
      for (const m of cell.matchAll(/(\\*)[[\]]/g)) expect(m[1]!.length % 2).toBe(1);
    }
    expect(plainText('[a](b)')).toBe('\\[a\\](b)');
  });

  it('silences mentions only in text echoed from outside the office', () => {
    expect(inertText('@kadis')).toBe('@\u200bkadis');
    expect(tableCell('@kadis')).toBe('@kadis');
  });

  it('cannot close an inline code span early', () => {
    expect(codeCell('a`b')).toBe("`a'b`");
  });
});
