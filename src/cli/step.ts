import { loadPolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { formatProblems } from '../validate/format.js';
import { writeChanges } from '../register/write.js';
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

Perintah pemegang peran yang ditulis sebelum komentar ini dan belum dibalas (jalannya dibatalkan
karena komentar berdekatan) ikut dicatat, urut komentar, masing-masing dibalas sekali / role
holders' commands written before this comment that no reply answers yet (their run was cancelled
by comments close together) are recorded too, in comment order, each answered once.

Exit: 0 dicatat (atau bukan perintah) / recorded (or no command), 1 ditolak dan tidak ada yang
dicatat / refused and nothing recorded, 2 pemakaian atau API gagal / usage or API failure.
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
  const dryRun = values['dry-run'] === true;

  const tree = new WorkingTree(io.cwd);
  const loaded = loadPolicy(tree);
  if (!loaded.ok) {
    io.stderr(formatProblems(loaded.problems));
    return EXIT.usage;
  }

  // Octokit is loaded only by the commands that talk to GitHub.
  const [{ GitHubPort }, { recordStep }] = await Promise.all([import('../github/port.js'), import('../use-cases/step.js')]);
  const outcome = await recordStep(GitHubPort.fromEnv(io.env), {
    repo: ref,
    number,
    commentId,
    policy: loaded.policy,
    tree,
    gate,
    reply: !values['no-reply'] && !dryRun && !gate,
    ...(dryRun ? {} : { write: (changes) => writeChanges(io.cwd, changes) }),
  });

  switch (outcome.kind) {
    case 'wrong-issue':
      throw new UsageError(`Komentar ${outcome.commentId} ada di #${outcome.on}, bukan #${number}. / Comment ${outcome.commentId} is on #${outcome.on}, not #${number}.`);
    case 'ignored':
      if (outcome.why === 'bot') io.stdout(gate ? 'ignore\n' : 'Komentar dari bot diabaikan. / A bot\'s comment is ignored.\n');
      else if (outcome.why === 'not-command') io.stdout(gate ? 'ignore\n' : 'Komentar ini bukan perintah /langkah. / This comment is not a /step command.\n');
      else io.stdout(gate ? 'ignore\n' : `@${outcome.author} tidak memegang peran SOP apa pun: tidak dibalas. / @${outcome.author} holds no SOP role: no reply.\n`);
      return outcome.why === 'no-role' && !gate ? EXIT.problems : EXIT.ok;
    case 'proceed':
      io.stdout('proceed\n');
      return EXIT.ok;
    case 'failed':
      io.stderr(`Gagal / failed: ${outcome.failure.detail.id}\n  ${outcome.failure.detail.en}\n`);
      return EXIT.usage;
    case 'answered': {
      if (outcome.problems.length > 0) io.stderr(formatProblems(outcome.problems));
      if (outcome.written.length === 0 && outcome.commands.some((c) => c.unwritten)) io.stderr('Tidak ada berkas yang ditulis. / Nothing was written.\n');
      for (const w of outcome.written) io.stderr(`${w.path}: ${dryRun ? 'akan dicatat / would record' : 'dicatat / recorded'} ${w.step}\n`);
      for (const c of outcome.commands) {
        if (c.own) {
          io.stdout(c.reply ? c.text : 'Komentar ini sudah dijawab sebelumnya; tidak diputuskan lagi. / This comment was answered before; it is not decided again.\n');
        } else if (c.answer || c.reply?.kind === 'recorded') {
          // An earlier command no run answered (its run was cancelled), or whose record did not land.
          io.stdout(`Perintah sebelumnya / an earlier command: komentar / comment ${c.commentId} (@${c.author})\n${c.text}\n`);
        }
      }
      if (outcome.failure) {
        io.stderr(`Gagal / failed: ${outcome.failure.detail.id}\n  ${outcome.failure.detail.en}\n`);
        return EXIT.usage;
      }
      // An earlier command recorded while this one was refused: exit 0, so the workflow commits it.
      const own = outcome.commands.find((c) => c.own);
      return own?.reply?.kind === 'refused' && outcome.written.length === 0 ? EXIT.problems : EXIT.ok;
    }
  }
};
