import { incidentMarker } from '../../src/watch/incident-issue.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempGitRepo, writeFile } from '../helpers/temp-repo.js';
import { parseFile } from '../../src/repo/load.js';
import { CONFIRM_REPLY_MARKER } from '../../src/watch/confirm.js';
import { RECONFIRM_LABEL, reconfirmMarker } from '../../src/watch/reconfirm.js';
import { ConfirmFakeGitHub } from './support/confirm-fake-github.js';

const OFFICE = join(import.meta.dirname, 'fixtures', 'reconfirm', 'office');
const REPO = 'pemkot-bekasi/subdomain';
const SEHAT = 'subdomains/sehat.bekasikota.go.id.yaml';

let fake: ConfirmFakeGitHub;
let root: string;

const confirm = (args: string[]) =>
  runCli(root, ['confirm', ...args], { env: { GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'test-token', SUBDOMAIN_GITHUB_RETRY_BASE_MS: '1', SUBDOMAIN_GITHUB_THROTTLE: 'off' } });
const onComment = (id: number, issue = 41) => ['--repo', REPO, '--issue', String(issue), '--comment', String(id)];
const comment = (user: string, body: string, on = 41, type?: 'User' | 'Bot') => fake.addComment({ user, body, created_at: '2026-11-20T02:30:00Z', on, ...(type ? { type } : {}) });
const status = () => gitIn(root, 'status', '--porcelain');
const issueBody = (fqdn: string) => `${reconfirmMarker(fqdn)}\nMohon konfirmasi bahwa **${fqdn}** masih dipakai.\n`;

beforeEach(async () => {
  fake = await new ConfirmFakeGitHub(REPO).start();
  fake.issues.push({ number: 41, title: 'Konfirmasi ulang sehat.bekasikota.go.id', body: issueBody('sehat.bekasikota.go.id'), author: 'github-actions[bot]', state: 'open', labels: [RECONFIRM_LABEL] });
  fake.teams['pemkot-bekasi/dinkes'] = { 'tim-dinkes': 'active', 'calon-dinkes': 'pending' };
  root = tempGitRepo(OFFICE);
});

afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
  cleanupTemps();
});

describe('subdomain confirm: a member of the OPD confirms', () => {
  test('the confirmation is appended to the register history, the file still validates, one reply, the issue closed', async () => {
    const id = comment('staf-dinkes', '/konfirmasi Masih dipakai untuk layanan antrean.\nPenanggung jawab tetap.');
    const result = await confirm(onComment(id));
    expect(result).toMatchObject({ code: 0 });
    expect(status()).toBe(` M ${SEHAT}\n`);
    const text = readFileSync(join(root, SEHAT), 'utf8');
    expect(text).toContain(`    commit: 4f1c2a9e0b7d3c5a6e8f9a0b1c2d3e4f5a6b7c8d
  - action: confirm
    by: staf-dinkes
    at: "2026-11-20T02:30:00Z"
    issue: 41
    comment: ${id}
    note: |-
      Masih dipakai untuk layanan antrean.
      Penanggung jawab tetap.
`);
    const parsed = parseFile(SEHAT, new TextEncoder().encode(text), 'register');
    expect(parsed.ok).toBe(true);
    // The whole repository still passes validate with the new entry in it.
    expect((await runCli(root, ['validate'])).code).toBe(0);

    expect(fake.replies).toHaveLength(1);
    const reply = fake.replies[0]!.body;
    expect(reply.startsWith(CONFIRM_REPLY_MARKER)).toBe(true);
    expect(reply).toContain('Konfirmasi dicatat / confirmation recorded');
    expect(reply).toContain('**sehat.bekasikota.go.id** — Dinas Kesehatan (`dinkes`)');
    expect(reply).toContain('- oleh / by: @staf-dinkes');
    expect(reply).toContain('- konfirmasi berikutnya / next confirmation due: 2027-11-20');
    expect(reply).not.toContain('layanan antrean');
    expect(fake.updates).toEqual([{ on: 41, body: { state: 'closed', state_reason: 'completed' } }]);
    expect(fake.issue(41)!.state).toBe('closed');
  });

  test('an overdue confirmation that became an incident is recorded, but its issue stays open for the watch to close', async () => {
    fake.issue(41)!.body = `${incidentMarker('sehat.bekasikota.go.id')}\n${issueBody('sehat.bekasikota.go.id')}`;
    const result = await confirm(onComment(comment('staf-dinkes', '/konfirmasi')));
    expect(result.code).toBe(0);
    expect(readFileSync(join(root, SEHAT), 'utf8')).toContain('    by: staf-dinkes\n');
    expect(fake.updates).toEqual([]);
    expect(fake.issue(41)!.state).toBe('open');
  });

  test('an active member of the OPD’s team may confirm; a pending invitation may not', async () => {
    expect((await confirm(onComment(comment('tim-dinkes', '/confirm')))).code).toBe(0);
    expect(readFileSync(join(root, SEHAT), 'utf8')).toContain('    by: tim-dinkes\n');
    expect(fake.log.filter((l) => l.path.includes('/memberships/'))).toEqual([{ method: 'GET', path: '/orgs/pemkot-bekasi/teams/dinkes/memberships/tim-dinkes', status: 200 }]);

    fake.issue(41)!.state = 'open';
    gitIn(root, 'commit', '-qam', 'confirmed');
    const pending = await confirm(onComment(comment('calon-dinkes', '/konfirmasi')));
    expect(pending.code).toBe(1);
    expect(status()).toBe('');
  });

  test('a re-run on a comment already recorded changes nothing and does not reply again', async () => {
    const id = comment('staf-dinkes', '/konfirmasi');
    expect((await confirm(onComment(id))).code).toBe(0);
    gitIn(root, 'commit', '-qam', 'confirmed');
    const again = await confirm(onComment(id));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('sudah dicatat');
    expect(status()).toBe('');
    expect(fake.replies).toHaveLength(1);
    expect(fake.updates).toHaveLength(1);
  });

  test('--no-reply records on a closed issue (the workflow’s retry) without writing to the issue', async () => {
    fake.issue(41)!.state = 'closed';
    const result = await confirm([...onComment(comment('staf-dinkes', '/konfirmasi')), '--no-reply']);
    expect(result.code).toBe(0);
    expect(status()).toBe(` M ${SEHAT}\n`);
    expect(fake.replies).toEqual([]);
    expect(fake.updates).toEqual([]);
  });

  test('--dry-run writes nothing, replies nothing and leaves the issue open', async () => {
    const result = await confirm([...onComment(comment('staf-dinkes', '/konfirmasi')), '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Konfirmasi dicatat');
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
    expect(fake.issue(41)!.state).toBe('open');
  });

  test('a template sequence in the note is broken up, so the register keeps passing validate', async () => {
    expect((await confirm(onComment(comment('staf-dinkes', '/konfirmasi ${path.cwd} %{x}')))).code).toBe(0);
    expect(readFileSync(join(root, SEHAT), 'utf8')).toContain('    note: $ {path.cwd} % {x}\n');
    expect((await runCli(root, ['validate'])).code).toBe(0);
  });
});

describe('subdomain confirm: refusals reply once, write nothing, keep the issue open, exit 1', () => {
  async function refused(id: number, issue = 41): Promise<string> {
    const result = await confirm(onComment(id, issue));
    expect(result.code).toBe(1);
    expect(status()).toBe('');
    expect(fake.replies).toHaveLength(1);
    expect(fake.updates).toEqual([]);
    const reply = fake.replies[0]!.body;
    expect(reply.startsWith(CONFIRM_REPLY_MARKER)).toBe(true);
    expect(reply).toContain('Konfirmasi tidak dicatat / confirmation not recorded');
    return reply;
  }

  test('an outsider (a member of another OPD) is refused politely', async () => {
    const reply = await refused(comment('staf-bapenda', '/konfirmasi'));
    expect(reply).toContain('Mohon maaf, @staf-bapenda tidak tercatat sebagai anggota Dinas Kesehatan (`dinkes`)');
    expect(reply).toContain('Sorry, @staf-bapenda is not listed as a member of Dinas Kesehatan');
  });

  test('an issue whose marker is missing', async () => {
    fake.issues.push({ number: 42, title: 'Konfirmasi ulang', body: 'Mohon konfirmasi sub domain Anda.', author: 'github-actions[bot]', state: 'open', labels: [RECONFIRM_LABEL] });
    expect(await refused(comment('staf-dinkes', '/konfirmasi', 42), 42)).toContain('penandanya hilang atau diubah');
  });

  test('an issue whose marker was edited to name something else than a domain name', async () => {
    fake.issues.push({ number: 43, title: 'x', body: '<!-- subdomain-reconfirm:../../.github/sop -->', author: 'github-actions[bot]', state: 'open', labels: [RECONFIRM_LABEL] });
    expect(await refused(comment('staf-dinkes', '/konfirmasi', 43), 43)).toContain('marker is missing or was changed');
  });

  test('an issue without the re-confirmation label', async () => {
    fake.issues.push({ number: 44, title: 'x', body: issueBody('sehat.bekasikota.go.id'), author: 'staf-dinkes', state: 'open', labels: [] });
    expect(await refused(comment('staf-dinkes', '/konfirmasi', 44), 44)).toContain(`label \`${RECONFIRM_LABEL}\``);
  });

  test('a subdomain no longer in the register', async () => {
    fake.issues.push({ number: 45, title: 'x', body: issueBody('hilang.bekasikota.go.id'), author: 'github-actions[bot]', state: 'open', labels: [RECONFIRM_LABEL] });
    expect(await refused(comment('staf-dinkes', '/konfirmasi', 45), 45)).toContain('hilang.bekasikota.go.id tidak terdaftar');
  });

  test('a register file that cannot be read', async () => {
    writeFile(root, SEHAT, 'opd: dinkes\npurpose: [rusak\n');
    gitIn(root, 'commit', '-qam', 'broken');
    const result = await confirm(onComment(comment('staf-dinkes', '/konfirmasi')));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(SEHAT);
    expect(fake.replies[0]!.body).toContain('tidak dapat dibaca');
  });
});

describe('subdomain confirm: comments that are no command', () => {
  test('a bot’s comment is ignored: no reply, nothing written', async () => {
    const result = await confirm(onComment(comment('github-actions[bot]', '/konfirmasi', 41, 'Bot')));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bot diabaikan');
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
    expect(fake.log.some((l) => l.path.endsWith('/issues/41'))).toBe(false);
  });

  test('a comment quoting the command is no command', async () => {
    const result = await confirm(onComment(comment('staf-dinkes', '> /konfirmasi\nNanti saya konfirmasi.')));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bukan perintah /konfirmasi');
    expect(fake.replies).toEqual([]);
  });

  test('a comment on another issue than --issue is a usage error', async () => {
    fake.issues.push({ number: 46, title: 'x', body: '', author: 'staf-dinkes', state: 'open', labels: [] });
    const result = await confirm(onComment(comment('staf-dinkes', '/konfirmasi', 46), 41));
    expect(result.code).toBe(2);
    expect(fake.replies).toEqual([]);
  });

  test('a GitHub failure exits 2 and writes nothing', async () => {
    fake.fail('GET', /\/issues\/41$/, 500, 10);
    const result = await confirm(onComment(comment('staf-dinkes', '/konfirmasi')));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Gagal / failed');
    expect(status()).toBe('');
  });

  test('bad options are usage errors', async () => {
    expect((await confirm(['--repo', REPO, '--issue', 'x', '--comment', '1'])).code).toBe(2);
    expect((await confirm(['--repo', 'nope', '--issue', '1', '--comment', '1'])).code).toBe(2);
    expect((await confirm(['--repo', REPO, '--issue', '1'])).code).toBe(2);
  });
});
