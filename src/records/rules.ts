import { msg, problem, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { checkCnameAlone } from './cname.js';
import { checkDuplicates, checkPriorityType, checkProxied, checkServiceName, checkSrvFieldsType, checkTtl, checkValueList } from './common.js';
import { kindOf } from './index.js';
import { checkNsAlone, glueNames } from './ns.js';
import type { RecordsOwner } from './record.js';
import { recordRefs } from './ref.js';

/** Every record rule, per record (the shared ones and the type's own) and across the records of one subdomain. */
export function checkRecords(owner: RecordsOwner): Problem[] {
  const refs = recordRefs(owner);
  const file = owner.path;
  const glue = glueNames(refs);
  const perRecord = refs.flatMap((ref) => {
    const shared = [
      ...checkServiceName(file, ref, glue),
      ...checkValueList(file, ref),
      ...checkTtl(file, ref),
      ...checkProxied(file, ref),
      ...checkPriorityType(file, ref),
      ...checkSrvFieldsType(file, ref),
    ];
    const kind = kindOf(ref.record.type);
    if (Array.isArray(ref.record.value) && !kind.listIsOneRecord && !kind.listIsRecords) return shared;
    return [...shared, ...kind.check(ref, owner)];
  });
  return [...perRecord, ...checkCnameAlone(file, refs), ...checkNsAlone(file, refs), ...checkDuplicates(file, refs)];
}

/** A create or update asks for records or for hosting, exactly one of the two. */
export function checkRecordsOrHosting(
  owner: { path: string; source: RecordsOwner['source']; value: { action?: string; records?: unknown; hosting?: true } },
  policy: Pick<ResolvedPolicy, 'hosting'>,
): Problem[] {
  const { value, source, path } = owner;
  if (value.action === 'delete') {
    return value.records !== undefined || value.hosting !== undefined ? [problem(path, 'record/records-or-hosting', msg(
      'Permohonan hapus (delete) tidak memuat `records` atau `hosting`.', 'A delete request holds no `records` or `hosting`.'),
      source.positionOf([value.records !== undefined ? 'records' : 'hosting']))] : [];
  }
  if (value.records !== undefined && value.hosting !== undefined) {
    return [problem(path, 'record/records-or-hosting', msg(
      'Isi `records` ATAU `hosting: true`, tidak keduanya.', 'Give `records` OR `hosting: true`, not both.'), source.positionOf(['hosting']))];
  }
  if (value.records === undefined && value.hosting === undefined) {
    return [problem(path, 'record/records-or-hosting', msg(
      'Isi `records` (catatan DNS) atau `hosting: true` (minta hosting di pusat data).',
      'Give `records` (DNS records) or `hosting: true` (ask for hosting at the data centre).'), { line: 1, column: 1 })];
  }
  if (value.hosting && !policy.hosting) {
    return [problem(path, 'record/hosting-unavailable', msg(
      'Kantor ini belum menyediakan hosting (kebijakan tidak memuat `hosting`); isi `records`.',
      'This office offers no hosting (the policy has no `hosting`); give `records`.'), source.positionOf(['hosting']))];
  }
  return [];
}
