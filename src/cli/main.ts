import { GitReadError } from '../repo/tree.js';
import { Cancelled, EXIT, UsageError, type Command, type Io } from './io.js';

/** Loads a command's module; called only when the command runs. */
export type CommandLoader = () => Promise<{ run: Command; HELP?: string }>;
type CommandTable = Record<string, { summary: string; load: CommandLoader }>;

// Each command lives in its own module and is loaded only when called: start-up stays cheap
// (validate never loads cdktf or octokit).
const commands = {
  validate: { summary: 'Periksa permohonan / check requests, register and policy', load: () => import('./validate.js') },
  new: { summary: 'Buat berkas permohonan / write a new request file', load: () => import('./new.js') },
  approvals: { summary: 'Periksa persetujuan SOP / check SOP approvals on a pull request', load: () => import('./approvals.js') },
  preset: { summary: 'Langkah preset SOP / a preset SOP\'s steps, roles and Mutu Baku', load: () => import('./preset.js') },
  rules: { summary: 'Daftar aturan / list every rule id with an example', load: () => import('./rules.js') },
  synth: { summary: 'Hasilkan Terraform JSON / synthesize Terraform JSON per zone', load: () => import('./synth.js') },
  plan: { summary: 'Tampilkan perubahan DNS / show the DNS changes against a ref', load: () => import('./plan.js') },
  register: { summary: 'Catat ke daftar sub domain / record applied requests in the register', load: () => import('./register.js') },
  step: { summary: 'Catat langkah SOP setelah merge / record an after-merge SOP step from a pull request comment', load: () => import('./step.js') },
  confirm: { summary: 'Catat konfirmasi ulang sub domain / record a subdomain re-confirmation from an issue comment', load: () => import('./confirm.js') },
  guard: { summary: 'Tolak plan dengan terlalu banyak penghapusan / refuse a plan that deletes too many records', load: () => import('./guard.js') },
  letter: { summary: 'Buat surat resmi (PDF) untuk sub domain terdaftar / make the official letters (PDF) for a registered subdomain', load: () => import('./letter.js') },
  site: { summary: 'Buat situs daftar sub domain / build the public register site', load: () => import('./site.js') },
  report: { summary: 'Laporan Mutu Baku / service-standard report from the register', load: () => import('./report.js') },
  intake: { summary: 'Issue formulir → pull request / turn a request form issue into a pull request', load: () => import('./intake.js') },
  import: { summary: 'Ambil alih zona yang ada / adopt the subdomains of an existing zone', load: () => import('./import.js') },
  audit: { summary: 'Bandingkan Cloudflare dengan daftar / compare Cloudflare with the register (drift, unmanaged records)', load: () => import('./audit.js') },
  pace: { summary: 'Jeda panggilan Cloudflare / pace Terraform\'s Cloudflare calls through a loopback proxy (budget, 429 retries)', load: () => import('./pace.js') },
  watch: { summary: 'Pantau sub domain / watch every subdomain (dangling DNS, takeover, certificates, hidden gambling)', load: () => import('./watch.js') },
  incidents: { summary: 'Insiden dari pemantauan / open, escalate and close incident issues from the watch; delete requests after the grace period', load: () => import('./incidents.js') },
  init: { summary: 'Buat repositori kantor baru / create a new office repository for a preset and zone', load: () => import('./init.js') },
  doctor: { summary: 'Periksa kesiapan kantor / can this office go live? policy, workflows and the GitHub settings they need', load: () => import('./doctor.js') },
  demo: { summary: 'Jalankan contoh / run the main job on the example data', load: () => import('./demo.js') },
} satisfies CommandTable;

export type CommandName = keyof typeof commands;
/** Every command this version knows (`subdomain doctor` checks the workflows call only these). */
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

export function defaultIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    now: () => new Date(),
    ...(process.stdin.isTTY ? { ask: askOnTerminal } : {}),
  };
}

/** One question on the terminal; Ctrl+C or Ctrl+D instead of an answer throws `Cancelled`. */
async function askOnTerminal(question: string): Promise<string> {
  const k = (keyboard ??= await openKeyboard());
  const ahead = k.typed.shift();
  if (ahead !== undefined) {
    process.stdout.write(`${question}${ahead}\n`);
    return ahead;
  }
  if (k.closed) throw new Cancelled();
  return new Promise((answer, reject) => {
    k.waiting = { answer, cancel: () => reject(new Cancelled()) };
    k.rl.setPrompt(question);
    k.rl.prompt(true);
  });
}

/**
 * The terminal's readline, one for the whole run (opened at the first question, closed when the
 * command ends), not one per question: a line typed or pasted before its question is asked (while
 * the answer before it is checked) is kept for that question; a closed readline would lose it.
 */
interface Keyboard {
  rl: import('node:readline').Interface;
  /** Lines typed ahead of their question. */
  typed: string[];
  waiting?: { answer(line: string): void; cancel(): void } | undefined;
  closed: boolean;
}
let keyboard: Keyboard | undefined;

async function openKeyboard(): Promise<Keyboard> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stdout, historySize: 0 });
  const k: Keyboard = { rl, typed: [], closed: false };
  const take = () => {
    const waiting = k.waiting;
    k.waiting = undefined;
    rl.setPrompt('');
    return waiting;
  };
  rl.on('line', (line) => {
    const waiting = take();
    if (waiting) waiting.answer(line);
    else k.typed.push(line);
  });
  rl.on('SIGINT', () => {
    const waiting = take();
    if (waiting) return waiting.cancel();
    // Ctrl+C while the command works between questions: it stops there, quietly too.
    rl.close();
    process.stderr.write('\nDibatalkan / cancelled.\n');
    process.exit(EXIT.cancelled);
  });
  rl.on('close', () => {
    k.closed = true;
    take()?.cancel();
  });
  return k;
}

function closeKeyboard(): void {
  keyboard?.rl.close();
  keyboard = undefined;
}

export function usage(table: CommandTable = commands): string {
  const width = Math.max(...Object.keys(table).map((c) => c.length));
  return [
    'Pemakaian / usage: subdomain <perintah/command> [opsi/options]',
    '',
    ...Object.entries(table).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'subdomain <command> --help untuk opsi / for its options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  return runCommand(commands, argv, io);
}

/**
 * A main() that knows only some of the commands, each loaded by the caller's own loader; their
 * summaries, help and error handling are this module's. src/cli/check-entry.ts builds the
 * pull-request check this way: scripts/bundle.mjs bundles the caller's imports and leaves this
 * table's out, so the check's single file holds only the code of its commands.
 */
export function createMain(loaders: Partial<Record<CommandName, CommandLoader>>): (argv: string[], io?: Io) => Promise<number> {
  const table: CommandTable = {};
  for (const [name, load] of Object.entries(loaders) as [CommandName, CommandLoader][]) table[name] = { summary: commands[name].summary, load };
  return (argv, io = defaultIo()) => runCommand(table, argv, io);
}

async function runCommand(table: CommandTable, argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage(table));
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!command) {
    io.stderr(`Perintah tidak dikenal / unknown command: ${name}\n\n${usage(table)}`);
    return EXIT.usage;
  }
  try {
    const { run, HELP } = await command.load();
    if (HELP && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    return await run(rest, io);
  } catch (error) {
    if (error instanceof Cancelled) {
      io.stderr('\nDibatalkan / cancelled.\n');
      return EXIT.cancelled;
    }
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof GitReadError) {
      // Not a bug and not a verdict: what git holds could not be read, so nothing was decided.
      // Exit 2 like any run that cannot decide; never 0 or 1 as if the files had been checked.
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    // A bug of ours, not a user mistake: say so plainly; the stack helps the maintainers only.
    io.stderr(`Kesalahan internal / internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env.SUBDOMAIN_DEBUG) io.stderr(`${error instanceof Error ? error.stack : ''}\n`);
    return EXIT.usage;
  } finally {
    closeKeyboard();
  }
}
