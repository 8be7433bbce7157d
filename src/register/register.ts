import { domainOfFile, REGISTER_DIR, registerPath, REQUESTS_DIR, splitDomain } from '../model/domain.js';
import { deactivationNote, pendingImport, pendingImportIndex } from './history.js';
import { msg, problem, type Problem } from '../model/problem.js';
import type { ResolvedPolicy } from '../policy/policy.js';
import { combineDesiredState, dnsView, type NameInput } from '../dns/desired-state.js';
import { loadFile, parseFile, type Loaded } from '../repo/load.js';
import type { Tree } from '../repo/tree.js';
import type { Approval, FiledBy, HistoryEntry, Letter, RegisterEntry, RequestHistoryEntry, SubdomainRequest } from '../schema/types.gen.js';
import { requestTransition } from '../model/transition.js';
import { renderRegisterEntry } from './render.js';
import { letterNumbering } from '../letters/numbering.js';

/** What the pipeline knows about the apply that just succeeded. */
export interface Provenance {
  pullRequest: number;
  /** The commit that was applied. */
  commit: string;
  /** ISO 8601, when the apply finished. */
  appliedAt: string;
  /** GitHub login of the pull request's author. */
  applicant?: string;
  /** ISO 8601, when the pull request was opened. */
  openedAt?: string;
  /** The SOP steps as the approvals evaluator reported them at merge time. */
  approvals?: Approval[];
  /** The office's registrar filed the request on the agency's behalf. */
  filedBy?: FiledBy;
}

/** One file to write (`content`) or remove (`content` undefined). */
export interface FileChange {
  path: string;
  content?: string;
}

export interface Registered {
  fqdn: string;
  /** `import`: a merged import is now applied (its records adopted); the entry records when. */
  action: SubdomainRequest['action'] | 'import';
  /** The request file removed; the register file itself for a completed import. */
  request: string;
  register: string;
  /** A removal an incident asked for: `dinonaktifkan karena insiden #12: …`, what the history reads. */
  note?: string;
}

export interface RegisterPlan {
  changes: FileChange[];
  registered: Registered[];
  /** Pending requests left alone (not part of the applied commit), with the reason. */
  skipped: { request: string; reason: { id: string; en: string } }[];
  problems: Problem[];
}

export interface RegisterOptions {
  /**
   * The tree of the applied commit. A pending request is registered only when the applied
   * commit holds it byte for byte: a request merged after the apply started waits for its own
   * apply, and a re-run after the register commit finds nothing to do.
   */
  applied?: Tree;
}

/**
 * Works out, without writing anything, how the register changes when the pending requests
 * have been applied: one register file written or removed and one request file removed per
 * request. Any problem in any request means no change at all.
 */
/** The provenance of one request (by its path): requests merged by different pull requests may be applied together. */
export type ProvenanceOf = (requestPath: string) => Provenance;

export function planRegister(tree: Tree, policy: ResolvedPolicy, provenance: Provenance | ProvenanceOf, options: RegisterOptions = {}): RegisterPlan {
  const provenanceOf: ProvenanceOf = typeof provenance === 'function' ? provenance : () => provenance;
  const plan: RegisterPlan = { changes: [], registered: [], skipped: [], problems: [] };
  const add = (file: string, rule: string, id: string, en: string, position?: { line: number; column: number }) =>
    plan.problems.push(problem(file, rule, msg(id, en), position ?? { line: 1, column: 1 }));
  // Each recorded request gets its outgoing letter number here, once; the ledger keeps them all.
  const numbers = letterNumbering(tree, policy.office);

  const before: NameInput[] = [];
  const after: NameInput[] = [];
  for (const name of tree.list(REQUESTS_DIR)) {
    const path = `${REQUESTS_DIR}/${name}`;
    const fqdn = domainOfFile(path);
    if (!fqdn || name.startsWith('.')) continue;
    const bytes = tree.read(path);
    if (options.applied) {
      const applied = options.applied.read(path);
      if (!applied || !sameBytes(applied, bytes)) {
        plan.skipped.push({
          request: path,
          reason: applied
            ? msg(`berbeda dengan isi pada commit ${options.applied.label}: menunggu penerapannya sendiri`, `differs from its content at commit ${options.applied.label}: waits for its own apply`)
            : msg(`tidak ada pada commit ${options.applied.label}: menunggu penerapannya sendiri`, `not in commit ${options.applied.label}: waits for its own apply`),
        });
        continue;
      }
    }
    const loaded = loadFile(tree, path, 'request');
    if (!loaded.ok) {
      plan.problems.push(...loaded.problems);
      continue;
    }
    const request = loaded.value;
    if (!splitDomain(fqdn, policy.zones)) {
      add(path, 'register/zone', `${fqdn} tidak berada di zona mana pun dalam kebijakan.`, `${fqdn} is in none of the policy's zones.`);
      continue;
    }
    const target = registerPath(fqdn);
    const existingKind = tree.kind(target);
    let existing: RegisterEntry | undefined;
    let current: Loaded<'register'> | undefined;
    if (existingKind !== 'missing') {
      current = loadFile(tree, target, 'register');
      if (!current.ok) {
        plan.problems.push(...current.problems);
        continue;
      }
      existing = current.value;
    }
    const transition = requestTransition(fqdn, existing, request);
    if (!transition.ok) {
      for (const p of transition.problems) plan.problems.push(problem(path, p.rule, p.message, loaded.source.positionOf([p.field])));
      continue;
    }

    const letter = request.letter;
    if (request.action !== 'delete' && !letter) {
      // `validate` refuses it too (letter/incident-origin): a create or update rests on the OPD's letter.
      add(path, 'letter/incident-origin', `Permohonan ${request.action} tanpa surat OPD (\`letter\`) tidak dapat dicatat.`, `A ${request.action} request without the OPD's letter (\`letter\`) cannot be recorded.`, loaded.source.positionOf(['action']));
      continue;
    }
    before.push({ fqdn, request: loaded, ...(current ? { register: current } : {}) });
    plan.registered.push({ fqdn, action: request.action, request: path, register: target, ...(request.incident ? { note: deactivationNote(request.incident) } : {}) });
    plan.changes.push({ path });
    if (request.action === 'delete') {
      plan.changes.push({ path: target });
      after.push({ fqdn });
      continue;
    }
    const earlier = existing ? completedImport(existing, provenanceOf(path)).history : [];
    const entry: RegisterEntry = { ...transition.after!, history: [...earlier, numbers.assign(fqdn, historyEntry({ ...request, letter: letter! }, provenanceOf(path)))] };
    const content = renderRegisterEntry(entry);
    // What we write must read back as a valid register file: checked before anything is written.
    const check = parseFile(target, new TextEncoder().encode(content), 'register');
    if (!check.ok) {
      plan.problems.push(
        ...check.problems.map((p) => ({ ...p, message: msg(`Hasil pencatatan tidak sah: ${p.message.id}`, `The register entry produced is not valid: ${p.message.en}`) })),
      );
      continue;
    }
    plan.changes.push({ path: target, content });
    after.push({ fqdn, register: check });
  }
  completeImports(tree, plan, provenanceOf, options);
  plan.problems.push(...numbers.problems);
  const ledger = numbers.change();
  if (ledger) plan.changes.push(ledger);
  if (plan.problems.length === 0) plan.problems.push(...sameDesiredState(policy, before, after));
  if (plan.problems.length > 0) return { ...plan, changes: [], registered: [] };
  plan.changes.sort((a, b) => a.path.localeCompare(b.path));
  return plan;
}

/**
 * Registering changes how the desired DNS state is written down, never the state itself: the
 * requests must combine with the register without conflict (as synth read them), and the new
 * register entries must give exactly the same records.
 */
function sameDesiredState(policy: ResolvedPolicy, before: NameInput[], after: NameInput[]): Problem[] {
  const was = combineDesiredState(policy, before);
  if (was.problems.length > 0) return was.problems;
  const now = combineDesiredState(policy, after);
  const problems: Problem[] = [...now.problems];
  const wasView = dnsView(was.state);
  const nowView = dnsView(now.state);
  for (const input of before) {
    const zone = splitDomain(input.fqdn, policy.zones)!.zone.name;
    if (JSON.stringify(wasView[zone]?.[input.fqdn]) !== JSON.stringify(nowView[zone]?.[input.fqdn])) {
      problems.push(problem(input.request!.path, 'register/state-changed', msg(
        `Pencatatan ${input.fqdn} akan mengubah catatan DNS yang diinginkan; tidak ada yang ditulis.`,
        `Recording ${input.fqdn} would change its desired DNS records; nothing is written.`,
      )));
    }
  }
  return problems;
}

export function historyEntry(request: Pick<SubdomainRequest, 'action' | 'purpose'> & { letter: Letter }, provenance: Provenance): HistoryEntry {
  const entry: RequestHistoryEntry = {
    action: request.action,
    letter: request.letter,
    purpose: request.purpose,
    pull_request: provenance.pullRequest,
    applied_at: provenance.appliedAt,
    commit: provenance.commit,
  };
  if (provenance.applicant) entry.applicant = provenance.applicant;
  if (provenance.filedBy) entry.filed_by = provenance.filedBy;
  if (provenance.approvals && provenance.approvals.length > 0) entry.approvals = provenance.approvals;
  if (provenance.openedAt) entry.opened_at = provenance.openedAt;
  return entry;
}

/**
 * Imports merged and now applied: their history entry gets the pull request, commit and time,
 * so the register keeps no pending import and synthesis writes no `import` block again. Only
 * register files the applied commit holds byte for byte; names a request changes are done above.
 */
function completeImports(tree: Tree, plan: RegisterPlan, provenanceOf: ProvenanceOf, options: RegisterOptions): void {
  const decoder = new TextDecoder();
  const touched = new Set(plan.changes.map((c) => c.path));
  for (const name of tree.list(REGISTER_DIR)) {
    const path = `${REGISTER_DIR}/${name}`;
    const fqdn = domainOfFile(path);
    if (!fqdn || name.startsWith('.') || touched.has(path)) continue;
    const bytes = tree.read(path);
    if (!bytes || !/action["']?\s*:\s*["']?import/.test(decoder.decode(bytes))) continue;
    if (options.applied && !sameBytes(bytes, options.applied.read(path))) {
      plan.skipped.push({ request: path, reason: msg(`import belum diterapkan pada commit ${options.applied.label}`, `the import is not applied at commit ${options.applied.label}`) });
      continue;
    }
    const loaded = loadFile(tree, path, 'register');
    if (!loaded.ok) {
      plan.problems.push(...loaded.problems);
      continue;
    }
    if (!pendingImport(loaded.value)) continue;
    const content = renderRegisterEntry(completedImport(loaded.value, provenanceOf(path)));
    plan.changes.push({ path, content });
    plan.registered.push({ fqdn, action: 'import', request: path, register: path });
  }
}

/**
 * The entry with its pending import marked applied (unchanged when none is pending). The import
 * keeps its place: a confirmation written after it stays after it.
 */
function completedImport(entry: RegisterEntry, provenance: Provenance): RegisterEntry {
  const index = pendingImportIndex(entry);
  const pending = pendingImport(entry);
  if (index < 0 || !pending) return entry;
  const done = { ...pending, pull_request: provenance.pullRequest, applied_at: provenance.appliedAt, commit: provenance.commit };
  return { ...entry, history: entry.history.map((h, i) => (i === index ? done : h)) };
}

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  if (!b || a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
