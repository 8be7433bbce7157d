import { msg, problem, type Problem } from '../../model/problem.js';
import { valueStrings, type RecordRef } from './record-ref.js';

const MAX_TXT_STRING = 255;

/** Each TXT character-string is at most 255 bytes (RFC 1035 §3.3); longer text is split into a list. */
export function checkTxt(file: string, ref: RecordRef): Problem[] {
  const { record } = ref;
  if (record.type !== 'TXT') {
    return Array.isArray(record.value) ? [problem(file, 'record/value-list', msg(
      'Daftar nilai hanya untuk TXT; tulis satu nilai per catatan.',
      'A list of values is for TXT only; write one value per record.'), ref.at('value'))] : [];
  }
  const problems: Problem[] = [];
  valueStrings(record).forEach((text, i) => {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_TXT_STRING) {
      problems.push(problem(file, 'record/txt-length', msg(
        `Teks TXT${Array.isArray(record.value) ? ` ke-${i + 1}` : ''} ${bytes} bita; maksimal 255 bita per teks. Pecah menjadi daftar (value: [ "…", "…" ]).`,
        `TXT string${Array.isArray(record.value) ? ` ${i + 1}` : ''} is ${bytes} bytes; at most 255 bytes each. Split it into a list (value: [ "…", "…" ]).`),
        ref.at('value')));
    }
  });
  return problems;
}
