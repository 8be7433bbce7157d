import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { gzipSync } from 'node:zlib';

/**
 * HTTP and HTTPS servers on 127.0.0.1 (random ports) for the watch's web tests, with the
 * certificates of test/fixtures/watch/tls (see its README), and handlers for hostile servers:
 * a slow-loris, a 50 MB body, a redirect loop, a gzip bomb.
 */

const TLS_DIR = new URL('../fixtures/watch/tls/', import.meta.url);
const pem = (file: string) => readFileSync(new URL(file, TLS_DIR), 'utf8');

export interface KeyPair {
  key: string;
  cert: string;
}
const pair = (name: string): KeyPair => ({ key: pem(`${name}.key`), cert: pem(`${name}.pem`) });

/** The test CA (trust it with `ca: TEST_CA`). */
export const TEST_CA = pem('ca.pem');
export const CERTS = {
  /** sehat.contoh.go.id and *.contoh.go.id, from the test CA, 2020 … 2118. */
  sehat: pair('sehat'),
  /** lain.example.org, from the test CA, 2020 … 2118. */
  lain: pair('lain'),
  /** sehat.contoh.go.id and *.contoh.go.id, from the test CA, expired on 2021-01-01. */
  expired: pair('expired'),
  /** sehat.contoh.go.id and *.contoh.go.id, self-signed. */
  selfSigned: pair('self-signed'),
} as const;

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  port: number;
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  origin: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/** Serves `handler` over plain HTTP. */
export function startHttpServer(handler: Handler): Promise<TestServer> {
  return listen(createHttpServer(handler), 'http');
}

/** Serves `handler` over HTTPS with the certificate `cert` (one of CERTS). */
export function startHttpsServer(cert: KeyPair, handler: Handler): Promise<TestServer> {
  return listen(createHttpsServer({ key: cert.key, cert: cert.cert }, handler), 'https');
}

/** A server that hands each connection (TLS-terminated when `cert` is given) to `onSocket`: for answers no HTTP server would give. */
export function startRawServer(onSocket: (socket: Socket) => void, cert?: KeyPair): Promise<TestServer> {
  const server = cert
    ? createTlsServer({ key: cert.key, cert: cert.cert }, (socket) => {
        socket.on('error', () => {});
        onSocket(socket);
      })
    : createNetServer((socket) => {
        socket.on('error', () => {});
        onSocket(socket);
      });
  return listen(server, cert ? 'https' : 'http');
}

async function listen(server: Server, scheme: 'http' | 'https'): Promise<TestServer> {
  const open = new Set<Socket>();
  let accepted = 0;
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    open.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => open.delete(socket));
  });
  // A handshake the client gave up on is not a test failure.
  server.on('tlsClientError', () => {});
  server.on('clientError', (_e: Error, socket: Socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 nothing listens on (it was free a moment ago): connecting is refused. */
export async function unusedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------
// Hostile servers

/**
 * For startRawServer: a slow-loris that drips a whole response, status line and headers
 * included, one byte every `intervalMs` (1 s by default), so it never gets past the headers
 * of a fetch with any sane deadline.
 */
export function slowLoris(intervalMs = 1000): (socket: Socket) => void {
  const response = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 26\r\n\r\n<html>too slow</html>\r\n\r\n\r\n');
  return (socket) => {
    let i = 0;
    const drip = () => {
      if (socket.destroyed || i >= response.length) return clearInterval(timer);
      socket.write(response.subarray(i, i + 1));
      i += 1;
    };
    const timer = setInterval(drip, intervalMs);
    socket.on('close', () => clearInterval(timer));
    drip();
  };
}

/** A handler whose headers come at once but whose body (`total` bytes) drips one byte every `intervalMs`. */
export function dripBody(intervalMs = 1000, total = 1000): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(total) });
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= total) return clearInterval(timer);
      res.write('a');
      sent += 1;
    }, intervalMs);
    res.on('close', () => clearInterval(timer));
  };
}

export interface Streaming {
  handler: Handler;
  /** Bytes handed to the socket so far. */
  sent(): number;
  /** Resolves with the bytes handed to the socket when the response closes (finished or cut off). */
  closed: Promise<number>;
}

/** A `total`-byte body (50 MB by default) of `a`s, written as fast as the client reads. */
export function hugeBody(total = 50 * 1024 * 1024): Streaming {
  return streaming(Buffer.alloc(64 * 1024, 'a'), total, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(total) });
}

/**
 * A gzip bomb: `decompressed` bytes (1 GiB by default) of zeros as about 1 KB gzip members
 * of 1 MiB each (a gzip body may be several members), so about 1 MB on the wire.
 */
export function gzipBomb(decompressed = 1024 * 1024 * 1024): Streaming {
  const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  const members = Math.ceil(decompressed / (1024 * 1024));
  const block = Buffer.concat(Array.from({ length: 64 }, () => member));
  const total = member.length * members;
  return streaming(block, total, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(total) });
}

function streaming(block: Buffer, total: number, headers: Record<string, string>): Streaming {
  let sent = 0;
  let closed!: (n: number) => void;
  const result: Streaming = {
    sent: () => sent,
    closed: new Promise<number>((resolve) => (closed = resolve)),
    handler: (_req, res) => {
      res.writeHead(200, headers);
      res.on('close', () => closed(sent));
      const pump = () => {
        while (sent < total && !res.destroyed) {
          const chunk = block.subarray(0, Math.min(block.length, total - sent));
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    },
  };
  return result;
}

/** Redirects /a → /b → /a … with relative Locations (`kind` 302 by default). */
export function redirectLoop(status = 302): Handler {
  return (req, res) => {
    const to = req.url?.endsWith('/a') ? 'b' : 'a';
    res.writeHead(status, { location: to, 'content-type': 'text/plain' });
    res.end(`see ${to}`);
  };
}

/** /hop/N redirects to /hop/N-1, … /hop/0 answers 200 `arrived`. */
export function redirectChain(): Handler {
  return (req, res) => {
    const n = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
    if (n <= 0) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('arrived');
      return;
    }
    res.writeHead(301, { location: `/hop/${n - 1}` });
    res.end();
  };
}
