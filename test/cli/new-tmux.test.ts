// `subdomain new` in a real terminal: the CLI runs as its own process (node bin/subdomain.js) in
// a tmux pane, keys are typed with `tmux send-keys` and the screen is read with
// `tmux capture-pane`, the way a person at the Diskominfo desk sees it. test/cli/new.test.ts checks
// the same interview in-process through `Io.ask`; this file checks what only a terminal shows:
// readline, the error printed under the answer and the question asked again, Ctrl+C.
//
// The CLI run is compiled from src/ into a temporary folder (esbuild, one file per module, the
// layout of `npm run build`), so it is never a stale dist/ and the repository's dist/ is left alone.
// Each test has its own tmux server (`tmux -L`), killed after the test, and works in a temporary
// copy of test/fixtures/office. Without tmux the tests are skipped, saying so; .ci/run installs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';

const repo = resolve(import.meta.dirname, '..', '..');
const OFFICE = join(repo, 'test', 'fixtures', 'office');
const REQUEST = 'requests/antrean.bekasikota.go.id.yaml';

const HAVE_TMUX = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
if (!HAVE_TMUX) console.warn('test/cli/new-tmux.test.ts: tmux is not installed, the terminal tests of `subdomain new` are skipped (apt-get install tmux)');

/** How long one thing on the screen may take to appear: generous, for a busy 2-core CI machine. */
const DEADLINE_MS = 30_000;
const TEST_TIMEOUT_MS = 240_000;

// ---- the CLI, built from the source ------------------------------------------------------

let cli: string;
const made: string[] = [];

/** src/ compiled to <dir>/dist as `npm run build` lays it out, with bin/, package.json and node_modules beside. */
async function buildCli(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'subdomain-tmux-cli-'));
  made.push(dir);
  const src = join(repo, 'src');
  // Not the editors' hidden files (others may be editing src/ while the tests run).
  const files = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && /\.(ts|json|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
  await build({
    entryPoints: files.filter((f) => f.endsWith('.ts')),
    outdir: join(dir, 'dist'),
    outbase: src,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  // The files modules read beside themselves (validators, schemas, fingerprints), as scripts/build.mjs copies them.
  for (const file of files.filter((f) => !f.endsWith('.ts'))) {
    const to = join(dir, 'dist', file.slice(src.length + 1));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(file, to);
  }
  cpSync(join(repo, 'bin'), join(dir, 'bin'), { recursive: true });
  copyFileSync(join(repo, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return join(dir, 'bin', 'subdomain.js');
}

/** The built CLI run directly (not on a terminal), for `validate` and the flags. */
function runBuilt(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: cleanEnv(cwd) });
}

/** No token, no user git configuration, no git repository above the office copy. */
function cleanEnv(cwd: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: cwd,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: dirname(cwd),
  };
}

// ---- the terminal --------------------------------------------------------------------------

let sockets = 0;

/**
 * One tmux server with one 120×40 pane running a command; the pane and its screen stay after the
 * command ends. The exit status is written by the pane's shell to a file: tmux 3.3a, on a busy
 * machine, now and then leaves the ended command unreaped, with no #{pane_dead_status} ever.
 */
class Terminal {
  readonly socket = `subdomain-new-${process.pid}-${++sockets}`;
  private readonly conf: string;
  private readonly status: string;

  constructor(work: string) {
    this.conf = join(work, 'tmux.conf');
    this.status = join(work, 'status');
    // Read when the server starts, so the pane cannot end before remain-on-exit applies.
    writeFileSync(this.conf, 'set -g remain-on-exit on\nset -g history-limit 10000\nset -g default-shell /bin/sh\n');
  }

  tmux(...args: string[]): string {
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
    delete env.TMUX;
    return execFileSync('tmux', ['-u', '-L', this.socket, '-f', this.conf, ...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  start(cwd: string, args: string[]): void {
    const env = Object.entries(cleanEnv(cwd)).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
    const status = shellQuote(this.status);
    const command = `env -i ${env} TERM=screen ${shellQuote(process.execPath)} ${shellQuote(cli)} ${args.map(shellQuote).join(' ')}; echo $? > ${status}.new && mv ${status}.new ${status}`;
    this.tmux('new-session', '-d', '-s', 'cli', '-x', '120', '-y', '40', '-c', cwd, command);
  }

  /** Types `text` and presses Enter. */
  type(text: string): void {
    if (text !== '') this.tmux('send-keys', '-t', 'cli', '-l', '--', text);
    this.tmux('send-keys', '-t', 'cli', 'Enter');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'cli', ...keys);
  }

  /** Every line the pane has shown (scrollback included), wrapped lines joined, without the blank lines below. */
  lines(): string[] {
    const lines = this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'cli').split('\n').map((l) => l.trimEnd());
    // tmux's own note on a pane whose command ended is not the CLI's output.
    const shown = lines.filter((l) => !l.startsWith('Pane is dead'));
    while (shown.length > 0 && shown.at(-1) === '') shown.pop();
    return shown;
  }

  /** The exit status once the command has ended (128 + N when signal N ended it), else undefined. */
  exitStatus(): number | undefined {
    return existsSync(this.status) ? Number(readFileSync(this.status, 'utf8').trim()) : undefined;
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Polls until `ready` holds for the screen; fails with what the screen shows after the deadline. */
async function waitFor<T>(t: Terminal, what: string, ready: (lines: string[]) => T | undefined | false): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const lines = t.lines();
    const value = ready(lines);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waited ${DEADLINE_MS / 1000} s for ${what}; the screen shows:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A question is waiting for its answer: the last line is a prompt starting with `prompt`, nothing typed after it. */
const asks = (line: string | undefined, prompt: string) => line !== undefined && line.trim().startsWith(prompt) && line.trimEnd().endsWith(':');

/** Waits until the question starting with `prompt` waits for its answer. */
async function question(t: Terminal, prompt: string): Promise<string> {
  return waitFor(t, `the question "${prompt}…"`, (lines) => (asks(lines.at(-1), prompt) ? lines.at(-1)! : undefined));
}

/**
 * Answers the waiting question with `text` and waits for the next question, which starts with
 * `next`. Returns what the screen shows from the answered line to the next question, inclusive.
 */
async function answer(t: Terminal, text: string, next: string): Promise<string[]> {
  const before = t.lines();
  const at = before.length - 1;
  expect(before[at]!.trimEnd().endsWith(':'), `no question waits for "${text}":\n${before.join('\n')}`).toBe(true);
  t.type(text);
  return waitFor(t, `the question "${next}…" after the answer "${text}"`, (lines) => (lines.length > before.length && asks(lines.at(-1), next) ? lines.slice(at) : undefined));
}

/** Answers in order, each followed by the question that starts with the next prompt. */
async function answerAll(t: Terminal, steps: readonly (readonly [answer: string, next: string])[]): Promise<void> {
  for (const [text, next] of steps) {
    const shown = await answer(t, text, next);
    expect(shown.filter((l) => l.includes('✖')), `"${text}" was refused:\n${shown.join('\n')}`).toEqual([]);
  }
}

async function exited(t: Terminal): Promise<number> {
  return waitFor(t, 'the command to end', () => t.exitStatus());
}

// ---- the answers -----------------------------------------------------------------------------

const P = {
  action: 'Jenis permohonan / action',
  opd: 'OPD pemohon / requesting OPD',
  name: 'Nama subdomain / subdomain name',
  purpose: 'Tujuan / purpose',
  letterNumber: 'Nomor surat permohonan / letter number',
  letterDate: 'Tanggal surat / letter date',
  signerName: 'Nama penanda tangan / signer name',
  signerNip: 'NIP penanda tangan / signer NIP',
  signerPosition: 'Jabatan penanda tangan / signer position',
  via: 'Surat diterima kantor melalui / letter received through',
  reference: 'Nomor e-office (Srikandi)',
  attachment: 'Tautan surat bertanda tangan (PDF)',
  contactName: 'Nama penanggung jawab teknis / technical contact name',
  contactNip: 'NIP penanggung jawab / contact NIP',
  email: 'E-mail',
  phone: 'Telepon / phone',
  hosting: 'Minta hosting di pusat data? / ask for hosting?',
  record: (n: number) => `catatan/record ${n}`,
} as const;

const PURPOSE = 'Layanan antrean puskesmas untuk warga Kota Bekasi.';

/** Answer, then the question it leads to: a create request for antrean.bekasikota.go.id, typed the way people type. */
const UP_TO_SIGNER_NIP = [
  ['create', P.opd],
  ['dinkes', P.name],
  ['antrean', P.purpose],
  [PURPOSE, P.letterNumber],
  ['400.7/1021/Dinkes', P.letterDate],
  ['18-11-2025', P.signerName],
  ['dr. Tanti Rohilawati, M.Kes', P.signerNip],
] as const;
const SIGNER_NIP_TO_RECORDS = [
  ['19720503 199903 2 004', P.signerPosition],
  ['Kepala Dinas Kesehatan', P.via],
  ['', P.reference],
  ['', P.attachment],
  ['', P.contactName],
  ['Andi Prasetyo', P.contactNip],
  ['19900115 201503 1 002', P.email],
  ['andi.prasetyo@bekasikota.go.id', P.phone],
  ['0812-3456-7890', P.hosting],
  ['n', P.record(1)],
] as const;

/** The same request as flags. */
const FLAGS = [
  '--action', 'create', '--opd', 'dinkes', '--name', 'antrean', '--purpose', PURPOSE,
  '--letter-number', '400.7/1021/Dinkes', '--letter-date', '2025-11-18',
  '--signer-name', 'dr. Tanti Rohilawati, M.Kes', '--signer-nip', '197205031999032004', '--signer-position', 'Kepala Dinas Kesehatan',
  '--contact-name', 'Andi Prasetyo', '--contact-nip', '199001152015031002',
  '--contact-email', 'andi.prasetyo@bekasikota.go.id', '--contact-phone', '081234567890',
  '--record', 'A 103.147.8.45 ttl=3600', '--record', 'MX 10 mx1.bekasikota.go.id', '--record', '_dmarc TXT v=DMARC1; p=reject',
  '--local',
];

/** The request files of a folder. */
const requests = (root: string) => readdirSync(join(root, 'requests')).sort();

// ---- the tests ------------------------------------------------------------------------------

describe('subdomain new in a real terminal (tmux)', () => {
  let term: Terminal | undefined;

  beforeAll(async () => {
    if (HAVE_TMUX) cli = await buildCli();
  }, 120_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(() => {
    cleanupTemps();
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** `subdomain new` started in a fresh copy of the office, its first question on the screen. */
  async function start(args: string[] = ['new']): Promise<{ t: Terminal; root: string }> {
    const root = tempCopy(OFFICE);
    const work = mkdtempSync(join(tmpdir(), 'subdomain-tmux-'));
    made.push(work);
    term = new Terminal(work);
    term.start(root, args);
    await question(term, P.action);
    return { t: term, root };
  }

  /**
   * A refused answer: right under the answered line the error in Indonesian, then in English,
   * then the same question again, waiting.
   */
  function expectRefusedAtPrompt(shown: string[], prompt: string, typed: string, id: RegExp, en: RegExp): void {
    const text = shown.join('\n');
    expect(shown[0]!.trim(), text).toMatch(new RegExp(`^${escape(prompt)}.*: ${escape(typed)}$`));
    expect(shown[1], text).toMatch(/^ {2}✖ /);
    expect(shown[1], text).toMatch(id);
    expect(shown[2], text).toMatch(/^ {4}\S/);
    expect(shown[2], text).toMatch(en);
    expect(shown, text).toHaveLength(4);
    expect(shown[3]!.trim(), text).toBe(shown[0]!.trim().slice(0, -typed.length).trim());
  }

  it.skipIf(!HAVE_TMUX)('refuses a wrong answer right at its question, in Indonesian and English, and asks it again; dd-mm-yyyy is taken', async () => {
    const { t, root } = await start();
    const before = requests(root);

    await answerAll(t, [['create', P.opd], ['dinkes', P.name]]);
    expectRefusedAtPrompt(await answer(t, 'sehat!', P.name), P.name, 'sehat!',
      /Label `sehat!` hanya boleh berisi huruf a–z, angka 0–9/, /Label `sehat!` may hold only a–z, 0–9/);
    await answerAll(t, UP_TO_SIGNER_NIP.slice(2));

    expectRefusedAtPrompt(await answer(t, '3275011203900004', P.signerNip), P.signerNip, '3275011203900004',
      /tampaknya NIK \(nomor KTP\), bukan NIP/, /look like a NIK \(identity card number\), not a NIP/);
    await answerAll(t, SIGNER_NIP_TO_RECORDS);

    expectRefusedAtPrompt(await answer(t, 'A 10.0.0.1', P.record(1)), P.record(1), 'A 10.0.0.1',
      /`10\.0\.0\.1` adalah alamat privat/, /`10\.0\.0\.1` is a private address/);
    await answerAll(t, [['A 103.147.8.45', P.record(2)]]);
    // Nothing is written while the questions go on.
    expect(requests(root)).toEqual(before);

    t.type('');
    expect(await exited(t), t.lines().join('\n')).toBe(0);
    const screen = t.lines().join('\n');
    expect(screen).toContain(`Ditulis / written: ${REQUEST}`);
    expect(screen).not.toMatch(/Pemeriksaan akhir|internal|Error/);
    // Every answer kept, the corrected ones as corrected; the date typed dd-mm-yyyy as yyyy-mm-dd.
    const written = parse(readFileSync(join(root, REQUEST), 'utf8'));
    expect(written).toMatchObject({
      action: 'create',
      opd: 'dinkes',
      letter: { number: '400.7/1021/Dinkes', date: '2025-11-18', signer: { name: 'dr. Tanti Rohilawati, M.Kes', nip: '197205031999032004', position: 'Kepala Dinas Kesehatan' } },
      purpose: PURPOSE,
      contact: { name: 'Andi Prasetyo', nip: '199001152015031002', email: 'andi.prasetyo@bekasikota.go.id', phone: '081234567890' },
      records: [{ type: 'A', value: '103.147.8.45' }],
    });
  }, TEST_TIMEOUT_MS);

  it.skipIf(!HAVE_TMUX)('Ctrl+C in the middle of the interview ends it quietly: one line, exit 130, no file', async () => {
    const { t, root } = await start();
    const before = requests(root);
    await answerAll(t, UP_TO_SIGNER_NIP.slice(0, 4));
    // Half an answer typed, then Ctrl+C instead of Enter.
    t.keys('-l', '400.7/');
    await waitFor(t, 'the half-typed answer', (lines) => lines.at(-1)!.endsWith('400.7/'));
    const asked = t.lines().length;
    t.keys('C-c');

    expect(await exited(t)).toBe(130);
    const lines = t.lines();
    const after = lines.slice(asked).filter((l) => l.trim() !== '');
    expect(after, lines.join('\n')).toEqual(['Dibatalkan / cancelled.']);
    expect(lines.join('\n')).not.toMatch(/Error|internal|^\s+at |\.js:\d+|\.ts:\d+/m);
    expect(requests(root)).toEqual(before);
  }, TEST_TIMEOUT_MS);

  it.skipIf(!HAVE_TMUX)('keeps answers typed ahead of their question, pasted as several lines or typed while the last one is checked', async () => {
    const { t } = await start();
    // Pasted: three lines in one go, while only the first question is asked.
    t.keys('-l', '--', 'create\rdinkes\rantrean\r');
    await question(t, P.purpose);
    // Typed fast: the next answer's keys arrive before its question is asked.
    t.type(PURPOSE);
    t.type('400.7/1021/Dinkes');
    await question(t, P.letterDate);
    const screen = t.lines();
    const text = screen.join('\n');
    expect(text).not.toContain('✖');
    for (const [prompt, typed] of [[P.action, 'create'], [P.opd, 'dinkes'], [P.name, 'antrean'], [P.purpose, PURPOSE], [P.letterNumber, '400.7/1021/Dinkes']] as const) {
      expect(screen.some((l) => l.startsWith(prompt) && l.endsWith(`: ${typed}`)), `${prompt}…: ${typed}\n${text}`).toBe(true);
    }
    await answerAll(t, UP_TO_SIGNER_NIP.slice(5));
    t.keys('C-c');
    expect(await exited(t)).toBe(130);
  }, TEST_TIMEOUT_MS);

  it.skipIf(!HAVE_TMUX)('a finished interview writes the request file that the flags write, and it passes subdomain validate', async () => {
    const { t, root } = await start();
    await answerAll(t, [...UP_TO_SIGNER_NIP, ...SIGNER_NIP_TO_RECORDS]);
    await answerAll(t, [
      ['A 103.147.8.45 ttl=3600', P.record(2)],
      ['MX 10 mx1.bekasikota.go.id', P.record(3)],
      ['_dmarc TXT v=DMARC1; p=reject', P.record(4)],
    ]);
    t.type('');
    expect(await exited(t), t.lines().join('\n')).toBe(0);
    expect(t.lines().join('\n')).toContain(`Ditulis / written: ${REQUEST}`);

    const validate = runBuilt(root, ['validate']);
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout + validate.stderr).not.toContain(REQUEST);

    const byFlags = tempCopy(OFFICE);
    const flags = runBuilt(byFlags, ['new', ...FLAGS]);
    expect(flags.status, flags.stderr).toBe(0);
    expect(readFileSync(join(root, REQUEST), 'utf8')).toBe(readFileSync(join(byFlags, REQUEST), 'utf8'));
  }, TEST_TIMEOUT_MS);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
