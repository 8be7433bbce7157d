/**
 * `subdomain pace`, run in-process through the CLI's main(): it announces its URL and port,
 * forwards to the upstream it was given, and ends with exit 0 and one summary line on SIGTERM.
 * The signal is emitted on this process (`process.emit`), which only calls the listeners: the
 * command's own, checked to be in place first. Nothing leaves 127.0.0.1.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli } from '../helpers/run-cli.js';

const TOKEN = 'Bearer pace-cli-secret-1a2b3c';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function until<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts `subdomain pace …` and waits for its ready file; `stop` sends SIGTERM and returns the result. */
async function startPace(args: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pace-cli-'));
  dirs.push(dir);
  const before = process.listenerCount('SIGTERM');
  const running = runCli(dir, ['pace', ...args, '--ready-file', 'pace.url'], { env });
  const url = await until(() => (existsSync(join(dir, 'pace.url')) ? readFileSync(join(dir, 'pace.url'), 'utf8').trim() : undefined));
  expect(process.listenerCount('SIGTERM')).toBe(before + 1);
  return {
    url,
    stop: async () => {
      process.emit('SIGTERM', 'SIGTERM');
      const result = await running;
      expect(process.listenerCount('SIGTERM')).toBe(before);
      return result;
    },
  };
}

describe('subdomain pace', () => {
  it('--port 0 prints its port and URL, forwards to --upstream, and exits 0 on SIGTERM with one summary line', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const upstream = createServer((req, res) => {
      seen.push(req.headers);
      res.end('{"success":true}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/client/v4`;
      const pace = await startPace(['--port', '0', '--budget', '5/1', '--upstream', base]);
      expect(pace.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*\/client\/v4$/);
      expect(await get(`${pace.url}/zones`, { authorization: TOKEN })).toBe(200);
      expect(seen.map((h) => h.authorization)).toEqual([TOKEN]);
      const result = await pace.stop();
      expect(result.code, result.stderr).toBe(0);
      const port = /:(\d+)\//.exec(pace.url)![1]!;
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toContain(`${pace.url} → ${base} (5/1 s, port ${port})`);
      expect(lines.slice(1)).toEqual([expect.stringMatching(/^Jeda Cloudflare \/ Cloudflare pacing: 1 permintaan\/requests, 0 ulang\/retries, [0-9.]+ s menunggu\/waited$/)]);
      expect(result.stdout + result.stderr).not.toContain('pace-cli-secret');
    } finally {
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('takes CLOUDFLARE_API_BASE_URL as the upstream when --upstream is not given, else Cloudflare\'s API (nothing is sent)', async () => {
    const fromEnv = await startPace([], { CLOUDFLARE_API_BASE_URL: 'http://127.0.0.1:9/client/v4' });
    expect((await fromEnv.stop()).stdout).toContain('→ http://127.0.0.1:9/client/v4 (1100/300 s');
    const fallback = await startPace([]);
    const result = await fallback.stop();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('→ https://api.cloudflare.com/client/v4 (1100/300 s');
    expect(result.stdout).toContain('0 permintaan/requests');
  });

  it.each([
    [['--budget', '1100'], /--budget/],
    [['--budget', '0/300'], /--budget/],
    [['--port', '70000'], /--port/],
    [['--port', 'abc'], /--port/],
    [['--upstream', 'http://api.cloudflare.com/client/v4'], /https/],
    [['--upstream', 'https://api.cloudflare.com/client/v4?x=1'], /query/],
    [['--frobnicate'], /Unknown option/],
  ])('%j is a usage error (exit 2), and nothing listens', async (args, message) => {
    const before = process.listenerCount('SIGTERM');
    const result = await runCli(process.cwd(), ['pace', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/usage: subdomain pace/);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('a port already taken: exit 1 with a message, no listener left behind', async () => {
    const before = process.listenerCount('SIGTERM');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((taken.address() as AddressInfo).port);
      const result = await runCli(process.cwd(), ['pace', '--port', port]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(process.listenerCount('SIGTERM')).toBe(before);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
