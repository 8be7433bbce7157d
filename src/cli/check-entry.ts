// The pull-request check as one file: scripts/bundle.mjs bundles this entry into
// check/subdomain-check.mjs, which runs with no node_modules. It knows only the commands the
// validate and sop/approvals workflows run (validate, plan for the job summary, approvals); none
// of them needs cdktf or the provider bindings, so a workflow runs the file right after
// checkout, without `npm ci`. Summaries, help and exit codes are main.ts's own.
import { createMain, defaultIo } from './main.js';

const check = createMain({
  validate: () => import('./validate.js'),
  plan: () => import('./plan.js'),
  approvals: () => import('./approvals.js'),
});

process.exitCode = await check(process.argv.slice(2), defaultIo());
