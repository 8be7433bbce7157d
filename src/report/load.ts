import { domainOfFile, REGISTER_DIR } from '../model/domain.js';
import { msg, problem, type Problem } from '../model/problem.js';
import { loadFile } from '../repo/load.js';
import type { Tree } from '../repo/tree.js';
import { loadPolicy, type ResolvedPolicy } from '../policy/policy.js';
import type { RegisterItem } from './mutu-baku.js';

/** A full domain name safe to use as a file name on the site: lowercase labels, dots, hyphens. */
export const FQDN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** Every entry of the register (`subdomains/*.yaml`), sorted by name, or the problems that stop us reading it. */
export function loadRegister(tree: Tree): { items: RegisterItem[]; problems: Problem[] } {
  const items: RegisterItem[] = [];
  const problems: Problem[] = [];
  for (const name of tree.list(REGISTER_DIR)) {
    const path = `${REGISTER_DIR}/${name}`;
    const fqdn = domainOfFile(name);
    if (!fqdn) continue;
    if (!FQDN.test(fqdn)) {
      problems.push(problem(path, 'register/file-name', msg(
        'Nama berkas daftar harus <nama domain lengkap>.yaml (huruf kecil).',
        'A register file name must be <full domain>.yaml (lowercase).',
      )));
      continue;
    }
    const loaded = loadFile(tree, path, 'register');
    if (loaded.ok) items.push({ fqdn, entry: loaded.value });
    else problems.push(...loaded.problems);
  }
  items.sort((a, b) => (a.fqdn < b.fqdn ? -1 : a.fqdn > b.fqdn ? 1 : 0));
  return { items, problems };
}

/** The policy and the whole register: what the site and the Mutu Baku report are built from. */
export function loadPolicyAndRegister(tree: Tree): { ok: true; policy: ResolvedPolicy; items: RegisterItem[] } | { ok: false; problems: Problem[] } {
  const policy = loadPolicy(tree);
  if (!policy.ok) return policy;
  const register = loadRegister(tree);
  if (register.problems.length > 0) return { ok: false, problems: register.problems };
  return { ok: true, policy: policy.policy, items: register.items };
}
