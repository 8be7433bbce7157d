import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { openApiToJsonSchema, type Json, type JsonObject } from '../openapi-json-schema.js';

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as typeof formatsModule.default;
const ID = 'https://api.cloudflare.com/openapi-extract.json';
const toSchema = (node: Json): Json => openApiToJsonSchema(node, ID);

export interface OpenApiExtract {
  info: { 'x-extracted-from': { repository: string; commit: string; file: string; extracted: string; license: string } };
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject> };
}

/** The extract of Cloudflare's description committed beside this file (see README.md). */
export function loadExtract(): OpenApiExtract {
  return JSON.parse(readFileSync(new URL('./dns-records.json', import.meta.url), 'utf8')) as OpenApiExtract;
}

/**
 * Where the live API is known to answer differently from its description, as patches on
 * components. Each entry says what was observed; keep the list short and sourced.
 */
export const KNOWN_DEVIATIONS: { schema: string; why: string; patch: (s: JsonObject) => JsonObject }[] = [
  {
    schema: 'dns-records_comment',
    why: 'described as a string, but the API answers `"comment": null` for a record without a comment (seen in many published API responses, 2022–2025)',
    patch: (s) => ({ ...s, nullable: true }),
  },
  ...['dns-records_messages', 'zones_messages', 'iam_messages'].map((schema) => ({
    schema,
    why: 'message codes are described as `minimum: 1000`, but the API answers a rate-limited request (429) with code 971 "Please wait and consider throttling your request speed"',
    patch: (s: JsonObject): JsonObject => {
      const items = s.items as JsonObject;
      const { minimum: _dropped, ...code } = (items.properties as JsonObject).code as JsonObject;
      return { ...s, items: { ...items, properties: { ...(items.properties as JsonObject), code } } };
    },
  })),
];

function refsIn(node: Json, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

export interface CloudflareResponseValidator {
  /**
   * Problems of a body served for an operation (path template as in the description, e.g.
   * `/zones/{zone_id}/dns_records`); empty when the body matches. A 2xx body is checked
   * against the operation's 200 schema. An error body (any status from 400) is checked
   * against the failure envelope (`…_api-response-common-failure`) named in the operation's
   * 4XX schema: the description's own 4XX schema for DNS records and token verify is an
   * `allOf` of a success and a failure envelope, which no body can meet (`success` must be
   * both `true` and `false`).
   */
  check(method: string, template: string, status: number, body: unknown): string[];
  /** The JSON Schema used for a response (converted), for tests that want to look. */
  schema(method: string, template: string, status: number): object | undefined;
}

/** Compiles the response schemas of the committed extract on first use. */
export function loadCloudflareValidator(doc: OpenApiExtract = loadExtract()): CloudflareResponseValidator {
  const schemas: Record<string, JsonObject> = { ...doc.components.schemas };
  for (const d of KNOWN_DEVIATIONS) {
    const s = schemas[d.schema];
    if (s) schemas[d.schema] = d.patch(s);
  }
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ $id: ID, components: toSchema({ schemas } as Json) } as object);
  const compiled = new Map<string, ValidateFunction>();

  const responseSchema = (method: string, template: string, status: number): Json | undefined => {
    const operation = doc.paths[template]?.[method.toLowerCase()] as { responses?: Record<string, JsonObject> } | undefined;
    if (!operation?.responses) return undefined;
    const pick = (key: string) => ((operation.responses?.[key]?.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined)?.schema;
    if (status < 400) return pick(String(status));
    const fourXX = pick('4XX') ?? pick('4xx');
    const failure = refsIn(fourXX ?? null).find((r) => r.endsWith('_api-response-common-failure'));
    return failure ? { $ref: failure } : fourXX;
  };

  return {
    schema(method, template, status) {
      const s = responseSchema(method, template, status);
      return s === undefined ? undefined : (toSchema(s) as object);
    },
    check(method, template, status, body) {
      const key = `${method.toUpperCase()} ${template} ${status < 400 ? status : 'error'}`;
      let validate = compiled.get(key);
      if (!validate) {
        const s = responseSchema(method, template, status);
        if (s === undefined) return [`no response ${status} for ${method} ${template} in Cloudflare's description`];
        validate = ajv.compile(toSchema(s) as object);
        compiled.set(key, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    },
  };
}
