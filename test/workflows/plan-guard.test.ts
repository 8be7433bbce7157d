import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/guard.js';
import { destructiveChanges, guardPlan, labelAddedBy, PlanFormatError } from '../../src/dns/plan-guard.js';
import { LabelFakeGitHub } from './support/label-github.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const LIMITS = { maxDeletes: 5, overrideLabel: 'izin-hapus-massal' };

describe('the delete guard on terraform show -json plans', () => {
  test('a plan under the limit may apply; creates, updates, no-ops and drift do not count', () => {
    const verdict = guardPlan(fixture('plan-under-limit.json'), LIMITS, []);
    expect(verdict.ok).toBe(true);
    expect(verdict.count).toBe(2);
    expect(verdict.changes).toEqual([
      { address: 'cloudflare_dns_record.pasar_a_5', kind: 'delete' },
      { address: 'cloudflare_dns_record.pasar_aaaa_6', kind: 'delete' },
    ]);
    expect(verdict.message.en).toContain('2 deleted + 0 replaced = 2; limit 5');
  });

  test('a plan over the limit is refused with a message in Indonesian and English', () => {
    const verdict = guardPlan(fixture('plan-over-limit.json'), LIMITS, ['dns']);
    expect(verdict.ok).toBe(false);
    expect(verdict.count).toBe(6);
    expect(verdict.message.id).toContain('Ditolak');
    expect(verdict.message.id).toContain('izin-hapus-massal');
    expect(verdict.message.en).toContain('Refused');
    expect(verdict.message.en).toContain('6 deleted + 0 replaced = 6; limit 5');
  });

  test('a plan over the limit applies when the merged pull request carries the override label', () => {
    const verdict = guardPlan(fixture('plan-over-limit.json'), LIMITS, ['dns', 'izin-hapus-massal']);
    expect(verdict.ok).toBe(true);
    expect(verdict.overridden).toBe(true);
  });

  test('a replace counts as a delete (delete-then-create and create-then-delete alike)', () => {
    const changes = destructiveChanges(fixture('plan-replace.json'));
    expect(changes.map((c) => c.kind)).toEqual(['delete', 'delete', 'replace', 'replace', 'replace', 'replace']);
    const verdict = guardPlan(fixture('plan-replace.json'), LIMITS, []);
    expect(verdict.ok).toBe(false);
    expect(verdict.message.en).toContain('2 deleted + 4 replaced = 6; limit 5');
  });

  test('the limit itself is allowed, one more is not', () => {
    expect(guardPlan(fixture('plan-over-limit.json'), { ...LIMITS, maxDeletes: 6 }, []).ok).toBe(true);
    expect(guardPlan(fixture('plan-under-limit.json'), { ...LIMITS, maxDeletes: 1 }, []).ok).toBe(false);
    expect(guardPlan(fixture('plan-no-changes.json'), { ...LIMITS, maxDeletes: 0 }, []).ok).toBe(true);
  });

  test('deleting a deposed object counts too', () => {
    expect(destructiveChanges(fixture('plan-deposed.json')).map((c) => c.address)).toEqual([
      'cloudflare_dns_record.pasar_a_1',
      'cloudflare_dns_record.pasar_a_2 (deposed a1b2c3d4)',
    ]);
  });

  test('anything that is not terraform show -json output is refused, never waved through', () => {
    expect(() => destructiveChanges(fixture('not-a-plan.json'))).toThrow(PlanFormatError);
    expect(() => destructiveChanges([])).toThrow(PlanFormatError);
    expect(() => destructiveChanges({ format_version: '1.2', resource_changes: [{ type: 'cloudflare_dns_record' }] })).toThrow(PlanFormatError);
  });
});

describe('subdomain guard', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guard-'));
    mkdirSync(join(dir, '.github'));
    cpSync(join(ROOT, 'test/fixtures/office/.github/sop.yaml'), join(dir, '.github/sop.yaml'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const guard = async (args: string[]) => {
    const io = { cwd: dir, env: {}, out: '', err: '', now: () => new Date(), stdout(t: string) { io.out += t; }, stderr(t: string) { io.err += t; } };
    const code = await run(args, io as Io);
    return { code, out: io.out, err: io.err };
  };

  test('reads the limit and the override label from .github/sop.yaml', async () => {
    const refused = await guard(['--plan', join(FIXTURES, 'plan-over-limit.json'), '--labels', 'dns\nbutuh-review']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Ditolak');
    expect(refused.err).toContain('hapus / delete: cloudflare_dns_record.arsip6_a_6');
    const allowed = await guard(['--plan', join(FIXTURES, 'plan-over-limit.json'), '--labels', 'dns\nizin-hapus-massal\n']);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('izin-hapus-massal');
  });

  test('passes a plan under the limit', async () => {
    const result = await guard(['--plan', join(FIXTURES, 'plan-under-limit.json')]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Within the delete limit');
  });

  test('a missing or unreadable plan exits 1 with a message', async () => {
    expect((await guard(['--plan', join(dir, 'nope.json')])).code).toBe(1);
    const bad = await guard(['--plan', join(FIXTURES, 'not-a-plan.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('format_version');
  });

  test('--max-deletes must be a whole number', async () => {
    await expect(guard(['--plan', 'x', '--max-deletes', '-1'])).rejects.toThrow(/max-deletes/);
  });
});

describe('the override label counts only when a maintainer added it (the timeline)', () => {
  const ev = (event: string, label: string, login: string) => ({ event, label: { name: label }, actor: { login } });

  test('labelAddedBy: the last labeled event for the label, none after an unlabeled', () => {
    expect(labelAddedBy([ev('labeled', 'izin-hapus-massal', 'staf'), ev('labeled', 'dns', 'x')], 'izin-hapus-massal')).toBe('staf');
    expect(labelAddedBy([ev('labeled', 'izin-hapus-massal', 'kasi-egov'), ev('unlabeled', 'izin-hapus-massal', 'kasi-egov'), ev('labeled', 'izin-hapus-massal', 'staf')], 'izin-hapus-massal')).toBe('staf');
    expect(labelAddedBy([ev('labeled', 'izin-hapus-massal', 'kasi-egov'), ev('unlabeled', 'izin-hapus-massal', 'staf')], 'izin-hapus-massal')).toBeUndefined();
    expect(labelAddedBy([{ event: 'commented' }, ev('labeled', 'lain', 'kasi-egov')], 'izin-hapus-massal')).toBeUndefined();
  });

  describe('subdomain guard --override-of, against a GitHub-like server', () => {
    let dir: string;
    let fake: LabelFakeGitHub;
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'override-'));
      mkdirSync(join(dir, '.github'));
      const policy = readFileSync(join(ROOT, 'test/fixtures/office/.github/sop.yaml'), 'utf8')
        .replace('repository maintainers\n    users: [kasi-egov]\n', 'repository maintainers\n    users: [kasi-egov]\n    teams: [pemkot-bekasi/pengelola]\n');
      expect(policy).toContain('pemkot-bekasi/pengelola');
      writeFileSync(join(dir, '.github/sop.yaml'), policy);
      fake = await new LabelFakeGitHub('pemkot-bekasi/subdomain', 42).start();
      fake.token = 'test-token';
    });
    afterEach(async () => {
      expect(fake.invalid).toEqual([]);
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const override = async (pr = '42') => {
      const io = {
        cwd: dir, env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url, SUBDOMAIN_GITHUB_RETRY_BASE_MS: '1', SUBDOMAIN_GITHUB_THROTTLE: 'off' }, out: '', err: '',
        now: () => new Date(), stdout(t: string) { io.out += t; }, stderr(t: string) { io.err += t; },
      };
      const code = await run(['--override-of', pr, '--repo', 'pemkot-bekasi/subdomain'], io as unknown as Io);
      return { code, out: io.out, err: io.err };
    };
    const at = (m: number) => `2026-11-20T0${m}:00:00Z`;

    test('added by a listed maintainer, or an active member of the maintainers\' team: printed', async () => {
      fake.events = [{ event: 'labeled', label: 'izin-hapus-massal', actor: 'kasi-egov', at: at(1) }];
      expect(await override()).toMatchObject({ code: 0, out: 'izin-hapus-massal\n' });
      fake.events = [{ event: 'labeled', label: 'izin-hapus-massal', actor: 'pengelola-2', at: at(1) }];
      fake.teams['pemkot-bekasi/pengelola'] = { 'pengelola-2': 'active' };
      expect(await override()).toMatchObject({ code: 0, out: 'izin-hapus-massal\n' });
    });

    test('added by anyone else (someone who may only triage, a pending invitation): nothing printed, the limit applies', async () => {
      fake.teams['pemkot-bekasi/pengelola'] = { 'calon': 'pending' };
      for (const actor of ['staf-dinkes', 'calon']) {
        fake.events = [{ event: 'labeled', label: 'izin-hapus-massal', actor: 'kasi-egov', at: at(1) }, { event: 'unlabeled', label: 'izin-hapus-massal', actor, at: at(2) }, { event: 'labeled', label: 'izin-hapus-massal', actor, at: at(3) }];
        const result = await override();
        expect(result).toMatchObject({ code: 0, out: '' });
        expect(result.err).toContain(`@${actor}`);
      }
      // And the plan over the limit is then refused, as with no label at all.
      const refused = await guardOn(dir, ['--plan', join(FIXTURES, 'plan-over-limit.json'), '--labels', '']);
      expect(refused).toBe(1);
    });

    test('taken off again: nothing printed; a timeline that cannot be read exits 2', async () => {
      fake.events = [{ event: 'labeled', label: 'izin-hapus-massal', actor: 'kasi-egov', at: at(1) }, { event: 'unlabeled', label: 'izin-hapus-massal', actor: 'kasi-egov', at: at(2) }];
      expect(await override()).toMatchObject({ code: 0, out: '' });
      expect((await override('41')).code).toBe(2);
    });
  });
});

async function guardOn(cwd: string, args: string[]): Promise<number> {
  const io = { cwd, env: {}, now: () => new Date(), stdout() {}, stderr() {} };
  return run(args, io as unknown as Io);
}
