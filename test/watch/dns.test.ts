import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { cachingClient, dnsClient, resolveChain, type DnsClient } from '../../src/watch/dns.js';
import { startDnsServer, type DnsFixtureRecord, type DnsServer } from '../support/dns-server.js';

const Z = 'example.go.id';

/** `long0.cdn.test` → `long1.cdn.test` → … → `long<n>.cdn.test`, which has an address. */
function cnameLadder(prefix: string, hops: number): Record<string, DnsFixtureRecord[]> {
  const zone: Record<string, DnsFixtureRecord[]> = {};
  for (let i = 0; i < hops; i++) zone[`${prefix}${i}.cdn.test`] = [{ type: 'CNAME', data: `${prefix}${i + 1}.cdn.test` }];
  zone[`${prefix}${hops}.cdn.test`] = [{ type: 'A', data: '203.0.113.99' }];
  return zone;
}

const FIXTURE: Record<string, DnsFixtureRecord[]> = {
  [Z]: [
    { type: 'NS', data: 'NS1.Example.go.id.' },
    { type: 'NS', data: 'ns2.example.go.id' },
    { type: 'MX', data: { preference: 20, exchange: 'backup-mx.example.go.id' } },
    { type: 'MX', data: { preference: 10, exchange: 'Mail.Example.go.id' } },
    { type: 'TXT', data: ['v=spf1 ', 'include:_spf.example.go.id -all'] },
    { type: 'TXT', data: 'google-site-verification=abc123' },
  ],
  [`www.${Z}`]: [
    { type: 'A', data: '192.0.2.10' },
    { type: 'AAAA', data: '2001:db8::10' },
  ],
  [`_dmarc.${Z}`]: [{ type: 'TXT', data: 'v=DMARC1; p=reject' }],
  // sehat → hop1 → hop2 → edge, which has addresses
  [`sehat.${Z}`]: [{ type: 'CNAME', data: 'Hop1.CDN.test.' }],
  'hop1.cdn.test': [{ type: 'CNAME', data: 'hop2.cdn.test' }],
  'hop2.cdn.test': [{ type: 'CNAME', data: 'edge.cdn.test' }],
  'edge.cdn.test': [
    { type: 'A', data: '203.0.113.5' },
    { type: 'AAAA', data: '2001:db8:cd::5' },
  ],
  // a web app that was deleted at the provider: the target no longer exists
  [`lama.${Z}`]: [{ type: 'CNAME', data: 'hop-lama.cdn.test' }],
  'hop-lama.cdn.test': [{ type: 'CNAME', data: 'old-app.azurewebsites.net' }],
  [`putar.${Z}`]: [{ type: 'CNAME', data: 'a.loop.test' }],
  'a.loop.test': [{ type: 'CNAME', data: 'b.loop.test' }],
  'b.loop.test': [{ type: 'CNAME', data: 'a.loop.test' }],
  [`kosong.${Z}`]: [{ type: 'CNAME', data: 'txt-only.cdn.test' }],
  'txt-only.cdn.test': [{ type: 'TXT', data: 'no addresses here' }],
  [`via-rusak.${Z}`]: [{ type: 'CNAME', data: `rusak.${Z}` }],
  [`via-lambat.${Z}`]: [{ type: 'CNAME', data: `lambat.${Z}` }],
  ...cnameLadder('long', 9),
  ...cnameLadder('exact', 8),
};

let server: DnsServer;
beforeAll(async () => {
  server = await startDnsServer(FIXTURE);
  server.servfail(`rusak.${Z}`);
  server.hang(`lambat.${Z}`);
});
afterAll(() => server.close());

const client = (timeoutMs = 1000): DnsClient => dnsClient({ server: server.address, timeoutMs, tries: 1 });

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work;
  return { result, ms: performance.now() - start };
}

describe('dnsClient against a DNS server on 127.0.0.1', () => {
  it('returns the A and AAAA addresses of a name', async () => {
    expect(await client().query(`www.${Z}`, 'A')).toEqual({ status: 'ok', values: ['192.0.2.10'] });
    expect(await client().query(`www.${Z}`, 'AAAA')).toEqual({ status: 'ok', values: ['2001:db8::10'] });
  });

  it('treats names case-insensitively and ignores a trailing dot', async () => {
    expect(await client().query(`WWW.Example.GO.ID.`, 'A')).toEqual({ status: 'ok', values: ['192.0.2.10'] });
  });

  it('reports a name that does not exist as nxdomain', async () => {
    expect(await client().query(`tidak-ada.${Z}`, 'A')).toEqual({ status: 'nxdomain' });
    expect(await client().query(`tidak-ada.${Z}`, 'CNAME')).toEqual({ status: 'nxdomain' });
  });

  it('reports a name that exists without the asked type as nodata', async () => {
    expect(await client().query(`_dmarc.${Z}`, 'A')).toEqual({ status: 'nodata' });
    expect(await client().query(`www.${Z}`, 'CNAME')).toEqual({ status: 'nodata' });
  });

  it('returns the CNAME target in lower case without the trailing dot', async () => {
    expect(await client().query(`sehat.${Z}`, 'CNAME')).toEqual({ status: 'ok', values: ['hop1.cdn.test'] });
  });

  it('gets the chased addresses when asking A at a CNAME, as from a recursive resolver', async () => {
    expect(await client().query(`sehat.${Z}`, 'A')).toEqual({ status: 'ok', values: ['203.0.113.5'] });
    expect(await client().query(`lama.${Z}`, 'A')).toEqual({ status: 'nxdomain' });
  });

  it('returns MX exchanges by preference, NS targets and joined TXT strings', async () => {
    expect(await client().query(Z, 'MX')).toEqual({ status: 'ok', values: ['mail.example.go.id', 'backup-mx.example.go.id'] });
    expect(await client().query(Z, 'NS')).toEqual({ status: 'ok', values: ['ns1.example.go.id', 'ns2.example.go.id'] });
    expect(await client().query(Z, 'TXT')).toEqual({
      status: 'ok',
      values: ['v=spf1 include:_spf.example.go.id -all', 'google-site-verification=abc123'],
    });
  });

  it('reports a server that never answers as ETIMEOUT within a bounded time', async () => {
    const { result, ms } = await timed(client(200).query(`lambat.${Z}`, 'A'));
    expect(result).toEqual({ status: 'error', code: 'ETIMEOUT' });
    expect(ms).toBeLessThan(3000);
  });

  it('reports SERVFAIL as an error with code ESERVFAIL', async () => {
    expect(await client().query(`rusak.${Z}`, 'A')).toEqual({ status: 'error', code: 'ESERVFAIL' });
  });

  it('reports a port where nothing listens as ECONNREFUSED', async () => {
    const gone = await startDnsServer({});
    await gone.close();
    const refused = dnsClient({ server: gone.address, timeoutMs: 500, tries: 1 });
    expect(await refused.query(`www.${Z}`, 'A')).toEqual({ status: 'error', code: 'ECONNREFUSED' });
  });

  it('sees records changed on the server after it started', async () => {
    server.set(`baru.${Z}`, [{ type: 'A', data: '192.0.2.77' }]);
    expect(await client().query(`baru.${Z}`, 'A')).toEqual({ status: 'ok', values: ['192.0.2.77'] });
  });
});

describe('dnsClient server text', () => {
  it.each(['127.0.0.1', '127.0.0.1:5353', '::1', '[::1]', '[::1]:5353'])('accepts %s', (text) => {
    expect(() => dnsClient({ server: text })).not.toThrow();
  });

  it.each(['localhost', 'dns.google:53', '127.0.0.1:0', '127.0.0.1:70000', '127.0.0.1:', '[::1', '[127.0.0.1]:53', ' 127.0.0.1', ''])(
    'rejects %j with a bilingual message',
    (text) => {
      expect(() => dnsClient({ server: text })).toThrow(/server DNS .* tidak valid: .* \/ invalid DNS server .*IP:PORT/);
    },
  );
});

describe('resolveChain', () => {
  it('gives the A and AAAA addresses of a name without a CNAME', async () => {
    expect(await resolveChain(client(), `WWW.${Z}.`)).toEqual({
      name: `www.${Z}`,
      hops: [],
      outcome: 'addresses',
      addresses: ['192.0.2.10', '2001:db8::10'],
    });
  });

  it('follows a chain of several CNAMEs to the addresses of the last name', async () => {
    expect(await resolveChain(client(), `sehat.${Z}`)).toEqual({
      name: `sehat.${Z}`,
      hops: ['hop1.cdn.test', 'hop2.cdn.test', 'edge.cdn.test'],
      outcome: 'addresses',
      addresses: ['203.0.113.5', '2001:db8:cd::5'],
    });
  });

  it('ends nxdomain at the missing target of a dangling chain', async () => {
    expect(await resolveChain(client(), `lama.${Z}`)).toEqual({
      name: `lama.${Z}`,
      hops: ['hop-lama.cdn.test', 'old-app.azurewebsites.net'],
      outcome: 'nxdomain',
      addresses: [],
      failedAt: 'old-app.azurewebsites.net',
    });
  });

  it('ends nxdomain at the name itself when it does not exist', async () => {
    expect(await resolveChain(client(), `tidak-ada.${Z}`)).toMatchObject({ hops: [], outcome: 'nxdomain', failedAt: `tidak-ada.${Z}` });
  });

  it('ends nodata when the last name exists but has no address', async () => {
    expect(await resolveChain(client(), `kosong.${Z}`)).toEqual({
      name: `kosong.${Z}`,
      hops: ['txt-only.cdn.test'],
      outcome: 'nodata',
      addresses: [],
    });
  });

  it('ends loop at the repeated name of a CNAME loop without hanging', async () => {
    const { result, ms } = await timed(resolveChain(client(), `putar.${Z}`));
    expect(result).toEqual({
      name: `putar.${Z}`,
      hops: ['a.loop.test', 'b.loop.test', 'a.loop.test'],
      outcome: 'loop',
      addresses: [],
      failedAt: 'a.loop.test',
    });
    expect(ms).toBeLessThan(2000);
  });

  it('ends too-long when the chain has more CNAMEs than the limit', async () => {
    const chain = await resolveChain(client(), 'long0.cdn.test');
    expect(chain).toMatchObject({ outcome: 'too-long', failedAt: 'long9.cdn.test', addresses: [] });
    expect(chain.hops).toHaveLength(9);
  });

  it('follows a chain of exactly the limit to its addresses', async () => {
    expect(await resolveChain(client(), 'exact0.cdn.test')).toMatchObject({ outcome: 'addresses', addresses: ['203.0.113.99'] });
    expect(await resolveChain(client(), 'exact0.cdn.test', 7)).toMatchObject({ outcome: 'too-long' });
  });

  it('ends error with ESERVFAIL at the hop whose server fails', async () => {
    expect(await resolveChain(client(), `via-rusak.${Z}`)).toEqual({
      name: `via-rusak.${Z}`,
      hops: [`rusak.${Z}`],
      outcome: 'error',
      addresses: [],
      failedAt: `rusak.${Z}`,
      code: 'ESERVFAIL',
    });
  });

  it('ends error with ETIMEOUT at a hop that never answers, within a bounded time', async () => {
    const { result, ms } = await timed(resolveChain(client(200), `via-lambat.${Z}`));
    expect(result).toMatchObject({ outcome: 'error', code: 'ETIMEOUT', failedAt: `lambat.${Z}` });
    expect(ms).toBeLessThan(3000);
  });
});

describe('cachingClient', () => {
  it('asks the server once for repeated and concurrent queries of the same name and type', async () => {
    const cached = cachingClient(client());
    const before = server.queries;
    const answers = await Promise.all(Array.from({ length: 20 }, () => cached.query(`www.${Z}`, 'A')));
    await cached.query('Www.Example.go.id.', 'A');
    expect(answers.every((a) => a.status === 'ok')).toBe(true);
    expect(server.queries - before).toBe(1);

    await cached.query(`www.${Z}`, 'AAAA');
    expect(server.queries - before).toBe(2);
  });

  it('without it every query reaches the server', async () => {
    const plain = client();
    const before = server.queries;
    for (let i = 0; i < 3; i++) await plain.query(`www.${Z}`, 'A');
    expect(server.queries - before).toBe(3);
  });

  it('makes many names sharing a CNAME target ask about the target once', async () => {
    for (let i = 0; i < 25; i++) server.set(`app${i}.${Z}`, [{ type: 'CNAME', data: 'edge.cdn.test' }]);
    const cached = cachingClient(client());
    const before = server.queries;
    const chains = await Promise.all(Array.from({ length: 25 }, (_, i) => resolveChain(cached, `app${i}.${Z}`)));
    expect(chains.every((c) => c.outcome === 'addresses')).toBe(true);
    // one CNAME query per name, then CNAME, A and AAAA once at the shared target
    expect(server.queries - before).toBe(25 + 3);
  });

  it('remembers failures too, for the rest of the run', async () => {
    const cached = cachingClient(client());
    const before = server.queries;
    expect(await cached.query(`rusak.${Z}`, 'A')).toEqual({ status: 'error', code: 'ESERVFAIL' });
    expect(await cached.query(`rusak.${Z}`, 'A')).toEqual({ status: 'error', code: 'ESERVFAIL' });
    expect(server.queries - before).toBe(1);
  });
});

describe('the test DNS server', () => {
  it('answers over TCP on the same port, length-prefixed', async () => {
    const socket = connect(server.port, server.host);
    const query = dnsPacket.streamEncode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: `sehat.${Z}` }] });
    const reply = await new Promise<Buffer>((resolve, reject) => {
      let got = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        got = Buffer.concat([got, chunk]);
        if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) resolve(got);
      });
      // split the frame to check the server reassembles it
      socket.write(query.subarray(0, 3));
      setTimeout(() => socket.write(query.subarray(3)), 20);
    });
    socket.destroy();
    const decoded = dnsPacket.decode(reply.subarray(2));
    expect(decoded.id).toBe(7);
    expect((decoded.flags ?? -1) & 0xf).toBe(0); // NOERROR
    expect(decoded.answers?.map((a) => [a.type, 'data' in a ? a.data : undefined])).toEqual([
      ['CNAME', 'Hop1.CDN.test'], // as the fixture wrote it
      ['CNAME', 'hop2.cdn.test'],
      ['CNAME', 'edge.cdn.test'],
      ['A', '203.0.113.5'],
    ]);
  });
});
