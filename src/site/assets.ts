/**
 * The site's only stylesheet and script, kept as strings so the compiled package carries them
 * (the build copies no other files). Served from the site itself: no CDN, works offline.
 */

/** Lowercase, accents removed: what the search compares (the page and the script agree on it). */
export function searchText(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

export const SITE_CSS = `:root {
  --fg: #1f1f1f; --muted: #5f5f5f; --bg: #ffffff; --line: #d9d9d9; --soft: #f4f6f8;
  --accent: #0b5394; --ok: #2e7d32; --late: #c62828;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--fg); background: var(--bg); line-height: 1.45;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f4b400; outline-offset: 1px; }
header.site { background: var(--accent); color: #fff; padding: 0.9rem 1.25rem; }
header.site a { color: #fff; }
header.site .office { font-size: 0.95rem; opacity: 0.9; }
header.site h1 { margin: 0.15rem 0 0.5rem; font-size: 1.45rem; }
nav.site { display: flex; flex-wrap: wrap; gap: 1.25rem; font-size: 0.95rem; }
nav.site a[aria-current="page"] { font-weight: 700; text-decoration: none; border-bottom: 2px solid #fff; }
main { padding: 1rem 1.25rem 2rem; max-width: 1200px; }
.en { color: var(--muted); font-weight: normal; }
header.site .en { color: #dce7f3; }
h2 { font-size: 1.2rem; margin-top: 1.75rem; }
p.lead { max-width: 60rem; }
form.filters { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: end; background: var(--soft); padding: 0.75rem 1rem; border-radius: 6px; }
form.filters label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9rem; }
form.filters input, form.filters select { font: inherit; padding: 0.35rem 0.5rem; border: 1px solid #9a9a9a; border-radius: 4px; min-width: 16rem; }
.count { margin: 0.75rem 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-size: 0.9rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.purpose { max-width: 28rem; overflow-wrap: anywhere; }
td.when { white-space: nowrap; }
td.step { min-width: 14rem; overflow-wrap: anywhere; }
.official-name { font-weight: 600; }
.missing { color: var(--muted); font-size: 0.9em; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
ul.records { list-style: none; margin: 0; padding: 0; }
.tag { display: inline-block; padding: 0 0.4rem; border-radius: 3px; background: var(--soft); border: 1px solid var(--line); font-size: 0.8rem; }
.late { color: var(--late); font-weight: 600; }
.ontime { color: var(--ok); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
section.request { border: 1px solid var(--line); border-radius: 6px; padding: 0.25rem 1rem 0.5rem; margin: 1rem 0; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.card { background: var(--soft); border-radius: 6px; padding: 0.75rem 1rem; min-width: 13rem; }
.card .big { font-size: 1.5rem; font-weight: 700; display: block; }
svg.chart { max-width: 100%; height: auto; }
footer.site { padding: 1rem 1.25rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); }
@media print { header.site { background: none; color: #000; } header.site a, header.site .en { color: #000; } form.filters { display: none; } }
`;

/** Search and OPD filter on the register page. Progressive: without script every row shows. */
export const SITE_JS = `(function () {
  'use strict';
  var form = document.getElementById('filters');
  var table = document.getElementById('register');
  if (!form || !table) return;
  var q = document.getElementById('q');
  var opd = document.getElementById('opd');
  var count = document.getElementById('count');
  var empty = document.getElementById('empty');
  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-search]'));
  function norm(text) {
    return text.toLowerCase().normalize('NFKD').replace(/[\\u0300-\\u036f]/g, '');
  }
  function apply() {
    var words = norm(q.value).split(/\\s+/).filter(Boolean);
    var wanted = opd.value;
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-search') || '';
      var match = (!wanted || row.getAttribute('data-opd') === wanted) &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = String(shown);
    empty.hidden = shown !== 0;
    var params = new URLSearchParams();
    if (q.value) params.set('q', q.value);
    if (wanted) params.set('opd', wanted);
    var query = params.toString();
    try {
      history.replaceState(null, '', query ? '?' + query : location.pathname);
    } catch (e) {
      // file:// pages may refuse; filtering still works.
    }
  }
  var initial = new URLSearchParams(location.search);
  q.value = initial.get('q') || '';
  if (initial.get('opd')) opd.value = initial.get('opd');
  if (opd.selectedIndex < 0) opd.selectedIndex = 0;
  q.addEventListener('input', apply);
  opd.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  form.hidden = false;
  apply();
})();
`;
