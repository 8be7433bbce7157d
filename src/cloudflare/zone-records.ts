// The one adapter to Cloudflare's API, through the official client (`cloudflare` on npm,
// Apache-2.0, no dependencies, Node 18+): page-number pagination and retries on 429/5xx with
// `retry-after` are the client's. Everything else sees LiveRecord values.
import Cloudflare from 'cloudflare';
import { msg, type Message } from '../model/problem.js';
import { CLOUDFLARE_API_BASE } from './api-base.js';
import type { LiveRecord } from '../zone/live-record.js';


/** Records per page: Cloudflare's maximum for the DNS records list, so a 20,000-record zone takes 4 calls. */
export const PAGE_SIZE = 5000;

/** A guard against an answer that never ends: 1,000 pages of 5,000 is far beyond any regency's zone. */
const MAX_PAGES = 1000;

/**
 * Bytes one answer may have, counted as they arrive: a page of 5,000 records is a few MiB, so
 * anything near this is not a zone. Without a cap a runaway answer is held whole in memory and
 * fails late with a V8 string-length error.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface CloudflareAccess {
  token: string;
  /** `CLOUDFLARE_API_BASE_URL`, else Cloudflare's. */
  baseURL?: string;
  maxRetries?: number;
  /** Default MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

export type ZoneRead =
  | { ok: true; records: LiveRecord[]; calls: number }
  | { ok: false; message: Message };

/** The access settings from the environment, or why there are none. */
export function accessFromEnv(env: NodeJS.ProcessEnv): CloudflareAccess | Message {
  const token = env.CLOUDFLARE_API_TOKEN?.trim();
  if (!token) {
    return msg(
      'CLOUDFLARE_API_TOKEN belum diisi. Buat token Cloudflare dengan izin Zone → DNS → Read untuk zona ini saja, lalu jalankan lagi.',
      'CLOUDFLARE_API_TOKEN is not set. Create a Cloudflare token with Zone → DNS → Read on this zone only, then run again.');
  }
  return { token, ...(env.CLOUDFLARE_API_BASE_URL ? { baseURL: env.CLOUDFLARE_API_BASE_URL } : {}) };
}

/**
 * Every DNS record of a zone, after checking that the zone id really is the named zone. Any
 * failure (token, permission, network, a malformed answer) is one message and no records: the
 * caller never works from part of a zone.
 */
export async function readZoneRecords(access: CloudflareAccess, zoneId: string, zoneName: string): Promise<ZoneRead> {
  let calls = 0;
  const limit = access.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  let oversized = false;
  // What the failing call asked for: a 403 on the zone lacks Zone:Read, one on its records DNS:Read.
  let stage: Stage = 'zone';
  const client = new Cloudflare({
    apiToken: access.token,
    baseURL: access.baseURL ?? CLOUDFLARE_API_BASE,
    maxRetries: access.maxRetries ?? 5,
    timeout: 60_000,
    fetch: async (input, init) => {
      calls++;
      return capped(await fetch(input, init), limit, () => (oversized = true));
    },
  });
  try {
    const zone = await client.zones.get({ zone_id: zoneId });
    stage = 'records';
    if (zone.name.toLowerCase() !== zoneName) {
      return { ok: false, message: msg(
        `Zona Cloudflare ${zoneId} adalah ${zone.name}, bukan ${zoneName}: periksa cloudflare_zone_id di .github/sop.yaml.`,
        `Cloudflare zone ${zoneId} is ${zone.name}, not ${zoneName}: check cloudflare_zone_id in .github/sop.yaml.`) };
    }
    const records: LiveRecord[] = [];
    // Pages by number until `result_info.total_pages`: the client's own iterator asks for one
    // more, empty page, a call per zone that a 5-call audit budget cannot spare.
    for (let number = 1; number <= MAX_PAGES; number++) {
      const page = await client.dns.records.list({ zone_id: zoneId, per_page: PAGE_SIZE, page: number });
      for (const record of page.result) {
        const live = liveRecord(record as unknown as ApiRecord, zoneName);
        if (typeof live === 'string') return { ok: false, message: msg(`Jawaban Cloudflare tidak sah: ${live}.`, `Cloudflare's answer is not valid: ${live}.`) };
        records.push(live);
      }
      const total = (page.result_info as { total_pages?: unknown }).total_pages;
      if (page.result.length === 0 || (typeof total === 'number' && number >= total)) return { ok: true, records, calls };
    }
    return { ok: false, message: msg(`Zona lebih dari ${MAX_PAGES} halaman catatan; dihentikan.`, `The zone has more than ${MAX_PAGES} pages of records; stopped.`) };
  } catch (error) {
    if (oversized) {
      const mib = Math.round(limit / 1024 / 1024);
      return { ok: false, message: msg(
        `Jawaban Cloudflare lebih dari ${mib} MiB untuk satu panggilan (${stage === 'zone' ? 'data zona' : 'satu halaman catatan DNS'}); dibaca sampai batas itu lalu dihentikan. Zona sebesar itu bukan zona DNS yang wajar: periksa CLOUDFLARE_API_BASE_URL.`,
        `Cloudflare's answer is over ${mib} MiB for one call (${stage === 'zone' ? 'the zone' : 'one page of DNS records'}); read up to that limit, then stopped. No DNS zone is that large: check CLOUDFLARE_API_BASE_URL.`) };
    }
    return { ok: false, message: failure(error, stage) };
  }
}

type Stage = 'zone' | 'records';

/**
 * The answer with its body counted as it streams: past `limit` bytes (after decompression, so
 * a compressed bomb counts too) the download is cancelled and reading fails, before the client
 * holds it whole. A declared `content-length` over the limit fails at once, unread.
 */
function capped(response: Response, limit: number, over: () => void): Response {
  const body = response.body;
  if (!body || response.status === 204 || response.status === 205 || response.status === 304) return response;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const reader = body.getReader();
  let seen = 0;
  const refuse = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    over();
    void reader.cancel().catch(() => {});
    controller.error(new Error(`response body over ${limit} bytes`));
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (Number.isFinite(declared) && declared > limit) refuse(controller);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      seen += value.byteLength;
      if (seen > limit) refuse(controller);
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The fields of Cloudflare's DNS record object the product reads. */
interface ApiRecord {
  id?: unknown;
  name?: unknown;
  type?: unknown;
  content?: unknown;
  ttl?: unknown;
  proxied?: unknown;
  priority?: unknown;
  comment?: unknown;
  data?: { priority?: unknown; weight?: unknown; port?: unknown; target?: unknown } | null;
}

function liveRecord(record: ApiRecord, zoneName: string): LiveRecord | string {
  const { id, name, type, content, ttl } = record;
  if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) return `record id ${JSON.stringify(id)?.slice(0, 80)}`;
  if (typeof name !== 'string' || typeof type !== 'string' || !/^[A-Z0-9]{1,10}$/.test(type) || typeof ttl !== 'number') return `record ${id}`;
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower !== zoneName && !lower.endsWith(`.${zoneName}`)) return `record ${id} (${lower.slice(0, 100)}) is outside ${zoneName}`;
  let text = typeof content === 'string' ? content : undefined;
  let priority = typeof record.priority === 'number' ? record.priority : undefined;
  if (type === 'SRV' && record.data) {
    const { weight, port, target } = record.data;
    if (text === undefined && typeof weight === 'number' && typeof port === 'number' && typeof target === 'string') text = `${weight} ${port} ${target}`;
    if (priority === undefined && typeof record.data.priority === 'number') priority = record.data.priority;
  }
  if (text === undefined || text.length > 8192) return `record ${id} content`;
  return {
    id,
    name: lower,
    type,
    content: text,
    ttl,
    ...(priority !== undefined ? { priority } : {}),
    ...(record.proxied === true ? { proxied: true } : {}),
    ...(typeof record.comment === 'string' && record.comment !== '' ? { comment: record.comment } : {}),
  };
}

function apiErrorCodes(error: InstanceType<typeof Cloudflare.APIError>): number[] {
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) ? errors.map((e) => (e as { code?: unknown }).code).filter((c): c is number => typeof c === 'number') : [];
}

function failure(error: unknown, stage: Stage): Message {
  const codes = error instanceof Cloudflare.APIError ? apiErrorCodes(error) : [];
  // Cloudflare answers a token it does not know with 403 and code 9109 (6003/6111: a malformed header).
  if (error instanceof Cloudflare.AuthenticationError || codes.some((c) => c === 9109 || c === 6003 || c === 6111)) {
    return msg('Cloudflare menolak token (401): token salah, kedaluwarsa, atau dicabut. Buat token baru (Zone → DNS → Read).',
      'Cloudflare refused the token (401): it is wrong, expired or revoked. Create a new token (Zone → DNS → Read).');
  }
  if (error instanceof Cloudflare.PermissionDeniedError) {
    return stage === 'zone'
      ? msg('Token tidak dapat membaca zona ini (403 pada GET /zones/{id}): izin Zone → Zone → Read (Zone:Read) untuk zona ini belum ada, atau token dibatasi ke zona lain. Tambahkan Zone → Zone → Read dan Zone → DNS → Read pada zona ini.',
        'The token cannot read this zone (403 on GET /zones/{id}): it lacks Zone → Zone → Read (Zone:Read) on this zone, or is limited to other zones. Add Zone → Zone → Read and Zone → DNS → Read on this zone.')
      : msg('Token dapat membaca zona, tetapi tidak catatan DNS-nya (403 pada GET /zones/{id}/dns_records): izin Zone → DNS → Read (DNS:Read) untuk zona ini belum ada. Tambahkan izin itu pada token.',
        'The token can read the zone but not its DNS records (403 on GET /zones/{id}/dns_records): it lacks Zone → DNS → Read (DNS:Read) on this zone. Add that permission to the token.');
  }
  if (error instanceof Cloudflare.NotFoundError) {
    return msg('Zona tidak ditemukan di Cloudflare (404): periksa cloudflare_zone_id di .github/sop.yaml.',
      'The zone was not found at Cloudflare (404): check cloudflare_zone_id in .github/sop.yaml.');
  }
  if (error instanceof Cloudflare.RateLimitError) {
    return msg('Cloudflare membatasi jumlah panggilan (429) dan tetap menolak setelah beberapa kali dicoba. Coba lagi beberapa menit lagi.',
      'Cloudflare rate-limited the calls (429) and still refused after several retries. Try again in a few minutes.');
  }
  if (error instanceof Cloudflare.APIConnectionError) {
    return msg('Cloudflare tidak dapat dihubungi (jaringan). Tidak ada yang ditulis.', 'Cloudflare cannot be reached (network). Nothing was written.');
  }
  if (error instanceof Cloudflare.APIError) {
    return msg(`Cloudflare menjawab dengan galat ${error.status ?? ''}. Tidak ada yang ditulis.`, `Cloudflare answered with error ${error.status ?? ''}. Nothing was written.`);
  }
  const text = error instanceof Error ? error.message : String(error);
  return msg(`Jawaban Cloudflare tidak dapat dibaca (${text.slice(0, 200)}). Tidak ada yang ditulis.`, `Cloudflare's answer cannot be read (${text.slice(0, 200)}). Nothing was written.`);
}
