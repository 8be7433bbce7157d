import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { presets } from '../../src/policy/presets/index.js';
import { runCli } from '../helpers/run-cli.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'subdomain-init-'));
  made.push(dir);
  return dir;
}

describe('subdomain init', () => {
  it.each(Object.keys(presets))('gives a %s office that validates, with every role of the preset left for the office to fill', async (preset) => {
    const parent = emptyDir();
    const created = await runCli(parent, ['init', 'kantor', '--preset', preset, '--zone', 'contohkab.go.id', '--office', 'Dinas Komunikasi dan Informatika Kabupaten Contoh']);
    expect(created.code).toBe(0);
    const office = join(parent, 'kantor');
    for (const path of ['.github/sop.yaml', '.github/dependabot.yml', 'requests/.gitkeep', 'subdomains/.gitkeep', 'README.md']) {
      expect(existsSync(join(office, path)), path).toBe(true);
    }
    expect(existsSync(join(office, 'src'))).toBe(false);
    const form = readFileSync(join(office, '.github/ISSUE_TEMPLATE/permohonan-subdomain.yml'), 'utf8');
    expect(form).toContain('contoh — Dinas Contoh');
    expect(form).not.toMatch(/bekasi/i);
    const callers = readdirSync(join(office, '.github/workflows'));
    expect(callers).toContain('subdomain-validate.yml');
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    for (const file of callers) {
      const text = readFileSync(join(office, '.github/workflows', file), 'utf8');
      const uses = [...text.matchAll(/^\s+uses: (\S+)$/gm)].map((m) => m[1]!);
      expect(uses.length, file).toBeGreaterThan(0);
      for (const ref of uses) expect(ref).toMatch(new RegExp(`^subdomain-go-id/subdomain-gitops/\\.github/workflows/[a-z-]+\\.yml@v${version.replaceAll('.', '\\.')}$`));
    }

    const policy = parse(readFileSync(join(office, '.github/sop.yaml'), 'utf8')) as { preset: string; zones: { name: string }[]; roles: Record<string, { users: string[] }> };
    expect(policy.preset).toBe(preset);
    expect(policy.zones[0]!.name).toBe('contohkab.go.id');
    expect(Object.keys(policy.roles).sort()).toEqual(Object.keys(presets[preset as keyof typeof presets]!.roles).sort());
    expect(Object.values(policy.roles).every((r) => r.users.length === 0)).toBe(true);

    const validate = await runCli(office, ['validate']);
    expect(validate.stdout + validate.stderr).not.toContain('galat');
    expect(validate.code).toBe(0);

    const doctor = await runCli(office, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout + doctor.stderr).toContain('people/role-empty');
    expect(doctor.stdout + doctor.stderr).toContain('zone/placeholder-id');
  });

  it('keeps the office name as text, whatever it holds', async () => {
    const parent = emptyDir();
    const name = 'Dinas "Kominfo": #1 [baru] \\ \'uji\' {x}';
    expect((await runCli(parent, ['init', 'k', '--preset', 'bekasi', '--zone', 'contohkota.go.id', '--office', name])).code).toBe(0);
    const policy = parse(readFileSync(join(parent, 'k', '.github/sop.yaml'), 'utf8')) as { office: { name: string } };
    expect(policy.office.name).toBe(name);
    const template = await runCli(parent, ['init', 't', '--preset', 'bekasi', '--zone', 'contohkota.go.id', '--office', 'Dinas ${x}']);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain('--office');
    expect(existsSync(join(parent, 't'))).toBe(false);
  });

  it('asks for what the flags leave out on a terminal, again until the answer is valid', async () => {
    const parent = emptyDir();
    const answers = ['kantor', 'tidakada', 'demak', 'bukan zona', 'demakkab.go.id', ''];
    const asked: string[] = [];
    let stderr = '';
    const { main } = await import('../../src/cli/main.js');
    const code = await main(['init'], {
      cwd: parent,
      env: {},
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      ask: async (q) => {
        asked.push(q);
        return answers.shift() ?? '';
      },
      now: () => new Date('2026-12-01T00:00:00Z'),
    });
    expect(code).toBe(0);
    expect(asked).toHaveLength(6);
    expect(stderr).toContain('tidakada');
    expect(stderr).toContain('bukan zona');
    const policy = parse(readFileSync(join(parent, 'kantor', '.github/sop.yaml'), 'utf8')) as { preset: string; office: { name: string } };
    expect(policy.preset).toBe('demak');
    expect(policy.office.name).toBe(presets.demak!.office);
  });

  it('refuses a folder that already holds files, and an unknown preset, without writing', async () => {
    const parent = emptyDir();
    writeFileSync(join(parent, 'berkas.txt'), 'milik orang lain');
    const full = await runCli(parent, ['init', '.', '--preset', 'bekasi', '--zone', 'contohkota.go.id']);
    expect(full.code).toBe(2);
    expect(existsSync(join(parent, '.github'))).toBe(false);
    const unknown = await runCli(parent, ['init', 'baru', '--preset', 'jakarta', '--zone', 'contohkota.go.id']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('jakarta');
    expect(existsSync(join(parent, 'baru'))).toBe(false);
  });
});
