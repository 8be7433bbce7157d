import { msg, problem, type Problem } from '../model/problem.js';
import { isHostName, normalizeHost } from './host-name.js';
import type { RecordKind, RecordRef, RecordsOwner } from './record.js';

/**
 * SRV (RFC 2782): `_service._proto` under the subdomain, a priority (kept apart from the content,
 * as Cloudflare does), a weight, a port and a target host. A target of `.` says the service is
 * decidedly not offered at this name (RFC 2782, RFC 6186 §3.4); Cloudflare stores it as `.`.
 */
export interface SrvParts {
  weight: number;
  port: number;
  /** Lower case, no trailing dot; `.` for "no service". */
  target: string;
}

/** The protocols Cloudflare offers for SRV records. */
export const SRV_PROTOCOLS = ['_tcp', '_udp', '_tls'] as const;
const SRV_NAME = new RegExp(`^_[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.(${SRV_PROTOCOLS.join('|')})$`);

function srvTarget(value: string): string {
  const v = value.trim();
  return v === '.' ? '.' : normalizeHost(v);
}

/**
 * Cloudflare's content `weight port target` (priority apart), the target with or without its
 * trailing dot; a record without target (older API answers: `0\t0`) is the `.` target.
 */
export function parseSrv(content: string): SrvParts | undefined {
  const match = /^(\d{1,5})\s+(\d{1,5})(?:\s+(\S+))?$/.exec(content.trim());
  if (!match) return undefined;
  const weight = Number(match[1]);
  const port = Number(match[2]);
  if (weight > 65535 || port > 65535) return undefined;
  return { weight, port, target: srvTarget(match[3] ?? '.') };
}

function present(parts: SrvParts): string {
  return `${parts.weight} ${parts.port} ${parts.target}`;
}

export const SRV: RecordKind = {
  type: 'SRV',
  proxiable: false,
  listIsOneRecord: false,
  listIsRecords: false,
  hasPriority: true,
  check: checkSrv,
  content: ({ value, weight, port }) => present({ weight: weight ?? 0, port: port ?? 0, target: srvTarget(String(value)) }),
  written: (content) => {
    const srv = parseSrv(content);
    return srv ? { value: srv.target, weight: srv.weight, port: srv.port } : { value: content };
  },
  fromProvider: (content) => {
    // Cloudflare's API answers `weight port target`; its OpenAPI description also shows the
    // zone-file form with the priority first (`10 IN SRV 5 8806 example.com.`), which is read too.
    const text = content.trim().replace(/^\d{1,5}\s+(?:IN\s+SRV\s+)?(?=\d{1,5}\s+\d{1,5}\s+\S+$)/i, '');
    const srv = parseSrv(text);
    return srv ? present(srv) : content.trim();
  },
  // Provider 5.14.0 wants the priority inside `data` (the API requires it there) and the
  // resource's top-level `priority` set to the same number, else every plan shows a change
  // (cloudflare/terraform-provider-cloudflare#6684); synthesis sets the top-level one.
  provider: ({ content, priority }) => {
    const srv = parseSrv(content) ?? { weight: 0, port: 0, target: content };
    return { data: { priority: priority ?? 0, weight: srv.weight, port: srv.port, target: srv.target } };
  },
  target: (content) => parseSrv(content)?.target ?? content,
};

/** SRV needs `name: _service._proto`, `priority`, `weight` and `port`, and a host name (or `.`) as target. */
function checkSrv(ref: RecordRef, owner: RecordsOwner): Problem[] {
  const { record } = ref;
  const problems: Problem[] = [];
  if (record.name === undefined || !SRV_NAME.test(record.name)) {
    problems.push(problem(owner.path, 'record/srv-name', msg(
      `Catatan SRV wajib punya \`name\` berbentuk _layanan._protokol (contoh: _sip._tcp, _xmpp-client._tcp; protokol ${SRV_PROTOCOLS.join(', ')})${record.name !== undefined ? `, bukan \`${record.name}\`` : ''}.`,
      `An SRV record needs a \`name\` of the form _service._proto (e.g. _sip._tcp, _xmpp-client._tcp; protocol ${SRV_PROTOCOLS.join(', ')})${record.name !== undefined ? `, not \`${record.name}\`` : ''}.`),
    ref.at(record.name !== undefined ? 'name' : undefined)));
  }
  const missing = (['priority', 'weight', 'port'] as const).filter((field) => record[field] === undefined);
  if (missing.length > 0) {
    const fields = missing.map((f) => `\`${f}\``).join(', ');
    problems.push(problem(owner.path, 'record/srv-fields', msg(
      `Catatan SRV wajib punya ${fields} (bilangan 0–65535): priority makin kecil makin diutamakan, weight membagi beban di antara target berprioritas sama, port tempat layanan.`,
      `An SRV record needs ${fields} (integers 0–65535): lower priority is preferred, weight shares load among targets of equal priority, port is where the service listens.`), ref.at()));
  }
  const value = String(record.value).trim();
  if (value !== '.' && (!isHostName(value) || /^[0-9.:]+$/.test(value))) {
    problems.push(problem(owner.path, 'record/srv-target', msg(
      `Target SRV \`${value}\` harus nama host (contoh: sip.bekasikota.go.id), bukan alamat IP; tulis \`.\` bila layanan itu memang tidak ada.`,
      `SRV target \`${value}\` must be a host name (e.g. sip.bekasikota.go.id), not an IP address; write \`.\` when the service is deliberately not offered.`), ref.at('value')));
  }
  return problems;
}
