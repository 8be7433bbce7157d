import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprintMatches, isUnclaimed, servicesFor, takeoverServices, type TakeoverService } from '../../src/watch/takeover.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SNAPSHOT_FILE = join(ROOT, 'src/watch/fingerprints/can-i-take-over-xyz.json');
const SCRIPT = join(ROOT, 'scripts/refresh-fingerprints.mjs');

interface Entry {
  service: string;
  cname: string[];
  fingerprint: string;
  nxdomain: boolean;
  http_status: number | null;
  status: string;
  vulnerable: boolean;
  discussion: string;
}
interface Snapshot {
  source: string;
  commit: string;
  retrieved: string;
  licence: string;
  fingerprints: Entry[];
}

const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Snapshot;
const entry = (service: string): Entry => {
  const e = snapshot.fingerprints.find((x) => x.service === service);
  if (!e) throw new Error(`${service} is not in the snapshot`);
  return e;
};
const service = (name: string): TakeoverService => {
  const s = takeoverServices().find((x) => x.service === name);
  if (!s) throw new Error(`${name} is not a takeover service`);
  return s;
};

const GITHUB_404 = `<!DOCTYPE html>
<html>
  <head><meta http-equiv="Content-type" content="text/html; charset=utf-8"><title>Site not found &middot; GitHub Pages</title></head>
  <body>
    <div class="container">
      <h1>404</h1>
      <p><strong>There isn't a GitHub Pages site here.</strong></p>
      <p>If you're trying to publish one, <a href="https://help.github.com/pages/">read the full documentation</a> to learn how to set up <strong>GitHub Pages</strong> for your repository, organization, or user account.</p>
    </div>
  </body>
</html>`;

const CLAIMED_PAGE = `<!DOCTYPE html><html><head><title>Dinas Kesehatan Kota Contoh</title></head>
<body><h1>Selamat datang</h1><p>Layanan kesehatan masyarakat. Hosted on GitHub Pages.</p></body></html>`;

describe('the fingerprint snapshot', () => {
  it('loads, with the source, its licence and the commit it was taken from', () => {
    expect(snapshot.source).toBe('https://github.com/EdOverflow/can-i-take-over-xyz');
    expect(snapshot.licence).toBe('CC-BY-4.0');
    expect(snapshot.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(snapshot.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(snapshot.fingerprints.length).toBeGreaterThan(50);
    const notice = readFileSync(join(ROOT, 'src/watch/fingerprints/NOTICE.md'), 'utf8');
    expect(notice).toContain(snapshot.commit);
    expect(notice).toContain('https://creativecommons.org/licenses/by/4.0/');
    expect(notice).toContain('fields selected, wrapped with source metadata');
  });

  it('is shipped with its NOTICE.md: the build copies the notice beside the snapshot', () => {
    const build = readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8');
    const copied = /for \(const f of (\[[^\]]*\])\) copyFileSync\(`src\/watch\/fingerprints\/\$\{f\}`, `dist\/watch\/fingerprints\/\$\{f\}`\)/.exec(build);
    expect(copied).not.toBeNull();
    expect(JSON.parse(copied![1]!.replace(/'/g, '"'))).toEqual(expect.arrayContaining(['can-i-take-over-xyz.json', 'service-domains.json', 'NOTICE.md']));
  });

  it('gives takeover services that can be taken over and have a domain suffix to match', () => {
    const services = takeoverServices();
    expect(services.length).toBeGreaterThan(10);
    expect(takeoverServices()).toBe(services); // read once
    for (const s of services) {
      expect(['Vulnerable', 'Edge case']).toContain(s.status);
      expect(s.cnames.length).toBeGreaterThan(0);
      for (const c of s.cnames) expect(c).toMatch(/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/);
    }
    const s3 = service('AWS/S3');
    expect(s3).toMatchObject({ cnames: ['s3.amazonaws.com'], fingerprint: 'The specified bucket does not exist', nxdomain: false, status: 'Vulnerable' });
    expect(s3.discussion).toBe('Issue #36 (https://github.com/EdOverflow/can-i-take-over-xyz/issues/36)');
    // Every Vulnerable / Edge case entry with a usable cname (the source's or ours) is there, and only those.
    const ours = (JSON.parse(readFileSync(new URL('../../src/watch/fingerprints/service-domains.json', import.meta.url), 'utf8')) as { domains: Record<string, string[]> }).domains;
    const expected = snapshot.fingerprints
      .filter((e) => (e.status === 'Vulnerable' || e.status === 'Edge case') && [...e.cname, ...(ours[e.service] ?? [])].some((c) => /^[a-z0-9.-]+\.[a-z]+$/i.test(c)))
      .map((e) => e.service);
    expect(services.map((s) => s.service)).toEqual(expected);
  });

  it('leaves out the cnames that are not domain suffixes (a URL, an IP address) and repeats', () => {
    const azure = service('Microsoft Azure');
    expect(azure.cnames).toContain('azurewebsites.net');
    expect(new Set(azure.cnames).size).toBe(azure.cnames.length);
    expect(service('Worksites').cnames).toEqual(['worksites.net']);
    for (const s of takeoverServices()) for (const c of s.cnames) expect(c).not.toMatch(/^\d+\.\d+\.\d+\.\d+$|:\/\//);
  });

  it('excludes "Not vulnerable" services', () => {
    expect(entry('AWS/Load Balancer (ELB)')).toMatchObject({ status: 'Not vulnerable', cname: ['elb.amazonaws.com'] });
    expect(takeoverServices().some((s) => s.service === 'AWS/Load Balancer (ELB)')).toBe(false);
    expect(servicesFor(['web-123.ap-southeast-3.elb.amazonaws.com'])).toEqual([]);
    const notVulnerable = new Set(snapshot.fingerprints.filter((e) => e.status === 'Not vulnerable').map((e) => e.service));
    expect(takeoverServices().filter((s) => notVulnerable.has(s.service))).toEqual([]);
  });
});

describe('servicesFor', () => {
  it('matches a hop equal to or under a suffix, on a label boundary only', () => {
    const github: TakeoverService = { service: 'GitHub', cnames: ['github.io'], fingerprint: "There isn't a GitHub Pages site here.", nxdomain: false, status: 'Edge case' };
    expect(servicesFor(['pages.github.io'], [github])).toEqual([github]);
    expect(servicesFor(['github.io'], [github])).toEqual([github]);
    expect(servicesFor(['evilgithub.io'], [github])).toEqual([]);
    expect(servicesFor(['github.io.evil.example'], [github])).toEqual([]);

    const s3 = service('AWS/S3');
    expect(servicesFor(['sehat.contohkota.go.id', 'dinkes-assets.s3.amazonaws.com'])).toEqual([s3]);
    expect(servicesFor(['Dinkes-Assets.S3.AmazonAWS.com.'])).toEqual([s3]);
    expect(servicesFor(['bucket.evils3.amazonaws.com'])).toEqual([]);
    expect(servicesFor(['sehat.contohkota.go.id'])).toEqual([]);
    expect(servicesFor([])).toEqual([]);
  });

  it('looks at every hop of the chain and gives each service once', () => {
    const azure = service('Microsoft Azure');
    const eb = service('AWS/Elastic Beanstalk');
    expect(servicesFor(['app.contoh.go.id', 'contoh.azurewebsites.net', 'waws-prod-sg1.cloudapp.net', 'x.elasticbeanstalk.com'])).toEqual([eb, azure]);
  });
});

describe('isUnclaimed', () => {
  it("finds GitHub Pages' fingerprint in GitHub's 404 page, and not in a claimed site", () => {
    // The source gives GitHub no cname; its suffix comes from our service-domains.json.
    const github = service('Github');
    expect(servicesFor(['dinkes.github.io'])).toEqual([github]);
    expect(isUnclaimed(github, { nxdomain: false, status: 404, body: GITHUB_404 })).toBe(true);
    expect(isUnclaimed(github, { nxdomain: false, status: 200, body: CLAIMED_PAGE })).toBe(false);
    expect(isUnclaimed(github, { nxdomain: false, status: 404 })).toBe(false);
    expect(isUnclaimed(github, { nxdomain: true })).toBe(false);
  });

  const fixturePage = (file: string) => readFileSync(join(ROOT, 'test/watch/fixtures/pages', file), 'utf8');

  it("finds Heroku's “No such app” page behind a herokuapp.com CNAME, and not a claimed Heroku app", () => {
    const heroku = service('Heroku');
    expect(servicesFor(['dinkes-lama.herokuapp.com'])).toEqual([heroku]);
    expect(isUnclaimed(heroku, { nxdomain: false, status: 404, body: fixturePage('heroku-no-such-app.html') })).toBe(true);
    expect(isUnclaimed(heroku, { nxdomain: false, status: 200, body: '<html><head><title>Dinkes</title></head><body>Powered by Heroku</body></html>' })).toBe(false);
  });

  it("finds Netlify's “Not Found - Request ID” answer behind a netlify.app CNAME, and not a site's own 404", () => {
    const netlify = service('Netlify');
    expect(servicesFor(['dinkes.netlify.app'])).toEqual([netlify]);
    expect(isUnclaimed(netlify, { nxdomain: false, status: 404, body: fixturePage('netlify-not-found.txt') })).toBe(true);
    expect(isUnclaimed(netlify, { nxdomain: false, status: 404, body: '<h1>Halaman tidak ditemukan</h1><p>Not Found</p>' })).toBe(false);
  });

  it('finds a body fingerprint of an included service (S3), whatever the status when the entry names none', () => {
    const s3 = service('AWS/S3');
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>dinkes</BucketName></Error>';
    expect(isUnclaimed(s3, { nxdomain: false, status: 404, body })).toBe(true);
    expect(isUnclaimed(s3, { nxdomain: false, body })).toBe(true);
    expect(isUnclaimed(s3, { nxdomain: false, status: 403, body: '<Error><Code>AccessDenied</Code></Error>' })).toBe(false);
  });

  it('calls an NXDOMAIN-class service unclaimed only when the chain ended NXDOMAIN', () => {
    const eb = service('AWS/Elastic Beanstalk');
    expect(eb).toMatchObject({ nxdomain: true, fingerprint: 'NXDOMAIN' });
    expect(isUnclaimed(eb, { nxdomain: true })).toBe(true);
    expect(isUnclaimed(eb, { nxdomain: false, status: 200, body: '<p>Welcome</p>' })).toBe(false);
    expect(isUnclaimed(eb, { nxdomain: false, status: 404, body: 'NXDOMAIN' })).toBe(false);
    const nx = takeoverServices().filter((s) => s.nxdomain).map((s) => s.service);
    expect(nx).toEqual(expect.arrayContaining(['AWS/Elastic Beanstalk', 'Microsoft Azure']));
  });

  it('needs the status when the entry names one (HTTP_STATUS=… fingerprints are the status alone)', () => {
    const helprace = service('Helprace');
    expect(helprace).toMatchObject({ httpStatus: 301, fingerprint: 'HTTP_STATUS=301' });
    expect(isUnclaimed(helprace, { nxdomain: false, status: 301, body: '' })).toBe(true);
    expect(isUnclaimed(helprace, { nxdomain: false, status: 200, body: 'HTTP_STATUS=301' })).toBe(false);
    expect(isUnclaimed(helprace, { nxdomain: false })).toBe(false);
    const both: TakeoverService = { service: 'X', cnames: ['x.example'], fingerprint: 'No such app', nxdomain: false, httpStatus: 404, status: 'Edge case' };
    expect(isUnclaimed(both, { nxdomain: false, status: 404, body: 'No such app' })).toBe(true);
    expect(isUnclaimed(both, { nxdomain: false, status: 200, body: 'No such app' })).toBe(false);
  });

  it('never calls a page unclaimed on an empty fingerprint', () => {
    const empty: TakeoverService = { service: 'X', cnames: ['x.example'], fingerprint: '', nxdomain: false, status: 'Vulnerable' };
    expect(isUnclaimed(empty, { nxdomain: false, status: 404, body: 'anything' })).toBe(false);
    expect(fingerprintMatches('.*', 'anything')).toBe(false);
    expect(fingerprintMatches('&#124;', 'anything')).toBe(false);
  });
});

describe('regular-expression-like fingerprints', () => {
  it('reads `.*` as a gap within one line', () => {
    const ngrok = service('Ngrok');
    expect(ngrok.fingerprint).toBe('Tunnel .*.ngrok.io not found');
    expect(isUnclaimed(ngrok, { nxdomain: false, status: 404, body: '<body>Tunnel dinkes-demo.ngrok.io not found</body>' })).toBe(true);
    expect(isUnclaimed(ngrok, { nxdomain: false, status: 404, body: 'Tunnel\nabc.ngrok.io not found' })).toBe(false);
    expect(isUnclaimed(ngrok, { nxdomain: false, status: 200, body: 'Tunnel ok. abc.ngrok.io works' })).toBe(false);
    const wordpress = service('Wordpress');
    expect(isUnclaimed(wordpress, { nxdomain: false, status: 200, body: 'Do you want to register dinkes.wordpress.com?' })).toBe(true);
  });

  it('reads the table-escaped `&#124;` as alternatives and `\\.` as a dot', () => {
    const ghost = service('Ghost');
    expect(ghost.fingerprint).toBe('Site unavailable\\.&#124;Failed to resolve DNS path for this host');
    expect(isUnclaimed(ghost, { nxdomain: false, status: 404, body: '<h1>Site unavailable.</h1>' })).toBe(true);
    expect(isUnclaimed(ghost, { nxdomain: false, status: 502, body: 'Failed to resolve DNS path for this host' })).toBe(true);
    expect(isUnclaimed(ghost, { nxdomain: false, status: 404, body: 'Site unavailable!' })).toBe(false);
  });

  it('matches an entity the source writes (&rsquo;) as written or decoded', () => {
    const worksites = service('Worksites');
    const raw = 'Hello! Sorry, but the website you&rsquo;re looking for doesn&rsquo;t exist.';
    expect(isUnclaimed(worksites, { nxdomain: false, body: `<p>${raw}</p>` })).toBe(true);
    expect(isUnclaimed(worksites, { nxdomain: false, body: 'Hello! Sorry, but the website you’re looking for doesn’t exist.' })).toBe(true);
    expect(isUnclaimed(worksites, { nxdomain: false, body: "Hello! Sorry, but the website you're looking for doesn't exist." })).toBe(false);
  });

  it('needs every part of a "` `" fingerprint', () => {
    const canny = entry('Canny').fingerprint;
    expect(fingerprintMatches(canny, 'Company Not Found<br>There is no such company. Did you enter the right URL?')).toBe(true);
    expect(fingerprintMatches(canny, 'Company Not Found')).toBe(false);
  });

  it('takes time linear in the body, whatever the fingerprint (no ReDoS)', () => {
    const body = `${'Tunnel '.repeat(200_000)}\n${'a'.repeat(1_000_000)}`;
    const started = performance.now();
    for (const s of takeoverServices()) isUnclaimed(s, { nxdomain: false, status: 200, body });
    expect(fingerprintMatches('(a+)+$|.*.*.*.*b', body)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('scripts/refresh-fingerprints.mjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fingerprints-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const COMMIT = 'a'.repeat(40);
  const run = (args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', cwd: dir, env: { PATH: process.env.PATH } });
  const source = [
    { cicd_pass: true, cname: ['s3.amazonaws.com'], discussion: '[Issue #36](https://github.com/EdOverflow/can-i-take-over-xyz/issues/36)', documentation: '', fingerprint: 'The specified bucket does not exist', http_status: null, nxdomain: false, service: 'AWS/S3', status: 'Vulnerable', vulnerable: true },
    { cicd_pass: false, cname: ['elb.amazonaws.com'], discussion: '', documentation: '', fingerprint: 'NXDOMAIN', http_status: null, nxdomain: true, service: 'AWS/Load Balancer (ELB)', status: 'Not vulnerable', vulnerable: false },
  ];

  it('writes, from a local copy of the source, a snapshot in the same shape', () => {
    writeFileSync(join(dir, 'fingerprints.json'), JSON.stringify(source));
    const r = run(['fingerprints.json', '--commit', COMMIT, '--retrieved', '2026-11-24', '--out', 'out/snapshot.json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2 entries');
    const written = JSON.parse(readFileSync(join(dir, 'out/snapshot.json'), 'utf8')) as Snapshot;
    expect(Object.keys(written)).toEqual(Object.keys(snapshot));
    expect(written).toMatchObject({ source: snapshot.source, licence: 'CC-BY-4.0', commit: COMMIT, retrieved: '2026-11-24' });
    expect(written.fingerprints).toEqual(source.map(({ cicd_pass: _, ...kept }) => kept));
    for (const e of written.fingerprints) expect(Object.keys(e)).toEqual(Object.keys(snapshot.fingerprints[0]!));
  });

  it('reproduces the committed snapshot from its own entries', () => {
    writeFileSync(join(dir, 'fingerprints.json'), JSON.stringify(snapshot.fingerprints));
    const r = run(['fingerprints.json', '--commit', snapshot.commit, '--retrieved', snapshot.retrieved, '--out', 'snapshot.json']);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toBe(readFileSync(SNAPSHOT_FILE, 'utf8'));
  });

  it('refuses an entry with a bad shape, naming it, and writes nothing', () => {
    const bad = [source[0], { ...source[1], nxdomain: 'yes', cname: 'elb.amazonaws.com' }];
    writeFileSync(join(dir, 'fingerprints.json'), JSON.stringify(bad));
    const r = run(['fingerprints.json', '--commit', COMMIT, '--out', 'snapshot.json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('entry 1 ("AWS/Load Balancer (ELB)")');
    expect(r.stderr).toContain('nxdomain must be true or false, got "yes"');
    expect(r.stderr).toContain('cname must be a list of strings');
    expect(() => readFileSync(join(dir, 'snapshot.json'))).toThrow();
  });

  it('needs the commit a local copy was taken from', () => {
    writeFileSync(join(dir, 'fingerprints.json'), JSON.stringify(source));
    const r = run(['fingerprints.json', '--out', 'snapshot.json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--commit');
  });
});
