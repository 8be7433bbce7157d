// Every cdktf import of the product lives in this folder. cdktf is frozen upstream (deprecated
// 2025-12-10): versions are pinned exactly and the rest of the code sees only `synth.ts`'s
// interface (desired state in, Terraform JSON out). Import provider submodules deeply: the
// package root costs about a second and 140 MB.
import { App, LocalBackend, NamedRemoteWorkspace, RemoteBackend, S3Backend, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record/index.js';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider/index.js';
import type { ZoneState } from '../desired-state.js';
import type { Backend } from '../../schema/types.gen.js';
import { kindOf } from '../../records/index.js';
import { addressRecords, recordComment, recordTags, RESOURCE_TYPE, stackName, TOKEN_VARIABLE, type Adoption, type Move } from '../addresses.js';
import { literalValues } from './literal.js';

export interface ZoneStackOptions {
  backend?: Backend;
  /** Cloudflare DNS record tags are a paid-plan feature: off unless asked for. */
  tags?: boolean;
}

/**
 * One zone's stack. We never reference values across stacks, so the preparing resolve pass
 * that cdktf runs to discover cross-stack references is skipped: with 20,000 records it costs
 * a full walk of the configuration and finds nothing.
 */
class ZoneStack extends TerraformStack {
  override prepareStack(): void {
    this.ensureBackendExists();
  }
}

/**
 * The Terraform versions the synthesized JSON accepts: `use_lockfile` (the s3 backend's lock)
 * exists from 1.10 on; older versions would run without a lock. The workflows pin one version
 * inside this range (.github/workflows/apply.yml, setup-terraform).
 */
export const REQUIRED_TERRAFORM = '>= 1.10.0, < 2.0.0';

/** The Terraform variable that carries the provider's `base_url` (not sensitive; Cloudflare's API by default). */
export const BASE_URL_VARIABLE = 'cloudflare_base_url';
/** Cloudflare's API, the provider's own default: what `base_url` is unless the apply paces it. */
export { CLOUDFLARE_API_BASE } from '../../cloudflare/api-base.js';
import { CLOUDFLARE_API_BASE } from '../../cloudflare/api-base.js';

export function newApp(outdir: string): App {
  return new App({ outdir, stackTraces: false, skipValidation: true });
}

/** Builds the stack of one zone: variables (token, API base URL), provider, backend, one `cloudflare_dns_record` per record, and the zone's `moved` and `import` blocks. */
export function buildZoneStack(scope: Construct, zone: ZoneState, options: ZoneStackOptions = {}, moves?: readonly Move[], adoptions?: readonly Adoption[]): TerraformStack {
  const name = stackName(zone.zone.name);
  const stack = new ZoneStack(scope, name);
  const token = new TerraformVariable(stack, TOKEN_VARIABLE, {
    type: 'string',
    sensitive: true,
    nullable: false,
    description: 'Token API Cloudflare (Zone > DNS > Edit, zona ini saja) / Cloudflare API token (Zone > DNS > Edit, this zone only)',
  });
  // The API's address is a variable so that the apply can route the provider through `subdomain
  // pace` (TF_VAR_cloudflare_base_url=http://127.0.0.1:PORT/client/v4): provider 5.x neither
  // paces nor retries Cloudflare's 429 (cloudflare/terraform-provider-cloudflare#5505).
  const baseUrl = new TerraformVariable(stack, BASE_URL_VARIABLE, {
    type: 'string',
    nullable: false,
    default: CLOUDFLARE_API_BASE,
    description: 'Alamat API Cloudflare (proksi jeda `subdomain pace` saat apply) / Cloudflare API base URL (the `subdomain pace` proxy during the apply)',
  });
  new CloudflareProvider(stack, 'cloudflare', { apiToken: token.stringValue, baseUrl: baseUrl.stringValue });
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM);
  addBackend(stack, name, options.backend ?? { type: 'local' });

  const zoneId = zone.zone.cloudflare_zone_id;
  withoutCreationStacks(() => {
    for (const subdomain of Object.values(zone.subdomains)) {
      const comment = recordComment(subdomain);
      const tags = options.tags ? recordTags(subdomain) : undefined;
      for (const { id, record } of addressRecords(zone.zone.name, subdomain.records)) {
        const kind = kindOf(record.type);
        const value = kind.provider(record);
        // Every string from data goes through literalValues, here and only here.
        const config = literalValues({
          zoneId,
          name: record.name,
          type: record.type,
          ...('content' in value ? { content: value.content } : {}),
          ttl: record.ttl ?? 1,
          ...(kind.proxiable ? { proxied: record.proxied === true } : {}),
          ...(record.priority !== undefined ? { priority: record.priority } : {}),
          comment,
          ...(tags ? { tags } : {}),
        });
        const resource = new DnsRecord(stack, id, config);
        // Structured values (CAA, SRV) go in `data`; `flags` is a dynamic number in the provider's
        // schema, which the generated binding only types as a map. SRV keeps the top-level
        // `priority` too, equal to `data.priority` (provider 5.14.0 shows a diff otherwise).
        if ('data' in value) resource.addOverride('data', literalValues(value.data));
      }
    }
  });
  if (moves && moves.length > 0) {
    stack.addOverride('moved', moves.map((m) => ({ from: `${RESOURCE_TYPE}.${m.from}`, to: `${RESOURCE_TYPE}.${m.to}` })));
  }
  // `to` is a resource address (an expression), `id` a string: both come from validated hex ids
  // and our own addresses, and the id still goes through literalValues like every data string.
  if (adoptions && adoptions.length > 0) stack.addOverride('import', adoptions.map((a) => ({ to: a.to, id: literalValues({ id: a.id }).id })));
  return stack;
}

/**
 * Where the local backend keeps state: beside the synth output folder, never inside it, so the
 * next synth (which replaces the folder) cannot delete it. Paths are relative to the stack's
 * folder (`<out>/stacks/<name>/`), so the JSON does not depend on where it was made.
 */
export function localStatePath(name: string, path: string | undefined): string {
  if (path?.startsWith('/')) return `${path.replace(/\/+$/, '')}/${name}.tfstate`;
  return `../../../${path ? path.replace(/^\.\//, '').replace(/\/+$/, '') : LOCAL_STATE_DIR}/${name}.tfstate`;
}

/** The folder of local state, beside `cdktf.out` at the repository root. */
export const LOCAL_STATE_DIR = 'terraform-state';

function addBackend(stack: TerraformStack, name: string, backend: Backend): void {
  switch (backend.type) {
    case 's3': {
      // An S3-compatible bucket such as Cloudflare R2: no AWS account, region or checksums.
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.key_prefix ?? ''}${name}/terraform.tfstate`,
        region: backend.region ?? 'auto',
        endpoints: { s3: backend.endpoint },
        skipCredentialsValidation: true,
        skipRegionValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: true,
        skipS3Checksum: true,
        usePathStyle: true,
      });
      s3.addOverride('use_lockfile', true);
      break;
    }
    case 'remote':
      new RemoteBackend(stack, {
        organization: backend.organization,
        ...(backend.hostname ? { hostname: backend.hostname } : {}),
        workspaces: new NamedRemoteWorkspace(`${backend.workspace_prefix}${name}`),
      });
      break;
    default:
      // A relative path: cdktf's default is an absolute path under the current directory,
      // which would make the output depend on where it was synthesized.
      new LocalBackend(stack, { path: localStatePath(name, backend.path) });
  }
}

/**
 * cdktf records a full stack trace for every computed attribute it creates (two per DNS record),
 * only to decorate error messages: about a third of the construction time at 20,000 records.
 */
function withoutCreationStacks(build: () => void): void {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = () => undefined;
  try {
    build();
  } finally {
    Error.captureStackTrace = capture;
  }
}
