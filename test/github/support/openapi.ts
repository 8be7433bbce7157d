import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as typeof formatsModule.default;
const ID = 'https://api.github.com/openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * GitHub's OpenAPI 3.0 description turned into JSON Schema for ajv: `nullable` becomes a null
 * type, `example`/`discriminator`/`x-*` go, `$ref`s point into one registered document.
 */
function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'discriminator' || key.startsWith('x-') || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out[key] = `${ID}${value}`;
    else out[key] = convert(value);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

export interface ResponseValidator {
  /** Errors of a body served for an operation (path template as in the description); empty when valid. */
  check(method: string, template: string, status: number, body: unknown): string[];
}

/** Loads the 13 MB description once (per test file) and compiles response schemas on first use. */
export function loadResponseValidator(): ResponseValidator {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, JsonObject>>; components: JsonObject };
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('repo.nwo', /^[^/]+\/[^/]+$/);
  ajv.addFormat('timestamp', true);
  ajv.addSchema({ $id: ID, components: convert({ schemas: doc.components.schemas! } as Json) } as object);
  const compiled = new Map<string, ValidateFunction>();
  return {
    check(method, template, status, body) {
      const key = `${method.toLowerCase()} ${template} ${status}`;
      let validate = compiled.get(key);
      if (!validate) {
        const operation = doc.paths[template]?.[method.toLowerCase()] as { responses?: Record<string, JsonObject> } | undefined;
        const response = operation?.responses?.[String(status)];
        if (!response) return [`no response ${status} for ${method} ${template} in GitHub's description`];
        const content = (response.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined;
        if (!content?.schema) return body === '' || body === undefined ? [] : [`${key}: the description has no body`];
        validate = ajv.compile(convert(content.schema) as object);
        compiled.set(key, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    },
  };
}
