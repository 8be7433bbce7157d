import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { msg } from '../../src/model/problem.js';
import { connectToRules, ConnectToError, fetchPage, parseConnectTo, type Connector, type FetchOptions } from '../../src/watch/web.js';
import {
  CERTS,
  dripBody,
  gzipBomb,
  hugeBody,
  redirectChain,
  redirectLoop,
  slowLoris,
  startHttpServer,
  startHttpsServer,
  startRawServer,
  TEST_CA,
  unusedPort,
  type Handler,
  type TestServer,
} from '../support/web-server.js';

// Nothing here resolves through the system DNS: every name is mapped to 127.0.0.1 by
// --connect-to rules, and the fallback refuses whatever the rules do not name.
const NOT_PUBLIC = msg('Alamat bukan alamat publik.', 'The address is not a public address.');
const refuseAll: Connector = async () => ({ refused: NOT_PUBLIC });

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(server: Promise<TestServer>): Promise<TestServer> {
  const s = await server;
  servers.push(s);
  return s;
}

/** Options reaching `NAME:PORT` at 127.0.0.1:`local` for each rule given as [NAME, PORT, local]. */
function options(rules: Array<[string, number, number]>, more: Partial<FetchOptions> = {}): FetchOptions {
  return {
    connect: connectToRules(
      rules.map(([name, port, local]) => parseConnectTo(`${name}:${port}=127.0.0.1:${local}`)),
      refuseAll,
    ),
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    ca: TEST_CA,
    ...more,
  };
}

const page = (title: string): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'strict-transport-security': 'max-age=31536000; includeSubDomains' });
  res.end(`<html><head><title>${title}</title></head><body>Dinas Kesehatan</body></html>`);
};

const DAY = 24 * 60 * 60 * 1000;

describe('fetchPage over HTTPS: the certificate is recorded, the page is read anyway', () => {
  test('a valid certificate from a trusted CA for the name asked about', async () => {
    const s = await serve(startHttpsServer(CERTS.sehat, page('Dinkes')));
    const r = await fetchPage('https://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 443, s.port]]));
    expect(r.outcome).toBe('ok');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Dinkes</title>');
    expect(r.truncated).toBe(false);
    expect(r.tls).toEqual({
      authorized: true,
      validFrom: '2020-01-01T00:00:00.000Z',
      validTo: '2118-01-01T00:00:00.000Z',
      names: ['sehat.contoh.go.id', '*.contoh.go.id'],
      issuer: 'Subdomain Watch Test CA',
    });
    const daysLeft = (Date.parse(r.tls!.validTo) - Date.now()) / DAY;
    expect(daysLeft).toBeGreaterThan(30_000);
    expect(r.hops).toEqual([{ url: 'https://sehat.contoh.go.id/', status: 200 }]);
    expect(r.finalUrl).toBe('https://sehat.contoh.go.id/');
  });

  test('the wildcard name covers another host under it; SNI and Host are the name, not 127.0.0.1', async () => {
    let seen: { host?: string; servername?: string | false | null } = {};
    const s = await serve(
      startHttpsServer(CERTS.sehat, (req, res) => {
        seen = { host: req.headers.host, servername: (req.socket as import('node:tls').TLSSocket).servername };
        page('Portal')(req, res);
      }),
    );
    const r = await fetchPage('https://portal.contoh.go.id/', options([['portal.contoh.go.id', 443, s.port]]));
    expect(r.tls?.authorized).toBe(true);
    expect(seen).toEqual({ host: 'portal.contoh.go.id', servername: 'portal.contoh.go.id' });
  });

  test('a name with a trailing dot is the same name for the Connector, SNI and the certificate', async () => {
    const s = await serve(startHttpsServer(CERTS.sehat, page('Titik')));
    const r = await fetchPage('https://sehat.contoh.go.id./', options([['sehat.contoh.go.id', 443, s.port]]));
    expect(r.outcome).toBe('ok');
    expect(r.tls?.authorized).toBe(true);
  });

  test('without the test CA, only Node’s roots are trusted', async () => {
    const s = await serve(startHttpsServer(CERTS.sehat, page('Dinkes')));
    const { ca: _ca, ...noCa } = options([['sehat.contoh.go.id', 443, s.port]]);
    const r = await fetchPage('https://sehat.contoh.go.id/', noCa);
    expect(r.outcome).toBe('ok');
    expect(r.tls).toMatchObject({ authorized: false, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(r.body).toContain('Dinkes');
  });

  test('an expired certificate: not authorized, CERT_HAS_EXPIRED, the body still read', async () => {
    const s = await serve(startHttpsServer(CERTS.expired, page('Masih jalan')));
    const r = await fetchPage('https://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 443, s.port]]));
    expect(r.outcome).toBe('ok');
    expect(r.tls).toMatchObject({ authorized: false, error: 'CERT_HAS_EXPIRED', validTo: '2021-01-01T00:00:00.000Z' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('Masih jalan');
  });

  test('a certificate for another name: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const s = await serve(startHttpsServer(CERTS.lain, page('Lain')));
    const r = await fetchPage('https://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 443, s.port]]));
    expect(r.outcome).toBe('ok');
    expect(r.tls).toMatchObject({ authorized: false, error: 'ERR_TLS_CERT_ALTNAME_INVALID', names: ['lain.example.org'] });
    expect(r.body).toContain('Lain');
  });

  test('a self-signed certificate is not trusted', async () => {
    const s = await serve(startHttpsServer(CERTS.selfSigned, page('Sendiri')));
    const r = await fetchPage('https://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 443, s.port]]));
    expect(r.outcome).toBe('ok');
    expect(r.tls).toMatchObject({ authorized: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT', issuer: 'sehat.contoh.go.id' });
    expect(r.body).toContain('Sendiri');
  });
});

describe('fetchPage follows redirects, each hop through the Connector', () => {
  test('http → https is recorded hop by hop; HSTS is visible on the final response', async () => {
    const https = await serve(startHttpsServer(CERTS.sehat, page('Aman')));
    const http = await serve(
      startHttpServer((req, res) => {
        res.writeHead(301, { location: `https://sehat.contoh.go.id${req.url}` });
        res.end();
      }),
    );
    const r = await fetchPage(
      'http://sehat.contoh.go.id/layanan?x=1',
      options([
        ['sehat.contoh.go.id', 80, http.port],
        ['sehat.contoh.go.id', 443, https.port],
      ]),
    );
    expect(r.outcome).toBe('ok');
    expect(r.hops).toEqual([
      { url: 'http://sehat.contoh.go.id/layanan?x=1', status: 301, location: 'https://sehat.contoh.go.id/layanan?x=1' },
      { url: 'https://sehat.contoh.go.id/layanan?x=1', status: 200 },
    ]);
    expect(r.finalUrl).toBe('https://sehat.contoh.go.id/layanan?x=1');
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(r.tls?.authorized).toBe(true);
  });

  test('a redirect loop ends redirect-loop when a URL comes back', async () => {
    const s = await serve(startHttpServer(redirectLoop()));
    const r = await fetchPage('http://sehat.contoh.go.id/loop/a', options([['sehat.contoh.go.id', 80, s.port]], { maxRedirects: 20 }));
    expect(r.outcome).toBe('redirect-loop');
    expect(r.hops).toEqual([
      { url: 'http://sehat.contoh.go.id/loop/a', status: 302, location: 'b' },
      { url: 'http://sehat.contoh.go.id/loop/b', status: 302, location: 'a' },
    ]);
    expect(r.status).toBe(302);
  });

  test('more redirects than maxRedirects end too-many-redirects; exactly maxRedirects is fine', async () => {
    const s = await serve(startHttpServer(redirectChain()));
    const o = options([['sehat.contoh.go.id', 80, s.port]], { maxRedirects: 3 });
    const many = await fetchPage('http://sehat.contoh.go.id/hop/5', o);
    expect(many.outcome).toBe('too-many-redirects');
    expect(many.hops.map((h) => h.status)).toEqual([301, 301, 301, 301]);
    const enough = await fetchPage('http://sehat.contoh.go.id/hop/3', o);
    expect(enough.outcome).toBe('ok');
    expect(enough.finalUrl).toBe('http://sehat.contoh.go.id/hop/0');
    expect(enough.body).toBe('arrived');
    expect(enough.hops).toHaveLength(4);
  });

  test('a redirect to a host the Connector refuses is blocked, not fetched', async () => {
    const asked: string[] = [];
    const s = await serve(
      startHttpServer((_req, res) => {
        res.writeHead(302, { location: 'http://intranet.contoh.go.id:8080/admin' });
        res.end();
      }),
    );
    const rules = connectToRules([parseConnectTo(`sehat.contoh.go.id:80=127.0.0.1:${s.port}`)], refuseAll);
    const connect: Connector = (host, port) => {
      asked.push(`${host}:${port}`);
      return rules(host, port);
    };
    const r = await fetchPage('http://sehat.contoh.go.id/', { ...options([]), connect });
    expect(r.outcome).toBe('blocked');
    expect(r.blocked).toEqual(NOT_PUBLIC);
    expect(asked).toEqual(['sehat.contoh.go.id:80', 'intranet.contoh.go.id:8080']);
    expect(r.hops).toEqual([{ url: 'http://sehat.contoh.go.id/', status: 302, location: 'http://intranet.contoh.go.id:8080/admin' }]);
    expect(r.finalUrl).toBe('http://intranet.contoh.go.id:8080/admin');
    expect(r.status).toBeUndefined();
  });

  test('a redirect to a scheme other than http(s) is an error', async () => {
    const s = await serve(
      startHttpServer((_req, res) => {
        res.writeHead(302, { location: 'ftp://sehat.contoh.go.id/' });
        res.end();
      }),
    );
    const r = await fetchPage('http://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 80, s.port]]));
    expect(r.outcome).toBe('error');
    expect(r.detail).toContain('ftp:');
  });
});

describe('fetchPage is bounded in bytes and time', () => {
  test('a 50 MB body ends ok, truncated at maxBytes, and the server is cut off', async () => {
    const big = hugeBody();
    const s = await serve(startHttpServer(big.handler));
    const maxBytes = 256 * 1024;
    const r = await fetchPage('http://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 80, s.port]], { maxBytes }));
    expect(r.outcome).toBe('ok');
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBe(maxBytes);
    expect(r.headers['content-length']).toBe(String(50 * 1024 * 1024));
    expect(await big.closed).toBeLessThan(50 * 1024 * 1024);
  });

  test('a body of exactly maxBytes is not truncated', async () => {
    const s = await serve(
      startHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(1000));
      }),
    );
    const r = await fetchPage('http://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 80, s.port]], { maxBytes: 1000 }));
    expect(r).toMatchObject({ outcome: 'ok', truncated: false });
    expect(r.body).toHaveLength(1000);
  });

  test('a gzip bomb (32 GiB of zeros, 32 MB on the wire) stays bounded', async () => {
    const bomb = gzipBomb(32 * 1024 * 1024 * 1024);
    const s = await serve(startHttpServer(bomb.handler));
    const maxBytes = 256 * 1024;
    const before = process.memoryUsage().arrayBuffers;
    const r = await fetchPage('http://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 80, s.port]], { maxBytes }));
    expect(r.outcome).toBe('ok');
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBeLessThanOrEqual(maxBytes);
    expect(r.body.length).toBeGreaterThan(0);
    // Reading stopped long before the bomb was all sent (or decompressed).
    expect(await bomb.closed).toBeLessThan(32 * 1024 * 1024);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(200 * 1024 * 1024);
  });

  test('a slow-loris dripping its headers ends timeout within about timeoutMs', async () => {
    const s = await serve(startRawServer(slowLoris()));
    const started = Date.now();
    const r = await fetchPage('http://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 80, s.port]], { timeoutMs: 1200 }));
    const took = Date.now() - started;
    expect(r.outcome).toBe('timeout');
    expect(r.hops).toEqual([]);
    expect(took).toBeGreaterThanOrEqual(1150);
    expect(took).toBeLessThan(2000);
  });

  test('a body that drips ends timeout, with the status and what came', async () => {
    const s = await serve(startHttpServer(dripBody(300)));
    const started = Date.now();
    const r = await fetchPage('http://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 80, s.port]], { timeoutMs: 1000 }));
    expect(Date.now() - started).toBeLessThan(1800);
    expect(r.outcome).toBe('timeout');
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^a{1,4}$/);
  });

  test('a TLS handshake that never comes ends timeout', async () => {
    const s = await serve(startRawServer(() => {}));
    const r = await fetchPage('https://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 443, s.port]], { timeoutMs: 500 }));
    expect(r.outcome).toBe('timeout');
    expect(r.tls).toBeUndefined();
  });

  test('a slow Connector counts against the deadline too', async () => {
    const r = await fetchPage('https://sehat.contoh.go.id/', {
      ...options([]),
      timeoutMs: 300,
      connect: () => new Promise((resolve) => setTimeout(() => resolve({ refused: NOT_PUBLIC }), 5000).unref()),
    });
    expect(r.outcome).toBe('timeout');
  });
});

describe('fetchPage failures are outcomes, never exceptions', () => {
  test('a closed port ends refused', async () => {
    const port = await unusedPort();
    const r = await fetchPage('https://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 443, port]]));
    expect(r).toMatchObject({ outcome: 'refused', detail: 'ECONNREFUSED', hops: [] });
  });

  test('a Connector refusal ends blocked with its message', async () => {
    const r = await fetchPage('https://intranet.contoh.go.id/', options([]));
    expect(r.outcome).toBe('blocked');
    expect(r.blocked).toEqual(NOT_PUBLIC);
    expect(r.hops).toEqual([]);
  });

  test('a refusal keeps its reason: a name that does not resolve is unresolved; a refusal that says none counts as non-public', async () => {
    const unresolved = msg('tidakada.contoh.go.id tidak dapat di-resolve (nxdomain).', 'tidakada.contoh.go.id does not resolve (nxdomain).');
    const r = await fetchPage('https://tidakada.contoh.go.id/', { ...options([]), connect: async () => ({ refused: unresolved, reason: 'unresolved' }) });
    expect(r).toMatchObject({ outcome: 'blocked', blocked: unresolved, refusal: 'unresolved' });
    expect((await fetchPage('https://intranet.contoh.go.id/', options([]))).refusal).toBe('non-public');
  });

  test('plain HTTP on an https:// port is an error with a code', async () => {
    const s = await serve(startRawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')));
    const r = await fetchPage('https://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 443, s.port]]));
    expect(r.outcome).toBe('error');
    expect(r.detail).toMatch(/^ERR_SSL_/);
  });

  test('a response cut off before its Content-Length is an error, with what came', async () => {
    const s = await serve(
      startHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
        res.write('sepuluh..!', () => setTimeout(() => res.socket?.destroy(), 20));
      }),
    );
    const r = await fetchPage('http://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 80, s.port]]));
    expect(r).toMatchObject({ outcome: 'error', detail: 'ECONNRESET', status: 200, body: 'sepuluh..!', truncated: false });
  });

  test('a bad URL, an unsupported scheme and a Connector giving a name are errors', async () => {
    expect((await fetchPage('not a url', options([]))).outcome).toBe('error');
    expect((await fetchPage('ftp://sehat.contoh.go.id/', options([]))).outcome).toBe('error');
    const r = await fetchPage('http://sehat.contoh.go.id/', { ...options([]), connect: async () => ({ address: 'localhost', port: 80 }) });
    expect(r.outcome).toBe('error');
    const thrown = await fetchPage('http://sehat.contoh.go.id/', {
      ...options([]),
      connect: async () => {
        throw new Error('resolver down');
      },
    });
    expect(thrown).toMatchObject({ outcome: 'error', detail: 'resolver down' });
  });
});

describe('fetchPage decodes bodies', () => {
  const text = 'Selamat datang di Dinas Kesehatan — layanan publik. '.repeat(20);
  const cases: Array<[string, Buffer]> = [
    ['gzip', gzipSync(text)],
    ['deflate', deflateSync(text)],
    ['deflate', deflateRawSync(text)],
    ['br', brotliCompressSync(text)],
  ];
  test.each(cases)('Content-Encoding %s', async (encoding, bytes) => {
    const s = await serve(
      startHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding });
        res.end(bytes);
      }),
    );
    const r = await fetchPage('http://sehat.contoh.go.id/', options([['sehat.contoh.go.id', 80, s.port]]));
    expect(r.outcome).toBe('ok');
    expect(r.body).toBe(text);
  });

  test('charset from Content-Type, else <meta charset>, else utf-8', async () => {
    const latin1 = Buffer.from('Caf\xe9', 'latin1');
    const bodies: Record<string, [string | undefined, Buffer]> = {
      '/header': ['text/html; charset=ISO-8859-1', latin1],
      '/meta': ['text/html', Buffer.concat([Buffer.from('<meta charset="windows-1252">'), latin1])],
      '/default': ['text/html', Buffer.from('Café')],
      '/unknown': ['text/html; charset=x-no-such', Buffer.from('Café')],
    };
    const s = await serve(
      startHttpServer((req, res) => {
        const [type, body] = bodies[req.url ?? ''] ?? [undefined, Buffer.alloc(0)];
        res.writeHead(200, type ? { 'content-type': type } : {});
        res.end(body);
      }),
    );
    const o = options([['sehat.contoh.go.id', 80, s.port]]);
    const get = async (path: string) => (await fetchPage(`http://sehat.contoh.go.id${path}`, o)).body;
    expect(await get('/header')).toBe('Café');
    expect(await get('/meta')).toBe('<meta charset="windows-1252">Café');
    expect(await get('/default')).toBe('Café');
    expect(await get('/unknown')).toBe('Café');
  });
});

describe('parseConnectTo and connectToRules', () => {
  test.each([
    ['sehat.contoh.go.id:443=127.0.0.1:8443', { host: 'sehat.contoh.go.id', port: 443, address: '127.0.0.1', toPort: 8443 }],
    ['Sehat.Contoh.GO.ID:80=127.0.0.1:80', { host: 'sehat.contoh.go.id', port: 80, address: '127.0.0.1', toPort: 80 }],
    [':443=127.0.0.1:8443', { host: '', port: 443, address: '127.0.0.1', toPort: 8443 }],
    ['sehat.contoh.go.id:443=[::1]:8443', { host: 'sehat.contoh.go.id', port: 443, address: '::1', toPort: 8443 }],
    ['[2001:db8::1]:443=[::1]:8443', { host: '2001:db8::1', port: 443, address: '::1', toPort: 8443 }],
    ['sehat.contoh.go.id:443=cermin.contoh.go.id:443', { host: 'sehat.contoh.go.id', port: 443, address: 'cermin.contoh.go.id', toPort: 443 }],
    ['sehat.contoh.go.id:=127.0.0.1:', { host: 'sehat.contoh.go.id', port: 0, address: '127.0.0.1', toPort: 0 }],
    ['sehat.contoh.go.id:443=:8443', { host: 'sehat.contoh.go.id', port: 443, address: '', toPort: 8443 }],
  ])('accepts %s', (spec, expected) => {
    expect(parseConnectTo(spec)).toEqual(expected);
  });

  test.each([
    '',
    'sehat.contoh.go.id',
    'sehat.contoh.go.id:443',
    'sehat.contoh.go.id=127.0.0.1:443',
    'sehat.contoh.go.id:443=127.0.0.1',
    'sehat.contoh.go.id:443=127.0.0.1:0',
    'sehat.contoh.go.id:99999=127.0.0.1:443',
    'sehat.contoh.go.id:https=127.0.0.1:443',
    'sehat.contoh.go.id:443=::1:443',
    'sehat.contoh.go.id:443=[127.0.0.1]:443',
    'sehat.contoh.go.id:443=127.0.0.1:443=x:1',
    'bad name!:443=127.0.0.1:443',
    'sehat.contoh.go.id:443=bad/addr:443',
  ])('rejects %j with a bilingual message', (spec) => {
    let error: unknown;
    try {
      parseConnectTo(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectToError);
    expect(error).toBeInstanceOf(Error);
    const e = error as ConnectToError;
    expect(e.detail.id).toContain('Bentuknya NAMA:PORT=ALAMAT:PORT');
    expect(e.detail.en).toContain('The form is NAME:PORT=ADDR:PORT');
    expect(e.message).toBe(`${e.detail.id} / ${e.detail.en}`);
  });

  test('the first matching rule wins; empty name and port match any; the rest goes to the fallback', async () => {
    const fallbackAsked: string[] = [];
    const fallback: Connector = async (host, port) => {
      fallbackAsked.push(`${host}:${port}`);
      return { address: '203.0.113.7', port };
    };
    const connect = connectToRules(
      ['sehat.contoh.go.id:443=127.0.0.1:8443', 'sehat.contoh.go.id:=127.0.0.2:', ':8080=[::1]:9090', 'cermin.contoh.go.id:443=asli.contoh.go.id:8443', 'kosong.contoh.go.id:443=:4443'].map(
        parseConnectTo,
      ),
      fallback,
    );
    expect(await connect('sehat.contoh.go.id', 443)).toEqual({ address: '127.0.0.1', port: 8443 });
    expect(await connect('SEHAT.contoh.go.id.', 443)).toEqual({ address: '127.0.0.1', port: 8443 });
    expect(await connect('sehat.contoh.go.id', 80)).toEqual({ address: '127.0.0.2', port: 80 });
    expect(await connect('apa.saja', 8080)).toEqual({ address: '::1', port: 9090 });
    expect(fallbackAsked).toEqual([]);
    expect(await connect('cermin.contoh.go.id', 443)).toEqual({ address: '203.0.113.7', port: 8443 });
    expect(await connect('kosong.contoh.go.id', 443)).toEqual({ address: '203.0.113.7', port: 4443 });
    expect(await connect('lain.example.org', 443)).toEqual({ address: '203.0.113.7', port: 443 });
    expect(fallbackAsked).toEqual(['asli.contoh.go.id:8443', 'kosong.contoh.go.id:4443', 'lain.example.org:443']);
  });
});
