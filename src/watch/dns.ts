import { Resolver } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';

export type QueryType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'NS' | 'TXT';

export type Lookup =
  /** A/AAAA: addresses; CNAME/NS: target names; MX: exchange names; TXT: joined strings. Names lower case, no trailing dot. */
  | { status: 'ok'; values: string[] }
  | { status: 'nxdomain' }
  /** The name exists, no record of that type. */
  | { status: 'nodata' }
  /** ETIMEOUT, ESERVFAIL, ECONNREFUSED, EREFUSED, … */
  | { status: 'error'; code: string };

export interface DnsClient {
  query(name: string, type: QueryType): Promise<Lookup>;
}

export interface DnsClientOptions {
  /** 'HOST', 'HOST:PORT' or '[IPv6]:PORT', an IP address; without it the system's resolvers. */
  server?: string;
  /** Per try; default 3000. */
  timeoutMs?: number;
  /** Default 2. */
  tries?: number;
}

const normalise = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** A DNS client on node:dns/promises. Invalid server text throws; DNS outcomes never do. */
export function dnsClient(options: DnsClientOptions = {}): DnsClient {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  if (options.server !== undefined) resolver.setServers([checkServer(options.server)]);

  const ask = async (name: string, type: QueryType): Promise<string[]> => {
    switch (type) {
      case 'A':
        return resolver.resolve4(name);
      case 'AAAA':
        return resolver.resolve6(name);
      case 'CNAME':
        return (await resolver.resolveCname(name)).map(normalise);
      case 'NS':
        return (await resolver.resolveNs(name)).map(normalise);
      case 'MX':
        return (await resolver.resolveMx(name)).sort((a, b) => a.priority - b.priority).map((mx) => normalise(mx.exchange));
      case 'TXT':
        return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    }
  };

  return {
    async query(name, type) {
      try {
        const values = await ask(normalise(name), type);
        return values.length > 0 ? { status: 'ok', values } : { status: 'nodata' };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code !== 'string') throw error;
        if (code === 'ENOTFOUND') return { status: 'nxdomain' };
        if (code === 'ENODATA') return { status: 'nodata' };
        return { status: 'error', code };
      }
    },
  };
}

/**
 * Checks the text before setServers sees it: setServers names no expected form, silently wraps
 * ports above 65535 and, on port 0, aborts the whole process (a native assertion in Node 20).
 */
function checkServer(text: string): string {
  const [, v6, v4, port] = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(text) ?? [];
  // Without brackets or a port, an IPv6 address is the whole text.
  const hostOk = v6 !== undefined ? isIPv6(v6) : v4 !== undefined ? isIPv4(v4) : isIPv6(text);
  const portOk = port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  if (!hostOk || !portOk) {
    throw new Error(
      `server DNS "${text}" tidak valid: tulis alamat IP, IP:PORT atau [IPv6]:PORT, misalnya 8.8.8.8 atau 127.0.0.1:5353 / ` +
        `invalid DNS server "${text}": write an IP address, IP:PORT or [IPv6]:PORT, e.g. 8.8.8.8 or 127.0.0.1:5353`,
    );
  }
  return text;
}

/** Memoises query promises per (name, type) for one run, so 1,000 names sharing a target ask once. */
export function cachingClient(client: DnsClient): DnsClient {
  const memo = new Map<string, Promise<Lookup>>();
  return {
    query(name, type) {
      const id = `${type} ${normalise(name)}`;
      let lookup = memo.get(id);
      if (!lookup) memo.set(id, (lookup = client.query(name, type)));
      return lookup;
    },
  };
}

export type ChainOutcome = 'addresses' | 'nxdomain' | 'nodata' | 'loop' | 'too-long' | 'error';

export interface Chain {
  /** The name asked about, lower case, no trailing dot. */
  name: string;
  /** CNAME targets in order (empty when the name has no CNAME). */
  hops: string[];
  outcome: ChainOutcome;
  /** A and AAAA of the last name, when outcome is 'addresses'. */
  addresses: string[];
  /** The name that was NXDOMAIN / errored / repeated / one hop past the limit. */
  failedAt?: string;
  /** The error code when outcome is 'error'. */
  code?: string;
}

/**
 * Follows CNAMEs hop by hop (query CNAME; when nodata, query A and AAAA). Asking for the CNAME
 * at each hop, rather than letting the resolver chase, is what shows which hop dangles.
 * A chain of more than maxHops CNAMEs is 'too-long'; its hops then hold maxHops + 1 targets.
 */
export async function resolveChain(client: DnsClient, name: string, maxHops = 8): Promise<Chain> {
  const chain: Chain = { name: normalise(name), hops: [], outcome: 'nodata', addresses: [] };
  const end = (outcome: ChainOutcome, extra: Partial<Chain> = {}): Chain => Object.assign(chain, { outcome }, extra);
  const seen = new Set([chain.name]);
  let current = chain.name;
  for (;;) {
    const cname = await client.query(current, 'CNAME');
    if (cname.status === 'nxdomain') return end('nxdomain', { failedAt: current });
    if (cname.status === 'error') return end('error', { failedAt: current, code: cname.code });
    if (cname.status === 'ok') {
      const target = normalise(cname.values[0] ?? '');
      chain.hops.push(target);
      if (seen.has(target)) return end('loop', { failedAt: target });
      if (chain.hops.length > maxHops) return end('too-long', { failedAt: target });
      seen.add(target);
      current = target;
      continue;
    }
    const [a, aaaa] = await Promise.all([client.query(current, 'A'), client.query(current, 'AAAA')]);
    const addresses = [a, aaaa].flatMap((l) => (l.status === 'ok' ? l.values : []));
    if (addresses.length > 0) return end('addresses', { addresses });
    const failed = [a, aaaa].find((l) => l.status === 'error');
    if (failed) return end('error', { failedAt: current, code: failed.code });
    // Between the CNAME and the address queries the name may have gone away.
    if (a.status === 'nxdomain' || aaaa.status === 'nxdomain') return end('nxdomain', { failedAt: current });
    return end('nodata');
  }
}
