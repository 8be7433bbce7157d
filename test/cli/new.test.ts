import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';
import { runCli } from '../helpers/run-cli.js';

const repo = join(import.meta.dirname, '../validate/fixtures/repo');
const expected = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

const flags = [
  '--action', 'create', '--opd', 'dinkes', '--name', 'sehat',
  '--purpose', 'Layanan antrean puskesmas untuk warga Kota Contoh.',
  '--letter-number', '400.7/1021/Dinkes', '--letter-date', '2026-11-18',
  '--signer-name', 'dr. Tanti Rohilawati, M.Kes', '--signer-nip', '197205031999032004', '--signer-position', 'Kepala Dinas Kesehatan',
  '--contact-name', 'Andi Prasetyo', '--contact-nip', '199001152015031002',
  '--contact-email', 'andi.prasetyo@contohkota.go.id', '--contact-phone', '081234567890',
  '--record', 'A 103.147.8.45 ttl=3600', '--record', 'MX mx1.contohkota.go.id priority=10', '--record', 'TXT name=_dmarc v=DMARC1; p=reject',
];

afterAll(cleanupTemps);

describe('subdomain new', () => {
  it('writes a valid request file from flags, NIPs and dates quoted', async () => {
    const root = tempCopy(repo);
    const result = await runCli(root, ['new', ...flags]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(root, 'requests/sehat.contohkota.go.id.yaml'), 'utf8')).toBe(expected('sehat.contohkota.go.id.yaml'));
    expect((await runCli(root, ['validate'])).code).toBe(0);
  });

  it('writes nothing and shows the problems when an answer breaks a rule', async () => {
    const root = tempCopy(repo);
    const args = flags.map((f) => (f === 'A 103.147.8.45 ttl=3600' ? 'A 192.168.0.5' : f));
    const result = await runCli(root, ['new', ...args]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('record/a-public-ipv4');
    expect(existsSync(join(root, 'requests/sehat.contohkota.go.id.yaml'))).toBe(false);
  });

  it('never overwrites an existing request without --force', async () => {
    const root = tempCopy(repo);
    await runCli(root, ['new', ...flags]);
    const again = await runCli(root, ['new', ...flags.map((f) => (f === 'A 103.147.8.45 ttl=3600' ? 'A 103.147.8.46' : f))]);
    expect(again.code).toBe(1);
    expect(readFileSync(join(root, 'requests/sehat.contohkota.go.id.yaml'), 'utf8')).toContain('103.147.8.45');
  });

  it('names the missing flags in a script', async () => {
    const result = await runCli(tempCopy(repo), ['new', '--action', 'delete', '--opd', 'dinkes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--name');
    expect(result.stderr).toContain('--letter-number');
  });

  it('asks question by question on a terminal and asks again after a wrong answer, the name included', async () => {
    const root = tempCopy(repo);
    const answers = [
      'buat', 'delete', 'dinsos', 'disdik', 'tidakada', 'ppdb.sekolah', 'Portal lama sudah tidak dipakai lagi.', '400/9/Disdik', '2026-11-20',
      'Drs. Ahmad Fauzi', '123', '196805101994031007', 'Kepala Dinas Pendidikan',
    ];
    const asked: string[] = [];
    let output = '';
    const io: Io = {
      cwd: root,
      env: {},
      stdout: (t) => void (output += t),
      stderr: (t) => void (output += t),
      now: () => new Date('2026-11-24T03:00:00Z'),
      ask: async (q) => {
        asked.push(q);
        const answer = answers.shift();
        if (answer === undefined) throw new Error(`unexpected question: ${q}`);
        return answer;
      },
    };
    const code = await main(['new'], io);
    expect(output).toContain('pilih / choose: create, update, delete');
    expect(output).toContain('harus 18 digit angka');
    expect(output).toContain('tidakada.contohkota.go.id belum terdaftar / is not registered');
    expect(code).toBe(0);
    expect(answers).toEqual([]);
    expect(readFileSync(join(root, 'requests/ppdb.sekolah.contohkota.go.id.yaml'), 'utf8')).toBe(expected('ppdb.sekolah.contohkota.go.id.yaml'));
  });
});
