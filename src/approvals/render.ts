import type { ApprovalProblem, ApprovalResult, Registrar, StepResult } from './evaluate.js';
import { formatDuration } from './duration.js';
import { LETTER_CHANNELS } from '../model/letter-channel.js';
import { tableCell } from '../render/markdown.js';
import { ACTING_PREFIX, actingTitle, appointmentLetter } from './roles.js';
import type { ApprovalActing } from '../schema/types.gen.js';

/** Hidden marker that identifies the one sticky comment on a pull request. */
export const APPROVALS_MARKER = '<!-- subdomain:sop-approvals -->';

/** GitHub truncates commit status descriptions longer than this. */
export const STATUS_DESCRIPTION_MAX = 140;

const STATE_LABEL = {
  approved: { id: 'disetujui', en: 'approved', icon: '✅' },
  pending: { id: 'menunggu', en: 'pending', icon: '⏳' },
  blocked: { id: 'ditahan', en: 'blocked', icon: '⛔' },
} as const;

const STEP_LABEL = {
  done: { id: 'selesai', en: 'done', icon: '✅' },
  waiting: { id: 'menunggu', en: 'waiting', icon: '⏳' },
  blocked: { id: 'ditahan', en: 'blocked', icon: '⛔' },
  after_merge: { id: 'setelah merge', en: 'after merge', icon: '📨' },
} as const;

/** The one-line commit status description, e.g. `2/4 — menunggu Kabid Aptika`; at most 140 characters. */
export function statusDescription(result: ApprovalResult): string {
  const count = `${result.done}/${result.required}`;
  let text: string;
  if (result.state === 'approved') {
    text = `${count} — semua langkah SOP disetujui / all SOP steps approved`;
  } else if (result.state === 'blocked') {
    text = `${count} — ditahan: ${blockingReason(result.problems)}`;
  } else {
    const open = result.steps.filter((s) => s.state === 'waiting' && s.current);
    const titles = open.map((s) => s.roleTitles.join(' / '));
    text = `${count} — menunggu ${titles.join(', ') || 'persetujuan'}`;
  }
  return truncate(text, STATUS_DESCRIPTION_MAX);
}

function blockingReason(problems: ApprovalProblem[]): string {
  const first = problems.find((p) => p.severity === 'blocking');
  if (!first) return 'lihat rincian';
  return first.status ?? first.message.id;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** `2024-05-02T03:04:05Z` → `2024-05-02 03:04 UTC`. */
export function formatTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}


function took(step: StepResult, lang: 'id' | 'en'): string {
  if (step.elapsedS === undefined) return '';
  const text = formatDuration(step.elapsedS, lang);
  return step.state === 'done' ? text : lang === 'id' ? `${text} (berjalan)` : `${text} (running)`;
}

function standard(step: StepResult, lang: 'id' | 'en'): string {
  return step.standardS === undefined ? '-' : formatDuration(step.standardS, lang);
}

function stepStatus(step: StepResult): string {
  const label = STEP_LABEL[step.state];
  let text = `${label.icon} ${label.id} / ${label.en}`;
  if (step.decision?.answer) text += step.decision.answer === 'yes' ? ' — Ya / Yes' : ' — Tidak / No';
  if (step.late) text += ' ⚠️ terlambat / late';
  return text;
}

/** `Kepala Dinas`, or `Plh. Kepala Dinas, Sprin 800/45/2026` when an acting holder took the step. */
function byRole(step: StepResult): string {
  if (!step.by) return '';
  const title = step.roleTitles[step.roles.indexOf(step.by.role)] ?? step.by.role;
  const acting = step.by.acting;
  return acting ? `${actingTitle(title, acting)}, ${appointmentLetter(acting.letter)}` : title;
}

/** The sticky pull-request comment: the marker, a table of the steps, and why it is not yet approved. */
export function renderMarkdown(result: ApprovalResult): string {
  const label = STATE_LABEL[result.state];
  const lines: string[] = [
    APPROVALS_MARKER,
    `### ${label.icon} Persetujuan SOP / SOP approvals: ${label.id} / ${label.en} (${result.done}/${result.required})`,
    '',
    '| Baris SOP / Row | Langkah / Step | Peran / Role | Oleh / By | Waktu / At | Lama / Took | Mutu Baku | Status |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const step of result.steps) {
    const by = step.by ? `@${step.by.login} (${byRole(step)})` : '';
    lines.push(
      `| ${tableCell(step.sopRow ?? '-')} | ${tableCell(step.title)} | ${tableCell(step.roleTitles.join(' / '))} | ${tableCell(by)} | ${step.at ? formatTime(step.at) : ''} | ${took(step, 'id')} | ${standard(step, 'id')} | ${stepStatus(step)} |`,
    );
  }
  lines.push('');
  const total = result.total;
  const limit = total.limitS !== undefined ? ` / batas ${formatDuration(total.limitS, 'id')} (limit ${formatDuration(total.limitS, 'en')})` : '';
  lines.push(`Waktu total / total time: ${formatDuration(total.elapsedS, 'id')}${limit}${total.late ? ' ⚠️ terlambat / late' : ''}. Dimulai / started ${formatTime(result.startedAt)}.`);
  if (result.registrar) {
    const [id, en] = filedBy(result.registrar);
    lines.push('', `📨 ${tableCell(id)}<br>_${tableCell(en)}_`);
  }

  const maintainers = result.steps.find((s) => s.kind === 'maintainers');
  if (maintainers?.reasons?.length) {
    lines.push('', '**Perlu persetujuan pengelola / maintainers must approve:**');
    for (const reason of maintainers.reasons) lines.push(`- ${tableCell(reason.id)} / _${tableCell(reason.en)}_`);
  }
  const sections: [ApprovalProblem['severity'], string][] = [
    ['blocking', 'Ditahan karena / Blocked because'],
    ['pending', 'Menunggu / Waiting for'],
    ['note', 'Catatan / Notes'],
  ];
  for (const [severity, heading] of sections) {
    const items = result.problems.filter((p) => p.severity === severity);
    if (items.length === 0) continue;
    lines.push('', `**${heading}:**`);
    for (const p of items) lines.push(`- ${tableCell(p.message.id)}<br>_${tableCell(p.message.en)}_`);
  }
  return `${lines.join('\n')}\n`;
}

/** Plain text for the CLI. */
export function renderText(result: ApprovalResult): string {
  const label = STATE_LABEL[result.state];
  const lines = [`Persetujuan SOP / SOP approvals: ${label.id} / ${label.en} (${result.done}/${result.required})`];
  for (const step of result.steps) {
    const mark = { done: '[x]', waiting: '[ ]', blocked: '[!]', after_merge: '[-]' }[step.state];
    const row = (step.sopRow ?? '-').padStart(2);
    let line = `  ${mark} ${row}  ${step.title} — ${step.roleTitles.join(' / ')}`;
    if (step.by && step.at) {
      const acting = step.by.acting ? `, ${ACTING_PREFIX[step.by.acting.kind]}, ${appointmentLetter(step.by.acting.letter)}` : '';
      line += `\n           oleh/by @${step.by.login} (${step.by.role}${acting}), ${formatTime(step.at)}`;
    }
    const time = took(step, 'id');
    if (time || step.standardS !== undefined) line += `\n           lama/took ${time || '-'}, Mutu Baku ${standard(step, 'id')}${step.late ? ', TERLAMBAT/LATE' : ''}`;
    if (step.decision?.answer) line += `\n           keputusan/decision: ${step.decision.answer === 'yes' ? 'Ya/Yes' : 'Tidak/No'}`;
    if (step.state === 'after_merge') line += '\n           (dicatat setelah merge / recorded after merge)';
    lines.push(line);
  }
  const total = result.total;
  lines.push(`Waktu total / total time: ${formatDuration(total.elapsedS, 'id')}${total.limitS !== undefined ? ` (batas/limit ${formatDuration(total.limitS, 'id')})` : ''}${total.late ? ' TERLAMBAT/LATE' : ''}`);
  if (result.registrar) lines.push(...filedBy(result.registrar).map((line) => `  ${line}`));
  const maintainers = result.steps.find((s) => s.kind === 'maintainers');
  for (const reason of maintainers?.reasons ?? []) lines.push(`  pengelola/maintainers: ${reason.id} / ${reason.en}`);
  for (const p of result.problems) {
    const tag = { blocking: 'DITAHAN/BLOCKED', pending: 'MENUNGGU/WAITING', note: 'catatan/note' }[p.severity];
    lines.push(`  ${tag}: ${p.message.id}\n      ${p.message.en}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `Dicatat oleh @tu (Tata Usaha) atas nama Dinas Kesehatan, dari surat masuk Srikandi nomor …`, in both languages. */
function filedBy(registrar: Registrar): [string, string] {
  const who = `@${registrar.login} (${actingTitle(registrar.roleTitle, registrar.acting)})`;
  const channel = registrar.via ? LETTER_CHANNELS[registrar.via] : { id: '', en: '' };
  const number = registrar.reference ? ` ${registrar.reference}` : '';
  return [
    `Diajukan oleh ${who} atas nama ${registrar.opdName}, dari surat masuk ${channel.id ? `${channel.id} ` : ''}nomor${number}.`,
    `Filed by ${who} on behalf of ${registrar.opdName}, from the incoming letter ${channel.en ? `(${channel.en}) ` : ''}number${number}.`,
  ];
}

export interface ApprovalJson {
  state: ApprovalResult['state'];
  done: number;
  required: number;
  started_at: string;
  total: { elapsed_s: number; limit_s: number | null; late: boolean };
  steps: {
    id: string;
    title: string;
    sop_row: string | null;
    kind: StepResult['kind'];
    roles: string[];
    state: StepResult['state'];
    by: string | null;
    by_role: string | null;
    /** Only when an acting holder (Plh./Plt.) took the step: the register keeps it. */
    acting?: ApprovalActing;
    at: string | null;
    elapsed_s: number | null;
    standard_s: number | null;
    late: boolean;
    decision: { text: string; answer: 'yes' | 'no' | null } | null;
  }[];
  problems: { code: string; severity: ApprovalProblem['severity']; step: string | null; login: string | null; message: { id: string; en: string } }[];
  /** Only when the office's registrar filed the request on the agency's behalf: the register keeps it. */
  filed_by?: { login: string; role: string; via?: Registrar['via']; reference?: string };
}

/** The machine-readable result (`subdomain approvals --json`). */
export function toJson(result: ApprovalResult): ApprovalJson {
  return {
    state: result.state,
    done: result.done,
    required: result.required,
    started_at: result.startedAt,
    total: { elapsed_s: result.total.elapsedS, limit_s: result.total.limitS ?? null, late: result.total.late },
    steps: result.steps.map((s) => ({
      id: s.id,
      title: s.title,
      sop_row: s.sopRow ?? null,
      kind: s.kind,
      roles: s.roles,
      state: s.state,
      by: s.by?.login ?? null,
      by_role: s.by?.role ?? null,
      ...(s.by?.acting ? { acting: s.by.acting } : {}),
      at: s.at ?? null,
      elapsed_s: s.elapsedS ?? null,
      standard_s: s.standardS ?? null,
      late: s.late,
      decision: s.decision ? { text: s.decision.text, answer: s.decision.answer ?? null } : null,
    })),
    problems: result.problems.map((p) => ({ code: p.code, severity: p.severity, step: p.step ?? null, login: p.login ?? null, message: p.message })),
    ...(result.registrar ? { filed_by: filedByRecord(result.registrar) } : {}),
  };
}

/** What the register keeps of the registrar (`history[].filed_by`). */
export function filedByRecord(registrar: Registrar): NonNullable<ApprovalJson['filed_by']> {
  return {
    login: registrar.login,
    role: registrar.role,
    ...(registrar.via !== undefined ? { via: registrar.via } : {}),
    ...(registrar.reference !== undefined ? { reference: registrar.reference } : {}),
  };
}
