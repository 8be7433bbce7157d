import { loadPolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { writeChanges } from '../register/write.js';
import { formatProblems } from '../validate/format.js';
import { RECONFIRM_LABEL } from '../watch/reconfirm.js';
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

  // Octokit is loaded only by the commands that talk to GitHub.
  const [{ GitHubPort }, { recordConfirm }] = await Promise.all([import('../github/port.js'), import('../use-cases/confirm.js')]);
  const outcome = await recordConfirm(GitHubPort.fromEnv(io.env), {
    repo: ref,
    number,
    commentId,
    policy: loaded.policy,
    tree,
    reply,
    ...(write ? { write: (changes) => writeChanges(io.cwd, changes) } : {}),
  });

  switch (outcome.kind) {
    case 'wrong-issue':
      throw new UsageError(`Komentar ${outcome.commentId} ada di #${outcome.on}, bukan #${number}. / Comment ${outcome.commentId} is on #${outcome.on}, not #${number}.`);
    case 'ignored':
      io.stdout(outcome.why === 'bot' ? 'Komentar dari bot diabaikan. / A bot\'s comment is ignored.\n' : 'Komentar ini bukan perintah /konfirmasi. / This comment is not a /confirm command.\n');
      return EXIT.ok;
    case 'failed':
      io.stderr(`Gagal / failed: ${outcome.failure.detail.id}\n  ${outcome.failure.detail.en}\n`);
      return EXIT.usage;
    case 'refused':
      if (outcome.problems.length > 0) io.stderr(formatProblems(outcome.problems));
      if (outcome.unwritten) io.stderr('Tidak ada berkas yang ditulis. / Nothing was written.\n');
      break;
    case 'recorded':
      io.stderr(`${outcome.file}: ${write ? 'dicatat / recorded' : 'akan dicatat / would record'} konfirmasi @${outcome.confirmation.by}\n`);
      break;
    case 'already':
      break;
  }
  io.stdout(outcome.text);
  if (outcome.failure) {
    io.stderr(`Gagal / failed: ${outcome.failure.detail.id}\n  ${outcome.failure.detail.en}\n`);
    return EXIT.usage;
  }
  return outcome.kind === 'refused' ? EXIT.problems : EXIT.ok;
};
