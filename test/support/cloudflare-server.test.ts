import Cloudflare from 'cloudflare';
import { loadCloudflareValidator, loadExtract } from './cloudflare-openapi/validator.js';
import { cloudflareId, DNS_RECORDS_PER_PAGE, startCloudflareServer, ZONES_PER_PAGE, type CloudflareServer, type RecordInput } from './cloudflare-server.js';

const validator = loadCloudflareValidator();
const ZONE = 'bandungkab.go.id';
const LIST = '/zones/{zone_id}/dns_records';
const DETAILS = '/zones/{zone_id}/dns_records/{dns_record_id}';
const NOW = '2026-12-01T00:00:00.000000Z';

/** One record of each type the product writes, given as a test would give them. */
const SAMPLE: RecordInput[] = [
  { type: 'A', name: '@', content: '203.0.113.10', proxied: true },
  { type: 'AAAA', name: 'www', content: '2001:db8::10', ttl: 300 },
  { type: 'CNAME', name: 'portal', content: 'portal-bandungkab.pages.dev', comment: 'portal layanan' },
  { type: 'TXT', name: '_dmarc', content: '"v=DMARC1; p=reject"', tags: ['owner:diskominfo'] },
  { type: 'MX', name: '@', content: 'mail.bandungkab.go.id', priority: 10, ttl: 3600 },
  { type: 'CAA', name: '@', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } },
  { type: 'NS', name: 'dinkes', content: 'ns1.dinkes.bandungkab.go.id' },
  { type: 'SRV', name: '_sip._tcp', data: { priority: 10, weight: 5, port: 5060, target: 'sip.bandungkab.go.id' } },
];

const many = (n: number, zone = ZONE): RecordInput[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'A', name: `h${i}.${zone}`, content: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }));

async function raw(server: CloudflareServer, path: string, init: { token?: string | null; authorization?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.authorization !== undefined) headers.authorization = init.authorization;
  else if (init.token !== null) headers.authorization = `Bearer ${init.token ?? server.token}`;
  const res = await fetch(`${server.baseURL}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Record<string, any>) : undefined };
}

const client = (server: CloudflareServer, options: { token?: string; maxRetries?: number } = {}) =>
  new Cloudflare({ apiToken: options.token ?? server.token, baseURL: server.baseURL, maxRetries: options.maxRetries ?? 2 });

describe('the extract of Cloudflare’s OpenAPI description', () => {
  const doc = loadExtract();

  it('records where it came from and the limits the fake serves', () => {
    expect(doc.info['x-extracted-from']).toMatchObject({ repository: 'https://github.com/cloudflare/api-schemas', file: 'openapi.json', license: 'BSD-3-Clause' });
    expect(DNS_RECORDS_PER_PAGE).toEqual({ default: 100, minimum: 1, maximum: 5_000_000 });
    expect(ZONES_PER_PAGE).toEqual({ default: 20, minimum: 5, maximum: 50 });
    expect(Object.keys(doc.paths).sort()).toEqual(['/user/tokens/verify', '/zones', '/zones/{zone_id}', LIST, DETAILS]);
  });

  it('describes a 4XX body for DNS records that no body can meet, so errors are checked against the failure envelope', () => {
    const fourXX = (doc.paths[LIST]!.get!.responses as any)['4xx'].content['application/json'].schema;
    expect(JSON.stringify(fourXX)).toContain('dns-records_api-response-common-failure');
    expect(validator.schema('GET', LIST, 404)).toEqual({ $ref: expect.stringMatching(/dns-records_api-response-common-failure$/) });
    expect(validator.check('GET', LIST, 404, { success: false, errors: [{ code: 7003, message: 'x' }], messages: [], result: null })).toEqual([]);
    expect(validator.check('GET', LIST, 404, { success: true, errors: [], messages: [], result: null })).not.toEqual([]);
  });
});

describe('the fake Cloudflare: answers checked against the description', () => {
  let server: CloudflareServer;
  let zoneId: string;
  let emptyId: string;
  beforeAll(async () => {
    server = await startCloudflareServer({ now: NOW, validator, zones: [{ name: ZONE, records: [...SAMPLE, ...many(250)] }, { name: 'kosong.go.id' }] });
    zoneId = server.zone(ZONE)!.id;
    emptyId = server.zone('kosong.go.id')!.id;
  });
  afterAll(() => server.close());
  afterEach(() => expect(server.invalid).toEqual([]));

  it('listens on 127.0.0.1 under /client/v4', () => {
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(zoneId).toBe(cloudflareId(`zone:${ZONE}`));
    expect(zoneId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('serves a full page, the last page and a page past the end with result_info', async () => {
    const first = await raw(server, `/zones/${zoneId}/dns_records?per_page=100`);
    expect(validator.check('GET', LIST, 200, first.body)).toEqual([]);
    expect(first.body!.result).toHaveLength(100);
    expect(first.body!.result_info).toEqual({ page: 1, per_page: 100, count: 100, total_count: 258, total_pages: 3 });

    const last = await raw(server, `/zones/${zoneId}/dns_records?per_page=100&page=3`);
    expect(validator.check('GET', LIST, 200, last.body)).toEqual([]);
    expect(last.body!.result_info).toEqual({ page: 3, per_page: 100, count: 58, total_count: 258, total_pages: 3 });

    const past = await raw(server, `/zones/${zoneId}/dns_records?per_page=100&page=4`);
    expect(validator.check('GET', LIST, 200, past.body)).toEqual([]);
    expect(past.body!.result).toEqual([]);
    expect(past.body!.result_info).toEqual({ page: 4, per_page: 100, count: 0, total_count: 258, total_pages: 3 });
  });

  it('serves an empty zone', async () => {
    const empty = await raw(server, `/zones/${emptyId}/dns_records`);
    expect(validator.check('GET', LIST, 200, empty.body)).toEqual([]);
    expect(empty.body).toEqual({ result: [], success: true, errors: [], messages: [], result_info: { page: 1, per_page: 100, count: 0, total_count: 0, total_pages: 0 } });
  });

  it('uses the described per_page default and clamps per_page outside 1 … maximum', async () => {
    expect((await raw(server, `/zones/${zoneId}/dns_records`)).body!.result_info.per_page).toBe(100);
    expect((await raw(server, `/zones/${zoneId}/dns_records?per_page=0`)).body!.result_info.per_page).toBe(1);
    const above = await raw(server, `/zones/${zoneId}/dns_records?per_page=9000000`);
    expect(above.body!.result_info).toMatchObject({ per_page: 5_000_000, count: 258, total_pages: 1 });
  });

  it('filters by type and name as the API does (name.exact is what the SDK sends)', async () => {
    const mx = await raw(server, `/zones/${zoneId}/dns_records?type=MX`);
    expect(mx.body!.result.map((r: any) => r.content)).toEqual(['mail.bandungkab.go.id']);
    const www = await raw(server, `/zones/${zoneId}/dns_records?name.exact=WWW.${ZONE}`);
    expect(www.body!.result.map((r: any) => r.type)).toEqual(['AAAA']);
    const apex = await raw(server, `/zones/${zoneId}/dns_records?name=${ZONE}&type=A`);
    expect(apex.body!.result).toHaveLength(1);
  });

  it('serialises each record type exactly like the API', async () => {
    const records = server.records(ZONE).slice(0, SAMPLE.length);
    const details = [];
    for (const r of records) {
      const got = await raw(server, `/zones/${zoneId}/dns_records/${r.id}`);
      expect(validator.check('GET', DETAILS, 200, got.body)).toEqual([]);
      expect(got.body!.result).toEqual(r);
      details.push(got.body!.result);
    }
    const [a, aaaa, cname, txt, mx, caa, ns, srv] = details;
    const common = { settings: {}, meta: {}, comment: null, tags: [], created_on: NOW, modified_on: NOW };
    expect(a).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), name: ZONE, type: 'A', content: '203.0.113.10', proxiable: true, proxied: true, ttl: 1, ...common });
    expect(Object.keys(a)).toEqual(['id', 'name', 'type', 'content', 'proxiable', 'proxied', 'ttl', 'settings', 'meta', 'comment', 'tags', 'created_on', 'modified_on']);
    expect(aaaa).toMatchObject({ name: `www.${ZONE}`, type: 'AAAA', proxiable: true, proxied: false, ttl: 300, comment: null, tags: [] });
    expect(cname).toMatchObject({ type: 'CNAME', settings: { flatten_cname: false }, comment: 'portal layanan', comment_modified_on: NOW });
    expect(txt).toMatchObject({ name: `_dmarc.${ZONE}`, content: '"v=DMARC1; p=reject"', proxiable: false, proxied: false, tags: ['owner:diskominfo'], tags_modified_on: NOW });
    expect(mx).toMatchObject({ content: 'mail.bandungkab.go.id', priority: 10, proxiable: false, ttl: 3600 });
    expect(Object.keys(mx).slice(3, 6)).toEqual(['content', 'priority', 'proxiable']);
    expect(caa).toMatchObject({ content: '0 issue "letsencrypt.org"', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' }, proxiable: false });
    expect(caa).not.toHaveProperty('priority');
    expect(ns).toMatchObject({ name: `dinkes.${ZONE}`, type: 'NS', content: 'ns1.dinkes.bandungkab.go.id' });
    expect(srv).toMatchObject({ name: `_sip._tcp.${ZONE}`, content: '5 5060 sip.bandungkab.go.id', priority: 10, data: { port: 5060, priority: 10, target: 'sip.bandungkab.go.id', weight: 5 } });
  });

  it('reads data from content for SRV, CAA and HTTPS given the API’s way, and refuses a record it cannot serialise', async () => {
    const s = await startCloudflareServer({ validator, zones: [{ name: 'lain.go.id' }] });
    try {
      const [srv, caa, https] = s.addRecords('lain.go.id', [
        { type: 'SRV', name: '_sip._udp', content: '5 5060 sip.lain.go.id', priority: 20 },
        { type: 'CAA', name: '@', content: '0 issuewild "pki.goog"' },
        { type: 'HTTPS', name: 'www', content: '1 . alpn="h2"' },
      ]);
      expect(srv).toMatchObject({ priority: 20, data: { priority: 20, weight: 5, port: 5060, target: 'sip.lain.go.id' } });
      expect(caa).toMatchObject({ data: { flags: 0, tag: 'issuewild', value: 'pki.goog' } });
      expect(https).toMatchObject({ content: '1 . alpn="h2"', data: { priority: 1, target: '.', value: 'alpn="h2"' } });
      const list = await raw(s, `/zones/${s.zone('lain.go.id')!.id}/dns_records`);
      expect(validator.check('GET', LIST, 200, list.body)).toEqual([]);
      expect(() => s.addRecords('lain.go.id', [{ type: 'MX', name: '@', content: 'mx.lain.go.id' }])).toThrow(/priority/);
      expect(() => s.addRecords('lain.go.id', [{ type: 'TLSA', name: '_443._tcp', content: '3 1 1 abcd' }])).toThrow(/data/);
    } finally {
      await s.close();
    }
  });

  it('serves the zones list, zone details and token verify', async () => {
    const list = await raw(server, `/zones?name=${ZONE}`);
    expect(validator.check('GET', '/zones', 200, list.body)).toEqual([]);
    expect(list.body!.result.map((z: any) => z.id)).toEqual([zoneId]);
    expect(list.body!.result_info).toEqual({ page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 });
    const all = await raw(server, '/zones?per_page=500');
    expect(all.body!.result_info).toMatchObject({ per_page: 50, total_count: 2 });
    const zone = await raw(server, `/zones/${zoneId}`);
    expect(validator.check('GET', '/zones/{zone_id}', 200, zone.body)).toEqual([]);
    expect(zone.body!.result).toMatchObject({ id: zoneId, name: ZONE, status: 'active' });
    const verify = await raw(server, '/user/tokens/verify');
    expect(validator.check('GET', '/user/tokens/verify', 200, verify.body)).toEqual([]);
    expect(verify.body!.result).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'active' });
  });

  const errors: [string, string, { token?: string | null; authorization?: string }, number, number[]][] = [
    ['no Authorization header', `/zones/ZONE/dns_records`, { token: null }, 400, [9106]],
    ['an Authorization header that is not Bearer', `/zones/ZONE/dns_records`, { authorization: 'Basic dXNlcjpwYXNz' }, 400, [6003]],
    ['an unknown token', `/zones/ZONE/dns_records`, { token: 'not-a-token' }, 403, [9109]],
    ['an unknown token on token verify', '/user/tokens/verify', { token: 'not-a-token' }, 401, [1000]],
    ['a token without access to the zone', `/zones/ZONE/dns_records`, { token: 'other-zone' }, 403, [10000]],
    ['a token without DNS Read', `/zones/ZONE/dns_records`, { token: 'zone-only' }, 403, [10000]],
    ['an unknown zone', `/zones/${cloudflareId('nope')}/dns_records`, {}, 404, [7003, 7000]],
    ['a zone id that is not an id', `/zones/${ZONE}/dns_records`, {}, 404, [7003, 7000]],
    ['an unknown record', `/zones/ZONE/dns_records/${cloudflareId('nope')}`, {}, 404, [81044]],
    ['an unknown zone on zone details', `/zones/${cloudflareId('nope')}`, {}, 404, [7003, 7000]],
    ['a path the API does not have', '/zones/ZONE/nothing', {}, 404, [7000]],
  ];
  it.each(errors)('answers %s with Cloudflare’s error envelope', async (_what, path, init, status, codes) => {
    const s = await startCloudflareServer({
      validator,
      zones: [{ name: ZONE, records: SAMPLE }, { name: 'lain.go.id' }],
      tokens: { 'test-token': { zones: '*' }, 'other-zone': { zones: ['lain.go.id'] }, 'zone-only': { zones: [ZONE], dns: false } },
    });
    try {
      const got = await raw(s, path.replace('ZONE', s.zone(ZONE)!.id), init);
      expect(got.status).toBe(status);
      expect(got.body!.errors.map((e: any) => e.code)).toEqual(codes);
      expect(got.body).toMatchObject({ success: false, messages: [], result: null });
      const template = path.startsWith('/user') ? '/user/tokens/verify' : path.includes('/dns_records/') ? DETAILS : path.includes('dns_records') ? LIST : '/zones/{zone_id}';
      expect(validator.check('GET', template, status, got.body)).toEqual([]);
      expect(s.invalid).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('answers injected 429s with retry-after and code 971, and 500s with an envelope', async () => {
    server.inject({ status: 429, retryAfter: 7 });
    const limited = await raw(server, `/zones/${zoneId}/dns_records`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body!.errors).toEqual([{ code: 971, message: 'Please wait and consider throttling your request speed' }]);
    expect(validator.check('GET', LIST, 429, limited.body)).toEqual([]);
    server.inject({ status: 500 });
    const broken = await raw(server, `/zones/${zoneId}/dns_records`);
    expect(broken.status).toBe(500);
    expect(validator.check('GET', LIST, 500, broken.body)).toEqual([]);
    expect((await raw(server, `/zones/${zoneId}/dns_records`)).status).toBe(200);
  });

  it('serves a 502 as Cloudflare’s edge does (HTML), malformed JSON and a huge body', async () => {
    server.inject({ status: 502 });
    const gateway = await raw(server, `/zones/${zoneId}/dns_records`);
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toBe('text/html');
    expect(gateway.text).toContain('<center>cloudflare</center>');
    server.inject({ body: 'malformed' });
    const cut = await raw(server, `/zones/${zoneId}/dns_records`).catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(SyntaxError);
    server.inject({ body: 'huge', bytes: 8 * 1024 * 1024, path: /dns_records$/ });
    const res = await fetch(`${server.baseURL}/zones/${zoneId}/dns_records`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(res.headers.get('content-length')).toBe(String(8 * 1024 * 1024));
    const huge = await res.text();
    expect(huge.length).toBe(8 * 1024 * 1024);
    expect(JSON.parse(huge)).toMatchObject({ success: true, result: [] });
  });

  it('counts calls with method, path and query', async () => {
    const before = server.calls.length;
    await raw(server, `/zones/${zoneId}/dns_records?per_page=50&page=2&type=A`);
    expect(server.calls.slice(before)).toEqual([{ method: 'GET', path: `/zones/${zoneId}/dns_records`, query: { per_page: '50', page: '2', type: 'A' }, status: 200 }]);
    expect(server.count({ method: 'GET', path: /\/dns_records$/ })).toBeGreaterThan(0);
  });
});

describe('the official cloudflare client against the fake', () => {
  it('lists all records of a 12,000-record zone across pages with auto-pagination', async () => {
    const server = await startCloudflareServer({ zones: [{ name: ZONE, records: many(12_000) }] });
    try {
      const cf = client(server);
      const zone = (await cf.zones.list({ name: ZONE })).result[0]!;
      const seen = new Set<string>();
      for await (const record of cf.dns.records.list({ zone_id: zone.id, per_page: 5000 })) seen.add(record.id);
      expect(seen.size).toBe(12_000);
      // Pages 1–3 hold records; the SDK stops only at an empty page, so it asks for page 4 too.
      const pages = server.calls.filter((c) => c.path.endsWith('/dns_records')).map((c) => c.query);
      expect(pages).toEqual([1, 2, 3, 4].map((p) => (p === 1 ? { per_page: '5000' } : { per_page: '5000', page: String(p) })));
      expect(server.count({ path: '/zones' })).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('reads 20,000 records at the maximum per_page well under a second, and counts the calls', async () => {
    const server = await startCloudflareServer({ zones: [{ name: ZONE, records: many(20_000) }] });
    const capped = await startCloudflareServer({ dnsRecordsPerPageMax: 5000, zones: [{ name: ZONE, records: many(20_000) }] });
    try {
      for (const [s, perPage, calls] of [[server, DNS_RECORDS_PER_PAGE.maximum, 2], [capped, 5000, 5]] as const) {
        const zoneId = s.zone(ZONE)!.id;
        const started = performance.now();
        let n = 0;
        for await (const _ of client(s).dns.records.list({ zone_id: zoneId, per_page: perPage })) n++;
        const ms = performance.now() - started;
        expect(n).toBe(20_000);
        expect(s.count({ path: `/zones/${zoneId}/dns_records` })).toBe(calls);
        expect(ms).toBeLessThan(1000);
      }
    } finally {
      await server.close();
      await capped.close();
    }
  });

  it('retries a 429 that carries retry-after, then succeeds', async () => {
    const server = await startCloudflareServer({ zones: [{ name: ZONE, records: SAMPLE }] });
    try {
      server.inject({ status: 429, retryAfter: 0, times: 2 });
      const zoneId = server.zone(ZONE)!.id;
      const page = await client(server).dns.records.list({ zone_id: zoneId });
      expect(page.result).toHaveLength(SAMPLE.length);
      expect(server.calls.map((c) => c.status)).toEqual([429, 429, 200]);
    } finally {
      await server.close();
    }
  });

  it('gives up after maxRetries with a RateLimitError carrying status and Cloudflare’s codes', async () => {
    const server = await startCloudflareServer({ zones: [{ name: ZONE }] });
    try {
      server.inject({ status: 429, retryAfter: 0, times: 5 });
      const error = await client(server, { maxRetries: 1 }).dns.records.list({ zone_id: server.zone(ZONE)!.id }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Cloudflare.RateLimitError);
      expect(error).toMatchObject({ status: 429, errors: [{ code: 971 }] });
      expect((error as InstanceType<typeof Cloudflare.RateLimitError>).headers.get('retry-after')).toBe('0');
      expect(server.calls.map((c) => c.status)).toEqual([429, 429]);
    } finally {
      await server.close();
    }
  });

  it('retries 500 and 502, and fails on malformed JSON without retrying', async () => {
    const server = await startCloudflareServer({ zones: [{ name: ZONE, records: SAMPLE }] });
    try {
      const zoneId = server.zone(ZONE)!.id;
      server.inject({ status: 500, retryAfter: 0 });
      server.inject({ status: 502, retryAfter: 0 });
      expect((await client(server).dns.records.list({ zone_id: zoneId })).result).toHaveLength(SAMPLE.length);
      expect(server.calls.map((c) => c.status)).toEqual([500, 502, 200]);

      server.inject({ status: 502, times: 1 });
      const gateway = await client(server, { maxRetries: 0 }).dns.records.list({ zone_id: zoneId }).catch((e: unknown) => e);
      expect(gateway).toBeInstanceOf(Cloudflare.InternalServerError);
      expect(gateway).toMatchObject({ status: 502, errors: [] });

      server.inject({ body: 'malformed' });
      const before = server.calls.length;
      const cut = await client(server).dns.records.list({ zone_id: zoneId }).catch((e: unknown) => e);
      expect(cut).toBeInstanceOf(SyntaxError);
      expect(cut).not.toBeInstanceOf(Cloudflare.APIError);
      expect(server.calls.length - before).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('surfaces a 403 as PermissionDeniedError with Cloudflare’s code, without retrying', async () => {
    const server = await startCloudflareServer({
      zones: [{ name: ZONE, records: SAMPLE }, { name: 'lain.go.id' }],
      tokens: { 'test-token': { zones: '*' }, 'lain-only': { zones: ['lain.go.id'] } },
    });
    try {
      const zoneId = server.zone(ZONE)!.id;
      const denied = await client(server, { token: 'lain-only' }).dns.records.list({ zone_id: zoneId }).catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(Cloudflare.PermissionDeniedError);
      expect(denied).toMatchObject({ status: 403, errors: [{ code: 10000, message: 'Authentication error' }] });
      const unknown = await client(server, { token: 'revoked' }).zones.list({ name: ZONE }).catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(Cloudflare.PermissionDeniedError);
      expect(unknown).toMatchObject({ status: 403, errors: [{ code: 9109 }] });
      expect(server.calls.map((c) => c.status)).toEqual([403, 403]);
      // The token that may not see the zone does not find it in the zones list either.
      expect((await client(server, { token: 'lain-only' }).zones.list({ name: ZONE })).result).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
