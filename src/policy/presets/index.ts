import type { Policy, Role, Step } from '../../schema/types.gen.js';

/** What a preset supplies: the SOP's roles (titles only), its ordered steps and time limits. */
export interface Preset {
  office: string;
  /** Where the SOP comes from (its number and date) and how its rows map to steps. */
  source: string;
  roles: Record<string, Required<Pick<Role, 'title'>>>;
  steps: Step[];
  order: NonNullable<Policy['order']>;
  total_limit?: string;
}

export type PresetName = NonNullable<Policy['preset']>;

export const presets: Partial<Record<PresetName, Preset>> = {};
