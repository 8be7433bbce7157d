import { isMap, parseDocument } from 'yaml';
import { REGISTER_DIR, registerPath, requestPath } from '../model/domain.js';
import { loadFile } from '../repo/load.js';
import { GitTree, type Tree } from '../repo/tree.js';
import type { RegisterEntry, SubdomainRequest } from '../schema/types.gen.js';
import type { RegisterView } from '../rules/context.js';

/**
 * The register of a tree, read one name at a time: a pull request touches one name, its
 * parent and its children, so the other thousands of files are never read.
 */
export function lazyRegister(tree: Tree): RegisterView {
  const cache = new Map<string, RegisterEntry | undefined>();
  let listed: string[] | undefined;
  const names = () => (listed ??= tree.list(REGISTER_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)));
  return {
    get(fqdn) {
      if (!cache.has(fqdn)) cache.set(fqdn, readOwned<RegisterEntry>(tree, registerPath(fqdn), 'register'));
      return cache.get(fqdn);
    },
    descendants: (fqdn) => names().filter((n) => n.endsWith(`.${fqdn}`)),
    names,
    readAll() {
      // A commit's files come from two git processes instead of one or two per name.
      if (tree instanceof GitTree) tree.prefetch(names().flatMap((n) => [registerPath(n), requestPath(n)]));
    },
  };
}

export function registerFromEntries(entries: ReadonlyMap<string, RegisterEntry>): RegisterView {
  let below: Map<string, string[]> | undefined;
  let names: string[] | undefined;
  return {
    get: (fqdn) => entries.get(fqdn),
    names: () => (names ??= [...entries.keys()]),
    readAll: () => {},
    descendants: (fqdn) => {
      // Indexed on first use: a whole-tree check asks this for every delete request.
      if (!below) {
        below = new Map();
        for (const name of entries.keys()) {
          for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            const parent = name.slice(dot + 1);
            const list = below.get(parent);
            if (list) list.push(name);
            else below.set(parent, [name]);
          }
        }
      }
      return below.get(fqdn) ?? [];
    },
  };
}

export function lazyPending(tree: Tree): { get(fqdn: string): SubdomainRequest | undefined } {
  const cache = new Map<string, SubdomainRequest | undefined>();
  return {
    get(fqdn) {
      if (!cache.has(fqdn)) cache.set(fqdn, readOwned<SubdomainRequest>(tree, requestPath(fqdn), 'request'));
      return cache.get(fqdn);
    },
  };
}

/**
 * A file that exists counts as taken even when it is malformed: its `opd` is read loosely so a
 * broken file on the base branch cannot make a name look free.
 */
function readOwned<T>(tree: Tree, path: string, kind: 'register' | 'request'): T | undefined {
  if (tree.kind(path) === 'missing') return undefined;
  const loaded = loadFile(tree, path, kind);
  if (loaded.ok) return loaded.value as T;
  const bytes = tree.read(path);
  let opd = '(tidak terbaca / unreadable)';
  if (bytes) {
    try {
      const doc = parseDocument(Buffer.from(bytes).toString('utf8'));
      const value = isMap(doc.contents) ? doc.get('opd') : undefined;
      if (typeof value === 'string') opd = value;
    } catch {
      // keep the placeholder owner
    }
  }
  return { opd, action: 'update' } as T;
}
