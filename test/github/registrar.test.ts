import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ApprovalJson } from '../../src/approvals/render.js';
import { run as register } from '../../src/cli/register.js';
import { loadFile } from '../../src/repo/load.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { lastRequestEntry } from '../../src/register/history.js';
import { captureIo } from '../register/helpers.js';
import { approvals } from './support/cli.js';
import { FakeGitHub } from './support/fake-github.js';
import { baseDir, startFake } from './support/setup.js';

const REQUEST = 'requests/surat.singkawangkota.go.id.yaml';
let fake: FakeGitHub | undefined;
const dirs: string[] = [];
afterEach(async () => {
  if (fake) {
    expect(fake.invalid).toEqual([]);
    await fake.close();
    fake = undefined;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8').trim();

/** The Singkawang office as merged: its policy and register, plus the TU's request, committed. */
function mergedOffice(): { dir: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), 'registrar-'));
  dirs.push(dir);
  cpSync(baseDir('singkawang'), dir, { recursive: true });
  mkdirSync(join(dir, 'requests'), { recursive: true });
  cpSync(join(import.meta.dirname, 'fixtures', REQUEST), join(dir, REQUEST));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, '-c', 'user.email=t@example.id', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', 'add', '-A');
  git(dir, '-c', 'user.email=t@example.id', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'merge #22');
  return { dir, head: git(dir, 'rev-parse', 'HEAD') };
}

describe('a request the TU filed from a Srikandi letter, end to end', () => {
  it('approvals counts her act as the receiving step, and the register records that she filed it for the OPD', async () => {
    fake = await startFake('singkawang-registrar');
    const checked = await approvals(fake, 'singkawang', ['--repo', 'diskominfo-singkawang/subdomain', '--pr', '22', '--format', 'json'], '2026-12-01T00:00:00Z');
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    const result = JSON.parse(checked.stdout) as ApprovalJson;
    expect(result.state).toBe('approved');
    expect(result.steps.find((s) => s.id === 'penerimaan_tu')).toMatchObject({ state: 'done', by: 'tu-singkawang', by_role: 'tu', at: '2026-10-01T01:00:00Z' });
    expect(result.filed_by).toEqual({ login: 'tu-singkawang', role: 'tu', via: 'srikandi', reference: 'B-512/DINSOS/SRIKANDI/2026' });

    const { dir, head } = mergedOffice();
    const saved = join(dir, '..', `approvals-${head}.json`);
    writeFileSync(saved, JSON.stringify({ ...result, pullRequest: { number: 22, author: 'tu-singkawang', createdAt: '2026-10-01T01:00:00Z' } }));
    dirs.push(saved);
    const io = captureIo(dir);
    expect(await register(['--pr', '22', '--commit', head, '--approvals', saved], io)).toBe(0);
    const loaded = loadFile(new WorkingTree(dir), 'subdomains/surat.singkawangkota.go.id.yaml', 'register');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const entry = lastRequestEntry(loaded.value)!;
    expect(entry.applicant).toBe('tu-singkawang');
    expect(entry.filed_by).toEqual({ login: 'tu-singkawang', role: 'tu', via: 'srikandi', reference: 'B-512/DINSOS/SRIKANDI/2026' });
    expect(entry.letter).toMatchObject({ via: 'srikandi', reference: 'B-512/DINSOS/SRIKANDI/2026' });
    expect(entry.approvals?.[0]).toMatchObject({ step: 'penerimaan_tu', by: 'tu-singkawang', role: 'tu' });
    expect(readFileSync(join(dir, 'subdomains/surat.singkawangkota.go.id.yaml'), 'utf8')).toContain('    filed_by:\n      login: tu-singkawang\n      role: tu\n      via: srikandi\n');
  });
});
