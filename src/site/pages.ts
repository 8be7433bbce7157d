/** The site's pages, rendered from the public register and the Mutu Baku report. */
import { bilingualDuration, durationEn, durationId, formatDate, formatTime } from '../report/format.js';
import type { MutuBakuReport } from '../report/mutu-baku.js';
import { searchText } from './assets.js';
import { chartRows, mutuBakuChart, stepTitle } from './chart.js';
import { bi, html, raw, safeUrl, type Html } from './html.js';
import { LETTER_CHANNELS } from '../model/letter-channel.js';
import type { PublicEntry, PublicHistory, PublicOfficial, PublicRecord, PublicRequestHistory, PublicStep } from './public-register.js';

export interface SiteContext {
  office: { name: string; short?: string; government?: string };
  /** OPD key → name. */
  opds: Record<string, string>;
  /** Step id → title and SOP row. */
  steps: Record<string, { title: string; sopRow?: string }>;
  totalLimitS?: number;
  /** `https://github.com/owner/repo`: links to pull requests and commits; plain text without it. */
  repoUrl?: string;
  timeZone: string;
  /** The newest `applied_at` in the register: the date the data is as of. */
  asOf?: string;
}

type Page = 'register' | 'dashboard' | 'subdomain';

export function subdomainPath(fqdn: string): string {
  return `s/${fqdn}.html`;
}

/** The subdomain's page on the published site (`policy.site.url`): what the letters' QR code opens. */
export function subdomainUrl(siteUrl: string, fqdn: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/${subdomainPath(fqdn)}`;
}

function layout(ctx: SiteContext, page: Page, title: string, body: Html): string {
  const up = page === 'subdomain' ? '../' : '';
  const current = (p: Page) => (p === page ? 'page' : undefined);
  return html`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${title} — ${ctx.office.short ?? ctx.office.name}</title>
<link rel="stylesheet" href="${up}assets/site.css">
</head>
<body>
<header class="site">
<div class="office">${ctx.office.government ? `${ctx.office.government} · ` : ''}${ctx.office.name}</div>
<h1>${bi('Daftar Sub Domain', 'Subdomain register')}</h1>
<nav class="site" aria-label="Navigasi / navigation">
<a href="${up}index.html" aria-current="${current('register')}">${bi('Daftar', 'Register')}</a>
<a href="${up}mutu-baku.html" aria-current="${current('dashboard')}">${bi('Mutu Baku', 'Service standards')}</a>
<a href="${up}data/register.json">${bi('Data terbuka (JSON)', 'Open data (JSON)')}</a>
</nav>
</header>
<main>
${body}
</main>
<footer class="site">
<p>${bi('Daftar resmi sub domain; sub domain yang tidak tercatat di sini bukan sub domain resmi.', 'The official register; a subdomain not listed here is not official.')}
${ctx.asOf ? html`${bi('Data per', 'Data as of')} ${formatTime(ctx.asOf, ctx.timeZone)}.` : ''}</p>
<p>${bi('Data pribadi (NIP, telepon, e-mail, nama narahubung) tidak diterbitkan, sesuai UU 27/2022 tentang Pelindungan Data Pribadi.', 'Personal data (NIP, phone, e-mail, contact names) is not published, per Law 27/2022 on Personal Data Protection.')}</p>
</footer>
<script src="${up}assets/site.js" defer></script>
</body>
</html>
`.text.replace(/ aria-current=""/g, '');
}

function opdName(ctx: SiteContext, key: string): string {
  return ctx.opds[key] ?? key;
}

function records(entry: PublicEntry): Html {
  const items: Html[] = [];
  if (entry.hosting) items.push(html`<li><span class="tag">HOSTING</span> ${bi('Pusat data daerah', 'regional data centre')}</li>`);
  for (const r of entry.records) items.push(recordItem(r));
  return html`<ul class="records">${items}</ul>`;
}

function recordItem(r: PublicRecord): Html {
  const name = r.name === '@' ? '' : html`<code>${r.name}</code> `;
  const priority = r.priority !== undefined ? `${r.priority} ` : '';
  return html`<li><span class="tag">${r.type}</span> ${name}${r.values.map((v, i) => html`${i > 0 ? ', ' : ''}<code>${priority}${v}</code>`)}</li>`;
}

function link(ctx: SiteContext, path: string, text: string): Html {
  return ctx.repoUrl ? html`<a href="${safeUrl(`${ctx.repoUrl}/${path}`)}" rel="noopener">${text}</a>` : html`${text}`;
}

/**
 * Who took a step: the role's title and the official's name from the policy, never the GitHub
 * login. Without a name in the policy, the title and a note saying so.
 */
function official(o: PublicOfficial | undefined): Html {
  const title = o?.title ? o.title : '—';
  if (o?.name) return html`<span class="official">${title}</span><br><span class="official-name">${o.name}</span>`;
  return html`<span class="official">${title}</span> <span class="missing">(${bi('nama belum diisi di kebijakan', 'name not in the policy')})</span>`;
}

/** The step's title (the SOP row's name) and its SOP row number; never the internal step id. */
function stepLabel(ctx: SiteContext, step: { step: string; title: string }, inPolicy = ctx.steps[step.step] !== undefined): Html {
  const sopRow = ctx.steps[step.step]?.sopRow;
  return html`${stepTitle(step.title, step.step, inPolicy)}${sopRow ? html` <span class="en">(SOP ${sopRow})</span>` : ''}`;
}

export function registerPage(ctx: SiteContext, entries: readonly PublicEntry[]): string {
  const opdKeys = [...new Set(entries.map((e) => e.opd))].sort((a, b) => opdName(ctx, a).localeCompare(opdName(ctx, b), 'id'));
  const rows = entries.map((e) => {
    const search = searchText([e.fqdn, e.opd, opdName(ctx, e.opd), e.purpose, e.hosting ? 'hosting' : '', ...e.records.flatMap((r) => [r.type, ...r.values])].join(' '));
    return html`<tr data-opd="${e.opd}" data-search="${search}">
<td><a href="${subdomainPath(e.fqdn)}"><strong>${e.fqdn}</strong></a></td>
<td>${opdName(ctx, e.opd)}</td>
<td class="purpose">${e.purpose}</td>
<td>${records(e)}</td>
<td>${formatDate(e.registeredAt, ctx.timeZone)}</td>
</tr>`;
  });
  const body = html`<p class="lead">${bi(
    `Semua sub domain ${ctx.office.short ?? ctx.office.name} yang aktif: perangkat daerah pemiliknya, tujuannya, dan catatan DNS-nya.`,
    'Every live subdomain: the agency that owns it, its purpose and its DNS records.',
  )}</p>
<form id="filters" class="filters" role="search" hidden>
<label for="q">${bi('Cari', 'Search')}<input id="q" name="q" type="search" autocomplete="off" placeholder="nama, OPD, tujuan / name, agency, purpose"></label>
<label for="opd">${bi('Perangkat daerah', 'Agency')}<select id="opd" name="opd">
<option value="">Semua / all</option>
${opdKeys.map((k) => html`<option value="${k}">${opdName(ctx, k)}</option>`)}
</select></label>
</form>
<p class="count" aria-live="polite"><strong id="count">${entries.length}</strong> ${bi('sub domain ditampilkan', 'subdomains shown')} · ${entries.length} ${bi('terdaftar', 'registered')}</p>
<div class="scroll">
<table id="register">
<thead><tr><th scope="col">Sub domain</th><th scope="col">${bi('Perangkat daerah', 'Agency')}</th><th scope="col">${bi('Tujuan', 'Purpose')}</th><th scope="col">DNS</th><th scope="col">${bi('Terdaftar', 'Registered')}</th></tr></thead>
<tbody>
${rows}
<tr id="empty" hidden><td colspan="5">${bi('Tidak ada sub domain yang cocok.', 'No subdomain matches.')}</td></tr>
</tbody>
</table>
</div>`;
  return layout(ctx, 'register', 'Daftar Sub Domain / Subdomain register', body);
}

const ACTIONS: Record<PublicRequestHistory['action'], [string, string]> = {
  create: ['Pendaftaran', 'registration'],
  update: ['Perubahan', 'change'],
  delete: ['Penghapusan', 'removal'],
};

function status(late: boolean, known: boolean): Html {
  if (!known) return html`—`;
  return late ? html`<span class="late">${bi('Terlambat', 'late')}</span>` : html`<span class="ontime">${bi('Tepat waktu', 'on time')}</span>`;
}

function stepRow(ctx: SiteContext, step: PublicStep, index: number): Html {
  return html`<tr data-step="${step.step}">
<td class="num">${index + 1}</td>
<td class="step">${stepLabel(ctx, step)}</td>
<td>${official(step.official)}</td>
<td class="when">${formatTime(step.at, ctx.timeZone)}</td>
<td>${durationId(step.elapsedS)}</td>
<td>${durationId(step.standardS)}</td>
<td>${status(step.late, step.elapsedS !== undefined && step.standardS !== undefined)}</td>
</tr>`;
}

function historySection(ctx: SiteContext, h: PublicHistory): Html {
  if (h.action === 'import') {
    return html`<section class="request">
<h3>${bi('Diambil alih dari zona yang sudah ada', 'Adopted from the existing zone')}</h3>
<dl class="facts">
<dt>${bi('Sumber', 'Source')}</dt><dd>${h.source === 'cloudflare' ? 'Cloudflare' : bi('berkas zona', 'zone file')}</dd>
<dt>${bi('Diambil alih', 'Adopted')}</dt><dd>${formatTime(h.appliedAt, ctx.timeZone)}</dd>
</dl>
<p>${bi('Tanpa surat permohonan: nama ini sudah ada sebelum pipeline dipakai.', 'No request letter: this name existed before the pipeline was used.')}</p>
</section>`;
  }
  const [id, en] = ACTIONS[h.action];
  const limit = ctx.totalLimitS !== undefined ? html` (${bi('batas', 'limit')} ${bilingualDuration(ctx.totalLimitS)}) ${status(h.late, h.totalS !== undefined)}` : '';
  const steps = h.approvals.length === 0
    ? html`<p>${bi('Langkah SOP tidak tercatat untuk permohonan ini.', 'No SOP steps were recorded for this request.')}</p>`
    : html`<div class="scroll"><table class="steps">
<thead><tr><th class="num" scope="col">#</th><th scope="col">${bi('Langkah', 'Step')}</th><th scope="col">${bi('Pejabat', 'Official')}</th><th scope="col">${bi('Waktu', 'When')}</th><th scope="col">${bi('Lama', 'Took')}</th><th scope="col">Mutu Baku</th><th scope="col">Status</th></tr></thead>
<tbody>${h.approvals.map((s, i) => stepRow(ctx, s, i))}</tbody>
</table></div>`;
  return html`<section class="request">
<h3>${bi(id, en)} — ${link(ctx, `pull/${h.pullRequest}`, `PR #${h.pullRequest}`)}</h3>
<dl class="facts">
<dt>${bi('Surat permohonan', 'Request letter')}</dt><dd>${h.letter.number}, ${h.letter.date}${h.letter.reference ? ` (${h.letter.reference})` : ''}${h.letter.via ? html`, ${bi(`diterima melalui ${LETTER_CHANNELS[h.letter.via].id}`, `received through ${LETTER_CHANNELS[h.letter.via].en}`)}` : ''}</dd>
${h.filedBy ? html`<dt>${bi('Dicatat oleh', 'Filed by')}</dt><dd>${h.filedBy} ${bi('atas nama OPD', 'on the agency’s behalf')}</dd>` : ''}
${h.purpose ? html`<dt>${bi('Tujuan', 'Purpose')}</dt><dd>${h.purpose}</dd>` : ''}
<dt>${bi('Dibuka', 'Opened')}</dt><dd>${h.openedAt ? formatTime(h.openedAt, ctx.timeZone) : '—'}</dd>
<dt>${bi('Diterapkan', 'Applied')}</dt><dd>${formatTime(h.appliedAt, ctx.timeZone)}</dd>
<dt>${bi('Waktu layanan', 'Service time')}</dt><dd>${h.totalS !== undefined ? bilingualDuration(h.totalS) : '—'}${limit}</dd>
<dt>Commit</dt><dd>${link(ctx, `commit/${h.commit}`, h.commit.slice(0, 12))}</dd>
</dl>
${steps}
</section>`;
}

export function subdomainPage(ctx: SiteContext, entry: PublicEntry): string {
  const body = html`<p><a href="../index.html">← ${bi('Kembali ke daftar', 'back to the register')}</a></p>
<h2 id="name">${entry.fqdn}</h2>
<dl class="facts">
<dt>${bi('Perangkat daerah', 'Agency')}</dt><dd>${opdName(ctx, entry.opd)} <code>${entry.opd}</code></dd>
<dt>${bi('Tujuan', 'Purpose')}</dt><dd>${entry.purpose}</dd>
<dt>DNS</dt><dd>${records(entry)}</dd>
<dt>${bi('Terdaftar', 'Registered')}</dt><dd>${formatTime(entry.registeredAt, ctx.timeZone)}</dd>
<dt>${bi('Terakhir diubah', 'Last changed')}</dt><dd>${formatTime(entry.updatedAt, ctx.timeZone)}</dd>
<dt>${bi('Terakhir dikonfirmasi', 'Last confirmed')}</dt><dd class="confirmed">${entry.confirmedAt ? formatDate(entry.confirmedAt, ctx.timeZone) : '—'}</dd>
</dl>
<h2>${bi('Riwayat permohonan dan langkah SOP', 'History of requests and SOP steps')}</h2>
${[...entry.history].reverse().map((h) => historySection(ctx, h))}`;
  return layout(ctx, 'subdomain', entry.fqdn, body);
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
}

/** The public history's steps (title and official), by subdomain, pull request, step and time. */
function publicSteps(entries: readonly PublicEntry[]): (late: { fqdn: string; pullRequest: number; step: string; at: string }) => PublicStep | undefined {
  const key = (fqdn: string, pullRequest: number, step: string, at: string) => JSON.stringify([fqdn, pullRequest, step, at]);
  const found = new Map<string, PublicStep>();
  for (const e of entries) {
    for (const h of e.history) {
      if (h.action === 'import') continue;
      for (const s of h.approvals) found.set(key(e.fqdn, h.pullRequest, s.step, s.at), s);
    }
  }
  return (l) => found.get(key(l.fqdn, l.pullRequest, l.step, l.at));
}

export function dashboardPage(ctx: SiteContext, report: MutuBakuReport, entries: readonly PublicEntry[] = []): string {
  const t = report.total;
  const taken = publicSteps(entries);
  // The headline holds only steps that have a time standard: a step without one is neither on time nor late.
  const measured = report.standardSteps;
  const cards = html`<div class="cards">
<div class="card"><span class="big">${report.requests.length}</span>${bi('permohonan diukur', 'requests measured')}</div>
<div class="card" id="within-standard"><span class="big">${percent(measured.count - measured.late, measured.count)}</span>${bi('langkah dalam Mutu Baku', 'steps within the time standard')} (${measured.count - measured.late}/${measured.count})<br><span class="en">${bi('hanya langkah yang punya Mutu Baku', 'only steps that have a time standard')}</span></div>
<div class="card"><span class="big">${durationId(t.medianS)}</span>${bi('median waktu layanan', 'median service time')}</div>
${t.limitS !== undefined ? html`<div class="card"><span class="big">${percent(t.count - t.late, t.count)}</span>${bi(`selesai dalam ${durationId(t.limitS)}`, `done within ${durationEn(t.limitS)}`)}</div>` : ''}
</div>`;
  const table = html`<div class="scroll"><table id="steps-table">
<thead><tr><th scope="col">${bi('Langkah SOP', 'SOP step')}</th><th scope="col">Mutu Baku</th><th class="num" scope="col">n</th><th scope="col">Median</th><th scope="col">P90</th><th scope="col">${bi('Terlama', 'Longest')}</th><th class="num" scope="col">${bi('Terlambat', 'Late')}</th></tr></thead>
<tbody>
${report.steps.map((s) => html`<tr>
<td class="step">${stepLabel(ctx, { step: s.id, title: s.title }, s.inPolicy)}${s.inPolicy ? '' : html` <span class="en">${bi('tidak ada di SOP kini', 'not in the current SOP')}</span>`}${s.kind === 'after_merge' ? html` <span class="en">${bi('setelah merge', 'after merge')}</span>` : ''}</td>
<td>${durationId(s.standardS)}</td>
<td class="num">${s.count}</td>
<td class="${s.medianS !== undefined && s.standardS !== undefined && s.medianS > s.standardS ? 'late' : ''}">${durationId(s.medianS)}</td>
<td class="${s.p90S !== undefined && s.standardS !== undefined && s.p90S > s.standardS ? 'late' : ''}">${durationId(s.p90S)}</td>
<td>${durationId(s.maxS)}</td>
<td class="num">${s.late}</td>
</tr>`)}
<tr><td><strong>${bi('Layanan keseluruhan', 'Whole service')}</strong></td><td>${durationId(t.limitS)}</td><td class="num">${t.count}</td><td>${durationId(t.medianS)}</td><td>${durationId(t.p90S)}</td><td>${durationId(t.maxS)}</td><td class="num">${t.limitS !== undefined ? t.late : '—'}</td></tr>
</tbody>
</table></div>`.text.replace(/ class=""/g, '');
  const late = report.lateSteps.length === 0
    ? html`<p>${bi('Tidak ada; semua langkah tepat waktu.', 'None: every step was on time.')}</p>`
    : html`<div class="scroll"><table id="late-steps">
<thead><tr><th scope="col">Sub domain</th><th scope="col">PR</th><th scope="col">${bi('Langkah', 'Step')}</th><th scope="col">${bi('Pejabat', 'Official')}</th><th scope="col">${bi('Waktu', 'When')}</th><th scope="col">${bi('Lama', 'Took')}</th><th scope="col">Mutu Baku</th><th scope="col">${bi('Lebih', 'Over by')}</th></tr></thead>
<tbody>${report.lateSteps.map((l) => html`<tr>
<td><a href="${subdomainPath(l.fqdn)}">${l.fqdn}</a></td><td>${link(ctx, `pull/${l.pullRequest}`, `#${l.pullRequest}`)}</td><td class="step">${stepLabel(ctx, taken(l) ?? l)}</td><td>${official(taken(l)?.official)}</td><td class="when">${formatTime(l.at, ctx.timeZone)}</td><td class="late">${durationId(l.elapsedS)}</td><td>${durationId(l.standardS)}</td><td>${durationId(l.overS)}</td>
</tr>`)}</tbody>
</table></div>`;
  const overLimit = t.limitS === undefined ? '' : html`<h2>${bi('Permohonan melewati batas waktu layanan', 'Requests over the service time limit')}</h2>
${t.lateRequests.length === 0 ? html`<p>${bi('Tidak ada.', 'None.')}</p>` : html`<div class="scroll"><table id="late-requests">
<thead><tr><th scope="col">Sub domain</th><th scope="col">PR</th><th scope="col">${bi('Dibuka', 'Opened')}</th><th scope="col">${bi('Diterapkan', 'Applied')}</th><th scope="col">${bi('Lama', 'Took')}</th></tr></thead>
<tbody>${t.lateRequests.map((r) => html`<tr><td><a href="${subdomainPath(r.fqdn)}">${r.fqdn}</a></td><td>${link(ctx, `pull/${r.pullRequest}`, `#${r.pullRequest}`)}</td><td>${r.openedAt ? formatTime(r.openedAt, ctx.timeZone) : '—'}</td><td>${formatTime(r.appliedAt, ctx.timeZone)}</td><td class="late">${durationId(r.totalS)}</td></tr>`)}</tbody>
</table></div>`}`;
  const body = html`<h2>${bi('Mutu Baku: seberapa cepat layanan berjalan', 'Service standards: how fast the office works')}</h2>
<p class="lead">${bi(
    'Untuk tiap langkah SOP: lama pengerjaan di semua permohonan yang tercatat (median dan persentil ke-90) dibandingkan Mutu Baku-nya, dihitung dari riwayat daftar sub domain.',
    'For each SOP step: how long it took across all recorded requests (median and 90th percentile) against its time standard, computed from the register\'s history.',
  )}</p>
${cards}
<figure>
${mutuBakuChart(chartRows(report))}
<figcaption>${bi('Batang tebal: median; batang tipis: persentil ke-90; garis putus-putus: Mutu Baku (100%).', 'Thick bar: median; thin bar: 90th percentile; dashed line: the standard (100%).')}</figcaption>
</figure>
<h2>${bi('Tabel per langkah', 'Table per step')}</h2>
${raw(table)}
<h2>${bi('Langkah terlambat', 'Late steps')}</h2>
${late}
${overLimit}
<p><a href="data/mutu-baku.json">${bi('Data lengkap (JSON)', 'Full data (JSON)')}</a></p>`;
  return layout(ctx, 'dashboard', 'Mutu Baku', body);
}
