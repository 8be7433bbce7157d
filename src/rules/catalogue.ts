import type { Severity } from '../model/problem.js';

/** Which command or stage reports a rule. */
export type RuleStage = 'file' | 'schema' | 'name' | 'owner' | 'record' | 'person' | 'pull-request' | 'policy' | 'dns' | 'register' | 'import';

/** One rule id as users meet it: its severity and an example of what it refuses. */
export interface RuleEntry {
  id: string;
  severity: Severity;
  stage: RuleStage;
  /** What it refuses, as the README's rule table shows it. */
  example: string;
}

const e = (id: string, stage: RuleStage, example: string, severity: Severity = 'error'): RuleEntry => ({ id, severity, stage, example });

/**
 * Every rule id the product reports, once. The README's rule table is rendered from this list
 * and a test checks that each id has a failing fixture or a test, and that no code reports an id
 * missing here. `schema/<keyword>` stands for the JSON Schema keyword that failed.
 */
export const RULES: readonly RuleEntry[] = [
  e('yaml/syntax', 'file', '`purpose: [Layanan` (unclosed), two documents in one file'),
  e('yaml/duplicate-key', 'file', '`opd:` written twice'),
  e('yaml/alias', 'file', 'anchors and aliases `&a` / `*a` (alias bombs)'),
  e('yaml/tag', 'file', '`!!js/function`, `!!binary`, any `!tag`'),
  e('yaml/not-a-map', 'file', 'the file is a list or a single value'),
  e('yaml/empty', 'file', 'empty or comments only'),
  e('yaml/too-large', 'file', 'a request over 64 KiB, a register file over 1 MiB'),
  e('yaml/encoding', 'file', 'bytes that are not UTF-8'),
  e('file/symlink', 'file', 'a symlink instead of a file'),
  e('file/not-a-file', 'file', 'a folder where a request file should be'),
  e('file/location', 'file', 'a request in a sub-folder of `requests/`'),
  e('schema/<keyword>', 'schema', '`schema/required` (missing `purpose`), `schema/additionalProperties` (`tujuan:`, `__proto__:`), `schema/enum` (`action: buat`), `schema/type`, `schema/format` (`2026-02-30`), `schema/pattern` (NIP of 16 digits), `schema/minLength`…'),
  e('value/template-sequence', 'file', 'any text holding `${` or `%{` (Terraform template code), e.g. TXT `x=${var.cloudflare_api_token}` or a letter number `400/${path.cwd}`'),
  e('name/file-name', 'name', '`sehat.bekasikota.go.id.yml` (must end in `.yaml`)'),
  e('name/zone', 'name', '`sehat.kotalain.go.id.yaml`: not a zone of the policy'),
  e('name/label-syntax', 'name', '`sehat_kota`, `-sehat`, a label over 63 characters, a name over 253'),
  e('name/lowercase', 'name', '`Sehat`'),
  e('name/punycode', 'name', '`xn--…` or `ab--c` unless listed in `allow_punycode`'),
  e('name/infrastructure', 'name', 'a request for a name in the zone\'s `infrastructure` list (`mail`, the apex)'),
  e('name/reserved', 'name', '`www`, `mail`, `mx1`, `lpse`, `smartcity` (policy)'),
  e('name/nested-parent', 'name', '`ujian.sekolah` when `sekolah` belongs to another OPD or is not registered'),
  e('name/below-delegation', 'name', '`app.dinkes` when `dinkes` is registered or requested with NS records (only A/AAAA glue at its name servers may sit below); NS for `dinkes` while `app.dinkes` is registered (a warning on register files)'),
  e('owner/unknown-opd', 'owner', '`opd: dinsos` not in the policy'),
  e('owner/unassigned', 'owner', 'an imported register entry still owned by the placeholder OPD `belum-ditentukan`', 'warning'),
  e('owner/name-taken', 'owner', '`create` for a registered name'),
  e('owner/not-registered', 'owner', '`update`/`delete` of a name not in the register'),
  e('owner/register-unreadable', 'owner', 'any request for a name whose register file cannot be read'),
  e('owner/not-owner', 'owner', '`update` (a transfer) or `delete` of another OPD\'s name: allowed with the maintainers\' approval', 'warning'),
  e('owner/delete-with-children', 'owner', 'deleting `sekolah` while `ppdb.sekolah` exists'),
  e('owner/delete-referenced', 'owner', 'deleting `pasar` while the registered `info` has `CNAME pasar.bekasikota.go.id`: those records would point at nothing', 'warning'),
  e('owner/in-flight', 'owner', 'a second request for a name whose merged request is not applied yet'),
  e('record/records-or-hosting', 'record', 'both `records` and `hosting`, or neither'),
  e('record/hosting-unavailable', 'record', '`hosting: true` when the policy offers no hosting'),
  e('record/a-public-ipv4', 'record', '`192.168.1.10`, `127.0.0.1`, `100.64.0.1`, `192.0.2.1`, `010.1.1.1`'),
  e('record/aaaa-public-ipv6', 'record', '`2001:db8::10`, `fe80::1`, `fc00::1`, `::1`, `ff02::1`'),
  e('record/cname-alone', 'record', 'an unproxied CNAME beside any other record at its name; a proxied CNAME beside A, AAAA or another CNAME (TXT, MX and CAA may sit beside a proxied CNAME)'),
  e('record/cname-target', 'record', 'a CNAME to the zone apex, to itself, or to `not a host`'),
  e('record/in-zone-target', 'record', 'a CNAME, MX or SRV to `lama.bekasikota.go.id` when that name is neither registered, requested nor an infrastructure name, or is being deleted (a warning on register files)'),
  e('record/mx-priority', 'record', 'MX without `priority`; `priority` on a record other than MX or SRV'),
  e('record/mx-target', 'record', '`MX 203.0.113.5` (must be a host name)'),
  e('record/txt-length', 'record', 'a TXT record over 3,800 bytes in all (one string of any length is split into 255-byte strings by itself)'),
  e('record/value-list', 'record', 'a list of values on a record other than TXT or NS (a TXT list is one record of several strings, an NS list one record per name server)'),
  e('record/caa-syntax', 'record', '`issue letsencrypt.org` (must be `0 issue "letsencrypt.org"`)'),
  e('record/ns-target', 'record', '`NS 203.0.113.53` (must be a host name); an NS naming the delegated subdomain itself'),
  e('record/ns-alone', 'record', 'any other record at a subdomain with NS records or below it (it would be shadowed), except A/AAAA glue (`name: ns1`) of a name server below it'),
  e('record/ns-glue', 'record', '`NS ns1.dinkes.bekasikota.go.id` for `dinkes` without the glue `{ type: A, name: ns1, value: … }` in the request; a name server elsewhere in the zone with no A/AAAA record registered or requested (a warning on register files)'),
  e('record/srv-name', 'record', 'SRV without `name`, or `name: _sip` (must be `_service._proto` with `_tcp`, `_udp` or `_tls`: `_sip._tcp`)'),
  e('record/srv-fields', 'record', 'SRV without `priority`, `weight` or `port`; `weight` or `port` on a record other than SRV'),
  e('record/srv-target', 'record', '`SRV 203.0.113.5` (must be a host name, or `.` for a service deliberately not offered)'),
  e('record/ttl-range', 'record', '`ttl: 30` (60–86400)'),
  e('record/proxied-ttl', 'record', '`ttl: 300` on a proxied record (Cloudflare sets it)'),
  e('record/duplicate', 'record', 'the same record twice'),
  e('record/service-name', 'record', '`name: dmarc` (must begin with `_`), `name` on an NS record or on an A record (except NS glue)'),
  e('record/proxied-type', 'record', '`proxied` on TXT/MX/CAA/NS/SRV'),
  e('person/nip', 'person', 'not 18 digits; birth date `19901315…`; appointment before age 17 or after today; sex digit not 1/2'),
  e('person/email', 'person', '`andi@dinkes`'),
  e('person/phone', 'person', '`12345`, `+1 555…` (must be `08…`, `62…`, `+62…`)'),
  e('contact/phone-missing', 'person', 'a `contact` without `phone` (unless the policy sets `privacy.contact_phone: omit`)'),
  e('contact/phone-omitted', 'person', 'a request `contact` with `phone` while the policy sets `privacy.contact_phone: omit`'),
  e('letter/date', 'person', 'a letter dated in the future'),
  e('letter/reference-missing', 'person', '`via: srikandi` (or `mipp`) without `reference`, the e-office number the letter is traced by'),
  e('letter/incident-origin', 'person', '`incident:` (a watch incident instead of the OPD\'s letter) on a `create` or `update`, or beside `letter`'),
  e('scope/one-request', 'pull-request', 'two request files in one pull request'),
  e('scope/maintainers', 'pull-request', 'a pull request that changes anything outside `requests/` (or deletes a pending request): the approvals check then requires the maintainers\' role', 'warning'),
  e('intake/form-stale', 'policy', 'a committed `.github/ISSUE_TEMPLATE/permohonan-subdomain.yml` whose OPD list no longer matches `.github/sop.yaml`'),
  e('policy/missing', 'policy', '`.github/sop.yaml` absent (exit 2)'),
  e('policy/duplicate-zone', 'policy', 'a zone listed twice'),
  e('policy/duplicate-step', 'policy', 'a step id listed twice'),
  e('policy/unknown-role', 'policy', 'a step naming a role `roles` does not define'),
  e('policy/maintainers-role', 'policy', 'no `maintainers` role'),
  e('policy/letter-number-placeholder', 'policy', '`office.letter_number: "{nomor}/Diskominfo/{year}"`: a placeholder other than {seq} {short} {month} {year}'),
  e('policy/letter-number-seq', 'policy', '`office.letter_number` without {seq}: every letter would get the same number'),
  e('policy/letter-number-pr', 'policy', '`office.letter_number` still using {pr} (read as {seq}: letters carry no pull request number)', 'warning'),
  e('letter/emblem', 'policy', '`office.emblem` naming a file that is missing, a symlink, over 2 MB, or no PNG/JPEG by its content'),
  e('policy/intake-step', 'policy', '`intake.step` that is not the SOP\'s first approval step, or one the registrar\'s role does not take'),
  e('policy/preset-role-unknown', 'policy', 'a role key the preset does not have (`pelaksanaa:` under preset bekasi); the message lists the expected keys and titles'),
  e('policy/preset-role-missing', 'policy', 'a role the preset\'s steps need, missing from `roles` (its people may stay empty until the office fills them)'),
  e('policy/acting-period', 'policy', 'a Plh./Plt. appointment (`roles.<key>.acting`, `office.head.acting`) with `until: 2026-11-01` before `from: 2026-11-30`'),
  e('policy/acting-overlap', 'policy', 'two acting appointments of one role (or of the office head) whose periods share a day'),
  e('policy/acting-also-holder', 'policy', 'an acting login that is also listed in `users` of another role (in their period they can take only one of the two roles of a request)', 'warning'),
  e('policy/hosting-example-address', 'policy', '`hosting.records` still holding a documentation address such as `203.0.113.10`', 'warning'),
  e('dns/file-name', 'dns', 'a `.yaml` file in `subdomains/` or `requests/` whose name is not a full domain name (synth, plan)'),
  e('dns/outside-zone', 'dns', 'a register or request name in no zone of the policy (synth, plan)'),
  e('dns/no-hosting-target', 'dns', '`hosting: true` while the policy has no `hosting.records` (synth, plan)'),
  e('dns/no-records', 'dns', 'an entry that ends with no record at all (synth, plan)'),
  e('zone-file/syntax', 'import', 'a zone file line with an unclosed `"` or `(`, no record type, no data, `$GENERATE` or another unknown directive, an escape like `\\12`'),
  e('zone-file/outside-zone', 'import', 'a zone file name outside the zone, e.g. records after `$ORIGIN pemprov.go.id.` or `attacker.example.`'),
  e('zone-file/include', 'import', '`$INCLUDE /etc/passwd` (a zone file must be self-contained)'),
  e('zone-file/ttl', 'import', 'a zone file TTL `soon`, `1x` or over 2147483647; a record with no TTL, no `$TTL` and no SOA'),
  e('zone-file/rdata', 'import', 'zone file data wrong for its type: `A 2001:db8::1`, `CNAME 203.0.113.5`, `MX mail.` without priority, SRV of 3 fields, `CAA 0 issue`, a TXT string over 255 bytes'),
  e('zone-file/class', 'import', 'a zone file record of class `CH` or `HS` (only `IN`)'),
  e('zone-file/too-large', 'import', 'a zone file over 20 MiB, over 200,000 records, or with a line over 64 KiB'),
  e('zone-file/encoding', 'import', 'a zone file with a NUL byte (UTF-16, binary), bytes that are not UTF-8, or the replacement character U+FFFD'),
  e('zone-file/too-many-problems', 'import', 'a zone file with over 50 problems: reading stops there'),
  e('register/zone', 'register', 'a pending request outside every zone (subdomain register)'),
  e('register/state-changed', 'register', 'registering would change the desired DNS records (subdomain register writes nothing)'),
  e('register/commit', 'register', '`--commit` naming a commit that is not in the repository'),
  e('register/approvals-file', 'register', 'an `--approvals` file that cannot be read or was saved for another pull request'),
  e('register/github', 'register', 'the merged pull request cannot be read from GitHub'),
  e('register/letter-ledger', 'register', '`subdomains/.letter-numbers.json` unreadable or edited by hand into an invalid ledger: no letter number is given, nothing is recorded'),
  e('register/file-name', 'register', 'a register file whose name is not a full domain name (site, report)'),
  e('register/contact-missing', 'register', 'a register entry without `contact` (a warning on imported entries)'),
  e('import/record-mismatch', 'register', 'a pending import whose adopted record matches no record in `records` (the apply would duplicate it)'),
  e('import/record-without-id', 'register', 'a pending import from a zone file whose records have no Cloudflare id: the apply creates them (a duplicate if they already live at Cloudflare); run `subdomain import --cloudflare` first', 'warning'),
  e('import/unmatched-record', 'import', '`import --cloudflare` over a pending zone-file import whose `sehat A 103.10.20.25` (or its TTL/proxied) differs from the live record: that entry is left unchanged, with both values', 'error'),
  e('import/owners', 'import', '`--owners` CSV line that is not `name,opd`, or names an OPD the policy lacks'),
  e('import/cloudflare', 'import', 'Cloudflare cannot be read: no token, a 401/403 (which permission is missing), a zone id that does not match, an API error after retries'),
  e('import/zone-file', 'import', 'the `--zone-file` path cannot be read'),
  e('import/policy', 'import', 'the zone is not in the policy, or the policy cannot be updated'),
];

/** The entry of a reported rule id (`schema/required` is `schema/<keyword>`). */
export function ruleEntry(id: string): RuleEntry | undefined {
  return RULES.find((r) => r.id === id) ?? (id.startsWith('schema/') ? RULES.find((r) => r.id === 'schema/<keyword>') : undefined);
}

/** The README's rule table. */
export function renderRuleTable(rules: readonly RuleEntry[] = RULES): string {
  const rows = rules.map((r) => `| \`${r.id}\`${r.severity === 'warning' ? ' (warning)' : ''} | ${r.example} |`);
  return ['| id | contoh yang ditolak / example refused |', '|---|---|', ...rows].join('\n');
}
