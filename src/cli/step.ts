import { roleHolding } from '../approvals/roles.js';
import { msg, type Message, type Problem } from '../model/problem.js';
import { loadPolicy, type ResolvedPolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import type { FileChange } from '../register/register.js';
import { formatProblems } from '../validate/format.js';
import { writeChanges } from '../register/write.js';
import { decideStep, findStep, type StepDecision } from '../steps/check.js';
import { parseCommand } from '../steps/command.js';
import { findRegistered, recordApproval, type RegisteredRequest } from '../steps/register.js';
import { renderReply, type Reply } from '../steps/reply.js';
import { type Command, EXIT, idOption, parseOptions, repoOption, UsageError } from './io.js';

export const HELP = `Pemakaian / usage: subdomain step --repo OWNER/NAME --pr N --comment ID [--no-reply] [--dry-run] [--gate]

Mencatat langkah SOP setelah merge (surat balasan, pemberitahuan, Berita Acara, pengiriman
surat) dari komentar pejabat pada pull request yang sudah digabung: \`/langkah <id> [catatan]\`
atau \`/step <id> [note]\`. Komentar dan pull request dibaca lewat API (GITHUB_TOKEN,
GITHUB_API_URL); langkah ditambahkan ke riwayat pull request itu di subdomains/<nama>.yaml;
satu komentar balasan menyatakan hasilnya.
Records an SOP step taken after the merge (reply letter, notification, Berita Acara, sending
the letter) from an official's comment on the merged pull request. The comment and the pull
request are read through the API; the step is appended to that pull request's history entry in
subdomains/<name>.yaml; one reply comment says what happened.

  --repo OWNER/NAME  repositori / repository (default GITHUB_REPOSITORY)
  --pr N             pull request yang digabung / the merged pull request
  --comment ID       id komentar / the comment's id
  --no-reply         jangan membalas / do not reply (the workflow's retry after a moved main)
  --dry-run          tidak menulis dan tidak membalas / write nothing, reply nothing
  --gate             hanya mencetak \`proceed\` (perintah dari pemegang peran SOP) atau \`ignore\`;
                     tidak menulis, tidak membalas / only print \`proceed\` (a command from an SOP
                     role holder) or \`ignore\`; writes and replies nothing (the workflow's read-only job)

Komentar dari orang yang tidak memegang peran SOP apa pun tidak dibalas (balasan akan menyebut
pejabat) / a comment from someone who holds no SOP role gets no reply (it would mention officials).

Exit: 0 dicatat (atau bukan perintah) / recorded (or no command), 1 ditolak / refused,
2 pemakaian atau API gagal / usage or API failure.
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      repo: { type: 'string' },
      pr: { type: 'string' },
      comment: { type: 'string' },
      'no-reply': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      gate: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
  const ref = repoOption(values.repo, HELP, io.env.GITHUB_REPOSITORY);
  const number = idOption(values.pr, '--pr', 'pr', HELP);
  const commentId = idOption(values.comment, '--comment', 'comment', HELP);
  const gate = values.gate === true;
  const reply = !values['no-reply'] && !values['dry-run'] && !gate;

  const tree = new WorkingTree(io.cwd);
  const loaded = loadPolicy(tree);
  if (!loaded.ok) {
    io.stderr(formatProblems(loaded.problems));
    return EXIT.usage;
  }
  const policy = loaded.policy;

  // Octokit is loaded only by the commands that talk to GitHub.
  const [{ ApiFailure, createGitHub, gitHubOptionsFromEnv }, gh] = await Promise.all([import('../github/client.js'), import('../steps/github.js')]);
  const { intakeBotsFromEnv } = await import('../github/pull-request.js');
  const github = createGitHub(gitHubOptionsFromEnv(io.env));
  const answer = async (body: Reply, code: number): Promise<number> => {
    const text = renderReply(policy, body);
    io.stdout(text);
    // A re-run finding its own step recorded stays quiet: the first run answered.
    if (reply && body.kind !== 'already') await gh.postReply(github, ref, number, text);
    return code;
  };
  const refuse = (reasons: Message[], extra: Partial<Extract<Reply, { kind: 'refused' }>> = {}) => answer({ kind: 'refused', reasons, ...extra }, EXIT.problems);

  try {
    const comment = await gh.readComment(github, ref, commentId);
    if (comment.issue !== number) {
      throw new UsageError(`Komentar ${comment.id} ada di #${comment.issue}, bukan #${number}. / Comment ${comment.id} is on #${comment.issue}, not #${number}.`);
    }
    if (comment.authorType === 'Bot') {
      io.stdout(gate ? 'ignore\n' : 'Komentar dari bot diabaikan. / A bot\'s comment is ignored.\n');
      return EXIT.ok;
    }
    const command = parseCommand(comment.body);
    if (command.kind === 'none') {
      io.stdout(gate ? 'ignore\n' : 'Komentar ini bukan perintah /langkah. / This comment is not a /step command.\n');
      return EXIT.ok;
    }
    // Someone who holds no SOP role gets no answer at all: a reply would show (and mention) the
    // request's officials to anyone who writes `/langkah`, and the workflow starts no write job.
    const anyRole = Object.keys(policy.roles);
    const asHolder = await gh.readMemberships(github, comment.author, teamsOf(policy, anyRole));
    if (!anyRole.some((role) => roleHolding(policy, role, comment.author, comment.createdAt, asHolder).held)) {
      io.stdout(gate ? 'ignore\n' : `@${comment.author} tidak memegang peran SOP apa pun: tidak dibalas. / @${comment.author} holds no SOP role: no reply.\n`);
      return gate ? EXIT.ok : EXIT.problems;
    }
    if (gate) {
      io.stdout('proceed\n');
      return EXIT.ok;
    }
    if (command.kind === 'invalid') return await refuse([command.reason]);

    const pull = await gh.readMerged(github, ref, number, intakeBotsFromEnv(io.env));
    if (!pull.merged) {
      return await refuse([msg(
        `Pull request #${number} belum digabung (merge). Langkah setelah merge dicatat setelah permohonan digabung dan diterapkan.`,
        `Pull request #${number} is not merged. After-merge steps are recorded once the request is merged and applied.`,
      )]);
    }

    const lookup = findRegistered(tree, number);
    if (lookup.problems.length > 0) {
      io.stderr(formatProblems(lookup.problems));
      return await refuse([msg(
        'Berkas daftar sub domain untuk pull request ini tidak dapat dibaca; pengelola repositori perlu memperbaikinya.',
        'The register file of this pull request cannot be read; the repository maintainers need to fix it.',
      )]);
    }
    if (lookup.found.length === 0) {
      return await refuse([msg(
        `Pull request #${number} belum tercatat di daftar sub domain (subdomains/). Tunggu workflow penerapan DNS selesai mencatatnya, lalu tulis perintahnya lagi.`,
        `Pull request #${number} is not in the register (subdomains/) yet. Wait for the DNS apply workflow to record it, then write the command again.`,
      )]);
    }

    const step = findStep(policy, command.step);
    const memberships = step ? await gh.readMemberships(github, comment.author, teamsOf(policy, step.roles)) : {};
    const decisions = lookup.found.map((request) => ({
      request,
      decision: decideStep(policy, request.history, {
        step: command.step,
        by: comment.author,
        at: comment.createdAt,
        applicants: [pull.applicant, pull.author, request.history.applicant].filter((a): a is string => typeof a === 'string' && a !== ''),
        memberships,
      }),
    }));
    const first = lookup.found[0]!;
    const firstEntry = first.history;

    const refused = decisions.flatMap(({ request, decision }) =>
      decision.outcome === 'refuse' ? decision.refusals.map((r) => (lookup.found.length > 1 ? prefixed(request.fqdn, r.message) : r.message)) : [],
    );
    if (refused.length > 0) return await refuse(unique(refused), { entry: firstEntry });

    const toRecord = decisions.filter((d): d is { request: RegisteredRequest; decision: Extract<StepDecision, { outcome: 'record' }> } => d.decision.outcome === 'record');
    const shown = decisions[0]!.decision as Extract<StepDecision, { outcome: 'record' | 'already' }>;
    const changes: FileChange[] = [];
    const problems: Problem[] = [];
    for (const { request, decision } of toRecord) {
      const result = recordApproval(request, decision.approval);
      problems.push(...result.problems);
      if (result.change) changes.push(result.change);
    }
    if (problems.length > 0) {
      io.stderr(formatProblems(problems));
      io.stderr('Tidak ada berkas yang ditulis. / Nothing was written.\n');
      return await refuse([msg('Hasil pencatatan tidak sah menurut skema daftar; tidak ada yang ditulis.', 'The register entry produced is not valid against the register schema; nothing was written.')]);
    }
    if (!values['dry-run']) writeChanges(io.cwd, changes);
    for (const change of changes) io.stderr(`${change.path}: ${values['dry-run'] ? 'akan dicatat / would record' : 'dicatat / recorded'} ${shown.step.id}\n`);
    const after = toRecord.length > 0 ? { ...firstEntry, approvals: [...(firstEntry.approvals ?? []), shown.approval] } : firstEntry;
    return await answer(
      { kind: toRecord.length > 0 ? 'recorded' : 'already', step: shown.step, approval: shown.approval, files: lookup.found.map((r) => r.path), entry: after },
      EXIT.ok,
    );
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    io.stderr(`Gagal / failed: ${error.detail.id}\n  ${error.detail.en}\n`);
    return EXIT.usage;
  }
};

/** The teams (`org/slug`) of the given roles. */
function teamsOf(policy: ResolvedPolicy, roles: readonly string[]): string[] {
  return [...new Set(roles.flatMap((role) => policy.roles[role]?.teams ?? []))];
}

function prefixed(fqdn: string, message: Message): Message {
  return msg(`${fqdn}: ${message.id}`, `${fqdn}: ${message.en}`);
}

function unique(messages: Message[]): Message[] {
  const seen = new Set<string>();
  return messages.filter((m) => !seen.has(m.id) && seen.add(m.id) !== undefined);
}
