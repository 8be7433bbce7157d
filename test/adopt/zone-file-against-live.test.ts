import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, gitIn, tempGitRepo } from '../helpers/temp-repo.js';
import { OFFICE } from '../register/helpers.js';
import { startCloudflareServer, type CloudflareServer, type RecordInput } from '../support/cloudflare-server.js';
import { loadCloudflareValidator } from '../support/cloudflare-openapi/validator.js';

const ZONE = 'bekasikota.go.id';
const ZONE_ID = '0123456789abcdef0123456789abcdef';
const FILE = `subdomains/puskesmas.${ZONE}.yaml`;

const servers: CloudflareServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    expect(s.invalid).toEqual([]);
    await s.close();
  }
});
afterAll(cleanupTemps);

async function live(records: RecordInput[]): Promise<CloudflareServer> {
  const s = await startCloudflareServer({ zones: [{ name: ZONE, id: ZONE_ID, records }], validator: loadCloudflareValidator() });
  servers.push(s);
  return s;
}
const env = (s: CloudflareServer) => ({ CLOUDFLARE_API_TOKEN: s.token, CLOUDFLARE_API_BASE_URL: s.baseURL });

/** An office repository on a branch `import` holding a zone-file import of `zone` (not committed). */
async function zoneFileImport(zone: string): Promise<string> {
  const dir = tempGitRepo(OFFICE);
  gitIn(dir, 'switch', '-qc', 'import');
  writeFileSync(join(dir, 'z.zone'), `$ORIGIN ${ZONE}.\n$TTL 3600\n${zone}`);
  const imported = await runCli(dir, ['import', '--zone', ZONE, '--zone-file', 'z.zone']);
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  return dir;
}

async function planOf(dir: string) {
  const json = JSON.parse((await runCli(dir, ['plan', '--base', 'main', '--format', 'json'])).stdout);
  const text = (await runCli(dir, ['plan', '--base', 'main'])).stdout;
  const markdown = (await runCli(dir, ['plan', '--base', 'main', '--format', 'markdown'])).stdout;
  return { json, text, markdown };
}

describe('a zone-file import that differs from the live zone', () => {
  it('is marked in validate and in the plan as records the apply would create, not adopt', async () => {
    const dir = await zoneFileImport('puskesmas IN A 103.10.20.25\n_dmarc.puskesmas IN TXT "v=DMARC1; p=none"\n');
    const validate = await runCli(dir, ['validate']);
    expect(validate.code).toBe(0);
    expect(validate.stdout + validate.stderr).toMatch(/peringatan\s+import\/record-without-id/);
    expect(validate.stdout + validate.stderr).toContain('would CREATE them, not adopt them');

    const { json, text, markdown } = await planOf(dir);
    expect(json.summary).toMatchObject({ add: 2, adopt: 0 });
    expect(json.zones[0].changes.map((c: { kind: string; unmatchedImport?: boolean }) => [c.kind, c.unmatchedImport])).toEqual([['add', true], ['add', true]]);
    expect(text).toMatch(/\+ puskesmas\.bekasikota\.go\.id A 103\.10\.20\.25 .*\[dari berkas zona, belum dicocokkan dengan Cloudflare: akan DIBUAT \/ from a zone file, not matched against Cloudflare yet: would be CREATED\]/);
    expect(text).toContain('2 imported record(s) have no Cloudflare id and would be created, not adopted');
    expect(markdown).toContain('⚠️ dari berkas zona, belum dicocokkan dengan Cloudflare');
  });

  it('import --cloudflare refuses a pending record with no live twin, leaves the file unchanged and names both values', async () => {
    const dir = await zoneFileImport('puskesmas IN A 103.10.20.25\n_dmarc.puskesmas IN TXT "v=DMARC1; p=none"\n');
    const before = readFileSync(join(dir, FILE), 'utf8');
    const s = await live([
      { type: 'A', name: 'puskesmas', content: '103.10.20.20', ttl: 3600 },
      { type: 'TXT', name: '_dmarc.puskesmas', content: '"v=DMARC1; p=none"', ttl: 3600 },
    ]);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`puskesmas.${ZONE} [import/unmatched-record] ${FILE}`);
    expect(result.stdout).toContain(`A puskesmas.${ZONE} 103.10.20.25 (Cloudflare: A 103.10.20.20)`);
    expect(result.stdout).toContain('the apply would CREATE these records beside the live ones');
    // No partial ids: the matching TXT gets none either, so the entry stays one thing (all created) until fixed.
    expect(readFileSync(join(dir, FILE), 'utf8')).toBe(before);
    const json = JSON.parse((await runCli(dir, ['import', '--zone', ZONE, '--cloudflare', '--dry-run', '--format', 'json'], { env: env(s) })).stdout);
    expect(json.leftOut).toContainEqual(expect.objectContaining({ name: `puskesmas.${ZONE}`, rule: 'import/unmatched-record', file: FILE }));
    expect((await planOf(dir)).json.zones[0].changes.every((c: { unmatchedImport?: boolean }) => c.unmatchedImport)).toBe(true);
  });

  it('adopts every record once the values equal the live ones, and the plan shows adoption only', async () => {
    const dir = await zoneFileImport('puskesmas IN A 103.10.20.25\n_dmarc.puskesmas IN TXT "v=DMARC1; p=none"\n');
    const s = await live([
      { type: 'A', name: 'puskesmas', content: '103.10.20.20', ttl: 3600 },
      { type: 'TXT', name: '_dmarc.puskesmas', content: '"v=DMARC1; p=none"', ttl: 3600 },
    ]);
    writeFileSync(join(dir, FILE), readFileSync(join(dir, FILE), 'utf8').replaceAll('103.10.20.25', '103.10.20.20'));
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 id catatan Cloudflare ditambahkan');
    expect(result.stdout).not.toContain('import/unmatched-record');
    const ids = new Map(s.records(ZONE).map((r) => [`${r.type} ${r.name}`, r.id]));
    expect(parse(readFileSync(join(dir, FILE), 'utf8')).history[0].records.map((r: { id: string }) => r.id)).toEqual([ids.get(`A puskesmas.${ZONE}`), ids.get(`TXT _dmarc.puskesmas.${ZONE}`)]);

    const { json, text } = await planOf(dir);
    expect(json.summary).toMatchObject({ add: 0, change: 0, delete: 0, adopt: 2 });
    expect(text).not.toContain('would be CREATED');
    const validate = await runCli(dir, ['validate']);
    expect(validate.stdout + validate.stderr).not.toContain('import/record-without-id');
  });

  it('refuses a record whose TTL or proxied differs from the live one, so "adopted, no DNS change" stays true', async () => {
    const dir = await zoneFileImport('puskesmas 3600 IN A 103.10.20.20 ; cf_tags=cf-proxied:false\nantrian 1 IN A 103.10.20.30 ; cf_tags=cf-proxied:true\n');
    const s = await live([
      { type: 'A', name: 'puskesmas', content: '103.10.20.20', ttl: 300 },
      { type: 'A', name: 'antrian', content: '103.10.20.30', ttl: 1, proxied: false },
    ]);
    const result = await runCli(dir, ['import', '--zone', ZONE, '--cloudflare'], { env: env(s) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`A puskesmas.${ZONE} 103.10.20.20 (register ttl 3600, Cloudflare 300)`);
    expect(result.stdout).toContain(`A antrian.${ZONE} 103.10.20.30 (register proxied true, Cloudflare false)`);
    expect(result.stdout).not.toContain('id catatan Cloudflare ditambahkan');
    expect(gitIn(dir, 'status', '--porcelain', '--', 'subdomains')).toBe(`?? subdomains/antrian.${ZONE}.yaml\n?? ${FILE}\n`);
    expect(parse(readFileSync(join(dir, FILE), 'utf8')).history[0].records[0].id).toBeUndefined();
  });
});
