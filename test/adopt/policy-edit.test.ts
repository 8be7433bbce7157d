import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withInfrastructure } from '../../src/policy/edit.js';

const POLICY = `# Kebijakan / policy   (spacing kept)
office:
  name:   Diskominfo Kota Contoh
zones:
  - name: contohkota.go.id
    cloudflare_zone_id: 0123456789abcdef0123456789abcdef   # zona utama
  - name: lain.go.id
    cloudflare_zone_id: fedcba9876543210fedcba9876543210

opds:
  dinkes:
    name: Dinas Kesehatan
    users: []   # belum ada
    teams: [ pemkot/dinkes ]
reserved: [smartcity,command-center]
`;

/** The lines of `after` that are not in `before`, and whether every line of `before` survives in order. */
function added(before: string, after: string): string[] {
  const old = before.split('\n');
  const now = after.split('\n');
  const extra: string[] = [];
  let i = 0;
  for (const line of now) {
    if (i < old.length && line === old[i]) i++;
    else extra.push(line);
  }
  expect(i, 'every line of the policy is kept, byte for byte').toBe(old.length);
  return extra;
}

describe('adding infrastructure names to the policy', () => {
  it('adds one line to a zone without a list and keeps every other line byte for byte', () => {
    const after = withInfrastructure(POLICY, 'contohkota.go.id', ['@', 'smtp', 'www'])!;
    expect(added(POLICY, after)).toEqual(['    infrastructure: ["@", smtp, www]']);
    expect(after).toContain('    users: []   # belum ada\n');
    expect(after).toContain('reserved: [smartcity,command-center]\n');
    expect(parse(after).zones[0].infrastructure).toEqual(['@', 'smtp', 'www']);
    expect(parse(after).zones[1].infrastructure).toBeUndefined();
  });

  it('extends an existing flow list in place, adding only the names it lacks', () => {
    const policy = POLICY.replace('    cloudflare_zone_id: fedcba9876543210fedcba9876543210\n', '    cloudflare_zone_id: fedcba9876543210fedcba9876543210\n    infrastructure: [ "@",mail ]   # milik Diskominfo\n');
    const after = withInfrastructure(policy, 'lain.go.id', ['mail', 'smtp'])!;
    expect(after).toBe(policy.replace('[ "@",mail ]', '[ "@",mail, smtp ]'));
    expect(parse(after).zones[1].infrastructure).toEqual(['@', 'mail', 'smtp']);
  });

  it('extends a block list with lines at its indentation', () => {
    const policy = POLICY.replace('   # zona utama\n', '   # zona utama\n    infrastructure:\n      - "@"   # apex\n      - www\n');
    const after = withInfrastructure(policy, 'contohkota.go.id', ['smtp'])!;
    expect(added(policy, after)).toEqual(['      - smtp']);
    expect(parse(after).zones[0].infrastructure).toEqual(['@', 'www', 'smtp']);
  });

  it('returns the text unchanged when there is nothing to add, and undefined for a zone it does not hold', () => {
    expect(withInfrastructure(POLICY, 'contohkota.go.id', [])).toBe(POLICY);
    const once = withInfrastructure(POLICY, 'contohkota.go.id', ['www'])!;
    expect(withInfrastructure(once, 'contohkota.go.id', ['www'])).toBe(once);
    expect(withInfrastructure(POLICY, 'tidak-ada.go.id', ['www'])).toBeUndefined();
  });
});
