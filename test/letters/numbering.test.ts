import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  documentNumbers, EMPTY_LEDGER, formatNumber, letterNumbering, nextOutgoingLetter, parseLedger, renderLedger, type LetterLedger,
} from '../../src/letters/numbering.js';
import { LETTER_LEDGER_PATH } from '../../src/model/domain.js';
import { parsePolicy } from '../../src/policy/policy.js';
import type { Tree } from '../../src/repo/tree.js';
import type { RequestHistoryEntry } from '../../src/schema/types.gen.js';
import { FIXTURES } from './helpers.js';

const OFFICE = { short: 'Diskominfostandi', letter_number: '555/{seq}/{short}/{month}/{year}' };

/** A tree holding only the given files. */
function treeOf(files: Record<string, string>): Tree {
  return {
    label: 'test',
    kind: (path) => (path in files ? 'file' : 'missing'),
    read: (path) => (path in files ? new TextEncoder().encode(files[path]) : undefined),
    list: () => [],
  } as Tree;
}

function issue(ledger: LetterLedger, fqdn: string, at: string, office = OFFICE) {
  return nextOutgoingLetter(ledger, office, fqdn, at);
}

describe('outgoing letter numbers', () => {
  it('fills {seq} {short} {month} (Roman) {year}; an old {pr} is read as {seq}', () => {
    const parts = { seq: '12', short: 'Dinkominfo', month: 11, year: 2026 };
    expect(formatNumber('555/{seq}/{short}/{month}/{year}', parts)).toBe('555/12/Dinkominfo/XI/2026');
    expect(formatNumber('400.14.1/{pr}/427.53/{year}', parts)).toBe('400.14.1/12/427.53/2026');
    expect(formatNumber('{seq}/{unknown}', parts)).toBe('12/{unknown}');
  });

  it('counts up from the ledger and starts again at 1 in a new year (office time zone)', () => {
    let ledger = EMPTY_LEDGER;
    const numbers: string[] = [];
    for (const [fqdn, at] of [
      ['a.bekasikota.go.id', '2026-11-19T03:00:00Z'],
      ['b.bekasikota.go.id', '2026-12-31T17:30:00Z'], // 00.30 WIB on 1 January 2027
      ['c.bekasikota.go.id', '2026-12-31T10:00:00Z'],
    ] as const) {
      const next = issue(ledger, fqdn, at);
      ledger = next.ledger;
      numbers.push(next.letter.number);
    }
    expect(numbers).toEqual(['555/1/Diskominfostandi/XI/2026', '555/1/Diskominfostandi/I/2027', '555/2/Diskominfostandi/XII/2026']);
    expect(ledger.issued.map((i) => [i.period, i.seq])).toEqual([['2026', 1], ['2027', 1], ['2026', 2]]);
  });

  it('never restarts a template without {year}, so no number comes round again', () => {
    const office = { short: 'Diskominfo', letter_number: '470/{seq}/{short}' };
    const first = issue(EMPTY_LEDGER, 'a.x.go.id', '2026-12-01T03:00:00Z', office);
    const second = issue(first.ledger, 'b.x.go.id', '2027-01-05T03:00:00Z', office);
    expect([first.letter.number, second.letter.number]).toEqual(['470/1/Diskominfo', '470/2/Diskominfo']);
  });

  it('skips a number given before under another template of the same year', () => {
    const ledger: LetterLedger = { issued: [{ number: '555/1/Diskominfostandi/XI/2026', seq: 1, period: '*', fqdn: 'old.x.go.id', applied_at: '2026-11-01T03:00:00Z' }] };
    expect(issue(ledger, 'a.x.go.id', '2026-11-19T03:00:00Z').letter).toEqual({ number: '555/2/Diskominfostandi/XI/2026', seq: 2 });
  });

  it('keeps a number whose subdomain was deleted: the ledger outlives the register file', () => {
    const first = issue(EMPTY_LEDGER, 'gone.bekasikota.go.id', '2026-11-19T03:00:00Z');
    // The register file of gone.bekasikota.go.id is removed; the ledger still holds its number.
    const again = issue(first.ledger, 'gone.bekasikota.go.id', '2026-11-20T03:00:00Z');
    expect(again.letter.seq).toBe(2);
  });

  it('writes and reads back the ledger, one issued number per line', () => {
    const { ledger } = issue(issue(EMPTY_LEDGER, 'a.x.go.id', '2026-11-19T03:00:00Z').ledger, 'b.x.go.id', '2026-11-20T03:00:00Z');
    const text = renderLedger(ledger);
    expect(text.split('\n').filter((l) => l.includes('"number"'))).toHaveLength(2);
    expect(parseLedger(text)).toEqual({ ok: true, ledger });
    expect(renderLedger(EMPTY_LEDGER)).toContain('"issued": []');
    expect(parseLedger('{"issued": [{"number": "1"}]}').ok).toBe(false);
    expect(parseLedger('not json').ok).toBe(false);
  });

  it('leaves the sequence blank for an entry registered before numbering', () => {
    expect(documentNumbers(OFFICE, '2026-11-19T18:30:00Z', undefined)).toEqual({
      letter: '555/....../Diskominfostandi/XI/2026',
      beritaAcara: 'BA/....../Diskominfostandi/XI/2026',
    });
    expect(documentNumbers(OFFICE, '2026-11-19T18:30:00Z', { number: '555/7/Diskominfostandi/XI/2026', seq: 7 })).toEqual({
      letter: '555/7/Diskominfostandi/XI/2026',
      beritaAcara: 'BA/7/Diskominfostandi/XI/2026',
    });
  });
});

describe('the register step numbers what it records (letterNumbering)', () => {
  const entry: RequestHistoryEntry = {
    action: 'create',
    letter: { number: '1/2/3', date: '2026-11-01', signer: { name: 'Nama Pejabat', nip: '197001011995031001', position: 'Kepala Dinas X' } },
    pull_request: 41,
    applied_at: '2026-11-19T03:00:00Z',
    commit: 'abcdef1',
  };

  it('continues the committed ledger and hands back the ledger to write', () => {
    const committed = renderLedger(issue(EMPTY_LEDGER, 'a.bekasikota.go.id', '2026-11-01T03:00:00Z').ledger);
    const numbers = letterNumbering(treeOf({ [LETTER_LEDGER_PATH]: committed }), OFFICE);
    const a = numbers.assign('b.bekasikota.go.id', entry) as RequestHistoryEntry;
    const b = numbers.assign('c.bekasikota.go.id', { ...entry, action: 'update' }) as RequestHistoryEntry;
    expect([a.outgoing_letter, b.outgoing_letter]).toEqual([
      { number: '555/2/Diskominfostandi/XI/2026', seq: 2 },
      { number: '555/3/Diskominfostandi/XI/2026', seq: 3 },
    ]);
    const change = numbers.change()!;
    expect(change.path).toBe('subdomains/.letter-numbers.json');
    const written = parseLedger(change.content);
    expect(written.ok && written.ledger.issued.map((i) => i.fqdn)).toEqual(['a.bekasikota.go.id', 'b.bekasikota.go.id', 'c.bekasikota.go.id']);
    expect(numbers.problems).toEqual([]);
  });

  it('gives nothing and writes nothing when no letter is due', () => {
    const numbers = letterNumbering(treeOf({}), OFFICE);
    expect(numbers.change()).toBeUndefined();
  });

  it('refuses to number from a broken ledger', () => {
    const numbers = letterNumbering(treeOf({ [LETTER_LEDGER_PATH]: '{ "issued": [ ' }), OFFICE);
    expect(numbers.assign('b.bekasikota.go.id', entry)).toEqual(entry);
    expect(numbers.problems.map((p) => [p.file, p.rule])).toEqual([['subdomains/.letter-numbers.json', 'register/letter-ledger']]);
    expect(numbers.change()).toBeUndefined();
  });
});

describe('number templates in the policy', () => {
  const policyWith = (line: string) => {
    const text = readFileSync(join(FIXTURES, 'bekasi/.github/sop.yaml'), 'utf8').replace('  letter_number: 555/{seq}/{short}/{month}/{year}\n', line);
    return parsePolicy('.github/sop.yaml', Buffer.from(text));
  };

  it('warns that {pr} is now the running number, at the line of the template', () => {
    const result = policyWith('  letter_number: 555/{pr}/{short}/{month}/{year}\n');
    expect(result.ok).toBe(true);
    const warning = result.ok ? result.warnings.find((w) => w.rule === 'policy/letter-number-pr') : undefined;
    expect(warning).toMatchObject({ severity: 'warning', line: 24 });
    expect(warning!.message.en).toContain('Replace {pr} with {seq}');
  });

  it('refuses a template without {seq} and an unknown placeholder', () => {
    const noSeq = policyWith('  letter_number: 555/{short}/{year}\n');
    expect(noSeq.ok).toBe(false);
    expect(!noSeq.ok && noSeq.problems.map((p) => p.rule)).toEqual(['policy/letter-number-seq']);
    const unknown = policyWith('  letter_number: 555/{seq}/{nomor}\n');
    expect(!unknown.ok && unknown.problems.map((p) => p.rule)).toEqual(['policy/letter-number-placeholder']);
  });
});
