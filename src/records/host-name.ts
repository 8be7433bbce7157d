/**
 * A host name a record may point at: dot-separated labels of letters, digits, inner hyphens
 * (and underscores, which service targets such as `_acme-challenge.example.net` use), with a
 * top-level label of letters; an optional trailing dot.
 */
export function isHostName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  const tld = labels.at(-1)!;
  if (!/^[a-z]{2,63}$/i.test(tld) && !/^xn--[a-z0-9-]{1,59}$/i.test(tld)) return false;
  return labels.every((label) => /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i.test(label));
}

export function normalizeHost(value: string): string {
  return value.toLowerCase().replace(/\.$/, '');
}
