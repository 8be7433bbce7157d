import { msg, problem, type Problem } from '../model/problem.js';
import { isHostName, normalizeHost } from './host-name.js';
import type { RecordKind, RecordRef, RecordsOwner } from './record.js';

export const MX: RecordKind = {
  type: 'MX',
  proxiable: false,
  listIsOneRecord: false,
  listIsRecords: false,
  hasPriority: true,
  check: checkMx,
  content: ({ value }) => normalizeHost(String(value).trim()),
  written: (content) => ({ value: content }),
  fromProvider: (content) => normalizeHost(content.trim()),
  provider: ({ content }) => ({ content }),
  target: (content) => content,
};

/** MX has a priority and a host name as target (never an IP address). */
function checkMx(ref: RecordRef, owner: RecordsOwner): Problem[] {
  const { record } = ref;
  const problems: Problem[] = [];
  if (record.priority === undefined) {
    problems.push(problem(owner.path, 'record/mx-priority', msg(
      'Catatan MX wajib punya `priority` (0–65535, makin kecil makin diutamakan).',
      'An MX record needs a `priority` (0–65535, lower is preferred).'), ref.at()));
  }
  const value = String(record.value);
  if (!isHostName(value) || /^[0-9.:]+$/.test(value)) {
    problems.push(problem(owner.path, 'record/mx-target', msg(
      `Target MX \`${value}\` harus nama host (contoh: mx1.bekasikota.go.id), bukan alamat IP.`,
      `MX target \`${value}\` must be a host name (e.g. mx1.bekasikota.go.id), not an IP address.`), ref.at('value')));
  }
  return problems;
}
