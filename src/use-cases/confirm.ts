import type { ApiFailure } from '../github/client.js';
import type { RepoRef } from '../github/intake.js';
import type { GitHubPort } from '../github/port.js';
import { registerPath } from '../model/domain.js';
import { msg, type Message, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { loadFile } from '../repo/load.js';
import type { Tree } from '../repo/tree.js';
import type { FileChange } from '../register/register.js';
import type { ConfirmHistoryEntry } from '../schema/types.gen.js';
import { registerChange } from '../steps/register.js';
import { decideConfirm, parseConfirmCommand, renderConfirmReply, withConfirmation } from '../watch/confirm.js';
import { readIncidentMarker } from '../watch/incident-issue.js';
import { readReconfirmMarker, RECONFIRM_LABEL } from '../watch/reconfirm.js';
import { answer, orFailed, readCommand, type NotACommand } from './comment-command.js';

/**
 * `/konfirmasi` as a use case: read the OPD staff member's comment and the re-confirmation
 * issue through the GitHub port, decide (src/watch/confirm.ts, pure), write the confirmation to
 * the register, answer with one reply and close the issue. It prints nothing and never exits:
 * `subdomain confirm` renders the outcome.
 */
export interface RecordConfirmRequest {
  repo: RepoRef;
  /** The re-confirmation issue the comment must be on. */
  number: number;
  commentId: number;
  policy: ResolvedPolicy;
  /** The checkout of main: the register. */
  tree: Tree;
  /** Post the reply and close the issue (not with `--no-reply`, `--dry-run`). */
  reply: boolean;
  /** Writes the register change; not called on a dry run. */
  write?: (changes: FileChange[]) => void;
}

/** The reply's text (printed, and posted unless a re-run found its own confirmation); `failure`: posting it or closing the issue failed. */
interface Replied {
  text: string;
  failure?: ApiFailure;
}

interface Confirmed {
  fqdn: string;
  opd: string;
  confirmation: ConfirmHistoryEntry;
  /** The register file. */
  file: string;
}

export type ConfirmOutcome =
  /** On another issue, a bot's comment, or no command (comment-command.ts). */
  | NotACommand
  /**
   * Refused, with the reasons the reply gives; `problems`: the register file's, when it stopped
   * the confirmation; `unwritten`: the entry produced would not read back, so nothing was written.
   */
  | ({ kind: 'refused'; reasons: Message[]; problems: Problem[]; unwritten?: true } & Replied)
  /** This very comment's confirmation is already in the register: a re-run, nothing written. */
  | ({ kind: 'already' } & Confirmed & Replied)
  /** Recorded: the register change, written unless a dry run. */
  | ({ kind: 'recorded'; change: FileChange } & Confirmed & Replied)
  /** GitHub failed before anything was decided. */
  | { kind: 'failed'; failure: ApiFailure };

type Decided =
  | NotACommand
  | { kind: 'refused'; reasons: Message[]; problems: Problem[]; unwritten?: true }
  | ({ kind: 'already'; close: boolean } & Confirmed)
  | ({ kind: 'recorded'; change: FileChange; close: boolean } & Confirmed);

export async function recordConfirm(port: GitHubPort, request: RecordConfirmRequest): Promise<ConfirmOutcome> {
  const decided = await orFailed(() => decide(port, request));
  const { repo, number, policy } = request;
  switch (decided.kind) {
    case 'wrong-issue':
    case 'ignored':
    case 'failed':
      return decided;
    case 'refused': {
      const text = renderConfirmReply(policy, { kind: 'refused', reasons: decided.reasons });
      const failure = await answer(port, repo, number, { text, reply: request.reply, rerun: false });
      return { ...decided, text, ...(failure ? { failure } : {}) };
    }
    default: {
      const { close, ...done } = decided;
      const text = renderConfirmReply(policy, { kind: done.kind, fqdn: done.fqdn, opd: done.opd, confirmation: done.confirmation, file: done.file });
      // A re-run finding its comment recorded stays quiet (the first run answered), but still closes an open issue.
      const failure = await answer(port, repo, number, { text, reply: request.reply, rerun: done.kind === 'already', close });
      return { ...done, text, ...(failure ? { failure } : {}) };
    }
  }
}

const refused = (reasons: Message[], extra: { problems?: Problem[]; unwritten?: true } = {}): Decided => ({ kind: 'refused', reasons, problems: extra.problems ?? [], ...(extra.unwritten ? { unwritten: true } : {}) });

async function decide(port: GitHubPort, request: RecordConfirmRequest): Promise<Decided> {
  const { repo, number, policy, tree } = request;
  const read = await readCommand(port, repo, number, request.commentId, parseConfirmCommand);
  if (read.kind !== 'command') return read;
  const { comment, command } = read;

  const issue = await port.readIssue(repo, number);
  if (issue.isPullRequest) {
    return refused([msg(
      '`/konfirmasi` hanya berlaku pada issue konfirmasi ulang, bukan pada pull request.',
      '`/confirm` only works on a re-confirmation issue, not on a pull request.',
    )]);
  }
  if (!issue.labels.includes(RECONFIRM_LABEL)) {
    return refused([msg(
      `Issue ini bukan issue konfirmasi ulang (tidak berlabel \`${RECONFIRM_LABEL}\`), sehingga tidak ada sub domain yang dapat dikonfirmasi di sini.`,
      `This issue is not a re-confirmation issue (it lacks the \`${RECONFIRM_LABEL}\` label), so there is no subdomain to confirm here.`,
    )]);
  }
  const fqdn = readReconfirmMarker(issue.body);
  if (!fqdn) {
    return refused([msg(
      'Isi issue ini tidak lagi menyebut sub domain yang harus dikonfirmasi (penandanya hilang atau diubah), sehingga konfirmasi tidak dapat dicatat. Mohon hubungi pengelola repositori.',
      'This issue’s body no longer names the subdomain to confirm (its marker is missing or was changed), so the confirmation cannot be recorded. Please contact the repository maintainers.',
    )]);
  }

  const path = registerPath(fqdn);
  if (tree.kind(path) === 'missing') {
    return refused([msg(
      `${fqdn} tidak terdaftar di daftar sub domain (${path} tidak ada), jadi tidak ada yang perlu dikonfirmasi.`,
      `${fqdn} is not in the register (${path} does not exist), so there is nothing to confirm.`,
    )]);
  }
  const entry = loadFile(tree, path, 'register');
  if (!entry.ok) {
    return refused([msg(
      `Berkas daftar ${path} tidak dapat dibaca; pengelola repositori perlu memperbaikinya.`,
      `The register file ${path} cannot be read; the repository maintainers need to fix it.`,
    )], { problems: entry.problems });
  }

  // Memoised by the port: one lookup per team of the OPD.
  const teams = policy.opds[entry.value.opd]?.teams ?? [];
  const memberships = teams.length > 0 ? await port.memberships(comment.author, teams) : {};
  const decision = decideConfirm(policy, entry.value, {
    fqdn,
    by: comment.author,
    at: comment.createdAt,
    issue: number,
    comment: comment.id,
    ...(command.note !== undefined ? { note: command.note } : {}),
    memberships,
  });
  if (decision.outcome === 'refuse') return refused(decision.reasons);
  // An overdue confirmation became an incident: that issue closes when the watch sees the incident gone, not here.
  const close = issue.state === 'open' && readIncidentMarker(issue.body) === undefined;
  const shown = { fqdn, opd: entry.value.opd, confirmation: decision.confirmation, file: path, close };
  if (decision.outcome === 'already') return { kind: 'already', ...shown };

  const result = registerChange(path, withConfirmation(entry.value, decision.confirmation));
  if (!result.change) {
    return refused(
      [msg('Hasil pencatatan tidak sah menurut skema daftar; tidak ada yang ditulis.', 'The register entry produced is not valid against the register schema; nothing was written.')],
      { problems: result.problems, unwritten: true },
    );
  }
  request.write?.([result.change]);
  return { kind: 'recorded', change: result.change, ...shown };
}
