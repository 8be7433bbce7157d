// The product commit this reusable workflow runs at, read from the job's OIDC token (claims
// job_workflow_ref and job_workflow_sha; no context variable says it). Every reusable workflow
// inlines this file in one step; test/office/product-ref.test.ts checks each copy and runs it.
// Fork pull requests get no token: with SUBDOMAIN_OFFICE (validate only) the caller's uses: line is read.
import { appendFileSync, readFileSync } from 'node:fs';
const env = process.env;
const fail = (id, en) => { console.error(`::error::${id} / ${en}`); process.exit(1); };
const REPO = '[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}', FILE = '[A-Za-z0-9._-]+\\.ya?ml', REF = '[A-Za-z0-9._/-]+';
const SHA = /^[0-9a-f]{40}$/;
let out;
if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
  const response = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=subdomain-gitops`, {
    headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` }, signal: AbortSignal.timeout(30000),
  }).catch((e) => fail(`Token OIDC tidak dapat diminta (${e.message})`, `the OIDC token could not be requested (${e.message})`));
  if (!response.ok) fail(`Token OIDC ditolak (HTTP ${response.status})`, `the OIDC token was refused (HTTP ${response.status})`);
  let claims;
  try { claims = JSON.parse(Buffer.from((await response.json()).value.split('.')[1], 'base64url').toString('utf8')); } catch { claims = null; }
  const ref = new RegExp(`^(${REPO})/(\\.github/workflows/${FILE})@(${REF})$`).exec(String(claims?.job_workflow_ref ?? ''));
  const sha = String(claims?.job_workflow_sha ?? '');
  if (!ref || !SHA.test(sha)) fail('Token OIDC tidak menyebut workflow dan commit produk', 'the OIDC token names no product workflow and commit');
  out = { repository: ref[1], sha, ref: ref[3], workflow: ref[2] };
} else if (env.SUBDOMAIN_OFFICE) {
  const caller = new RegExp(`^${REPO}/(\\.github/workflows/${FILE})@`).exec(env.GITHUB_WORKFLOW_REF ?? '');
  const file = /^[A-Za-z0-9_-]+\.ya?ml$/.test(env.SUBDOMAIN_REUSABLE ?? '') ? env.SUBDOMAIN_REUSABLE.replace(/\./g, '\\.') : '';
  let text = '';
  try { text = caller && file ? readFileSync(`${env.SUBDOMAIN_OFFICE}/${caller[1]}`, 'utf8') : ''; } catch { /* read below */ }
  const uses = (target) => new RegExp(`^[ \\t]*(?:- )?uses:[ \\t]*['"]?${target}['"]?[ \\t]*(?:#.*)?$`, 'm').exec(text);
  const remote = uses(`(${REPO})/\\.github/workflows/${file}@(${REF})`);
  if (file && uses(`\\./\\.github/workflows/${file}`) && SHA.test(env.GITHUB_SHA ?? '') && new RegExp(`^${REPO}$`).test(env.GITHUB_REPOSITORY ?? '')) {
    out = { repository: env.GITHUB_REPOSITORY, sha: env.GITHUB_SHA, ref: env.GITHUB_SHA, workflow: `.github/workflows/${env.SUBDOMAIN_REUSABLE}` };
  } else if (file && remote) {
    out = { repository: remote[1], sha: SHA.test(remote[2]) ? remote[2] : '', ref: remote[2], workflow: `.github/workflows/${env.SUBDOMAIN_REUSABLE}` };
  } else fail('Workflow pemanggil tidak terbaca atau tidak memanggil workflow ini', 'the calling workflow cannot be read or does not call this workflow');
} else fail('Token OIDC tidak tersedia: job pemanggil harus memberi `permissions: id-token: write`', 'no OIDC token: the calling job must grant `permissions: id-token: write`');
appendFileSync(env.GITHUB_OUTPUT, `repository=${out.repository}\nsha=${out.sha}\nref=${out.ref}\nworkflow=${out.workflow}\n`);
console.log(`Produk / product: ${out.repository} ${out.workflow} @ ${out.sha || out.ref}`);
