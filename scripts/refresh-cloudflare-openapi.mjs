// Extracts, from a local copy of Cloudflare's OpenAPI description (openapi.json of the
// GitHub repository cloudflare/api-schemas, BSD-3-Clause), the few operations the fake
// Cloudflare in test/support/cloudflare-server.ts serves, and writes them with every
// component they reference to test/support/cloudflare-openapi/dns-records.json.
//
//   node scripts/refresh-cloudflare-openapi.mjs <openapi.json> --commit <sha> [--date YYYY-MM-DD]
//
// The output is itself a small OpenAPI 3.0 document: `paths` holds only the GET operations
// below, `components` only what they reach through `$ref`. `example`s are kept, the large
// `examples` maps and vendor extensions other than x-cfPermissionsRequired are dropped.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The operations served by the fake, as [path, method]. */
export const OPERATIONS = [
  ['/zones/{zone_id}/dns_records', 'get'],
  ['/zones/{zone_id}/dns_records/{dns_record_id}', 'get'],
  ['/zones', 'get'],
  ['/zones/{zone_id}', 'get'],
  ['/user/tokens/verify', 'get'],
];

const KEEP_EXTENSIONS = new Set(['x-cfPermissionsRequired']);

function tidy(node) {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples') continue;
    if (key.startsWith('x-') && !KEEP_EXTENSIONS.has(key)) continue;
    out[key] = tidy(value);
  }
  return out;
}

function refsIn(node, found = new Set()) {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else refsIn(value, found);
    }
  }
  return found;
}

/** `#/components/schemas/x` → ['schemas', 'x']. */
function refTarget(ref) {
  const m = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  return [m[1], m[2].replace(/~1/g, '/').replace(/~0/g, '~')];
}

export function extract(spec, source) {
  const paths = {};
  for (const [path, method] of OPERATIONS) {
    const operation = spec.paths?.[path]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the description`);
    paths[path] = { ...(paths[path] ?? {}), [method]: tidy(operation) };
  }
  const components = {};
  const queue = [...refsIn(paths)];
  const seen = new Set();
  while (queue.length > 0) {
    const ref = queue.pop();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [kind, name] = refTarget(ref);
    const value = spec.components?.[kind]?.[name];
    if (value === undefined) throw new Error(`${ref} is not in the description`);
    const cleaned = tidy(value);
    (components[kind] ??= {})[name] = cleaned;
    queue.push(...refsIn(cleaned));
  }
  for (const kind of Object.keys(components)) {
    components[kind] = Object.fromEntries(Object.entries(components[kind]).sort(([a], [b]) => a.localeCompare(b)));
  }
  return {
    openapi: spec.openapi,
    info: {
      title: `${spec.info?.title ?? 'Cloudflare API'} (extract: DNS records, zones, token verify)`,
      version: spec.info?.version ?? '',
      license: spec.info?.license ?? { name: 'BSD-3-Clause' },
      'x-extracted-from': source,
    },
    servers: spec.servers,
    paths,
    components,
  };
}

/** The facts the fake relies on, read back from an extract. */
export function facts(doc) {
  const list = doc.paths['/zones/{zone_id}/dns_records'].get;
  const resolve = (schema) => (schema?.$ref ? doc.components.schemas[refTarget(schema.$ref)[1]] : schema);
  const param = (op, name) => resolve(op.parameters.find((p) => p.name === name)?.schema);
  const zones = doc.paths['/zones'].get;
  return {
    dnsRecordsPerPage: param(list, 'per_page'),
    dnsRecordsPage: param(list, 'page'),
    zonesPerPage: param(zones, 'per_page'),
    dnsRecordTypes: resolve({ $ref: '#/components/schemas/dns-records_type' })?.enum,
  };
}

function main(argv) {
  const [file, ...rest] = argv;
  const flag = (name) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (!file || !flag('--commit')) {
    console.error('usage: node scripts/refresh-cloudflare-openapi.mjs <openapi.json> --commit <sha> [--date YYYY-MM-DD]');
    process.exit(2);
  }
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  const doc = extract(spec, {
    repository: 'https://github.com/cloudflare/api-schemas',
    commit: flag('--commit'),
    file: 'openapi.json',
    license: 'BSD-3-Clause',
    extracted: flag('--date') ?? new Date().toISOString().slice(0, 10),
    script: 'scripts/refresh-cloudflare-openapi.mjs',
  });
  const out = fileURLToPath(new URL('../test/support/cloudflare-openapi/dns-records.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${out}`);
  console.log(JSON.stringify(facts(doc), null, 2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
