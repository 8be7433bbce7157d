import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePaths } from '../../src/validate/validate.js';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';

const REPO = join(import.meta.dirname, '../validate/fixtures/repo');
const today = '2026-11-24';
const registered = readFileSync(join(REPO, 'subdomains/dinkes.contohkota.go.id.yaml'), 'utf8');
const deleteRequest = readFileSync(join(import.meta.dirname, '../validate/fixtures/rules/owner--delete-with-children/fail/sekolah.contohkota.go.id.yaml'), 'utf8')
  .replace('opd: disdik', 'opd: dinkes');

/** The fixture office plus `portal`, registered with a CNAME to `dinkes`. */
function officeWithReferrer(): string {
  const root = tempCopy(REPO);
  writeFile(root, 'subdomains/portal.contohkota.go.id.yaml', registered.replace('{ type: A, value: 8.8.4.4 }', '{ type: CNAME, value: dinkes.contohkota.go.id }'));
  return root;
}

afterAll(cleanupTemps);

describe('deleting a name other records point at', () => {
  it('owner/delete-referenced: the delete request is warned, naming the records that would dangle', () => {
    const root = officeWithReferrer();
    writeFile(root, 'requests/dinkes.contohkota.go.id.yaml', deleteRequest);
    const report = validatePaths({ root, today }, ['requests/dinkes.contohkota.go.id.yaml']);
    const hits = report.problems.filter((p) => p.rule === 'owner/delete-referenced');
    expect(hits.map((p) => [p.file, p.line, p.severity])).toEqual([['requests/dinkes.contohkota.go.id.yaml', 1, 'warning']]);
    expect(hits[0]!.message.en).toContain('portal.contohkota.go.id (CNAME)');
    expect(report.valid).toBe(true);
  });

  it('a delete nobody points at gets no such warning', () => {
    const root = tempCopy(REPO);
    writeFile(root, 'requests/dinkes.contohkota.go.id.yaml', deleteRequest);
    const report = validatePaths({ root, today }, ['requests/dinkes.contohkota.go.id.yaml']);
    expect(report.problems.map((p) => p.rule)).not.toContain('owner/delete-referenced');
  });

  it('record/in-zone-target: a new CNAME to a name whose delete is pending is refused', () => {
    const root = tempCopy(REPO);
    writeFile(root, 'requests/dinkes.contohkota.go.id.yaml', deleteRequest);
    const create = readFileSync(join(import.meta.dirname, '../validate/fixtures/rules/value--template-sequence/pass/sehat.contohkota.go.id.yaml'), 'utf8');
    writeFile(root, 'requests/info.contohkota.go.id.yaml', create.replace(/records:[\s\S]*$/, 'records:\n  - { type: CNAME, value: dinkes.contohkota.go.id }\n'));
    const report = validatePaths({ root, today }, ['requests/info.contohkota.go.id.yaml']);
    const hits = report.problems.filter((p) => p.rule === 'record/in-zone-target');
    expect(hits.map((p) => [p.file, p.severity])).toEqual([['requests/info.contohkota.go.id.yaml', 'error']]);
    expect(hits[0]!.message.en).toContain('is being deleted');
  });
});
