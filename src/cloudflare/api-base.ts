/** Cloudflare's API v4: where the client, the pacing proxy and the Terraform provider go by default. */
export const CLOUDFLARE_API_BASE = 'https://api.cloudflare.com/client/v4';
