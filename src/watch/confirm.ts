/**
 * The answer to a re-confirmation issue: a member of the subdomain's OPD writes
 * `/konfirmasi [catatan]` (or `/confirm [note]`) as the first line of a comment; the
 * confirmation is appended to the register entry's history. Pure: the parsing of the untrusted
 * comment, the decision and the reply. The use case is src/use-cases/confirm.ts.
 */
import type { TeamMemberships } from '../approvals/context.js';
import { holds } from '../approvals/roles.js';
import { msg, type Message } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { confirmHistory } from '../register/history.js';
import { DEFAULT_TIME_ZONE, formatDate, formatTime } from '../report/format.js';
import type { ConfirmHistoryEntry, RegisterEntry } from '../schema/types.gen.js';
import { commandLine, commandNote } from '../steps/command.js';
import { nextDueAt } from './reconfirm.js';

export type ConfirmKeyword = 'konfirmasi' | 'confirm';

export type ParsedConfirm = { kind: 'none' } | { kind: 'command'; keyword: ConfirmKeyword; note?: string };

const KEYWORDS: readonly ConfirmKeyword[] = ['konfirmasi', 'confirm'];

/**
 * `/konfirmasi [catatan]` or `/confirm [note]` on the first non-blank line of a comment (the
 * same reading as `/langkah`: a quote, a code block or a later line never counts). The note is
 * the rest of the comment, cleaned of control and invisible characters, at most 1,000
 * characters; a template sequence (`${`, `%{`) in it is broken up (`$ {`) so that the register
 * file keeps passing `value/template-sequence`.
 */
export function parseConfirmCommand(body: string | null | undefined): ParsedConfirm {
  const line = commandLine(body, KEYWORDS);
  if (!line) return { kind: 'none' };
  const note = commandNote([line.rest, ...line.following])?.replace(/([$%])\{/g, '$1 {');
  return { kind: 'command', keyword: line.keyword, ...(note !== undefined ? { note } : {}) };
}

/** What the decision may know: plain data, read by the adapter from the issue, the comment and GitHub. */
export interface ConfirmClaim {
  fqdn: string;
  /** GitHub login of the commenter. */
  by: string;
  /** When the comment was written (ISO 8601): the time the confirmation is recorded at. */
  at: string;
  issue: number;
  comment: number;
  note?: string;
  /** `org/slug` → login → state, for the OPD's teams. */
  memberships: TeamMemberships;
}

export type ConfirmDecision =
  | { outcome: 'record'; confirmation: ConfirmHistoryEntry }
  /** This very comment is already recorded: a re-run, nothing to change. */
  | { outcome: 'already'; confirmation: ConfirmHistoryEntry }
  | { outcome: 'refuse'; reasons: Message[] };

/**
 * Whether the commenter may confirm the entry: they belong to its OPD as the policy lists it
 * (`opds.<key>.users`, or an active member of one of its `teams`), the notion the approvals
 * check uses for applicants. The register's contact holds no GitHub login, so it adds no one.
 */
export function decideConfirm(policy: Pick<ResolvedPolicy, 'opds'>, entry: RegisterEntry, claim: ConfirmClaim): ConfirmDecision {
  const recorded = confirmHistory(entry).find((c) => c.comment === claim.comment);
  if (recorded) return { outcome: 'already', confirmation: recorded };
  const opd = policy.opds[entry.opd];
  if (!opd) {
    return {
      outcome: 'refuse',
      reasons: [msg(
        `OPD pemilik ${claim.fqdn} (\`${entry.opd}\`) belum tercantum di kebijakan (.github/sop.yaml), sehingga belum ada akun yang dapat mengonfirmasi. Mohon pengelola repositori menetapkan OPD-nya terlebih dahulu.`,
        `The OPD that owns ${claim.fqdn} (\`${entry.opd}\`) is not in the policy (.github/sop.yaml), so no account can confirm it yet. The repository maintainers need to set its OPD first.`,
      )],
    };
  }
  if (!holds(claim.by, opd, claim.memberships)) {
    return {
      outcome: 'refuse',
      reasons: [msg(
        `Mohon maaf, @${claim.by} tidak tercatat sebagai anggota ${opd.name} (\`${entry.opd}\`), OPD pemilik ${claim.fqdn}. Konfirmasi hanya dapat diberikan oleh staf OPD tersebut yang tercantum di kebijakan (.github/sop.yaml). Bila Anda staf OPD ini, mohon minta pengelola repositori menambahkan akun Anda, atau minta rekan yang sudah terdaftar menulis \`/konfirmasi\`.`,
        `Sorry, @${claim.by} is not listed as a member of ${opd.name} (\`${entry.opd}\`), the OPD that owns ${claim.fqdn}. Only that OPD's staff listed in the policy (.github/sop.yaml) can confirm it. If you are on its staff, ask the repository maintainers to add your account, or ask a listed colleague to write \`/confirm\`.`,
      )],
    };
  }
  const confirmation: ConfirmHistoryEntry = {
    action: 'confirm',
    by: claim.by,
    at: claim.at,
    issue: claim.issue,
    comment: claim.comment,
    ...(claim.note !== undefined ? { note: claim.note } : {}),
  };
  return { outcome: 'record', confirmation };
}

/** The entry with the confirmation appended to its history. */
export function withConfirmation(entry: RegisterEntry, confirmation: ConfirmHistoryEntry): RegisterEntry {
  return { ...entry, history: [...entry.history, confirmation] };
}

// ---- the reply ---------------------------------------------------------------------------

/** Hidden marker of the replies `subdomain confirm` writes (a reply never reads as a command: it starts with it). */
export const CONFIRM_REPLY_MARKER = '<!-- subdomain:reconfirm-reply -->';

export type ConfirmReply =
  | { kind: 'recorded' | 'already'; fqdn: string; opd: string; confirmation: ConfirmHistoryEntry; file: string }
  | { kind: 'refused'; reasons: Message[] };

/**
 * The one comment `subdomain confirm` answers with, Indonesian then English. It holds only what
 * the policy, the register and GitHub say: no text of the comment is repeated (the note is in
 * the register, not in the reply).
 */
export function renderConfirmReply(policy: Pick<ResolvedPolicy, 'opds' | 'office' | 'watch'>, reply: ConfirmReply): string {
  const lines: string[] = [CONFIRM_REPLY_MARKER];
  if (reply.kind === 'refused') {
    lines.push('⛔ **Konfirmasi tidak dicatat / confirmation not recorded**', '');
    for (const reason of reply.reasons) lines.push(`- ${reason.id}`, `  <br>_${reason.en}_`);
    return `${lines.join('\n')}\n`;
  }
  const zone = policy.office.timezone ?? DEFAULT_TIME_ZONE;
  const { confirmation } = reply;
  const opdName = policy.opds[reply.opd]?.name ?? reply.opd;
  const next = nextDueAt(confirmation.at, policy);
  lines.push(reply.kind === 'recorded' ? '✅ **Konfirmasi dicatat / confirmation recorded**' : 'ℹ️ **Konfirmasi dari komentar ini sudah dicatat / this comment’s confirmation is already recorded**', '');
  lines.push(`**${reply.fqdn}** — ${opdName} (\`${reply.opd}\`)`, '');
  lines.push(`- oleh / by: @${confirmation.by}`);
  lines.push(`- waktu / at: ${formatTime(confirmation.at, zone)}`);
  if (next) lines.push(`- konfirmasi berikutnya / next confirmation due: ${formatDate(next, zone)}`);
  lines.push(`- dicatat di / recorded in: \`${reply.file}\``);
  lines.push('', 'Terima kasih; issue ini ditutup. / Thank you; this issue is closed.');
  return `${lines.join('\n')}\n`;
}
