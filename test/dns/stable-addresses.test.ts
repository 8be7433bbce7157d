// Proves with the real `terraform` binary that the synthesized record addresses and `moved`
// blocks keep live records' resources. The Cloudflare provider cannot be downloaded here, so each
// synthesized `cloudflare_dns_record` becomes a built-in `terraform_data` resource whose `input`
// holds the record's attributes as synthesized, and each `moved` block is retargeted the same
// way: Terraform's plan of that configuration is the plan of the real one, minus the provider.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { synthesize } from '../../src/dns/synth.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { hasTerraform, terraformEnv } from '../support/terraform.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'addresses');
const ZONE = 'contohkota.go.id';
const STACK_FILE = join('cdktf.out', 'stacks', 'contohkota-go-id', 'cdk.tf.json');
const TODAY = '2026-11-24';
const SOURCE_TYPE = 'cloudflare_dns_record';
const TARGET_TYPE = 'terraform_data';
/** The attributes of a record that go into `terraform_data.input`, as synthesized. */
const INPUT_KEYS = ['name', 'type', 'content', 'data', 'ttl', 'proxied', 'priority', 'comment'] as const;

// ---------------------------------------------------------------------------------------------
// terraform

if (!hasTerraform) {
  console.warn('test/dns/stable-addresses.test.ts: `terraform` is not on PATH (or does not run): the Terraform checks of addresses and moved blocks are SKIPPED.');
}

interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
}

type Input = Partial<Record<(typeof INPUT_KEYS)[number], unknown>>;

interface Change {
  /** Without the resource type: `sehat__a`. */
  id: string;
  previous?: string;
  actions: string[];
  before?: Input;
  after?: Input;
}

interface Plan {
  changes: Change[];
  diagnostics: Diagnostic[];
}

type TfJson = Record<string, unknown>;

/** The synthesized stack's JSON, as `cdk.tf.json` holds it. */
interface SynthStack {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  moved?: { from: string; to: string }[];
  [key: string]: unknown;
}

/**
 * The provider-less twin of a synthesized stack: `terraform_data` resources with the records'
 * attributes as `input` (strings unmodified: they are already escaped for Terraform's JSON
 * syntax), and the `moved` blocks retargeted. Provider, variable and backend are dropped; any
 * other block or resource type is refused, so that nothing the synthesis adds is silently lost.
 */
function providerless(stack: SynthStack): TfJson {
  for (const key of Object.keys(stack)) {
    if (!['//', 'terraform', 'provider', 'variable', 'resource', 'moved'].includes(key)) throw new Error(`unexpected top-level block in the stack: ${key}`);
  }
  for (const type of Object.keys(stack.resource ?? {})) {
    if (type !== SOURCE_TYPE) throw new Error(`unexpected resource type in the stack: ${type}`);
  }
  const resources: Record<string, { input: Input }> = {};
  for (const [id, resource] of Object.entries(stack.resource?.[SOURCE_TYPE] ?? {})) {
    const input: Input = {};
    for (const key of INPUT_KEYS) if (key in resource) input[key] = resource[key];
    resources[id] = { input };
  }
  const retype = (address: string) => {
    if (!address.startsWith(`${SOURCE_TYPE}.`)) throw new Error(`moved block with an unexpected address: ${address}`);
    return `${TARGET_TYPE}.${address.slice(SOURCE_TYPE.length + 1)}`;
  };
  const moved = (stack.moved ?? []).map((m) => ({ from: retype(m.from), to: retype(m.to) }));
  return { resource: { [TARGET_TYPE]: resources }, ...(moved.length > 0 ? { moved } : {}) };
}

/** One office repository and one Terraform working folder (with its local state), under one temp folder. */
class Workspace {
  readonly root = mkdtempSync(join(tmpdir(), 'stable-addresses-'));
  readonly office = join(this.root, 'office');
  readonly tf = join(this.root, 'tf');
  private readonly env = terraformEnv(this.tf);
  private initialised = false;
  /** Every terraform command run, for failure messages. */
  readonly log: string[] = [];

  constructor() {
    cpSync(FIXTURE, this.office, { recursive: true });
    mkdirSync(join(this.office, 'subdomains'));
    mkdirSync(join(this.office, 'requests'));
    mkdirSync(join(this.tf, 'no-providers'), { recursive: true });
    // Installing any provider could only look in an empty folder: never the network.
    writeFileSync(join(this.tf, 'cli.tfrc'), `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(join(this.tf, 'no-providers'))}\n    include = ["*/*"]\n  }\n}\n`);
  }

  register(fqdn: string, yaml: string): void {
    writeFileSync(join(this.office, 'subdomains', `${fqdn}.yaml`), yaml);
  }

  request(fqdn: string, yaml: string): void {
    writeFileSync(join(this.office, 'requests', `${fqdn}.yaml`), yaml);
  }

  dropRequest(fqdn: string): void {
    rmSync(join(this.office, 'requests', `${fqdn}.yaml`));
  }

  /** `subdomain synth` of the office repository (validate's rules first), read back. */
  async synth(): Promise<SynthStack> {
    const result = await synthesize(new WorkingTree(this.office), { out: 'cdktf.out', cwd: this.office, today: TODAY });
    if (!result.ok) throw new Error(`synthesis refused the tree:\n${JSON.stringify(result.problems, null, 2)}`);
    return JSON.parse(readFileSync(join(this.office, STACK_FILE), 'utf8')) as SynthStack;
  }

  private run(args: string[], accept: (status: number) => boolean = (s) => s === 0): { stdout: string; stderr: string; status: number } {
    const result = spawnSync('terraform', args, { cwd: this.tf, env: this.env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    const status = result.status ?? -1;
    this.log.push(`$ terraform ${args.join(' ')} → ${status}`);
    if (!accept(status)) {
      throw new Error(`terraform ${args.join(' ')} exited ${status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}\n--- main.tf.json\n${readFileSync(join(this.tf, 'main.tf.json'), 'utf8')}`);
    }
    return { stdout: result.stdout, stderr: result.stderr, status };
  }

  /** `terraform plan` of a configuration against this folder's state; the plan is saved for `apply`. */
  plan(config: TfJson): Plan {
    writeFileSync(join(this.tf, 'main.tf.json'), `${JSON.stringify(config, null, 2)}\n`);
    if (!this.initialised) {
      this.run(['init', '-input=false', '-no-color']);
      this.initialised = true;
    }
    const planned = this.run(['plan', '-input=false', '-no-color', '-json', '-out=tfplan'], () => true);
    const diagnostics: Diagnostic[] = [];
    for (const line of planned.stdout.split('\n')) {
      if (!line.trim()) continue;
      const message = JSON.parse(line) as { type: string; diagnostic?: Diagnostic };
      if (message.type === 'diagnostic' && message.diagnostic) diagnostics.push(message.diagnostic);
    }
    if (planned.status !== 0) {
      throw new Error(`terraform plan exited ${planned.status}: ${JSON.stringify(diagnostics, null, 2)}\n${planned.stderr}\n--- main.tf.json\n${readFileSync(join(this.tf, 'main.tf.json'), 'utf8')}`);
    }
    const shown = JSON.parse(this.run(['show', '-json', '-no-color', 'tfplan']).stdout) as {
      resource_changes?: { address: string; previous_address?: string; type: string; name: string; change: { actions: string[]; before: { input?: Input } | null; after: { input?: Input } | null } }[];
    };
    const changes = (shown.resource_changes ?? []).map((rc): Change => {
      if (rc.type !== TARGET_TYPE) throw new Error(`unexpected resource in the plan: ${rc.address}`);
      return {
        id: rc.name,
        ...(rc.previous_address ? { previous: stripType(rc.previous_address) } : {}),
        actions: rc.change.actions,
        ...(rc.change.before?.input ? { before: rc.change.before.input } : {}),
        ...(rc.change.after?.input ? { after: rc.change.after.input } : {}),
      };
    });
    return { changes: changes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), diagnostics };
  }

  /** Applies the plan last made. */
  apply(): void {
    this.run(['apply', '-input=false', '-no-color', '-auto-approve', 'tfplan']);
  }

  /** Plans a configuration (which must plan cleanly) and applies it. */
  planAndApply(config: TfJson): Plan {
    const plan = this.plan(config);
    expectClean(plan);
    this.apply();
    return plan;
  }

  /** The resources in state: id → input. */
  state(): Record<string, Input> {
    const state = JSON.parse(readFileSync(join(this.tf, 'terraform.tfstate'), 'utf8')) as { resources: { type: string; name: string; instances: { attributes: { input: Input } }[] }[] };
    const out: Record<string, Input> = {};
    for (const r of state.resources) out[r.name] = r.instances[0]!.attributes.input;
    return out;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function stripType(address: string): string {
  if (!address.startsWith(`${TARGET_TYPE}.`)) throw new Error(`unexpected address in the plan: ${address}`);
  return address.slice(TARGET_TYPE.length + 1);
}

const has = (change: Change, action: string) => change.actions.includes(action);
const creates = (plan: Plan) => plan.changes.filter((c) => has(c, 'create'));
const deletes = (plan: Plan) => plan.changes.filter((c) => has(c, 'delete'));
const moves = (plan: Plan) => plan.changes.filter((c) => c.previous !== undefined);
const changing = (plan: Plan) => plan.changes.filter((c) => !(c.actions.length === 1 && c.actions[0] === 'no-op'));

/** No errors and no warnings: a moved block Terraform had to ignore is a warning ("Unresolved resource instance address changes"). */
function expectClean(plan: Plan): void {
  expect(plan.diagnostics, JSON.stringify(plan.diagnostics, null, 2)).toEqual([]);
}

/** After applying, the same configuration plans no change at all. */
function expectConverged(ws: Workspace, config: TfJson): void {
  const again = ws.plan(config);
  expectClean(again);
  expect(changing(again), JSON.stringify(again.changes, null, 2)).toEqual([]);
  expect(moves(again)).toEqual([]);
}

const describeTerraform = hasTerraform ? describe : describe.skip;

// ---------------------------------------------------------------------------------------------
// office files

interface RecordSpec {
  type: 'A' | 'TXT';
  name?: string;
  value: string | string[];
  ttl?: number;
}

const A = (value: string): RecordSpec => ({ type: 'A', value });

const SIGNER = `  signer:\n    name: dr. Tanti Rohilawati\n    nip: "197205031999032004"\n    position: Kepala Dinas\n`;
const CONTACT = `contact:\n  name: Rina Marlina\n  nip: "198507122010012015"\n  email: rina@contohkota.go.id\n  phone: "+6281210001111"\n`;

function recordsYaml(records: readonly RecordSpec[]): string {
  return `records:\n${records
    .map((r) => `  - type: ${r.type}\n${r.name ? `    name: ${r.name}\n` : ''}    value: ${JSON.stringify(r.value)}\n${r.ttl !== undefined ? `    ttl: ${r.ttl}\n` : ''}`)
    .join('')}`;
}

function registerYaml(opd: string, letter: string, records: readonly RecordSpec[]): string {
  return (
    `opd: ${opd}\npurpose: Layanan warga.\n${CONTACT}${recordsYaml(records)}` +
    `history:\n  - action: create\n    letter:\n      number: ${letter}\n      date: "2025-03-03"\n${SIGNER.replace(/^(?=.)/gm, '    ')}` +
    `    pull_request: 3\n    applied_at: "2025-03-04T03:25:00Z"\n    commit: 4f1c2a9e0b7d3c5a6e8f9a0b1c2d3e4f5a6b7c8d\n`
  );
}

function updateYaml(opd: string, letter: string, records: readonly RecordSpec[]): string {
  return `action: update\nopd: ${opd}\nletter:\n  number: ${letter}\n  date: "2026-11-18"\n${SIGNER}purpose: Menambah server.\n${CONTACT}${recordsYaml(records)}`;
}

const fqdnOf = (label: string) => `${label}.${ZONE}`;
const hash10 = (content: string) => createHash('sha256').update(content).digest('hex').slice(0, 10);
/** The address of one of several records of a name and type: `<slug>__<type>_c<hash of content>`. */
const hashed = (base: string, content: string) => `${base}_c${hash10(content)}`;
const contents = (changes: Change[], side: 'before' | 'after') => changes.map((c) => c[side]?.content).sort();

// ---------------------------------------------------------------------------------------------
// version 0.1's addresses, written out by hand

/**
 * 0.1's name slug (unchanged since): the relative name with dots as `_`; a name holding `_` or
 * starting with a digit gets a hash of the full name.
 */
function slug01(fqdn: string): string {
  const relative = fqdn.slice(0, -(ZONE.length + 1));
  const slug = relative.replace(/\./g, '_');
  if (/^[a-z][a-z0-9-]*(_[a-z0-9][a-z0-9-]*)*$/.test(slug) && !relative.includes('_')) return slug;
  const safe = slug.replace(/[^a-z0-9_-]/g, '-');
  return `${/^[a-z_]/.test(safe) ? '' : 'n'}${safe}_x${createHash('sha256').update(fqdn).digest('hex').slice(0, 8)}`;
}

/**
 * What 0.1 synthesized for register entries (A and TXT records only): one resource per value and
 * per TXT list item, content unquoted, addressed by position in sorted content order
 * (`<slug>__a`, `<slug>__a_2`, …), as `terraform_data`.
 */
function config01(entries: readonly { fqdn: string; opd: string; letter: string; records: readonly RecordSpec[] }[]): TfJson {
  const resources: Record<string, { input: Input }> = {};
  for (const entry of entries) {
    const pieces: { name: string; type: string; content: string; ttl: number }[] = [];
    for (const r of entry.records) {
      const name = r.name ? `${r.name}.${entry.fqdn}` : entry.fqdn;
      for (const v of Array.isArray(r.value) ? r.value : [r.value]) pieces.push({ name, type: r.type, content: v.trim(), ttl: r.ttl ?? 1 });
    }
    pieces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : a.content < b.content ? -1 : a.content > b.content ? 1 : 0));
    let group = '';
    let index = 0;
    for (const p of pieces) {
      index = `${p.name} ${p.type}` === group ? index + 1 : 0;
      group = `${p.name} ${p.type}`;
      const id = `${slug01(p.name)}__${p.type.toLowerCase()}${index > 0 ? `_${index + 1}` : ''}`;
      resources[id] = {
        input: { name: p.name, type: p.type, content: p.content, ttl: p.ttl, ...(p.type === 'A' ? { proxied: false } : {}), comment: `opd:${entry.opd}; surat:${entry.letter}` },
      };
    }
  }
  return { resource: { [TARGET_TYPE]: resources } };
}

// ---------------------------------------------------------------------------------------------

describeTerraform('stable record addresses and moved blocks, planned by terraform', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => {
    ws.dispose();
  });

  const SEHAT = fqdnOf('sehat');
  const REGISTERED = '400.7/1021/Dinkes';
  const REQUESTED = '400.7/1200/Dinkes';

  it('grow: adding A .49 beside the only A .50 moves .50 to its hashed address and creates only .49', async () => {
    ws.register(SEHAT, registerYaml('dinkes', REGISTERED, [A('103.122.6.50')]));
    const before = await ws.synth();
    expect(Object.keys(before.resource![SOURCE_TYPE]!)).toEqual(['sehat__a']);
    expect(before.moved).toBeUndefined();
    ws.planAndApply(providerless(before));

    ws.request(SEHAT, updateYaml('dinkes', REQUESTED, [A('103.122.6.49'), A('103.122.6.50')]));
    const after = await ws.synth();
    expect(Object.keys(after.resource![SOURCE_TYPE]!).sort()).toEqual([hashed('sehat__a', '103.122.6.49'), hashed('sehat__a', '103.122.6.50')].sort());
    expect(after.moved).toEqual([{ from: `${SOURCE_TYPE}.sehat__a`, to: `${SOURCE_TYPE}.${hashed('sehat__a', '103.122.6.50')}` }]);

    const config = providerless(after);
    const plan = ws.plan(config);
    expectClean(plan);
    const [moved, ...otherMoves] = moves(plan);
    expect(otherMoves).toEqual([]);
    expect(moved).toMatchObject({ id: hashed('sehat__a', '103.122.6.50'), previous: 'sehat__a' });
    // the new letter changes the comment: an update in place of the same record, never a replacement
    expect(moved!.actions).toEqual(['update']);
    expect(moved!.before).toMatchObject({ content: '103.122.6.50', comment: `opd:dinkes; surat:${REGISTERED}` });
    expect(moved!.after).toMatchObject({ content: '103.122.6.50', comment: `opd:dinkes; surat:${REQUESTED}` });
    expect(contents(creates(plan), 'after')).toEqual(['103.122.6.49']);
    expect(creates(plan)[0]!.id).toBe(hashed('sehat__a', '103.122.6.49'));
    expect(deletes(plan)).toEqual([]);
    ws.apply();
    expectConverged(ws, config);

    // once the request is recorded in the register, the register alone gives the same configuration (no moves left to make)
    ws.dropRequest(SEHAT);
    ws.register(SEHAT, registerYaml('dinkes', REQUESTED, [A('103.122.6.49'), A('103.122.6.50')]));
    expectConverged(ws, providerless(await ws.synth()));
  });

  it('grow without a new letter: the moved .50 is a no-op, not even an update', async () => {
    ws.register(SEHAT, registerYaml('dinkes', REGISTERED, [A('103.122.6.50')]));
    ws.planAndApply(providerless(await ws.synth()));
    ws.request(SEHAT, updateYaml('dinkes', REGISTERED, [A('103.122.6.49'), A('103.122.6.50')]));
    const plan = ws.plan(providerless(await ws.synth()));
    expectClean(plan);
    expect(moves(plan).map((c) => [c.previous, c.id, c.actions])).toEqual([['sehat__a', hashed('sehat__a', '103.122.6.50'), ['no-op']]]);
    expect(changing(plan).map((c) => [c.actions, c.after?.content])).toEqual([[['create'], '103.122.6.49']]);
  });

  it('shrink: keeping only .50 of two A records moves .50 back to sehat__a and deletes only .49', async () => {
    ws.register(SEHAT, registerYaml('dinkes', REGISTERED, [A('103.122.6.49'), A('103.122.6.50')]));
    const before = await ws.synth();
    const [a49, a50] = [hashed('sehat__a', '103.122.6.49'), hashed('sehat__a', '103.122.6.50')];
    expect(Object.keys(before.resource![SOURCE_TYPE]!).sort()).toEqual([a49, a50].sort());
    ws.planAndApply(providerless(before));
    expect(Object.keys(ws.state()).sort()).toEqual([a49, a50].sort());

    ws.request(SEHAT, updateYaml('dinkes', REQUESTED, [A('103.122.6.50')]));
    const after = await ws.synth();
    expect(Object.keys(after.resource![SOURCE_TYPE]!)).toEqual(['sehat__a']);
    // also a move from 0.1's address of .50 (sehat__a_2), inert here: that address is not in state
    expect(after.moved).toContainEqual({ from: `${SOURCE_TYPE}.${a50}`, to: `${SOURCE_TYPE}.sehat__a` });

    const config = providerless(after);
    const plan = ws.plan(config);
    expectClean(plan);
    expect(moves(plan).map((c) => [c.previous, c.id])).toEqual([[a50, 'sehat__a']]);
    const moved = moves(plan)[0]!;
    expect(moved.before?.content).toBe('103.122.6.50');
    expect(moved.after?.content).toBe('103.122.6.50');
    expect(moved.actions).not.toContain('delete');
    expect(creates(plan)).toEqual([]);
    expect(deletes(plan).map((c) => [c.id, c.actions, c.before?.content])).toEqual([[a49, ['delete'], '103.122.6.49']]);
    ws.apply();
    expectConverged(ws, config);
  });

  it('in-place change: the only A going from .50 to .51 keeps its address and is updated, nothing created or deleted', async () => {
    ws.register(SEHAT, registerYaml('dinkes', REGISTERED, [A('103.122.6.50')]));
    ws.planAndApply(providerless(await ws.synth()));

    ws.request(SEHAT, updateYaml('dinkes', REQUESTED, [A('103.122.6.51')]));
    const after = await ws.synth();
    expect(Object.keys(after.resource![SOURCE_TYPE]!)).toEqual(['sehat__a']);
    expect(after.moved).toBeUndefined();
    const plan = ws.plan(providerless(after));
    expectClean(plan);
    expect(plan.changes.map((c) => [c.id, c.previous, c.actions, c.before?.content, c.after?.content])).toEqual([['sehat__a', undefined, ['update'], '103.122.6.50', '103.122.6.51']]);
  });

  it('state written by 0.1: both positional A resources move to the hashed addresses, the TXT list keeps its first piece and drops the second', async () => {
    const SEKOLAH = fqdnOf('sekolah');
    const records: RecordSpec[] = [A('103.122.6.21'), A('103.122.6.20'), { type: 'TXT', name: '_dmarc', value: ['part1', 'part2'] }];
    const letter = '400.3/112/Disdik';
    const old = config01([{ fqdn: SEKOLAH, opd: 'disdik', letter, records }]);
    const txt = `${slug01(`_dmarc.${SEKOLAH}`)}__txt`;
    expect(Object.keys((old.resource as Record<string, object>)[TARGET_TYPE]!).sort()).toEqual([txt, `${txt}_2`, 'sekolah__a', 'sekolah__a_2'].sort());
    ws.planAndApply(old);

    ws.register(SEKOLAH, registerYaml('disdik', letter, records));
    const now = await ws.synth();
    const [a20, a21] = [hashed('sekolah__a', '103.122.6.20'), hashed('sekolah__a', '103.122.6.21')];
    // the new TXT address is the one 0.1 gave the list's first piece
    expect(Object.keys(now.resource![SOURCE_TYPE]!).sort()).toEqual([txt, a20, a21].sort());
    expect(now.resource![SOURCE_TYPE]![txt]!.content).toBe('"part1" "part2"');
    expect(now.moved).toEqual(expect.arrayContaining([
      { from: `${SOURCE_TYPE}.sekolah__a`, to: `${SOURCE_TYPE}.${a20}` },
      { from: `${SOURCE_TYPE}.sekolah__a_2`, to: `${SOURCE_TYPE}.${a21}` },
    ]));

    const config = providerless(now);
    const plan = ws.plan(config);
    expectClean(plan);
    expect(moves(plan).map((c) => [c.previous, c.id, c.actions]).sort()).toEqual([
      ['sekolah__a', a20, ['no-op']],
      ['sekolah__a_2', a21, ['no-op']],
    ].sort());
    expect(creates(plan)).toEqual([]);
    const kept = plan.changes.find((c) => c.id === txt)!;
    expect(kept.actions).toEqual(['update']);
    expect([kept.before?.content, kept.after?.content]).toEqual(['part1', '"part1" "part2"']);
    expect(deletes(plan).map((c) => [c.id, c.actions, c.before?.content])).toEqual([[`${txt}_2`, ['delete'], 'part2']]);
    ws.apply();
    expectConverged(ws, config);
  });

  it('never both deletes and creates one content, and always plans cleanly, for random A sets before and after (fast-check)', async () => {
    const POOL = ['103.122.6.2', '103.122.6.10', '103.122.6.49', '103.122.6.50', '103.122.6.7'];
    const set = fc.uniqueArray(fc.constantFrom(...POOL), { minLength: 1, maxLength: POOL.length });
    // several names per run, one terraform plan for all of them
    const cases = fc.array(fc.record({ before: set, after: set }), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(cases, async (names) => {
        const run = new Workspace();
        try {
          names.forEach(({ before }, i) => run.register(fqdnOf(`p${i}`), registerYaml('dinkes', REGISTERED, before.map(A))));
          run.planAndApply(providerless(await run.synth()));
          names.forEach(({ before, after }, i) => {
            if ([...before].sort().join() !== [...after].sort().join()) run.request(fqdnOf(`p${i}`), updateYaml('dinkes', REGISTERED, after.map(A)));
          });
          const config = providerless(await run.synth());
          const plan = run.plan(config);
          expectClean(plan);
          names.forEach(({ before, after }, i) => {
            const name = fqdnOf(`p${i}`);
            const at = (c: Change) => c.before?.name === name || c.after?.name === name;
            const created = creates(plan).filter(at).map((c) => c.after!.content as string);
            const deleted = deletes(plan).filter(at).map((c) => c.before!.content as string);
            expect(created.filter((c) => deleted.includes(c)), `both deleted and created at ${name}`).toEqual([]);
            // every surviving value keeps its resource (same address or moved), never replaced
            for (const value of before.filter((v) => after.includes(v))) {
              const holder = plan.changes.find((c) => at(c) && c.after?.content === value)!;
              expect(holder.actions, `${value} at ${name}`).not.toContain('create');
              expect(holder.before?.content, `${value} at ${name}`).toBe(value);
            }
            if (before.length === 1 && after.length === 1) {
              // the only record of its name and type: a new value is an update in place
              expect([created, deleted]).toEqual([[], []]);
            } else {
              // precisely: only the added values are created, only the removed ones deleted
              expect(created.sort()).toEqual(after.filter((v) => !before.includes(v)).sort());
              expect(deleted.sort()).toEqual(before.filter((v) => !after.includes(v)).sort());
            }
          });
          run.apply();
          expectConverged(run, config);
        } finally {
          run.dispose();
        }
      }),
      { numRuns: 20 },
    );
  }, 300_000);

  it('state written by 0.1, then random A sets: the positional resources move to the new addresses without a replacement (fast-check)', async () => {
    const POOL = ['103.122.6.2', '103.122.6.10', '103.122.6.49', '103.122.6.50', '103.122.6.7'];
    const set = fc.uniqueArray(fc.constantFrom(...POOL), { minLength: 1, maxLength: POOL.length });
    const cases = fc.array(fc.record({ before: set, after: set }), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(cases, async (names) => {
        // Left out: the known gap pinned by the next test (several records shrinking to one that was not 0.1's first).
        for (const { before, after } of names) fc.pre(!(before.length > 1 && after.length === 1 && [...before].sort()[0] !== after[0]));
        const run = new Workspace();
        try {
          run.planAndApply(config01(names.map(({ before }, i) => ({ fqdn: fqdnOf(`p${i}`), opd: 'dinkes', letter: REGISTERED, records: before.map(A) }))));
          names.forEach(({ before, after }, i) => {
            run.register(fqdnOf(`p${i}`), registerYaml('dinkes', REGISTERED, before.map(A)));
            if ([...before].sort().join() !== [...after].sort().join()) run.request(fqdnOf(`p${i}`), updateYaml('dinkes', REGISTERED, after.map(A)));
          });
          const config = providerless(await run.synth());
          const plan = run.plan(config);
          expectClean(plan);
          names.forEach(({ before, after }, i) => {
            const name = fqdnOf(`p${i}`);
            const at = (c: Change) => c.before?.name === name || c.after?.name === name;
            const created = creates(plan).filter(at).map((c) => c.after!.content as string);
            const deleted = deletes(plan).filter(at).map((c) => c.before!.content as string);
            expect(created.filter((c) => deleted.includes(c)), `both deleted and created at ${name}`).toEqual([]);
            for (const value of before.filter((v) => after.includes(v))) {
              const holder = plan.changes.find((c) => at(c) && c.after?.content === value)!;
              expect(holder.actions, `${value} at ${name}`).not.toContain('create');
              expect(holder.before?.content, `${value} at ${name}`).toBe(value);
            }
            if (!(before.length === 1 && after.length === 1)) {
              expect(created.sort()).toEqual(after.filter((v) => !before.includes(v)).sort());
              expect(deleted.sort()).toEqual(before.filter((v) => !after.includes(v)).sort());
            }
          });
          run.apply();
          expectConverged(run, config);
        } finally {
          run.dispose();
        }
      }),
      { numRuns: 20 },
    );
  }, 300_000);

  // KNOWN PRODUCT GAP (reported, src/ not changed): expected to fail until it is fixed; then make it `it`.
  // The survivor's move chain ends at `sekolah__a`, which 0.1's state still holds for .20, so
  // Terraform ignores it ("Unresolved resource instance address changes") and plans .20 → .21 in
  // place beside deleting the .21 record: on Cloudflare an update to a duplicate of a record
  // deleted in the same apply, in no set order.
  it.fails('state written by 0.1, shrinking two A records to the one 0.1 placed second: the survivor keeps its resource', async () => {
    const SEKOLAH = fqdnOf('sekolah');
    const letter = '400.3/112/Disdik';
    const records = [A('103.122.6.20'), A('103.122.6.21')];
    ws.planAndApply(config01([{ fqdn: SEKOLAH, opd: 'disdik', letter, records }]));
    ws.register(SEKOLAH, registerYaml('disdik', letter, records));
    ws.request(SEKOLAH, updateYaml('disdik', letter, [A('103.122.6.21')]));
    const plan = ws.plan(providerless(await ws.synth()));
    const survivor = plan.changes.find((c) => c.after?.content === '103.122.6.21')!;
    expect(survivor.before?.content).toBe('103.122.6.21');
    expect(deletes(plan).map((c) => c.before?.content)).toEqual(['103.122.6.20']);
    expectClean(plan);
  });
});
