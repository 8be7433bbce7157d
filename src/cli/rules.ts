import { renderRuleTable, RULES } from '../rules/catalogue.js';
import { EXIT, parseOptions, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain rules [--format markdown|json]

Daftar semua aturan (id, tingkat, contoh yang ditolak). Lists every rule (id, severity, an
example of what it refuses), as the README's rule table shows them.
`;

export const run: Command = async (args, io) => {
  const parsed = parseOptions({ args, options: { format: { type: 'string', default: 'markdown' } } }, HELP);
  const format = parsed.values.format;
  if (format === 'json') io.stdout(`${JSON.stringify(RULES, null, 2)}\n`);
  else if (format === 'markdown') io.stdout(`${renderRuleTable()}\n`);
  else {
    io.stderr(`--format: markdown | json\n\n${HELP}`);
    return EXIT.usage;
  }
  return EXIT.ok;
};
