import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GAMBLING_THRESHOLD, inspectPage, type ContentSignal, type PageContext } from '../../src/watch/content.js';

const PAGES = join(import.meta.dirname, '../fixtures/watch/pages');
const page = (file: string): string => readFileSync(join(PAGES, file), 'utf8');

const AGENCY: PageContext = {
  name: 'dinkes.bekasikota.go.id',
  opd: 'dinkes',
  purpose: 'Portal informasi Dinas Kesehatan Kota Bekasi untuk layanan puskesmas dan imunisasi.',
};

const kinds = (signals: ContentSignal[]) => signals.map((s) => s.kind).sort();
const signal = (signals: ContentSignal[], kind: ContentSignal['kind']): ContentSignal => {
  const found = signals.find((s) => s.kind === kind);
  if (!found) throw new Error(`no ${kind} signal in ${JSON.stringify(signals)}`);
  return found;
};
const wheres = (s: ContentSignal) => s.evidence.map((e) => e.where);
const seen = (s: ContentSignal) => s.evidence.map((e) => e.seen).join('\n');

/** A normal agency page with `inject` placed in its body. */
const agencyPage = (inject: string, head = '') => `<!doctype html><html><head><title>Dinas Kesehatan</title>${head}</head>
<body><h1>Layanan Puskesmas</h1><p>Imunisasi dasar lengkap setiap Senin sampai Kamis.</p>${inject}<footer>Dinkes</footer></body></html>`;

describe('inspectPage: hidden gambling content', () => {
  it('flags gambling hidden with display:none on an otherwise normal agency page', () => {
    const signals = inspectPage(page('hidden-display-none.html'), AGENCY);
    expect(kinds(signals)).toEqual(['gambling']);
    const gambling = signal(signals, 'gambling');
    expect(gambling.score).toBeGreaterThanOrEqual(GAMBLING_THRESHOLD);
    expect(gambling.evidence[0]).toMatchObject({ where: 'tersembunyi/hidden (display:none) <div>' });
    expect(gambling.evidence[0]!.seen).toMatch(/slot88|slot gacor/);
  });

  it('flags links moved off-screen with position:absolute and a large negative left', () => {
    const gambling = signal(inspectPage(page('offscreen-links.html'), AGENCY), 'gambling');
    expect(wheres(gambling)).toContain('di luar layar/off-screen (position:absolute; left:-9999px) <div>');
  });

  it('reports the hosts of hidden injected links', () => {
    const gambling = signal(inspectPage(page('offscreen-links.html'), AGENCY), 'gambling');
    const links = gambling.evidence.find((e) => e.where.startsWith('tautan tersembunyi/hidden links'));
    expect(links?.where).toBe('tautan tersembunyi/hidden links: 4 tautan/links ke/to 3 host(s)');
    for (const host of ['gacor777.example', 'maxwin-zeus.example', 'situs-toto.example']) expect(links?.seen).toContain(host);
  });

  it('flags a footer list of gambling links to several other hosts and names the hosts', () => {
    const gambling = signal(inspectPage(page('footer-link-list.html'), { name: 'cibinong.bogorkab.go.id' }), 'gambling');
    const list = gambling.evidence.find((e) => e.where.startsWith('daftar tautan/link list'));
    expect(list?.where).toBe('daftar tautan/link list: 15 tautan/links ke/to 9 host(s)');
    expect(list?.seen).toContain('slotgacor-hariini.example');
    expect(list?.seen).toMatch(/\(\+3\)$/);
  });

  it('flags a class hidden by a rule in the page’s own <style> block', () => {
    const gambling = signal(inspectPage(page('style-class-hidden.html'), AGENCY), 'gambling');
    expect(wheres(gambling)).toContain('tersembunyi/hidden (display:none via .wp-sponsor-widget) <div>');
  });

  it('does not treat text as hidden because of a rule inside @media', () => {
    const html = `<style>@media (max-width:600px){.promo{display:none}}</style>${agencyPage('<div class="promo">slot gacor maxwin</div>')}`;
    const gambling = inspectPage(html, AGENCY).find((s) => s.kind === 'gambling');
    expect(gambling).toBeUndefined();
  });

  it('flags gambling text scrolling in a <marquee>', () => {
    const gambling = signal(inspectPage(page('marquee.html'), AGENCY), 'gambling');
    expect(gambling.evidence[0]).toMatchObject({ where: 'teks berjalan/marquee <marquee>' });
    expect(gambling.evidence[0]!.seen).toContain('slot777');
  });

  it('flags a hijacked page as gambling and as no longer serving its purpose', () => {
    const signals = inspectPage(page('hijacked-page.html'), AGENCY);
    expect(kinds(signals)).toEqual(['gambling', 'purpose-changed']);
    expect(wheres(signal(signals, 'gambling'))).toEqual(expect.arrayContaining(['title', 'meta description', 'og:description']));
    const changed = signal(signals, 'purpose-changed');
    expect(changed.evidence[0]).toMatchObject({ where: 'title' });
    expect(changed.evidence[0]!.seen).toContain('SLOT88 : Situs Slot Gacor');
    expect(wheres(changed)).toContain('keperluan terdaftar/registered purpose');
  });

  it.each([
    ['the hidden attribute', '<div hidden>', 'hidden attribute'],
    ['visibility:hidden', '<div style="visibility: hidden">', 'visibility:hidden'],
    ['opacity:0', '<div style="opacity:0">', 'opacity:0'],
    ['font-size:0', '<div style="font-size:0px">', 'font-size:0px'],
    ['font-size:1px', '<span style="font-size:1px;color:#fff">', 'font-size:1px'],
    ['text-indent:-9999px', '<p style="text-indent:-9999px">', 'text-indent:-9999px'],
    ['height:0 with overflow:hidden', '<div style="height:0;overflow:hidden">', 'height:0; overflow:hidden'],
    ['position:fixed with a negative top', '<div style="position:fixed; top:-5000px">', 'position:fixed; top:-5000px'],
    ['an #id rule', '<style>#seo{visibility:hidden}</style><div id="seo">', 'visibility:hidden via #seo'],
    ['a tag.class rule', '<style>div.x { opacity: 0 }</style><div class="a x">', 'opacity:0 via div.x'],
  ])('flags gambling text hidden with %s', (_label, open, label) => {
    const tag = /^(?:<style>.*?<\/style>)?<([a-z]+)/.exec(open)![1]!;
    const html = agencyPage(`${open}Slot gacor hari ini, daftar slot88 link alternatif</${tag}>`);
    const gambling = signal(inspectPage(html, AGENCY), 'gambling');
    expect(gambling.evidence[0]!.where).toContain(`(${label})`);
  });

  it('flags a single hidden link with a gambling anchor to another host', () => {
    const html = agencyPage('<div style="display:none"><a href="https://bo-gacor.example/">slot gacor</a></div>');
    const gambling = signal(inspectPage(html, AGENCY), 'gambling');
    expect(seen(gambling)).toContain('bo-gacor.example');
  });

  it('matches gambling words whatever their case, spacing tricks or look-alike letters', () => {
    const html = agencyPage('<div style="display:none">ＳＬＯＴ Ｇ\u200bＡＣＯＲ · Dаftаr-Slot · 𝐌𝐀𝐗𝐖𝐈𝐍</div>');
    expect(kinds(inspectPage(html, AGENCY))).toEqual(['gambling']);
  });

  it('matches whole words only', () => {
    const html = agencyPage('<div style="display:none">Timeslots, slotted, Bandar Lampung, Pak Toto, bonus, deposit, jackpotting, togelas</div>');
    expect(inspectPage(html, AGENCY)).toEqual([]);
  });

  it('keeps evidence plain text, short and at most five items', () => {
    const html = agencyPage(
      `<div style="display:none">&lt;script&gt;alert(1)&lt;/script&gt; slot gacor <b>maxwin</b> ${'link alternatif '.repeat(50)}</div>`,
      '<meta name="description" content="<b>slot gacor</b> situs toto rtp live"><meta property="og:title" content="slot88 maxwin">',
    );
    const gambling = signal(inspectPage(html, AGENCY), 'gambling');
    expect(gambling.evidence.length).toBeLessThanOrEqual(5);
    for (const e of gambling.evidence) {
      expect(e.seen).not.toMatch(/[<>]/);
      expect(e.seen.length).toBeLessThanOrEqual(220);
    }
  });
});

describe('inspectPage: honest pages', () => {
  it('does not flag a news item about a police raid on an online-gambling ring', () => {
    expect(inspectPage(page('news-gambling-raid.html'), { name: 'bekasikota.go.id', purpose: 'Portal resmi Pemerintah Kota Bekasi' })).toEqual([]);
  });

  it('does not flag a "Stop judi online" campaign page, its marquee or its report link', () => {
    expect(inspectPage(page('campaign-stop-judi-online.html'), { name: 'stopjudol.kominfo.go.id', purpose: 'Kampanye literasi digital anti judi online' })).toEqual([]);
  });

  it('does not flag hidden tabs, modals and screen-reader text that mention slots, bonuses or Bandar Lampung', () => {
    expect(inspectPage(page('honest-hidden-widgets.html'), { name: 'mpp.bandarlampungkota.go.id', purpose: 'Mal Pelayanan Publik' })).toEqual([]);
  });

  it('does not flag an English page', () => {
    expect(inspectPage(page('english-page.html'), { name: 'visit.bandarlampungkota.go.id', purpose: 'Tourism information' })).toEqual([]);
  });

  it('does not flag an English page that warns about online casinos in its title, headings, text and a folded FAQ', () => {
    const html = readFileSync(join(import.meta.dirname, 'fixtures/pages/english-casino-warning.html'), 'utf8');
    expect(html.match(/casino/gi)?.length).toBeGreaterThanOrEqual(6);
    expect(inspectPage(html, { name: 'diskominfo.bandarlampungkota.go.id', purpose: 'Informasi publik Dinas Komunikasi dan Informatika' })).toEqual([]);
  });

  it('returns nothing for an empty page', () => {
    expect(inspectPage(page('empty.html'), AGENCY)).toEqual([]);
    expect(inspectPage('<!doctype html><html><head></head><body></body></html>', AGENCY)).toEqual([]);
  });

  it('reads broken HTML without throwing', () => {
    expect(inspectPage(page('broken.html'), AGENCY)).toEqual([]);
  });

  it('never flags an ordinary update: new headlines and a redesigned layout', () => {
    const before = agencyPage('<ul><li>Jadwal posyandu Januari</li></ul>');
    const after = `<html><head><title>Beranda | Dinkes Kota Bekasi — Website Baru</title></head><body class="v2">
      <nav><a href="/">Beranda</a></nav><section><h1>Kabar Terkini</h1><article><h2>Vaksinasi HPV untuk pelajar</h2></article></section></body></html>`;
    expect(inspectPage(before, AGENCY)).toEqual([]);
    expect(inspectPage(after, AGENCY)).toEqual([]);
  });

  it('never throws on input that is not a string or a context without a name', () => {
    expect(inspectPage(undefined as unknown as string, AGENCY)).toEqual([]);
    expect(inspectPage(page('hidden-display-none.html'), {} as PageContext).map((s) => s.kind)).toEqual(['gambling']);
  });
});

describe('inspectPage: purpose changed', () => {
  it('flags a nginx default page when the registered purpose is a service', () => {
    const signals = inspectPage(page('nginx-default.html'), AGENCY);
    expect(kinds(signals)).toEqual(['purpose-changed']);
    expect(signal(signals, 'purpose-changed').evidence[0]).toMatchObject({ where: 'title', seen: expect.stringContaining('Welcome to nginx!') });
    // "uji KIR" is a vehicle-inspection service, not a test server.
    expect(kinds(inspectPage(page('nginx-default.html'), { name: 'kir.bekasikota.go.id', purpose: 'Layanan pendaftaran uji KIR kendaraan' }))).toEqual(['purpose-changed']);
  });

  it('does not flag a nginx default page when the purpose is a test server or is not known', () => {
    expect(inspectPage(page('nginx-default.html'), { name: 'uji.bekasikota.go.id', purpose: 'Server uji coba aplikasi sebelum rilis' })).toEqual([]);
    expect(inspectPage(page('nginx-default.html'), { name: 'baru.bekasikota.go.id' })).toEqual([]);
  });

  it('flags a parked, for-sale page whatever the purpose', () => {
    for (const context of [AGENCY, { name: 'lama.bekasikota.go.id' }]) {
      const signals = inspectPage(page('parked-for-sale.html'), context);
      expect(kinds(signals)).toEqual(['purpose-changed']);
      const changed = signal(signals, 'purpose-changed');
      expect(changed.evidence[0]).toMatchObject({ where: 'title', seen: expect.stringContaining('domain ini dijual') });
      expect(seen(changed)).toContain('This domain may be for sale');
    }
  });

  it('flags a directory listing unless the name is registered for downloads', () => {
    const listing = '<html><head><title>Index of /</title></head><body><h1>Index of /</h1><pre><a href="../">../</a></pre></body></html>';
    expect(kinds(inspectPage(listing, AGENCY))).toEqual(['purpose-changed']);
    expect(inspectPage(listing, { name: 'unduh.bekasikota.go.id', purpose: 'Repositori berkas unduhan publik' })).toEqual([]);
  });

  it('flags the cPanel and Apache default pages', () => {
    const cpanel = '<html><head><title>Coming Soon</title></head><body><h2>Future home of something quite cool.</h2></body></html>';
    const apache = '<html><head><title>Apache2 Ubuntu Default Page: It works</title></head><body><p>It works!</p></body></html>';
    expect(kinds(inspectPage(cpanel, AGENCY))).toEqual(['purpose-changed']);
    expect(kinds(inspectPage(apache, AGENCY))).toEqual(['purpose-changed']);
  });

  it('treats a gambling title alone as both gambling and a changed purpose', () => {
    const signals = inspectPage('<html><head><title>Slot Gacor Maxwin</title></head><body></body></html>', AGENCY);
    expect(kinds(signals)).toEqual(['gambling', 'purpose-changed']);
  });

  it('does not treat a headline that quotes a spam phrase as a gambling title', () => {
    const html = '<html><head><title>Waspada Iklan Slot Gacor di Media Sosial</title></head><body><p>Diskominfo mengimbau warga.</p></body></html>';
    expect(inspectPage(html, AGENCY)).toEqual([]);
  });
});

describe('inspectPage: bounded work', () => {
  const MiB = 1024 * 1024;
  const fill = (unit: string) => unit.repeat(Math.floor(MiB / unit.length));

  it('stays bounded on a 1 MiB page of nested tags', () => {
    expect(inspectPage(fill('<div>'), AGENCY)).toEqual([]);
    expect(inspectPage(fill('<b><span>'), AGENCY)).toEqual([]);
  });

  it('still finds gambling text in 1 MiB of nested hidden tags', () => {
    expect(kinds(inspectPage(fill('<div style="display:none">slot gacor maxwin '), AGENCY))).toEqual(['gambling']);
  });

  it.each([
    ['stray close tags', fill('<div></span>')],
    ['an unclosed comment', `<!--${'x'.repeat(MiB)}`],
    ['an unclosed attribute', `<div style="${'display:none;'.repeat(MiB / 16)}`],
    ['a style block without braces', `<style>${'.a .b '.repeat(MiB / 8)}`],
    ['a style block of open braces', `<style>${'{'.repeat(MiB)}`],
    ['thousands of hiding rules', `<style>${'.x{display:none}'.repeat(MiB / 16)}</style><div class="x">slot gacor maxwin</div>`],
    ['thousands of links', fill('<a href="https://slot88.example/">slot gacor</a>')],
    ['one very long word', 'a'.repeat(MiB)],
    ['lone surrogates', '\ud800'.repeat(MiB)],
  ])('returns on %s', (_label, html) => {
    expect(Array.isArray(inspectPage(html, AGENCY))).toBe(true);
  });
});
