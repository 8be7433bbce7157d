import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// Runs the drift workflow's report script for real, with a stand-in `gh` that logs its calls.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FAKE_BIN = fileURLToPath(new URL('./fixtures/fake-bin', import.meta.url));
const workflow = parse(readFileSync(join(ROOT, '.github/workflows/drift.yml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
const script = workflow.jobs.report!.steps.find((s) => s.run?.includes('gh issue'))!.run!;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drift-'));
  mkdirSync(join(dir, 'drift'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function report(env: Record<string, string> = {}) {
  const log = join(dir, 'gh.log');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: `${FAKE_BIN}:${process.env.PATH}`, GH_LOG: log, GH_TOKEN: 'x', GH_REPO: 'pemkot/dns', RUN_URL: 'https://github.example/run/1', ...env },
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return { calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [], body: existsSync(`${log}.body`) ? readFileSync(`${log}.body`, 'utf8') : undefined };
}

const drift = (stack: string, text: string) => writeFileSync(join(dir, 'drift', `${stack}.txt`), text);

test('drift and no open issue: creates the label and one issue listing each zone', () => {
  drift('bekasikota-go-id', '  # cloudflare_dns_record.sehat_a will be created\n');
  writeFileSync(join(dir, 'drift', 'bekasikota-go-id.exitcode'), '2\n');
  const { calls, body } = report();
  expect(calls[0]).toMatch(/^issue list --label dns-drift --state open/);
  expect(calls.some((c) => c.startsWith('label create dns-drift'))).toBe(true);
  expect(calls.filter((c) => c.startsWith('issue create'))).toHaveLength(1);
  expect(body).toContain('### bekasikota-go-id');
  expect(body).toContain('cloudflare_dns_record.sehat_a will be created');
  expect(body).toContain('DNS at Cloudflare differs');
});

test('drift with the issue already open and unchanged: updates it quietly', () => {
  drift('bekasikota-go-id', 'same diff\n');
  const first = report();
  const unchanged = first.body!.split('\n').filter((l) => !l.startsWith('Pemeriksaan / check: ')).join('\n');
  rmSync(join(dir, 'gh.log'));
  const { calls } = report({ FAKE_OPEN_ISSUE: '7', FAKE_ISSUE_BODY: unchanged });
  expect(calls.some((c) => c.startsWith('issue edit 7'))).toBe(true);
  expect(calls.some((c) => c.startsWith('issue comment'))).toBe(false);
  expect(calls.some((c) => c.startsWith('issue create'))).toBe(false);
});

test('drift that changed: updates the open issue and comments', () => {
  drift('bekasikota-go-id', 'new diff\n');
  const { calls } = report({ FAKE_OPEN_ISSUE: '7', FAKE_ISSUE_BODY: 'old body' });
  expect(calls.some((c) => c.startsWith('issue edit 7'))).toBe(true);
  expect(calls.some((c) => c.startsWith('issue comment 7'))).toBe(true);
});

test('no drift any more: closes the open issue', () => {
  writeFileSync(join(dir, 'drift', 'bekasikota-go-id.exitcode'), '0\n');
  const { calls } = report({ FAKE_OPEN_ISSUE: '7' });
  expect(calls.some((c) => c.startsWith('issue close 7'))).toBe(true);
});

test('no drift and no issue: does nothing else', () => {
  const { calls } = report();
  expect(calls).toHaveLength(1);
});

test('audit findings: the escaped Markdown of subdomain audit goes into the issue as it is, never inside a code fence', () => {
  writeFileSync(join(dir, 'drift', 'audit.md'), '<!-- subdomain:audit -->\n| tak terkelola / unmanaged | `lama.bekasikota.go.id` | A |\n');
  const { calls, body } = report();
  expect(calls.filter((c) => c.startsWith('issue create'))).toHaveLength(1);
  expect(body).toContain('| tak terkelola / unmanaged | `lama.bekasikota.go.id` | A |');
  expect(body).not.toContain('```\n<!-- subdomain:audit -->');
  expect(body).toContain('subdomain import');
});
