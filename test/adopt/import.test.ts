import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planImport, splitOwner, UNASSIGNED_OPD } from '../../src/adopt/import.js';
import { loadPolicy, type ResolvedPolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import type { LiveRecord } from '../../src/zone/live-record.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempGitRepo } from '../helpers/temp-repo.js';
import { OFFICE } from '../register/helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const ZONE = 'bekasikota.go.id';
afterAll(cleanupTemps);

function officePolicy(): ResolvedPolicy {
  const loaded = loadPolicy(new WorkingTree(OFFICE));
  if (!loaded.ok) throw new Error('fixture policy');
  return loaded.policy;
}

const live = (name: string, type: string, content: string, extra: Partial<LiveRecord> = {}): LiveRecord => ({ name, type, content, ttl: 3600, ...extra });

function plan(records: LiveRecord[], owners = new Map<string, string>(), known: (fqdn: string) => boolean = () => false) {
  const policy = officePolicy();
  return planImport({ zone: policy.zones[0]!, policy, records, owners, infrastructure: [], known, meta: { source: 'cloudflare', at: '2026-12-01T03:00:00Z', by: 'admin-server' } });
}

describe('grouping a zone the way the register holds it', () => {
  it('folds service labels under their subdomain and gives nested names their own entry', () => {
    const result = plan([
      live(`dinsos.${ZONE}`, 'A', '103.122.5.20'),
      live(`_dmarc.dinsos.${ZONE}`, 'TXT', '"v=DMARC1; p=none"'),
      live(`s1._domainkey.dinsos.${ZONE}`, 'TXT', '"v=DKIM1; k=rsa; p=AAAA"'),
      live(`ppid.dinsos.${ZONE}`, 'A', '103.122.5.21'),
    ]);
    expect(result.entries.map((e) => e.fqdn)).toEqual([`dinsos.${ZONE}`, `ppid.dinsos.${ZONE}`]);
    const dinsos = result.entries[0]!.entry;
    expect(dinsos.records).toEqual([
      { type: 'A', value: '103.122.5.20', ttl: 3600 },
      { type: 'TXT', name: '_dmarc', value: 'v=DMARC1; p=none', ttl: 3600 },
      { type: 'TXT', name: 's1._domainkey', value: 'v=DKIM1; k=rsa; p=AAAA', ttl: 3600 },
    ]);
  });

  it('splits an owner name at its last service label', () => {
    expect(splitOwner(`s1._domainkey.dinsos.${ZONE}`, ZONE)).toEqual({ subdomain: 'dinsos', service: 's1._domainkey' });
    expect(splitOwner(`_sip._tcp.a.b.${ZONE}`, ZONE)).toEqual({ subdomain: 'a.b', service: '_sip._tcp' });
    expect(splitOwner(ZONE, ZONE)).toEqual({ subdomain: '' });
    expect(splitOwner('dinsos.other.go.id', ZONE)).toBeUndefined();
  });

  it('sends the apex, reserved labels and declared names to the infrastructure list', () => {
    const result = plan([
      live(ZONE, 'MX', 'mail.bekasikota.go.id', { priority: 10 }),
      live(`_dmarc.${ZONE}`, 'TXT', '"v=DMARC1; p=reject"'),
      live(`www.${ZONE}`, 'A', '103.122.5.1', { proxied: true, ttl: 1 }),
      live(`smtp.${ZONE}`, 'A', '103.122.5.25'),
    ]);
    expect(result.entries).toEqual([]);
    expect(result.infrastructure).toEqual(['@', 'smtp', 'www']);
    expect(result.infrastructureRecords).toBe(4);
  });

  it('gives unmapped names the placeholder OPD and nested names their parent\'s mapping', () => {
    const result = plan([live(`arsip.${ZONE}`, 'A', '103.122.5.30'), live(`layanan.arsip.${ZONE}`, 'A', '103.122.5.31'), live(`lain.${ZONE}`, 'A', '103.122.5.32')], new Map([['arsip', 'disdik']]));
    expect(Object.fromEntries(result.entries.map((e) => [e.fqdn, e.entry.opd]))).toEqual({
      [`arsip.${ZONE}`]: 'disdik', [`layanan.arsip.${ZONE}`]: 'disdik', [`lain.${ZONE}`]: UNASSIGNED_OPD,
    });
  });

  it('leaves types it does not manage and names already registered untouched, saying why', () => {
    const result = plan([live(`ptr.${ZONE}`, 'PTR', 'host.example.net'), live(`pajak.${ZONE}`, 'A', '103.122.5.40')], new Map(), (fqdn) => fqdn === `pajak.${ZONE}`);
    expect(result.entries).toEqual([]);
    expect(result.leftOut.map((l) => [l.name, l.type])).toEqual([[`ptr.${ZONE}`, 'PTR'], [`pajak.${ZONE}`, 'A']]);
    expect(result.leftOut[0]!.reason.en).toContain('not managed');
    expect(result.leftOut[1]!.reason.en).toContain('already in the register');
  });

  it('records the adopted records with their ids in an import history entry, inventing no letter or pull request', () => {
    const result = plan([live(`dinsos.${ZONE}`, 'A', '103.122.5.20', { id: 'a'.repeat(32) })]);
    expect(result.entries[0]!.entry.history).toEqual([{
      action: 'import', source: 'cloudflare', imported_at: '2026-12-01T03:00:00Z', imported_by: 'admin-server',
      records: [{ id: 'a'.repeat(32), type: 'A', name: `dinsos.${ZONE}`, content: '103.122.5.20' }],
    }]);
  });
});

describe('subdomain import --zone-file', () => {
  it('writes one register entry per subdomain and the infrastructure list, all of which validate', async () => {
    const dir = tempGitRepo(OFFICE);
    const policyBefore = readFileSync(join(dir, '.github/sop.yaml'), 'utf8');
    const result = await runCli(dir, ['import', '--zone', ZONE, '--zone-file', join(FIXTURES, 'bekasi-export.zone'), '--owners', join(FIXTURES, 'owners.csv'), '--by', 'admin-server']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`subdomains/dinsos.${ZONE}.yaml`);
    // lama (10.0.0.5) is refused by the rules and left alone, with the rule named.
    expect(result.stdout).toMatch(/lama\.bekasikota\.go\.id \[record\/a-public-ipv4\]/);
    expect(result.stdout).toContain('PTR ptr.bekasikota.go.id');
    expect(existsSync(join(dir, `subdomains/lama.${ZONE}.yaml`))).toBe(false);

    const dinsos = parse(readFileSync(join(dir, `subdomains/dinsos.${ZONE}.yaml`), 'utf8'));
    expect(dinsos.opd).toBe('dinkes');
    expect(dinsos.contact).toBeUndefined();
    expect(dinsos.history[0]).toMatchObject({ action: 'import', source: 'zone-file', file: 'bekasi-export.zone', imported_by: 'admin-server' });
    expect(dinsos.records).toContainEqual({ type: 'TXT', name: 's1._domainkey', value: ['v=DKIM1; k=rsa; ', 'p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'], ttl: 3600 });
    expect(dinsos.records).toContainEqual({ type: 'MX', value: 'mx1.mailhost.co.id', ttl: 3600, priority: 10 });

    const policy = readFileSync(join(dir, '.github/sop.yaml'), 'utf8');
    expect(policy).toMatch(/infrastructure: \["?@"?, smtp, www\]/);
    // Comments and everything else of the policy are kept.
    expect(policy.replace(/\n\s+infrastructure: .*\n/, '\n')).toBe(policyBefore);

    const validate = await runCli(dir, ['validate']);
    expect(validate.code).toBe(0);
    expect(validate.stdout + validate.stderr).toContain('owner/unassigned');
    expect(validate.stdout + validate.stderr).toContain('register/contact-missing');
  });

  it('refuses a bad zone file with its lines and writes nothing', async () => {
    const dir = tempGitRepo(OFFICE);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--zone-file', join(FIXTURES, 'bad.zone')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.zone:4:\d+: galat\/error \[zone-file\/syntax\]/);
    expect(result.stderr).toContain('zone-file/outside-zone');
    expect(result.stderr).toContain('Nothing was written');
    expect(gitIn(dir, 'status', '--porcelain')).toBe('');
  });

  it('refuses an owners file naming an OPD the policy lacks, with its line', async () => {
    const dir = tempGitRepo(OFFICE);
    const owners = join(dir, 'owners.csv');
    await import('node:fs').then((fs) => fs.writeFileSync(owners, 'dinsos,dinkes\narsip,dinas-tidak-ada\n'));
    const result = await runCli(dir, ['import', '--zone', ZONE, '--zone-file', join(FIXTURES, 'bekasi-export.zone'), '--owners', 'owners.csv']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('owners.csv:2:1: galat/error [import/owners]');
    expect(gitIn(dir, 'status', '--porcelain', '--', 'subdomains', '.github')).toBe('');
  });

  it('refuses a zone the policy does not govern', async () => {
    const dir = tempGitRepo(OFFICE);
    const result = await runCli(dir, ['import', '--zone', 'lumajangkab.go.id', '--zone-file', join(FIXTURES, 'bekasi-export.zone')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[import/policy]');
  });

  it('says which file cannot be read', async () => {
    const dir = tempGitRepo(OFFICE);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--zone-file', 'missing.zone']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.zone: galat/error [import/zone-file]');
  });
});

describe('subdomain import --branch', () => {
  /** The office's clone, with the committer identity an administrator's git has. */
  const officeRepo = () => {
    const dir = tempGitRepo(OFFICE);
    gitIn(dir, 'config', 'user.name', 'Admin Server');
    gitIn(dir, 'config', 'user.email', 'admin@bekasikota.go.id');
    return dir;
  };
  const importOn = (dir: string, branch: string) => runCli(dir, ['import', '--zone', ZONE, '--zone-file', join(FIXTURES, 'bekasi-export.zone'), '--owners', join(FIXTURES, 'owners.csv'), '--by', 'admin-server', '--branch', branch]);

  it('commits the adoption on a new branch from HEAD, leaving nothing uncommitted and main as it was', async () => {
    const dir = officeRepo();
    const main = gitIn(dir, 'rev-parse', 'HEAD').trim();
    const result = await importOn(dir, 'impor-bekasikota');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('git push -u origin impor-bekasikota');
    expect(gitIn(dir, 'branch', '--show-current').trim()).toBe('impor-bekasikota');
    expect(gitIn(dir, 'status', '--porcelain')).toBe('');
    expect(gitIn(dir, 'rev-parse', 'HEAD~1').trim()).toBe(main);
    const committed = gitIn(dir, 'show', '--name-only', '--format=%s', 'HEAD').trim().split('\n');
    expect(committed[0]).toBe(`Ambil alih zona ${ZONE} (zone-file) / adopt the zone ${ZONE}`);
    expect(committed).toContain('.github/sop.yaml');
    expect(committed).toContain(`subdomains/dinsos.${ZONE}.yaml`);
  });

  it('refuses a branch that exists, and uncommitted changes it would sweep in, writing nothing', async () => {
    const dir = officeRepo();
    gitIn(dir, 'branch', 'impor-lama');
    const taken = await importOn(dir, 'impor-lama');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already exists');
    expect(gitIn(dir, 'status', '--porcelain')).toBe('');

    const policy = join(dir, '.github/sop.yaml');
    writeFileSync(policy, `${readFileSync(policy, 'utf8')}# catatan\n`);
    const dirty = await importOn(dir, 'impor-baru');
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain('uncommitted changes');
    expect(gitIn(dir, 'status', '--porcelain').trim()).toBe('M .github/sop.yaml');
    expect(gitIn(dir, 'branch', '--list', 'impor-baru').trim()).toBe('');
  });
});

describe('infrastructure names', () => {
  it('refuses a request for a name in the zone\'s infrastructure list', async () => {
    const dir = tempGitRepo(OFFICE);
    const { writeFileSync } = await import('node:fs');
    const policyPath = join(dir, '.github/sop.yaml');
    writeFileSync(policyPath, readFileSync(policyPath, 'utf8').replace('    cloudflare_zone_id: 0123456789abcdef0123456789abcdef', '    cloudflare_zone_id: 0123456789abcdef0123456789abcdef\n    infrastructure: ["@", portal-lama]'));
    writeFileSync(join(dir, `requests/portal-lama.${ZONE}.yaml`), readFileSync(join(dir, `requests/sehat.${ZONE}.yaml`)));
    const result = await runCli(dir, ['validate', `requests/portal-lama.${ZONE}.yaml`]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('name/infrastructure');
  });
});
