import { requestAt } from '../helpers/temp-repo.js';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/register.js';
import { dnsView, readDesiredState } from '../../src/dns/desired-state.js';
import { synthesize } from '../../src/dns/synth.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { loadFile, parseFile } from '../../src/repo/load.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { renderRegisterEntry } from '../../src/register/render.js';
import { writeChanges } from '../../src/register/write.js';
import { captureIo, cleanUp, commitAll, exampleRepo, FIXTURES, git, OFFICE, snapshot } from './helpers.js';

afterEach(cleanUp);

const SEHAT = 'subdomains/sehat.bekasikota.go.id.yaml';
const DISDIK = 'subdomains/disdik.bekasikota.go.id.yaml';
const PASAR = 'subdomains/pasar.bekasikota.go.id.yaml';

function register(dir: string, head: string, extra: string[] = [], now?: string) {
  const io = captureIo(dir, now);
  return run(['--pr', '42', '--commit', head, ...extra], io).then((code) => ({ code, io }));
}

function readEntry(dir: string, path: string) {
  const loaded = loadFile(new WorkingTree(dir), path, 'register');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

async function desired(dir: string) {
  const tree = new WorkingTree(dir);
  const policy = loadPolicy(tree);
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  return readDesiredState(tree, policy.policy);
}

describe('rendering register files', () => {
  test('re-renders every example register file byte for byte', () => {
    for (const name of readdirSync(join(OFFICE, 'subdomains'))) {
      const text = readFileSync(join(OFFICE, 'subdomains', name), 'utf8');
      const loaded = parseFile(name, Buffer.from(text), 'register');
      expect(loaded.ok).toBe(true);
      if (loaded.ok) expect(renderRegisterEntry(loaded.value)).toBe(text);
    }
  });
});

describe('subdomain register', () => {
  test('records the create, update and delete of the example requests and removes them', async () => {
    const { dir, head } = exampleRepo();
    const { code, io } = await register(dir, head);
    expect(io.err).toContain('tanpa --approvals');
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'requests'))).toEqual([]);

    const sehat = readEntry(dir, SEHAT);
    expect(sehat.opd).toBe('dinkes');
    expect(sehat.contact!.nip).toBe('199001152015031002');
    expect(sehat.records?.map((r) => r.type)).toEqual(['A', 'AAAA', 'TXT']);
    expect(sehat.history).toEqual([
      {
        action: 'create',
        letter: {
          number: '400.7/1021/Dinkes',
          date: '2026-11-18',
          signer: { name: 'dr. Tanti Rohilawati, M.Kes', nip: '197205031999032004', position: 'Kepala Dinas Kesehatan Kota Bekasi' },
          reference: 'SRIKANDI-2026-118230',
        },
        purpose: 'Layanan pendaftaran antrean puskesmas dan informasi kesehatan untuk warga Kota Bekasi.',
        pull_request: 42,
        applied_at: '2026-11-24T09:30:00Z',
        commit: head,
        // The office's outgoing letter number, from the ledger (disdik's update took number 1).
        outgoing_letter: { number: '2/Diskominfostandi/XI/2026', seq: 2 },
      },
    ]);

    const disdik = readEntry(dir, DISDIK);
    expect(disdik.history).toHaveLength(2);
    expect(requestAt(disdik).pull_request).toBe(3);
    expect(disdik.history[1]).toMatchObject({ action: 'update', pull_request: 42, letter: { number: '400.3/530/Disdik' } });
    expect(disdik.records?.map((r) => r.type)).toEqual(['A', 'TXT', 'MX']);
    expect(disdik.records?.[0]?.value).toBe('103.147.8.21');

    expect(existsSync(join(dir, PASAR))).toBe(false);
    expect(io.out).toContain('sehat.bekasikota.go.id: create');
    expect(io.out).toContain('pasar.bekasikota.go.id: delete');
  });

  test('writes NIPs, phones, dates and times in double quotes', async () => {
    const { dir, head } = exampleRepo();
    expect((await register(dir, head)).code).toBe(0);
    const text = readFileSync(join(dir, SEHAT), 'utf8');
    expect(text).toContain('nip: "199001152015031002"');
    expect(text).toContain('phone: "081234567890"');
    expect(text).toContain('date: "2026-11-18"');
    expect(text).toContain('applied_at: "2026-11-24T09:30:00Z"');
    expect(text.split('\n').slice(0, 4)).toEqual([
      'opd: dinkes',
      'purpose: Layanan pendaftaran antrean puskesmas dan informasi kesehatan untuk warga Kota Bekasi.',
      'contact:',
      '  name: Andi Prasetyo',
    ]);
  });

  test('a second run, later, leaves the tree as the first run left it', async () => {
    const { dir, head } = exampleRepo();
    expect((await register(dir, head)).code).toBe(0);
    const once = snapshot(dir);
    const again = await register(dir, head, [], '2026-11-25T00:00:00Z');
    expect(again.code).toBe(0);
    expect(again.io.out).toContain('Tidak ada permohonan');
    expect(snapshot(dir)).toEqual(once);
  });

  test('a re-run from the register commit itself finds nothing to do', async () => {
    const { dir, head } = exampleRepo();
    expect((await register(dir, head)).code).toBe(0);
    const registered = commitAll(dir, 'register');
    const once = snapshot(dir);
    expect((await register(dir, registered, [], '2026-11-26T00:00:00Z')).code).toBe(0);
    expect(snapshot(dir)).toEqual(once);
  });

  test('the desired DNS state is the same before and after registering', async () => {
    const { dir, head } = exampleRepo();
    const before = await desired(dir);
    expect(before.problems).toEqual([]);
    expect(before.state.deletes.map((d) => d.fqdn)).toEqual(['pasar.bekasikota.go.id']);
    expect((await register(dir, head)).code).toBe(0);
    const after = await desired(dir);
    expect(after.problems).toEqual([]);
    expect(after.state.deletes).toEqual([]);
    expect(dnsView(after.state)).toEqual(dnsView(before.state));
    // Now read from the register only: no subdomain still comes from a request.
    for (const zone of Object.values(after.state.zones)) {
      for (const s of Object.values(zone.subdomains)) expect(s.provenance.source).toBe('register');
    }
  });

  test('the synthesized Terraform JSON is byte-identical before and after registering (the next apply changes nothing)', async () => {
    const { dir, head } = exampleRepo();
    const synth = async (out: string) => {
      const result = await synthesize(new WorkingTree(dir), { out: join(tmpdir(), out), cwd: dir });
      expect(result.ok).toBe(true);
      return readFileSync(join(tmpdir(), out, 'stacks/bekasikota-go-id/cdk.tf.json'), 'utf8');
    };
    const tag = `${process.pid}-${Date.now()}`;
    try {
      const before = await synth(`synth-before-${tag}`);
      expect(before).toContain('103.147.8.45');
      expect((await register(dir, head)).code).toBe(0);
      expect(await synth(`synth-after-${tag}`)).toBe(before);
    } finally {
      for (const out of [`synth-before-${tag}`, `synth-after-${tag}`]) rmSync(join(tmpdir(), out), { recursive: true, force: true });
    }
  });

  test('an update that changes only the contact keeps the registered records (and the state)', async () => {
    const { dir } = exampleRepo();
    copyFileSync(join(FIXTURES, 'contact-update.yaml'), join(dir, 'requests/pajak.bekasikota.go.id.yaml'));
    const head = commitAll(dir, 'contact update');
    const before = await desired(dir);
    expect(before.problems).toEqual([]);
    expect((await register(dir, head)).code).toBe(0);
    const pajak = readEntry(dir, 'subdomains/pajak.bekasikota.go.id.yaml');
    expect(pajak.hosting).toBe(true);
    expect(pajak.records).toBeUndefined();
    expect(pajak.contact!.name).toBe('Yusuf Hidayat');
    expect(pajak.history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(dnsView((await desired(dir)).state)).toEqual(dnsView(before.state));
  });

  test('records the approvals of each SOP step taken, from the file saved at merge', async () => {
    const { dir, head } = exampleRepo();
    const { code } = await register(dir, head, ['--approvals', join(FIXTURES, 'approvals-pr-42.json')]);
    expect(code).toBe(0);
    const entry = requestAt(readEntry(dir, SEHAT));
    expect(entry.applicant).toBe('staf-dinkes');
    expect(entry.opened_at).toBe('2026-11-18T02:05:00Z');
    expect(entry.approvals).toEqual([
      { step: 'disposisi_kadis', title: 'Menerima dan mendisposisi surat permohonan pembuatan sub domain', role: 'kepala_dinas', by: 'kadis-bekasi', at: '2026-11-18T02:12:00Z', elapsed_s: 420, standard_s: 600 },
      { step: 'disposisi_kabid', title: 'Menerima disposisi Kepala Dinas', role: 'kabid_egov', by: 'kabid-egov', at: '2026-11-18T02:30:00Z', elapsed_s: 1080, standard_s: 600 },
    ]);
    expect(readFileSync(join(dir, SEHAT), 'utf8')).toContain('      - { step: disposisi_kadis, title: Menerima dan mendisposisi surat permohonan pembuatan sub domain, role: kepala_dinas, by: kadis-bekasi, at: "2026-11-18T02:12:00Z", elapsed_s: 420, standard_s: 600 }\n');
  });

  test('a request left pending by an earlier merge keeps its own pull request; approvals go only to the named one', async () => {
    const { dir } = exampleRepo();
    const keep = (name: string) => readFileSync(join(dir, 'requests', name), 'utf8');
    const disdik = keep('disdik.bekasikota.go.id.yaml');
    const sehat = keep('sehat.bekasikota.go.id.yaml');
    const pasar = keep('pasar.bekasikota.go.id.yaml');
    for (const name of readdirSync(join(dir, 'requests'))) rmSync(join(dir, 'requests', name));
    commitAll(dir, 'register only');
    writeFileSync(join(dir, 'requests/disdik.bekasikota.go.id.yaml'), disdik);
    commitAll(dir, 'Perbarui portal disdik (#5)');
    writeFileSync(join(dir, 'requests/pasar.bekasikota.go.id.yaml'), pasar);
    commitAll(dir, 'direct push without a pull request');
    writeFileSync(join(dir, 'requests/sehat.bekasikota.go.id.yaml'), sehat);
    const head = commitAll(dir, 'Merge pull request #42 from dinkes/sehat');
    const { code, io } = await register(dir, head, ['--approvals', join(FIXTURES, 'approvals-pr-42.json')]);
    expect(code).toBe(0);
    expect(io.out).toContain('requests/disdik.bekasikota.go.id.yaml: dari pull request #5');
    const disdikEntry = readEntry(dir, DISDIK);
    const updated = requestAt(disdikEntry, disdikEntry.history.length - 1);
    expect(updated.pull_request).toBe(5);
    expect(updated.approvals).toBeUndefined();
    expect(updated.commit).toBe(head);
    const created = requestAt(readEntry(dir, SEHAT));
    expect(created.pull_request).toBe(42);
    expect(created.approvals).toHaveLength(2);
    expect(existsSync(join(dir, PASAR))).toBe(false);
  });

  test('refuses an approvals file saved for another pull request, writing nothing', async () => {
    const { dir, head } = exampleRepo();
    const before = snapshot(dir);
    const io = captureIo(dir);
    const code = await run(['--pr', '43', '--commit', head, '--approvals', join(FIXTURES, 'approvals-pr-42.json')], io);
    expect(code).toBe(1);
    expect(io.err).toContain('#42');
    expect(io.err).toContain('[register/approvals-file]');
    expect(snapshot(dir)).toEqual(before);
  });

  test('a broken pending request means nothing is written, and says where', async () => {
    const { dir } = exampleRepo();
    copyFileSync(join(FIXTURES, 'bad-request.yaml'), join(dir, 'requests/rusak.bekasikota.go.id.yaml'));
    const head = commitAll(dir, 'broken request');
    const before = snapshot(dir);
    const { code, io } = await register(dir, head);
    expect(code).toBe(1);
    expect(io.err).toMatch(/^requests\/rusak\.bekasikota\.go\.id\.yaml:\d+:\d+: /m);
    expect(io.err).toContain('Nothing was written');
    expect(snapshot(dir)).toEqual(before);
  });

  test('a create request for a registered name means nothing is written', async () => {
    const { dir } = exampleRepo();
    copyFileSync(join(dir, 'requests/sehat.bekasikota.go.id.yaml'), join(dir, 'requests/pajak.bekasikota.go.id.yaml'));
    writeFileSync(join(dir, 'requests/pajak.bekasikota.go.id.yaml'), readFileSync(join(dir, 'requests/pajak.bekasikota.go.id.yaml'), 'utf8').replace('opd: dinkes', 'opd: bapenda'));
    const head = commitAll(dir, 'create over an existing name');
    const before = snapshot(dir);
    const { code, io } = await register(dir, head);
    expect(code).toBe(1);
    expect(io.err).toContain('requests/pajak.bekasikota.go.id.yaml:2:9: galat/error [owner/name-taken]');
    expect(snapshot(dir)).toEqual(before);
  });

  test('an update by another OPD, approved by the maintainers, registers as a transfer to that OPD', async () => {
    const { dir } = exampleRepo();
    const path = join(dir, 'requests/sehat.bekasikota.go.id.yaml');
    const registerPath = join(dir, 'subdomains/disdik.bekasikota.go.id.yaml');
    const request = join(dir, 'requests/disdik.bekasikota.go.id.yaml');
    expect(readFileSync(registerPath, 'utf8')).toContain('opd: disdik');
    writeFileSync(request, readFileSync(request, 'utf8').replace('opd: disdik', 'opd: dinkes'));
    rmSync(path);
    const head = commitAll(dir, 'transfer disdik to dinkes');
    const { code } = await register(dir, head);
    expect(code).toBe(0);
    expect(readFileSync(registerPath, 'utf8')).toMatch(/^opd: dinkes$/m);
  });

  test('a request merged after the applied commit waits for its own apply', async () => {
    const { dir, head } = exampleRepo();
    const later = 'requests/gizi.bekasikota.go.id.yaml';
    writeFileSync(join(dir, later), readFileSync(join(dir, 'requests/sehat.bekasikota.go.id.yaml'), 'utf8'));
    commitAll(dir, 'a later merge');
    const { code, io } = await register(dir, head);
    expect(code).toBe(0);
    expect(io.out).toContain(`${later}: dilewati / skipped`);
    expect(readdirSync(join(dir, 'requests'))).toEqual(['gizi.bekasikota.go.id.yaml']);
    expect(existsSync(join(dir, 'subdomains/gizi.bekasikota.go.id.yaml'))).toBe(false);
    expect(existsSync(join(dir, SEHAT))).toBe(true);
  });

  test('--dry-run shows what would be recorded and writes nothing', async () => {
    const { dir, head } = exampleRepo();
    const before = snapshot(dir);
    const { code, io } = await register(dir, head, ['--dry-run']);
    expect(code).toBe(0);
    expect(io.out).toContain('would record');
    expect(snapshot(dir)).toEqual(before);
  });

  test('an unknown commit is a problem, not a crash', async () => {
    const { dir } = exampleRepo();
    const { code, io } = await register(dir, 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef');
    expect(code).toBe(1);
    expect(io.err).toContain('register/commit');
  });

  test('bad flags are usage errors', async () => {
    const { dir, head } = exampleRepo();
    await expect(run(['--pr', 'x', '--commit', head], captureIo(dir))).rejects.toThrow(/--pr/);
    await expect(run(['--pr', '1', '--commit', 'HEAD'], captureIo(dir))).rejects.toThrow(/--commit/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

describe('writeChanges', () => {
  test('leaves the tree untouched when one of the writes fails', () => {
    const { dir } = exampleRepo();
    writeFileSync(join(dir, 'blocker'), 'a file where a folder is needed\n');
    const before = snapshot(dir);
    expect(() =>
      writeChanges(dir, [
        { path: 'subdomains/new.bekasikota.go.id.yaml', content: 'opd: x\n' },
        { path: 'blocker/inside.yaml', content: 'opd: y\n' },
        { path: 'requests/sehat.bekasikota.go.id.yaml' },
      ]),
    ).toThrow();
    expect(snapshot(dir)).toEqual(before);
  });
});
