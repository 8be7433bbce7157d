import { isIP } from 'node:net';
import { msg, type Message } from '../model/problem.js';
import { nonPublicRange } from '../records/address.js';
import { inspectPage } from './content.js';
import { resolveChain, type Chain, type DnsClient } from './dns.js';
import { byNameAndSeverity, CERTIFICATE_WINDOW_DAYS, finding, type Finding } from './finding.js';
import { recordTarget, type WatchSubject } from './subjects.js';
import { isUnclaimed, servicesFor, type TakeoverService } from './takeover.js';
import { fetchPage, type Connector, type PageFetch } from './web.js';

export interface WatchOptions {
  dns: DnsClient;
  /** Where a host:port is reached; `addressConnector` unless tests map names to 127.0.0.1. */
  connect: Connector;
  now: Date;
  /** Subjects checked at once. */
  concurrency: number;
  /** Per fetch (redirects and body included). */
  timeoutMs: number;
  maxBytes: number;
  /** Days of certificate validity left below which it is reported. */
  certificateDays: number;
  ca?: string | Buffer | Array<string | Buffer>;
}

export const WATCH_DEFAULTS = { concurrency: 32, timeoutMs: 10_000, maxBytes: 1024 * 1024, certificateDays: CERTIFICATE_WINDOW_DAYS } as const;

export interface WatchResult {
  checkedAt: string;
  names: number;
  findings: Finding[];
}

/** Checks every subject (DNS, then the web where the name is reachable); never throws for what it sees. */
export async function watch(subjects: readonly WatchSubject[], options: WatchOptions): Promise<WatchResult> {
  const findings: Finding[] = [];
  await eachLimited(subjects, options.concurrency, async (subject) => {
    findings.push(...(await watchSubject(subject, options)));
  });
  findings.sort(byNameAndSeverity);
  return { checkedAt: options.now.toISOString(), names: subjects.length, findings };
}

/**
 * The connector the watch uses outside tests: it resolves a host through the watch's own DNS
 * client and refuses private, loopback, link-local and metadata addresses, so a name that
 * points at 169.254.169.254 is a finding and never a request. An IP literal (a redirect to
 * `http://8.8.8.8/`) is judged as it is, never sent to DNS. A name that does not resolve is
 * refused as `unresolved`, which is not a non-public address.
 */
export function addressConnector(dns: DnsClient): Connector {
  return async (host, port) => {
    if (isIP(host) !== 0) {
      const range = nonPublicRange(host);
      if (range) {
        return { refused: msg(`${host} adalah alamat ${range.id}; tidak dihubungi.`, `${host} is a ${range.en} address; not contacted.`), reason: 'non-public' };
      }
      return { address: host, port };
    }
    const chain = await resolveChain(dns, host);
    if (chain.outcome !== 'addresses' || chain.addresses.length === 0) {
      return { refused: msg(`${host} tidak dapat di-resolve (${chain.outcome}).`, `${host} does not resolve (${chain.outcome}).`), reason: 'unresolved' };
    }
    const blocked = chain.addresses.find((a) => nonPublicRange(a));
    if (blocked) {
      const range = nonPublicRange(blocked)!;
      return { refused: msg(`${host} mengarah ke alamat ${range.id} ${blocked}; tidak dihubungi.`, `${host} points at a ${range.en} address ${blocked}; not contacted.`), reason: 'non-public' };
    }
    return { address: chain.addresses[0]!, port };
  };
}

async function watchSubject(subject: WatchSubject, options: WatchOptions): Promise<Finding[]> {
  const out: Finding[] = [];
  const services: TakeoverService[] = [];
  for (const record of subject.records) {
    if ((record.type === 'A' || record.type === 'AAAA') && !record.proxied) {
      const range = nonPublicRange(record.content);
      if (range) out.push(nonPublic(subject.name, `${record.type} ${record.name}`, record.content, range));
    }
    const target = recordTarget(record);
    if (!target) continue;
    const chain = await resolveChain(options.dns, target);
    const where = `${record.type} ${record.name} → ${target}`;
    const pointsInto = record.type === 'CNAME' ? servicesFor([target, ...chain.hops]) : [];
    services.push(...pointsInto);
    out.push(...chainFindings(subject.name, where, chain, pointsInto));
  }
  if (!subject.records.some((r) => r.name === subject.name && ['A', 'AAAA', 'CNAME'].includes(r.type))) return out;
  // The live name, which is what visitors reach (the register may lag behind a hand edit).
  const live = await resolveChain(options.dns, subject.name);
  if (live.outcome !== 'addresses') {
    // A name that cannot be looked up is not a name without problems: say so (its own CNAME chain was judged above).
    const judged = out.some((f) => f.kind.startsWith('dns/'));
    if (!judged && (live.outcome === 'error' || live.outcome === 'loop' || live.outcome === 'too-long')) {
      out.push(...chainFindings(subject.name, subject.name, live, []));
    }
    return out;
  }
  const blocked = live.addresses.filter((a) => nonPublicRange(a));
  if (blocked.length > 0 && !out.some((f) => f.kind === 'dns/non-public-address')) {
    out.push(nonPublic(subject.name, `${subject.name}`, blocked.join(', '), nonPublicRange(blocked[0]!)!));
  }
  if (blocked.length > 0) return out;
  for (const service of servicesFor(live.hops)) if (!services.includes(service)) services.push(service);
  const fetchOptions = { connect: options.connect, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes, maxRedirects: 5, ...(options.ca ? { ca: options.ca } : {}) };
  const [https, http, crawler] = await Promise.all([
    fetchPage(`https://${subject.name}/`, fetchOptions),
    fetchPage(`http://${subject.name}/`, fetchOptions),
    fetchPage(`https://${subject.name}/`, { ...fetchOptions, asCrawler: true }),
  ]);
  out.push(...webFindings(subject, https, http, services, options));
  if (!out.some((f) => f.kind === 'web/gambling') && crawler.outcome === 'ok') out.push(...cloakedFindings(subject, crawler));
  return out;
}

function chainFindings(name: string, where: string, chain: Chain, services: readonly TakeoverService[]): Finding[] {
  switch (chain.outcome) {
    case 'nxdomain': {
      const seen = `NXDOMAIN ${chain.failedAt ?? ''}${chain.hops.length > 0 ? ` (${[chain.name, ...chain.hops].join(' → ')})` : ''}`.trim();
      const claimable = services.find((s) => isUnclaimed(s, { nxdomain: true }));
      if (claimable) {
        return [finding('dns/takeover', name, msg(
          `Target di ${claimable.service} tidak ada: dapat diambil alih`,
          `The ${claimable.service} target does not exist: it can be taken over`,
        ), [{ where, seen }])];
      }
      return [finding('dns/dangling', name, msg('Rekaman menggantung: targetnya tidak ada', 'Dangling record: its target does not exist'), [{ where, seen }])];
    }
    case 'loop':
    case 'too-long':
      return [finding('dns/loop', name, msg('Rantai CNAME berputar atau terlalu panjang', 'The CNAME chain loops or is too long'), [{ where, seen: [chain.name, ...chain.hops].join(' → ') }])];
    case 'error':
      return [finding('dns/lookup-failed', name, msg('Target tidak dapat diperiksa', 'The target could not be checked'), [{ where, seen: `${chain.code ?? 'error'} ${chain.failedAt ?? ''}`.trim() }])];
    case 'addresses': {
      const blocked = chain.addresses.filter((a) => nonPublicRange(a));
      return blocked.length > 0 ? [nonPublic(name, where, blocked.join(', '), nonPublicRange(blocked[0]!)!)] : [];
    }
    case 'nodata':
      return [];
  }
}

function nonPublic(name: string, where: string, seen: string, range: Message): Finding {
  return finding('dns/non-public-address', name, msg(`Mengarah ke alamat ${range.id}`, `Points at a ${range.en} address`), [{ where, seen }]);
}

function webFindings(subject: WatchSubject, https: PageFetch, http: PageFetch, services: readonly TakeoverService[], options: WatchOptions): Finding[] {
  const name = subject.name;
  const out: Finding[] = [];
  // Only a refusal of a non-public address is that finding; a redirect to a name that does not
  // resolve is a site that does not answer (below), never a reason for an advisory.
  const blocked = [https, http].find((f) => f.outcome === 'blocked' && f.refusal !== 'unresolved');
  if (blocked) {
    out.push(finding('dns/non-public-address', name, msg('Pengalihan ke alamat yang tidak boleh dihubungi', 'Redirected to an address that is never contacted'), [
      { where: blocked.url, seen: blocked.blocked?.en ?? 'blocked' },
    ]));
  }
  const httpsOk = https.outcome === 'ok';
  const httpOk = http.outcome === 'ok';
  if (!httpsOk && !httpOk) {
    if (!blocked) {
      out.push(finding('web/unreachable', name, msg('Situs tidak menjawab', 'The site does not answer'), [
        { where: https.url, seen: failure(https) },
        { where: http.url, seen: failure(http) },
      ]));
    }
    return out;
  }
  if (https.tls) out.push(...certificateFindings(name, https, options));
  if (!httpsOk) {
    out.push(finding('web/no-https', name, msg('Tidak ada HTTPS', 'No HTTPS'), [{ where: https.url, seen: failure(https) }]));
  } else {
    if (!https.headers['strict-transport-security'] && https.finalUrl.startsWith('https://')) {
      out.push(finding('web/no-hsts', name, msg('Tanpa HSTS', 'No HSTS'), [{ where: https.finalUrl, seen: 'Strict-Transport-Security: —' }]));
    }
    if (httpOk && !http.finalUrl.startsWith('https://')) {
      out.push(finding('web/no-https-redirect', name, msg('http:// tidak dialihkan ke https://', 'http:// is not redirected to https://'), [
        { where: http.url, seen: `${http.status ?? ''} ${http.finalUrl}`.trim() },
      ]));
    }
  }
  const page = httpsOk ? https : http;
  for (const service of services) {
    if (isUnclaimed(service, { nxdomain: false, ...(page.status !== undefined ? { status: page.status } : {}), body: page.body })) {
      out.push(finding('web/takeover', name, msg(`Layanan ${service.service} belum diklaim`, `The ${service.service} service is unclaimed`), [
        { where: page.finalUrl, seen: `${page.status ?? ''} “${service.fingerprint}”`.trim() },
      ]));
    }
  }
  if ((page.status ?? 0) >= 400 && !out.some((f) => f.kind === 'web/takeover')) {
    out.push(finding('web/error-status', name, msg(`Situs menjawab ${page.status}`, `The site answers ${page.status}`), [{ where: page.finalUrl, seen: String(page.status) }]));
  }
  for (const signal of inspectPage(page.body, pageContext(subject))) {
    if (signal.kind === 'gambling') {
      out.push(finding('web/gambling', name, msg('Konten judi online tersembunyi', 'Hidden online-gambling content'), signal.evidence));
    } else {
      out.push(finding('web/purpose-changed', name, msg('Isi halaman tidak sesuai keperluan terdaftar', 'The page does not match the registered purpose'), signal.evidence));
    }
  }
  return out;
}

/** What a fetch that did not end ok saw: the Connector's refusal (`… does not resolve`), else the network's reason. */
function failure(f: PageFetch): string {
  if (f.outcome === 'blocked' && f.blocked) return f.finalUrl === f.url ? f.blocked.en : `${f.finalUrl}: ${f.blocked.en}`;
  return f.detail ?? f.outcome;
}

/** Hidden gambling pages are often shown only to search engines: what the crawler saw that visitors did not. */
function cloakedFindings(subject: WatchSubject, crawler: PageFetch): Finding[] {
  return inspectPage(crawler.body, pageContext(subject))
    .filter((signal) => signal.kind === 'gambling')
    .map((signal) => finding('web/gambling', subject.name, msg(
      'Konten judi online yang hanya ditampilkan kepada mesin pencari (cloaking)',
      'Online-gambling content shown only to search engines (cloaking)',
    ), [{ where: `${crawler.finalUrl} (User-Agent Googlebot)`, seen: 'hanya untuk mesin pencari / only for search engines' }, ...signal.evidence]));
}

function pageContext(subject: WatchSubject) {
  return { name: subject.name, ...(subject.purpose ? { purpose: subject.purpose } : {}), ...(subject.opd ? { opd: subject.opd } : {}) };
}

function certificateFindings(name: string, https: PageFetch, options: WatchOptions): Finding[] {
  const tls = https.tls!;
  const where = `https://${name}/ TLS`;
  const daysLeft = Math.floor((Date.parse(tls.validTo) - options.now.getTime()) / 86_400_000);
  // No end of validity (no certificate sent): nothing for the posture report to list.
  const certificate = Number.isFinite(daysLeft) ? { validUntil: tls.validTo.slice(0, 10), daysLeft } : undefined;
  const withFacts = (f: Finding): Finding => (certificate ? { ...f, certificate } : f);
  if (!tls.authorized) {
    return [withFacts(finding('web/certificate-invalid', name, msg('Sertifikat HTTPS tidak sah', 'Invalid HTTPS certificate'), [
      { where, seen: `${tls.error ?? 'untrusted'}; ${tls.names.join(', ')}; s.d./until ${tls.validTo.slice(0, 10)}` },
    ]))];
  }
  if (daysLeft < options.certificateDays) {
    return [withFacts(finding('web/certificate-expiring', name, msg(`Sertifikat habis dalam ${daysLeft} hari`, `The certificate expires in ${daysLeft} days`), [
      { where, seen: `s.d./until ${tls.validTo.slice(0, 10)} (${tls.issuer})` },
    ], daysLeft < 7 ? 'high' : 'medium'))];
  }
  return [];
}

/** Runs `work` over the items with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}
