import type { DomainName } from '../model/domain.js';
import { msg, problem, type Problem } from '../model/problem.js';
import { UNASSIGNED_OPD } from '../adopt/import.js';
import { desiredRecords, recordIdentity, type RecordType } from '../records/index.js';
import { pendingImport, pendingImportIndex, wasImported } from '../register/history.js';
import type { RegisterFile, RuleContext } from './context.js';

/** A register entry's OPD is in the policy; an imported entry may wait for one (a warning). */
export function checkRegisterOwner(file: RegisterFile, context: RuleContext): Problem[] {
  const { opd } = file.value;
  if (context.policy.opds[opd]) return [];
  if (opd === UNASSIGNED_OPD && wasImported(file.value)) {
    return [problem(file.path, 'owner/unassigned', msg(
      `OPD pemilik ${file.name.fqdn} belum ditentukan (hasil import). Isi \`opd\` dengan OPD yang bertanggung jawab, lewat pull request yang disetujui maintainers.`,
      `The owner OPD of ${file.name.fqdn} is not named yet (imported). Set \`opd\` to the responsible OPD, in a pull request the maintainers approve.`), file.source.positionOf(['opd']), 'warning')];
  }
  return [problem(file.path, 'owner/unknown-opd', msg(
    `OPD \`${opd}\` tidak ada di kebijakan (.github/sop.yaml).`, `OPD \`${opd}\` is not in the policy (.github/sop.yaml).`), file.source.positionOf(['opd']))];
}

/**
 * An imported entry may lack contact data (a warning until someone fills it in); any other entry
 * must have it. A pending import's record ids must each match one record of the entry, or the
 * first apply would create a duplicate instead of adopting the live record.
 */
export function checkImportedEntry(file: RegisterFile): Problem[] {
  const problems: Problem[] = [];
  const entry = file.value;
  if (!entry.contact) {
    problems.push(wasImported(entry)
      ? problem(file.path, 'register/contact-missing', msg(
        `${file.name.fqdn} belum punya kontak (hasil import). Tambahkan \`contact\` (nama, NIP, e-mail, telepon) penanggung jawab di OPD.`,
        `${file.name.fqdn} has no contact yet (imported). Add \`contact\` (name, NIP, e-mail, phone) of the person answering for it at the OPD.`), file.source.positionOf([]), 'warning')
      : problem(file.path, 'register/contact-missing', msg(
        'Entri daftar wajib punya `contact`; hanya entri hasil import yang boleh sementara tanpa kontak.',
        'A register entry needs `contact`; only imported entries may be without one for a while.'), file.source.positionOf([])));
  }
  const importing = pendingImport(entry);
  if (importing && entry.records) {
    const desired = new Set(desiredRecords(file.name.fqdn, entry.records).map(recordIdentity));
    const index = pendingImportIndex(entry);
    importing.records.forEach((record, i) => {
      if (desired.has(recordIdentity({ name: record.name, type: record.type as RecordType, content: record.content }))) return;
      problems.push(problem(file.path, 'import/record-mismatch', msg(
        `Catatan yang diambil alih (${record.type} ${record.name} ${record.content}) tidak sama dengan catatan mana pun di \`records\`: apply akan membuat duplikat. Samakan nilainya, atau hapus baris ini dari riwayat import.`,
        `The adopted record (${record.type} ${record.name} ${record.content}) matches no record in \`records\`: the apply would create a duplicate. Make the values equal, or remove this line from the import history.`),
      file.source.positionOf(['history', index, 'records', i])));
    });
  }
  return problems;
}

/**
 * A pending import whose records have no Cloudflare id (read from a zone file and not matched
 * against the live zone yet) is created by the first apply, not adopted: right for a zone that
 * is new at Cloudflare, a duplicate (or Cloudflare's error 81058) when the records already live
 * there. A warning: only `subdomain import --cloudflare` can tell which.
 */
export function checkImportRecordIds(file: RegisterFile): Problem[] {
  const importing = pendingImport(file.value);
  if (!importing) return [];
  const missing = importing.records.flatMap((record, i) => (record.id ? [] : [{ record, i }]));
  if (missing.length === 0) return [];
  const shown = missing.slice(0, 5).map(({ record }) => `${record.type} ${record.name} ${record.content}`).join('; ') + (missing.length > 5 ? ` (+${missing.length - 5})` : '');
  const zone = file.name.zone.name;
  return [problem(file.path, 'import/record-without-id', msg(
    `${missing.length} catatan import ${file.name.fqdn} yang menunggu belum punya id Cloudflare (dari berkas zona, belum dicocokkan dengan Cloudflare): apply akan MEMBUAT catatan itu, bukan mengambil alih (${shown}). Bila catatan sudah ada di Cloudflare, jalankan \`subdomain import --zone ${zone} --cloudflare\` sebelum merge agar tidak terjadi catatan ganda; bila zona baru di Cloudflare, membuatnya memang benar.`,
    `${missing.length} record(s) of the pending import of ${file.name.fqdn} have no Cloudflare id (from a zone file, not matched against Cloudflare yet): the apply would CREATE them, not adopt them (${shown}). If they already live at Cloudflare, run \`subdomain import --zone ${zone} --cloudflare\` before merging, or they are duplicated; if the zone is new at Cloudflare, creating them is right.`),
  file.source.positionOf(['history', pendingImportIndex(file.value), 'records', missing[0]!.i]), 'warning')];
}

/** The office's infrastructure names (and their service labels) are never requested. */
export function checkInfrastructureName(path: string, name: DomainName): Problem[] {
  const relative = name.labels.join('.');
  if (!(name.zone.infrastructure ?? []).includes(relative)) return [];
  return [problem(path, 'name/infrastructure', msg(
    `${name.fqdn} adalah nama infrastruktur Diskominfo (daftar \`infrastructure\` zona ${name.zone.name} di .github/sop.yaml) dan tidak dikelola lewat permohonan.`,
    `${name.fqdn} is one of the office's infrastructure names (the \`infrastructure\` list of zone ${name.zone.name} in .github/sop.yaml) and is not managed through requests.`), { line: 1, column: 1 })];
}
