import { CERTIFICATE_WINDOW_DAYS, type Finding } from '../../src/watch/finding.js';
import type { DnsClient, Lookup, QueryType } from '../../src/watch/dns.js';
import type { WatchSubject } from '../../src/watch/subjects.js';
import { addressConnector, watch, WATCH_DEFAULTS, type WatchOptions } from '../../src/watch/watch.js';
import type { Connector } from '../../src/watch/web.js';
import { CERTS, startHttpServer, startHttpsServer, TEST_CA, type TestServer } from '../support/web-server.js';

// The watch's own connector (addressConnector) judges every host here; only what it lets
// through is then sent to 127.0.0.1 by the test (nothing else is ever contacted).

/** An in-memory DNS: A records by name, CNAMEs by name; every other name is NXDOMAIN. */
function fakeDns(a: Record<string, string[]>, cname: Record<string, string> = {}): DnsClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async query(name: string, type: QueryType): Promise<Lookup> {
      asked.push(`${type} ${name}`);
      if (cname[name] !== undefined) return type === 'CNAME' ? { status: 'ok', values: [cname[name]!] } : { status: 'nodata' };
      if (a[name] === undefined) return { status: 'nxdomain' };
      if (type === 'A') return { status: 'ok', values: a[name]! };
      return { status: 'nodata' };
    },
  };
}

const subject = (name: string, address: string): WatchSubject => ({
  name,
  zone: 'contoh.go.id',
  opd: 'dinkes',
  purpose: 'Portal informasi Dinas Kesehatan Kota Contoh.',
  managed: true,
  records: [{ name, type: 'A', content: address }],
});

const AGENCY_PAGE = '<!DOCTYPE html><html lang="id"><head><title>Dinas Kesehatan Kota Contoh</title></head><body><h1>Layanan kesehatan</h1></body></html>';
const HSTS = { 'content-type': 'text/html; charset=utf-8', 'strict-transport-security': 'max-age=31536000' };

let https: TestServer;
let http: TestServer;
/** Host headers the local servers answered. */
const served: string[] = [];

beforeAll(async () => {
  https = await startHttpsServer(CERTS.sehat, (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]!;
    served.push(`https ${host}`);
    if (host === 'pindah.contoh.go.id') res.writeHead(302, { location: 'https://tidakada.contoh.go.id/' }).end();
    else if (host === 'intip.contoh.go.id') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else res.writeHead(200, HSTS).end(AGENCY_PAGE);
  });
  http = await startHttpServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]!;
    served.push(`http ${host}`);
    if (host === 'ip.contoh.go.id') res.writeHead(301, { location: 'http://8.8.8.8/' }).end();
    else if (host === 'pindah.contoh.go.id') res.writeHead(302, { location: 'http://tidakada.contoh.go.id/' }).end();
    else if (host === 'intip.contoh.go.id') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else res.writeHead(301, { location: `https://${host === '8.8.8.8' ? 'ip.contoh.go.id' : host}/` }).end();
  });
});

afterAll(async () => {
  await Promise.all([https?.close(), http?.close()]);
});

const DNS = {
  'sehat.contoh.go.id': ['103.147.8.20'],
  'ip.contoh.go.id': ['103.147.8.30'],
  'pindah.contoh.go.id': ['103.147.8.31'],
  'intip.contoh.go.id': ['103.147.8.32'],
};

/** The watch's real connector; what it allows (a public address) is reached at the local server for that port. */
function connecting(dns: DnsClient, allowed: string[]): Connector {
  const real = addressConnector(dns);
  return async (host, port) => {
    const target = await real(host, port);
    if ('refused' in target) return target;
    allowed.push(`${host} → ${target.address}:${target.port}`);
    return { address: '127.0.0.1', port: port === 443 ? https.port : http.port };
  };
}

async function watched(names: string[], now = new Date('2026-11-24T03:00:00Z')): Promise<{ findings: Finding[]; allowed: string[]; dns: ReturnType<typeof fakeDns> }> {
  const dns = fakeDns(DNS);
  const allowed: string[] = [];
  const options: WatchOptions = {
    dns,
    connect: connecting(dns, allowed),
    now,
    concurrency: 4,
    timeoutMs: 3000,
    maxBytes: WATCH_DEFAULTS.maxBytes,
    certificateDays: WATCH_DEFAULTS.certificateDays,
    ca: TEST_CA,
  };
  const result = await watch(names.map((n) => subject(n, DNS[n as keyof typeof DNS]![0]!)), options);
  return { findings: result.findings, allowed, dns };
}

describe('addressConnector', () => {
  test('judges a public IP literal as it is and never asks DNS about it', async () => {
    const dns = fakeDns({});
    const connect = addressConnector(dns);
    expect(await connect('8.8.8.8', 80)).toEqual({ address: '8.8.8.8', port: 80 });
    expect(await connect('2001:4860:4860::8888', 443)).toEqual({ address: '2001:4860:4860::8888', port: 443 });
    expect(dns.asked).toEqual([]);
  });

  test('refuses a non-public IP literal (metadata, loopback, IPv4-mapped) as non-public, without DNS', async () => {
    const dns = fakeDns({});
    const connect = addressConnector(dns);
    for (const host of ['169.254.169.254', '127.0.0.1', '10.1.2.3', '::1', '::ffff:a9fe:a9fe']) {
      expect(await connect(host, 80)).toMatchObject({ reason: 'non-public', refused: { en: expect.stringContaining(`${host} is a`) } });
    }
    expect(dns.asked).toEqual([]);
  });

  test('refuses a name that does not resolve as unresolved, and one pointing at a private address as non-public', async () => {
    const connect = addressConnector(fakeDns({ 'intranet.contoh.go.id': ['10.0.0.5'] }));
    expect(await connect('tidakada.contoh.go.id', 443)).toEqual({
      reason: 'unresolved',
      refused: { id: 'tidakada.contoh.go.id tidak dapat di-resolve (nxdomain).', en: 'tidakada.contoh.go.id does not resolve (nxdomain).' },
    });
    expect(await connect('intranet.contoh.go.id', 443)).toMatchObject({ reason: 'non-public', refused: { en: expect.stringContaining('private address 10.0.0.5') } });
  });
});

describe('watch: where redirects lead', () => {
  test('a redirect to a public IP literal is followed and is no non-public finding', async () => {
    const { findings, allowed, dns } = await watched(['ip.contoh.go.id']);
    expect(findings).toEqual([]);
    expect(allowed).toContain('8.8.8.8 → 8.8.8.8:80');
    expect(dns.asked.filter((q) => q.includes('8.8.8.8'))).toEqual([]);
  });

  test('a redirect to a name that does not resolve is unreachable, not a non-public address', async () => {
    const { findings } = await watched(['pindah.contoh.go.id']);
    expect(findings.map((f) => f.kind)).toEqual(['web/unreachable']);
    expect(findings[0]!.evidence.map((e) => e.seen)).toEqual([
      'https://tidakada.contoh.go.id/: tidakada.contoh.go.id does not resolve (nxdomain).',
      'http://tidakada.contoh.go.id/: tidakada.contoh.go.id does not resolve (nxdomain).',
    ]);
  });

  test('a redirect to 169.254.169.254 is still refused, never fetched, and reported as non-public', async () => {
    served.length = 0;
    const { findings, allowed } = await watched(['intip.contoh.go.id']);
    const nonPublic = findings.filter((f) => f.kind === 'dns/non-public-address');
    expect(nonPublic).toHaveLength(1);
    expect(nonPublic[0]!).toMatchObject({ severity: 'high', evidence: [{ where: 'https://intip.contoh.go.id/', seen: expect.stringContaining('169.254.169.254 is a link-local address') }] });
    expect(findings.map((f) => f.kind)).not.toContain('web/unreachable');
    expect(allowed.filter((a) => a.includes('169.254'))).toEqual([]);
    expect(served.filter((s) => s.includes('169.254'))).toEqual([]);
  });
});

describe('watch: certificates', () => {
  // The test certificate is valid until 2118-01-01.
  const daysBefore = (days: number) => new Date(Date.parse('2118-01-01T00:00:00Z') - days * 86_400_000 - 3_600_000);

  test(`reports a certificate with fewer than ${CERTIFICATE_WINDOW_DAYS} days left, with its end of validity and days left`, async () => {
    const { findings } = await watched(['sehat.contoh.go.id'], daysBefore(25));
    expect(findings.map((f) => [f.kind, f.severity, f.certificate])).toEqual([['web/certificate-expiring', 'medium', { validUntil: '2118-01-01', daysLeft: 25 }]]);
  });

  test('reports nothing for a certificate with the whole window left', async () => {
    const { findings } = await watched(['sehat.contoh.go.id'], daysBefore(CERTIFICATE_WINDOW_DAYS));
    expect(findings).toEqual([]);
  });

  test('uses one window for the watch and the posture report (30 days)', () => {
    expect(WATCH_DEFAULTS.certificateDays).toBe(CERTIFICATE_WINDOW_DAYS);
    expect(CERTIFICATE_WINDOW_DAYS).toBe(30);
  });
});
