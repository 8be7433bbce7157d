import type { Intake, Policy, Role, Step } from '../../schema/types.gen.js';
import { balangan } from './balangan.js';
import { bekasi } from './bekasi.js';
import { demak } from './demak.js';
import { lumajang } from './lumajang.js';
import { singkawang } from './singkawang.js';

/**
 * What a preset supplies: the SOP's roles (titles only — people come from the policy file), its
 * ordered steps with their Mutu Baku, and time limits. Each preset file cites its SOP and maps
 * SOP rows to steps.
 */
export interface Preset {
  office: string;
  /** Where the SOP comes from (its number and date). */
  source: string;
  roles: Record<string, Required<Pick<Role, 'title'>>>;
  steps: Step[];
  order: NonNullable<Policy['order']>;
  total_limit?: string;
  /** Who registers the agency's letter and opens the request for it, where the SOP has that step. */
  intake?: Intake;
}

export type PresetName = NonNullable<Policy['preset']>;

export const presets: Partial<Record<PresetName, Preset>> = { bekasi, singkawang, balangan, lumajang, demak };
