import { REGISTER_DIR } from '../model/domain.js';
import { msg, problem, type Problem } from '../model/problem.js';
import { loadFile, parseFile } from '../repo/load.js';
import type { Tree } from '../repo/tree.js';
import { renderRegisterEntry } from '../register/render.js';
import type { FileChange } from '../register/register.js';
import type { Approval, RegisterEntry, RequestHistoryEntry } from '../schema/types.gen.js';
import { isRequestEntry } from '../register/history.js';
import { withApproval } from './check.js';
import { checkTemplateSequences } from '../records/common.js';

/** One register file whose history holds the pull request. */
export interface RegisteredRequest {
  path: string;
  fqdn: string;
  entry: RegisterEntry;
  /** Index of the history entry of the pull request. */
  index: number;
  /** That history entry. */
  history: RequestHistoryEntry;
}

export interface Lookup {
  found: RegisteredRequest[];
  /** Register files that mention the pull request but cannot be read. */
  problems: Problem[];
}

/**
 * The register entries of a pull request: every `subdomains/*.yaml` whose history has
 * `pull_request: N` (normally one). Only files whose text mentions the number are parsed, so a
 * register of thousands of names costs one read each.
 */
export function findRegistered(tree: Tree, pullRequest: number): Lookup {
  const mention = new RegExp(`pull_request["']?\\s*:\\s*["']?${pullRequest}(?![0-9])`);
  const lookup: Lookup = { found: [], problems: [] };
  const decoder = new TextDecoder();
  for (const name of tree.list(REGISTER_DIR)) {
    if (!name.endsWith('.yaml') || name.startsWith('.')) continue;
    const path = `${REGISTER_DIR}/${name}`;
    const bytes = tree.read(path);
    if (!bytes || !mention.test(decoder.decode(bytes))) continue;
    const loaded = loadFile(tree, path, 'register');
    if (!loaded.ok) {
      lookup.problems.push(...loaded.problems);
      continue;
    }
    const index = loaded.value.history.findIndex((h) => isRequestEntry(h) && h.pull_request === pullRequest);
    const history = loaded.value.history[index];
    if (history && isRequestEntry(history)) lookup.found.push({ path, fqdn: name.slice(0, -'.yaml'.length), entry: loaded.value, index, history });
  }
  return lookup;
}

/**
 * The register file with the approval appended to the pull request's history entry, rendered
 * as the pipeline writes it and read back through the register schema before anything is
 * written: a change that would not read back is a problem, not a file.
 */
export function recordApproval(request: RegisteredRequest, approval: Approval): RegisterChange {
  const history = request.entry.history.map((h, i) => (i === request.index ? withApproval(request.history, approval) : h));
  return registerChange(request.path, { ...request.entry, history });
}

export type RegisterChange = { change: FileChange; problems: Problem[] } | { change?: undefined; problems: Problem[] };

/**
 * A register entry as the file the pipeline writes (`renderRegisterEntry`), read back through
 * the register schema and checked for template sequences (`value/template-sequence`, which
 * `validate` reports on every register file) before anything is written: what would not pass
 * is returned as problems, never as a file.
 */
export function registerChange(path: string, entry: RegisterEntry): RegisterChange {
  const content = renderRegisterEntry(entry);
  const check = parseFile(path, new TextEncoder().encode(content), 'register');
  const problems = check.ok ? checkTemplateSequences(path, check.source, check.value) : check.problems;
  if (problems.length > 0) {
    return {
      problems: problems.map((p) =>
        problem(p.file, p.rule, msg(`Hasil pencatatan tidak sah: ${p.message.id}`, `The register entry produced is not valid: ${p.message.en}`), p.line !== undefined ? { line: p.line, column: p.column ?? 1 } : undefined),
      ),
    };
  }
  return { change: { path, content }, problems: [] };
}
