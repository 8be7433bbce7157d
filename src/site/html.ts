/**
 * HTML built with a tagged template that escapes every interpolated value: register content is
 * written by requesters and must never become markup. Only values that are already `Html`
 * (built by this template) pass through unescaped.
 */

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted markup written in this code base (never register content). */
export function raw(text: string): Html {
  return new Html(text);
}

/**
 * A URL for an href: only http(s) and relative paths; anything else (javascript:, data:)
 * becomes `#`. The result is still escaped by `html`.
 */
export function safeUrl(url: string): string {
  return /^(https?:\/\/|\.{0,2}\/|[a-z0-9._-]+(\/|\.html|$))/i.test(url) && !/^\s*(javascript|data|vbscript):/i.test(url) ? url : '#';
}

/** `Indonesian / English`, the English marked as such for screen readers. */
export function bi(id: string, en: string): Html {
  return html`<span lang="id">${id}</span> <span class="en" lang="en">/ ${en}</span>`;
}
