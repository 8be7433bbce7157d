import type { Problem } from '../model/problem.js';
import { inertText } from '../render/markdown.js';
import { applicantMarker } from './applicant.js';
import type { FormField } from './form.js';

/** Marks the one issue comment the intake keeps up to date. */
export const INTAKE_COMMENT_MARKER = '<!-- subdomain:intake -->';
const MAX_LISTED = 50;
const MAX_MESSAGE = 600;

/**
 * Text that came from the applicant (echoed by a rule's message) shown as inert Markdown: no
 * HTML, no hidden comments (so no fake markers), no @mentions, no line breaks.
 */
export function inert(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const short = flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
  return inertText(short);
}

export type FieldProblem = Problem & { field?: FormField };

/** Problems for a terminal: level, rule id and the field, then the message in both languages. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems
    .map((p) => `${p.severity === 'error' ? 'galat/error' : 'peringatan/warning'} ${p.rule}${p.field ? ` [${p.field.label}]` : ''}\n  ${p.message.id}\n  ${p.message.en}\n`)
    .join('');
}

export function problemsComment(problems: readonly FieldProblem[], issue: number): string {
  const errors = problems.filter((p) => p.severity === 'error');
  const shown = problems.slice(0, MAX_LISTED);
  const lines = [
    INTAKE_COMMENT_MARKER,
    '### ❌ Permohonan belum dapat diproses / The request cannot be processed yet',
    '',
    `Ditemukan ${errors.length} masalah. Perbaiki isiannya dengan menyunting issue ini (menu ··· → Edit); pemeriksaan berjalan lagi dengan sendirinya. Belum ada pull request yang dibuat.`,
    `Found ${errors.length} problem(s). Fix the answers by editing this issue (menu ··· → Edit); the check runs again by itself. No pull request has been opened.`,
    '',
    ...shown.map((p) => listItem(p)),
  ];
  if (problems.length > shown.length) lines.push(`- … ${problems.length - shown.length} lainnya / more`);
  lines.push('', `<sub>issue #${issue} · aturan yang sama dengan \`subdomain validate\` / the same rules as \`subdomain validate\`</sub>`, '');
  return lines.join('\n');
}

function listItem(p: FieldProblem): string {
  const where = p.field ? `**${inert(p.field.label)}**` : '**Permohonan / Request**';
  const level = p.severity === 'error' ? 'galat / error' : 'peringatan / warning';
  return `- ${where} · \`${p.rule.replace(/[^a-z0-9/_-]/gi, '')}\` (${level})<br>ID: ${inert(p.message.id)}<br>EN: ${inert(p.message.en)}`;
}

export interface Forwarded {
  issue: number;
  pullNumber: number;
  pullUrl: string;
  fqdn: string;
  path: string;
  warnings: readonly FieldProblem[];
}

export function forwardedComment(f: Forwarded): string {
  const lines = [
    INTAKE_COMMENT_MARKER,
    `### ✅ Permohonan diteruskan / Request forwarded: ${f.fqdn}`,
    '',
    // The same text whether the pull request was just opened or updated: a re-run without an
    // edit writes nothing.
    `Isian lolos pemeriksaan. Pull request #${f.pullNumber} memuat berkas \`${f.path}\`: ${f.pullUrl}`,
    `The answers pass the checks. Pull request #${f.pullNumber} holds the file \`${f.path}\`: ${f.pullUrl}`,
    '',
    'Berikutnya: pejabat Diskominfo meninjau dan menyetujui sesuai SOP; setelah digabung (merge), DNS diterapkan dan issue ini tertutup otomatis. Untuk mengubah permohonan, sunting issue ini — pull request ikut diperbarui.',
    'Next: the Diskominfo officials review and approve it as the SOP says; once merged, DNS is applied and this issue closes by itself. To change the request, edit this issue — the pull request follows.',
  ];
  if (f.warnings.length > 0) lines.push('', ...f.warnings.slice(0, MAX_LISTED).map((p) => listItem(p)));
  lines.push('');
  return lines.join('\n');
}

export interface PullRequestText {
  title: string;
  body: string;
}

/**
 * The pull request's title and body. The marker is the body's first line; nothing the
 * applicant typed appears in the body (the name and OPD key have passed the rules by then).
 */
export function pullRequestText(o: { issue: number; author: string; fqdn: string; action: string; opd: string; path: string }): PullRequestText {
  const body = [
    applicantMarker(o.author, o.issue),
    `Permohonan subdomain **${o.fqdn}** (\`${o.action}\`, OPD \`${o.opd}\`) dari issue #${o.issue}, diajukan oleh @${o.author}.`,
    `Request for **${o.fqdn}** (\`${o.action}\`, OPD \`${o.opd}\`) from issue #${o.issue}, by @${o.author}.`,
    '',
    `Closes #${o.issue}`,
    '',
    `Berkas \`${o.path}\` dibuat otomatis dari formulir issue. Untuk mengubahnya, sunting issue #${o.issue}, bukan cabang ini: setiap suntingan menimpa cabang.`,
    `The file \`${o.path}\` is generated from the issue form. To change it, edit issue #${o.issue}, not this branch: every edit rewrites the branch.`,
    '',
  ].join('\n');
  return { title: `Permohonan subdomain ${o.fqdn} (${o.action}) — #${o.issue}`, body };
}

/**
 * The pull request `subdomain new` opens: the person whose token opens it is its author and so
 * the applicant, as for any pull request; nothing typed in the answers appears here but the
 * name and OPD key, which have passed the rules by then.
 */
export function newPullRequestText(o: { fqdn: string; action: string; opd: string; path: string }): PullRequestText & { commitMessage: string } {
  const body = [
    `Permohonan subdomain **${o.fqdn}** (\`${o.action}\`, OPD \`${o.opd}\`), dibuat dengan \`subdomain new\`.`,
    `Request for **${o.fqdn}** (\`${o.action}\`, OPD \`${o.opd}\`), made with \`subdomain new\`.`,
    '',
    `Untuk mengubah berkas \`${o.path}\`, jalankan \`subdomain new\` lagi dengan \`--force\` (pull request ini ikut diperbarui) atau sunting berkasnya di cabang ini.`,
    `To change the file \`${o.path}\`, run \`subdomain new\` again with \`--force\` (this pull request follows) or edit the file on this branch.`,
    '',
  ].join('\n');
  return {
    title: `Permohonan subdomain ${o.fqdn} (${o.action})`,
    body,
    commitMessage: `Permohonan subdomain ${o.fqdn} (${o.action})\n\nRequest for ${o.fqdn} (${o.action}), made with subdomain new.`,
  };
}
