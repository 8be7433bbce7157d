import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module script without types
import { generateTypes, generateValidators } from '../../scripts/gen-schema.mjs';

const dir = join(import.meta.dirname, '../../src/schema');

describe('types and validators derived from the JSON Schemas', () => {
  it('types.gen.ts matches the schemas (run npm run gen after changing a schema)', async () => {
    expect(readFileSync(join(dir, 'types.gen.ts'), 'utf8')).toBe(await (generateTypes as () => Promise<string>)());
  });

  it('validators.gen.cjs matches the schemas (run npm run gen after changing a schema)', () => {
    expect(readFileSync(join(dir, 'validators.gen.cjs'), 'utf8')).toBe((generateValidators as () => string)());
  });
});
