/**
 * The one way data reaches Markdown (pull-request comments, check runs, issue comments, job
 * summaries). Plain text: no HTML (so no hidden comments, no fake markers) and no line breaks.
 */
export function plainText(text: string): string {
  // Square brackets escaped too: `[text](https://…)` in data must not become a link.
  return text.replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[[\]]/g, '\\$&');
}

/** Text someone outside the office wrote, echoed back: plain, and its @mentions notify nobody. */
export function inertText(text: string): string {
  return plainText(text).replace(/@/g, '@\u200b');
}

/** Text for one cell of a Markdown table: plain, with pipes and backslashes escaped. */
export function tableCell(text: string): string {
  return plainText(text.replace(/\\/g, '\\\\')).replace(/\|/g, '\\|');
}

/** Text as an inline code span inside a table cell (a backtick cannot close it early). */
export function codeCell(text: string): string {
  return `\`${tableCell(text).replace(/`/g, "'")}\``;
}
