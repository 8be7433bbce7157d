import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/register.js';
import { parseLedger } from '../../src/letters/numbering.js';
import { loadFile } from '../../src/repo/load.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { validateChanges, validateTree } from '../../src/validate/validate.js';
import type { RequestHistoryEntry } from '../../src/schema/types.gen.js';
import { captureIo, cleanUp, commitAll, exampleRepo, OFFICE } from './helpers.js';

afterEach(cleanUp);

const LEDGER = 'subdomains/.letter-numbers.json';
const SEHAT = 'subdomains/sehat.bekasikota.go.id.yaml';

async function register(dir: string, head: string, pr: string) {
  const io = captureIo(dir);
  const code = await run(['--pr', pr, '--commit', head], io);
  return { code, io };
}

function outgoing(dir: string, path: string) {
  const loaded = loadFile(new WorkingTree(dir), path, 'register');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return (loaded.value.history.at(-1) as RequestHistoryEntry).outgoing_letter;
}

function ledger(dir: string) {
  const parsed = parseLedger(readFileSync(join(dir, LEDGER), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message.en);
  return parsed.ledger.issued.map((i) => [i.fqdn, i.seq]);
}

describe('outgoing letter numbers given by subdomain register', () => {
  test('numbers each recorded create and update once, from the ledger, never from the pull request', async () => {
    const { dir, head } = exampleRepo();
    const { code } = await register(dir, head, '42');
    expect(code).toBe(0);
    // Requests are recorded in name order: disdik (update) then sehat (create); pasar is deleted and gets none.
    expect(outgoing(dir, 'subdomains/disdik.bekasikota.go.id.yaml')).toEqual({ number: '1/Diskominfostandi/XI/2026', seq: 1 });
    expect(outgoing(dir, SEHAT)).toEqual({ number: '2/Diskominfostandi/XI/2026', seq: 2 });
    expect(ledger(dir)).toEqual([['disdik.bekasikota.go.id', 1], ['sehat.bekasikota.go.id', 2]]);
    expect(readFileSync(join(dir, SEHAT), 'utf8')).toContain('    outgoing_letter:\n      number: 2/Diskominfostandi/XI/2026\n      seq: 2\n');
  });

  test('a number stays taken after its subdomain is deleted and its register file removed', async () => {
    const { dir, head } = exampleRepo();
    expect((await register(dir, head, '42')).code).toBe(0);
    writeFileSync(join(dir, 'requests/sehat.bekasikota.go.id.yaml'), [
      'action: delete',
      'opd: dinkes',
      'letter:',
      '  number: 400.7/1100/Dinkes',
      '  date: "2026-11-20"',
      '  signer: { name: "dr. Ratna Wulandari, M.Kes", nip: "197205031999032004", position: Kepala Dinas Kesehatan Kota Bekasi }',
      'purpose: Layanan dipindahkan ke portal kesehatan provinsi.',
      '',
    ].join('\n'));
    const deleting = commitAll(dir, 'delete sehat');
    expect((await register(dir, deleting, '43')).code).toBe(0);
    expect(existsSync(join(dir, SEHAT))).toBe(false);
    expect(ledger(dir)).toHaveLength(2);

    copyFileSync(join(OFFICE, 'requests/sehat.bekasikota.go.id.yaml'), join(dir, 'requests/sehat.bekasikota.go.id.yaml'));
    const again = commitAll(dir, 'create sehat again');
    expect((await register(dir, again, '44')).code).toBe(0);
    expect(outgoing(dir, SEHAT)).toEqual({ number: '3/Diskominfostandi/XI/2026', seq: 3 });
    expect(ledger(dir)).toEqual([['disdik.bekasikota.go.id', 1], ['sehat.bekasikota.go.id', 2], ['sehat.bekasikota.go.id', 3]]);
  });

  test('a broken ledger stops the register: nothing is written, no number given', async () => {
    const { dir } = exampleRepo();
    writeFileSync(join(dir, LEDGER), '{ "issued": [');
    const head = commitAll(dir, 'broken ledger');
    const { code, io } = await register(dir, head, '42');
    expect(code).toBe(1);
    expect(io.err).toContain('subdomains/.letter-numbers.json:1:1');
    expect(io.err).toContain('register/letter-ledger');
    expect(existsSync(join(dir, SEHAT))).toBe(false);
  });

  test('a lost ledger stops the register while the register holds numbers: numbering never starts again from 1', async () => {
    const { dir, head } = exampleRepo();
    expect((await register(dir, head, '42')).code).toBe(0);
    rmSync(join(dir, LEDGER));
    writeFileSync(join(dir, 'requests/pasar.bekasikota.go.id.yaml'), readFileSync(join(OFFICE, 'requests/sehat.bekasikota.go.id.yaml'), 'utf8').replace('sehat', 'pasar'));
    const lost = commitAll(dir, 'ledger deleted');
    const before = readFileSync(join(dir, SEHAT), 'utf8');
    const { code, io } = await register(dir, lost, '45');
    expect(code).toBe(1);
    expect(io.err).toContain('register/letter-ledger');
    expect(io.err).toContain('Restore this file from the git history');
    expect(existsSync(join(dir, LEDGER))).toBe(false);
    expect(readFileSync(join(dir, SEHAT), 'utf8')).toBe(before);
  });

  test('a pull request deleting the ledger does not pass validate', async () => {
    const { dir, head } = exampleRepo();
    expect((await register(dir, head, '42')).code).toBe(0);
    const numbered = commitAll(dir, 'recorded');
    rmSync(join(dir, LEDGER));
    commitAll(dir, 'ledger deleted');
    const report = validateChanges({ root: dir, today: '2026-11-24' }, numbered);
    expect(report.problems.map((p) => [p.file, p.rule])).toContainEqual([LEDGER, 'register/letter-ledger']);
    expect(report.valid).toBe(false);
  });

  test('a ledger cut short stops the register and fails validate, in the whole tree and in the pull request', async () => {
    const { dir, head } = exampleRepo();
    expect((await register(dir, head, '42')).code).toBe(0);
    const numbered = commitAll(dir, 'recorded');
    writeFileSync(join(dir, LEDGER), '{\n  "issued": []\n}\n');
    writeFileSync(join(dir, 'requests/pasar.bekasikota.go.id.yaml'), readFileSync(join(OFFICE, 'requests/sehat.bekasikota.go.id.yaml'), 'utf8').replace('sehat', 'pasar'));
    const cut = commitAll(dir, 'ledger emptied');
    expect(parseLedger(readFileSync(join(dir, LEDGER), 'utf8')).ok).toBe(true);

    const pull = validateChanges({ root: dir, today: '2026-11-24' }, numbered);
    expect(pull.problems.map((p) => [p.file, p.rule])).toContainEqual([LEDGER, 'register/letter-ledger']);
    const whole = await validateTree(new WorkingTree(dir), '2026-11-24');
    expect(whole.problems.filter((p) => p.rule === 'register/letter-ledger').map((p) => p.message.en)).toEqual([expect.stringContaining('lacks numbers the register already holds (1/Diskominfostandi/XI/2026, 2/Diskominfostandi/XI/2026)')]);

    const before = readFileSync(join(dir, SEHAT), 'utf8');
    const { code, io } = await register(dir, cut, '46');
    expect(code).toBe(1);
    expect(io.err).toContain('register/letter-ledger');
    expect(readFileSync(join(dir, SEHAT), 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'subdomains/pasar.bekasikota.go.id.yaml'))).toBe(false);
  });

  test('validate takes the ledger for no register entry', async () => {
    const { dir, head } = exampleRepo();
    expect((await register(dir, head, '42')).code).toBe(0);
    const report = await validateTree(new WorkingTree(dir), '2026-11-24');
    expect(report.problems.filter((p) => p.file.includes('.letter-numbers'))).toEqual([]);
  });
});
