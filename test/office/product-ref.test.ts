/**
 * scripts/product-ref.mjs: which commit of the product a reusable workflow runs at, read from the
 * job's OIDC token. Every reusable workflow inlines the file in a quoted heredoc; each copy must be
 * the file exactly (node scripts/sync-workflows.mjs rewrites them), and the step as the workflows
 * hold it is run here against a local OIDC-like server on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL, REUSABLE, ROOT, load, steps } from '../workflows/support/workflow.js';

const SCRIPT = readFileSync(join(ROOT, 'scripts/product-ref.mjs'), 'utf8');
const SHA = '0123456789abcdef0123456789abcdef01234567';

/** The `run:` of every step that inlines the script, with where it is. */
const copies = ALL.flatMap((file) => Object.entries(load(file).jobs).flatMap(([id, job]) =>
  steps(job).filter((s) => s.run?.includes("<<'PRODUCT_REF'")).map((s) => ({ where: `${file}#${id}`, step: s }))));

test('every copy in the workflows is the script itself, in one quoted heredoc run by node', () => {
  expect(copies.length).toBeGreaterThanOrEqual(REUSABLE.length - 1);
  for (const { where, step } of copies) {
    expect(step.id, where).toBe('product');
    expect(step.run, where).toBe(`node --input-type=module <<'PRODUCT_REF'\n${SCRIPT}PRODUCT_REF\n`);
  }
  expect(SCRIPT).not.toContain('${{');
});

let server: Server;
let url = '';
let reply: { status: number; body: unknown } = { status: 200, body: {} };
const seen: { path: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization });
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const jwt = (claims: unknown) => ['{"alg":"RS256","typ":"JWT"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.c2lnbmF0dXJl';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'product-ref-'));
  seen.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The step's script as GitHub runs it (bash -e), asynchronously: the server lives in this process. */
async function run(env: Record<string, string>) {
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', copies[0]!.step.run!], { cwd: dir, env: { PATH: process.env.PATH!, GITHUB_OUTPUT: output, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  child.stdout.resume();
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2))) as Record<string, string>;
  return { status, stderr, outputs };
}
const token = { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token' };
const withToken = () => ({ ...token, ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/_apis/token?api-version=2.0` });

test('reads the called workflow and its commit from the token: job_workflow_ref and job_workflow_sha', async () => {
  reply = { status: 200, body: { value: jwt({ job_workflow_ref: 'subdomain-go-id/subdomain-gitops/.github/workflows/apply.yml@refs/tags/v0.3.0', job_workflow_sha: SHA, repository: 'pemkot-bekasi/subdomain' }) } };
  const result = await run(withToken());
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.outputs).toEqual({ repository: 'subdomain-go-id/subdomain-gitops', sha: SHA, ref: 'refs/tags/v0.3.0', workflow: '.github/workflows/apply.yml' });
  // The request carries the runner's bearer and our audience.
  expect(seen).toEqual([{ path: '/_apis/token?api-version=2.0&audience=subdomain-gitops', auth: 'Bearer request-token' }]);
});

test('refuses what it cannot trust: no token, a refusal, not a JWT, claims that are missing or would inject an output line', async () => {
  const cases: [Record<string, string>, { status: number; body: unknown } | undefined, RegExp][] = [
    [{}, undefined, /id-token: write/],
    [withToken(), { status: 403, body: { message: 'no' } }, /HTTP 403/],
    [withToken(), { status: 200, body: { value: 'not-a-jwt' } }, /names no product/],
    [withToken(), { status: 200, body: { value: jwt({ job_workflow_ref: 'a/b/.github/workflows/x.yml@refs/heads/main' }) } }, /names no product/],
    [withToken(), { status: 200, body: { value: jwt({ job_workflow_ref: 'a/b/.github/workflows/x.yml@main\nsha=evil', job_workflow_sha: SHA }) } }, /names no product/],
    [withToken(), { status: 200, body: { value: jwt({ job_workflow_ref: 'a/b/.github/workflows/x.yml@main', job_workflow_sha: 'HEAD' }) } }, /names no product/],
    [{ ...token, ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/x?' }, undefined, /could not be requested/],
  ];
  for (const [env, answer, message] of cases) {
    if (answer) reply = answer;
    const result = await run(env);
    expect(result.status, JSON.stringify(env)).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.outputs).toEqual({});
  }
});

describe('without a token (validate on a pull request from a fork): the caller\'s uses: line', () => {
  const caller = (text: string) => {
    mkdirSync(join(dir, 'office/.github/workflows'), { recursive: true });
    writeFileSync(join(dir, 'office/.github/workflows/subdomain-validate.yml'), text);
  };
  const env = (extra: Record<string, string> = {}) => ({
    SUBDOMAIN_OFFICE: join(dir, 'office'), SUBDOMAIN_REUSABLE: 'validate.yml', GITHUB_REPOSITORY: 'pemkot-bekasi/subdomain', GITHUB_SHA: SHA,
    GITHUB_WORKFLOW_REF: 'pemkot-bekasi/subdomain/.github/workflows/subdomain-validate.yml@refs/pull/12/merge', ...extra,
  });

  test('an office\'s caller: the product repository at the ref it names (tag, or SHA with the tag in a comment)', async () => {
    caller('jobs:\n  validate:\n    uses: subdomain-go-id/subdomain-gitops/.github/workflows/validate.yml@v0.3.0\n');
    expect((await run(env())).outputs).toEqual({ repository: 'subdomain-go-id/subdomain-gitops', sha: '', ref: 'v0.3.0', workflow: '.github/workflows/validate.yml' });
    caller(`jobs:\n  validate:\n    uses: subdomain-go-id/subdomain-gitops/.github/workflows/validate.yml@${SHA} # v0.3.0\n`);
    expect((await run(env())).outputs).toMatchObject({ sha: SHA, ref: SHA });
  });

  test('this repository\'s own caller (./.github/workflows/…): the run\'s own repository and commit', async () => {
    caller(readFileSync(join(ROOT, '.github/workflows/subdomain-validate.yml'), 'utf8'));
    expect((await run(env())).outputs).toEqual({ repository: 'pemkot-bekasi/subdomain', sha: SHA, ref: SHA, workflow: '.github/workflows/validate.yml' });
  });

  test('a caller that calls something else, or is not there, is refused', async () => {
    caller('jobs:\n  validate:\n    uses: someone/else/.github/workflows/other.yml@v1\n');
    expect((await run(env())).status).toBe(1);
    expect((await run(env({ GITHUB_WORKFLOW_REF: 'pemkot-bekasi/subdomain/.github/workflows/missing.yml@refs/pull/12/merge' }))).status).toBe(1);
    expect((await run(env({ SUBDOMAIN_REUSABLE: '../../etc/passwd' }))).status).toBe(1);
  });
});
