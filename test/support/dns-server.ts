import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type Packet } from 'dns-packet';

/** One record of the fixture zone. The owner name is the key it is stored under. */
export type DnsFixtureRecord =
  | { type: 'A' | 'AAAA' | 'CNAME' | 'NS'; data: string; ttl?: number }
  | { type: 'MX'; data: { preference: number; exchange: string }; ttl?: number }
  | { type: 'TXT'; data: string | string[]; ttl?: number };

export interface DnsServer {
  host: string;
  port: number;
  /** `host:port`, ready for `dnsClient({ server })`. */
  address: string;
  /** Queries received so far, over UDP and TCP. */
  readonly queries: number;
  /** Replaces the records of a name (an empty list still makes the name exist). */
  set(name: string, records: DnsFixtureRecord[]): void;
  /** Queries reaching this name are never answered. */
  hang(name: string): void;
  /** Queries reaching this name are answered SERVFAIL. */
  servfail(name: string): void;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;
const MAX_CHASE = 16;

const key = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/**
 * A DNS server on 127.0.0.1 that answers from a fixture the way a recursive resolver presents
 * an authoritative zone: unknown names are NXDOMAIN, a known name without the asked type is
 * NOERROR with no answers, and a non-CNAME query at a CNAME is answered with the chain chased
 * through the fixture. UDP and TCP listen on the same random port.
 */
export async function startDnsServer(records: Record<string, DnsFixtureRecord[]>): Promise<DnsServer> {
  const zone = new Map<string, DnsFixtureRecord[]>();
  const hanging = new Set<string>();
  const failing = new Set<string>();
  for (const [name, recs] of Object.entries(records)) zone.set(key(name), recs);
  let queries = 0;

  /** The response to one query, or undefined to leave it unanswered. */
  function respond(query: DecodedPacket): Packet | undefined {
    queries++;
    const reply = (rcode: number, answers: Answer[] = []): Packet => ({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_AVAILABLE | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcode,
      questions: query.questions,
      answers,
    });
    const question = query.questions?.[0];
    if (!question) return reply(1); // FORMERR
    const answers: Answer[] = [];
    const visited = new Set<string>();
    // The owner of the first answer keeps the case the client asked with, as resolvers do.
    let owner = question.name;
    for (;;) {
      const at = key(owner);
      if (hanging.has(at)) return undefined;
      if (failing.has(at)) return reply(SERVFAIL);
      const recs = zone.get(at);
      if (!recs) return reply(NXDOMAIN, answers);
      const matching = recs.filter((r) => r.type === question.type);
      const cname = recs.find((r) => r.type === 'CNAME');
      if (matching.length > 0 || question.type === 'CNAME' || !cname) {
        return reply(NOERROR, [...answers, ...matching.map((r) => toAnswer(owner, r))]);
      }
      answers.push(toAnswer(owner, cname));
      visited.add(at);
      owner = cname.data as string;
      if (visited.has(key(owner)) || answers.length >= MAX_CHASE) return reply(NOERROR, answers);
    }
  }

  function handle(message: Buffer): Buffer | undefined {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined;
    }
    const response = respond(query);
    return response && dnsPacket.encode(response);
  }

  const { udp, tcp, port } = await listenOnSamePort();

  udp.on('message', (message, peer) => {
    const out = handle(message);
    if (out) udp.send(out, peer.port, peer.address);
  });

  const connections = new Set<Socket>();
  tcp.on('connection', (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        const out = handle(pending.subarray(2, 2 + length));
        pending = pending.subarray(2 + length);
        if (out) {
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(out.length);
          socket.write(Buffer.concat([prefix, out]));
        }
      }
    });
  });

  return {
    host: HOST,
    port,
    address: `${HOST}:${port}`,
    get queries() {
      return queries;
    },
    set: (name, recs) => void zone.set(key(name), recs),
    hang: (name) => void hanging.add(key(name)),
    servfail: (name) => void failing.add(key(name)),
    close: async () => {
      for (const socket of connections) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

function toAnswer(name: string, record: DnsFixtureRecord): Answer {
  const ttl = record.ttl ?? 300;
  switch (record.type) {
    case 'MX':
      return { name, type: 'MX', ttl, data: record.data };
    case 'TXT':
      return { name, type: 'TXT', ttl, data: record.data };
    default:
      return { name, type: record.type, ttl, data: record.data };
  }
}

/** Binds UDP to a random port, then TCP to the same one; retries when TCP finds it taken. */
async function listenOnSamePort(): Promise<{ udp: ReturnType<typeof createSocket>; tcp: Server; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, HOST, () => resolve());
    });
    const port = udp.address().port;
    const tcp = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, HOST, () => resolve());
      });
      return { udp, tcp, port };
    } catch (error) {
      udp.close();
      if (attempt >= 20) throw error;
    }
  }
}
