import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDuration } from '../../src/approvals/duration.js';
import { MAINTAINERS_ROLE, parsePolicy } from '../../src/policy/policy.js';
import { presets, type PresetName } from '../../src/policy/presets/index.js';

const names: PresetName[] = ['bekasi', 'singkawang', 'balangan', 'lumajang', 'demak'];
const preset = (name: PresetName) => presets[name]!;
/** Compact view of a preset: `row:role+role:standard:kind`, in order. */
const chain = (name: PresetName) =>
  preset(name).steps.map((s) => [s.sop_row, s.roles.join('+'), s.standard ?? '-', s.kind === 'approval' ? 'A' : 'M'].join(':'));

describe('presets', () => {
  it('exist for all five seed SOPs', () => {
    expect(Object.keys(presets).sort()).toEqual([...names].sort());
  });

  describe.each(names)('%s', (name) => {
    it('names only roles it defines, defines a maintainers role title, and uses valid unique ids and durations', () => {
      const p = preset(name);
      expect(p.roles[MAINTAINERS_ROLE]?.title).toBeTruthy();
      const ids = p.steps.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const step of p.steps) {
        expect(step.id).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
        for (const role of step.roles) expect(p.roles, `${step.id} → ${role}`).toHaveProperty(role);
        if (step.standard !== undefined) expect(parseDuration(step.standard), step.id).toBeGreaterThan(0);
        expect(step.sop_row, step.id).toMatch(/^\d+(-\d+)?$/);
      }
    });

    it('requires every step up to the creation step before merge, and records the later ones after merge', () => {
      const kinds = preset(name).steps.map((s) => s.kind);
      const lastApproval = kinds.lastIndexOf('approval');
      expect(kinds.slice(0, lastApproval + 1).every((k) => k === 'approval')).toBe(true);
      expect(kinds.slice(lastApproval + 1).every((k) => k === 'after_merge')).toBe(true);
      expect(preset(name).steps[lastApproval]!.id).toBe('pembuatan');
    });

    it('loads through the policy loader with people from the policy file', () => {
      const file = fileURLToPath(new URL(`../approvals/fixtures/presets/${name}.sop.yaml`, import.meta.url));
      const result = parsePolicy(file, readFileSync(file));
      expect(result.ok ? [] : result.problems).toEqual([]);
      if (!result.ok) return;
      expect(result.policy.steps).toEqual(preset(name).steps);
      expect(result.policy.order).toBe('strict');
      for (const [key, role] of Object.entries(result.policy.roles)) expect(role?.title, key).toBeTruthy();
    });

    it('cites its SOP in a comment block with a row → step table', () => {
      const text = readFileSync(fileURLToPath(new URL(`../../src/policy/presets/${name}.ts`, import.meta.url)), 'utf8');
      expect(text.startsWith('/*')).toBe(true);
      expect(text).toMatch(/\| SOP row \| step/);
      for (const step of preset(name).steps) expect(text, step.id).toContain(`| ${step.id}`);
    });
  });

  it('Bekasi: Kadis → Kabid E-Gov → Kasi → Pelaksana, then the Kasi hands over the address and Berita Acara', () => {
    expect(chain('bekasi')).toEqual([
      '1:kepala_dinas:10m:A',
      '2:kabid_egov:10m:A',
      '3:kasi_pengembangan:20m:A',
      '4:pelaksana:1h:A',
      '5:kasi_pengembangan:10m:M',
    ]);
  });

  it('Singkawang: TU is a role, the Subkor ILE decides completeness at row 5 and writes the reply at row 7', () => {
    expect(chain('singkawang')).toEqual([
      '2:tu:5m:A',
      '3:kepala_dinas:5m:A',
      '4:kabid_aptika:5m:A',
      '5:subkor_ile:10m:A',
      '6:admin_system:45m:A',
      '7:subkor_ile:10m:M',
      '8:tu:30m:M',
    ]);
    expect(preset('singkawang').steps.find((s) => s.sop_row === '5')!.decision).toMatch(/Ya.*Tidak/s);
  });

  it('Balangan: Kabid at rows 2 and 6 (the decision), Kasi at 3 and 5, Staf Prakom at 4 (1 day) and 7', () => {
    expect(chain('balangan')).toEqual([
      '1:kepala_dinas:15m:A',
      '2:kabid_egov:15m:A',
      '3:kasi_aplikasi:15m:A',
      '4:staf_prakom:1d:A',
      '5:kasi_aplikasi:1h:A',
      '6:kabid_egov:20m:A',
      '7:staf_prakom:1h:A',
      '8:kasi_aplikasi:-:M',
      '9:kepala_dinas:-:M',
    ]);
    expect(preset('balangan').steps.find((s) => s.sop_row === '6')!.decision).toMatch(/sudah tersedia/);
  });

  it('Lumajang: "Kepala Dinas / Sekretaris Dinas" is one step either may take; rows without time have no standard', () => {
    expect(chain('lumajang')).toEqual([
      '2:kepala_dinas+sekretaris_dinas:-:A',
      '3:kabid_aptika:-:A',
      '5:kasi_ppi_spbe:-:A',
      '6:administrator_server:5m:A',
      '7:administrator_server:5m:M',
      '8:kasi_ppi_spbe:5m:M',
      '9:kasi_ppi_spbe:10m:M',
      '10:kabid_aptika:10m:M',
      '11:kepala_dinas+sekretaris_dinas:10m:M',
      '12:sekretaris_dinas:-:M',
    ]);
  });

  it('Demak: Pranata → Kadis → Sekretaris → Kabid Aptika → Sub Koor SPA → Pranata, whole service within 7 days', () => {
    expect(chain('demak')).toEqual([
      '2:pranata:5m:A',
      '3:kepala_dinas:10m:A',
      '4:sekretaris:10m:A',
      '5:kabid_aptika:10m:A',
      '6:subkoor_spa:30m:A',
      '7:pranata:30m:A',
      '8:pranata:1d:M',
    ]);
    expect(preset('demak').total_limit).toBe('7d');
  });

  it('the reference office policy (a copy of .github/sop.yaml, preset bekasi) names people for every Bekasi role', () => {
    const file = fileURLToPath(new URL('../fixtures/office/.github/sop.yaml', import.meta.url));
    const result = parsePolicy(file, readFileSync(file));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const key of Object.keys(preset('bekasi').roles)) {
      const role = result.policy.roles[key];
      expect((role?.users?.length ?? 0) + (role?.teams?.length ?? 0), key).toBeGreaterThan(0);
    }
  });
});
