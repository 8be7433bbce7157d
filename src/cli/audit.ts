import { auditZone, isClean, type ZoneAudit } from '../adopt/audit.js';
import { renderAudit } from '../adopt/audit-render.js';
import { accessFromEnv, readZoneRecords } from '../cloudflare/zone-records.js';
import { readDesiredState } from '../dns/desired-state.js';
import { hasErrors } from '../model/problem.js';
import { loadPolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { formatProblems } from '../validate/format.js';
import { EXIT, parseOptions, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain audit [--zone ZONA] [--format text|json|markdown]

Membaca semua catatan zona di Cloudflare (satu panggilan per 5.000 catatan) dan
membandingkannya dengan daftar sub domain (subdomains/): sesuai; berubah (diubah di dasbor);
hilang; tambahan pada nama terdaftar; dan tak terkelola (tidak ada di daftar maupun di daftar
infrastruktur: nama yang terlupakan). Keluar 0 bila bersih, 1 bila ada temuan, 2 bila gagal.
Reads every record of the zone at Cloudflare (one call per 5,000 records) and compares it with
the register: in sync; drifted (changed in the dashboard); missing; extra under a registered
name; and unmanaged (in neither the register nor the infrastructure list: the forgotten
names). Exits 0 when clean, 1 with findings, 2 when it cannot check.

  CLOUDFLARE_API_TOKEN     Zone → DNS → Read dan/and Zone → Zone → Read
  CLOUDFLARE_API_BASE_URL  opsional / optional
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({ args, options: { zone: { type: 'string' }, format: { type: 'string', default: 'text' } } }, HELP);
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    io.stderr(`--format: text | json | markdown\n\n${HELP}`);
    return EXIT.usage;
  }
  const access = accessFromEnv(io.env);
  if ('id' in access) {
    io.stderr(`${access.id}\n${access.en}\n`);
    return EXIT.usage;
  }
  const tree = new WorkingTree(io.cwd);
  const policy = loadPolicy(tree);
  if (!policy.ok) {
    io.stderr(formatProblems(policy.problems));
    return EXIT.usage;
  }
  const zones = policy.policy.zones.filter((z) => !values.zone || z.name === values.zone.toLowerCase().replace(/\.$/, ''));
  if (zones.length === 0) {
    io.stderr(`Zona ${values.zone} tidak ada di kebijakan / is not in the policy.\n`);
    return EXIT.usage;
  }
  // What is applied: the register alone, never the pending requests.
  const desired = await readDesiredState(tree, policy.policy, { requests: false });
  if (hasErrors(desired.problems)) {
    io.stderr(formatProblems(desired.problems));
    io.stderr('Daftar tidak dapat dibaca; audit tidak dijalankan. / The register cannot be read; no audit was made.\n');
    return EXIT.usage;
  }
  const audits: ZoneAudit[] = [];
  let calls = 0;
  for (const zone of zones) {
    const read = await readZoneRecords(access, zone.cloudflare_zone_id, zone.name);
    if (!read.ok) {
      io.stderr(`${zone.name}: ${read.message.id}\n${zone.name}: ${read.message.en}\n`);
      return EXIT.usage;
    }
    calls += read.calls;
    audits.push(auditZone(zone, desired.state.zones[zone.name]!, read.records));
  }
  io.stdout(renderAudit(audits, format, calls));
  return audits.every(isClean) ? EXIT.ok : EXIT.problems;
};
