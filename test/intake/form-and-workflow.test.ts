import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { normaliseAnswer } from '../../src/intake/answers.js';
import { applicantMarker, applicantOf, readMarker } from '../../src/intake/applicant.js';
import { ACTION_OPTIONS, FIELDS, FORM_LABEL, HOSTING_OPTION, TEMPLATE_PATH } from '../../src/intake/form.js';
import { renderIssueForm } from '../../src/intake/form-template.js';
import { parseRecordLines } from '../../src/intake/record-line.js';
import { inert } from '../../src/intake/render.js';
import { loadPolicy, parsePolicy } from '../../src/policy/policy.js';
import { WorkingTree } from '../../src/repo/tree.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OFFICE = join(ROOT, 'test/fixtures/office');
const WORKFLOW = '.github/workflows/intake.yml';
const CALLER = '.github/workflows/subdomain-intake.yml';

interface FormElement { type: string; id?: string; attributes: { label?: string; options?: (string | { label: string })[]; render?: string }; validations?: { required?: boolean } }

describe('the issue form template', () => {
  // The form as an office gets it (never the reference office's own: tests do not read the root office).
  const fixturePolicy = loadPolicy(new WorkingTree(OFFICE));
  if (!fixturePolicy.ok) throw new Error('the fixture policy does not load');
  const text = renderIssueForm(fixturePolicy.policy);
  const form = parse(text) as { name: string; description: string; labels: string[]; body: FormElement[] };
  const fields = form.body.filter((e) => e.type !== 'markdown');

  test('carries the fields the parser reads, in the same order, with the same labels, kinds and required flags', () => {
    expect(fields.map((e) => [e.id, e.type, e.attributes.label, e.validations?.required ?? false])).toEqual(FIELDS.map((f) => [f.id, f.kind, f.label, f.required]));
    expect(fields.find((e) => e.id === 'action')!.attributes.options).toEqual(Object.values(ACTION_OPTIONS));
    expect(fields.find((e) => e.id === 'hosting')!.attributes.options).toEqual([{ label: HOSTING_OPTION, required: false }]);
    expect(fields.find((e) => e.id === 'records')!.attributes.render).toBeUndefined();
  });

  test('is a well-formed GitHub issue form: name, description, unique ids and labels, the label the workflow filters on', () => {
    expect(form.name).toBeTruthy();
    expect(form.description).toBeTruthy();
    expect(form.labels).toEqual([FORM_LABEL]);
    const ids = fields.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    const labels = fields.map((e) => e.attributes.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const e of form.body) expect(['markdown', 'input', 'textarea', 'dropdown', 'checkboxes']).toContain(e.type);
    for (const e of fields.filter((f) => f.type === 'dropdown')) {
      const options = e.attributes.options as string[];
      expect(options.length).toBeGreaterThan(0);
      expect(new Set(options).size).toBe(options.length);
    }
  });

  test('shows the records syntax the parser reads: every example line of the placeholder is a record', () => {
    const placeholder = (fields.find((e) => e.id === 'records')!.attributes as { placeholder: string }).placeholder;
    expect(parseRecordLines(placeholder).faults).toEqual([]);
    expect(parseRecordLines(placeholder).records.map((r) => r.type)).toEqual(['A', 'CNAME', 'MX', 'TXT']);
  });
});

describe('the form generated from an office\'s policy', () => {
  const office = (() => {
    const result = parsePolicy('.github/sop.yaml', readFileSync(join(OFFICE, '.github/sop.yaml')));
    if (!result.ok) throw new Error('the fixture office policy does not load');
    return result.policy;
  })();
  const generated = (policy: Parameters<typeof renderIssueForm>[0]) => parse(renderIssueForm(policy)) as { body: FormElement[] };
  const opdField = (policy: Parameters<typeof renderIssueForm>[0]) => generated(policy).body.find((e) => e.id === 'opd')!;

  test('lists the office\'s OPDs in its dropdown, key and name, and the parser reads each choice back as the key', () => {
    const options = opdField(office).attributes.options as string[];
    expect(options).toEqual([
      'dinkes — Dinas Kesehatan',
      'disdik — Dinas Pendidikan',
      'dpmptsp — Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
      'disdagperin — Dinas Perdagangan dan Perindustrian',
      'bapenda — Badan Pendapatan Daerah',
    ]);
    for (const option of options) expect(Object.keys(office.opds)).toContain(normaliseAnswer('opd', option));
  });

  test('follows the policy: a new OPD appears, no hosting box without hosting, other zones named in the help', () => {
    const changed = { ...office, opds: { ...office.opds, dishub: { name: 'Dinas Perhubungan', users: ['staf-dishub'] } }, hosting: undefined, zones: [...office.zones, { name: 'bekasikab.go.id', cloudflare_zone_id: 'f'.repeat(32) }] };
    expect(opdField(changed).attributes.options).toContain('dishub — Dinas Perhubungan');
    const body = generated(changed).body;
    expect(body.map((e) => e.id)).not.toContain('hosting');
    expect((body.find((e) => e.id === 'subdomain')!.attributes as { description: string }).description).toContain('bekasikab.go.id');
  });

  test('subdomain intake --write-form writes it where GitHub reads it; --print-form only prints', async () => {
    const root = tempCopy(OFFICE);
    const printed = await runCli(root, ['intake', '--print-form']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(renderIssueForm(office));
    expect(existsSync(join(root, TEMPLATE_PATH))).toBe(false);
    const written = await runCli(root, ['intake', '--write-form']);
    expect(written.code).toBe(0);
    expect(readFileSync(join(root, TEMPLATE_PATH), 'utf8')).toBe(renderIssueForm(office));
    cleanupTemps();
  });
});

describe('the intake workflow', () => {
  const text = readFileSync(join(ROOT, WORKFLOW), 'utf8');
  type Wf = { on: Record<string, { types: string[] }>; permissions: Record<string, string>; jobs: Record<string, { if?: string; environment?: string; uses?: string; concurrency?: unknown; permissions: Record<string, string>; steps?: { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] }> };
  const workflow = parse(text) as Wf;
  const caller = parse(readFileSync(join(ROOT, CALLER), 'utf8')) as Wf;

  test('passes action-validator', () => {
    for (const file of [WORKFLOW, CALLER]) {
      const result = spawnSync(join(ROOT, 'node_modules/.bin/action-validator'), [join(ROOT, file)], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });

  test('no run: step interpolates the issue (or any expression); only the number passes, through env', () => {
    const runs = Object.values(workflow.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? ''));
    for (const run of runs) {
      expect(run).not.toContain('${{ github.event.issue');
      expect(run).not.toContain('${{');
    }
    const envs = Object.values(workflow.jobs).flatMap((j) => (j.steps ?? []).flatMap((s) => Object.values(s.env ?? {})));
    const fromIssue = envs.filter((v) => v.includes('github.event.issue'));
    expect(fromIssue).toEqual(['${{ github.event.issue.number }}']);
    expect(text).not.toMatch(/github\.event\.issue\.(title|body)/);
  });

  test('runs on opened/edited issues with the form label, with least permissions, the product on the default branch\'s data', () => {
    expect(caller.on.issues!.types).toEqual(['opened', 'edited', 'reopened']);
    expect(caller.permissions).toEqual({});
    expect(workflow.permissions).toEqual({});
    const call = caller.jobs.intake!;
    expect(call.if).toContain(`'${FORM_LABEL}'`);
    expect(call.uses).toBe('./.github/workflows/intake.yml');
    expect(call.concurrency).toEqual({ group: 'intake-${{ github.event.issue.number }}', 'cancel-in-progress': false });
    const job = workflow.jobs.intake!;
    expect(job.permissions).toEqual({ contents: 'write', issues: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    expect(call.permissions).toEqual(job.permissions);
    // SUBDOMAIN_INTAKE_TOKEN lives in an environment restricted to main.
    expect(job.environment).toBe('sop-app');
    const checkout = job.steps!.find((s) => s.uses?.startsWith('actions/checkout') && s.with?.path === 'office')!;
    expect(checkout.with).toMatchObject({ ref: '${{ github.event.repository.default_branch }}', 'persist-credentials': false });
    expect(job.steps!.some((s) => s.run?.startsWith('npm ci --ignore-scripts'))).toBe(true);
    expect(job.steps!.at(-1)!.run).toBe('subdomain intake --repo "$GITHUB_REPOSITORY" --issue "$ISSUE_NUMBER"');
  });
});

describe('applicantOf: who the approvals check treats as the applicant', () => {
  const BOTS = ['github-actions[bot]'];
  const marked = `${applicantMarker('staf-dinkes', 12)}\nPermohonan …\n\nCloses #12\n`;

  test('a bot-authored pull request with the marker on its first line: the issue author', () => {
    expect(applicantOf({ user: { login: 'github-actions[bot]' }, body: marked }, BOTS)).toBe('staf-dinkes');
    expect(applicantOf({ user: { login: 'GitHub-Actions[bot]' }, body: marked.replace(/\n/g, '\r\n') }, BOTS)).toBe('staf-dinkes');
    expect(readMarker(marked)).toEqual({ applicant: 'staf-dinkes', issue: 12 });
  });

  test('anyone else writing the marker stays the applicant themselves', () => {
    expect(applicantOf({ user: { login: 'kadis-bekasi' }, body: marked }, BOTS)).toBe('kadis-bekasi');
  });

  test('a marker not on the first line, malformed, or naming no valid login is ignored', () => {
    const bot = { login: 'github-actions[bot]' };
    expect(applicantOf({ user: bot, body: `hello\n${marked}` }, BOTS)).toBe('github-actions[bot]');
    expect(applicantOf({ user: bot, body: '<!-- subdomain:applicant=a--b issue=1 -->' }, BOTS)).toBe('github-actions[bot]');
    expect(applicantOf({ user: bot, body: '<!-- subdomain:applicant=x issue=0 -->' }, BOTS)).toBe('github-actions[bot]');
    expect(applicantOf({ user: bot, body: '<!-- subdomain:applicant=staf-dinkes issue=12 --> trailing' }, BOTS)).toBe('github-actions[bot]');
    expect(applicantOf({ user: bot, body: null }, BOTS)).toBe('github-actions[bot]');
    expect(applicantOf({ user: null, body: marked }, BOTS)).toBe('');
  });

  test('the bot never writes a marker for something that is not a login', () => {
    expect(() => applicantMarker('x -->\n<!-- subdomain:applicant=boss', 1)).toThrow();
    expect(() => applicantMarker('staf-dinkes', 0)).toThrow();
  });

  test('echoed text in comments cannot open HTML, hide a marker or mention anyone', () => {
    expect(inert('<!-- subdomain:intake --> @kadis\n<b>x</b> & y')).toBe('&lt;!-- subdomain:intake --&gt; @\u200bkadis &lt;b&gt;x&lt;/b&gt; &amp; y');
  });
});
