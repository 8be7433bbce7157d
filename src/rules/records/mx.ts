import { msg, problem, type Problem } from '../../model/problem.js';
import { isHostName } from './host-name.js';
import type { RecordRef } from './record-ref.js';

/** MX has a priority and a host name as target (never an IP address); priority is for MX only. */
export function checkMx(file: string, ref: RecordRef): Problem[] {
  const { record } = ref;
  if (record.type !== 'MX') {
    return record.priority === undefined ? [] : [problem(file, 'record/mx-priority', msg(
      '`priority` hanya untuk catatan MX.', '`priority` applies to MX records only.'), ref.at('priority'))];
  }
  const problems: Problem[] = [];
  if (record.priority === undefined) {
    problems.push(problem(file, 'record/mx-priority', msg(
      'Catatan MX wajib punya `priority` (0–65535, makin kecil makin diutamakan).',
      'An MX record needs a `priority` (0–65535, lower is preferred).'), ref.at()));
  }
  const value = String(record.value);
  if (!isHostName(value) || /^[0-9.:]+$/.test(value)) {
    problems.push(problem(file, 'record/mx-target', msg(
      `Target MX \`${value}\` harus nama host (contoh: mx1.bekasikota.go.id), bukan alamat IP.`,
      `MX target \`${value}\` must be a host name (e.g. mx1.bekasikota.go.id), not an IP address.`), ref.at('value')));
  }
  return problems;
}
