import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { requestPath, splitDomain } from '../model/domain.js';
import { renderRequest } from '../model/request-yaml.js';
import { loadPolicy, type ResolvedPolicy } from '../policy/policy.js';
import { OverlayTree, WorkingTree } from '../repo/tree.js';
import { isEmail, isIndonesianPhone, nipFlaw } from '../rules/people.js';
import type { RegisterView } from '../rules/context.js';
import { checkNameSyntax, checkNestedParent, checkReserved } from '../rules/name.js';
import { lazyRegister } from '../validate/register-view.js';
import type { DnsRecord, SubdomainRequest } from '../schema/types.gen.js';
import { formatReport } from '../validate/format.js';
import { jakartaDate, validateInTree } from '../validate/validate.js';
import { EXIT, parseOptions, UsageError, type Command, type Io } from './io.js';

export const HELP = `Pemakaian / usage: subdomain new [opsi/options]

Tanpa opsi di terminal: menanyakan isian satu per satu. / With no options on a terminal: asks question by question.
Untuk skrip / for scripts (all required unless noted):
  --action create|update|delete   --opd KUNCI/KEY        --name LABEL (e.g. sehat, or sehat.bekasikota.go.id)
  --letter-number NO  --letter-date YYYY-MM-DD  --signer-name N  --signer-nip NIP  --signer-position JABATAN
  --reference ID (opsional)  --purpose TEKS
  --contact-name N  --contact-nip NIP  --contact-email E  --contact-phone HP      (not for delete)
  --record "A 203.0.113.5"  --record "MX mx1.contoh.go.id priority=10"  --record "TXT name=_dmarc v=DMARC1; p=none"
  --hosting                                         (instead of --record)
  --force   timpa berkas yang ada / overwrite an existing file
`;

const OPTIONS = {
  action: { type: 'string' }, opd: { type: 'string' }, name: { type: 'string' }, purpose: { type: 'string' },
  'letter-number': { type: 'string' }, 'letter-date': { type: 'string' }, reference: { type: 'string' },
  'signer-name': { type: 'string' }, 'signer-nip': { type: 'string' }, 'signer-position': { type: 'string' },
  'contact-name': { type: 'string' }, 'contact-nip': { type: 'string' }, 'contact-email': { type: 'string' }, 'contact-phone': { type: 'string' },
  record: { type: 'string', multiple: true }, hosting: { type: 'boolean' }, force: { type: 'boolean' },
} as const;

type Answers = Partial<Record<Exclude<keyof typeof OPTIONS, 'record' | 'hosting' | 'force' | 'help'>, string>> & { record?: string[]; hosting?: boolean };

export const run: Command = async (args, io) => {
  const { values } = parseOptions({ args, options: OPTIONS, allowPositionals: false }, HELP);
  const policyResult = loadPolicy(new WorkingTree(io.cwd));
  if (!policyResult.ok) {
    io.stderr(formatReport({ valid: false, files: 1, problems: policyResult.problems, policyBroken: true, lines: new Map() }, 'text'));
    return EXIT.usage;
  }
  const policy = policyResult.policy;
  const today = jakartaDate(io.now());
  const interactive = args.length === 0 && io.ask !== undefined;
  const answers: Answers = interactive ? await interview(io, policy, today) : { ...values };
  if (!interactive) {
    const missing = requiredFlags(answers).filter((flag) => !answers[flag as keyof Answers]);
    if (missing.length > 0) throw new UsageError(`Opsi wajib belum diisi / missing options: ${missing.map((m) => `--${m}`).join(', ')}\n\n${HELP}`);
  }
  const fqdn = fullName(answers.name!, policy);
  const request = buildRequest(answers);
  const path = requestPath(fqdn);
  const text = renderRequest(request);
  const tree = new OverlayTree(new WorkingTree(io.cwd), new Map([[path, new TextEncoder().encode(text)]]));
  const report = validateInTree(tree, [path], today);
  if (!report.valid) {
    io.stderr(formatReport(report, 'text'));
    io.stderr(`Berkas tidak ditulis / file not written: ${path}\n`);
    return EXIT.problems;
  }
  const target = join(io.cwd, path);
  if (existsSync(target) && !values.force) {
    io.stderr(`${path} sudah ada; pakai --force untuk menimpa / already exists; use --force to overwrite.\n`);
    return EXIT.problems;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  io.stdout(`Ditulis / written: ${path}\n`);
  io.stdout('Langkah berikut / next: git switch -c permohonan/' + fqdn.split('.')[0] + ` && git add ${path} && git commit -m "Permohonan ${fqdn}" && git push, lalu buka pull request / then open a pull request.\n`);
  return EXIT.ok;
};

function requiredFlags(a: Answers): string[] {
  const base = ['action', 'opd', 'name', 'purpose', 'letter-number', 'letter-date', 'signer-name', 'signer-nip', 'signer-position'];
  if (a.action === 'delete') return base;
  return [...base, 'contact-name', 'contact-nip', 'contact-email', 'contact-phone', ...(a.hosting ? [] : ['record'])];
}

function fullName(name: string, policy: ResolvedPolicy): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, '');
  if (splitDomain(lower, policy.zones)) return lower;
  return `${lower}.${policy.zones[0]!.name}`;
}

/** The name rules, asked right after the name so nobody types a whole request for a name that cannot be had. */
function nameFlaw(fqdn: string, action: SubdomainRequest['action'], opd: string, policy: ResolvedPolicy, register: RegisterView, today: string): string | undefined {
  const name = splitDomain(fqdn, policy.zones);
  if (!name) return `bukan nama di zona / not a name in the zone(s) ${policy.zones.map((z) => z.name).join(', ')}`;
  const context = { policy, register, pendingAtBase: { get: () => undefined }, today };
  const problems = [...checkNameSyntax('', name, policy.allow_punycode), ...(action === 'create' ? [...checkReserved('', name, context), ...checkNestedParent('', name, opd, context)] : [])];
  const owner = register.get(fqdn)?.opd;
  if (action === 'create' && owner) return `${fqdn} sudah terdaftar (OPD ${owner}) / is already registered`;
  if (action !== 'create' && !owner) return `${fqdn} belum terdaftar / is not registered`;
  const first = problems[0];
  return first ? `${first.message.id} / ${first.message.en}` : undefined;
}

export function buildRequest(a: Answers): SubdomainRequest {
  const request: SubdomainRequest = {
    action: a.action as SubdomainRequest['action'],
    opd: a.opd!,
    letter: {
      number: a['letter-number']!,
      date: a['letter-date']!,
      signer: { name: a['signer-name']!, nip: a['signer-nip']!, position: a['signer-position']! },
      ...(a.reference ? { reference: a.reference } : {}),
    },
    purpose: a.purpose!,
  };
  if (request.action === 'delete') return request;
  request.contact = { name: a['contact-name']!, nip: a['contact-nip']!, email: a['contact-email']!, phone: a['contact-phone']! };
  if (a.hosting) request.hosting = true;
  else request.records = (a.record ?? []).map(parseRecordFlag);
  return request;
}

/** `"MX mx1.contoh.go.id priority=10"`, `"TXT name=_dmarc v=DMARC1; p=none"`, `"A 203.0.113.5 ttl=300 proxied"`, `"SRV name=_sip._tcp sip.contoh.go.id priority=10 weight=5 port=5060"`. */
export function parseRecordFlag(text: string): DnsRecord {
  const [type = '', ...rest] = text.trim().split(/\s+/);
  const record: Partial<DnsRecord> = { type: type.toUpperCase() as DnsRecord['type'] };
  const value: string[] = [];
  for (const token of rest) {
    const option = /^(name|ttl|priority|weight|port)=(.+)$/.exec(token);
    if (option && value.length === 0 && option[1] === 'name') record.name = option[2]!;
    else if (option && option[1] !== 'name' && /^\d+$/.test(option[2]!)) record[option[1] as 'ttl' | 'priority' | 'weight' | 'port'] = Number(option[2]);
    else if (token === 'proxied') record.proxied = true;
    else value.push(token);
  }
  record.value = value.join(' ');
  return record as DnsRecord;
}

async function interview(io: Io, policy: ResolvedPolicy, today: string): Promise<Answers> {
  const ask = async (question: string, check: (v: string) => string | undefined = (v) => (v.trim() ? undefined : 'wajib diisi / required')): Promise<string> => {
    for (;;) {
      const answer = (await io.ask!(`${question}: `)).trim();
      const flaw = check(answer);
      if (!flaw) return answer;
      io.stdout(`  ✖ ${flaw}\n`);
    }
  };
  const oneOf = (options: string[]) => (v: string) => (options.includes(v) ? undefined : `pilih / choose: ${options.join(', ')}`);
  const nip = (v: string) => {
    const flaw = nipFlaw(v, today);
    return flaw ? `${flaw[0]} / ${flaw[1]}` : undefined;
  };
  io.stdout('Permohonan subdomain baru / new subdomain request\n');
  const a: Answers = {};
  a.action = await ask('Jenis permohonan / action (create, update, delete)', oneOf(['create', 'update', 'delete']));
  io.stdout(Object.entries(policy.opds).map(([key, opd]) => `  ${key}: ${opd?.name ?? key}`).join('\n') + '\n');
  a.opd = await ask('OPD pemohon / requesting OPD (kunci/key)', oneOf(Object.keys(policy.opds)));
  const register = lazyRegister(new WorkingTree(io.cwd));
  a.name = await ask(`Nama subdomain / subdomain name (contoh/e.g. sehat → sehat.${policy.zones[0]!.name})`, (v) =>
    nameFlaw(fullName(v, policy), a.action as SubdomainRequest['action'], a.opd!, policy, register, today));
  a.purpose = await ask('Tujuan / purpose (aplikasi apa, untuk siapa / which application, for whom)', (v) => (v.length >= 10 ? undefined : 'minimal 10 karakter / at least 10 characters'));
  a['letter-number'] = await ask('Nomor surat permohonan / letter number');
  a['letter-date'] = await ask('Tanggal surat / letter date (YYYY-MM-DD)', (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && v <= today ? undefined : `YYYY-MM-DD, paling lambat / at the latest ${today}`));
  a['signer-name'] = await ask('Nama penanda tangan / signer name');
  a['signer-nip'] = await ask('NIP penanda tangan / signer NIP', nip);
  a['signer-position'] = await ask('Jabatan penanda tangan / signer position');
  if (a.action === 'delete') return a;
  a['contact-name'] = await ask('Nama penanggung jawab teknis / technical contact name');
  a['contact-nip'] = await ask('NIP penanggung jawab / contact NIP', nip);
  a['contact-email'] = await ask('E-mail', (v) => (isEmail(v) ? undefined : 'e-mail tidak sah / not a valid e-mail'));
  a['contact-phone'] = await ask('Telepon / phone (08… / +62…)', (v) => (isIndonesianPhone(v) ? undefined : 'nomor tidak sah / not a valid number'));
  const hosting = policy.hosting ? await ask('Minta hosting di pusat data? / ask for hosting? (y/n)', oneOf(['y', 'n'])) : 'n';
  if (hosting === 'y') {
    a.hosting = true;
    return a;
  }
  a.record = [];
  io.stdout('Catatan DNS, satu per baris, kosong untuk selesai / DNS records, one per line, empty to finish.\n  contoh/e.g.: A 203.0.113.5 | CNAME app.penyedia.com | MX mx1.contoh.go.id priority=10 | TXT name=_dmarc v=DMARC1; p=none\n');
  for (;;) {
    const line = (await io.ask!(`  catatan/record ${a.record.length + 1}: `)).trim();
    if (line === '') {
      if (a.record.length > 0) break;
      io.stdout('  ✖ minimal satu catatan / at least one record\n');
      continue;
    }
    if (!/^(A|AAAA|CNAME|TXT|MX|CAA)\s+\S/i.test(line)) {
      io.stdout('  ✖ jenis: A, AAAA, CNAME, TXT, MX, CAA lalu nilai / type then value\n');
      continue;
    }
    a.record.push(line);
  }
  return a;
}
