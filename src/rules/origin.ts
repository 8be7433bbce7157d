import { msg, problem, type Problem } from '../model/problem.js';
import type { RequestFile } from './context.js';

/**
 * What a request rests on. Every request rests on the OPD's letter (`letter`), except a delete
 * the watch opened: it rests on its incident (`incident: { issue, reason }`) instead, because
 * the incident is the reason and no OPD asked. The schema already requires one of the two;
 * this refuses an incident anywhere else, and both at once.
 */
export function checkOrigin(file: RequestFile): Problem[] {
  const { value: request, source, path } = file;
  if (!request.incident) return [];
  const at = source.keyPositionOf([], 'incident');
  if (request.action !== 'delete') {
    return [problem(path, 'letter/incident-origin', msg(
      `\`incident\` hanya untuk permohonan hapus (\`action: delete\`) yang dibuka pemantauan; permohonan ${request.action} memerlukan surat OPD (\`letter\`).`,
      `\`incident\` is only for a delete request (\`action: delete\`) the watch opened; a ${request.action} request needs the OPD's letter (\`letter\`).`), at)];
  }
  if (request.letter) {
    return [problem(path, 'letter/incident-origin', msg(
      'Isi `letter` (surat OPD) ATAU `incident` (insiden pemantauan), tidak keduanya.',
      'Give `letter` (the OPD\'s letter) OR `incident` (a watch incident), not both.'), at)];
  }
  return [];
}
