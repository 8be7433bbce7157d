import type { Problem } from '../model/problem.js';
import { checkTemplateSequences } from '../records/common.js';
import type { RecordsOwner } from '../records/record.js';
import { checkRecords, checkRecordsOrHosting } from '../records/rules.js';
import type { RegisterFile, RequestFile, RuleContext } from './context.js';
import { checkNestedParent, checkReserved } from './name.js';
import { checkInFlight, checkOwnership } from './ownership.js';
import { checkOrigin } from './origin.js';
import { checkPeople, type PhonePolicy } from './people.js';
import { omitsContactPhone } from '../policy/policy.js';
import { checkDeleteReferrers, checkInZoneTargets, checkNsGlue } from './targets.js';
import { checkBelowDelegation, checkRegisteredBelowDelegation } from './delegation.js';
import { checkImportedEntry, checkImportRecordIds, checkInfrastructureName, checkRegisterOwner } from './imported.js';

export interface CheckOptions {
  /** Checking a pull request against its base: rules about requests already in flight apply. */
  inPullRequest: boolean;
}

/** One named check over a file that passed the schema, and the rule ids it may report. */
export interface FileCheck<F> {
  name: string;
  rules: readonly string[];
  check(file: F, context: RuleContext, options: CheckOptions): Problem[];
}

const RECORD_RULES = [
  'record/service-name', 'record/value-list', 'record/ttl-range', 'record/proxied-ttl', 'record/proxied-type', 'record/mx-priority',
  'record/mx-target', 'record/a-public-ipv4', 'record/aaaa-public-ipv6', 'record/cname-target', 'record/txt-length', 'record/caa-syntax',
  'record/cname-alone', 'record/duplicate', 'record/ns-target', 'record/ns-alone', 'record/srv-name', 'record/srv-fields', 'record/srv-target',
];
const PEOPLE_RULES = ['person/nip', 'person/email', 'person/phone', 'contact/phone-missing', 'contact/phone-omitted', 'letter/date', 'letter/reference-missing'];

const phonePolicy = (context: RuleContext): PhonePolicy => (omitsContactPhone(context.policy) ? 'omit' : 'required');

function recordsOf(file: RequestFile | RegisterFile): RecordsOwner | undefined {
  return file.value.records ? { path: file.path, name: file.name, source: file.source, records: file.value.records } : undefined;
}

const shared = {
  recordsOrHosting: { name: 'records or hosting', rules: ['record/records-or-hosting', 'record/hosting-unavailable'], check: (file: RequestFile | RegisterFile, context: RuleContext) => checkRecordsOrHosting(file, context.policy) },
  records: { name: 'records', rules: RECORD_RULES, check: (file: RequestFile | RegisterFile) => { const owner = recordsOf(file); return owner ? checkRecords(owner) : []; } },
  templates: { name: 'template sequences', rules: ['value/template-sequence'], check: (file: RequestFile | RegisterFile) => checkTemplateSequences(file.path, file.source, file.value) },
};

/** Every check a request file gets, in order: `validate` is a loop over this list. */
export const REQUEST_CHECKS: readonly FileCheck<RequestFile>[] = [
  { name: 'reserved names', rules: ['name/reserved'], check: (file, context) => checkReserved(file.path, file.name, context) },
  { name: 'infrastructure names', rules: ['name/infrastructure'], check: (file) => checkInfrastructureName(file.path, file.name) },
  {
    name: 'ownership',
    rules: ['owner/unknown-opd', 'owner/name-taken', 'owner/not-registered', 'owner/register-unreadable', 'owner/not-owner', 'owner/delete-with-children'],
    check: checkOwnership,
  },
  { name: 'delete referrers', rules: ['owner/delete-referenced'], check: checkDeleteReferrers },
  { name: 'below delegation', rules: ['name/below-delegation'], check: checkBelowDelegation },
  { name: 'nested parent', rules: ['name/nested-parent'], check: (file, context) => (file.value.action === 'create' ? checkNestedParent(file.path, file.name, file.value.opd, context) : []) },
  { name: 'in flight', rules: ['owner/in-flight'], check: (file, context, options) => (options.inPullRequest ? checkInFlight(file, context) : []) },
  shared.recordsOrHosting,
  shared.records,
  { name: 'in-zone targets', rules: ['record/in-zone-target'], check: (file, context) => { const owner = recordsOf(file); return owner ? checkInZoneTargets(owner, context) : []; } },
  { name: 'name-server glue', rules: ['record/ns-glue'], check: (file, context) => { const owner = recordsOf(file); return owner ? checkNsGlue(owner, context) : []; } },
  { name: 'people', rules: PEOPLE_RULES, check: (file, context) => checkPeople(file.path, file.source, file.value, context.today, phonePolicy(context), true) },
  { name: 'origin', rules: ['letter/incident-origin'], check: (file) => checkOrigin(file) },
  shared.templates,
];

/** Every check a register file gets. Targets are warnings here: the entry is already live. */
export const REGISTER_CHECKS: readonly FileCheck<RegisterFile>[] = [
  { name: 'owner OPD', rules: ['owner/unknown-opd', 'owner/unassigned'], check: (file, context) => checkRegisterOwner(file, context) },
  { name: 'imported entry', rules: ['register/contact-missing', 'import/record-mismatch'], check: (file) => checkImportedEntry(file) },
  { name: 'import record ids', rules: ['import/record-without-id'], check: (file) => checkImportRecordIds(file) },
  { name: 'below delegation', rules: ['name/below-delegation'], check: checkRegisteredBelowDelegation },
  shared.recordsOrHosting,
  shared.records,
  { name: 'in-zone targets', rules: ['record/in-zone-target'], check: (file, context) => { const owner = recordsOf(file); return owner ? checkInZoneTargets(owner, context, 'warning') : []; } },
  { name: 'name-server glue', rules: ['record/ns-glue'], check: (file, context) => { const owner = recordsOf(file); return owner ? checkNsGlue(owner, context, 'warning') : []; } },
  { name: 'people', rules: PEOPLE_RULES, check: (file, context) => checkPeople(file.path, file.source, { contact: file.value.contact }, context.today, phonePolicy(context)) },
  shared.templates,
];

export function runChecks<F>(checks: readonly FileCheck<F>[], file: F, context: RuleContext, options: CheckOptions): Problem[] {
  const problems: Problem[] = [];
  for (const c of checks) {
    const found = c.check(file, context, options);
    if (found.length > 0) problems.push(...found);
  }
  return problems;
}
