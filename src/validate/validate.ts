import { emblemProblems } from '../letters/emblem.js';
import { ledgerLost, ledgerShortOf, numbersIn, readLedger, trustedLedger } from '../letters/numbering.js';
import { domainOfFile, LETTER_LEDGER_FILE, LETTER_LEDGER_PATH, POLICY_PATH, REGISTER_DIR, registerPath, REQUESTS_DIR, requestPath, splitDomain, type DomainName } from '../model/domain.js';
import { byPosition, hasErrors, msg, problem, type Problem } from '../model/problem.js';
import { loadPolicy, parsePolicy, type ResolvedPolicy } from '../policy/policy.js';
import { leanLoader } from '../dns/parallel-load.js';
import type { BulkLoader } from '../dns/desired-state.js';
import { loadFile, type Loaded } from '../repo/load.js';
import { changedFiles, GitTree, WorkingTree, type ChangedFile, type Tree } from '../repo/tree.js';
import type { RegisterEntry, SubdomainRequest } from '../schema/types.gen.js';
import type { YamlSource } from '../model/yaml-source.js';
import type { CheckedFile, RuleContext } from '../rules/context.js';
import { checkNameSyntax } from '../rules/name.js';
import { REGISTER_CHECKS, REQUEST_CHECKS, runChecks } from '../rules/registry.js';
import { checkScope } from '../rules/scope.js';
import { TEMPLATE_PATH } from '../intake/form.js';
import { staleIssueForm } from '../intake/form-template.js';
import { lazyPending, lazyRegister, registerFromEntries } from './register-view.js';

export interface ValidationReport {
  valid: boolean;
  files: number;
  problems: Problem[];
  /** The policy itself could not be read: a configuration failure, not a request problem. */
  policyBroken: boolean;
  /** For showing the offending line. */
  lines: Map<string, (line: number) => string>;
}

/** Files that may sit in requests/ and subdomains/ beside the YAML files. */
// The letter-number ledger shares the register folder; it is no register entry.
const IGNORED = new Set(['README.md', '.gitkeep', LETTER_LEDGER_FILE]);

export interface ValidateOptions {
  root: string;
  today: string;
}

/** The whole repository as it is: policy, every request and every register file. */
export function validateRepository({ root, today }: ValidateOptions): Promise<ValidationReport> {
  return validateTree(new WorkingTree(root), today);
}

/**
 * Every file of a tree (the working tree, or a commit): what synth and the apply path check too.
 * Files are read with `loader` (on this thread by default: faster than workers, whose results must
 * be copied back); synth passes a caching loader so the desired state reuses the values.
 */
export async function validateTree(tree: Tree, today: string, loader: BulkLoader = leanLoader): Promise<ValidationReport> {
  const policy = loadPolicy(tree);
  if (!policy.ok) return brokenPolicy(policy.problems);
  const report = newReport();
  report.files = 1;
  report.lines.set(POLICY_PATH, policy.source.lineText);

  report.problems.push(...policy.warnings);
  // The letters are made after DNS is applied: an emblem they cannot read is refused here, before any merge.
  report.problems.push(...emblemProblems(tree, POLICY_PATH, policy.source, policy.policy.office.emblem));
  // The register refuses a broken ledger after DNS is applied: refused here, before it merges.
  const ledger = readLedger(tree);
  if (!ledger.ok) report.problems.push(ledger.problem);
  const form = staleIssueForm(tree, policy.policy);
  if (form) report.problems.push(form);
  const registerFiles = tree.list(REGISTER_DIR).filter((f) => !IGNORED.has(f)).map((f) => `${REGISTER_DIR}/${f}`);
  const requestFiles = tree.list(REQUESTS_DIR).filter((f) => !IGNORED.has(f)).map((f) => `${REQUESTS_DIR}/${f}`);
  const [registerLoaded, requestLoaded] = await Promise.all([loader(tree, registerFiles, 'register'), loader(tree, requestFiles, 'request')]);
  const register = registerLoaded.map((loaded) => named(tree, loaded, 'register', policy.policy, report)).filter((f) => f !== undefined);
  const requests = requestLoaded.map((loaded) => named(tree, loaded, 'request', policy.policy, report)).filter((f) => f !== undefined);
  // A ledger cut short would give a number again: the register would refuse it after DNS is applied.
  const short = ledger.ok && ledger.found ? ledgerShortOf(ledger.ledger, register.flatMap((f) => numbersIn(f.value))) : undefined;
  if (short) report.problems.push(short);
  const context: RuleContext = {
    policy: policy.policy,
    register: registerFromEntries(new Map(register.map((f) => [f.name.fqdn, f.value]))),
    pendingAtBase: new Map(requests.map((f) => [f.name.fqdn, f.value])),
    today,
  };
  for (const file of register) report.problems.push(...runChecks(REGISTER_CHECKS, file, context, { inPullRequest: false }));
  for (const file of requests) report.problems.push(...runChecks(REQUEST_CHECKS, file, context, { inPullRequest: false }));
  return finish(report);
}

/** Named files only, against the policy and register of the working tree. */
export function validatePaths({ root, today }: ValidateOptions, paths: readonly string[]): ValidationReport {
  return validateInTree(new WorkingTree(root), paths, today);
}

/** Named files of any tree (e.g. an OverlayTree holding a file not yet written). */
export function validateInTree(tree: Tree, paths: readonly string[], today: string): ValidationReport {
  const policy = loadPolicy(tree);
  if (!policy.ok) return brokenPolicy(policy.problems);
  const report = newReport();
  report.problems.push(...policy.warnings);
  const context: RuleContext = { policy: policy.policy, register: lazyRegister(tree), pendingAtBase: lazyPending(tree), today };
  for (const path of paths) checkAnyFile(tree, path, context, report, false);
  return finish(report);
}

/**
 * A pull request: the files changed since `base`, checked against the policy and register as
 * they are at `base` — never as the pull request left them.
 */
export function validateChanges({ root, today }: ValidateOptions, base: string): ValidationReport {
  const changes: ChangedFile[] = changedFiles(root, base);
  const baseTree = new GitTree(root, base);
  const headTree = new WorkingTree(root);
  baseTree.prefetch([POLICY_PATH, ...changes.flatMap((c) => namesAround(c.path))]);
  const policy = loadPolicy(baseTree);
  if (!policy.ok) return brokenPolicy(policy.problems.map((p) => ({ ...p, message: msg(`[${base}] ${p.message.id}`, `[${base}] ${p.message.en}`) })));
  const report = newReport();
  const context: RuleContext = { policy: policy.policy, register: lazyRegister(baseTree), pendingAtBase: lazyPending(baseTree), today };
  // The policy as the pull request leaves it: parsed once, for the policy itself, its emblem and the form.
  const changedPaths = new Set(changes.map((c) => c.path));
  const headBytes = headTree.read(POLICY_PATH);
  const headPolicy = headBytes ? parsePolicy(POLICY_PATH, headBytes) : undefined;
  for (const change of changes) {
    // Deleting the ledger would start the outgoing numbers again from 1.
    if (change.status === 'deleted' && change.path === LETTER_LEDGER_PATH) report.problems.push(ledgerLost());
    if (change.status === 'deleted') continue;
    if (change.path === POLICY_PATH) {
      report.files++;
      if (!headPolicy?.ok) report.problems.push(...(headPolicy?.problems ?? []));
    } else if (change.path.startsWith(`${REQUESTS_DIR}/`) || change.path.startsWith(`${REGISTER_DIR}/`)) {
      checkAnyFile(headTree, change.path, context, report, true);
    }
  }
  if (headPolicy?.ok) {
    // The letters read the emblem after DNS is applied: a changed policy or a changed image is checked now.
    const emblem = headPolicy.policy.office.emblem;
    if (changedPaths.has(POLICY_PATH) || (emblem !== undefined && changedPaths.has(emblem.replace(/^\.\//, '')))) {
      report.problems.push(...emblemProblems(headTree, POLICY_PATH, headPolicy.source, emblem));
    }
    if (changedPaths.has(POLICY_PATH) || changedPaths.has(TEMPLATE_PATH)) {
      const form = staleIssueForm(headTree, headPolicy.policy);
      if (form) report.problems.push(form);
    }
  }
  report.problems.push(...checkScope(changes));
  return finish(report);
}

/** The base's register and request paths a changed file's checks may read: its name and its parents. */
function namesAround(path: string): string[] {
  const fqdn = domainOfFile(path);
  if (!fqdn || !(path.startsWith(`${REQUESTS_DIR}/`) || path.startsWith(`${REGISTER_DIR}/`))) return [];
  const labels = fqdn.split('.');
  return labels.slice(0, -2).flatMap((_, i) => {
    const name = labels.slice(i).join('.');
    return [registerPath(name), requestPath(name)];
  });
}

function checkAnyFile(tree: Tree, path: string, context: RuleContext, report: ValidationReport, inPullRequest: boolean): void {
  const normalized = path.replace(/^\.\//, '');
  const name = normalized.slice(normalized.lastIndexOf('/') + 1);
  if (normalized === LETTER_LEDGER_PATH) {
    report.files++;
    const ledger = trustedLedger(tree);
    if (!ledger.ok) report.problems.push(ledger.problem);
    return;
  }
  if (IGNORED.has(name)) return;
  if (normalized === POLICY_PATH) {
    report.files++;
    const bytes = tree.read(normalized);
    const result = bytes ? parsePolicy(normalized, bytes) : undefined;
    if (result && !result.ok) report.problems.push(...result.problems);
    return;
  }
  if (normalized.startsWith(`${REGISTER_DIR}/`)) {
    const file = loadNamed(tree, normalized, 'register', context.policy, report);
    if (file) report.problems.push(...runChecks(REGISTER_CHECKS, file, context, { inPullRequest }));
    return;
  }
  if (!normalized.startsWith(`${REQUESTS_DIR}/`) || normalized.split('/').length !== 2) {
    report.files++;
    report.problems.push(problem(normalized, 'file/location', msg(
      'Berkas permohonan harus berada langsung di folder requests/.', 'Request files must sit directly in the requests/ folder.')));
    return;
  }
  const file = loadNamed(tree, normalized, 'request', context.policy, report);
  if (file) report.problems.push(...runChecks(REQUEST_CHECKS, file, context, { inPullRequest }));
}

/** Loads a request or register file under its name; problems of the name or of the file go to the report. */
function loadNamed<K extends 'request' | 'register'>(tree: Tree, path: string, kind: K, policy: ResolvedPolicy, report: ValidationReport): CheckedFile<K extends 'request' ? SubdomainRequest : RegisterEntry> | undefined {
  return named(tree, loadFile(tree, path, kind), kind, policy, report);
}

function named<K extends 'request' | 'register'>(tree: Tree, result: Loaded<K>, kind: K, policy: ResolvedPolicy, report: ValidationReport): CheckedFile<K extends 'request' ? SubdomainRequest : RegisterEntry> | undefined {
  const { path } = result;
  report.files++;
  const name = nameOfFile(path, policy, report);
  // A bulk loader keeps no source for a file it could not load: read that one again for its lines.
  const loaded = result.ok || result.source ? result : loadFile(tree, path, kind);
  if (loaded.source) sourcesOf(report).set(path, loaded.source);
  if (!loaded.ok) {
    report.problems.push(...loaded.problems);
    return undefined;
  }
  if (!name) return undefined;
  return { path, name, source: loaded.source, value: loaded.value as K extends 'request' ? SubdomainRequest : RegisterEntry };
}

/** The file name is `<labels>.<zone>.yaml` for a zone of the policy, with valid labels. */
function nameOfFile(path: string, policy: ResolvedPolicy, report: ValidationReport): DomainName | undefined {
  const fqdn = domainOfFile(path);
  const zones = policy.zones.map((z) => z.name).join(', ');
  if (fqdn === undefined) {
    report.problems.push(problem(path, 'name/file-name', msg(
      `Nama berkas harus <subdomain>.<zona>.yaml, contoh: sehat.${policy.zones[0]?.name ?? 'contoh.go.id'}.yaml.`,
      `The file name must be <subdomain>.<zone>.yaml, e.g. sehat.${policy.zones[0]?.name ?? 'contoh.go.id'}.yaml.`), { line: 1, column: 1 }));
    return undefined;
  }
  const name = splitDomain(fqdn.toLowerCase(), policy.zones);
  if (!name) {
    report.problems.push(problem(path, 'name/zone', msg(
      `${fqdn} tidak berada di zona yang dikelola (${zones}).`, `${fqdn} is not in a zone this repository governs (${zones}).`), { line: 1, column: 1 }));
    return undefined;
  }
  const exact = { ...name, fqdn, labels: fqdn.slice(0, fqdn.length - name.zone.name.length - 1).split('.') };
  const problems = checkNameSyntax(path, exact, policy.allow_punycode);
  report.problems.push(...problems);
  return problems.length > 0 ? undefined : exact;
}

function newReport(): ValidationReport {
  return { valid: true, files: 0, problems: [], policyBroken: false, lines: new Map() };
}

function brokenPolicy(problems: Problem[]): ValidationReport {
  return { valid: false, files: 1, problems, policyBroken: true, lines: new Map() };
}

/** Every file's source, kept beside a report until `finish` gives the files with problems their lines. */
const sources = new WeakMap<ValidationReport, Map<string, YamlSource>>();

function sourcesOf(report: ValidationReport): Map<string, YamlSource> {
  let map = sources.get(report);
  if (!map) sources.set(report, (map = new Map()));
  return map;
}

function finish(report: ValidationReport): ValidationReport {
  const known = sources.get(report);
  for (const file of new Set(report.problems.map((p) => p.file))) {
    const source = known?.get(file);
    if (source && !report.lines.has(file)) report.lines.set(file, (line) => source.lineText(line));
  }
  sources.delete(report);
  report.problems.sort(byPosition);
  report.valid = !hasErrors(report.problems);
  return report;
}

/** Today's date where the offices are (WIB), YYYY-MM-DD. */
export function jakartaDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
