import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiFailure, createGitHub, gitHubOptionsFromEnv } from '../github/client.js';
import { fileAt, openPullFrom, proposeFile, type RepoRef } from '../github/intake.js';
import { localToken, originRepo, parseRepoRef } from '../github/local.js';
import { requestFromAnswers } from '../intake/answers.js';
import { draftOfFlags, flagProblems, fqdnOf, interview, requiredFlags, settle, textOf, yesNo, type Draft, type Session } from '../intake/interview.js';
import { describeProblems, newPullRequestText } from '../intake/render.js';
import { requestPath } from '../model/domain.js';
import { loadPolicy } from '../policy/policy.js';
import { WorkingTree } from '../repo/tree.js';
import { formatReport } from '../validate/format.js';
import { jakartaDate } from '../validate/validate.js';
import { EXIT, parseOptions, UsageError, type Command, type Io } from './io.js';

export const HELP = `Pemakaian / usage: subdomain new [opsi/options]

Tanpa isian di terminal: menanyakan isian satu per satu, memeriksa setiap jawaban saat itu juga,
lalu menulis requests/<nama>.yaml dan (bila ada token GitHub) membuka pull request-nya.
With no answers on a terminal: asks question by question, checks each answer as it is typed,
then writes requests/<name>.yaml and (given a GitHub token) opens its pull request.

Isian untuk skrip / answers for scripts (all required unless noted):
  --action create|update|delete   --opd KUNCI/KEY        --name LABEL (e.g. sehat, or sehat.bekasikota.go.id)
  --letter-number NO  --letter-date 18-11-2026|2026-11-18  --signer-name N  --signer-nip NIP  --signer-position JABATAN
  --via srikandi|mipp|paper|email (opsional)  --reference ID (opsional)  --attachment URL (opsional)  --purpose TEKS
      (sekretariat/TU yang mencatat surat masuk atas nama OPD: --reference dan --attachment wajib, --via dianjurkan /
       the secretariat/TU filing a letter received on the agency's behalf: --reference and --attachment required, --via advised)
  --contact-name N  --contact-nip NIP  --contact-email E  --contact-phone HP      (not for delete)
                                    (no --contact-phone with privacy.contact_phone: omit)
  --record "A 103.28.12.4"  --record "MX 10 mail.contoh.go.id"  --record "_dmarc TXT v=DMARC1; p=none"
  --hosting                                         (instead of --record)
NIP dan telepon boleh dengan spasi / NIP and phone may hold spaces.

Pull request tanpa git / the pull request without git:
  token: GITHUB_TOKEN, GH_TOKEN, atau/or the one \`gh auth login\` stored
  --repo OWNER/NAME   repositori kantor / the office's repository (default: the git remote origin)
  --local             hanya tulis berkasnya / only write the file
  --force             timpa berkas atau pull request yang ada / replace an existing file or pull request
Kode keluar / exit: 0 ditulis / written; 1 isian tidak sah / invalid answers; 2 pemakaian atau API gagal /
usage or API failure; 130 dibatalkan (Ctrl+C) / cancelled
`;

const OPTIONS = {
  action: { type: 'string' }, opd: { type: 'string' }, name: { type: 'string' }, purpose: { type: 'string' },
  'letter-number': { type: 'string' }, 'letter-date': { type: 'string' }, via: { type: 'string' }, reference: { type: 'string' }, attachment: { type: 'string' },
  'signer-name': { type: 'string' }, 'signer-nip': { type: 'string' }, 'signer-position': { type: 'string' },
  'contact-name': { type: 'string' }, 'contact-nip': { type: 'string' }, 'contact-email': { type: 'string' }, 'contact-phone': { type: 'string' },
  record: { type: 'string', multiple: true }, hosting: { type: 'boolean' },
  repo: { type: 'string' }, local: { type: 'boolean' }, force: { type: 'boolean' },
} as const;

/** Options that say how to send the request, not what it holds: they leave the questions on. */
const HOW = new Set(['repo', 'local', 'force']);

export const run: Command = async (args, io) => {
  const { values } = parseOptions({ args, options: OPTIONS, allowPositionals: false }, HELP);
  const repoFlag = values.repo === undefined ? undefined : parseRepoRef(values.repo);
  if (values.repo !== undefined && !repoFlag) throw new UsageError(`--repo harus OWNER/NAME / must be OWNER/NAME\n\n${HELP}`);
  const tree = new WorkingTree(io.cwd);
  const policyResult = loadPolicy(tree);
  if (!policyResult.ok) {
    io.stderr(formatReport({ valid: false, files: 1, problems: policyResult.problems, policyBroken: true, lines: new Map() }, 'text'));
    return EXIT.usage;
  }
  const policy = policyResult.policy;
  const session: Session = { io, policy, tree, today: jakartaDate(io.now()), zones: policy.zones.map((z) => z.name) };
  const interactive = io.ask !== undefined && Object.keys(values).every((k) => HOW.has(k));

  let draft: Draft;
  if (interactive) {
    draft = await interview(session);
    const settled = await settle(session, draft);
    if (!settled) return EXIT.problems;
  } else {
    const fromFlags = draftOfFlags(values);
    const missing = requiredFlags(fromFlags, policy).filter((q) => !fromFlags.answers[q.id]).map((q) => q.flag);
    if (fromFlags.answers.action !== 'delete' && !values.hosting && (values.record ?? []).length === 0) missing.push('record');
    if (missing.length > 0) throw new UsageError(`Opsi wajib belum diisi / missing options: ${missing.map((m) => `--${m}`).join(', ')}\n\n${HELP}`);
    const problems = flagProblems(session, values.record ?? [], fromFlags);
    if (problems.some((p) => p.severity === 'error')) {
      io.stderr(describeProblems(problems));
      io.stderr('Berkas tidak ditulis / file not written.\n');
      return EXIT.problems;
    }
    if (problems.length > 0) io.stderr(describeProblems(problems));
    draft = fromFlags;
  }

  const fqdn = fqdnOf(session, draft)!;
  const path = requestPath(fqdn);
  const text = textOf(draft);
  const target = join(io.cwd, path);
  if (existsSync(target) && readFileSync(target, 'utf8') !== text && !values.force) {
    const replace = interactive && (await yesNo(io, `${path} sudah ada dengan isi lain; timpa? / already exists with other content; overwrite? (y/n)`));
    if (!replace) {
      io.stderr(`${path} sudah ada; pakai --force untuk menimpa / already exists; use --force to overwrite.\n`);
      return EXIT.problems;
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  io.stdout(`Ditulis / written: ${path}\n`);
  if (values.local) {
    io.stdout(nextSteps(fqdn, path, { repoKnown: true, tokenKnown: true, local: true }));
    return EXIT.ok;
  }
  return propose(io, { fqdn, path, text, draft, repo: repoFlag, force: values.force === true, interactive });
};

// ---- the pull request ---------------------------------------------------------------------

interface Proposal {
  fqdn: string;
  path: string;
  text: string;
  draft: Draft;
  repo: RepoRef | undefined;
  force: boolean;
  interactive: boolean;
}

/** Opens (or brings up to date) the request's pull request through the API, when a token and the repository are known. */
async function propose(io: Io, o: Proposal): Promise<number> {
  const repo = o.repo ?? originRepo(io.cwd, io.env);
  const token = repo ? localToken(io.env) : undefined;
  if (!repo || !token) {
    io.stdout(nextSteps(o.fqdn, o.path, { repoKnown: repo !== undefined, tokenKnown: token !== undefined, local: false }));
    return EXIT.ok;
  }
  const name = `${repo.owner}/${repo.repo}`;
  if (o.interactive && !(await yesNo(io, `Buka pull request di ${name} sekarang? / open the pull request on ${name} now? (y/n)`))) {
    io.stdout(nextSteps(o.fqdn, o.path, { repoKnown: true, tokenKnown: true, local: true }));
    return EXIT.ok;
  }
  const gh = createGitHub({ ...gitHubOptionsFromEnv(io.env), token: token.token });
  const branch = `permohonan/${o.fqdn}`;
  const request = requestFromAnswers(o.draft.answers, o.draft.records, o.draft.hosting === true) as { action: string; opd: string };
  const pr = newPullRequestText({ fqdn: o.fqdn, action: request.action, opd: request.opd, path: o.path });
  try {
    const open = await openPullFrom(gh, repo, branch);
    const there = open ? await fileAt(gh, repo, o.path, branch) : undefined;
    if (open && there !== undefined && there !== o.text && !o.force) {
      const replace = o.interactive && (await yesNo(io, `Pull request #${open.number} sudah berisi versi lain; ganti? / already holds another version; replace it? (y/n)`));
      if (!replace) {
        io.stderr(`Pull request #${open.number} (${open.url}) sudah berisi versi lain dari permohonan ini; pakai --force untuk menggantinya.\nPull request #${open.number} already holds another version of this request; use --force to replace it.\n`);
        return EXIT.problems;
      }
    }
    const { pull, created } = await proposeFile(gh, repo, { branch, path: o.path, text: o.text, commitMessage: pr.commitMessage, title: pr.title, body: pr.body });
    io.stdout([
      `Pull request #${pull.number} ${created ? 'dibuka / opened' : 'diperbarui / updated'}: ${pull.url}`,
      'Berikutnya: pejabat Diskominfo meninjau dan menyetujui sesuai SOP; setelah digabung (merge), DNS diterapkan.',
      'Next: the Diskominfo officials review and approve it as the SOP says; once merged, DNS is applied.',
      '',
    ].join('\n'));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    io.stderr(`${error.detail.id}\n${error.detail.en}\nBerkas tetap tersimpan di ${o.path}; jalankan lagi nanti. / The file stays at ${o.path}; run again later.\n`);
    return EXIT.usage;
  }
}

/** How to send the written file on, for whoever has no token or repository at hand. */
function nextSteps(fqdn: string, path: string, known: { repoKnown: boolean; tokenKnown: boolean; local: boolean }): string {
  const lines = ['Langkah berikut / next: kirim berkas ini sebagai pull request / send this file as a pull request:'];
  if (!known.local) {
    const again = known.repoKnown ? 'jalankan lagi / run again' : 'jalankan lagi dengan / run again with --repo OWNER/NAME';
    lines.push(known.tokenKnown
      ? `  • tanpa git / without git: ${again}; pull request dibuka untuk Anda / the pull request is opened for you.`
      : `  • tanpa git / without git: simpan token GitHub di GITHUB_TOKEN atau jalankan \`gh auth login\`, lalu ${again}; pull request dibuka untuk Anda.`
        + `\n    Set GITHUB_TOKEN or run \`gh auth login\`, then run again${known.repoKnown ? '' : ' with --repo OWNER/NAME'}: the pull request is opened for you.`);
  }
  lines.push(
    '  • atau formulir issue / or the issue form: Issues → New issue → Permohonan subdomain.',
    `  • dengan git / with git: git switch -c permohonan/${fqdn} && git add ${path} && git commit -m "Permohonan ${fqdn}" && git push, lalu buka pull request / then open a pull request.`,
    '',
  );
  return lines.join('\n');
}
