import jsyaml from 'js-yaml';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The value of a YAML mapping, read by js-yaml (about eight times faster than the strict
 * loader), for reading the thousands of register files the pipeline writes. It answers only for
 * text in the plain subset both readers agree on (see `inPlainSubset`) and returns undefined
 * otherwise; the caller then uses the strict loader, which also explains any problem with its
 * position. A property test pins that a value returned here equals the strict loader's.
 */
export function fastYamlValue(bytes: Uint8Array, maxBytes: number): Record<string, unknown> | undefined {
  if (bytes.byteLength > maxBytes || bytes[0] === 0xef) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  if (!inPlainSubset(text)) return undefined;
  try {
    const value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: false });
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const SPECIAL_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__|constructor|prototype)$/;
const LINE = new RegExp(String.raw`^( *)((?:- +)*)(?:([^\s:#"'{}\[\],][^:#]*?):(?: +(.*?))?|(.*?))(?: +#.*)?$`);
const FLOW_MAP = new RegExp(String.raw`^\{ *((?:[A-Za-z_][A-Za-z0-9_.-]*: *(?:${QUOTED}|[^,{}\[\]"']+?) *, *)*(?:[A-Za-z_][A-Za-z0-9_.-]*: *(?:${QUOTED}|[^,{}\[\]"']+?))?) *\}$`);
const FLOW_SEQ = new RegExp(String.raw`^\[ *((?:(?:${QUOTED}|[^,{}\[\]"']+?) *, *)*(?:${QUOTED}|[^,{}\[\]"']+?)?) *\]$`);
const FLOW_ITEM = new RegExp(String.raw`${QUOTED}|[^,]+`, 'g');
const QUOTED_WHOLE = new RegExp(`^${QUOTED}$`);

/**
 * Block mappings and sequences of identifiers, double-quoted strings, one-line flow
 * collections, and plain scalars that both YAML 1.2 core schemas resolve alike. No anchors,
 * aliases, tags, block scalars, continuation lines, single quotes, tabs or CR.
 */
export function inPlainSubset(text: string): boolean {
  if (/[\t\r]/.test(text)) return false;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^ *#/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) return false;
    const [, , dashes, key, value, item] = match;
    if (key !== undefined) {
      if (!KEY.test(key) || SPECIAL_KEY.test(key)) return false;
      if (value !== undefined && value !== '' && !isPlainValue(value)) return false;
    } else {
      // A sequence item holding a scalar; a line without `- ` would be a continuation line.
      if (!dashes || item === undefined || item === '' || !isPlainValue(item)) return false;
    }
  }
  return true;
}

function isPlainValue(value: string): boolean {
  if (value.startsWith('"')) return QUOTED_WHOLE.test(value);
  if (value.startsWith('{')) {
    const inner = FLOW_MAP.exec(value)?.[1];
    return inner !== undefined && (inner.match(FLOW_ITEM) ?? []).every((pair) => {
      const colon = pair.indexOf(':');
      const key = pair.slice(0, colon).trim();
      return KEY.test(key) && !SPECIAL_KEY.test(key) && isPlainValue(pair.slice(colon + 1).trim());
    });
  }
  if (value.startsWith('[')) {
    const inner = FLOW_SEQ.exec(value)?.[1];
    return inner !== undefined && (inner.match(FLOW_ITEM) ?? []).every((item) => isPlainValue(item.trim()));
  }
  return isPlainScalar(value);
}

/**
 * A plain scalar both readers resolve alike: text that begins with a letter (a string, or
 * true/false/null in both), a whole number without leading zero that fits a double exactly, or
 * the number-like strings of DNS and letters — IPv4, IPv6, `400.7/1021/Dinkes`, hex digests.
 */
function isPlainScalar(value: string): boolean {
  if (value === '' || /[#"'`]|: |:$|[,[\]{}]$/.test(value) || /^[-?:,[\]{}&*!|>%@]/.test(value)) return false;
  if (/^[A-Za-z_]/.test(value)) return !/^(?:y|Y|n|N)$/.test(value) && !/\s$/.test(value);
  return (
    /^(?:0|[1-9][0-9]{0,14})$/.test(value) ||
    /^[0-9]+(?:\.[0-9]+){2,}$/.test(value) ||
    /^[0-9a-fA-F]*:[0-9a-fA-F:.]*$/.test(value) ||
    /^[0-9][0-9A-Za-z.-]*\/[0-9A-Za-z./-]*$/.test(value) ||
    (/^[0-9a-f]{7,40}$/.test(value) && /[a-df]/.test(value))
  );
}
