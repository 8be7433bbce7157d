import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import type { Evidence } from './finding.js';

/**
 * Content checks for one fetched page: hidden online-gambling ("judi online") injections, and a
 * page that has clearly stopped being what the name was registered for (parked, for sale, a
 * hosting default page, a gambling title).
 *
 * Pure: HTML text in, signals out. No network, no DOM, no clock. The page is read once (twice when
 * it has <style> blocks) with htmlparser2's Tokenizer, which is linear in the input; the element
 * stack is kept here rather than by htmlparser2's Parser, whose stack handling is quadratic on
 * deeply nested tags (1 MiB of `<div>` takes ~13 s there, ~0.1 s here).
 */

export interface ContentSignal {
  kind: 'gambling' | 'purpose-changed';
  /**
   * How strong the signal is. Gambling: the weighted sum described at `GAMBLING_THRESHOLD`
   * (reported from 10). Purpose changed: 10 per place the marker was seen (title, meta, <h1>,
   * page text).
   */
  score: number;
  evidence: Evidence[];
}

export interface PageContext {
  /** The name the page was fetched from, e.g. `disdik.bekasikota.go.id`. */
  name: string;
  /** The purpose registered for the name (`purpose:` in the register). */
  purpose?: string;
  opd?: string;
}

/**
 * Signals worth reporting (already thresholded); empty for an honest page. Never throws, bounded
 * work for any input (a 1 MiB page of nested tags, broken HTML).
 */
export function inspectPage(html: string, context: PageContext): ContentSignal[] {
  try {
    if (typeof html !== 'string' || html.length === 0) return [];
    const name = normalizeHost(typeof context?.name === 'string' ? context.name : '');
    const page = readPage(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
    const signals: ContentSignal[] = [];
    const gambling = detectGambling(page, name);
    if (gambling) signals.push(gambling);
    const changed = detectPurposeChange(page, context?.purpose);
    if (changed) signals.push(changed);
    return signals;
  } catch {
    // A detector must not take the watch down; a page it cannot read is reported by other checks.
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Limits. Everything below is linear in the input; these caps bound memory and the absolute work.
// ---------------------------------------------------------------------------------------------

/** Pages are read up to 2 Mi characters; the fetcher caps bodies well below that. */
const MAX_HTML_CHARS = 2 * 1024 * 1024;
const MAX_CSS_CHARS = 256 * 1024;
const MAX_CSS_RULES = 2000;
const MAX_ATTR_CHARS = 4096;
const MAX_REGIONS = 500;
const MAX_REGION_CHARS = 64 * 1024;
const MAX_VISIBLE_CHARS = 1024 * 1024;
const MAX_LINKS = 2000;
const MAX_LINK_TEXT = 300;
const MAX_TITLE_CHARS = 1024;
const MAX_META_CHARS = 2048;
const MAX_METAS = 12;
const MAX_EVIDENCE = 5;
const EXCERPT_CHARS = 120;

// ---------------------------------------------------------------------------------------------
// Reading the page: regions of text by placement, links, title, meta, first <h1>.
// ---------------------------------------------------------------------------------------------

type Placement = 'visible' | 'hidden' | 'marquee';

interface Hiding {
  kind: 'hidden' | 'offscreen';
  /** What hides it, as CSS-ish text: `display:none`, `position:absolute; left:-9999px`. */
  label: string;
}

interface Region {
  placement: Placement;
  hiding?: Hiding;
  /** The tag of the element that starts the region. */
  tag: string;
  parts: string[];
  length: number;
  cap: number;
}

interface LinkSeen {
  href: string;
  text: string;
  region: Region;
}

interface Page {
  title: string;
  metas: { label: string; text: string }[];
  h1: string;
  visible: Region;
  regions: Region[];
  links: LinkSeen[];
}

const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'image', 'img', 'input',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** Elements that do not separate words when rendered; everything else does. */
const INLINE_ELEMENTS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark',
  'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'label', 'nobr',
]);

/** Never treated as hiding: page-level fade-ins (`body{opacity:0}` until scripts run) are honest. */
const NEVER_HIDING = new Set(['html', 'head', 'body', 'main']);

const P_CLOSERS = new Set(['p']);
const FORM_CLOSERS = new Set(['option', 'optgroup']);
/** Opening the key closes an open element of one of these names on top of the stack (HTML's implied end tags, simplified). */
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th', 'td'])],
  ['td', new Set(['th', 'td'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['select', FORM_CLOSERS],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['a', new Set(['a'])],
  ...[
    'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl',
    'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section',
    'table', 'ul', 'marquee',
  ].map((t) => [t, P_CLOSERS] as [string, Set<string>]),
]);

const KEPT_ATTRIBUTES = new Set(['style', 'class', 'id', 'hidden', 'href', 'name', 'property', 'content', 'alt', 'http-equiv']);

type Attributes = Map<string, string>;

interface ElementSink {
  open(tag: string, attributes: Attributes, selfClosing: boolean): void;
  close(tag: string): void;
  text(text: string): void;
}

/** Turns htmlparser2 Tokenizer callbacks (offsets into the source) into tags and text. */
class Lexer implements TokenizerCallbacks {
  private tag = '';
  private attributes: Attributes | null = null;
  private attributeName = '';
  private attributeValue = '';
  private keep = false;

  constructor(
    private readonly source: string,
    private readonly sink: ElementSink,
  ) {}

  onattribname(start: number, end: number): void {
    this.attributeName = this.source.slice(start, Math.min(end, start + 64)).toLowerCase();
    this.attributeValue = '';
    this.keep = KEPT_ATTRIBUTES.has(this.attributeName);
  }
  onattribdata(start: number, end: number): void {
    if (this.keep && this.attributeValue.length < MAX_ATTR_CHARS) {
      this.attributeValue += this.source.slice(start, Math.min(end, start + MAX_ATTR_CHARS));
    }
  }
  onattribentity(codepoint: number): void {
    if (this.keep && this.attributeValue.length < MAX_ATTR_CHARS) this.attributeValue += fromCodePoint(codepoint);
  }
  onattribend(): void {
    if (this.keep && this.attributes && !this.attributes.has(this.attributeName)) {
      this.attributes.set(this.attributeName, this.attributeValue);
    }
    this.attributeValue = '';
    this.keep = false;
  }
  onopentagname(start: number, end: number): void {
    this.tag = this.source.slice(start, Math.min(end, start + 64)).toLowerCase();
    this.attributes = new Map();
  }
  onopentagend(): void {
    if (this.attributes) this.sink.open(this.tag, this.attributes, false);
    this.attributes = null;
  }
  onselfclosingtag(): void {
    if (this.attributes) this.sink.open(this.tag, this.attributes, true);
    this.attributes = null;
  }
  onclosetag(start: number, end: number): void {
    this.sink.close(this.source.slice(start, Math.min(end, start + 64)).toLowerCase());
  }
  ontext(start: number, end: number): void {
    this.sink.text(this.source.slice(start, end));
  }
  ontextentity(codepoint: number): void {
    this.sink.text(fromCodePoint(codepoint));
  }
  oncdata(): void {}
  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  onend(): void {}
}

function fromCodePoint(codepoint: number): string {
  return Number.isInteger(codepoint) && codepoint > 0 && codepoint <= 0x10ffff ? String.fromCodePoint(codepoint) : '\ufffd';
}

function tokenize(html: string, sink: ElementSink): void {
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, new Lexer(html, sink));
  tokenizer.write(html);
  tokenizer.end();
}

/** First pass: the text of the page's <style> blocks. */
function collectCss(html: string): string {
  if (!/<style/i.test(html)) return '';
  let css = '';
  let inStyle = false;
  tokenize(html, {
    open(tag) {
      inStyle = tag === 'style';
    },
    close() {
      inStyle = false;
    },
    text(text) {
      if (inStyle && css.length < MAX_CSS_CHARS) css += text.slice(0, MAX_CSS_CHARS - css.length) + '\n';
    },
  });
  return css;
}

interface Frame {
  tag: string;
  region: Region;
  link?: LinkSeen;
  ownsLink: boolean;
  skip: boolean;
  title: boolean;
  h1: boolean;
  foreign: boolean;
}

class PageReader implements ElementSink {
  readonly page: Page;
  private readonly stack: Frame[] = [];
  private readonly openCount = new Map<string, number>();
  private titleDone = false;
  private h1Done = false;
  private inH1 = 0;
  private foreignDepth = 0;

  constructor(private readonly rules: HidingRules) {
    const visible = newRegion('visible', undefined, 'body', MAX_VISIBLE_CHARS);
    this.page = { title: '', metas: [], h1: '', visible, regions: [], links: [] };
    this.stack.push({ tag: '#root', region: visible, ownsLink: false, skip: false, title: false, h1: false, foreign: false });
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  open(tag: string, attributes: Attributes, selfClosing: boolean): void {
    const closers = IMPLIES_CLOSE.get(tag);
    while (closers && this.stack.length > 1 && closers.has(this.top.tag)) this.pop();

    const parent = this.top;
    if (!INLINE_ELEMENTS.has(tag)) this.separate(parent);

    if (VOID_ELEMENTS.has(tag)) {
      this.voidElement(tag, attributes, parent);
      return;
    }

    let region = parent.region;
    if (region.placement !== 'hidden') {
      const hiding = NEVER_HIDING.has(tag) ? undefined : ownHiding(tag, attributes, this.rules);
      if (hiding) region = this.addRegion('hidden', hiding, tag) ?? region;
      else if (tag === 'marquee' && region.placement !== 'marquee') region = this.addRegion('marquee', undefined, tag) ?? region;
    }

    const frame: Frame = {
      tag,
      region,
      ownsLink: false,
      // <title> outside the first one (in the body, in SVG) is not rendered either.
      skip: parent.skip || tag === 'script' || tag === 'style' || tag === 'title',
      title: false,
      h1: false,
      foreign: tag === 'svg' || tag === 'math',
    };
    if (parent.link) frame.link = parent.link;
    if (tag === 'a') {
      const href = attributes.get('href');
      if (href !== undefined && this.page.links.length < MAX_LINKS) {
        frame.link = { href: href.trim(), text: '', region };
        frame.ownsLink = true;
      }
    }
    if (tag === 'title' && !this.titleDone && this.foreignDepth === 0) frame.title = true;
    if (tag === 'h1' && !this.h1Done) {
      frame.h1 = true;
      this.inH1++;
    }
    if (frame.foreign) this.foreignDepth++;
    this.stack.push(frame);
    this.openCount.set(tag, (this.openCount.get(tag) ?? 0) + 1);
    // In HTML a self-closing `<div/>` is just an open tag; only SVG/MathML content closes itself.
    if (selfClosing && this.foreignDepth > 0) this.pop();
  }

  close(tag: string): void {
    if ((this.openCount.get(tag) ?? 0) > 0) {
      // The element is on the stack, so this pops at least one frame; every frame is pushed once,
      // so closing is linear overall however badly tags are nested.
      while (this.stack.length > 1) {
        if (this.pop() === tag) break;
      }
    } else if (tag === 'br') {
      this.separate(this.top);
    }
  }

  text(text: string): void {
    const frame = this.top;
    if (frame.title) {
      if (this.page.title.length < MAX_TITLE_CHARS) this.page.title += text.slice(0, MAX_TITLE_CHARS);
      return;
    }
    if (frame.skip) return;
    append(frame.region, text);
    if (frame.link && frame.link.text.length < MAX_LINK_TEXT) frame.link.text += text.slice(0, MAX_LINK_TEXT);
    if (this.inH1 > 0 && this.page.h1.length < 300) this.page.h1 += text.slice(0, 300);
  }

  finish(): Page {
    while (this.stack.length > 1) this.pop();
    return this.page;
  }

  private pop(): string {
    const frame = this.stack.pop()!;
    this.openCount.set(frame.tag, (this.openCount.get(frame.tag) ?? 1) - 1);
    if (frame.ownsLink && frame.link) this.page.links.push(frame.link);
    if (frame.title) this.titleDone = true;
    if (frame.h1) {
      this.inH1--;
      this.h1Done = true;
    }
    if (frame.foreign) this.foreignDepth--;
    if (!INLINE_ELEMENTS.has(frame.tag)) this.separate(this.top);
    return frame.tag;
  }

  private separate(frame: Frame): void {
    if (frame.skip || frame.title) return;
    append(frame.region, ' ');
    if (frame.link && frame.link.text.length < MAX_LINK_TEXT) frame.link.text += ' ';
  }

  private voidElement(tag: string, attributes: Attributes, parent: Frame): void {
    if (tag === 'img' && parent.link) {
      const alt = attributes.get('alt');
      if (alt && parent.link.text.length < MAX_LINK_TEXT) parent.link.text += ` ${alt.slice(0, MAX_LINK_TEXT)} `;
    } else if (tag === 'meta') {
      this.meta(attributes);
    }
  }

  private meta(attributes: Attributes): void {
    const content = attributes.get('content');
    if (content === undefined) return;
    const key = (attributes.get('name') ?? attributes.get('property') ?? '').trim().toLowerCase();
    const label = META_LABELS[key];
    if (label && this.page.metas.length < MAX_METAS) {
      this.page.metas.push({ label, text: content.slice(0, MAX_META_CHARS) });
      return;
    }
    // <meta http-equiv="refresh" content="0;url=…">: an invisible redirect, read as a hidden link.
    if ((attributes.get('http-equiv') ?? '').trim().toLowerCase() === 'refresh') {
      const match = /url\s*=\s*['"]?([^'"\s]+)/i.exec(content);
      if (match?.[1] && this.page.links.length < MAX_LINKS) {
        const region = this.addRegion('hidden', { kind: 'hidden', label: 'meta refresh' }, 'meta') ?? this.page.visible;
        this.page.links.push({ href: match[1], text: '', region });
      }
    }
  }

  private addRegion(placement: Placement, hiding: Hiding | undefined, tag: string): Region | undefined {
    if (this.page.regions.length >= MAX_REGIONS) {
      // Past the cap, further regions of the same kind share the last one.
      for (let i = this.page.regions.length - 1; i >= 0; i--) {
        const r = this.page.regions[i]!;
        if (r.placement === placement) return r;
      }
      return undefined;
    }
    const region = newRegion(placement, hiding, tag, MAX_REGION_CHARS);
    this.page.regions.push(region);
    return region;
  }
}

const META_LABELS: Record<string, string> = {
  description: 'meta description',
  keywords: 'meta keywords',
  'og:title': 'og:title',
  'og:description': 'og:description',
  'twitter:title': 'twitter:title',
  'twitter:description': 'twitter:description',
};

function newRegion(placement: Placement, hiding: Hiding | undefined, tag: string, cap: number): Region {
  return hiding ? { placement, hiding, tag, parts: [], length: 0, cap } : { placement, tag, parts: [], length: 0, cap };
}

function append(region: Region, text: string): void {
  if (region.length >= region.cap) return;
  const piece = text.length > region.cap - region.length ? text.slice(0, region.cap - region.length) : text;
  region.parts.push(piece);
  region.length += piece.length;
}

function regionText(region: Region): string {
  return region.parts.join('');
}

function readPage(html: string): Page {
  const rules = parseHidingRules(collectCss(html));
  const reader = new PageReader(rules);
  tokenize(html, reader);
  return reader.finish();
}

// ---------------------------------------------------------------------------------------------
// What hides an element: its own attributes, inline style, or a simple rule from a <style> block.
// ---------------------------------------------------------------------------------------------

function ownHiding(tag: string, attributes: Attributes, rules: HidingRules): Hiding | undefined {
  if (tag === 'template') return { kind: 'hidden', label: '<template>' };
  if (tag === 'noscript') return { kind: 'hidden', label: '<noscript>' };
  if (attributes.has('hidden')) return { kind: 'hidden', label: 'hidden attribute' };
  const style = attributes.get('style');
  if (style) {
    const hiding = styleHiding(parseDeclarations(style));
    if (hiding) return hiding;
  }
  return rules.match(tag, attributes);
}

function parseDeclarations(style: string): Map<string, string> {
  const declarations = new Map<string, string>();
  let count = 0;
  for (const part of stripCssComments(style.slice(0, MAX_ATTR_CHARS)).split(';')) {
    if (++count > 64) break;
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const property = part.slice(0, colon).trim().toLowerCase();
    const value = part
      .slice(colon + 1)
      .replace(/!\s*important/gi, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, ' ');
    if (property) declarations.set(property, value);
  }
  return declarations;
}

/** A CSS length in approximate pixels (1em = 16px, a 1000px viewport), or undefined. */
function pixels(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(-?(?:\d+(?:\.\d*)?|\.\d+))(px|pt|pc|em|rem|ex|ch|%|vw|vh|vmin|vmax|cm|mm|in|q)?$/.exec(value.split(' ')[0] ?? '');
  if (!match) return undefined;
  const n = Number(match[1]);
  const factor: Record<string, number> = {
    px: 1, pt: 4 / 3, pc: 16, em: 16, rem: 16, ex: 8, ch: 8, '%': 10, vw: 10, vh: 10, vmin: 10, vmax: 10,
    cm: 37.8, mm: 3.78, in: 96, q: 0.945,
  };
  return n * (match[2] ? (factor[match[2]] ?? 1) : 1);
}

/** A declaration value fit for evidence: the page wrote it, so keep it short and free of markup. */
function cssValue(value: string | undefined): string {
  return clip((value ?? '').replace(/[^a-z0-9.%#(),:\- ]/g, ''), 40);
}

function styleHiding(d: Map<string, string>): Hiding | undefined {
  const hidden = (label: string): Hiding => ({ kind: 'hidden', label });
  const offscreen = (label: string): Hiding => ({ kind: 'offscreen', label });

  if (d.get('display') === 'none') return hidden('display:none');
  const visibility = d.get('visibility');
  if (visibility === 'hidden' || visibility === 'collapse') return hidden(`visibility:${visibility}`);
  const opacity = d.get('opacity');
  if (opacity !== undefined) {
    const n = opacity.endsWith('%') ? Number(opacity.slice(0, -1)) / 100 : Number(opacity);
    if (Number.isFinite(n) && n <= 0.01) return hidden(`opacity:${cssValue(opacity)}`);
  }
  const fontSize = pixels(d.get('font-size'));
  if (fontSize !== undefined && fontSize <= 2) return hidden(`font-size:${cssValue(d.get('font-size'))}`);

  const position = d.get('position');
  if (position === 'absolute' || position === 'fixed' || position === 'relative') {
    for (const side of ['left', 'top', 'right', 'bottom']) {
      const n = pixels(d.get(side));
      if (n !== undefined && n <= -500) return offscreen(`position:${position}; ${side}:${cssValue(d.get(side))}`);
    }
  }
  for (const side of ['margin-left', 'margin-top']) {
    const n = pixels(d.get(side));
    if (n !== undefined && n <= -1000) return offscreen(`${side}:${cssValue(d.get(side))}`);
  }
  const indent = pixels(d.get('text-indent'));
  if (indent !== undefined && indent <= -500) return offscreen(`text-indent:${cssValue(d.get('text-indent'))}`);

  const overflow = [d.get('overflow'), d.get('overflow-x'), d.get('overflow-y')].some((v) => v !== undefined && /\b(hidden|clip)\b/.test(v));
  if (overflow) {
    for (const size of ['height', 'max-height', 'width', 'max-width']) {
      const n = pixels(d.get(size));
      if (n !== undefined && n <= 1) return hidden(`${size}:${cssValue(d.get(size))}; overflow:hidden`);
    }
  }
  const clip = d.get('clip');
  if (clip !== undefined && /^rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)$/.test(clip)) return hidden(`clip:${cssValue(clip)}`);
  const transform = d.get('transform');
  if (transform !== undefined) {
    if (/scale[xy]?\(\s*0(\.0+)?\s*[,)]/.test(transform)) return hidden(`transform:${cssValue(transform)}`);
    const translate = /translate(?:x|y|3d)?\(\s*(-[\d.]+[a-z%]*)/.exec(transform);
    const n = pixels(translate?.[1]);
    if (n !== undefined && n <= -1000) return offscreen(`transform:${cssValue(transform)}`);
  }
  if (d.get('color') === 'transparent') return hidden('color:transparent');
  return undefined;
}

interface HidingRule {
  tag?: string;
  classes: string[];
  ids: string[];
  selector: string;
  hiding: Hiding;
}

class HidingRules {
  private readonly byKey = new Map<string, HidingRule[]>();

  add(rule: HidingRule): void {
    const key = rule.ids[0] !== undefined ? `#${rule.ids[0]}` : rule.classes[0] !== undefined ? `.${rule.classes[0]}` : rule.tag;
    if (!key) return;
    const list = this.byKey.get(key) ?? [];
    if (list.length < 16) list.push(rule);
    this.byKey.set(key, list);
  }

  match(tag: string, attributes: Attributes): Hiding | undefined {
    if (this.byKey.size === 0) return undefined;
    const classes = (attributes.get('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 32);
    const id = attributes.get('id')?.trim();
    const keys = [tag, ...classes.map((c) => `.${c}`)];
    if (id) keys.push(`#${id}`);
    for (const key of keys) {
      for (const rule of this.byKey.get(key) ?? []) {
        if (rule.tag !== undefined && rule.tag !== tag) continue;
        if (!rule.classes.every((c) => classes.includes(c))) continue;
        if (!rule.ids.every((i) => i === id)) continue;
        return { kind: rule.hiding.kind, label: `${rule.hiding.label} via ${rule.selector}` };
      }
    }
    return undefined;
  }
}

function stripCssComments(css: string): string {
  if (!css.includes('/*')) return css;
  let out = '';
  let at = 0;
  for (;;) {
    const start = css.indexOf('/*', at);
    if (start < 0) return out + css.slice(at);
    out += css.slice(at, start) + ' ';
    const end = css.indexOf('*/', start + 2);
    if (end < 0) return out;
    at = end + 2;
  }
}

const SIMPLE_SELECTOR = /^([a-z][a-z0-9-]*)?((?:[.#][\w-]+)*)$/i;

/**
 * The page's own rules that hide simple selectors: `.x{display:none}`, `#y{…}`, `div.x.y{…}`,
 * `custom-tag{…}`. Top-level rules only: rules inside @media and friends are conditional (responsive
 * layouts hide menus that way) and selectors with combinators or pseudo-classes are not matched.
 * A linear scan, no regular expression over the whole sheet.
 */
function parseHidingRules(cssText: string): HidingRules {
  const rules = new HidingRules();
  if (!cssText) return rules;
  const css = stripCssComments(cssText);
  let depth = 0;
  let selectorStart = 0;
  let selector = '';
  let blockStart = 0;
  let nested = false;
  let count = 0;
  for (let i = 0; i < css.length && count < MAX_CSS_RULES; i++) {
    const c = css.charCodeAt(i);
    if (c === 123 /* { */) {
      if (depth === 0) {
        selector = css.slice(selectorStart, i);
        blockStart = i + 1;
        nested = false;
      } else {
        nested = true;
      }
      depth++;
    } else if (c === 125 /* } */) {
      if (depth === 0) {
        selectorStart = i + 1;
        continue;
      }
      depth--;
      if (depth === 0) {
        count++;
        const text = (selector.split(';').pop() ?? '').trim();
        if (!nested && !text.startsWith('@')) addRule(rules, text, css.slice(blockStart, i));
        selectorStart = i + 1;
      }
    }
  }
  return rules;
}

function addRule(rules: HidingRules, selectorText: string, block: string): void {
  if (selectorText.length > 2000) return;
  const hiding = styleHiding(parseDeclarations(block));
  if (!hiding) return;
  for (const raw of selectorText.split(',').slice(0, 50)) {
    const selector = raw.trim();
    if (!selector || selector.length > 100) continue;
    const match = SIMPLE_SELECTOR.exec(selector);
    if (!match) continue;
    const tag = match[1]?.toLowerCase();
    if (tag && NEVER_HIDING.has(tag)) continue;
    const parts = match[2] ?? '';
    const classes: string[] = [];
    const ids: string[] = [];
    for (const m of parts.matchAll(/([.#])([\w-]+)/g)) (m[1] === '.' ? classes : ids).push(m[2]!);
    if (!tag && classes.length === 0 && ids.length === 0) continue;
    rules.add(tag ? { tag, classes, ids, selector, hiding } : { classes, ids, selector, hiding });
  }
}

// ---------------------------------------------------------------------------------------------
// Text: normalisation, words, excerpts.
// ---------------------------------------------------------------------------------------------

/** Look-alike letters spam uses to dodge keyword filters (Cyrillic and Greek), mapped to Latin. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', һ: 'h', ո: 'n',
  α: 'a', ο: 'o', ι: 'i', κ: 'k', ν: 'v', τ: 't', ρ: 'p', ѵ: 'v', ӏ: 'l',
};
const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');
const INVISIBLE_RE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** Plain display text: NFKC (folds 𝐒𝐋𝐎𝐓 and fullwidth letters), no invisible characters, no markup brackets, single spaces. */
function displayText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE_RE, '')
    .replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'))
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function matchText(display: string): string {
  return display.toLowerCase().replace(HOMOGLYPH_RE, (c) => HOMOGLYPHS[c] ?? c);
}

function words(lower: string): string[] {
  return lower.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0 && w.length <= 60);
}

function excerpt(display: string, lower: string, term: string): string {
  let index = -1;
  if (lower.length === display.length) {
    const parts = term.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const re = new RegExp(parts.join('[^\\p{L}\\p{N}]+'), 'u');
    index = lower.search(re);
  }
  const source = lower.length === display.length ? display : lower;
  if (index < 0 || source.length <= EXCERPT_CHARS) return clip(source, EXCERPT_CHARS);
  const start = Math.max(0, Math.min(index - 30, source.length - EXCERPT_CHARS + 1));
  const body = source.slice(start, start + EXCERPT_CHARS - 2).trim();
  return `${start > 0 ? '…' : ''}${body}${start + EXCERPT_CHARS - 2 < source.length ? '…' : ''}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.+$/, '').replace(/^www\./, '');
}

// ---------------------------------------------------------------------------------------------
// Gambling.
// ---------------------------------------------------------------------------------------------

/**
 * Vocabulary, in four tiers. Chosen from the phrasing of Indonesian slot/togel spam injected into
 * government and campus sites (titles like "SLOT88 : Situs Slot Gacor Hari Ini Gampang Maxwin",
 * footers of "Link Alternatif" / "RTP Live" / "Togel Hongkong" links) and, for the lower tiers,
 * from how honest pages write about gambling (news of police raids, anti-gambling campaigns).
 *
 * - promo: words that sell gambling. News and campaigns only quote them.
 * - topic: names of the games and the trade; news about raids uses them freely.
 * - bare: the everyday words for gambling ("judi", "perjudian", "judi online").
 * - ambiguous: words with ordinary meanings on a government site ("slot" pendaftaran,
 *   "Bandar" Lampung, "bonus", Pak "Toto"), which count only a little and only where hidden.
 *
 * Matching is on whole words after normalisation (NFKC, lower case, look-alike letters folded,
 * invisible characters dropped, punctuation as a word break), longest phrase first.
 */
const PROMO_TERMS = [
  'slot gacor', 'slot gacor hari ini', 'gacor hari ini', 'gacor malam ini', 'gacor terbaru', 'situs gacor', 'link gacor',
  'jam gacor', 'pola gacor', 'pola slot', 'slot maxwin', 'maxwin', 'max win', 'maxwin hari ini', 'gampang maxwin',
  'mudah maxwin', 'gampang jackpot', 'mudah jackpot', 'jackpot terbesar', 'rtp live', 'live rtp', 'rtp slot', 'rtp gacor',
  'rtp tertinggi', 'bocoran rtp', 'bocoran slot', 'link alternatif', 'daftar slot', 'login slot', 'link slot', 'akun slot',
  'akun pro thailand', 'akun pro kamboja', 'slot demo', 'demo slot', 'situs slot', 'agen slot', 'bandar slot', 'slot resmi',
  'slot terpercaya', 'slot terbaru', 'slot online gacor', 'slot online terpercaya', 'slot thailand', 'server thailand',
  'slot kamboja', 'server kamboja', 'slot dana', 'slot pulsa', 'deposit pulsa', 'deposit dana', 'depo pulsa', 'depo dana',
  'deposit tanpa potongan', 'depo tanpa potongan', 'anti rungkad', 'scatter hitam', 'scatter mahjong', 'jp paus',
  'bonus new member', 'freebet', 'free chip', 'freechip', 'mahjong ways', 'gates of olympus', 'olympus 1000', 'sweet bonanza',
  'starlight princess', 'wild west gold', 'aztec gems', 'pragmatic play', 'pg soft', 'joker123', 'sbobet', 'sv388',
  'pkv games', 'dominoqq', 'domino qq', 'bandarq', 'bandarqq', 'idn poker', 'idn slot', 'idn play', 'idnplay', 'situs toto',
  'situs togel', 'agen togel', 'toto macau', 'toto slot', 'toto togel', 'toto 4d', 'togel 4d', 'togel hongkong',
  'togel singapore', 'togel sidney', 'togel sydney', 'togel sgp', 'togel hk', 'togel sdy', 'keluaran hk', 'keluaran sgp',
  'keluaran sdy', 'pengeluaran hk', 'pengeluaran sgp', 'result sgp', 'result hk', 'data sgp', 'prediksi togel', 'prediksi hk',
  'prediksi sgp', 'angka jitu', 'bet 100', 'bet 200', 'bet 400', 'bet kecil', 'slot zeus', 'zeus slot', 'auto wd', 'pasti wd',
  'wd cepat', 'casino online terpercaya',
];
const TOPIC_TERMS = [
  'slot online', 'judi slot', 'slot judi', 'judi bola', 'judi togel', 'judi poker', 'situs judi', 'situs judi online',
  'agen judi', 'bandar judi', 'bandar togel', 'bandar bola', 'togel', 'togel online', 'toto gelap', 'casino online',
  'kasino online', 'poker online', 'sabung ayam', 'live casino', 'mesin slot', 'game slot', 'permainan slot',
];
const BARE_TERMS = ['judi', 'judi online', 'judi daring', 'perjudian', 'judol', 'berjudi', 'penjudi', 'taruhan', 'bertaruh', 'kasino', 'casino'];
const AMBIGUOUS_TERMS = ['slot', 'toto', 'bandar', 'gacor', 'scatter', 'jackpot', 'bonus', 'deposit', 'withdraw', 'bet', 'zeus', 'olympus', 'rtp', 'jp', 'cuan', 'hoki', 'wd', 'spin', 'mahjong'];

type Tier = 'promo' | 'topic' | 'bare' | 'ambiguous';
type Where = 'visible' | 'head' | 'hidden' | 'marquee';

/**
 * Weight of one occurrence by tier and placement. Placement multiplies: a promo word is worth 1 in
 * visible prose but 5 hidden or in the title; the bare word "judi" is worth almost nothing in
 * prose (a raid report repeats it dozens of times) and little even in a title.
 */
const WEIGHT: Record<Tier, Record<Where, number>> = {
  promo: { visible: 1, head: 5, hidden: 5, marquee: 4 },
  topic: { visible: 0.2, head: 0.8, hidden: 1.5, marquee: 1.5 },
  bare: { visible: 0.05, head: 0.2, hidden: 0.5, marquee: 0.5 },
  ambiguous: { visible: 0, head: 0.1, hidden: 0.2, marquee: 0.2 },
};

/** Per link whose anchor (or host) is gambling vocabulary, by placement and whether it leaves the site. */
const LINK_WEIGHT: Record<'promo' | 'topic', Record<Placement, { external: number; local: number }>> = {
  promo: { visible: { external: 1.5, local: 0.3 }, hidden: { external: 5, local: 2 }, marquee: { external: 4, local: 1.5 } },
  topic: { visible: { external: 0.5, local: 0.1 }, hidden: { external: 2, local: 0.5 }, marquee: { external: 1.5, local: 0.3 } },
};
/** Several gambling links to more than one other host: the classic footer/sidebar injection. */
const LINK_LIST_MIN = 5;
const LINK_LIST_BONUS = 5;

/**
 * Reported from 10. That is two distinct promo words hidden or in the title/meta (5 + 5), one hidden
 * link with a promo anchor to another host (5 for its text, 5 for the link), a footer list of about
 * five promo links to other hosts (5 × 1.5 + 5, plus their text), or ten distinct promo words in
 * visible prose (a page turned into a spam post). Honest pages stay far below: a long raid report
 * or a "Stop judi online" campaign uses topic and bare words (0.05–0.2 each in prose, and repeats
 * count at most twice), and raid/campaign vocabulary on the page cuts even that to 30 %; such
 * pages score 0–3 in the fixtures. One promo word in a hidden menu or a quoted "slot gacor" in a
 * headline (5, or 1.5 with raid context) is not enough alone.
 */
export const GAMBLING_THRESHOLD = 10;
/** A title with two promo words (or one and several topic words) is a gambling title. */
const TITLE_GAMBLING_THRESHOLD = 8;

/**
 * Words of reporting on or campaigning against gambling. Where they appear (one in a title or
 * meta; two distinct in a block of text) the block's gambling score is cut to 30 %.
 */
const CONTRA_WORDS = new Set([
  'polisi', 'polres', 'polresta', 'polda', 'polsek', 'polri', 'kepolisian', 'bareskrim', 'tersangka', 'ditangkap', 'tangkap',
  'menangkap', 'penangkapan', 'gerebek', 'digerebek', 'menggerebek', 'penggerebekan', 'pidana', 'berantas', 'memberantas',
  'pemberantasan', 'satgas', 'blokir', 'diblokir', 'memblokir', 'pemblokiran', 'takedown', 'waspada', 'waspadai', 'bahaya',
  'jauhi', 'tolak', 'lawan', 'stop', 'cegah', 'pencegahan', 'sosialisasi', 'imbauan', 'mengimbau', 'larangan', 'dilarang',
  'melanggar', 'ancaman', 'hukuman', 'penjara', 'korban', 'kecanduan', 'rehabilitasi', 'laporkan', 'lapor', 'aduan',
  'pengaduan', 'ilegal', 'illegal', 'police', 'arrested', 'raid', 'banned', 'blocked', 'warning',
]);
const CONTRA_FACTOR = 0.3;

interface Term {
  words: string[];
  label: string;
  tier: Tier;
}

const DICTIONARY: Map<string, Term[]> = (() => {
  const dictionary = new Map<string, Term[]>();
  const add = (tier: Tier, list: string[]) => {
    for (const label of list) {
      const ws = label.split(' ');
      const entry = { words: ws, label, tier };
      const first = ws[0]!;
      dictionary.set(first, [...(dictionary.get(first) ?? []), entry]);
      // The same phrase written as one word ("slotgacor", "linkalternatif", hosts like rtplive.xyz).
      if (ws.length > 1) {
        const joined = ws.join('');
        dictionary.set(joined, [...(dictionary.get(joined) ?? []), { words: [joined], label, tier }]);
      }
    }
  };
  add('promo', PROMO_TERMS);
  add('topic', TOPIC_TERMS);
  add('bare', BARE_TERMS);
  add('ambiguous', AMBIGUOUS_TERMS);
  for (const list of dictionary.values()) list.sort((a, b) => b.words.length - a.words.length);
  return dictionary;
})();

/**
 * One-word brand and compound tokens: slot88, slot777, toto4d, situsslot, slotgacor, agentogel,
 * judibola. A stem with a gambling prefix or suffix (at least one of them) is promo.
 */
const COMPOUND_TOKEN =
  /^(situs|agen|bandar|link|daftar|login|akun|bo|idn|rtp|pola|bocoran|judi|mpo|dewa|raja|hoki|jp|sbo)?(slot|togel|toto|judi|casino|kasino|poker|sbobet|gacor|maxwin|bola|sabung|sbo|jp)(gacor|online|resmi|terpercaya|terbaru|maxwin|dana|pulsa|thailand|kamboja|demo|vip|pro|hoki|macau|bola|qq|\d{2,4}[a-z]?|4d)?$/;
/** Brand-like names with the numbers gambling brands favour (pulau777, garuda303, mahjong88). Topic tier. */
const BRAND_TOKEN = /^[a-z]{3,12}(777|88|888|303|138|4d|168|188|288|388|688|789|99|999|slot|toto|togel|gacor)$/;
const MONEY_TOKEN = /^\d+(k|rb|ribu)?$/;

interface Hit {
  label: string;
  tier: Tier;
}

function findTerms(ws: string[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < ws.length; ) {
    const word = ws[i]!;
    let matched = 0;
    for (const term of DICTIONARY.get(word) ?? []) {
      if (term.words.length > ws.length - i) continue;
      let ok = true;
      for (let k = 1; k < term.words.length; k++) {
        if (ws[i + k] !== term.words[k]) {
          ok = false;
          break;
        }
      }
      if (ok) {
        hits.push({ label: term.label, tier: term.tier });
        matched = term.words.length;
        break;
      }
    }
    if (matched === 0 && (word === 'depo' || word === 'deposit' || word === 'bet') && MONEY_TOKEN.test(ws[i + 1] ?? '')) {
      hits.push({ label: `${word} ${ws[i + 1]}`, tier: 'promo' });
      matched = 2;
    }
    if (matched === 0 && word.length >= 5 && /[a-z]/.test(word)) {
      const compound = COMPOUND_TOKEN.exec(word);
      if (compound && (compound[1] !== undefined || compound[3] !== undefined)) {
        const weak = ['judi', 'bola', 'casino', 'kasino', 'poker'].includes(compound[2]!) && ['online', 'bola', undefined].includes(compound[3]) && [undefined, 'situs', 'agen', 'bandar', 'judi'].includes(compound[1]);
        hits.push({ label: word, tier: weak ? 'topic' : 'promo' });
        matched = 1;
      } else if (BRAND_TOKEN.test(word)) {
        hits.push({ label: word, tier: 'topic' });
        matched = 1;
      }
    }
    i += matched || 1;
  }
  return hits;
}

interface TextScore {
  score: number;
  /** Labels by contribution, strongest first. */
  labels: string[];
  best?: Hit;
  display: string;
  lower: string;
  contra: boolean;
  promo: number;
}

function scoreText(text: string, where: Where): TextScore {
  const display = displayText(text);
  const lower = matchText(display);
  const ws = words(lower);
  const hits = findTerms(ws);
  const counts = new Map<string, { hit: Hit; count: number }>();
  for (const hit of hits) {
    const entry = counts.get(hit.label);
    if (entry) entry.count++;
    else counts.set(hit.label, { hit, count: 1 });
  }
  const contraSeen = new Set<string>();
  for (const w of ws) {
    if (CONTRA_WORDS.has(w)) {
      contraSeen.add(w);
      if (contraSeen.size >= 2) break;
    }
  }
  const contra = contraSeen.size >= (where === 'head' ? 1 : 2);
  let score = 0;
  let promo = 0;
  const contributions: { label: string; value: number; hit: Hit }[] = [];
  for (const { hit, count } of counts.values()) {
    // Repeats add half each, twice at most: keyword stuffing is no stronger than three mentions.
    const value = WEIGHT[hit.tier][where] * (1 + 0.5 * Math.min(count - 1, 2));
    if (value <= 0) continue;
    contributions.push({ label: hit.label, value, hit });
    score += value;
    if (hit.tier === 'promo') promo++;
  }
  if (contra) score *= CONTRA_FACTOR;
  contributions.sort((a, b) => b.value - a.value);
  const result: TextScore = { score, labels: contributions.map((c) => c.label), display, lower, contra, promo };
  if (contributions[0]) result.best = contributions[0].hit;
  return result;
}

/** The gambling score of the page's <title>, for the purpose check too. */
function titleGambling(page: Page): TextScore {
  return scoreText(page.title, 'head');
}

interface LinkVerdict {
  link: LinkSeen;
  host: string;
  external: boolean;
  tier?: 'promo' | 'topic';
  labels: string[];
}

function linkHost(href: string, name: string): string | undefined {
  if (!href || /^(javascript|mailto|tel|data):/i.test(href) || href.startsWith('#')) return undefined;
  try {
    const url = new URL(href, `https://${name || RELATIVE_BASE}/`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return normalizeHost(url.hostname);
  } catch {
    return undefined;
  }
}

/** Stands in for the page's own host when the context has no name, so relative links stay local. */
const RELATIVE_BASE = 'page.invalid';

function isExternal(host: string, name: string): boolean {
  if (!name) return host !== RELATIVE_BASE;
  return !(host === name || host.endsWith(`.${name}`) || name.endsWith(`.${host}`));
}

function judgeLink(link: LinkSeen, name: string): LinkVerdict | undefined {
  const host = linkHost(link.href, name);
  if (host === undefined) return undefined;
  const verdict: LinkVerdict = { link, host, external: isExternal(host, name), labels: [] };
  const display = displayText(link.text);
  const ws = words(matchText(display));
  const anchorHits = findTerms(ws);
  const contra = ws.some((w) => CONTRA_WORDS.has(w));
  if (!contra && anchorHits.length > 0) {
    if (anchorHits.some((h) => h.tier === 'promo')) verdict.tier = 'promo';
    else {
      // An anchor that is mostly gambling words ("Togel", "Judi Bola") — not a sentence that mentions it.
      const covered = anchorHits.reduce((n, h) => n + h.label.split(' ').length, 0);
      if (anchorHits.some((h) => h.tier === 'topic' || h.tier === 'bare') && covered * 2 > ws.length) verdict.tier = 'topic';
    }
    if (verdict.tier) verdict.labels.push(...anchorHits.filter((h) => h.tier !== 'ambiguous').map((h) => h.label));
  }
  if (verdict.external) {
    const hostHits = findTerms(host.split('.').flatMap((label) => [label, ...label.split('-')]).filter((w) => w && w !== 'www'));
    if (hostHits.some((h) => h.tier === 'promo')) verdict.tier = 'promo';
    else if (!verdict.tier && hostHits.some((h) => h.tier === 'topic')) verdict.tier = 'topic';
    if (hostHits.length > 0 && verdict.labels.length === 0) verdict.labels.push(...hostHits.filter((h) => h.tier !== 'ambiguous').map((h) => h.label));
  }
  return verdict;
}

interface Scored {
  score: number;
  evidence: Evidence;
  /** Link evidence is kept even when text evidence outranks it. */
  links: boolean;
}

function textEvidence(where: string, s: TextScore): Evidence {
  const term = s.best?.label ?? s.labels[0] ?? '';
  const terms = s.labels.slice(0, 3).join(', ');
  return { where, seen: `${terms}: “${excerpt(s.display, s.lower, term)}”` };
}

function regionWhere(region: Region): string {
  if (region.placement === 'marquee') return 'teks berjalan/marquee <marquee>';
  const hiding = region.hiding!;
  const kind = hiding.kind === 'offscreen' ? 'di luar layar/off-screen' : 'tersembunyi/hidden';
  const tag = region.tag.replace(/[^a-z0-9-]/g, '').slice(0, 30);
  return region.tag === 'meta' ? `${kind} (${hiding.label})` : `${kind} (${hiding.label}) <${tag}>`;
}

function hostList(verdicts: LinkVerdict[]): { count: number; text: string } {
  const hosts = [...new Set(verdicts.map((v) => v.host))];
  const external = hosts.filter((h) => verdicts.some((v) => v.host === h && v.external));
  const ordered = [...external, ...hosts.filter((h) => !external.includes(h))];
  const shown = ordered.slice(0, 6).join(', ');
  return { count: hosts.length, text: ordered.length > 6 ? `${shown} (+${ordered.length - 6})` : shown };
}

function linkEvidence(where: string, verdicts: LinkVerdict[]): Evidence {
  const hosts = hostList(verdicts);
  const terms = [...new Set(verdicts.flatMap((v) => v.labels))].slice(0, 4).join(', ');
  return {
    where: `${where}: ${verdicts.length} tautan/links ke/to ${hosts.count} host(s)`,
    seen: clip(`${terms ? `${terms} → ` : ''}${hosts.text}`, 200),
  };
}

/** Hidden gambling text, injected links, and a gambling title or meta, weighted by where they are. */
function detectGambling(page: Page, name: string): ContentSignal | undefined {
  const items: Scored[] = [];
  let total = 0;

  const title = titleGambling(page);
  total += title.score;
  if (title.score >= 1) items.push({ score: title.score, evidence: textEvidence('title', title), links: false });
  for (const meta of page.metas) {
    const s = scoreText(meta.text, 'head');
    total += s.score;
    if (s.score >= 1) items.push({ score: s.score, evidence: textEvidence(meta.label, s), links: false });
  }

  const regionScores = new Map<Region, number>();
  for (const region of page.regions) {
    if (region.length === 0) continue;
    const s = scoreText(regionText(region), region.placement === 'marquee' ? 'marquee' : 'hidden');
    regionScores.set(region, s.score);
    total += s.score;
    if (s.score >= 1) items.push({ score: s.score, evidence: textEvidence(regionWhere(region), s), links: false });
  }
  const visible = scoreText(regionText(page.visible), 'visible');
  total += visible.score;
  if (visible.score >= 1) items.push({ score: visible.score, evidence: textEvidence('isi halaman/page text', visible), links: false });

  // Links: gambling anchors or hosts; and, in a hidden block that reads as gambling, every link
  // that leaves the site (the block's "klik di sini" anchors still point at the spam hosts).
  const shown: LinkVerdict[] = [];
  const hidden: LinkVerdict[] = [];
  let linkScore = 0;
  for (const link of page.links) {
    const verdict = judgeLink(link, name);
    if (!verdict) continue;
    const placement = link.region.placement;
    const inGamblingBlock = placement !== 'visible' && (regionScores.get(link.region) ?? 0) >= 4;
    if (!verdict.tier && !(inGamblingBlock && verdict.external)) continue;
    if (verdict.tier) {
      const weight = LINK_WEIGHT[verdict.tier][placement];
      linkScore += verdict.external ? weight.external : weight.local;
    }
    (placement === 'visible' ? shown : hidden).push(verdict);
  }
  const all = [...shown, ...hidden];
  const externalHosts = new Set(all.filter((v) => v.external).map((v) => v.host));
  if (all.filter((v) => v.tier).length >= LINK_LIST_MIN && externalHosts.size >= 2) linkScore += LINK_LIST_BONUS;
  total += linkScore;
  if (shown.length > 0) {
    const score = shown.length >= 3 ? linkScore : linkScore / 2;
    items.push({ score, evidence: linkEvidence('daftar tautan/link list', shown), links: true });
  }
  if (hidden.length > 0) items.push({ score: linkScore, evidence: linkEvidence('tautan tersembunyi/hidden links', hidden), links: true });

  const gamblingTitle = title.score >= TITLE_GAMBLING_THRESHOLD;
  if (total < GAMBLING_THRESHOLD && !gamblingTitle) return undefined;
  return { kind: 'gambling', score: Math.round(total * 10) / 10, evidence: pickEvidence(items) };
}

/** The strongest few, keeping link-host evidence (it names the spam hosts to report) when there is any. */
function pickEvidence(items: Scored[]): Evidence[] {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const picked = sorted.slice(0, MAX_EVIDENCE);
  for (const item of sorted.slice(MAX_EVIDENCE)) {
    if (!item.links) continue;
    const replace = picked.map((p, i) => ({ p, i })).reverse().find(({ p }) => !p.links);
    if (!replace) break;
    picked[replace.i] = item;
  }
  return picked.map((p) => p.evidence);
}

// ---------------------------------------------------------------------------------------------
// Purpose changed: parked / for sale, hosting default pages, a gambling title. Clear markers only;
// ordinary changes (new headlines, a redesign) are never compared against anything.
// ---------------------------------------------------------------------------------------------

const PARKED_MARKERS: { re: RegExp; label: string }[] = [
  { re: /\b(this )?domain (name )?(is|may be|might be) for sale\b/, label: 'domain for sale' },
  { re: /\bdomain for sale\b/, label: 'domain for sale' },
  { re: /\bbuy this domain\b/, label: 'buy this domain' },
  { re: /\b(make an offer|inquire about|enquire about) (on |for )?this domain\b/, label: 'domain for sale' },
  { re: /\bdomain parking\b/, label: 'domain parking' },
  { re: /\b(this )?domain (has been |is )?parked\b/, label: 'parked domain' },
  { re: /\bparked (domain|free|by)\b/, label: 'parked domain' },
  { re: /\bdomain ini (di ?jual|tersedia untuk dijual|sedang dijual|dapat dibeli)\b/, label: 'domain ini dijual' },
  { re: /\bdomain (di ?jual|sedang dijual)\b/, label: 'domain dijual' },
  { re: /\bbeli domain ini\b/, label: 'beli domain ini' },
  { re: /\bparkir domain\b/, label: 'parkir domain' },
];

interface DefaultMarker {
  re: RegExp;
  label: string;
  /** A purpose this page would still fit. */
  fits?: RegExp;
}

/**
 * Purposes a default page still fits: a test or staging server, a placeholder. Phrases, not bare
 * words: "uji KIR" (vehicle inspection) and "tes CPNS" (civil-service exams) are real services.
 */
const TEST_PURPOSE =
  /\b(uji ?coba|pengujian (sistem|aplikasi|server)|(server|lingkungan|situs|aplikasi) (uji|tes|test|pengujian)|test(ing)? (server|site|environment)|testing|staging|sandbox|dev server|development server|placeholder|halaman (bawaan|default)|default page|belum (aktif|digunakan|dipakai|diisi|ada isi)|segera hadir|coming soon|under construction|dalam pembangunan)\b/i;

const DEFAULT_MARKERS: DefaultMarker[] = [
  { re: /\bwelcome to nginx\b/, label: 'Welcome to nginx!' },
  { re: /\btest page for the nginx http server\b/, label: 'nginx test page' },
  { re: /\bwelcome to openresty\b/, label: 'Welcome to OpenResty!' },
  { re: /\bapache2 (ubuntu|debian) default page\b/, label: 'Apache2 Default Page' },
  { re: /\b(apache http server test page|test page for the apache http server)\b/, label: 'Apache test page' },
  { re: /^it works!?$/, label: 'It works!' },
  { re: /^index of \//, label: 'Index of /', fits: /\b(repositori|repository|mirror|cermin|unduh|unduhan|download|berkas|arsip|archive|file|files|direktori|directory)\b/i },
  { re: /\bfuture home of something quite cool\b/, label: 'cPanel: Future home of something quite cool' },
  { re: /\b(default web site page|domain default page|web server's default page)\b/, label: 'hosting default page' },
  { re: /^iis windows server$|^iis\d* welcome$|\binternet information services\b.*\bwelcome\b/, label: 'IIS default page' },
  { re: /\bwelcome to centos\b|\btest page for (the )?(centos|fedora|rocky linux|almalinux)\b/, label: 'OS web server test page' },
  { re: /^caddy works!?$|\bcaddy works!/, label: 'Caddy default page' },
];

interface Place {
  where: string;
  display: string;
  lower: string;
}

function purposePlaces(page: Page): Place[] {
  const place = (where: string, text: string): Place => {
    const display = displayText(text);
    return { where, display, lower: matchText(display) };
  };
  const places = [place('title', page.title)];
  for (const meta of page.metas) if (meta.label !== 'meta keywords') places.push(place(meta.label, meta.text));
  places.push(place('<h1>', page.h1));
  // The start of the visible text: parking and default pages say it up front.
  const start = page.visible.parts.join('').slice(0, 4000);
  places.push(place('isi halaman/page text', displayText(start).slice(0, 600)));
  return places.filter((p) => p.lower.length > 0);
}

function detectPurposeChange(page: Page, purpose: string | undefined): ContentSignal | undefined {
  const places = purposePlaces(page);
  const evidence: Evidence[] = [];
  const seenAt = new Set<string>();

  for (const p of places) {
    const marker = PARKED_MARKERS.find((m) => m.re.test(p.lower));
    if (marker) {
      evidence.push({ where: p.where, seen: `${marker.label}: “${excerpt(p.display, p.lower, marker.label)}”` });
      seenAt.add(p.where);
    }
  }

  // A hosting default page fits a name registered for testing or a placeholder; it does not fit
  // a name registered for an agency's service. With no registered purpose there is nothing to compare.
  const registered = (purpose ?? '').trim();
  if (registered) {
    for (const p of places) {
      // Whole-line markers (`It works!`, `Index of /`) are only read from the title and heading.
      const marker = DEFAULT_MARKERS.find((m) => m.re.test(p.lower) && (!m.re.source.startsWith('^') || p.where === 'title' || p.where === '<h1>'));
      if (!marker || TEST_PURPOSE.test(registered) || marker.fits?.test(registered)) continue;
      if (!seenAt.has(p.where)) {
        evidence.push({ where: p.where, seen: `${marker.label}: “${clip(p.display, EXCERPT_CHARS)}”` });
        seenAt.add(p.where);
      }
    }
  }

  const title = titleGambling(page);
  if (title.score >= TITLE_GAMBLING_THRESHOLD && !seenAt.has('title')) {
    evidence.push({ where: 'title', seen: `judi online/online gambling (${title.labels.slice(0, 3).join(', ')}): “${clip(title.display, EXCERPT_CHARS)}”` });
    seenAt.add('title');
  }

  if (evidence.length === 0) return undefined;
  if (registered) evidence.push({ where: 'keperluan terdaftar/registered purpose', seen: clip(displayText(registered), EXCERPT_CHARS) });
  return { kind: 'purpose-changed', score: 10 * seenAt.size, evidence: evidence.slice(0, MAX_EVIDENCE) };
}
