import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planImport } from '../../src/adopt/import.js';
import { synthesize } from '../../src/dns/synth.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { loadFile, parseFile } from '../../src/repo/load.js';
import { GitTree, WorkingTree } from '../../src/repo/tree.js';
import {
  entryTime, isChangeEntry, isConfirmEntry, isImportEntry, isRequestEntry, lastChange, lastConfirmed, lastRequestEntry, pendingImport, pendingImportIndex, requestHistory,
} from '../../src/register/history.js';
import { planRegister } from '../../src/register/register.js';
import { renderRegisterEntry } from '../../src/register/render.js';
import { writeChanges } from '../../src/register/write.js';
import type { ConfirmHistoryEntry, RegisterEntry } from '../../src/schema/types.gen.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempGitRepo } from '../helpers/temp-repo.js';
import { OFFICE } from './helpers.js';

const ZONE = 'bekasikota.go.id';
const PAJAK = 'subdomains/pajak.bekasikota.go.id.yaml';
const outs: string[] = [];
afterAll(() => {
  cleanupTemps();
  for (const out of outs) rmSync(out, { recursive: true, force: true });
});

const CONFIRM: ConfirmHistoryEntry = { action: 'confirm', by: 'staf-bapenda', at: '2027-01-05T02:00:00Z', issue: 51, comment: 880002 };

function entryOf(path: string): RegisterEntry {
  const loaded = parseFile(path, readFileSync(join(OFFICE, path)), 'register');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

describe('history entries of three kinds', () => {
  const pajak = entryOf(PAJAK);
  const confirmed: RegisterEntry = { ...pajak, history: [...pajak.history, CONFIRM] };

  test('a confirm entry is neither a request nor an import nor a change', () => {
    expect([isRequestEntry(CONFIRM), isImportEntry(CONFIRM), isChangeEntry(CONFIRM), isConfirmEntry(CONFIRM)]).toEqual([false, false, false, true]);
    expect(requestHistory(confirmed)).toEqual(requestHistory(pajak));
    expect(lastRequestEntry(confirmed)).toEqual(lastRequestEntry(pajak));
    expect(lastChange(confirmed)).toEqual(pajak.history.at(-1));
    expect(entryTime(CONFIRM)).toBe('2027-01-05T02:00:00Z');
  });

  test('lastConfirmed: the newest confirmation, else the newest request or import', () => {
    expect(lastConfirmed(pajak)).toBe(entryTime(pajak.history.at(-1)!));
    expect(lastConfirmed(confirmed)).toBe('2027-01-05T02:00:00Z');
  });

  test('a confirm entry renders after the request in schema order, and reads back', () => {
    const text = renderRegisterEntry({ ...confirmed, history: [...pajak.history, { note: 'Masih dipakai.\nPJ tetap.', comment: 880002, issue: 51, at: CONFIRM.at, by: CONFIRM.by, action: 'confirm' }] });
    expect(text.endsWith('  - action: confirm\n    by: staf-bapenda\n    at: "2027-01-05T02:00:00Z"\n    issue: 51\n    comment: 880002\n    note: |-\n      Masih dipakai.\n      PJ tetap.\n')).toBe(true);
    expect(parseFile(PAJAK, new TextEncoder().encode(text), 'register').ok).toBe(true);
  });

  test('the register schema refuses a confirm entry without who or when, or with a login that is no GitHub login', () => {
    const bad = (h: Record<string, unknown>) => parseFile(PAJAK, new TextEncoder().encode(renderRegisterEntry({ ...pajak, history: [...pajak.history, h as unknown as ConfirmHistoryEntry] })), 'register').ok;
    expect(bad({ action: 'confirm', by: 'staf-bapenda' })).toBe(false);
    expect(bad({ action: 'confirm', at: CONFIRM.at })).toBe(false);
    expect(bad({ action: 'confirm', by: 'a b', at: CONFIRM.at })).toBe(false);
    expect(bad({ action: 'confirm', by: 'x', at: CONFIRM.at, note: '' })).toBe(false);
    expect(bad({ action: 'confirm', by: 'x', at: CONFIRM.at, letter: pajak.history[0] })).toBe(false);
  });

  test('the Mutu Baku report passes over confirmations, and the register still validates', async () => {
    const dir = tempGitRepo(OFFICE);
    const before = await runCli(dir, ['report', '--format', 'json']);
    writeChanges(dir, [{ path: PAJAK, content: renderRegisterEntry(confirmed) }]);
    const after = await runCli(dir, ['report', '--format', 'json']);
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    expect((await runCli(dir, ['validate'])).code).toBe(0);
  });
});

describe('a pending import confirmed before its first apply', () => {
  /** An office repository with a merged import of one live record, then a confirmation of it, committed on main. */
  function importedThenConfirmed(): { dir: string; head: string; path: string } {
    const dir = tempGitRepo(OFFICE);
    const tree = new WorkingTree(dir);
    const loaded = loadPolicy(tree);
    if (!loaded.ok) throw new Error('policy');
    const plan = planImport({
      zone: loaded.policy.zones[0]!, policy: loaded.policy, owners: new Map([['arsip', 'dinkes']]), infrastructure: [], known: () => false,
      records: [{ id: '0'.repeat(31) + '4', name: `arsip.${ZONE}`, type: 'CNAME', content: 'arsip-bekasi.netlify.app', ttl: 300 }],
      meta: { source: 'cloudflare', at: '2026-12-01T03:00:00Z', by: 'admin-server' },
    });
    const path = `subdomains/arsip.${ZONE}.yaml`;
    writeChanges(dir, plan.entries.map((e) => ({ path: e.path, content: e.content })));
    const entry = loadFile(new WorkingTree(dir), path, 'register');
    if (!entry.ok) throw new Error(JSON.stringify(entry.problems));
    writeChanges(dir, [{ path, content: renderRegisterEntry({ ...entry.value, history: [...entry.value.history, { ...CONFIRM, by: 'staf-dinkes' }] }) }]);
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '-qm', 'import, then confirm');
    return { dir, head: gitIn(dir, 'rev-parse', 'HEAD').trim(), path };
  }

  test('is still pending: synthesis keeps its import block', async () => {
    const { dir, path } = importedThenConfirmed();
    const entry = loadFile(new WorkingTree(dir), path, 'register');
    if (!entry.ok) throw new Error('entry');
    expect(pendingImport(entry.value)).toMatchObject({ action: 'import' });
    expect(pendingImportIndex(entry.value)).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'confirm-synth-'));
    outs.push(out);
    const result = await synthesize(new WorkingTree(dir), { out: join(out, 'cdktf.out'), cwd: dir });
    expect(result.ok).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'cdktf.out/stacks/bekasikota-go-id/cdk.tf.json'), 'utf8')) as { import?: unknown[] };
    expect(json.import).toHaveLength(1);
  });

  test('the register run completes the import in its place and keeps the confirmation after it', () => {
    const { dir, head, path } = importedThenConfirmed();
    const tree = new WorkingTree(dir);
    const loaded = loadPolicy(tree);
    if (!loaded.ok) throw new Error('policy');
    const registered = planRegister(tree, loaded.policy, { pullRequest: 41, commit: head, appliedAt: '2026-12-02T01:00:00Z' }, { applied: new GitTree(dir, head) });
    expect(registered.problems).toEqual([]);
    writeChanges(dir, registered.changes);
    const entry = loadFile(new WorkingTree(dir), path, 'register');
    if (!entry.ok) throw new Error('entry');
    expect(entry.value.history.map((h) => h.action)).toEqual(['import', 'confirm']);
    expect(entry.value.history[0]).toMatchObject({ pull_request: 41, applied_at: '2026-12-02T01:00:00Z', commit: head });
    expect(pendingImport(entry.value)).toBeUndefined();
  });

  test('letters: still an adopted entry with no request letter', async () => {
    const { dir } = importedThenConfirmed();
    const result = await runCli(dir, ['letter', `arsip.${ZONE}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('diambil alih dari zona, tanpa surat permohonan');
  });
});
