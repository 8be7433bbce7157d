import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as plan } from '../../src/cli/plan.js';
import { PLAN_MARKER } from '../../src/dns/plan-render.js';
import { captureIo, fixtureRepo, git } from './helpers.js';

const REQUEST_HEAD = `letter:
  number: 400.7/2000/Dinkes
  date: "2026-11-20"
  signer:
    name: dr. Tanti Rohilawati
    nip: "197205031999032004"
    position: Kepala Dinas
purpose: Permohonan untuk pengujian rencana DNS.
contact:
  name: Andi Prasetyo
  nip: "199001152015031002"
  email: andi@contohkota.go.id
  phone: "081234567890"
`;

/** A repository whose main holds the basic fixture with its pending requests already registered away. */
function repoWithoutRequests(): string {
  const root = fixtureRepo('basic');
  rmSync(join(root, 'requests'), { recursive: true });
  mkdirSync(join(root, 'requests'));
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'register only');
  git(root, 'checkout', '-q', '-b', 'pr');
  return root;
}

async function planJson(root: string, ...args: string[]) {
  const io = captureIo(root);
  const code = await plan([...args, '--format', 'json'], io);
  expect(code, io.err).toBe(0);
  return JSON.parse(io.out) as { summary: Record<string, number>; zones: { zone: string; changes: { kind: string; address: string; before?: any; after?: any; file?: string; opd: string }[] }[] };
}

describe('subdomain plan --base', () => {
  it('shows a create request as added records', async () => {
    const root = repoWithoutRequests();
    writeFileSync(join(root, 'requests', 'baru.contohkota.go.id.yaml'), `action: create\nopd: dinkes\n${REQUEST_HEAD}records:\n  - type: A\n    value: 103.122.6.77\n  - type: TXT\n    name: _dmarc\n    value: v=DMARC1; p=none\n`);
    const result = await planJson(root, '--base', 'main');
    expect(result.summary).toEqual({ add: 2, change: 0, delete: 0, adopt: 0, replace: 0 });
    const changes = result.zones[0]!.changes;
    expect(changes.map((c) => [c.kind, c.after.name, c.after.type, c.after.content])).toEqual([
      ['add', '_dmarc.baru.contohkota.go.id', 'TXT', '"v=DMARC1; p=none"'],
      ['add', 'baru.contohkota.go.id', 'A', '103.122.6.77'],
    ]);
    expect(changes[1]).toMatchObject({ address: 'cloudflare_dns_record.baru__a', file: 'requests/baru.contohkota.go.id.yaml', opd: 'dinkes' });
  });

  it('shows an update as a change with before and after, in place', async () => {
    const root = repoWithoutRequests();
    writeFileSync(join(root, 'requests', 'ganti.contohkota.go.id.yaml'), `action: update\nopd: dinkes\n${REQUEST_HEAD}records:\n  - type: A\n    value: 103.122.6.31\n    ttl: 3600\n`);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'update request');
    const result = await planJson(root, '--base', 'main');
    expect(result.summary).toEqual({ add: 0, change: 1, delete: 0, adopt: 0, replace: 0 });
    expect(result.zones[0]!.changes[0]).toMatchObject({
      kind: 'change',
      address: 'cloudflare_dns_record.ganti__a',
      before: { content: '103.122.6.30', ttl: 3600 },
      after: { content: '103.122.6.31', ttl: 3600 },
    });
  });

  it('adds a second A beside a registered one as one add; the registered record moves and keeps its content', async () => {
    const root = repoWithoutRequests();
    writeFileSync(join(root, 'requests', 'ganti.contohkota.go.id.yaml'), `action: update\nopd: dinkes\n${REQUEST_HEAD}records:\n  - type: A\n    value: 103.122.6.29\n    ttl: 3600\n  - type: A\n    value: 103.122.6.30\n    ttl: 3600\n`);
    const result = await planJson(root, '--base', 'main');
    const changes = result.zones[0]!.changes as { kind: string; address: string; before?: { content: string }; after?: { content: string }; movedFrom?: string; metadata?: unknown }[];
    expect(changes.filter((c) => c.kind === 'add').map((c) => c.after!.content)).toEqual(['103.122.6.29']);
    expect(changes.filter((c) => c.kind === 'delete')).toEqual([]);
    const kept = changes.find((c) => c.kind === 'change')!;
    expect(kept).toMatchObject({ before: { content: '103.122.6.30' }, after: { content: '103.122.6.30' }, movedFrom: 'cloudflare_dns_record.ganti__a' });
    // the letter number changes, so Terraform rewrites the comment: shown, not hidden
    expect(kept.metadata).toEqual({ comment: { before: 'opd:dinkes; surat:400.7/5/Dinkes', after: 'opd:dinkes; surat:400.7/2000/Dinkes' } });
  });

  it('shows an update that only changes purpose and contact as register data, with no DNS change', async () => {
    const root = repoWithoutRequests();
    const sameLetter = REQUEST_HEAD.replace('400.7/2000/Dinkes', '400.7/5/Dinkes');
    writeFileSync(join(root, 'requests', 'ganti.contohkota.go.id.yaml'), `action: update\nopd: dinkes\n${sameLetter}`);
    const result = await planJson(root, '--base', 'main');
    expect(result.summary).toEqual({ add: 0, change: 0, delete: 0, adopt: 0, replace: 0 });
    expect((result.zones[0] as unknown as { registerOnly: unknown[] }).registerOnly).toEqual([{ subdomain: 'ganti.contohkota.go.id', opd: 'dinkes', file: 'requests/ganti.contohkota.go.id.yaml' }]);
    const io = captureIo(root);
    expect(await plan(['--base', 'main'], io)).toBe(0);
    expect(io.out).toContain('register data only (purpose/contact), DNS unchanged');
  });

  it('shows a delete request as deleted records, counted for the apply guard', async () => {
    const root = repoWithoutRequests();
    writeFileSync(join(root, 'requests', 'sekolah.contohkota.go.id.yaml'), `action: delete\nopd: disdik\n${REQUEST_HEAD.replace(/contact:[\s\S]*$/, '')}`);
    const result = await planJson(root, '--base', 'main');
    expect(result.summary).toEqual({ add: 0, change: 0, delete: 5, adopt: 0, replace: 0 });
    expect(result.zones[0]!.changes.every((c) => c.kind === 'delete' && c.file === 'requests/sekolah.contohkota.go.id.yaml')).toBe(true);
  });

  it('resolves hosting requests to the policy target, and compares everything when the target moves', async () => {
    const root = repoWithoutRequests();
    writeFileSync(join(root, 'requests', 'web.contohkota.go.id.yaml'), `action: create\nopd: bapenda\n${REQUEST_HEAD}hosting: true\n`);
    const first = await planJson(root, '--base', 'main');
    expect(first.zones[0]!.changes).toEqual([expect.objectContaining({ kind: 'add', after: { name: 'web.contohkota.go.id', type: 'A', content: '103.122.5.10', proxied: true } })]);

    const policy = join(root, '.github', 'sop.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('103.122.5.10', '103.122.5.11'));
    const io = captureIo(root);
    expect(await plan(['--base', 'main'], io)).toBe(0);
    // every hosted name moves, not only the ones this change touches
    expect(io.out).toContain('103.122.5.10 (ttl auto, proxied)\n      → A 103.122.5.11');
    expect(io.out).toContain('pajak.contohkota.go.id');
    expect(io.out).toContain('web.contohkota.go.id A 103.122.5.11');
    expect(io.out).not.toContain('changed names only');
  });

  it('renders markdown for the pull request with the hidden marker and bilingual headings', async () => {
    const root = repoWithoutRequests();
    writeFileSync(join(root, 'requests', 'baru.contohkota.go.id.yaml'), `action: create\nopd: dinkes\n${REQUEST_HEAD}records:\n  - type: TXT\n    value: "a|b"\n`);
    const io = captureIo(root);
    expect(await plan(['--base', 'main', '--format', 'markdown'], io)).toBe(0);
    expect(io.out.startsWith(`${PLAN_MARKER}\n### Rencana perubahan DNS / DNS plan`)).toBe(true);
    expect(io.out).toContain('| ➕ tambah / add | `baru.contohkota.go.id` | TXT |  | `"a\\|b"`');
    expect(io.out).toContain('1 ditambah, 0 diubah, 0 dihapus / 1 to add, 0 to change, 0 to delete');
  });

  it('reports no changes when the pull request does not touch DNS', async () => {
    const root = repoWithoutRequests();
    writeFileSync(join(root, 'README.md'), 'hello\n');
    const io = captureIo(root);
    expect(await plan(['--base', 'main'], io)).toBe(0);
    expect(io.out).toContain('Tidak ada perubahan DNS / no DNS changes.');
  });

  it('prints problems and exits 1 for a conflicting request', async () => {
    const root = repoWithoutRequests();
    writeFileSync(join(root, 'requests', 'pajak.contohkota.go.id.yaml'), `action: create\nopd: bapenda\n${REQUEST_HEAD}hosting: true\n`);
    const io = captureIo(root);
    expect(await plan(['--base', 'main'], io)).toBe(1);
    expect(io.err).toContain('owner/name-taken');
    expect(io.err).toContain('requests/pajak.contohkota.go.id.yaml');
  });

  it('says so when the base ref does not exist', async () => {
    const root = repoWithoutRequests();
    const io = captureIo(root);
    await expect(plan(['--base', 'no-such-branch'], io)).rejects.toThrow(/no-such-branch/);
  });
});

describe('subdomain plan without --base', () => {
  it('plans what applying the pending requests on main will do', async () => {
    const root = fixtureRepo('basic');
    const result = await planJson(root);
    expect(result.summary).toEqual({ add: 3, change: 1, delete: 1, adopt: 0, replace: 0 });
    const changes = result.zones[0]!.changes;
    const byKind = { add: changes.filter((c) => c.kind === 'add'), change: changes.filter((c) => c.kind === 'change'), delete: changes.filter((c) => c.kind === 'delete') };
    expect(byKind.delete!.map((c) => c.before.name)).toEqual(['lama.contohkota.go.id']);
    expect(byKind.change![0]).toMatchObject({ before: { content: '103.122.6.30', ttl: 3600 }, after: { content: '103.122.5.10', proxied: true } });
    expect(byKind.add!.map((c) => c.after.name).sort()).toEqual(['_dmarc.sehat.contohkota.go.id', 'sehat.contohkota.go.id', 'sehat.contohkota.go.id']);
  });
});
