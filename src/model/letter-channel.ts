import type { Letter } from '../schema/types.gen.js';

/** How a letter reached the office (`letter.via`): the schema's enum, in its order. */
export type LetterChannel = NonNullable<Letter['via']>;

/** Each channel as people name it, in Indonesian and English. */
export const LETTER_CHANNELS: Readonly<Record<LetterChannel, { id: string; en: string }>> = {
  srikandi: { id: 'Srikandi', en: 'Srikandi' },
  mipp: { id: 'MIPP', en: 'MIPP' },
  paper: { id: 'surat kertas', en: 'a paper letter' },
  email: { id: 'e-mail', en: 'e-mail' },
};

export function isLetterChannel(value: unknown): value is LetterChannel {
  return typeof value === 'string' && Object.hasOwn(LETTER_CHANNELS, value);
}
