import { parentName, type DomainName } from '../model/domain.js';
import { msg, problem, type Problem } from '../model/problem.js';
import type { RuleContext } from './context.js';

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Syntax of every label below the zone (RFC 1035/1123 host names): a–z, 0–9 and inner
 * hyphens, 1–63 characters, the whole name at most 253; no IDN (`xn--`) or other labels with
 * hyphens in the 3rd and 4th place (RFC 5891 reserves them) unless the policy allows the name.
 */
export function checkNameSyntax(file: string, name: DomainName, allowPunycode: readonly string[] = []): Problem[] {
  const problems: Problem[] = [];
  const at = { line: 1, column: 1 };
  if (name.fqdn.length > 253) {
    problems.push(problem(file, 'name/label-syntax', msg(`Nama ${name.fqdn} lebih dari 253 karakter.`, `Name ${name.fqdn} is longer than 253 characters.`), at));
  }
  for (const label of name.labels) {
    if (/[A-Z]/.test(label)) {
      problems.push(problem(file, 'name/lowercase', msg(`Label \`${label}\` harus huruf kecil: \`${label.toLowerCase()}\`.`, `Label \`${label}\` must be lowercase: \`${label.toLowerCase()}\`.`), at));
      continue;
    }
    if (label.length === 0 || label.length > 63) {
      problems.push(problem(file, 'name/label-syntax', msg(`Label \`${label}\` harus 1–63 karakter.`, `Label \`${label}\` must be 1–63 characters long.`), at));
    } else if (!LABEL.test(label)) {
      problems.push(problem(file, 'name/label-syntax', msg(
        `Label \`${label}\` hanya boleh berisi huruf a–z, angka 0–9 dan tanda hubung (-) yang tidak di awal atau akhir.`,
        `Label \`${label}\` may hold only a–z, 0–9 and hyphens (-), not at its start or end.`), at));
    } else if (label.slice(2, 4) === '--' && !allowPunycode.includes(name.fqdn)) {
      problems.push(problem(file, 'name/punycode', msg(
        `Label \`${label}\` (IDN/punycode atau tanda hubung di posisi 3–4) tidak diizinkan kecuali tercantum di \`allow_punycode\` kebijakan.`,
        `Label \`${label}\` (IDN/punycode, or hyphens in places 3–4) is not allowed unless the policy lists it in \`allow_punycode\`.`), at));
    }
  }
  return problems;
}

/** The label right below the zone must not be a reserved name (`www`, `mail`, `lpse` …). */
export function checkReserved(file: string, name: DomainName, context: RuleContext): Problem[] {
  const top = name.labels.at(-1) ?? '';
  if (!context.policy.reservedNames.has(top)) return [];
  return [problem(file, 'name/reserved', msg(
    `Nama \`${top}\` dicadangkan dan tidak dapat dimohonkan.`,
    `The name \`${top}\` is reserved and cannot be requested.`), { line: 1, column: 1 })];
}

/** A nested name (`ppid.dinkes`) only under a subdomain that the same OPD owns. */
export function checkNestedParent(file: string, name: DomainName, opd: string, context: RuleContext): Problem[] {
  if (name.labels.length < 2) return [];
  const parent = parentName(name.fqdn);
  const owner = context.register.get(parent)?.opd ?? pendingCreateOwner(parent, context);
  if (owner === opd) return [];
  return [problem(file, 'name/nested-parent', owner
    ? msg(`${name.fqdn} berada di bawah ${parent} milik OPD \`${owner}\`; hanya pemiliknya yang dapat memohon nama di bawahnya.`,
      `${name.fqdn} lies under ${parent}, owned by OPD \`${owner}\`; only its owner may ask for names below it.`)
    : msg(`${name.fqdn} berada di bawah ${parent}, yang belum terdaftar. Mohonkan ${parent} lebih dulu.`,
      `${name.fqdn} lies under ${parent}, which is not registered. Ask for ${parent} first.`), { line: 1, column: 1 })];
}

function pendingCreateOwner(fqdn: string, context: RuleContext): string | undefined {
  const pending = context.pendingAtBase.get(fqdn);
  return pending?.action === 'create' ? pending.opd : undefined;
}
