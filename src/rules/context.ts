import type { DomainName } from '../model/domain.js';
import type { Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import type { RegisterEntry, SubdomainRequest } from '../schema/types.gen.js';

/** What the rules may ask about the register: looked up by name, never read whole. */
export interface RegisterView {
  get(fqdn: string): RegisterEntry | undefined;
  /** Registered names directly or indirectly below `fqdn`. */
  descendants(fqdn: string): string[];
  /** Every registered name (a delete request asks which of them point at it). */
  names(): readonly string[];
  /** Reads every entry, and the pending request of each name, in bulk: for a caller about to ask for all of them. */
  readAll(): void;
}

export interface RuleContext {
  policy: ResolvedPolicy;
  /** The register as it is at the base (in a pull request) or in the tree being checked. */
  register: RegisterView;
  /** Requests already merged but not yet applied (at the base, in a pull request). */
  pendingAtBase: { get(fqdn: string): SubdomainRequest | undefined };
  /** Today's date in Asia/Jakarta, YYYY-MM-DD. */
  today: string;
}

/** A request or register file that passed the schema, with where it came from. */
export interface CheckedFile<T> {
  path: string;
  name: DomainName;
  source: YamlSource;
  value: T;
}

export type RequestFile = CheckedFile<SubdomainRequest>;
export type RegisterFile = CheckedFile<RegisterEntry>;



export type Rule<T> = (file: T, context: RuleContext) => Problem[];
