import { formatDuration, parseDuration, secondsBetween } from '../../src/approvals/duration.js';

describe('durations', () => {
  it('parses minutes, hours and days into seconds', () => {
    expect([parseDuration('10m'), parseDuration('1h'), parseDuration('1d'), parseDuration('7d')]).toEqual([600, 3600, 86400, 604800]);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '0m', '10', '1w', '1.5h', ' 1h', '-1h', '01h']) expect(parseDuration(bad), bad).toBeUndefined();
    expect(parseDuration(undefined)).toBeUndefined();
  });

  it('measures seconds between ISO instants, whatever their offsets', () => {
    expect(secondsBetween('2024-05-02T08:00:00+07:00', '2024-05-02T01:10:00Z')).toBe(600);
    expect(secondsBetween('nonsense', '2024-05-02T01:10:00Z')).toBeUndefined();
  });

  it('formats for people in Indonesian and English, two largest units', () => {
    expect(formatDuration(45, 'id')).toBe('45 detik');
    expect(formatDuration(600, 'id')).toBe('10 menit');
    expect(formatDuration(3600, 'id')).toBe('1 jam');
    expect(formatDuration(3 * 86400 + 2 * 3600 + 5 * 60, 'id')).toBe('3 hari 2 jam');
    expect(formatDuration(86400 + 60, 'en')).toBe('1 d');
    expect(formatDuration(5400, 'en')).toBe('1 h 30 min');
    expect(formatDuration(-5, 'en')).toBe('0 s');
  });
});
