import { LETTER_CHANNELS } from '../model/letter-channel.js';
import { msg, problem, type Position, type Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import type { Contact, Letter } from '../schema/types.gen.js';

/**
 * Why a NIP (Nomor Induk Pegawai, 18 digits) is implausible, or undefined when it is fine:
 * digits 1–8 are the birth date YYYYMMDD, 9–14 the appointment YYYYMM, 15 the sex (1/2),
 * 16–18 a sequence number from 001.
 */
export function nipFlaw(nip: string, today: string): [string, string] | undefined {
  if (!/^[0-9]{18}$/.test(nip)) return ['harus 18 digit angka', 'must be 18 digits'];
  const year = Number(today.slice(0, 4));
  const birth = nip.slice(0, 8);
  const by = Number(birth.slice(0, 4));
  if (!isDate(birth) || by < year - 80 || by > year - 17) {
    return [`8 digit pertama (${birth}) bukan tanggal lahir yang masuk akal (YYYYMMDD)`, `the first 8 digits (${birth}) are not a plausible birth date (YYYYMMDD)`];
  }
  const ay = Number(nip.slice(8, 12));
  const am = Number(nip.slice(12, 14));
  if (am < 1 || am > 12 || ay < by + 17 || ay > year) {
    return [`digit 9–14 (${nip.slice(8, 14)}) bukan bulan pengangkatan yang masuk akal (YYYYMM, setelah usia 17)`, `digits 9–14 (${nip.slice(8, 14)}) are not a plausible appointment month (YYYYMM, after age 17)`];
  }
  if (nip[14] !== '1' && nip[14] !== '2') return ['digit ke-15 (jenis kelamin) harus 1 atau 2', 'digit 15 (sex) must be 1 or 2'];
  if (nip.slice(15) === '000') return ['3 digit terakhir (nomor urut) tidak boleh 000', 'the last 3 digits (sequence) must not be 000'];
  return undefined;
}

function isDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value) && !value.includes('..') && value.split('@')[0]!.length <= 64;
}

/** Indonesian numbers: +62 / 62 / 0, then 8–13 digits (mobile 8xx, or an area code), spaces and hyphens allowed. */
export function isIndonesianPhone(value: string): boolean {
  const compact = value.replace(/[\s-]/g, '').replace(/^\(0(\d{1,3})\)/, '0$1');
  const national = /^\+62/.test(compact) ? compact.slice(3) : /^62/.test(compact) ? compact.slice(2) : /^0/.test(compact) ? compact.slice(1) : undefined;
  return national !== undefined && /^[1-9][0-9]{7,12}$/.test(national);
}

/** How the office treats contact phone numbers: `required` (the default) or `omit` (none in the repository). */
export type PhonePolicy = 'required' | 'omit';

/**
 * The letter's signer and the technical contact: NIPs, e-mail, phone; the letter not dated in the future.
 * `phone` is required unless the policy omits phones; with `omit`, a request (`refusePhone`) must not carry one.
 */
export function checkPeople(file: string, source: YamlSource, value: { letter?: Letter; contact?: Contact }, today: string, phones: PhonePolicy = 'required', refusePhone = false): Problem[] {
  const problems: Problem[] = [];
  const at = (path: (string | number)[]): Position => source.positionOf(path);
  const checkNip = (nip: string, path: (string | number)[], who: [string, string]) => {
    const flaw = nipFlaw(nip, today);
    if (flaw) problems.push(problem(file, 'person/nip', msg(`NIP ${who[0]} tidak sah: ${flaw[0]}.`, `The NIP of the ${who[1]} is not valid: ${flaw[1]}.`), at(path)));
  };
  if (value.letter) {
    checkNip(value.letter.signer.nip, ['letter', 'signer', 'nip'], ['penanda tangan surat', 'letter signer']);
    if (value.letter.date > today) {
      problems.push(problem(file, 'letter/date', msg(
        `Tanggal surat ${value.letter.date} belum terjadi (hari ini ${today}).`,
        `The letter is dated ${value.letter.date}, in the future (today is ${today}).`), at(['letter', 'date'])));
    }
    const via = value.letter.via;
    if ((via === 'srikandi' || via === 'mipp') && value.letter.reference === undefined) {
      const channel = LETTER_CHANNELS[via];
      problems.push(problem(file, 'letter/reference-missing', msg(
        `Surat diterima melalui ${channel.id}: isi \`letter.reference\` dengan nomor agenda ${channel.id} agar surat dapat ditelusuri.`,
        `The letter came through ${channel.en}: fill \`letter.reference\` with its ${channel.en} number so the letter can be traced.`), at(['letter', 'via'])));
    }
  }
  if (value.contact) {
    checkNip(value.contact.nip, ['contact', 'nip'], ['penanggung jawab teknis', 'technical contact']);
    if (!isEmail(value.contact.email)) {
      problems.push(problem(file, 'person/email', msg(
        `\`${value.contact.email}\` bukan alamat e-mail yang sah.`, `\`${value.contact.email}\` is not a valid e-mail address.`), at(['contact', 'email'])));
    }
    const phone = value.contact.phone;
    if (phone === undefined) {
      if (phones === 'required') {
        problems.push(problem(file, 'contact/phone-missing', msg(
          'Kolom `contact.phone` wajib diisi.', 'Field `contact.phone` is required.'), source.keyPositionOf([], 'contact')));
      }
    } else if (phones === 'omit' && refusePhone) {
      problems.push(problem(file, 'contact/phone-omitted', msg(
        'Kebijakan kantor ini tidak menyimpan nomor telepon di repositori; hapus `phone`.',
        'This office keeps no phone numbers in the repository; remove `phone`.'), at(['contact', 'phone'])));
    } else if (!isIndonesianPhone(phone)) {
      problems.push(problem(file, 'person/phone', msg(
        `\`${phone}\` bukan nomor telepon Indonesia yang sah (contoh: 081234567890 atau +62 812-3456-7890).`,
        `\`${phone}\` is not a valid Indonesian phone number (e.g. 081234567890 or +62 812-3456-7890).`), at(['contact', 'phone'])));
    }
  }
  return problems;
}
