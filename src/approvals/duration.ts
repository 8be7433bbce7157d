/** Durations of the policy (`10m`, `1h`, `1d`, the Mutu Baku) and their display. */

const UNIT_SECONDS = { m: 60, h: 3600, d: 86400 } as const;

/** `10m` → 600, `1h` → 3600, `1d` → 86400; anything else → undefined. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^([1-9][0-9]*)([mhd])$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

/** Seconds between two ISO 8601 instants (b − a), or undefined when either does not parse. */
export function secondsBetween(a: string, b: string): number | undefined {
  const start = Date.parse(a);
  const end = Date.parse(b);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.round((end - start) / 1000);
}

/**
 * A duration for people, largest two units: `1 hari 2 jam` / `1 day 2 h`. Under a minute shows
 * seconds. Negative values (clock skew) show as 0.
 */
export function formatDuration(seconds: number, lang: 'id' | 'en'): string {
  const s = Math.max(0, Math.round(seconds));
  const units: [number, string, string][] = [
    [86400, 'hari', 'd'],
    [3600, 'jam', 'h'],
    [60, 'menit', 'min'],
  ];
  if (s < 60) return lang === 'id' ? `${s} detik` : `${s} s`;
  const parts: string[] = [];
  let rest = s;
  for (const [size, id, en] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n} ${lang === 'id' ? id : en}`);
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith('0 ')).join(' ');
}

/** How long one recorded SOP step took, and where the number comes from. */
export interface RecordedStepTime<A> {
  approval: A;
  elapsedS?: number;
  /** `recorded`: written at the time (`elapsed_s`); `computed`: since the step before; `unknown`. */
  source: 'recorded' | 'computed' | 'unknown';
}

/**
 * The recorded steps of one request in the order they were taken (stable where times do not
 * parse), each with the time it took: the recorded `elapsed_s`, else the time since the step
 * taken before it, the first since the pull request was opened. Negative spans (clock skew) are 0.
 */
export function recordedStepTimes<A extends { at: string; elapsed_s?: number }>(approvals: readonly A[], openedAt: string | undefined): RecordedStepTime<A>[] {
  const ordered = approvals
    .map((approval, index) => ({ approval, index, time: Date.parse(approval.at) }))
    .sort((a, b) => (Number.isNaN(a.time) || Number.isNaN(b.time) ? a.index - b.index : a.time - b.time || a.index - b.index));
  let previous = openedAt;
  return ordered.map(({ approval }) => {
    let out: RecordedStepTime<A> = { approval, source: 'unknown' };
    if (approval.elapsed_s !== undefined) out = { approval, elapsedS: approval.elapsed_s, source: 'recorded' };
    else if (previous !== undefined) {
      const seconds = secondsBetween(previous, approval.at);
      if (seconds !== undefined) out = { approval, elapsedS: Math.max(0, seconds), source: 'computed' };
    }
    previous = approval.at;
    return out;
  });
}
