import { REQUESTS_DIR } from '../model/domain.js';
import { msg, problem, type Problem } from '../model/problem.js';
import type { ChangedFile } from '../repo/tree.js';

/**
 * One pull request carries one request (approvals are per request). Anything changed outside
 * `requests/` is allowed only with the maintainers' approval, which the approvals check
 * enforces: here it is a warning so the author knows.
 */
export function checkScope(changes: readonly ChangedFile[]): Problem[] {
  const problems: Problem[] = [];
  const requestChanges = changes.filter((c) => c.path.startsWith(`${REQUESTS_DIR}/`) && c.status !== 'deleted');
  if (requestChanges.length > 1) {
    for (const change of requestChanges) {
      problems.push(problem(change.path, 'scope/one-request', msg(
        `Satu pull request hanya untuk satu permohonan, tetapi ada ${requestChanges.length} berkas di requests/ (${requestChanges.map((c) => c.path).join(', ')}). Pisahkan menjadi beberapa pull request.`,
        `One pull request carries one request, but ${requestChanges.length} files under requests/ changed (${requestChanges.map((c) => c.path).join(', ')}). Split them into separate pull requests.`)));
    }
  }
  for (const change of changes) {
    const outside = !change.path.startsWith(`${REQUESTS_DIR}/`);
    if (!outside && change.status !== 'deleted') continue;
    problems.push(problem(change.path, 'scope/maintainers', msg(
      outside
        ? `Berkas ${change.path} berada di luar requests/: perubahan ini memerlukan persetujuan peran maintainers.`
        : `Berkas permohonan ${change.path} dihapus: perubahan ini memerlukan persetujuan peran maintainers.`,
      outside
        ? `${change.path} is outside requests/: this change needs the maintainers' approval.`
        : `Request file ${change.path} is deleted: this change needs the maintainers' approval.`), undefined, 'warning'));
  }
  return problems;
}
