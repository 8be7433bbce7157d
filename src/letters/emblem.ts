import { msg, problem, type Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import type { Tree } from '../repo/tree.js';

/**
 * The regional emblem (lambang daerah) of the kop surat: a PNG or JPEG file in the office
 * repository that `office.emblem` names. It is read here, by the CLI, and only its bytes reach
 * the document, as a data URL; pdfmake reads no file of its own.
 */

/** Larger than any emblem needs; keeps a wrongly named photo or archive out of every letter. */
export const MAX_EMBLEM_BYTES = 2 * 1024 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

/** What the file is by its first bytes, whatever its name says. */
export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  const starts = (magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
  if (starts(PNG)) return 'png';
  if (starts(JPEG)) return 'jpeg';
  return undefined;
}

export type EmblemResult = { ok: true; emblem?: string } | { ok: false; problems: Problem[] };

/** The emblem as a data URL, none when the policy names none, or a problem at `office.emblem` (file:line). */
export function loadEmblem(tree: Tree, policyFile: string, source: YamlSource, path: string | undefined): EmblemResult {
  const read = readEmblem(tree, policyFile, source, path);
  if (!read.ok || !read.image) return read.ok ? { ok: true } : read;
  return { ok: true, emblem: `data:image/${read.image.kind};base64,${Buffer.from(read.image.bytes).toString('base64')}` };
}

/** What is wrong with `office.emblem`, if anything (validate and doctor: no image is encoded). */
export function emblemProblems(tree: Tree, policyFile: string, source: YamlSource, path: string | undefined): Problem[] {
  const read = readEmblem(tree, policyFile, source, path);
  return read.ok ? [] : read.problems;
}

type EmblemRead = { ok: true; image?: { kind: 'png' | 'jpeg'; bytes: Uint8Array } } | { ok: false; problems: Problem[] };

function readEmblem(tree: Tree, policyFile: string, source: YamlSource, path: string | undefined): EmblemRead {
  if (path === undefined) return { ok: true };
  const at = source.positionOf(['office', 'emblem']);
  const fail = (id: string, en: string): EmblemRead => ({ ok: false, problems: [problem(policyFile, 'letter/emblem', msg(id, en), at)] });
  const kind = tree.kind(path);
  if (kind === 'missing') {
    return fail(`Lambang \`office.emblem\` tidak ditemukan: ${path} tidak ada di repositori kantor.`, `The emblem \`office.emblem\` is not found: ${path} is not in the office repository.`);
  }
  if (kind !== 'file') {
    return fail(`Lambang \`office.emblem\` harus berkas biasa (bukan symlink atau folder): ${path}.`, `The emblem \`office.emblem\` must be a regular file (no symlink or folder): ${path}.`);
  }
  const bytes = tree.read(path)!;
  if (bytes.byteLength > MAX_EMBLEM_BYTES) {
    return fail(`Lambang ${path} terlalu besar (${Math.ceil(bytes.byteLength / 1024)} KB; paling besar 2048 KB).`, `The emblem ${path} is too large (${Math.ceil(bytes.byteLength / 1024)} KB; at most 2048 KB).`);
  }
  const image = imageKind(bytes);
  if (!image) {
    return fail(
      `Lambang ${path} bukan gambar PNG atau JPEG (menurut isi berkasnya, bukan namanya). Simpan ulang lambang sebagai PNG.`,
      `The emblem ${path} is no PNG or JPEG image (by its content, not its name). Save the emblem again as PNG.`,
    );
  }
  return { ok: true, image: { kind: image, bytes } };
}
