import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { applicantMarker, applicantOf, readMarker } from '../../src/intake/applicant.js';
import { ACTION_OPTIONS, FIELDS, FORM_LABEL, HOSTING_OPTION, TEMPLATE_PATH } from '../../src/intake/form.js';
import { inert } from '../../src/intake/render.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKFLOW = '.github/workflows/intake.yml';

interface FormElement { type: string; id?: string; attributes: { label?: string; options?: (string | { label: string })[]; render?: string }; validations?: { required?: boolean } }

describe('the issue form template', () => {
  const form = parse(readFileSync(join(ROOT, TEMPLATE_PATH), 'utf8')) as { name: string; description: string; labels: string[]; body: FormElement[] };
  const fields = form.body.filter((e) => e.type !== 'markdown');

  test('carries the fields the parser reads, in the same order, with the same labels, kinds and required flags', () => {
    expect(fields.map((e) => [e.id, e.type, e.attributes.label, e.validations?.required ?? false])).toEqual(FIELDS.map((f) => [f.id, f.kind, f.label, f.required]));
    expect(fields.find((e) => e.id === 'action')!.attributes.options).toEqual(Object.values(ACTION_OPTIONS));
    expect(fields.find((e) => e.id === 'hosting')!.attributes.options).toEqual([{ label: HOSTING_OPTION, required: false }]);
    expect(fields.find((e) => e.id === 'records')!.attributes.render).toBe('yaml');
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
  });
});

describe('the intake workflow', () => {
  const text = readFileSync(join(ROOT, WORKFLOW), 'utf8');
  const workflow = parse(text) as { on: Record<string, { types: string[] }>; permissions: Record<string, string>; jobs: Record<string, { if: string; permissions: Record<string, string>; steps: { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] }> };

  test('passes action-validator', () => {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/action-validator'), [join(ROOT, WORKFLOW)], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('no run: step interpolates the issue (or any expression); only the number passes, through env', () => {
    const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
    for (const run of runs) {
      expect(run).not.toContain('${{ github.event.issue');
      expect(run).not.toContain('${{');
    }
    const envs = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => Object.values(s.env ?? {})));
    const fromIssue = envs.filter((v) => v.includes('github.event.issue'));
    expect(fromIssue).toEqual(['${{ github.event.issue.number }}']);
    expect(text).not.toMatch(/github\.event\.issue\.(title|body)/);
  });

  test('runs on opened/edited issues with the form label, with least permissions, on the default branch code', () => {
    expect(workflow.on.issues!.types).toEqual(['opened', 'edited', 'reopened']);
    expect(workflow.permissions).toEqual({});
    const job = workflow.jobs.intake!;
    expect(job.if).toContain(`'${FORM_LABEL}'`);
    expect(job.permissions).toEqual({ contents: 'write', issues: 'write', 'pull-requests': 'write' });
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout'))!;
    expect(checkout.with).toMatchObject({ ref: '${{ github.event.repository.default_branch }}', 'persist-credentials': false });
    expect(job.steps.at(-1)!.run).toBe('node bin/subdomain.js intake --repo "$GITHUB_REPOSITORY" --issue "$ISSUE_NUMBER"');
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
