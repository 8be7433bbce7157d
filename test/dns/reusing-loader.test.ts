import { join } from 'node:path';
import { cachingLoader } from '../../src/dns/desired-state.js';
import { leanLoader, reusingLoader } from '../../src/dns/parallel-load.js';
import { GitTree, WorkingTree } from '../../src/repo/tree.js';
import { cleanupTemps, gitIn, tempGitRepo, writeFile } from '../helpers/temp-repo.js';

afterAll(cleanupTemps);

describe('the full plan reads the base through the working tree', () => {
  it('reuses the value of a file whose bytes are the same, and parses a changed one from its own bytes', async () => {
    const root = tempGitRepo(join(import.meta.dirname, 'fixtures', 'basic'));
    const base = new GitTree(root, gitIn(root, 'rev-parse', 'HEAD').trim());
    const work = new WorkingTree(root);
    const same = 'subdomains/pajak.contohkota.go.id.yaml';
    const changed = 'subdomains/sekolah.contohkota.go.id.yaml';
    writeFile(root, changed, work.read(changed)!.toString().replace('purpose: Portal sekolah.', 'purpose: Portal sekolah baru.'));
    const workLoader = cachingLoader(leanLoader);
    const [workSame, workChanged] = await workLoader(work, [same, changed], 'register');
    const [baseSame, baseChanged] = await reusingLoader(work, workLoader)(base, [same, changed], 'register');
    expect(baseSame!.ok && workSame!.ok && baseSame!.value === workSame!.value).toBe(true);
    expect(baseChanged!.ok && baseChanged!.value.purpose).toBe('Portal sekolah.');
    expect(workChanged!.ok && workChanged!.value.purpose).toBe('Portal sekolah baru.');
  });
});
