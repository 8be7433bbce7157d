import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCloudflareValidator } from '../support/cloudflare-openapi/validator.js';
import { startCloudflareServer } from '../support/cloudflare-server.js';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';
import { CERTS, redirectLoop, slowLoris, startHttpServer, startHttpsServer, startRawServer, type TestServer } from '../support/web-server.js';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';
import { runCli } from '../helpers/run-cli.js';

const FIXTURE = new URL('../fixtures/office', import.meta.url).pathname;
const PAGES = new URL('../fixtures/watch/pages/', import.meta.url);
const page = (file: string) => readFileSync(new URL(file, PAGES), 'utf8');
const GITHUB_404 = "<!DOCTYPE html><html><head><title>Site not found · GitHub Pages</title></head><body><h1>404</h1><p><strong>There isn't a GitHub Pages site here.</strong></p></body></html>";
const AGENCY_PAGE = '<!DOCTYPE html><html lang="id"><head><title>Dinas Kesehatan Kota Contoh</title></head><body><h1>Layanan kesehatan</h1><p>Jadwal imunisasi dan puskesmas.</p></body></html>';

/** A register entry the way the pipeline writes one, for a name of the contoh.go.id zone. */
function registerEntry(records: string, purpose = 'Portal informasi Dinas Kesehatan Kota Contoh.'): string {
  return `opd: dinkes
purpose: ${purpose}
contact:
  name: Dewi Lestari
  nip: "198812252012122001"
  email: dewi.lestari@contoh.go.id
  phone: "+62 812-1000-2222"
records:
${records}
history:
  - action: create
    letter:
      number: 900.1/301/Dinkes
      date: "2025-09-01"
      signer:
        name: dr. Hendra Wijaya
        nip: "197204181998031002"
        position: Kepala Dinas Kesehatan
    pull_request: 12
    applicant: staf-dinkes
    approvals:
      - { step: disposisi_kadis, role: kepala_dinas, by: kadis-bekasi, at: "2025-09-02T01:05:00Z" }
    opened_at: "2025-09-01T07:45:00Z"
    applied_at: "2025-09-02T02:20:00Z"
    commit: 0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b
`;
}

const NAMES = {
  'sehat.contoh.go.id': '  - type: A\n    value: 103.147.8.20',
  'lama.contoh.go.id': '  - type: CNAME\n    value: hilang.example.net',
  'blog.contoh.go.id': '  - type: CNAME\n    value: dinkes.github.io',
  'sosial.contoh.go.id': '  - type: A\n    value: 103.147.8.21',
  'meta.contoh.go.id': '  - type: CNAME\n    value: metadata.example.net',
  'lambat.contoh.go.id': '  - type: A\n    value: 103.147.8.22',
  'kedaluwarsa.contoh.go.id': '  - type: A\n    value: 103.147.8.23',
  'pasar.contoh.go.id': '  - type: A\n    value: 103.147.8.24',
  'diam.contoh.go.id': '  - type: A\n    value: 103.147.8.25',
  'putar.contoh.go.id': '  - type: A\n    value: 103.147.8.26',
  'ulang.contoh.go.id': '  - type: CNAME\n    value: ulang-a.example.net',
};

let office: string;
let dns: DnsServer;
let https: TestServer;
let expired: TestServer;
let http: TestServer;
let slow: TestServer;
const hostsServed: string[] = [];

beforeAll(async () => {
  office = tempCopy(FIXTURE);
  const policy = readFileSync(join(FIXTURE, '.github/sop.yaml'), 'utf8').replaceAll('bekasikota.go.id', 'contoh.go.id');
  writeFile(office, '.github/sop.yaml', policy);
  rmSync(join(office, 'requests'), { recursive: true, force: true });
  rmSync(join(office, 'subdomains'), { recursive: true, force: true });
  for (const [name, records] of Object.entries(NAMES)) {
    writeFile(office, `subdomains/${name}.yaml`, registerEntry(records, name.startsWith('sosial') ? 'Portal informasi Dinas Sosial Kota Contoh.' : undefined));
  }
  dns = await startDnsServer({
    'sehat.contoh.go.id': [{ type: 'A', data: '103.147.8.20' }],
    'blog.contoh.go.id': [{ type: 'CNAME', data: 'dinkes.github.io' }],
    'dinkes.github.io': [{ type: 'A', data: '185.199.108.153' }],
    'lama.contoh.go.id': [{ type: 'CNAME', data: 'hilang.example.net' }],
    'sosial.contoh.go.id': [{ type: 'A', data: '103.147.8.21' }],
    'meta.contoh.go.id': [{ type: 'CNAME', data: 'metadata.example.net' }],
    'metadata.example.net': [{ type: 'A', data: '169.254.169.254' }],
    'lambat.contoh.go.id': [{ type: 'A', data: '103.147.8.22' }],
    'kedaluwarsa.contoh.go.id': [{ type: 'A', data: '103.147.8.23' }],
    'pasar.contoh.go.id': [{ type: 'A', data: '103.147.8.24' }],
    'putar.contoh.go.id': [{ type: 'A', data: '103.147.8.26' }],
    'ulang.contoh.go.id': [{ type: 'CNAME', data: 'ulang-a.example.net' }],
    'ulang-a.example.net': [{ type: 'CNAME', data: 'ulang.contoh.go.id' }],
  });
  dns.hang('diam.contoh.go.id');
  https = await startHttpsServer(CERTS.sehat, (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]!;
    hostsServed.push(host);
    if (host === 'blog.contoh.go.id') {
      res.writeHead(404, { 'content-type': 'text/html' }).end(GITHUB_404);
    } else if (host === 'pasar.contoh.go.id' && /Googlebot/.test(req.headers['user-agent'] ?? '')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'strict-transport-security': 'max-age=31536000' }).end(page('hijacked-page.html'));
    } else if (host === 'putar.contoh.go.id') {
      redirectLoop()(req, res);
    } else if (host === 'sosial.contoh.go.id') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'strict-transport-security': 'max-age=31536000' }).end(page('hidden-display-none.html'));
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'strict-transport-security': 'max-age=31536000' }).end(AGENCY_PAGE);
    }
  });
  expired = await startHttpsServer(CERTS.expired, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'strict-transport-security': 'max-age=31536000' }).end(AGENCY_PAGE);
  });
  http = await startHttpServer((req, res) => {
    hostsServed.push((req.headers.host ?? '').split(':')[0]!);
    res.writeHead(301, { location: `https://${req.headers.host}/` }).end();
  });
  slow = await startRawServer(slowLoris(200));
});

afterAll(async () => {
  await Promise.all([dns?.close(), https?.close(), expired?.close(), http?.close(), slow?.close()]);
  cleanupTemps();
});

function watchArgs(...extra: string[]): string[] {
  return [
    'watch',
    '--resolver', dns.address,
    '--ca', new URL('../fixtures/watch/tls/ca.pem', import.meta.url).pathname,
    '--timeout', '1',
    '--connect-to', `kedaluwarsa.contoh.go.id:443=127.0.0.1:${expired.port}`,
    '--connect-to', `lambat.contoh.go.id:443=127.0.0.1:${slow.port}`,
    '--connect-to', `lambat.contoh.go.id:80=127.0.0.1:${slow.port}`,
    '--connect-to', `:443=127.0.0.1:${https.port}`,
    '--connect-to', `:80=127.0.0.1:${http.port}`,
    ...extra,
  ];
}

interface JsonFinding { name: string; kind: string; severity: string; confidential: boolean; evidence: { where: string; seen: string }[] }

describe('subdomain watch', () => {
  let findings: JsonFinding[];
  let code: number;
  let stderr: string;
  let json: string;

  beforeAll(async () => {
    const result = await runCli(office, watchArgs('--format', 'json'));
    code = result.code;
    stderr = result.stderr;
    json = result.stdout;
    findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
  });

  const kindsOf = (name: string) => findings.filter((f) => f.name === name).map((f) => f.kind).sort();

  it('exits 1 with findings and says that unmanaged records were not read without a token', () => {
    expect(code).toBe(1);
    expect(stderr).toContain('CLOUDFLARE_API_TOKEN');
  });

  it('finds nothing wrong with a healthy site (valid certificate, HSTS, redirect to HTTPS)', () => {
    expect(kindsOf('sehat.contoh.go.id')).toEqual([]);
  });

  it('reports a CNAME whose target does not exist as dangling', () => {
    expect(kindsOf('lama.contoh.go.id')).toEqual(['dns/dangling']);
    expect(findings.find((f) => f.name === 'lama.contoh.go.id')!.evidence[0]!.seen).toContain('NXDOMAIN hilang.example.net');
  });

  it('reports an unclaimed GitHub Pages site behind a CNAME as a takeover, confidential', () => {
    const takeover = findings.find((f) => f.name === 'blog.contoh.go.id' && f.kind === 'web/takeover');
    expect(takeover).toMatchObject({ severity: 'critical', confidential: true });
  });

  it('reports hidden gambling content on an agency page', () => {
    expect(kindsOf('sosial.contoh.go.id')).toContain('web/gambling');
  });

  it('reports gambling content a site shows only to search engines (cloaking)', () => {
    const cloaked = findings.find((f) => f.name === 'pasar.contoh.go.id');
    expect(cloaked?.kind).toBe('web/gambling');
    expect(cloaked?.evidence[0]?.where).toContain('Googlebot');
  });

  it('reports a name resolving to a metadata address and never connects to it', () => {
    expect(kindsOf('meta.contoh.go.id')).toEqual(['dns/non-public-address']);
    expect(hostsServed).not.toContain('meta.contoh.go.id');
  });

  it('reports a name its DNS server does not answer for as not checked, never as healthy', () => {
    expect(kindsOf('diam.contoh.go.id')).toEqual(['dns/lookup-failed']);
  });

  it('ends a slow-loris site with "unreachable" within the time limit', () => {
    expect(kindsOf('lambat.contoh.go.id')).toEqual(['web/unreachable']);
  });

  it('reports an expired certificate', () => {
    const cert = findings.find((f) => f.name === 'kedaluwarsa.contoh.go.id');
    expect(cert?.kind).toBe('web/certificate-invalid');
    expect(cert?.evidence[0]?.seen).toContain('CERT_HAS_EXPIRED');
  });

  it('reports a site whose redirects come back to where they started as unreachable', () => {
    expect(kindsOf('putar.contoh.go.id')).toEqual(['web/unreachable']);
    const seen = findings.find((f) => f.name === 'putar.contoh.go.id')!.evidence.map((e) => e.seen);
    expect(seen).toEqual(['redirect back to https://putar.contoh.go.id/a', 'redirect back to https://putar.contoh.go.id/a']);
  });

  it('reports a CNAME chain that comes back to the name as a loop, once', () => {
    expect(kindsOf('ulang.contoh.go.id')).toEqual(['dns/loop']);
    expect(findings.find((f) => f.name === 'ulang.contoh.go.id')!.evidence[0]!.seen).toBe('ulang-a.example.net → ulang.contoh.go.id → ulang-a.example.net');
  });

  it('writes each finding with the fields of version 1, in their order', () => {
    const parsed = JSON.parse(json) as Record<string, unknown> & { findings: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['version', 'checked_at', 'names', 'summary', 'findings']);
    expect(parsed).toMatchObject({ version: 1, checked_at: '2026-11-24T03:00:00.000Z', names: Object.keys(NAMES).length });
    for (const f of parsed.findings) {
      const keys = Object.keys(f);
      expect(keys).toEqual(['name', 'kind', 'severity', 'confidential', 'title', 'evidence', 'action', ...(keys.includes('certificate') ? ['certificate'] : [])]);
    }
    // The expired certificate carries its end of validity for the posture report.
    expect(parsed.findings.find((f) => f.name === 'kedaluwarsa.contoh.go.id')!.certificate).toEqual({ valid_until: '2021-01-01', days_left: expect.any(Number) });
  });

  it('shows confidential findings in the Markdown without their severity, counted only as needing attention', async () => {
    const result = await runCli(office, watchArgs('--format', 'markdown'));
    const confidential = findings.filter((f) => f.confidential).length;
    expect(confidential).toBeGreaterThan(0);
    expect(result.stdout).not.toContain('critical');
    expect(result.stdout).toContain(`${confidential} perlu perhatian / needs attention)`);
    expect(result.stdout.split('\n').filter((l) => l.includes('| perlu perhatian / needs attention |')).every((l) => l.startsWith('| — |'))).toBe(true);
  });

  it('renders a result written before with --from in any format, checking nothing again', async () => {
    writeFile(office, 'watch-result.json', json);
    const queries = dns.queries;
    const served = hostsServed.length;
    const again = await runCli(office, ['watch', '--from', 'watch-result.json', '--format', 'json']);
    expect(again).toEqual({ code: 1, stdout: json, stderr: '' });
    const markdown = await runCli(office, ['watch', '--from', 'watch-result.json', '--format', 'markdown']);
    expect(markdown.code).toBe(1);
    expect(dns.queries).toBe(queries);
    expect(hostsServed.length).toBe(served);
    const live = await runCli(office, watchArgs('--format', 'markdown'));
    expect(markdown.stdout).toBe(live.stdout);
  });

  it('exits 0 for a clean result read with --from', async () => {
    writeFile(office, 'watch-clean.json', JSON.stringify({ version: 1, checked_at: '2026-11-24T03:00:00.000Z', names: 3, summary: {}, findings: [] }));
    const clean = await runCli(office, ['watch', '--from', 'watch-clean.json', '--format', 'markdown']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('Tidak ada temuan. / No findings.');
  });

  it('refuses with --from a file that cannot be read, a result that is not version 1, or options of a live watch', async () => {
    const missing = await runCli(office, ['watch', '--from', 'tidak-ada.json']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('the file cannot be read');
    writeFile(office, 'watch-v2.json', json.replace('"version": 1', '"version": 2'));
    const v2 = await runCli(office, ['watch', '--from', 'watch-v2.json', '--format', 'markdown']);
    expect(v2).toMatchObject({ code: 2, stdout: '' });
    expect(v2.stderr).toContain('The watch result cannot be read: version 2, not 1.');
    const mixed = await runCli(office, ['watch', '--from', 'watch-result.json', '--name', 'sehat.contoh.go.id']);
    expect(mixed).toMatchObject({ code: 2, stdout: '' });
    expect(mixed.stderr).toContain('--from tidak dapat digabung dengan / cannot be combined with --name');
  });

  it('keeps takeover details out of the Markdown for public pages', async () => {
    const result = await runCli(office, watchArgs('--format', 'markdown'));
    expect(result.stdout).toContain('`blog.contoh.go.id`');
    expect(result.stdout).not.toContain('GitHub Pages');
    expect(result.stdout).not.toContain('hilang.example.net');
    expect(result.stdout).toContain('dilaporkan secara tertutup / reported privately');
  });

  it('checks only the names asked for, and refuses a name that is not registered', async () => {
    const one = await runCli(office, watchArgs('--format', 'json', '--name', 'lama.contoh.go.id'));
    expect((JSON.parse(one.stdout) as { names: number }).names).toBe(1);
    const unknown = await runCli(office, watchArgs('--name', 'tidakada.contoh.go.id'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--name');
  });

  it('with a Cloudflare token, also watches the records no register entry holds (the forgotten names)', async () => {
    const cloudflare = await startCloudflareServer({
      zones: [{ name: 'contoh.go.id', id: '0123456789abcdef0123456789abcdef', records: [
        { type: 'A', name: 'sehat', content: '103.147.8.20' },
        { type: 'CNAME', name: 'lupa', content: 'lupa-lama.herokuapp.com' },
      ] }],
      validator: loadCloudflareValidator(),
    });
    try {
      const result = await runCli(office, watchArgs('--format', 'json'), { env: { CLOUDFLARE_API_TOKEN: cloudflare.token, CLOUDFLARE_API_BASE_URL: cloudflare.baseURL } });
      const found = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.name === 'lupa.contoh.go.id');
      expect(found.map((f) => f.kind)).toEqual(['dns/dangling']);
      expect(result.stderr).not.toContain('CLOUDFLARE_API_TOKEN');
    } finally {
      await cloudflare.close();
    }
  });

  it('refuses to watch when a Cloudflare token is given but cannot read the zone', async () => {
    const cloudflare = await startCloudflareServer({ zones: [{ name: 'contoh.go.id', id: '0123456789abcdef0123456789abcdef', records: [] }] });
    try {
      const result = await runCli(office, watchArgs('--format', 'json'), { env: { CLOUDFLARE_API_TOKEN: 'wrong-token', CLOUDFLARE_API_BASE_URL: cloudflare.baseURL } });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
    } finally {
      await cloudflare.close();
    }
  });

  it('refuses bad option text with a usage message, not a stack trace', async () => {
    const bad = await runCli(office, ['watch', '--connect-to', 'nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--connect-to');
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
