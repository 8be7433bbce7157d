export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * An OpenAPI 3.0 schema turned into JSON Schema for ajv: `nullable` becomes a null type,
 * `example`/`examples`/`discriminator`/`x-*` go, and local `$ref`s point into the document
 * registered under `id`. Used for GitHub's and Cloudflare's descriptions alike.
 */
export function openApiToJsonSchema(node: Json, id: string): Json {
  if (Array.isArray(node)) return node.map((n) => openApiToJsonSchema(n, id));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'discriminator' || key.startsWith('x-') || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out[key] = `${id}${value}`;
    else out[key] = openApiToJsonSchema(value, id);
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
