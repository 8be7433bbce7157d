import { msg } from '../../src/model/problem.js';
import { finding, type Finding } from '../../src/watch/finding.js';
import { parseWatchJson } from '../../src/watch/incidents.js';
import { renderWatch } from '../../src/watch/render.js';
import type { WatchResult } from '../../src/watch/watch.js';

const CHECKED = '2026-11-24T02:30:00.000Z';

const takeover = finding('web/takeover', 'blog.contoh.go.id', msg('Layanan GitHub Pages belum diklaim', 'The GitHub Pages service is unclaimed'), [
  { where: 'https://blog.contoh.go.id/', seen: '404 “There isn\'t a GitHub Pages site here.”' },
]);
const noHsts = finding('web/no-hsts', 'blog.contoh.go.id', msg('Tanpa HSTS', 'No HSTS'), [{ where: 'https://blog.contoh.go.id/', seen: 'Strict-Transport-Security: —' }]);
const dangling = finding('dns/dangling', 'lama.contoh.go.id', msg('Rekaman menggantung: targetnya tidak ada', 'Dangling record: its target does not exist'), [
  { where: 'CNAME lama.contoh.go.id → hilang.example.net', seen: 'NXDOMAIN hilang.example.net' },
]);
const expiring: Finding = {
  ...finding('web/certificate-expiring', 'sehat.contoh.go.id', msg('Sertifikat habis dalam 12 hari', 'The certificate expires in 12 days'), [
    { where: 'https://sehat.contoh.go.id/ TLS', seen: 's.d./until 2026-12-06 (R11)' },
  ]),
  certificate: { validUntil: '2026-12-06', daysLeft: 12 },
};
// Sorted the way the watch sorts them (name, then severity).
const result: WatchResult = { checkedAt: CHECKED, names: 4, findings: [takeover, noHsts, dangling, expiring] };

describe('the public Markdown', () => {
  const markdown = renderWatch(result, 'markdown');

  test('shows a confidential finding without its severity, ahead of the name’s other rows', () => {
    const rows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Tingkat'));
    expect(rows).toEqual([
      '| — | `blog.contoh.go.id` | perlu perhatian / needs attention | dilaporkan secara tertutup / reported privately |',
      expect.stringMatching(/^\| low \| `blog\.contoh\.go\.id` \| Tanpa HSTS/),
      '| — | `lama.contoh.go.id` | perlu perhatian / needs attention | dilaporkan secara tertutup / reported privately |',
      expect.stringMatching(/^\| medium \| `sehat\.contoh\.go\.id` \| Sertifikat habis/),
    ]);
    expect(markdown).not.toMatch(/critical|high/);
    expect(markdown).not.toMatch(/GitHub Pages|hilang\.example\.net/);
  });

  test('counts confidential findings only as needing attention, never under a severity', () => {
    expect(markdown).toContain('4 nama diperiksa / names checked; 4 temuan / findings (1 medium, 1 low, 2 perlu perhatian / needs attention).');
  });

  test('the text for the operator still counts every finding by severity', () => {
    expect(renderWatch(result, 'text')).toContain('4 nama diperiksa / names checked; 4 temuan / findings (1 critical, 1 high, 1 medium, 1 low).');
  });
});

describe('the JSON', () => {
  test('writes every field of a finding in the version 1 order, certificate facts last and only where there are some', () => {
    const json = JSON.parse(renderWatch(result, 'json')) as { findings: Record<string, unknown>[] } & Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'checked_at', 'names', 'summary', 'findings']);
    expect(json.summary).toEqual({ critical: 1, high: 1, medium: 1, low: 1, info: 0 });
    expect(Object.keys(json.findings[0]!)).toEqual(['name', 'kind', 'severity', 'confidential', 'title', 'evidence', 'action']);
    expect(json.findings[3]).toEqual({
      name: 'sehat.contoh.go.id',
      kind: 'web/certificate-expiring',
      severity: 'medium',
      confidential: false,
      title: { id: 'Sertifikat habis dalam 12 hari', en: 'The certificate expires in 12 days' },
      evidence: [{ where: 'https://sehat.contoh.go.id/ TLS', seen: 's.d./until 2026-12-06 (R11)' }],
      action: { id: 'Sertifikat HTTPS segera kedaluwarsa. Perpanjang sertifikat.', en: 'The HTTPS certificate expires soon. Renew it.' },
      certificate: { valid_until: '2026-12-06', days_left: 12 },
    });
    expect(Object.keys(json.findings[3]!)).toEqual(['name', 'kind', 'severity', 'confidential', 'title', 'evidence', 'action', 'certificate']);
  });

  test('a result read back from its JSON renders exactly as the watch rendered it, in every format', () => {
    for (const format of ['json', 'markdown', 'text'] as const) {
      const json = renderWatch(result, 'json');
      const read = parseWatchJson(json);
      if (!read.ok) throw new Error(read.message.en);
      expect(renderWatch(read.report, format)).toBe(renderWatch(result, format));
    }
  });

  test('refuses certificate facts of the wrong shape', () => {
    const json = JSON.parse(renderWatch(result, 'json')) as { findings: Record<string, unknown>[] };
    for (const bad of [null, 'soon', { valid_until: '6 Dec', days_left: 12 }, { valid_until: '2026-12-06', days_left: 1.5 }, { valid_until: '2026-12-06' }]) {
      json.findings[3]!.certificate = bad;
      expect(parseWatchJson(JSON.stringify(json))).toMatchObject({ ok: false, message: { en: expect.stringContaining('findings[3].certificate is not valid') } });
    }
  });

  test('a kind this version does not know, read back, stays out of the public Markdown', () => {
    const json = JSON.parse(renderWatch(result, 'json')) as { findings: Record<string, unknown>[] };
    Object.assign(json.findings[1]!, { kind: 'web/new-kind', confidential: false });
    const read = parseWatchJson(JSON.stringify(json));
    if (!read.ok) throw new Error(read.message.en);
    const markdown = renderWatch(read.report, 'markdown');
    expect(markdown).not.toContain('Tanpa HSTS');
    expect(markdown).toContain('(1 medium, 3 perlu perhatian / needs attention)');
  });
});
