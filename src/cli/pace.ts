import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_BUDGET, DEFAULT_UPSTREAM, parseBudget, parseUpstream, startPacer, summaryLine } from '../cloudflare/pacer.js';
import { EXIT, parseOptions, UsageError, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain pace [--port N] [--budget REQUESTS/SECONDS] [--upstream URL]
  [--ready-file FILE]

Proksi di 127.0.0.1 yang menjeda panggilan provider Terraform Cloudflare: Cloudflare mengizinkan
1.200 panggilan per 5 menit per pengguna dan provider 5.x tidak menjeda maupun mengulang 429
(cloudflare/terraform-provider-cloudflare#5505). Setiap permintaan diteruskan ke SATU alamat API
saja; permintaan menunggu kuota alih-alih gagal, 429 diulang sesuai retry-after. Berjalan sampai
SIGTERM atau SIGINT, lalu mencetak satu baris ringkasan. Arahkan provider ke sini dengan
TF_VAR_cloudflare_base_url=<alamat yang dicetak>.
A proxy on 127.0.0.1 that paces the Terraform Cloudflare provider's calls: Cloudflare allows
1,200 calls per 5 minutes per user and provider 5.x neither paces nor retries a 429. Every
request goes to ONE API base URL only; requests wait for budget instead of failing, and a 429 is
retried after its retry-after. Runs until SIGTERM or SIGINT, then prints one summary line. Point
the provider here with TF_VAR_cloudflare_base_url=<the printed URL>.

--port N            port di 127.0.0.1 / port on 127.0.0.1 (bawaan/default 0: bebas/ephemeral, dicetak/printed)
--budget R/S        paling banyak R permintaan per S detik / at most R requests per S seconds
                    (bawaan/default ${DEFAULT_BUDGET.requests}/${DEFAULT_BUDGET.seconds})
--upstream URL      alamat API / API base URL (bawaan/default CLOUDFLARE_API_BASE_URL, lalu/else
                    ${DEFAULT_UPSTREAM})
--ready-file FILE   tulis alamat proksi ke FILE saat siap / write the proxy's URL to FILE once it listens

Tidak pernah mencatat header Authorization atau isi permintaan. Never logs the Authorization
header or any body.
Kode keluar / exit: 0 dihentikan/stopped, 1 tidak dapat mendengar/cannot listen, 2 pemakaian/usage
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      port: { type: 'string', default: '0' },
      budget: { type: 'string' },
      upstream: { type: 'string' },
      'ready-file': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
  if (!/^[0-9]{1,5}$/.test(values.port!) || Number(values.port) > 65535) {
    throw new UsageError(`--port harus 0…65535 / --port must be 0…65535 (bukan/not ${values.port})\n\n${HELP}`);
  }
  const budget = values.budget === undefined ? DEFAULT_BUDGET : parseBudget(values.budget);
  if (!budget) throw new UsageError(`--budget harus REQUESTS/SECONDS, mis. 1100/300 / --budget must be REQUESTS/SECONDS, e.g. 1100/300 (bukan/not ${values.budget})\n\n${HELP}`);
  const upstream = values.upstream ?? (io.env.CLOUDFLARE_API_BASE_URL || DEFAULT_UPSTREAM);
  const checked = parseUpstream(upstream);
  if (!(checked instanceof URL)) throw new UsageError(`${checked.id}\n${checked.en}\n\n${HELP}`);

  // Stopped by a signal: a listener is in place before the port is announced, so a SIGTERM sent
  // as soon as the ready file appears stops it cleanly instead of killing it.
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    let pacer;
    try {
      pacer = await startPacer({ upstream, port: Number(values.port), budget, log: (line) => io.stderr(`${line}\n`) });
    } catch (error) {
      io.stderr(`Proksi tidak dapat mendengar di 127.0.0.1:${values.port} / the proxy cannot listen on 127.0.0.1:${values.port} (${error instanceof Error ? error.message : String(error)})\n`);
      return EXIT.problems;
    }
    io.stdout(`Jeda Cloudflare / Cloudflare pacing: ${pacer.url} → ${pacer.upstream} (${budget.requests}/${budget.seconds} s, port ${pacer.port})\n`);
    let code: number = EXIT.ok;
    if (values['ready-file']) {
      // Written whole, then renamed: a reader never sees half a URL.
      const file = resolve(io.cwd, values['ready-file']);
      try {
        writeFileSync(`${file}.tmp`, `${pacer.url}\n`);
        renameSync(`${file}.tmp`, file);
      } catch (error) {
        io.stderr(`--ready-file tidak dapat ditulis / cannot be written: ${error instanceof Error ? error.message : String(error)}\n`);
        code = EXIT.problems;
        stop();
      }
    }
    await stopped;
    const stats = await pacer.close();
    io.stdout(`${summaryLine(stats)}\n`);
    return code;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
};
