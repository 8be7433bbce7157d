import { msg, type Message } from '../model/problem.js';
import { registerPath } from '../model/domain.js';
import { loadPolicy } from '../policy/policy.js';
import { loadFile } from '../repo/load.js';
import { WorkingTree } from '../repo/tree.js';
import { writeChanges } from '../register/write.js';
import { registerChange } from '../steps/register.js';
import { formatProblems } from '../validate/format.js';
import { decideConfirm, parseConfirmCommand, renderConfirmReply, withConfirmation, type ConfirmReply } from '../watch/confirm.js';
import { readReconfirmMarker, RECONFIRM_LABEL } from '../watch/reconfirm.js';
import { readIncidentMarker } from '../watch/incident-issue.js';
import { type Command, EXIT, idOption, parseOptions, repoOption, UsageError } from './io.js';

export const HELP = `Pemakaian / usage: subdomain confirm --repo OWNER/NAME --issue N --comment ID [--no-reply] [--dry-run]

Mencatat konfirmasi ulang sebuah sub domain dari komentar staf OPD pada issue konfirmasi ulang
(label ${RECONFIRM_LABEL}): baris pertama \`/konfirmasi [catatan]\` atau \`/confirm [note]\`. Issue dan
komentar dibaca lewat API (GITHUB_TOKEN, GITHUB_API_URL); sub domainnya dari penanda di isi issue.
Hanya anggota OPD pemilik (opds.<kunci>.users / teams di .github/sop.yaml) yang dapat
mengonfirmasi. Konfirmasi ditambahkan ke riwayat subdomains/<nama>.yaml (siapa, kapan); satu
komentar balasan menyatakan hasilnya, lalu issue ditutup.
Records a subdomain's re-confirmation from an OPD staff member's comment on its
re-confirmation issue. The issue and the comment are read through the API; the subdomain comes
from the marker in the issue's body. Only members of the owning OPD may confirm. The
confirmation is appended to the history in subdomains/<name>.yaml (who, when); one reply says
what happened, then the issue is closed.

  --repo OWNER/NAME  repositori / repository (default GITHUB_REPOSITORY)
  --issue N          issue konfirmasi ulang / the re-confirmation issue
  --comment ID       id komentar / the comment's id
  --no-reply         jangan membalas atau menutup issue / neither reply nor close the issue
                     (the workflow's retry after a moved main)
  --dry-run          tidak menulis, tidak membalas / write nothing, reply nothing

Exit: 0 dicatat (atau bukan perintah) / recorded (or no command), 1 ditolak / refused,
2 pemakaian atau API gagal / usage or API failure.
`;

export const run: Command = async (args, io) => {
  const { values } = parseOptions({
    args,
    options: {
      repo: { type: 'string' },
      issue: { type: 'string' },
      comment: { type: 'string' },
      'no-reply': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  }, HELP);
  const ref = repoOption(values.repo, HELP, io.env.GITHUB_REPOSITORY);
  const number = idOption(values.issue, '--issue', 'issue', HELP);
  const commentId = idOption(values.comment, '--comment', 'comment', HELP);
  const write = !values['dry-run'];
  const reply = !values['no-reply'] && write;

  const tree = new WorkingTree(io.cwd);
  const loaded = loadPolicy(tree);
  if (!loaded.ok) {
    io.stderr(formatProblems(loaded.problems));
    return EXIT.usage;
  }
  const policy = loaded.policy;

  // Octokit is loaded only by the commands that talk to GitHub.
  const [{ ApiFailure, createGitHub, gitHubOptionsFromEnv }, gh, { readIssue }] = await Promise.all([
    import('../github/client.js'),
    import('../github/comment-commands.js'),
    import('../github/intake.js'),
  ]);
  const github = createGitHub(gitHubOptionsFromEnv(io.env));
  const answer = async (body: ConfirmReply, code: number, close: boolean): Promise<number> => {
    const text = renderConfirmReply(policy, body);
    io.stdout(text);
    // A re-run finding its comment recorded stays quiet: the first run answered.
    if (reply && body.kind !== 'already') await gh.postReply(github, ref, number, text);
    if (reply && close) await gh.closeIssue(github, ref, number);
    return code;
  };
  const refuse = (reasons: Message[]) => answer({ kind: 'refused', reasons }, EXIT.problems, false);

  try {
    const comment = await gh.readComment(github, ref, commentId);
    if (comment.issue !== number) {
      throw new UsageError(`Komentar ${comment.id} ada di #${comment.issue}, bukan #${number}. / Comment ${comment.id} is on #${comment.issue}, not #${number}.`);
    }
    if (comment.authorType === 'Bot') {
      io.stdout('Komentar dari bot diabaikan. / A bot\'s comment is ignored.\n');
      return EXIT.ok;
    }
    const command = parseConfirmCommand(comment.body);
    if (command.kind === 'none') {
      io.stdout('Komentar ini bukan perintah /konfirmasi. / This comment is not a /confirm command.\n');
      return EXIT.ok;
    }

    const issue = await readIssue(github, ref, number);
    if (issue.isPullRequest) {
      return await refuse([msg(
        '`/konfirmasi` hanya berlaku pada issue konfirmasi ulang, bukan pada pull request.',
        '`/confirm` only works on a re-confirmation issue, not on a pull request.',
      )]);
    }
    if (!issue.labels.includes(RECONFIRM_LABEL)) {
      return await refuse([msg(
        `Issue ini bukan issue konfirmasi ulang (tidak berlabel \`${RECONFIRM_LABEL}\`), sehingga tidak ada sub domain yang dapat dikonfirmasi di sini.`,
        `This issue is not a re-confirmation issue (it lacks the \`${RECONFIRM_LABEL}\` label), so there is no subdomain to confirm here.`,
      )]);
    }
    const fqdn = readReconfirmMarker(issue.body);
    if (!fqdn) {
      return await refuse([msg(
        'Isi issue ini tidak lagi menyebut sub domain yang harus dikonfirmasi (penandanya hilang atau diubah), sehingga konfirmasi tidak dapat dicatat. Mohon hubungi pengelola repositori.',
        'This issue’s body no longer names the subdomain to confirm (its marker is missing or was changed), so the confirmation cannot be recorded. Please contact the repository maintainers.',
      )]);
    }

    const path = registerPath(fqdn);
    if (tree.kind(path) === 'missing') {
      return await refuse([msg(
        `${fqdn} tidak terdaftar di daftar sub domain (${path} tidak ada), jadi tidak ada yang perlu dikonfirmasi.`,
        `${fqdn} is not in the register (${path} does not exist), so there is nothing to confirm.`,
      )]);
    }
    const entry = loadFile(tree, path, 'register');
    if (!entry.ok) {
      io.stderr(formatProblems(entry.problems));
      return await refuse([msg(
        `Berkas daftar ${path} tidak dapat dibaca; pengelola repositori perlu memperbaikinya.`,
        `The register file ${path} cannot be read; the repository maintainers need to fix it.`,
      )]);
    }

    const teams = policy.opds[entry.value.opd]?.teams ?? [];
    const memberships = teams.length > 0 ? await gh.readMemberships(github, comment.author, teams) : {};
    const decision = decideConfirm(policy, entry.value, {
      fqdn,
      by: comment.author,
      at: comment.createdAt,
      issue: number,
      comment: comment.id,
      ...(command.note !== undefined ? { note: command.note } : {}),
      memberships,
    });
    if (decision.outcome === 'refuse') return await refuse(decision.reasons);
    const shown = { fqdn, opd: entry.value.opd, confirmation: decision.confirmation, file: path };
    // An overdue confirmation became an incident: that issue closes when the watch sees the incident gone, not here.
    const close = issue.state === 'open' && readIncidentMarker(issue.body) === undefined;
    if (decision.outcome === 'already') return await answer({ kind: 'already', ...shown }, EXIT.ok, close);

    const result = registerChange(path, withConfirmation(entry.value, decision.confirmation));
    if (!result.change) {
      io.stderr(formatProblems(result.problems));
      io.stderr('Tidak ada berkas yang ditulis. / Nothing was written.\n');
      return await refuse([msg('Hasil pencatatan tidak sah menurut skema daftar; tidak ada yang ditulis.', 'The register entry produced is not valid against the register schema; nothing was written.')]);
    }
    if (write) writeChanges(io.cwd, [result.change]);
    io.stderr(`${path}: ${write ? 'dicatat / recorded' : 'akan dicatat / would record'} konfirmasi @${comment.author}\n`);
    return await answer({ kind: 'recorded', ...shown }, EXIT.ok, close);
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    io.stderr(`Gagal / failed: ${error.detail.id}\n  ${error.detail.en}\n`);
    return EXIT.usage;
  }
};
