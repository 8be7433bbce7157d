import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { openApiToJsonSchema, type Json, type JsonObject } from '../../support/openapi-json-schema.js';

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as typeof formatsModule.default;
const ID = 'https://api.github.com/openapi.json';
const toSchema = (node: Json): Json => openApiToJsonSchema(node, ID);

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
  ajv.addSchema({ $id: ID, components: toSchema({ schemas: doc.components.schemas! } as Json) } as object);
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
        validate = ajv.compile(toSchema(content.schema) as object);
        compiled.set(key, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    },
  };
}
