import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { Cancelled, type Io } from '../../src/cli/io.js';
import { cleanupTemps, gitIn, tempCopy, tempGitRepo } from '../helpers/temp-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { startIntakeFake, type IntakeFakeGitHub } from '../intake/support/fake-github.js';

const repo = join(import.meta.dirname, '../validate/fixtures/repo');
const expected = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const SEHAT = 'requests/sehat.contohkota.go.id.yaml';

const flags = [
  '--action', 'create', '--opd', 'dinkes', '--name', 'sehat',
  '--purpose', 'Layanan antrean puskesmas untuk warga Kota Contoh.',
  '--letter-number', '400.7/1021/Dinkes', '--letter-date', '2026-11-18',
  '--signer-name', 'dr. Tanti Rohilawati, M.Kes', '--signer-nip', '197205031999032004', '--signer-position', 'Kepala Dinas Kesehatan',
  '--contact-name', 'Andi Prasetyo', '--contact-nip', '199001152015031002',
  '--contact-email', 'andi.prasetyo@contohkota.go.id', '--contact-phone', '081234567890',
  '--record', 'A 103.147.8.45 ttl=3600', '--record', 'MX mx1.contohkota.go.id priority=10', '--record', 'TXT name=_dmarc v=DMARC1; p=reject',
];
const replaced = (from: string, to: string) => flags.map((f) => (f === from ? to : f));

/** The answers of the create request of `fixtures/sehat.contohkota.go.id.yaml`, typed the way people type them. */
const SEHAT_ANSWERS = [
  'create', 'dinkes', 'sehat', 'Layanan antrean puskesmas untuk warga Kota Contoh.', '400.7/1021/Dinkes', '18-11-2026',
  'dr. Tanti Rohilawati, M.Kes', '19720503 199903 2 004', 'Kepala Dinas Kesehatan', '', '', '',
  'Andi Prasetyo', '19900115 201503 1 002', 'andi.prasetyo@contohkota.go.id', '0812-3456-7890',
  'n', 'A 103.147.8.45 ttl=3600', 'MX 10 mx1.contohkota.go.id', '_dmarc TXT v=DMARC1; p=reject', '',
];
const CTRL_C = Symbol('Ctrl+C');

/** `subdomain new` on a terminal: each question answered from the list, in order. */
async function interview(root: string, answers: (string | typeof CTRL_C)[], env: NodeJS.ProcessEnv = {}) {
  const asked: string[] = [];
  let output = '';
  const io: Io = {
    cwd: root,
    env,
    stdout: (t) => void (output += t),
    stderr: (t) => void (output += t),
    now: () => new Date('2026-11-24T03:00:00Z'),
    ask: async (q) => {
      asked.push(q);
      const answer = answers.shift();
      if (answer === CTRL_C) throw new Cancelled();
      if (answer === undefined) throw new Error(`unexpected question: ${q}\n--- output so far ---\n${output}`);
      return answer;
    },
  };
  const code = await main(['new'], io);
  return { code, output, asked, left: answers };
}

afterAll(cleanupTemps);

describe('subdomain new', () => {
  it('writes a valid request file from flags, NIPs and dates quoted', async () => {
    const root = tempCopy(repo);
    const result = await runCli(root, ['new', ...flags]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(root, SEHAT), 'utf8')).toBe(expected('sehat.contohkota.go.id.yaml'));
    expect((await runCli(root, ['validate'])).code).toBe(0);
  });

  it('writes nothing and shows the problems when an answer breaks a rule', async () => {
    const root = tempCopy(repo);
    const result = await runCli(root, ['new', ...replaced('A 103.147.8.45 ttl=3600', 'A 192.168.0.5')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('record/a-public-ipv4');
    expect(existsSync(join(root, SEHAT))).toBe(false);
  });

  it('never overwrites an existing request without --force', async () => {
    const root = tempCopy(repo);
    await runCli(root, ['new', ...flags]);
    const again = await runCli(root, ['new', ...replaced('A 103.147.8.45 ttl=3600', 'A 103.147.8.46')]);
    expect(again.code).toBe(1);
    expect(readFileSync(join(root, SEHAT), 'utf8')).toContain('103.147.8.45');
  });

  it('names the missing flags in a script', async () => {
    const result = await runCli(tempCopy(repo), ['new', '--action', 'delete', '--opd', 'dinkes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--name');
    expect(result.stderr).toContain('--letter-number');
  });

  it('accepts what the issue form accepts, through the same normaliser: grouped NIP, spaced phone, dd-mm-yyyy, MX 10 host, a bare IP', async () => {
    const root = tempCopy(repo);
    const args = flags
      .map((f) => ({ '197205031999032004': '19720503 199903 2 004', '081234567890': '0812 3456 7890', '2026-11-18': '18-11-2026', 'MX mx1.contohkota.go.id priority=10': 'MX 10 mx1.contohkota.go.id', 'A 103.147.8.45 ttl=3600': '103.147.8.45 ttl=3600' })[f] ?? f);
    const result = await runCli(root, ['new', ...args]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(root, SEHAT), 'utf8')).toBe(expected('sehat.contohkota.go.id.yaml'));
  });

  it('reports every problem of the flags at once, in both languages, without parser text or patterns', async () => {
    const root = tempCopy(repo);
    const args = replaced('197205031999032004', '3275011203900004').map((f) => (f === 'A 103.147.8.45 ttl=3600' ? 'A 10.1.2.3' : f === 'TXT name=_dmarc v=DMARC1; p=reject' ? 'TXTT v=DMARC1' : f));
    const result = await runCli(root, ['new', ...args]);
    expect(result.code).toBe(1);
    for (const text of ['person/nip', 'NIK', 'intake/records', '`TXTT` bukan jenis catatan', 'record/a-public-ipv4']) expect(result.stderr).toContain(text);
    expect(result.stderr).not.toMatch(/\^\[|\[0-9\]|schema\/required/);
  });

  it('asks question by question, taking the answers as the issue form does, and writes the same file as the flags', async () => {
    const root = tempCopy(repo);
    const run = await interview(root, [...SEHAT_ANSWERS]);
    expect(run.code).toBe(0);
    expect(run.left).toEqual([]);
    expect(readFileSync(join(root, SEHAT), 'utf8')).toBe(expected('sehat.contohkota.go.id.yaml'));
  });

  it('asks no phone and writes none when the policy sets privacy.contact_phone: omit', async () => {
    const root = tempCopy(repo);
    appendFileSync(join(root, '.github/sop.yaml'), 'privacy:\n  contact_phone: omit\n');
    const run = await interview(root, SEHAT_ANSWERS.filter((a) => a !== '0812-3456-7890'));
    expect(run.code, run.output).toBe(0);
    expect(run.left).toEqual([]);
    expect(run.asked.some((q) => q.includes('Telepon'))).toBe(false);
    expect(readFileSync(join(root, SEHAT), 'utf8')).toBe(expected('sehat.contohkota.go.id.yaml').replace(/^ {2}phone: .*\n/m, ''));
  });

  it('checks each answer as it is typed and asks that question again: choices, the name, a NIK for a NIP, a future date', async () => {
    const root = tempCopy(repo);
    const answers = [
      'buat', 'delete', 'dinsos', 'disdik', 'tidakada', 'ppdb.sekolah', 'Portal lama sudah tidak dipakai lagi.', '400/9/Disdik', '20-12-2026', '20-11-2026',
      'Drs. Ahmad Fauzi', '3275011005680001', '123', '196805101994031007', 'Kepala Dinas Pendidikan', '', '', '',
    ];
    const run = await interview(root, answers);
    expect(run.output).toContain('Pilih salah satu: create, update, delete.');
    expect(run.output).toContain('OPD `dinsos` tidak ada di kebijakan');
    expect(run.output).toContain('tidakada.contohkota.go.id belum terdaftar');
    expect(run.output).toContain('2026-12-20 belum terjadi');
    expect(run.output).toContain('tampaknya NIK (nomor KTP), bukan NIP');
    expect(run.output).toContain('harus NIP 18 digit angka');
    expect(run.code).toBe(0);
    expect(run.left).toEqual([]);
    expect(readFileSync(join(root, 'requests/ppdb.sekolah.contohkota.go.id.yaml'), 'utf8')).toBe(expected('ppdb.sekolah.contohkota.go.id.yaml'));
  });

  it('refuses a private address at the record prompt, not after the last question', async () => {
    const root = tempCopy(repo);
    const answers = [...SEHAT_ANSWERS];
    answers.splice(answers.indexOf('A 103.147.8.45 ttl=3600'), 0, 'A 192.168.0.5', 'CNAME');
    const run = await interview(root, answers);
    expect(run.code).toBe(0);
    const recordPrompts = run.asked.filter((q) => q.includes('catatan/record 1'));
    expect(recordPrompts).toHaveLength(3);
    expect(run.output).toMatch(/`192\.168\.0\.5` adalah alamat privat[\s\S]*catatan CNAME tanpa nilai/i);
    expect(run.output).not.toContain('Pemeriksaan akhir');
  });

  it('keeps the answers when the final check fails and asks again only for the field at fault', async () => {
    const root = tempCopy(repo);
    // A name server inside the zone needs its glue, which may follow the NS record: only the final check can tell it is missing.
    const answers = [...SEHAT_ANSWERS.slice(0, SEHAT_ANSWERS.indexOf('A 103.147.8.45 ttl=3600')), 'NS ns1.sehat.contohkota.go.id', '', '', 'ns1 A 103.147.8.53', ''];
    const run = await interview(root, answers);
    expect(run.output).toContain('record/ns-glue');
    expect(run.output).toContain('hanya isian ini ditanyakan lagi');
    expect(run.code).toBe(0);
    expect(run.left).toEqual([]);
    const afterCheck = run.asked.slice(run.asked.findIndex((q) => q.includes('[NS ns1.sehat.contohkota.go.id]')));
    expect(afterCheck).toHaveLength(3);
    expect(afterCheck.every((q) => q.includes('catatan/record'))).toBe(true);
    expect(parse(readFileSync(join(root, SEHAT), 'utf8')).records).toEqual([
      { type: 'NS', value: 'ns1.sehat.contohkota.go.id' },
      { type: 'A', name: 'ns1', value: '103.147.8.53' },
    ]);
  });

  it('exits quietly on Ctrl+C: exit 130, one line, nothing written', async () => {
    const root = tempCopy(repo);
    const run = await interview(root, ['create', 'dinkes', CTRL_C]);
    expect(run.code).toBe(130);
    expect(run.output.trim().split('\n').at(-1)).toBe('Dibatalkan / cancelled.');
    expect(run.output).not.toMatch(/internal|Error|at .*\.ts/);
    expect(existsSync(join(root, 'requests'))).toBe(existsSync(join(repo, 'requests')));
  });
});

describe('subdomain new opens the pull request itself, without git', () => {
  const REPO = 'pemkot-contoh/subdomain';
  let fake: IntakeFakeGitHub;

  beforeEach(async () => {
    fake = await startIntakeFake(REPO, { number: 1, title: '-', body: '', author: 'staf-dinkes', state: 'open', labels: [] });
  });

  afterEach(async () => {
    expect(fake.invalid).toEqual([]);
    await fake.close();
  });

  const api = (extra: NodeJS.ProcessEnv = {}) => ({ GITHUB_API_URL: fake.url, SUBDOMAIN_GITHUB_RETRY_BASE_MS: '1', SUBDOMAIN_GITHUB_THROTTLE: 'off', ...extra });

  /** A folder on PATH holding only a `gh` that prints `token` for `gh auth token`. */
  function ghHolding(token: string): string {
    const bin = join(tempCopy(join(import.meta.dirname, 'fixtures')), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'gh'), `#!/bin/sh\n[ "$1 $2" = "auth token" ] && echo ${token}\n`);
    chmodSync(join(bin, 'gh'), 0o755);
    return bin;
  }

  it('with GITHUB_TOKEN and the git remote origin: a branch from the default head holding the file, a pull request, and its link', async () => {
    const root = tempGitRepo(repo);
    gitIn(root, 'remote', 'add', 'origin', `https://github.com/${REPO}.git`);
    const result = await runCli(root, ['new', ...flags], { env: api({ GITHUB_TOKEN: 'test-token' }) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = fake.filesOf('permohonan/sehat.contohkota.go.id')!;
    expect([...files.keys()].sort()).toEqual(['README.md', SEHAT]);
    expect(files.get(SEHAT)).toBe(expected('sehat.contohkota.go.id.yaml'));
    expect(fake.pulls).toHaveLength(1);
    expect(fake.pulls[0]).toMatchObject({ head: 'permohonan/sehat.contohkota.go.id', base: 'main', title: 'Permohonan subdomain sehat.contohkota.go.id (create)' });
    expect(fake.pulls[0]!.body).not.toContain('subdomain:applicant');
    expect(result.stdout).toContain(`Pull request #${fake.pulls[0]!.number} dibuka / opened: https://github.com/${REPO}/pull/${fake.pulls[0]!.number}`);
    expect(result.stdout).not.toContain('git switch');
  });

  it('with the token gh holds (no GITHUB_TOKEN) and --repo, no git needed', async () => {
    fake.token = 'token-dari-gh';
    const root = tempCopy(repo);
    const result = await runCli(root, ['new', ...flags, '--repo', REPO], { env: { ...api(), PATH: ghHolding('token-dari-gh') } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(fake.pulls).toHaveLength(1);
    expect(result.stdout).toContain('dibuka / opened');
  });

  it('asks before opening it on a terminal, and a second run with the same answers writes nothing new', async () => {
    const root = tempCopy(repo);
    const env = api({ GITHUB_TOKEN: 'test-token' });
    const asked: string[] = [];
    const first = await main(['new', '--repo', REPO], interactiveIo(root, env, [...SEHAT_ANSWERS, 'y'], asked));
    expect(first).toBe(0);
    expect(asked.at(-1)).toContain(`Buka pull request di ${REPO} sekarang?`);
    expect(fake.pulls).toHaveLength(1);
    const writes = fake.writes.length;
    const second = await runCli(root, ['new', ...flags, '--repo', REPO], { env });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(fake.writes.length).toBe(writes);
    expect(fake.pulls).toHaveLength(1);
  });

  it('another version of an open pull request is replaced only with --force', async () => {
    const root = tempCopy(repo);
    const env = api({ GITHUB_TOKEN: 'test-token' });
    expect((await runCli(root, ['new', ...flags, '--repo', REPO], { env })).code).toBe(0);
    const changed = [...replaced('A 103.147.8.45 ttl=3600', 'A 103.147.8.46'), '--repo', REPO];
    // Someone else, in another folder, asks for the same name differently.
    const elsewhere = tempCopy(repo);
    const refused = await runCli(elsewhere, ['new', ...changed], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect(fake.filesOf('permohonan/sehat.contohkota.go.id')!.get(SEHAT)).toContain('103.147.8.45');
    const forced = await runCli(elsewhere, ['new', ...changed, '--force'], { env });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('diperbarui / updated');
    expect(fake.pulls).toHaveLength(1);
    expect(fake.filesOf('permohonan/sehat.contohkota.go.id')!.get(SEHAT)).toContain('103.147.8.46');
  });

  it('without a token: the file is written and the way on without git is said; nothing is sent', async () => {
    const root = tempCopy(repo);
    const result = await runCli(root, ['new', ...flags, '--repo', REPO], { env: { ...api(), PATH: join(root, 'no-such-bin') } });
    expect(result.code).toBe(0);
    expect(existsSync(join(root, SEHAT))).toBe(true);
    expect(result.stdout).toContain('GITHUB_TOKEN');
    expect(result.stdout).toContain('gh auth login');
    expect(result.stdout).toContain('Permohonan subdomain');
    expect(fake.log).toEqual([]);
  });

  it('an API failure exits 2 with a message, the file kept for the next run', async () => {
    fake.fail('POST', /\/git\/trees$/, 500, 10);
    const root = tempCopy(repo);
    const result = await runCli(root, ['new', ...flags, '--repo', REPO], { env: api({ GITHUB_TOKEN: 'test-token' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Writing branch permohonan/sehat.contohkota.go.id');
    expect(result.stderr).toContain(`The file stays at ${SEHAT}`);
    expect(existsSync(join(root, SEHAT))).toBe(true);
    expect(fake.pulls).toEqual([]);
  });
});

function interactiveIo(root: string, env: NodeJS.ProcessEnv, answers: string[], asked: string[]): Io {
  return {
    cwd: root,
    env,
    stdout: () => {},
    stderr: () => {},
    now: () => new Date('2026-11-24T03:00:00Z'),
    ask: async (q) => {
      asked.push(q);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${q}`);
      return answer;
    },
  };
}
