import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePaths } from '../../src/validate/validate.js';
import { cleanupTemps, tempCopy, writeFile } from '../helpers/temp-repo.js';

const REPO = join(import.meta.dirname, '../validate/fixtures/repo');
const ZONE = 'contohkota.go.id';
const today = '2026-11-24';
const registered = readFileSync(join(REPO, `subdomains/dinkes.${ZONE}.yaml`), 'utf8');
const request = readFileSync(join(import.meta.dirname, '../validate/fixtures/rules/value--template-sequence/pass/sehat.contohkota.go.id.yaml'), 'utf8');

const DELEGATION = `records:\n  - { type: NS, value: [ns1.dinkes.${ZONE}, ns2.dinkes.${ZONE}] }\n  - { type: A, name: ns1, value: 103.122.5.53 }\n  - { type: A, name: ns2, value: 103.122.5.54 }\n`;
/** A register entry or request with its records replaced. */
const withRecords = (text: string, records: string) => text.replace(/records:\n(?:\s+- .*\n|\s+\w.*\n)*?(?=history:|$)/, records);
const createWith = (records: string) => request.replace(/records:[\s\S]*$/, records);

/** The fixture office with `dinkes` registered as a delegation to the agency's own name servers. */
function officeWithDelegation(): string {
  const root = tempCopy(REPO);
  writeFile(root, `subdomains/dinkes.${ZONE}.yaml`, withRecords(registered, DELEGATION));
  return root;
}

const hits = (root: string, path: string) => validatePaths({ root, today }, [path]).problems.filter((p) => p.rule === 'name/below-delegation');

afterAll(cleanupTemps);

describe('names below a delegated name', () => {
  it('name/below-delegation: a request for a name under a registered delegation is refused, naming its name servers', () => {
    const root = officeWithDelegation();
    const path = `requests/app.dinkes.${ZONE}.yaml`;
    writeFile(root, path, createWith('records:\n  - { type: A, value: 103.122.5.60 }\n'));
    const found = hits(root, path);
    expect(found.map((p) => [p.file, p.severity])).toEqual([[path, 'error']]);
    expect(found[0]!.message.en).toContain(`app.dinkes.${ZONE} lies below dinkes.${ZONE}, which is delegated to the agency's name servers (NS ns1.dinkes.${ZONE}, ns2.dinkes.${ZONE})`);
    expect(validatePaths({ root, today }, [path]).valid).toBe(false);
  });

  it('is refused under a delegation that is only a pending request, and under a deeper parent too', () => {
    const root = tempCopy(REPO);
    writeFile(root, `requests/pusat.${ZONE}.yaml`, createWith(`records:\n  - { type: NS, value: [ns.pusat-data.example.net, ns2.pusat-data.example.net] }\n`));
    const path = `requests/lab.app.pusat.${ZONE}.yaml`;
    writeFile(root, path, createWith('records:\n  - { type: A, value: 103.122.5.61 }\n'));
    const found = hits(root, path);
    expect(found).toHaveLength(1);
    expect(found[0]!.message.en).toContain(`lies below pusat.${ZONE} (a pending request)`);
  });

  it('allows the glue of the delegation\'s own name servers, and names under a parent that is not delegated', () => {
    const root = officeWithDelegation();
    writeFile(root, `requests/ns1.dinkes.${ZONE}.yaml`, createWith('records:\n  - { type: A, value: 103.122.5.53 }\n'));
    expect(hits(root, `requests/ns1.dinkes.${ZONE}.yaml`)).toEqual([]);
    writeFile(root, `requests/info.sekolah.${ZONE}.yaml`, createWith('records:\n  - { type: A, value: 103.122.5.62 }\n').replace('opd: dinkes', 'opd: disdik'));
    expect(hits(root, `requests/info.sekolah.${ZONE}.yaml`)).toEqual([]);
  });

  it('allows a delete below a delegation (it removes what nobody can see)', () => {
    const root = officeWithDelegation();
    writeFile(root, `subdomains/lama.dinkes.${ZONE}.yaml`, registered);
    const path = `requests/lama.dinkes.${ZONE}.yaml`;
    writeFile(root, path, readFileSync(join(import.meta.dirname, '../validate/fixtures/rules/owner--delete-with-children/fail/sekolah.contohkota.go.id.yaml'), 'utf8').replace('opd: disdik', 'opd: dinkes'));
    expect(hits(root, path)).toEqual([]);
  });

  it('refuses a request that delegates a name while registered names sit below it', () => {
    const root = tempCopy(REPO);
    const path = `requests/sekolah.${ZONE}.yaml`;
    writeFile(root, path, createWith(`records:\n  - { type: NS, value: [ns1.pusat-data.example.net, ns2.pusat-data.example.net] }\n`).replace('action: create', 'action: update').replace('opd: dinkes', 'opd: disdik'));
    const found = hits(root, path);
    expect(found.map((p) => p.severity)).toEqual(['error']);
    expect(found[0]!.message.en).toContain(`but names below it are still registered: ppdb.sekolah.${ZONE}`);
  });

  it('warns about a register entry that already sits below a registered delegation', () => {
    const root = officeWithDelegation();
    const path = `subdomains/app.dinkes.${ZONE}.yaml`;
    writeFile(root, path, registered);
    const found = hits(root, path);
    expect(found.map((p) => [p.file, p.severity])).toEqual([[path, 'warning']]);
  });
});
