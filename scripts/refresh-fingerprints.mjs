// Refreshes src/watch/fingerprints/can-i-take-over-xyz.json, the snapshot of the subdomain
// takeover fingerprints maintained by EdOverflow/can-i-take-over-xyz (CC BY 4.0; see
// src/watch/fingerprints/NOTICE.md).
//
//   node scripts/refresh-fingerprints.mjs                      # online: GitHub API + raw file
//   node scripts/refresh-fingerprints.mjs <fingerprints.json> --commit <sha>   # offline
//   options: [--commit <sha>] [--retrieved YYYY-MM-DD] [--out <file>]
//
// Online, the commit is the head of master as the GitHub API gives it, and fingerprints.json is
// downloaded at that commit (not at `master`), so the recorded commit is the one the data came
// from. Offline, pass a local copy of fingerprints.json and the commit it was taken from.
//
// Every entry's shape is checked before anything is written; a bad entry fails the refresh
// with a message naming it. Entries are kept as the source has them, in its order, with the
// fields listed in FIELDS (the source's CI bookkeeping field `cicd_pass` is dropped).
// Plain Node, no dependencies.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = 'EdOverflow/can-i-take-over-xyz';
export const SOURCE = `https://github.com/${REPOSITORY}`;
export const LICENCE = 'CC-BY-4.0';
const COMMIT_API = `https://api.github.com/repos/${REPOSITORY}/commits/master`;
const rawUrl = (ref) => `https://raw.githubusercontent.com/${REPOSITORY}/${ref}/fingerprints.json`;
const DEFAULT_OUT = fileURLToPath(new URL('../src/watch/fingerprints/can-i-take-over-xyz.json', import.meta.url));

/** The fields kept from each entry, in the source's order. */
export const FIELDS = ['cname', 'discussion', 'documentation', 'fingerprint', 'http_status', 'nxdomain', 'service', 'status', 'vulnerable'];
export const STATUSES = ['Vulnerable', 'Not vulnerable', 'Edge case'];

const show = (v) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** What is wrong with one entry's shape, as sentences; empty when it is fine. */
function entryProblems(e) {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return [`must be an object, got ${show(e)}`];
  const p = [];
  if (typeof e.service !== 'string' || e.service.trim() === '') p.push(`service must be a non-empty string, got ${show(e.service)}`);
  if (!Array.isArray(e.cname) || !e.cname.every((c) => typeof c === 'string')) p.push(`cname must be a list of strings, got ${show(e.cname)}`);
  if (typeof e.fingerprint !== 'string') p.push(`fingerprint must be a string, got ${show(e.fingerprint)}`);
  if (typeof e.nxdomain !== 'boolean') p.push(`nxdomain must be true or false, got ${show(e.nxdomain)}`);
  if (!(e.http_status === null || (Number.isInteger(e.http_status) && e.http_status >= 100 && e.http_status <= 599))) {
    p.push(`http_status must be null or an HTTP status (100-599), got ${show(e.http_status)}`);
  }
  if (!STATUSES.includes(e.status)) p.push(`status must be one of ${STATUSES.map((s) => JSON.stringify(s)).join(', ')}, got ${show(e.status)}`);
  if (typeof e.vulnerable !== 'boolean') p.push(`vulnerable must be true or false, got ${show(e.vulnerable)}`);
  if (typeof e.discussion !== 'string') p.push(`discussion must be a string, got ${show(e.discussion)}`);
  if (e.documentation !== undefined && typeof e.documentation !== 'string') p.push(`documentation must be a string, got ${show(e.documentation)}`);
  return p;
}

/** Throws, naming every bad entry (index and service), unless `list` is a non-empty list of well-formed entries. */
export function validateEntries(list, file = 'fingerprints.json') {
  if (!Array.isArray(list)) throw new Error(`${file}: expected a JSON list of fingerprint entries, got ${list === null ? 'null' : typeof list}`);
  if (list.length === 0) throw new Error(`${file}: the list of fingerprint entries is empty`);
  const errors = [];
  list.forEach((e, i) => {
    const name = e && typeof e === 'object' && typeof e.service === 'string' && e.service ? ` (${JSON.stringify(e.service)})` : '';
    for (const problem of entryProblems(e)) errors.push(`${file} entry ${i}${name}: ${problem}`);
  });
  if (errors.length > 0) throw new Error(errors.join('\n'));
}

/** The snapshot: source metadata around the entries, each reduced to FIELDS and otherwise as given. */
export function buildSnapshot(list, { commit, retrieved }) {
  if (!/^[0-9a-f]{40}$/.test(commit ?? '')) throw new Error(`commit must be a full 40-hex-digit SHA, got ${show(commit)}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(retrieved ?? '')) throw new Error(`retrieved must be a date YYYY-MM-DD, got ${show(retrieved)}`);
  validateEntries(list);
  return {
    source: SOURCE,
    commit,
    retrieved,
    licence: LICENCE,
    fingerprints: list.map((e) => Object.fromEntries(FIELDS.filter((f) => f in e).map((f) => [f, e[f]]))),
  };
}

async function get(url, accept) {
  const res = await fetch(url, { headers: { accept, 'user-agent': 'subdomain-gitops refresh-fingerprints' }, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.text();
}

function parseArgs(argv) {
  const opts = { file: undefined, commit: undefined, retrieved: undefined, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--commit' || a === '--retrieved' || a === '--out') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      opts[a.slice(2)] = a === '--out' ? resolve(v) : v;
    } else if (a.startsWith('--') || opts.file !== undefined) {
      throw new Error(`unexpected argument ${a}`);
    } else opts.file = a;
  }
  return opts;
}

async function main(argv) {
  const opts = parseArgs(argv);
  if (opts.file !== undefined && opts.commit === undefined) {
    throw new Error('a local fingerprints.json needs --commit <sha>: the commit it was taken from');
  }
  let text;
  let commit = opts.commit;
  if (opts.file !== undefined) {
    text = readFileSync(opts.file, 'utf8');
  } else {
    commit ??= JSON.parse(await get(COMMIT_API, 'application/vnd.github+json')).sha;
    text = await get(rawUrl(commit), 'application/json');
  }
  const file = opts.file ?? rawUrl(commit);
  let list;
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${e.message})`);
  }
  validateEntries(list, file);
  const snapshot = buildSnapshot(list, { commit, retrieved: opts.retrieved ?? new Date().toISOString().slice(0, 10) });
  mkdirSync(dirname(opts.out), { recursive: true });
  const tmp = `${opts.out}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(snapshot, null, 2)}\n`);
  renameSync(tmp, opts.out);
  const count = (s) => snapshot.fingerprints.filter((e) => e.status === s).length;
  console.log(`wrote ${opts.out}: ${snapshot.fingerprints.length} entries (${STATUSES.map((s) => `${count(s)} ${s}`).join(', ')}) at ${commit}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`refresh-fingerprints: ${e.message}`);
    process.exit(1);
  });
}
