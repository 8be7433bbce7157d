import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempGitRepo } from '../helpers/temp-repo.js';
import { OFFICE } from '../register/helpers.js';
import { readZoneRecords } from '../../src/cloudflare/zone-records.js';
import { startCloudflareServer, type CloudflareServer, type RecordInput } from '../support/cloudflare-server.js';
import { loadCloudflareValidator } from '../support/cloudflare-openapi/validator.js';

const ZONE = 'bekasikota.go.id';
const ZONE_ID = '0123456789abcdef0123456789abcdef';
const RECORDS: RecordInput[] = [
  { type: 'NS', name: '@', content: 'ns1.cloudflare.com', ttl: 86400 },
  { type: 'A', name: 'www', content: '103.122.5.1', proxied: true, ttl: 1 },
  { type: 'A', name: 'dinsos', content: '103.122.5.20', proxied: true, ttl: 1 },
  { type: 'TXT', name: '_dmarc.dinsos', content: '"v=DMARC1; p=none"', ttl: 3600 },
  { type: 'MX', name: 'dinsos', content: 'mx1.mailhost.co.id', priority: 10, ttl: 3600 },
  { type: 'CNAME', name: 'perpus', content: 'perpus-bekasi.netlify.app', ttl: 300 },
  { type: 'A', name: 'lama', content: '103.122.5.99', ttl: 3600 },
  { type: 'PTR', name: 'perpus2', content: 'host.example.net', ttl: 3600 },
];

const servers: CloudflareServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    expect(s.invalid).toEqual([]);
    await s.close();
  }
});
afterAll(cleanupTemps);

async function server(options: { perPage?: number; tokens?: Record<string, { zones?: '*' | string[]; dns?: boolean }> } = {}): Promise<CloudflareServer> {
  const s = await startCloudflareServer({
    zones: [{ name: ZONE, id: ZONE_ID, records: RECORDS }],
    validator: loadCloudflareValidator(),
    ...(options.perPage ? { dnsRecordsPerPageMax: options.perPage } : {}),
    ...(options.tokens ? { tokens: options.tokens } : {}),
  });
  servers.push(s);
  return s;
}

const env = (s: CloudflareServer, token = s.token) => ({ CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_API_BASE_URL: s.baseURL });

describe('subdomain import --cloudflare', () => {
  it('reads every page of the zone and records the Cloudflare ids of the adopted records', async () => {
    const s = await server({ perPage: 3 });
    const dir = tempGitRepo(OFFICE);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare', '--format', 'json'], { env: env(s) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.entries.map((e: { fqdn: string }) => e.fqdn)).toEqual([`dinsos.${ZONE}`, `lama.${ZONE}`, `perpus.${ZONE}`]);
    expect(report.leftOut.map((l: { type: string }) => l.type)).toEqual(['PTR']);
    // 8 records in pages of 3 (the server clamps per_page), plus the zone check.
    expect(s.count({ path: /dns_records$/ })).toBe(3);
    expect(report.apiCalls).toBe(4);
    const dinsos = parse(readFileSync(join(dir, `subdomains/dinsos.${ZONE}.yaml`), 'utf8'));
    const ids = new Map(s.records(ZONE).map((r) => [`${r.type} ${r.name}`, r.id]));
    expect(dinsos.history[0].records).toEqual([
      { id: ids.get(`A dinsos.${ZONE}`), type: 'A', name: `dinsos.${ZONE}`, content: '103.122.5.20' },
      { id: ids.get(`MX dinsos.${ZONE}`), type: 'MX', name: `dinsos.${ZONE}`, content: 'mx1.mailhost.co.id' },
      { id: ids.get(`TXT _dmarc.dinsos.${ZONE}`), type: 'TXT', name: `_dmarc.dinsos.${ZONE}`, content: '"v=DMARC1; p=none"' },
    ]);
    expect(dinsos.records).toContainEqual({ type: 'A', value: '103.122.5.20', proxied: true });
  });

  it('retries a 429 that carries retry-after, then succeeds', async () => {
    const s = await server();
    s.inject({ status: 429, retryAfter: 0, path: /dns_records$/ });
    const dir = tempGitRepo(OFFICE);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s) });
    expect(result.code).toBe(0);
    expect(s.calls.filter((c) => c.status === 429)).toHaveLength(1);
  });

  it.each([
    ['a wrong token', (s: CloudflareServer) => env(s, 'wrong-token'), undefined, /401/],
    ['a token without DNS read', (s: CloudflareServer) => env(s, 'zone-only'), undefined, /Zone → DNS → Read/],
    ['a server that keeps failing', (s: CloudflareServer) => env(s), { status: 500, times: 20 }, /error 500/],
    ['a malformed answer', (s: CloudflareServer) => env(s), { body: 'malformed' as const, times: 20, path: /dns_records$/ }, /cannot be read|not valid/],
  ])('writes nothing after %s, and says what failed', async (_name, envOf, fault, message) => {
    const s = await server({ tokens: { 'test-token': { zones: '*' }, 'zone-only': { zones: '*', dns: false } } });
    if (fault) s.inject(fault);
    const dir = tempGitRepo(OFFICE);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: envOf(s) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[import/cloudflare]');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Nothing was written');
    expect(gitIn(dir, 'status', '--porcelain')).toBe('');
  }, 30_000);

  it('refuses a zone id that belongs to another zone', async () => {
    const s = await startCloudflareServer({ zones: [{ name: 'lumajangkab.go.id', id: ZONE_ID, records: [] }] });
    servers.push(s);
    const dir = tempGitRepo(OFFICE);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('lumajangkab.go.id, not bekasikota.go.id');
  });

  it('asks for a token when there is none', async () => {
    const dir = tempGitRepo(OFFICE);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CLOUDFLARE_API_TOKEN');
  });
});

describe('Cloudflare answers too large to hold', () => {
  it('refuses a 600 MiB page at the cap before reading it, says so and writes nothing', async () => {
    const s = await server();
    s.inject({ body: 'huge', bytes: 600 * 1024 * 1024, path: /dns_records$/ });
    const dir = tempGitRepo(OFFICE);
    const rss = process.memoryUsage().rss;
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s) });
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[import/cloudflare]');
    expect(result.stderr).toContain('lebih dari 64 MiB untuk satu panggilan (satu halaman catatan DNS)');
    expect(result.stderr).toContain("Cloudflare's answer is over 64 MiB for one call (one page of DNS records)");
    expect(result.stderr).toContain('Nothing was written');
    expect(gitIn(dir, 'status', '--porcelain')).toBe('');
  });

  it('counts the bytes of an answer of unknown length as they stream, and stops reading at the cap', async () => {
    let sent = 0;
    let closed = false;
    const stream = createServer((req, res) => {
      if (!req.url?.includes('dns_records')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: { id: ZONE_ID, name: ZONE }, success: true, errors: [], messages: [] }));
        return;
      }
      // No content-length: chunked, endless whitespace inside a JSON array.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":[');
      const chunk = ' '.repeat(256 * 1024);
      const more = () => {
        while (!closed && res.write(chunk)) sent += chunk.length;
      };
      res.on('drain', () => {
        sent += chunk.length;
        more();
      });
      res.on('close', () => (closed = true));
      more();
    });
    await new Promise<void>((resolve) => stream.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(stream.address() as AddressInfo).port}/client/v4`;
      const limit = 4 * 1024 * 1024;
      const result = await readZoneRecords({ token: 'test-token', baseURL, maxRetries: 0, maxResponseBytes: limit }, ZONE_ID, ZONE);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message.en).toContain('over 4 MiB for one call');
      await expect.poll(() => closed).toBe(true);
      // Socket buffers aside, nothing past the cap was asked for.
      expect(sent).toBeLessThan(limit * 8);
    } finally {
      stream.closeAllConnections();
      await new Promise<void>((resolve) => stream.close(() => resolve()));
    }
  });
});

describe('a token that lacks a permission', () => {
  it('names Zone:Read for a 403 on the zone and DNS:Read for a 403 on its records', async () => {
    const s = await server({ tokens: { 'test-token': { zones: '*' }, 'other-zone': { zones: ['lumajangkab.go.id'] }, 'zone-only': { zones: '*', dns: false } } });
    const dir = tempGitRepo(OFFICE);
    const zone = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s, 'other-zone') });
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('403 on GET /zones/{id}):');
    expect(zone.stderr).toContain('it lacks Zone → Zone → Read (Zone:Read) on this zone');
    expect(zone.stderr).not.toContain('DNS:Read');
    const records = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s, 'zone-only') });
    expect(records.code).toBe(1);
    expect(records.stderr).toContain('403 on GET /zones/{id}/dns_records');
    expect(records.stderr).toContain('it lacks Zone → DNS → Read (DNS:Read) on this zone');
    expect(records.stderr).not.toContain('Zone:Read');
    expect(gitIn(dir, 'status', '--porcelain')).toBe('');
  });
});

describe('subdomain audit', () => {
  it('finds drifted, missing, extra and unmanaged records, in a handful of calls', async () => {
    const s = await server();
    const dir = tempGitRepo(OFFICE);
    // The register holds pajak (hosting: A 203.0.113.10 proxied) and disdik, pasar, ppdb.disdik.
    s.addRecords(ZONE, [
      { type: 'A', name: 'pajak', content: '203.0.113.10', proxied: false, ttl: 300 },
      { type: 'TXT', name: 'pajak', content: '"ditambah tangan"', ttl: 300 },
    ]);
    const result = await runCli(dir, ['audit', '--format', 'json'], { env: env(s) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const audit = JSON.parse(result.stdout);
    const zone = audit.zones[0];
    expect(audit.clean).toBe(false);
    expect(zone.drifted).toEqual([expect.objectContaining({ name: `pajak.${ZONE}`, type: 'A', differs: ['ttl', 'proxied'] })]);
    expect(zone.extra.map((f: { name: string; type: string }) => `${f.type} ${f.name}`)).toEqual([`TXT pajak.${ZONE}`]);
    // www is not in the zone's infrastructure list yet (no import has run): it is unmanaged too.
    expect(zone.unmanaged.map((f: { name: string; type: string }) => `${f.type} ${f.name}`).sort()).toEqual([
      `A dinsos.${ZONE}`, `A lama.${ZONE}`, `A www.${ZONE}`, `CNAME perpus.${ZONE}`, `MX dinsos.${ZONE}`, `PTR perpus2.${ZONE}`, `TXT _dmarc.dinsos.${ZONE}`,
    ]);
    expect(zone.missing.map((f: { name: string }) => f.name)).toContain(`disdik.${ZONE}`);
    expect(zone.infrastructure).toBe(1);
    expect(audit.apiCalls).toBe(2);
    const markdown = await runCli(dir, ['audit', '--format', 'markdown'], { env: env(s) });
    expect(markdown.stdout).toContain('<!-- subdomain:audit -->');
    expect(markdown.stdout).toContain('subdomain import');
  });

  it('is clean once every record is registered and applied', async () => {
    const s = await startCloudflareServer({ zones: [{ name: ZONE, id: ZONE_ID, records: [{ type: 'NS', name: '@', content: 'ns1.cloudflare.com', ttl: 86400 }] }] });
    servers.push(s);
    const dir = tempGitRepo(OFFICE);
    for (const name of ['disdik', 'pajak', 'pasar', 'ppdb.disdik']) gitIn(dir, 'rm', '-q', `subdomains/${name}.${ZONE}.yaml`);
    gitIn(dir, 'rm', '-rq', 'requests');
    const imported = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s) });
    expect(imported.code).toBe(0);
    const result = await runCli(dir, ['audit'], { env: env(s) });
    expect(result.stdout).toContain('0 berubah/drifted, 0 hilang/missing, 0 tambahan/extra, 0 tak terkelola/unmanaged, 1 infrastruktur/infrastructure');
    expect(result.code).toBe(0);
  });
});

describe('a zone-file import, then the API', () => {
  it('fills in the Cloudflare ids of a pending zone-file import, so the apply adopts instead of creating', async () => {
    const s = await server();
    const dir = tempGitRepo(OFFICE);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'z.zone'), `$ORIGIN ${ZONE}.\n$TTL 3600\ndinsos 1 IN A 103.122.5.20 ; cf_tags=cf-proxied:true\n_dmarc.dinsos IN TXT "v=DMARC1; p=none"\n`);
    expect((await runCli(dir, ['import', '--zone', ZONE, '--zone-file', 'z.zone'])).code).toBe(0);
    const before = parse(readFileSync(join(dir, `subdomains/dinsos.${ZONE}.yaml`), 'utf8'));
    expect(before.history[0].records.every((r: { id?: string }) => r.id === undefined)).toBe(true);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 id catatan Cloudflare ditambahkan');
    const after = parse(readFileSync(join(dir, `subdomains/dinsos.${ZONE}.yaml`), 'utf8'));
    const ids = new Map(s.records(ZONE).map((r) => [`${r.type} ${r.name}`, r.id]));
    expect(after.history[0].records.map((r: { id: string }) => r.id)).toEqual([ids.get(`A dinsos.${ZONE}`), ids.get(`TXT _dmarc.dinsos.${ZONE}`)]);
    expect(after.history[0].source).toBe('zone-file');
    // The live MX of dinsos is not in the pending entry: listed, not added.
    expect(result.stdout).toMatch(/MX dinsos\.bekasikota\.go\.id .*not in the pending import/);
  });
});
