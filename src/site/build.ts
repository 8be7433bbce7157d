/**
 * The public register site as a list of files: a pure function of the policy and the register.
 * Same input, same bytes (no build clock: the page says the data is as of the newest apply).
 */
import type { ResolvedPolicy } from '../policy/policy.js';
import { DEFAULT_TIME_ZONE } from '../report/format.js';
import { computeReport, reportPolicy, type RegisterItem } from '../report/mutu-baku.js';
import { toJson } from '../report/render.js';
import { SITE_CSS, SITE_JS } from './assets.js';
import { dashboardPage, registerPage, subdomainPage, subdomainPath, type SiteContext } from './pages.js';
import { publicRegister, type PublicEntry } from './public-register.js';

export interface SiteFile {
  /** Relative to the output folder, with `/`. */
  path: string;
  content: string;
}

export interface SiteOptions {
  /** `https://github.com/owner/repo`, for links to pull requests and commits. */
  repoUrl?: string;
  /** IANA zone the times are shown in; Jakarta (WIB) by default. */
  timeZone?: string;
}

/** Marks a folder as built by `subdomain site`, so a rebuild may empty it. */
export const SITE_MARKER = '.subdomain-site';

export function siteContext(policy: ResolvedPolicy, entries: readonly PublicEntry[], options: SiteOptions): SiteContext {
  const rp = reportPolicy(policy);
  const asOf = entries.map((e) => e.updatedAt).sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
  return {
    office: {
      name: policy.office.name,
      ...(policy.office.short !== undefined ? { short: policy.office.short } : {}),
      ...(policy.office.government !== undefined ? { government: policy.office.government } : {}),
    },
    opds: Object.fromEntries(Object.entries(policy.opds).flatMap(([key, opd]) => (opd ? [[key, opd.name]] : []))),
    steps: Object.fromEntries(policy.steps.map((s) => [s.id, { title: s.title, ...(s.sop_row !== undefined ? { sopRow: s.sop_row } : {}) }])),
    ...(rp.totalLimitS !== undefined ? { totalLimitS: rp.totalLimitS } : {}),
    ...(options.repoUrl !== undefined ? { repoUrl: options.repoUrl.replace(/\/+$/, '') } : {}),
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    ...(asOf !== undefined ? { asOf } : {}),
  };
}

export function buildSite(policy: ResolvedPolicy, items: readonly RegisterItem[], options: SiteOptions = {}): SiteFile[] {
  const rp = reportPolicy(policy);
  const entries = publicRegister(items, policy);
  const ctx = siteContext(policy, entries, options);
  const report = computeReport(rp, items);
  const files: SiteFile[] = [
    { path: 'index.html', content: registerPage(ctx, entries) },
    { path: 'mutu-baku.html', content: dashboardPage(ctx, report, entries) },
    ...entries.map((e) => ({ path: subdomainPath(e.fqdn), content: subdomainPage(ctx, e) })),
    { path: 'assets/site.css', content: SITE_CSS },
    { path: 'assets/site.js', content: SITE_JS },
    { path: 'data/register.json', content: `${JSON.stringify(openData(ctx, entries), null, 2)}\n` },
    { path: 'data/mutu-baku.json', content: `${JSON.stringify(toJson(report, { office: policy.office.name }), null, 2)}\n` },
    { path: SITE_MARKER, content: 'Dibuat oleh / built by `subdomain site`: isi folder ini diganti tiap pembuatan / replaced on every build.\n' },
  ];
  return files;
}

/** The register as open data: the same whitelisted fields the pages show. */
function openData(ctx: SiteContext, entries: readonly PublicEntry[]) {
  return {
    office: ctx.office.name,
    as_of: ctx.asOf ?? null,
    subdomains: entries.map((e) => ({
      fqdn: e.fqdn,
      opd: e.opd,
      opd_name: ctx.opds[e.opd] ?? e.opd,
      purpose: e.purpose,
      hosting: e.hosting,
      records: e.records,
      registered_at: e.registeredAt,
      updated_at: e.updatedAt,
      confirmed_at: e.confirmedAt,
      history: e.history.map((h) => (h.action === 'import' ? { action: h.action, source: h.source, imported_at: h.importedAt, applied_at: h.appliedAt } : {
        action: h.action,
        letter: h.letter,
        pull_request: h.pullRequest,
        opened_at: h.openedAt ?? null,
        applied_at: h.appliedAt,
        commit: h.commit,
        total_s: h.totalS ?? null,
        late: h.late,
        steps: h.approvals.map((s) => ({
          step: s.step,
          title: s.title,
          role: s.role ?? null,
          official: { title: s.official.title, name: s.official.name ?? null },
          by: s.by,
          at: s.at,
          elapsed_s: s.elapsedS ?? null,
          standard_s: s.standardS ?? null,
          late: s.late,
        })),
      })),
    })),
  };
}
