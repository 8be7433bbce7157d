/**
 * One record as it exists in a zone today (read from Cloudflare's API or from a BIND zone
 * file), before the product knows whether it manages it. Contents are written the way
 * Cloudflare's API returns them, so both sources compare the same way with the register.
 */
export interface LiveRecord {
  /** Full owner name in lower case, without the trailing dot: `_dmarc.sehat.bekasikota.go.id`. */
  name: string;
  /** Upper case: A, AAAA, CNAME, TXT, MX, CAA, NS, SRV, and any type the product does not manage (SOA, PTR, HTTPS …). */
  type: string;
  /**
   * Cloudflare's `content`: A/AAAA the address; CNAME/NS/MX the target host name without the
   * trailing dot (MX without its priority); TXT the character-strings quoted (`"v=spf1 …"` or
   * `"part1" "part2"`, with `\"`, `\\` and `\DDD` escapes as written); CAA `0 issue "ca.example"`;
   * SRV `weight port target` (priority separate).
   */
  content: string;
  /** Seconds; 1 = automatic (Cloudflare). */
  ttl: number;
  /** MX and SRV. */
  priority?: number;
  proxied?: boolean;
  /** Cloudflare's record id (32 hex digits); absent when read from a zone file. */
  id?: string;
  comment?: string;
  /** Where it was read: the zone file's line, for messages. */
  line?: number;
}
