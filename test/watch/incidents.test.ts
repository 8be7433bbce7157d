import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyAndRegister } from '../../src/report/load.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { finding } from '../../src/watch/finding.js';
import { advisoryDescription, incidentMarker, readIncidentState, stateBlock } from '../../src/watch/incident-issue.js';
import { deleteRequestFile, parseWatchJson, planIncidents, renderDraft, type IncidentInput, type IncidentPlan, type IssueSnapshot, type WatchReport } from '../../src/watch/incidents.js';
import { confirmationStatus, readReconfirmMarker } from '../../src/watch/reconfirm.js';
import { renderWatch } from '../../src/watch/render.js';
import { msg } from '../../src/model/problem.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'incidents');
const loaded = loadPolicyAndRegister(new WorkingTree(join(FIXTURES, 'office')));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const { policy, items } = loaded;

const NOW = '2026-11-24T03:00:00.000Z';
const hours = (n: number, from = NOW) => new Date(Date.parse(from) + n * 3_600_000).toISOString();
const days = (n: number, from = NOW) => hours(n * 24, from);

function watchFile(name: string): WatchReport {
  const read = parseWatchJson(readFileSync(join(FIXTURES, name), 'utf8'));
  if (!read.ok) throw new Error(read.message.en);
  return read.report;
}

function plan(now: string, watch: WatchReport | undefined, issues: IssueSnapshot[] = [], extra: Partial<IncidentInput> = {}): IncidentPlan {
  return planIncidents({
    watch,
    unmanagedChecked: false,
    confirmations: confirmationStatus(items, policy, new Date(now)),
    issues,
    policy,
    register: items,
    pending: new Set(),
    repositoryPrivate: false,
    now: new Date(now),
    ...extra,
  });
}

const of = (p: IncidentPlan, fqdn: string) => p.actions.filter((a) => a.fqdn === fqdn);
const types = (p: IncidentPlan, fqdn: string) => of(p, fqdn).map((a) => a.type);
const draftOf = (p: IncidentPlan, fqdn: string) => p.drafts.find((d) => d.fqdn === fqdn)!;

/**
 * What GitHub holds after a run carried the plan out, the way the adapter does it: new issues
 * numbered from 100, the advisory and the delete request recorded in the state block, closed
 * issues closed.
 */
function afterRun(p: IncidentPlan, before: IssueSnapshot[] = [], createdAt = NOW): IssueSnapshot[] {
  const issues = new Map(before.map((i) => [i.number, { ...i }]));
  let next = Math.max(99, ...before.map((i) => i.number)) + 1;
  const numberOf = new Map<string, number>();
  for (const a of p.actions) {
    const draft = p.drafts.find((d) => d.fqdn === a.fqdn);
    if (a.type === 'open-issue') numberOf.set(a.fqdn, next++);
    if ((a.type === 'reopen-issue' || a.type === 'update-issue') && 'issue' in a) numberOf.set(a.fqdn, a.issue);
    if (a.type === 'open-advisory') draft!.state = { ...draft!.state!, advisory: 'GHSA-2345-6789-cfgh' };
    if (a.type === 'close-advisory' && draft?.state) delete draft.state.advisory;
    if (a.type === 'open-delete-request') draft!.state = { ...draft!.state!, removal: 900 };
    if (a.type === 'close-issue') {
      const issue = issues.get(a.issue)!;
      issues.set(a.issue, { ...issue, state: 'closed', closedAt: createdAt });
    }
  }
  for (const [fqdn, number] of numberOf) {
    const draft = p.drafts.find((d) => d.fqdn === fqdn)!;
    const old = issues.get(number);
    issues.set(number, { number, title: draft.title, body: renderDraft(draft), state: 'open', labels: draft.labels, createdAt: old?.createdAt ?? createdAt, byBot: true });
  }
  return [...issues.values()];
}

const numberOf = (issues: IssueSnapshot[], fqdn: string) => issues.find((i) => i.body.includes(incidentMarker(fqdn)))!.number;
const bodyOf = (issues: IssueSnapshot[], fqdn: string) => issues.find((i) => i.body.includes(incidentMarker(fqdn)) && i.state === 'open')?.body ?? '';

describe('incident issues from the watch', () => {
  const takeover = watchFile('watch-takeover.json');

  it('opens one issue per subdomain with a finding, addressed to the OPD and the incident role', () => {
    const p = plan(NOW, takeover);
    expect(of(p, 'sehat.bekasikota.go.id')[0]).toEqual({ type: 'open-issue', fqdn: 'sehat.bekasikota.go.id', assignees: ['staf-dinkes', 'kasi-egov'] });
    expect(of(p, 'pajak.bekasikota.go.id')[0]).toEqual({ type: 'open-issue', fqdn: 'pajak.bekasikota.go.id', assignees: ['staf-bapenda', 'kasi-egov'] });
    expect(p.actions.filter((a) => a.type === 'open-issue' && a.fqdn === 'pajak.bekasikota.go.id')).toHaveLength(1);
    const body = renderDraft(draftOf(p, 'pajak.bekasikota.go.id'));
    expect(body.startsWith(`${incidentMarker('pajak.bekasikota.go.id')}\n`)).toBe(true);
    expect(body).toContain('@staf-bapenda (Badan Pendapatan Daerah)');
    expect(body).toContain('@kasi-egov');
    expect(draftOf(p, 'pajak.bekasikota.go.id').labels).toEqual(['insiden-subdomain']);
    expect(readIncidentState(body)).toEqual({ opened: NOW, kinds: ['web/certificate-invalid', 'web/no-hsts'] });
  });

  it('shows the incident time standard like a Mutu Baku step', () => {
    const body = renderDraft(draftOf(plan(NOW, takeover), 'pajak.bekasikota.go.id'));
    expect(body).toContain('| Langkah / Step | Peran / Role | Mulai / Started | Batas / Due | Mutu Baku | Status |');
    expect(body).toContain('| Penanganan insiden / Incident handling | Kepala Seksi Pengembangan E-Government | 2026-11-24 10:00 WIB | 2026-11-26 10:00 WIB | 2 hari | ⏳ berjalan / running |');
    expect(body).toContain('| Eskalasi / Escalation | Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian |  | 2026-11-26 10:00 WIB | - | — belum / not yet');
    expect(body).toContain('| Permohonan penghapusan / Delete request | SOP |  | 2026-12-08 10:00 WIB | 14 hari | — belum / not yet |');
  });

  it('keeps a takeover out of the public issue and sends its details to a draft advisory', () => {
    const p = plan(NOW, takeover);
    const draft = draftOf(p, 'sehat.bekasikota.go.id');
    const body = renderDraft(draft);
    for (const secret of ['azurewebsites', 'NXDOMAIN', 'dns/takeover', 'diambil alih', 'taken over', 'Azure']) expect(body).not.toContain(secret);
    // Not even its severity: only takeover and gambling findings are critical.
    expect(body).toContain('| — | perlu perhatian / needs attention | dilaporkan secara tertutup');
    expect(body).not.toContain('critical');
    // The state block is public too: the confidential kind is only a digest there.
    expect(readIncidentState(body)).toEqual({ opened: NOW, kinds: [], secret: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(types(p, 'sehat.bekasikota.go.id')).toContain('open-advisory');
    const advisory = advisoryDescription(draft.content, 100);
    expect(advisory).toContain('CNAME sehat.bekasikota.go.id → sehat-bekasi.azurewebsites.net');
    expect(advisory).toContain('NXDOMAIN sehat-bekasi.azurewebsites.net');
    // The private channel keeps the severity the public issue leaves out.
    expect(advisory).toContain('| critical | Target di Azure App Service tidak ada');
    expect(advisory).not.toContain('web/certificate-invalid');
    expect(advisory).not.toContain('@staf-dinkes');
  });

  it('opens the delete request at once for a confirmed takeover when the policy says so, without saying why in public', () => {
    const p = plan(NOW, takeover);
    const removal = of(p, 'sehat.bekasikota.go.id').find((a) => a.type === 'open-delete-request');
    expect(removal).toMatchObject({ opd: 'dinkes', reason: 'temuan keamanan yang dilaporkan secara tertutup' });
    expect(of(p, 'pajak.bekasikota.go.id').some((a) => a.type === 'open-delete-request')).toBe(false);

    const notAtOnce = plan(NOW, takeover, [], { policy: { ...policy, watch: { ...policy.watch, remove_takeover_at_once: false } } });
    expect(types(notAtOnce, 'sehat.bekasikota.go.id')).not.toContain('open-delete-request');
  });

  it('updates the same issue on the next run and never opens a second one', () => {
    const first = afterRun(plan(NOW, takeover));
    const again = plan(hours(1), takeover, first);
    expect(again.actions.filter((a) => a.type === 'open-issue' && a.fqdn !== 'dokumen.bekasikota.go.id' && a.fqdn !== 'arsip.bekasikota.go.id')).toEqual([]);
    // Nothing changed: nothing is written, no advisory or delete request a second time.
    expect(of(again, 'pajak.bekasikota.go.id')).toEqual([]);
    expect(of(again, 'sehat.bekasikota.go.id')).toEqual([]);

    const changed = { ...takeover, findings: takeover.findings.filter((f) => f.kind !== 'web/no-hsts') };
    const next = plan(hours(2), changed, first);
    expect(types(next, 'pajak.bekasikota.go.id')).toEqual(['update-issue', 'comment']);
    expect(readIncidentState(renderDraft(draftOf(next, 'pajak.bekasikota.go.id')))).toEqual({ opened: NOW, kinds: ['web/certificate-invalid'] });
  });

  it('escalates to the next role once the 2×24 hours pass, and only once', () => {
    const first = afterRun(plan(NOW, takeover));
    expect(types(plan(hours(47), takeover, first), 'pajak.bekasikota.go.id')).not.toContain('escalate');
    const late = plan(hours(49), takeover, first);
    const escalate = of(late, 'pajak.bekasikota.go.id').find((a) => a.type === 'escalate');
    expect(escalate).toMatchObject({ issue: numberOf(first, 'pajak.bekasikota.go.id'), assignees: ['kadis-bekasi'] });
    expect(escalate && 'body' in escalate ? escalate.body : '').toContain('Diteruskan kepada Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian: @kadis-bekasi.');
    const body = renderDraft(draftOf(late, 'pajak.bekasikota.go.id'));
    expect(body).toContain('⚠️ terlambat / late');
    expect(readIncidentState(body)?.escalated).toBe(hours(49));
    expect(types(plan(hours(50), takeover, afterRun(late, first)), 'pajak.bekasikota.go.id')).not.toContain('escalate');
  });

  it('opens the delete request after remove_after for a serious incident, never for low findings', () => {
    const first = afterRun(plan(NOW, takeover));
    expect(types(plan(days(13), takeover, first), 'pajak.bekasikota.go.id')).not.toContain('open-delete-request');
    const later = plan(days(14), takeover, first);
    expect(of(later, 'pajak.bekasikota.go.id').find((a) => a.type === 'open-delete-request')).toEqual({
      type: 'open-delete-request', fqdn: 'pajak.bekasikota.go.id', issue: numberOf(first, 'pajak.bekasikota.go.id'), opd: 'bapenda', reason: 'Sertifikat HTTPS tidak sah, belum tertangani dalam 14 hari',
    });
    const opened = afterRun(later, first);
    expect(types(plan(days(15), takeover, opened), 'pajak.bekasikota.go.id')).not.toContain('open-delete-request');
    expect(bodyOf(opened, 'pajak.bekasikota.go.id')).toContain('✅ selesai / done<br>dibuka: #900');

    const low = { ...takeover, findings: takeover.findings.filter((f) => f.kind === 'web/no-hsts') };
    const lowFirst = afterRun(plan(NOW, low));
    const lowLater = plan(days(30), low, lowFirst);
    expect(types(lowLater, 'pajak.bekasikota.go.id')).not.toContain('open-delete-request');
    expect(renderDraft(draftOf(lowLater, 'pajak.bekasikota.go.id'))).toContain('hanya untuk temuan tingkat critical/high');
  });

  it('holds the delete request while names below it exist, and says someone must act', () => {
    const high = finding('web/certificate-invalid', 'sekolah.bekasikota.go.id', msg('Sertifikat HTTPS tidak sah', 'Invalid HTTPS certificate'), [{ where: 'https://sekolah.bekasikota.go.id/ TLS', seen: 'expired' }]);
    const watch = { ...takeover, findings: [{ ...high, confidential: false }] };
    const first = afterRun(plan(NOW, watch));
    const later = plan(days(15), watch, first);
    expect(types(later, 'sekolah.bekasikota.go.id')).not.toContain('open-delete-request');
    expect(later.notes).toContainEqual(expect.objectContaining({ fqdn: 'sekolah.bekasikota.go.id', attention: true }));
    expect(renderDraft(draftOf(later, 'sekolah.bekasikota.go.id'))).toContain('⛔ tertahan / held<br>masih ada sub domain di bawahnya: ppdb.sekolah.bekasikota.go.id');
  });

  it('closes the issue and the advisory when the finding is gone', () => {
    const first = afterRun(plan(NOW, takeover));
    const clean = plan(days(2), watchFile('watch-clean.json'), first);
    expect(types(clean, 'sehat.bekasikota.go.id')).toEqual(['close-advisory', 'close-issue']);
    expect(types(clean, 'pajak.bekasikota.go.id')).toEqual(['close-issue']);
    const close = of(clean, 'pajak.bekasikota.go.id')[0]!;
    expect('body' in close ? close.body : '').toContain('tidak lagi menemukan masalah; issue ditutup');
  });

  it('closes nothing when the watch result is missing or covers only part of the register', () => {
    const first = afterRun(plan(NOW, takeover));
    const missing = plan(days(2), undefined, first);
    expect(missing.actions.filter((a) => a.type === 'close-issue' || a.type === 'close-advisory')).toEqual([]);
    const partial = plan(days(2), watchFile('watch-partial.json'), first);
    expect(partial.actions.filter((a) => a.type === 'close-issue' || a.type === 'close-advisory')).toEqual([]);
    expect(partial.notes[0]).toMatchObject({ attention: true, message: { en: 'The watch checked only 1 of 6 registered names: no incident is closed.' } });
  });

  it('reopens the closed issue when the problem comes back, with a fresh clock', () => {
    const first = afterRun(plan(NOW, takeover));
    const closed = afterRun(plan(days(2), watchFile('watch-clean.json'), first), first, days(2));
    const back = plan(days(5), takeover, closed);
    expect(types(back, 'pajak.bekasikota.go.id')).toEqual(['reopen-issue', 'comment', 'assign']);
    expect(of(back, 'pajak.bekasikota.go.id')[0]).toMatchObject({ issue: numberOf(first, 'pajak.bekasikota.go.id') });
    expect(draftOf(back, 'pajak.bekasikota.go.id').state?.opened).toBe(days(5));
  });

  it('leaves an issue a person closed as not planned closed while the findings stay the same', () => {
    const first = afterRun(plan(NOW, takeover));
    const dismissed = first.map((i) => (i.body.includes(incidentMarker('pajak.bekasikota.go.id')) ? { ...i, state: 'closed' as const, closedAt: hours(3), closedAs: 'not_planned' } : i));
    const same = plan(days(1), takeover, dismissed);
    expect(of(same, 'pajak.bekasikota.go.id')).toEqual([]);
    expect(same.notes).toContainEqual(expect.objectContaining({ fqdn: 'pajak.bekasikota.go.id', attention: false }));
    const worse = { ...takeover, findings: [...takeover.findings, { ...takeover.findings[1]!, kind: 'web/no-https-redirect' }] };
    expect(types(plan(days(1), worse, dismissed), 'pajak.bekasikota.go.id')[0]).toBe('reopen-issue');
  });

  it('never reads or writes an issue someone else opened with our marker', () => {
    const forged: IssueSnapshot = {
      number: 7, title: 'x', state: 'open', labels: ['insiden-subdomain'], createdAt: '2026-01-01T00:00:00Z', byBot: false,
      body: `${incidentMarker('pajak.bekasikota.go.id')}\n${stateBlock({ opened: '2026-01-01T00:00:00.000Z', kinds: [], removal: 3, escalated: '2026-01-02T00:00:00.000Z' })}`,
    };
    const p = plan(NOW, takeover, [forged]);
    expect(types(p, 'pajak.bekasikota.go.id')[0]).toBe('open-issue');
    expect(p.actions.some((a) => 'issue' in a && a.issue === 7)).toBe(false);
  });

  it('puts the details in the issue itself only in a private repository whose policy names the issue as the channel', () => {
    const privatePolicy = { ...policy, watch: { ...policy.watch, private_channel: 'issue' as const } };
    const inPrivate = plan(NOW, takeover, [], { policy: privatePolicy, repositoryPrivate: true });
    expect(renderDraft(draftOf(inPrivate, 'sehat.bekasikota.go.id'))).toContain('NXDOMAIN sehat-bekasi.azurewebsites.net');
    expect(types(inPrivate, 'sehat.bekasikota.go.id')).not.toContain('open-advisory');

    const inPublic = plan(NOW, takeover, [], { policy: privatePolicy, repositoryPrivate: false });
    expect(renderDraft(draftOf(inPublic, 'sehat.bekasikota.go.id'))).not.toContain('NXDOMAIN');
    expect(types(inPublic, 'sehat.bekasikota.go.id')).toContain('open-advisory');
    expect(inPublic.notes.some((n) => n.attention && n.message.en.includes('this repository is public'))).toBe(true);
  });

  it('writes what a page or record says as inert text', () => {
    const body = renderDraft(draftOf(plan(NOW, takeover), 'pajak.bekasikota.go.id'));
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; @\u200bkadis-bekasi');
  });
});

describe('re-confirmation issues', () => {
  it('opens one issue addressed to the OPD for a due confirmation, asking for /konfirmasi', () => {
    const p = plan(NOW, watchFile('watch-clean.json'));
    expect(of(p, 'dokumen.bekasikota.go.id')).toEqual([{ type: 'open-issue', fqdn: 'dokumen.bekasikota.go.id', assignees: ['staf-dinkes'] }]);
    const draft = draftOf(p, 'dokumen.bekasikota.go.id');
    expect(draft.labels).toEqual(['konfirmasi-ulang']);
    const body = renderDraft(draft);
    expect(readReconfirmMarker(body)).toBe('dokumen.bekasikota.go.id');
    expect(body).toContain('`/konfirmasi`');
    expect(body).toContain('@staf-dinkes (Dinas Kesehatan), @pemkot-bekasi/dinkes (Dinas Kesehatan)');
    expect(body).not.toContain('subdomain-incident');
  });

  it('turns the same issue into an incident once the grace period ends', () => {
    const due = afterRun(plan(NOW, watchFile('watch-clean.json')));
    const overdue = plan(days(20), { ...watchFile('watch-clean.json'), checkedAt: days(20) }, due);
    expect(types(overdue, 'dokumen.bekasikota.go.id')).toEqual(['update-issue', 'comment', 'assign']);
    const draft = draftOf(overdue, 'dokumen.bekasikota.go.id');
    const body = renderDraft(draft);
    expect(readReconfirmMarker(body)).toBe('dokumen.bekasikota.go.id');
    expect(body).toContain(incidentMarker('dokumen.bekasikota.go.id'));
    expect(draft.labels).toEqual(['insiden-subdomain', 'konfirmasi-ulang']);
    expect(readIncidentState(body)).toEqual({ opened: days(20), kinds: ['reconfirm/overdue'] });
  });

  it('closes the issue once the OPD has confirmed', () => {
    const due = afterRun(plan(NOW, watchFile('watch-clean.json')));
    const confirmed = plan(hours(1), watchFile('watch-clean.json'), due, { confirmations: confirmationStatus(items, policy, new Date(NOW)).map((c) => ({ ...c, state: 'ok' as const })) });
    expect(types(confirmed, 'dokumen.bekasikota.go.id')).toEqual(['close-issue']);
  });
});

describe('the watch result', () => {
  it('reads what subdomain watch writes', () => {
    const result = { checkedAt: NOW, names: 2, findings: [finding('dns/dangling', 'sehat.bekasikota.go.id', msg('Rekaman menggantung', 'Dangling record'), [{ where: 'CNAME x', seen: 'NXDOMAIN' }])] };
    const read = parseWatchJson(renderWatch(result, 'json'));
    expect(read).toEqual({ ok: true, report: { checkedAt: NOW, names: 2, findings: [expect.objectContaining({ name: 'sehat.bekasikota.go.id', kind: 'dns/dangling', confidential: true })] } });
  });

  it('refuses another version, broken JSON or a name that is not a domain name', () => {
    expect(parseWatchJson(readFileSync(join(FIXTURES, 'watch-version-2.json'), 'utf8'))).toMatchObject({ ok: false, message: { en: 'The watch result cannot be read: version 2, not 1.' } });
    expect(parseWatchJson('{"version":1,')).toMatchObject({ ok: false });
    const bad = JSON.parse(readFileSync(join(FIXTURES, 'watch-takeover.json'), 'utf8'));
    bad.findings[0].name = 'x --> <img>';
    expect(parseWatchJson(JSON.stringify(bad))).toMatchObject({ ok: false });
  });

  it('treats a kind it does not know as confidential', () => {
    const json = JSON.parse(readFileSync(join(FIXTURES, 'watch-takeover.json'), 'utf8'));
    json.findings[0].kind = 'web/new-kind';
    const read = parseWatchJson(JSON.stringify(json));
    expect(read.ok && read.report.findings[0]!.confidential).toBe(true);
  });
});

describe('the state block', () => {
  it('reads back what it writes and drops a block of the wrong shape', () => {
    const state = { opened: NOW, kinds: ['web/no-hsts'], escalated: hours(49), advisory: 'GHSA-2345-6789-cfgh', removal: 12 };
    expect(readIncidentState(`text\n${stateBlock(state)}\n`)).toEqual(state);
    expect(readIncidentState('<!-- subdomain-incident-state {"opened":"soon","kinds":[]} -->')).toBeUndefined();
    expect(readIncidentState('<!-- subdomain-incident-state {"opened":"2026-11-24T03:00:00.000Z","kinds":[],"extra":1} -->')).toBeUndefined();
  });

  it('starts from the issue\'s creation when the block was edited away', () => {
    const first = afterRun(plan(NOW, watchFile('watch-takeover.json')));
    const edited = first.map((i) => ({ ...i, body: i.body.replace(/<!-- subdomain-incident-state .* -->/, ''), createdAt: '2026-11-20T00:00:00Z' }));
    const p = plan(hours(1), watchFile('watch-takeover.json'), edited);
    expect(draftOf(p, 'pajak.bekasikota.go.id').state?.opened).toBe('2026-11-20T00:00:00.000Z');
    expect(types(p, 'pajak.bekasikota.go.id')).toContain('escalate');
  });
});

describe('the delete request of an incident', () => {
  it('rests on the incident instead of a letter', () => {
    const file = deleteRequestFile('pajak.bekasikota.go.id', 'bapenda', 101, 'Sertifikat HTTPS tidak sah, belum tertangani dalam 14 hari');
    expect(file.branch).toBe('insiden/issue-101');
    expect(file.path).toBe('requests/pajak.bekasikota.go.id.yaml');
    expect(file.text).toBe([
      '# Permohonan penghapusan subdomain / request to delete a subdomain',
      '',
      'action: delete',
      'opd: bapenda',
      'incident:',
      '  issue: 101',
      '  reason: Sertifikat HTTPS tidak sah, belum tertangani dalam 14 hari',
      'purpose: "Dinonaktifkan karena insiden #101: Sertifikat HTTPS tidak sah, belum tertangani dalam 14 hari"',
      '',
    ].join('\n'));
    expect(file.body).not.toMatch(/\b(closes|fixes|resolves) #/i);
  });
});
