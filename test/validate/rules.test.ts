import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePaths } from '../../src/validate/validate.js';
import { cleanupTemps, tempCopy } from '../helpers/temp-repo.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const today = '2026-11-24';

function check(caseDir: string, file: string) {
  const root = tempCopy(join(fixtures, 'repo'));
  copyFileSync(join(caseDir, file), join(root, 'requests', file));
  return validatePaths({ root, today }, [`requests/${file}`]);
}

afterAll(cleanupTemps);

describe.each(readdirSync(join(fixtures, 'rules')).sort())('rule %s', (dir) => {
  const caseDir = join(fixtures, 'rules', dir);
  const [rule, line] = readFileSync(join(caseDir, 'expect'), 'utf8').trim().split(' ');

  it('reports the failing fixture at its line', () => {
    const [file] = readdirSync(join(caseDir, 'fail'));
    const report = check(join(caseDir, 'fail'), file!);
    const hits = report.problems.filter((p) => p.rule === rule);
    expect(hits.map((p) => `${p.file}:${p.line}`)).toContain(`requests/${file}:${line}`);
    expect(hits[0]!.message.id).not.toBe('');
    expect(hits[0]!.message.en).not.toBe('');
  });

  it('accepts the passing fixture without any problem', () => {
    const [file] = readdirSync(join(caseDir, 'pass'));
    const report = check(join(caseDir, 'pass'), file!);
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
  });
});

describe('value/template-sequence', () => {
  it.each(['#{TfToken[TOKEN.1]}', '&{TfToken[TOKEN.2]}'])('refuses the cdktf token marker %s, which synthesis would refuse later', (marker) => {
    const root = tempCopy(join(fixtures, 'repo'));
    const source = readFileSync(join(fixtures, 'rules', 'value--template-sequence', 'fail', 'sehat.contohkota.go.id.yaml'), 'utf8');
    writeFileSync(join(root, 'requests', 'sehat.contohkota.go.id.yaml'), source.replace('x=${var.cloudflare_api_token}', `x=${marker}`));
    const report = validatePaths({ root, today }, ['requests/sehat.contohkota.go.id.yaml']);
    expect(report.problems.filter((p) => p.rule === 'value/template-sequence').map((p) => p.line)).toEqual([19]);
  });
});
