import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { msg, problem, type Message, type Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import type { Policy, RegisterEntry, SubdomainRequest } from './types.gen.js';

export type ShapeKind = 'request' | 'register' | 'policy';
export interface Shapes {
  request: SubdomainRequest;
  register: RegisterEntry;
  policy: Policy;
}

// Precompiled by scripts/gen-schema.mjs: loading them costs far less than compiling at start-up.
const validators = createRequire(import.meta.url)('./validators.gen.cjs') as Record<ShapeKind, ValidateFunction>;

export type ShapeResult<K extends ShapeKind> = { ok: true; value: Shapes[K] } | { ok: false; problems: Problem[] };

/** Whether a value has the shape, without explaining why not. */
export function conformsTo<K extends ShapeKind>(kind: K, value: unknown): value is Shapes[K] {
  return validators[kind](value) === true;
}

/** Checks a parsed file against its JSON Schema; every error points at the offending key or value. */
export function validateShape<K extends ShapeKind>(kind: K, source: YamlSource): ShapeResult<K> {
  const validate = validators[kind];
  if (validate(source.value)) return { ok: true, value: source.value as Shapes[K] };
  // An `if`/`then` failure is reported by the keyword inside `then`; the `if` error adds nothing.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const problems = dedupe(errors).map((e) => toProblem(source, e));
  return { ok: false, problems };
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  // anyOf on `value` yields one error per branch plus the anyOf itself: keep only the anyOf.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === 'anyOf' || ![...anyOfPaths].some((p) => e.instancePath.startsWith(p) && e.schemaPath.includes('/anyOf/')));
}

export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}

function toProblem(source: YamlSource, error: ErrorObject): Problem {
  const path = pointerToPath(error.instancePath);
  const field = path.length ? path.join('.') : '(berkas / file)';
  const rule = `schema/${error.keyword}`;
  const p = error.params as Record<string, unknown>;
  let message: Message;
  let position = source.positionOf(path);
  switch (error.keyword) {
    case 'required':
      message = msg(`Kolom \`${joinPath(path, p.missingProperty)}\` wajib diisi.`, `Field \`${joinPath(path, p.missingProperty)}\` is required.`);
      break;
    case 'additionalProperties':
      position = source.keyPositionOf(path, String(p.additionalProperty));
      message = msg(
        `Kolom \`${joinPath(path, p.additionalProperty)}\` tidak dikenal (salah ketik?).`,
        `Unknown field \`${joinPath(path, p.additionalProperty)}\` (a typo?).`,
      );
      break;
    case 'type':
      message = msg(`\`${field}\` harus berupa ${typeName(String(p.type), 'id')}.`, `\`${field}\` must be ${typeName(String(p.type), 'en')}.`);
      break;
    case 'enum':
      message = msg(
        `\`${field}\` harus salah satu dari: ${(p.allowedValues as unknown[]).join(', ')}.`,
        `\`${field}\` must be one of: ${(p.allowedValues as unknown[]).join(', ')}.`,
      );
      break;
    case 'const':
      message = msg(`\`${field}\` harus bernilai ${JSON.stringify(p.allowedValue)}.`, `\`${field}\` must be ${JSON.stringify(p.allowedValue)}.`);
      break;
    case 'pattern':
      message = patternMessage(field, path, String(p.pattern));
      break;
    case 'format':
      message = String(p.format) === 'date'
        ? msg(`\`${field}\` harus tanggal yang sah dengan format YYYY-MM-DD.`, `\`${field}\` must be a valid date written YYYY-MM-DD.`)
        : msg(`\`${field}\` tidak sesuai format ${String(p.format)}.`, `\`${field}\` is not a valid ${String(p.format)}.`);
      break;
    case 'minLength':
      message = msg(`\`${field}\` terlalu pendek (minimal ${String(p.limit)} karakter).`, `\`${field}\` is too short (at least ${String(p.limit)} characters).`);
      break;
    case 'maxLength':
      message = msg(`\`${field}\` terlalu panjang (maksimal ${String(p.limit)} karakter).`, `\`${field}\` is too long (at most ${String(p.limit)} characters).`);
      break;
    case 'minItems':
      message = msg(`\`${field}\` harus berisi minimal ${String(p.limit)} butir.`, `\`${field}\` must hold at least ${String(p.limit)} item(s).`);
      break;
    case 'maxItems':
      message = msg(`\`${field}\` berisi lebih dari ${String(p.limit)} butir.`, `\`${field}\` holds more than ${String(p.limit)} items.`);
      break;
    case 'minProperties':
      message = msg(`\`${field}\` tidak boleh kosong.`, `\`${field}\` must not be empty.`);
      break;
    case 'minimum':
    case 'maximum':
      message = msg(`\`${field}\` harus ${error.keyword === 'minimum' ? '≥' : '≤'} ${String(p.limit)}.`, `\`${field}\` must be ${error.keyword === 'minimum' ? '≥' : '≤'} ${String(p.limit)}.`);
      break;
    case 'anyOf':
      message = msg(`\`${field}\` harus berupa teks atau daftar teks.`, `\`${field}\` must be a string or a list of strings.`);
      break;
    case 'propertyNames':
      message = msg(`Nama kunci di \`${field}\` tidak sah: huruf kecil, angka, - atau _.`, `A key in \`${field}\` is not valid: use lowercase letters, digits, - or _.`);
      break;
    default:
      message = msg(`\`${field}\` tidak sesuai skema (${error.message ?? error.keyword}).`, `\`${field}\` does not match the schema (${error.message ?? error.keyword}).`);
  }
  return problem(source.file, rule, message, position);
}

function joinPath(path: (string | number)[], key: unknown): string {
  return [...path, String(key)].join('.');
}

function typeName(type: string, lang: 'id' | 'en'): string {
  const names: Record<string, [string, string]> = {
    string: ['teks', 'a string'],
    integer: ['bilangan bulat', 'a whole number'],
    number: ['angka', 'a number'],
    boolean: ['true atau false', 'true or false'],
    object: ['pemetaan kunci: nilai', 'a mapping of key: value'],
    array: ['daftar (- …)', 'a list (- …)'],
  };
  const pair = names[type] ?? [type, type];
  return lang === 'id' ? pair[0] : pair[1];
}

function patternMessage(field: string, path: (string | number)[], pattern: string): Message {
  const last = path.at(-1);
  if (last === 'nip') return msg(`\`${field}\` harus NIP 18 digit angka.`, `\`${field}\` must be an 18-digit NIP.`);
  if (last === 'opd') return msg(`\`${field}\` harus kunci OPD: huruf kecil, angka, - atau _.`, `\`${field}\` must be an OPD key: lowercase letters, digits, - or _.`);
  if (last === 'cloudflare_zone_id') return msg(`\`${field}\` harus 32 karakter heksadesimal.`, `\`${field}\` must be 32 hexadecimal characters.`);
  if (path.includes('users')) return msg(`\`${field}\` bukan nama pengguna GitHub yang sah.`, `\`${field}\` is not a valid GitHub user name.`);
  if (path.includes('teams')) return msg(`\`${field}\` harus berbentuk organisasi/tim.`, `\`${field}\` must be written org/team-slug.`);
  return msg(`\`${field}\` tidak sesuai pola ${pattern}.`, `\`${field}\` does not match the pattern ${pattern}.`);
}
