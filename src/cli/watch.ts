import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditZone, type ZoneAudit } from '../adopt/audit.js';
import { accessFromEnv, readZoneRecords } from '../cloudflare/zone-records.js';
import { readDesiredState } from '../dns/desired-state.js';
import { hasErrors } from '../model/problem.js';
import { loadPolicyAndRegister } from '../report/load.js';
import { WorkingTree } from '../repo/tree.js';
import { formatProblems } from '../validate/format.js';
import { cachingClient, dnsClient } from '../watch/dns.js';
import { readWatchResult } from './watch-result.js';
import { renderWatch } from '../watch/render.js';
import { registeredSubjects, selectSubjects, unmanagedSubjects } from '../watch/subjects.js';
import { addressConnector, watch, WATCH_DEFAULTS } from '../watch/watch.js';
import { connectToRules, parseConnectTo, type ConnectTo } from '../watch/web.js';
import { EXIT, parseOptions, UsageError, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain watch [--zone ZONA] [--name FQDN …] [--format text|json|markdown]
                 subdomain watch --from BERKAS/FILE [--format text|json|markdown]

Memeriksa setiap sub domain terdaftar (dan, bila CLOUDFLARE_API_TOKEN ada, setiap catatan tak
terkelola di Cloudflare): DNS menggantung (target NXDOMAIN), CNAME ke layanan pihak ketiga yang
belum diklaim (pengambilalihan), alamat privat/metadata, sertifikat HTTPS, pengalihan HTTPS dan
HSTS, serta konten judi online tersembunyi. Keluar 0 bila bersih, 1 bila ada temuan, 2 bila gagal.
Checks every registered subdomain (and, with CLOUDFLARE_API_TOKEN, every unmanaged record at
Cloudflare): dangling DNS (NXDOMAIN targets), CNAMEs to unclaimed third-party services
(takeover), private/metadata addresses, HTTPS certificates, HTTPS redirect and HSTS, and hidden
online-gambling content. Exits 0 when clean, 1 with findings, 2 when it cannot check.

  --resolver HOST:PORT         server DNS yang ditanya / the DNS server asked (default: the system's)
  --connect-to NAME:PORT=ADDR:PORT
                               seperti curl: hubungi ADDR:PORT untuk NAME:PORT (NAME kosong = semua);
                               tujuan ini dipakai apa adanya / like curl; these targets are used as given
  --ca FILE                    CA tambahan yang dipercaya / an extra trusted CA (PEM)
  --timeout DETIK/SECONDS      per halaman / per page (default ${WATCH_DEFAULTS.timeoutMs / 1000})
  --concurrency N              nama sekaligus / names at once (default ${WATCH_DEFAULTS.concurrency})
  --from FILE                  tidak memeriksa apa pun: menampilkan hasil JSON yang sudah ditulis
                               (\`--format json\`) dalam --format yang diminta; kode keluar sama /
                               checks nothing: renders a JSON result written before in the --format
                               asked for; the same exit codes

Alamat privat, loopback, link-local dan metadata tidak pernah dihubungi, baik lewat DNS maupun
sebagai alamat IP dalam pengalihan (kecuali tujuan --connect-to).
Private, loopback, link-local and metadata addresses are never contacted, whether reached through
DNS or as an IP address in a redirect (except --connect-to targets).
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      zone: { type: 'string' },
      name: { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      resolver: { type: 'string' },
      'connect-to': { type: 'string', multiple: true },
      ca: { type: 'string' },
      timeout: { type: 'string' },
      concurrency: { type: 'string' },
      from: { type: 'string' },
    },
  }, HELP);
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format: text | json | markdown\n\n${HELP}`);
  if (values.from !== undefined) {
    const others = (['zone', 'name', 'resolver', 'connect-to', 'ca', 'timeout', 'concurrency'] as const).filter((o) => values[o] !== undefined);
    if (others.length > 0) {
      throw new UsageError(`--from tidak dapat digabung dengan / cannot be combined with ${others.map((o) => `--${o}`).join(', ')}\n\n${HELP}`);
    }
    const read = readWatchResult(io.cwd, values.from, `--from ${values.from}`);
    if (!read.ok) {
      io.stderr(read.error);
      return EXIT.usage;
    }
    io.stdout(renderWatch(read.report, format));
    return read.report.findings.length === 0 ? EXIT.ok : EXIT.problems;
  }
  const timeoutMs = positive(values.timeout, '--timeout', WATCH_DEFAULTS.timeoutMs / 1000) * 1000;
  const concurrency = Math.floor(positive(values.concurrency, '--concurrency', WATCH_DEFAULTS.concurrency));
  let rules: ConnectTo[];
  try {
    rules = (values['connect-to'] ?? []).map(parseConnectTo);
  } catch (error) {
    throw new UsageError(`--connect-to: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
  }
  let ca: Buffer | undefined;
  if (values.ca) {
    try {
      ca = readFileSync(resolve(io.cwd, values.ca));
    } catch {
      io.stderr(`--ca ${values.ca}: berkas tidak dapat dibaca / the file cannot be read.\n`);
      return EXIT.usage;
    }
  }
  let dns;
  try {
    dns = cachingClient(dnsClient({ ...(values.resolver ? { server: values.resolver } : {}), timeoutMs: 3000, tries: 2 }));
  } catch (error) {
    throw new UsageError(`--resolver: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
  }

  const tree = new WorkingTree(io.cwd);
  const loaded = loadPolicyAndRegister(tree);
  if (!loaded.ok) {
    io.stderr(formatProblems(loaded.problems));
    io.stderr('Daftar tidak dapat dibaca; pemantauan tidak dijalankan. / The register cannot be read; nothing was watched.\n');
    return EXIT.usage;
  }
  const zones = loaded.policy.zones.filter((z) => !values.zone || z.name === values.zone.toLowerCase().replace(/\.$/, ''));
  if (zones.length === 0) {
    io.stderr(`Zona ${values.zone} tidak ada di kebijakan / is not in the policy.\n`);
    return EXIT.usage;
  }
  const desired = await readDesiredState(tree, loaded.policy, { requests: false });
  if (hasErrors(desired.problems)) {
    io.stderr(formatProblems(desired.problems));
    io.stderr('Daftar tidak dapat dibaca; pemantauan tidak dijalankan. / The register cannot be read; nothing was watched.\n');
    return EXIT.usage;
  }
  const subjects = registeredSubjects(desired.state, loaded.items);
  if (io.env.CLOUDFLARE_API_TOKEN) {
    // With a token the forgotten names are watched too; a token that cannot read is a failure, not "none".
    const access = accessFromEnv(io.env);
    if ('id' in access) {
      io.stderr(`${access.id}\n${access.en}\n`);
      return EXIT.usage;
    }
    const audits: ZoneAudit[] = [];
    for (const zone of zones) {
      const read = await readZoneRecords(access, zone.cloudflare_zone_id, zone.name);
      if (!read.ok) {
        io.stderr(`${zone.name}: ${read.message.id}\n${zone.name}: ${read.message.en}\n`);
        return EXIT.usage;
      }
      audits.push(auditZone(zone, desired.state.zones[zone.name]!, read.records));
    }
    subjects.push(...unmanagedSubjects(audits));
  } else {
    io.stderr('Tanpa CLOUDFLARE_API_TOKEN: hanya sub domain terdaftar yang diperiksa. / Without CLOUDFLARE_API_TOKEN only registered subdomains are checked.\n');
  }
  const selected = selectSubjects(subjects, values.zone, values.name ?? []);
  if (values.name && selected.length < new Set(values.name.map((n) => n.toLowerCase().replace(/\.$/, ''))).size) {
    io.stderr('Sebagian --name tidak terdaftar / some --name values are not registered.\n');
    return EXIT.usage;
  }
  const result = await watch(selected, {
    dns,
    connect: connectToRules(rules, addressConnector(dns)),
    now: io.now(),
    concurrency,
    timeoutMs,
    maxBytes: WATCH_DEFAULTS.maxBytes,
    certificateDays: WATCH_DEFAULTS.certificateDays,
    ...(ca ? { ca } : {}),
  });
  io.stdout(renderWatch(result, format));
  return result.findings.length === 0 ? EXIT.ok : EXIT.problems;
};

function positive(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${option}: angka positif / a positive number\n\n${HELP}`);
  return value;
}
