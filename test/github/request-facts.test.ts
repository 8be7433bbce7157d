import { requestFacts, requestFileOf, type RegisterLookup } from '../../src/approvals/request-facts.js';

const register = (entries: Record<string, string | 'unreadable'>): RegisterLookup => (fqdn) => {
  const entry = entries[fqdn];
  return entry === undefined ? undefined : entry === 'unreadable' ? 'unreadable' : { opd: entry };
};
const none = register({});
const en = (facts: ReturnType<typeof requestFacts>) => facts.maintainerReasons.map((r) => r.en);

describe('requestFileOf', () => {
  it('names the one request file added or changed', () => {
    expect(requestFileOf([{ path: 'requests/sehat.bekasikota.go.id.yaml', status: 'added' }])).toBe('requests/sehat.bekasikota.go.id.yaml');
    expect(requestFileOf([{ path: 'requests/a.go.id.yaml', status: 'modified' }, { path: 'README.md', status: 'modified' }])).toBe('requests/a.go.id.yaml');
  });
  it('names none for zero, two, removed or nested request files', () => {
    expect(requestFileOf([])).toBeUndefined();
    expect(requestFileOf([{ path: 'requests/a.go.id.yaml', status: 'added' }, { path: 'requests/b.go.id.yaml', status: 'added' }])).toBeUndefined();
    expect(requestFileOf([{ path: 'requests/a.go.id.yaml', status: 'removed' }])).toBeUndefined();
    expect(requestFileOf([{ path: 'requests/x/a.go.id.yaml', status: 'added' }])).toBeUndefined();
  });
});

describe('requestFacts', () => {
  it('needs no maintainer for one request file for a free name', () => {
    expect(requestFacts({ files: [{ path: 'requests/sehat.bekasikota.go.id.yaml', status: 'added' }], requestOpd: 'dinkes', register: none })).toEqual({ opd: 'dinkes', maintainerReasons: [] });
  });

  it('needs no maintainer when the OPD updates its own name', () => {
    const facts = requestFacts({ files: [{ path: 'requests/pajak.bekasikota.go.id.yaml', status: 'added' }], requestOpd: 'bapenda', register: register({ 'pajak.bekasikota.go.id': 'bapenda' }) });
    expect(en(facts)).toEqual([]);
  });

  it('needs the maintainers for a name another OPD owns', () => {
    const facts = requestFacts({ files: [{ path: 'requests/pajak.bekasikota.go.id.yaml', status: 'added' }], requestOpd: 'dinkes', register: register({ 'pajak.bekasikota.go.id': 'bapenda' }) });
    expect(en(facts)).toEqual(['The name pajak.bekasikota.go.id belongs to OPD bapenda, not dinkes.']);
    expect(facts.maintainerReasons[0]!.id).toBe('Nama pajak.bekasikota.go.id sudah dimiliki OPD bapenda, bukan dinkes.');
  });

  it('needs the maintainers for a name under another OPD’s subdomain', () => {
    const facts = requestFacts({ files: [{ path: 'requests/kelas.ppdb.bekasikota.go.id.yaml', status: 'added' }], requestOpd: 'dinkes', register: register({ 'ppdb.bekasikota.go.id': 'disdik' }) });
    expect(en(facts)).toEqual(['The name kelas.ppdb.bekasikota.go.id lies under ppdb.bekasikota.go.id, which belongs to OPD disdik, not dinkes.']);
  });

  it('needs the maintainers when the owner cannot be read at the base', () => {
    const facts = requestFacts({ files: [{ path: 'requests/pajak.bekasikota.go.id.yaml', status: 'added' }], requestOpd: 'dinkes', register: register({ 'pajak.bekasikota.go.id': 'unreadable' }) });
    expect(en(facts)).toEqual(['The register entry of pajak.bekasikota.go.id (base branch) cannot be read.']);
  });

  it('needs the maintainers for files outside requests/, listing a few', () => {
    const files = [{ path: 'requests/a.bekasikota.go.id.yaml', status: 'added' }, ...['.github/sop.yaml', 'src/x.ts', 'a', 'b', 'c', 'd'].map((path) => ({ path, status: 'modified' }))];
    const facts = requestFacts({ files, requestOpd: 'dinkes', register: none });
    expect(en(facts)).toEqual(['The pull request changes files outside requests/: .github/sop.yaml, src/x.ts, a, b, c (+1).']);
    expect(facts.opd).toBe('dinkes');
  });

  it('needs the maintainers for two requests in one pull request, and knows no OPD then', () => {
    const facts = requestFacts({ files: [{ path: 'requests/a.go.id.yaml', status: 'added' }, { path: 'requests/b.go.id.yaml', status: 'added' }], requestOpd: 'dinkes', register: none });
    expect(en(facts)).toEqual(['The pull request holds 2 request files; one pull request is for exactly one request.']);
    expect(facts.opd).toBeUndefined();
  });

  it('needs the maintainers to remove a request, or to rename one (which removes the old path)', () => {
    expect(en(requestFacts({ files: [{ path: 'requests/a.go.id.yaml', status: 'removed' }], register: none }))).toEqual([
      'The pull request removes the request file requests/a.go.id.yaml.',
      'The pull request holds 0 request files; one pull request is for exactly one request.',
    ]);
    expect(en(requestFacts({ files: [{ path: 'requests/b.go.id.yaml', status: 'renamed', previous: 'requests/a.go.id.yaml' }], requestOpd: 'dinkes', register: none }))).toEqual([
      'The pull request removes the request file requests/a.go.id.yaml.',
    ]);
    expect(en(requestFacts({ files: [{ path: 'requests/b.go.id.yaml', status: 'renamed', previous: 'subdomains/b.go.id.yaml' }], requestOpd: 'dinkes', register: none }))).toEqual([
      'The pull request changes files outside requests/: subdomains/b.go.id.yaml.',
    ]);
  });

  it('needs the maintainers for a delegation (NS records), even when the OPD asks for its own name', () => {
    const files = [{ path: 'requests/dinkes.bekasikota.go.id.yaml', status: 'added' }];
    const records = [{ type: 'NS' as const, value: ['ns1.dinkes.bekasikota.go.id', 'ns2.penyedia-dns.net'] }, { type: 'A' as const, value: '103.122.6.53' }];
    for (const requestAction of ['create', 'update'] as const) {
      const facts = requestFacts({ files, requestOpd: 'dinkes', requestAction, requestRecords: records, register: register({ 'dinkes.bekasikota.go.id': 'dinkes' }) });
      expect(en(facts)).toEqual(["The request delegates dinkes.bekasikota.go.id to the name servers ns1.dinkes.bekasikota.go.id, ns2.penyedia-dns.net (NS records); a delegation needs the maintainers' approval."]);
      expect(facts.maintainerReasons[0]!.id).toBe('Permohonan mendelegasikan dinkes.bekasikota.go.id ke server nama ns1.dinkes.bekasikota.go.id, ns2.penyedia-dns.net (catatan NS); delegasi memerlukan persetujuan maintainers.');
    }
  });

  it('needs no maintainer for records without NS', () => {
    const facts = requestFacts({ files: [{ path: 'requests/sehat.bekasikota.go.id.yaml', status: 'added' }], requestOpd: 'dinkes', requestAction: 'create', requestRecords: [{ type: 'SRV', value: 'sip.penyedia.com' }], register: none });
    expect(en(facts)).toEqual([]);
  });

  it('needs the maintainers when GitHub could not list every file', () => {
    expect(en(requestFacts({ files: [{ path: 'requests/a.go.id.yaml', status: 'added' }], truncated: true, requestOpd: 'x', register: none }))).toEqual([
      'The pull request changes too many files to list them all.',
    ]);
  });
  it('marks a single request file that could not be read as invalid, so nothing may pass', () => {
    const files = [{ path: 'requests/sehat.bekasikota.go.id.yaml', status: 'added' }];
    expect(requestFacts({ files, requestInvalid: true, register: none }).requestInvalid).toBe(true);
    expect(requestFacts({ files, register: none }).requestInvalid).toBe(true);
    expect(requestFacts({ files, requestOpd: 'dinkes', register: none }).requestInvalid).toBeUndefined();
  });
});
