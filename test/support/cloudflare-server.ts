import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Cloudflare-like API on 127.0.0.1 for tests: zones and their DNS records, read through
 * the same paths, envelopes, pagination and errors as api.cloudflare.com/client/v4. The
 * limits come from the extract of Cloudflare's OpenAPI description committed in
 * ./cloudflare-openapi/ (see its README for the facts and where each error code comes from).
 */

// ---------------------------------------------------------------------------------------
// Limits, read from the committed extract so that a refresh of it moves them too.

type Limits = { default: number; minimum: number; maximum: number };
const extract = JSON.parse(readFileSync(new URL('./cloudflare-openapi/dns-records.json', import.meta.url), 'utf8')) as {
  paths: Record<string, { get: { parameters: { name: string; schema: Record<string, unknown> }[] } }>;
  components: { schemas: Record<string, Record<string, unknown>> };
};
function limits(path: string, name: string): Limits {
  let schema = extract.paths[path]?.get.parameters.find((p) => p.name === name)?.schema ?? {};
  if (typeof schema.$ref === 'string') schema = extract.components.schemas[schema.$ref.split('/').pop()!] ?? {};
  const n = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
  return { default: n(schema.default, 1), minimum: n(schema.minimum, 1), maximum: n(schema.maximum, Number.MAX_SAFE_INTEGER) };
}
/** `per_page` of the DNS records list as described (default 100, 1 … 5,000,000 in the extract). */
export const DNS_RECORDS_PER_PAGE = limits('/zones/{zone_id}/dns_records', 'per_page');
/** `per_page` of the zones list as described (default 20, 5 … 50 in the extract). */
export const ZONES_PER_PAGE = limits('/zones', 'per_page');

// ---------------------------------------------------------------------------------------
// Data shapes.

/** A record as a test gives it: the API's record object, with everything but type and name optional. */
export interface RecordInput {
  type: string;
  /** Fully qualified, or relative to the zone, or `@` for the apex; stored lower-case and fully qualified. */
  name: string;
  /** Required except for SRV, CAA, HTTPS and SVCB, where it is formatted from `data` when left out (and `data` read from it when that is left out). */
  content?: string;
  ttl?: number;
  proxied?: boolean;
  proxiable?: boolean;
  /** MX, SRV and URI. For SRV, taken from `data.priority` when left out. */
  priority?: number;
  /** SRV: { priority, weight, port, target }; CAA: { flags, tag, value }; HTTPS/SVCB: { priority, target, value }. */
  data?: Record<string, unknown>;
  comment?: string | null;
  tags?: string[];
  settings?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  id?: string;
  created_on?: string;
  modified_on?: string;
}

/** A record as the API serialises it (the key order is the API's). */
export interface ApiRecord {
  id: string;
  name: string;
  type: string;
  content: string;
  priority?: number;
  proxiable: boolean;
  proxied: boolean;
  ttl: number;
  data?: Record<string, unknown>;
  settings: Record<string, unknown>;
  meta: Record<string, unknown>;
  comment: string | null;
  tags: string[];
  created_on: string;
  modified_on: string;
  comment_modified_on?: string;
  tags_modified_on?: string;
}

export interface ZoneInput {
  name: string;
  id?: string;
  status?: 'initializing' | 'pending' | 'active' | 'moved';
  account?: { id: string; name: string };
  name_servers?: string[];
  records?: RecordInput[];
}

export interface ApiZone {
  id: string;
  name: string;
  status: string;
  paused: boolean;
  type: 'full';
  development_mode: number;
  name_servers: string[];
  original_name_servers: string[] | null;
  original_registrar: string | null;
  original_dnshost: string | null;
  modified_on: string;
  created_on: string;
  activated_on: string | null;
  vanity_name_servers: string[];
  meta: Record<string, unknown>;
  owner: { id: string; type: string; email: string | null };
  account: { id: string; name: string };
  permissions: string[];
  plan: Record<string, unknown>;
}

/** What a token may reach: zones (names or ids, or every zone) and whether it may read their DNS records. */
export interface TokenGrant {
  zones?: '*' | string[];
  /** DNS Read on those zones; without it the records endpoints answer 403 (code 10000). Default true. */
  dns?: boolean;
}

export interface Fault {
  /** How many matching requests get this answer; default 1. */
  times?: number;
  /** Default 500, or 200 for `malformed` and `huge`. */
  status?: number;
  /**
   * `error`: Cloudflare's error envelope (default; 429 → code 971); `html`: an HTML error page
   * as Cloudflare's edge serves for 502/504 (default for 502 and 504); `malformed`: JSON cut
   * short; `huge`: a valid JSON envelope of `bytes` bytes.
   */
  body?: 'error' | 'html' | 'malformed' | 'huge';
  /** Seconds, sent as `retry-after`. */
  retryAfter?: number;
  headers?: Record<string, string>;
  /** Size of a `huge` body; default 32 MiB. */
  bytes?: number;
  errors?: { code: number; message: string }[];
  /** Only requests whose path (without /client/v4) matches; default all. */
  path?: RegExp;
  method?: string;
}

/** One request served: method, path without the /client/v4 prefix, query, status. */
export interface CloudflareCall {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

/** The structural shape of test/support/cloudflare-openapi/validator.ts. */
export interface ResponseCheck {
  check(method: string, template: string, status: number, body: unknown): string[];
}

export interface CloudflareServerOptions {
  /** Accepted bearer tokens and their grants; default `{ 'test-token': { zones: '*' } }`. */
  tokens?: Record<string, TokenGrant>;
  zones?: ZoneInput[];
  /**
   * Highest `per_page` served for DNS records; larger values are served this many (the API's
   * behaviour above its maximum is not documented; clamping is the assumption). Default: the
   * description's maximum. Set 5000 to act like the limit external-dns documents.
   */
  dnsRecordsPerPageMax?: number;
  faults?: Fault[];
  /** Timestamp for records and zones created without one; default: the start time. */
  now?: string;
  /** When given, every JSON body is checked; a failing one is recorded in `invalid` and answered with a 500. */
  validator?: ResponseCheck;
}

export interface CloudflareServer {
  /** `http://127.0.0.1:<port>/client/v4`, for `new Cloudflare({ baseURL })` or CLOUDFLARE_API_BASE_URL. */
  baseURL: string;
  /** The first configured token. */
  token: string;
  /** Every request served, in order. */
  calls: CloudflareCall[];
  /** Bodies that failed the validator (a test must keep this empty). */
  invalid: string[];
  /** Number of calls, optionally only those of a method and/or a path (exact or pattern). */
  count(filter?: { method?: string; path?: string | RegExp }): number;
  addZone(zone: ZoneInput): ApiZone;
  /** Adds records to a zone (by name or id) and returns them as the API will serve them. */
  addRecords(zone: string, records: RecordInput[]): ApiRecord[];
  zone(nameOrId: string): ApiZone | undefined;
  records(zone: string): ApiRecord[];
  /** Queues a fault for the next matching request(s). */
  inject(fault: Fault): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Serialisation.

/** 32 lower-case hex characters derived from a text: ids are stable from run to run. */
export const cloudflareId = (text: string) => createHash('md5').update(text).digest('hex');

const PROXIABLE = new Set(['A', 'AAAA', 'CNAME']);
/** Types the description gives by `data` (SRV, CAA, HTTPS and SVCB are formatted here; these must come with both). */
const DATA_TYPES = new Set(['CERT', 'DNSKEY', 'DS', 'LOC', 'NAPTR', 'SMIMEA', 'SSHFP', 'TLSA', 'URI']);

function qualify(name: string, zone: string): string {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === '@' || n === zone) return zone;
  return n.endsWith(`.${zone}`) ? n : `${n}.${zone}`;
}

function toApiRecord(input: RecordInput, zone: string, id: string, now: string): ApiRecord {
  const type = input.type.toUpperCase();
  let content = input.content;
  let data = input.data;
  let priority = input.priority;
  if (type === 'SRV') {
    if (!data && content !== undefined) {
      const [weight, port, target] = content.trim().split(/\s+/);
      data = { priority: priority ?? 0, weight: Number(weight), port: Number(port), target };
    }
    if (!data) throw new Error(`SRV ${input.name}: give data { priority, weight, port, target } or content`);
    priority ??= Number(data.priority ?? 0);
    data = { port: data.port, priority, target: data.target, weight: data.weight };
    content ??= `${String(data.weight)} ${String(data.port)} ${String(data.target)}`;
  } else if (type === 'CAA') {
    if (!data && content !== undefined) {
      const m = /^(\d+)\s+(\S+)\s+"?(.*?)"?$/.exec(content.trim());
      if (!m) throw new Error(`CAA ${input.name}: cannot read content ${content}`);
      data = { flags: Number(m[1]), tag: m[2], value: m[3] };
    }
    if (!data) throw new Error(`CAA ${input.name}: give data { flags, tag, value } or content`);
    content ??= `${String(data.flags)} ${String(data.tag)} "${String(data.value)}"`;
  } else if (type === 'HTTPS' || type === 'SVCB') {
    if (!data && content !== undefined) {
      const m = /^(\d+)\s+(\S+)\s*(.*)$/.exec(content.trim());
      if (!m) throw new Error(`${type} ${input.name}: cannot read content ${content}`);
      data = { priority: Number(m[1]), target: m[2], value: m[3] };
    }
    if (!data) throw new Error(`${type} ${input.name}: give data { priority, target, value } or content`);
    content ??= `${String(data.priority)} ${String(data.target)} ${String(data.value ?? '')}`.trim();
  } else if (DATA_TYPES.has(type) && (!data || content === undefined)) {
    throw new Error(`${type} ${input.name}: give both data and content (the API describes ${type} by its data)`);
  } else if (content === undefined) {
    throw new Error(`${type} ${input.name}: content is required`);
  } else if (type === 'MX' && priority === undefined) {
    throw new Error(`MX ${input.name}: priority is required`);
  }
  const created = input.created_on ?? now;
  const modified = input.modified_on ?? created;
  const comment = input.comment ?? null;
  const tags = input.tags ?? [];
  const record: ApiRecord = {
    id,
    name: qualify(input.name, zone),
    type,
    content: content!,
    ...(priority !== undefined && (type === 'MX' || type === 'SRV' || type === 'URI') ? { priority } : {}),
    proxiable: input.proxiable ?? PROXIABLE.has(type),
    proxied: input.proxied ?? false,
    ttl: input.ttl ?? 1,
    ...(data ? { data } : {}),
    settings: input.settings ?? (type === 'CNAME' ? { flatten_cname: false } : {}),
    meta: input.meta ?? {},
    comment,
    tags,
    created_on: created,
    modified_on: modified,
    ...(comment !== null ? { comment_modified_on: modified } : {}),
    ...(tags.length > 0 ? { tags_modified_on: modified } : {}),
  };
  return record;
}

function toApiZone(input: ZoneInput, now: string): ApiZone {
  const name = input.name.toLowerCase();
  const account = input.account ?? { id: cloudflareId('account:diskominfo'), name: 'Diskominfo' };
  return {
    id: input.id ?? cloudflareId(`zone:${name}`),
    name,
    status: input.status ?? 'active',
    paused: false,
    type: 'full',
    development_mode: 0,
    name_servers: input.name_servers ?? ['anya.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    modified_on: now,
    created_on: now,
    activated_on: (input.status ?? 'active') === 'active' ? now : null,
    vanity_name_servers: [],
    meta: { step: 2, custom_certificate_quota: 0, page_rule_quota: 3, phishing_detected: false },
    owner: { id: account.id, type: 'user', email: null },
    account,
    permissions: ['#dns_records:read', '#zone:read'],
    plan: { id: '0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee', name: 'Free Website', price: 0, currency: 'USD', frequency: '', is_subscribed: false, can_subscribe: false, legacy_id: 'free', legacy_discount: false, externally_managed: false },
  };
}

type Message = { code: number; message: string; error_chain?: Message[] };
const envelope = (errors: Message[]) => ({ success: false, errors, messages: [], result: null });
/** The errors the fake answers with; the README beside the extract says where each comes from. */
export const CLOUDFLARE_ERRORS = {
  missingAuth: { code: 9106, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' },
  badHeader: { code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] },
  invalidToken: { code: 9109, message: 'Invalid access token' },
  invalidApiToken: { code: 1000, message: 'Invalid API Token' },
  authentication: { code: 10000, message: 'Authentication error' },
  noRoute: { code: 7000, message: 'No route for that URI' },
  couldNotRoute: (path: string) => ({ code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` }),
  recordMissing: { code: 81044, message: 'Record does not exist.' },
  methodNotAllowed: { code: 10405, message: 'Method not allowed (this fake serves GET only)' },
  rateLimited: { code: 971, message: 'Please wait and consider throttling your request speed' },
  internal: { code: 10001, message: 'Internal server error' },
};

const E = CLOUDFLARE_ERRORS;

const HTML_ERROR = (status: number) =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;

// ---------------------------------------------------------------------------------------
// The server.

interface Held {
  zone: ApiZone;
  records: ApiRecord[];
  /** The JSON of each record, serialised once: a page is a join of these. */
  json: string[];
  index: Map<string, number>;
}

/** `raw`: a fault's answer, served as is (not checked against the description). */
type Reply = { status: number; body: string; headers?: Record<string, string>; template?: string; raw?: boolean };

function pageOf(query: URLSearchParams, limits: Limits, max: number) {
  const asInt = (v: string | null) => (v === null || v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Math.floor(Number(v)));
  const page = Math.max(1, asInt(query.get('page')) ?? 1);
  const perPage = Math.min(max, Math.max(limits.minimum, asInt(query.get('per_page')) ?? limits.default));
  return { page, perPage };
}

function collection(items: string[], total: number, page: number, perPage: number): string {
  const info = { page, per_page: perPage, count: items.length, total_count: total, total_pages: Math.ceil(total / perPage) };
  return `{"result":[${items.join(',')}],"success":true,"errors":[],"messages":[],"result_info":${JSON.stringify(info)}}`;
}

function recordFilter(query: URLSearchParams): ((r: ApiRecord) => boolean) | undefined {
  const tests: ((r: ApiRecord) => boolean)[] = [];
  const text = (field: 'name' | 'content') => {
    const exact = query.get(`${field}.exact`) ?? query.get(field);
    const lower = (r: ApiRecord) => r[field].toLowerCase();
    if (exact !== null) tests.push((r) => lower(r) === exact.toLowerCase());
    const contains = query.get(`${field}.contains`);
    if (contains !== null) tests.push((r) => lower(r).includes(contains.toLowerCase()));
    const starts = query.get(`${field}.startswith`);
    if (starts !== null) tests.push((r) => lower(r).startsWith(starts.toLowerCase()));
    const ends = query.get(`${field}.endswith`);
    if (ends !== null) tests.push((r) => lower(r).endsWith(ends.toLowerCase()));
  };
  text('name');
  text('content');
  const type = query.get('type');
  if (type !== null) tests.push((r) => r.type === type.toUpperCase());
  const proxied = query.get('proxied');
  if (proxied !== null) tests.push((r) => r.proxied === (proxied === 'true'));
  if (tests.length === 0) return undefined;
  return query.get('match') === 'any' ? (r) => tests.some((t) => t(r)) : (r) => tests.every((t) => t(r));
}

function zoneNameFilter(value: string): (name: string) => boolean {
  const [op, ...rest] = value.split(':');
  const arg = rest.join(':').toLowerCase();
  switch (rest.length > 0 ? op : 'equal') {
    case 'contains': return (n) => n.includes(arg);
    case 'starts_with': return (n) => n.startsWith(arg);
    case 'ends_with': return (n) => n.endsWith(arg);
    case 'not_equal': return (n) => n !== arg;
    default: return (n) => n === value.toLowerCase();
  }
}

export async function startCloudflareServer(options: CloudflareServerOptions = {}): Promise<CloudflareServer> {
  const tokens = options.tokens ?? { 'test-token': { zones: '*' } };
  const now = options.now ?? new Date().toISOString();
  const dnsMax = Math.min(options.dnsRecordsPerPageMax ?? DNS_RECORDS_PER_PAGE.maximum, DNS_RECORDS_PER_PAGE.maximum);
  const faults: (Fault & { times: number })[] = [];
  const zones = new Map<string, Held>();
  const byName = new Map<string, string>();
  const calls: CloudflareCall[] = [];
  const invalid: string[] = [];
  let serial = 0;

  const held = (nameOrId: string) => zones.get(nameOrId) ?? zones.get(byName.get(nameOrId.toLowerCase()) ?? '');

  const addZone = (input: ZoneInput): ApiZone => {
    const zone = toApiZone(input, now);
    zones.set(zone.id, { zone, records: [], json: [], index: new Map() });
    byName.set(zone.name, zone.id);
    if (input.records) addRecords(zone.id, input.records);
    return zone;
  };
  const addRecords = (zoneRef: string, inputs: RecordInput[]): ApiRecord[] => {
    const h = held(zoneRef);
    if (!h) throw new Error(`no zone ${zoneRef}`);
    return inputs.map((input) => {
      const record = toApiRecord(input, h.zone.name, input.id ?? cloudflareId(`record:${h.zone.name}:${serial++}`), now);
      h.index.set(record.id, h.records.length);
      h.records.push(record);
      h.json.push(JSON.stringify(record));
      return record;
    });
  };
  const inject = (fault: Fault) => faults.push({ ...fault, times: fault.times ?? 1 });
  for (const z of options.zones ?? []) addZone(z);
  for (const f of options.faults ?? []) inject(f);

  const grantOf = (token: string) => tokens[token];
  const reaches = (grant: TokenGrant, zone: ApiZone) => grant.zones === '*' || (grant.zones ?? []).some((z) => z.toLowerCase() === zone.name || z === zone.id);

  const json = (status: number, body: unknown, template?: string): Reply => ({ status, body: JSON.stringify(body), ...(template ? { template } : {}) });
  const fail = (status: number, ...errors: Message[]) => json(status, envelope(errors));

  /** Routes an authenticated GET. */
  const route = (path: string, fullPath: string, query: URLSearchParams, grant: TokenGrant): Reply => {
    if (path === '/user/tokens/verify') {
      const id = cloudflareId(`token:${Object.keys(tokens).find((t) => tokens[t] === grant) ?? ''}`);
      return json(200, { result: { id, status: 'active' }, success: true, errors: [], messages: [{ code: 10000, message: 'This API Token is valid and active', type: null }] }, path);
    }
    if (path === '/zones') {
      const { page, perPage } = pageOf(query, ZONES_PER_PAGE, ZONES_PER_PAGE.maximum);
      const name = query.get('name');
      const matches = name === null ? () => true : zoneNameFilter(name);
      const status = query.get('status');
      const accountId = query.get('account.id');
      const all = [...zones.values()].map((h) => h.zone).filter((z) => reaches(grant, z) && matches(z.name) && (status === null || z.status === status) && (accountId === null || z.account.id === accountId));
      const items = all.slice((page - 1) * perPage, page * perPage).map((z) => JSON.stringify(z));
      return { status: 200, body: collection(items, all.length, page, perPage), template: '/zones' };
    }
    const m = /^\/zones\/([^/]+)(?:\/(dns_records)(?:\/([^/]+))?)?$/.exec(path);
    if (!m) return fail(404, E.noRoute);
    const [, zoneId, dns, recordId] = m as unknown as [string, string, string | undefined, string | undefined];
    const h = /^[0-9a-f]{32}$/.test(zoneId) ? zones.get(zoneId) : undefined;
    if (!h) return grant.zones === '*' ? fail(404, E.couldNotRoute(fullPath), E.noRoute) : fail(403, E.authentication);
    if (!reaches(grant, h.zone)) return fail(403, E.authentication);
    if (!dns) return json(200, { result: h.zone, success: true, errors: [], messages: [] }, '/zones/{zone_id}');
    if (grant.dns === false) return fail(403, E.authentication);
    if (recordId !== undefined) {
      const i = h.index.get(recordId);
      if (i === undefined) return fail(404, E.recordMissing);
      return { status: 200, body: `{"result":${h.json[i]!},"success":true,"errors":[],"messages":[]}`, template: '/zones/{zone_id}/dns_records/{dns_record_id}' };
    }
    const { page, perPage } = pageOf(query, DNS_RECORDS_PER_PAGE, dnsMax);
    const keep = recordFilter(query);
    const source = keep ? h.json.filter((_, i) => keep(h.records[i]!)) : h.json;
    const items = source.slice((page - 1) * perPage, page * perPage);
    return { status: 200, body: collection(items, source.length, page, perPage), template: '/zones/{zone_id}/dns_records' };
  };

  const faultReply = (f: Fault): Reply & { huge?: true } => {
    const kind = f.body ?? (f.status === 502 || f.status === 504 ? 'html' : 'error');
    const status = f.status ?? (kind === 'malformed' || kind === 'huge' ? 200 : 500);
    const headers = { ...(f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {}), ...f.headers };
    if (kind === 'huge') return { status, headers, body: '', raw: true, huge: true };
    if (kind === 'malformed') return { status, headers, body: '{"result":[{"id":"', raw: true };
    if (kind === 'html') return { status, headers: { 'content-type': 'text/html', ...headers }, body: HTML_ERROR(status), raw: true };
    const errors = f.errors ?? [status === 429 ? E.rateLimited : status === 401 || status === 403 ? E.authentication : E.internal];
    return { status, headers, body: JSON.stringify(envelope(errors)), raw: true };
  };

  const sendHuge = async (res: ServerResponse, status: number, bytes: number, headers: Record<string, string>) => {
    const head = '{"result":[],"success":true,"errors":[],"messages":[],"result_info":{"page":1,"per_page":100,"count":0,"total_count":0,"total_pages":0},"padding":"';
    const tail = '"}';
    const fill = Math.max(0, bytes - head.length - tail.length);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(head.length + fill + tail.length), ...headers });
    res.write(head);
    const chunk = 'x'.repeat(64 * 1024);
    let left = fill;
    let closed = false;
    let wake = () => {};
    res.on('close', () => {
      closed = true;
      wake();
    });
    res.on('drain', () => wake());
    while (left > 0 && !closed) {
      const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
      left -= piece.length;
      if (!res.write(piece)) await new Promise<void>((resolve) => (wake = resolve));
    }
    if (!closed) res.end(tail);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for await (const _ of req) void _;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const prefixed = url.pathname.startsWith('/client/v4/');
    const path = prefixed ? url.pathname.slice('/client/v4'.length) : url.pathname;
    const call: CloudflareCall = { method, path, query: Object.fromEntries(url.searchParams), status: 0 };
    calls.push(call);
    const send = (reply: Reply) => {
      let { status, body } = reply;
      const template = reply.template ?? (status >= 400 ? templateOf(path) : undefined);
      if (options.validator && template && !reply.raw) {
        const problems = options.validator.check(method, template, status, JSON.parse(body));
        if (problems.length > 0) {
          invalid.push(...problems);
          status = 500;
          body = JSON.stringify(envelope([{ code: 10001, message: `fake Cloudflare served an invalid body: ${problems[0]}` }]));
        }
      }
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'cf-ray': `${cloudflareId(String(calls.length)).slice(0, 16)}-CGK`, ...reply.headers });
      res.end(body);
    };

    const fi = faults.findIndex((f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    if (fi >= 0) {
      const f = faults[fi]!;
      f.times -= 1;
      if (f.times === 0) faults.splice(fi, 1);
      const reply = faultReply(f);
      if (!reply.huge) return send(reply);
      call.status = reply.status;
      return sendHuge(res, reply.status, f.bytes ?? 32 * 1024 * 1024, reply.headers ?? {});
    }
    if (!prefixed) return send(fail(404, E.noRoute));
    const auth = req.headers.authorization;
    if (auth === undefined && req.headers['x-auth-key'] === undefined) return send(fail(400, E.missingAuth));
    const m = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(auth ?? '');
    if (!m) return send(fail(400, E.badHeader));
    const grant = grantOf(m[1]!);
    if (!grant) return send(path === '/user/tokens/verify' ? fail(401, E.invalidApiToken) : fail(403, E.invalidToken));
    if (method !== 'GET') return send(fail(405, E.methodNotAllowed));
    send(route(path, url.pathname, url.searchParams, grant));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(envelope([{ code: 10001, message: `fake Cloudflare failed: ${String(error)}` }])));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseURL: `http://127.0.0.1:${port}/client/v4`,
    token: Object.keys(tokens)[0] ?? '',
    calls,
    invalid,
    count(filter = {}) {
      return calls.filter((c) => (!filter.method || c.method === filter.method) && (filter.path === undefined || (typeof filter.path === 'string' ? c.path === filter.path : filter.path.test(c.path)))).length;
    },
    addZone,
    addRecords,
    zone: (nameOrId) => held(nameOrId)?.zone,
    records: (zone) => [...(held(zone)?.records ?? [])],
    inject,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The description's path template for a served path, so that error bodies can be checked too. */
function templateOf(path: string): string | undefined {
  if (path === '/zones') return '/zones';
  if (/^\/zones\/[^/]+$/.test(path)) return '/zones/{zone_id}';
  if (/^\/zones\/[^/]+\/dns_records$/.test(path)) return '/zones/{zone_id}/dns_records';
  if (/^\/zones\/[^/]+\/dns_records\/[^/]+$/.test(path)) return '/zones/{zone_id}/dns_records/{dns_record_id}';
  if (path === '/user/tokens/verify') return path;
  return undefined;
}
