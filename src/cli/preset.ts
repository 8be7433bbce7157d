import { presets, type PresetName } from '../policy/presets/index.js';
import { EXIT, parseOptions, type Command } from './io.js';

export const HELP = `Pemakaian / usage: subdomain preset [NAMA/NAME] [--format text|json]

Tanpa nama: daftar preset SOP. Dengan nama: langkah-langkahnya (baris SOP, kunci dan jabatan
peran, Mutu Baku, sebelum/sesudah merge) dan kunci peran yang harus ada di \`roles\`.
Without a name: the SOP presets. With one: its steps (SOP row, role key and title, Mutu Baku,
before/after merge) and the role keys \`roles\` must list.
`;

export const run: Command = async (args, io) => {
  const parsed = parseOptions({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' } } }, HELP);
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json') {
    io.stderr(`--format: text | json\n\n${HELP}`);
    return EXIT.usage;
  }
  const [name] = parsed.positionals;
  if (name === undefined) {
    const list = Object.entries(presets).map(([key, p]) => ({ name: key, office: p!.office, source: p!.source }));
    io.stdout(format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : list.map((p) => `${p.name.padEnd(11)} ${p.office}\n`).join(''));
    return EXIT.ok;
  }
  const preset = presets[name as PresetName];
  if (!preset) {
    io.stderr(`Preset \`${name}\` tidak ada / does not exist. Pilih / choose: ${Object.keys(presets).join(', ')}\n`);
    return EXIT.usage;
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ name, ...preset }, null, 2)}\n`);
    return EXIT.ok;
  }
  const out = [`${preset.office}`, `Sumber / source: ${preset.source}`, `Urutan / order: ${preset.order}${preset.total_limit ? ` · batas layanan / service limit ${preset.total_limit}` : ''}`, ''];
  out.push('baris/row  langkah/step             peran/role                      Mutu Baku  kapan/when');
  for (const step of preset.steps) {
    const roles = step.roles.join(' | ');
    const when = step.kind === 'after_merge' ? 'sesudah merge / after merge' : 'sebelum merge / before merge';
    out.push(`${String(step.sop_row ?? '-').padEnd(10)} ${step.id.padEnd(24)} ${roles.padEnd(31)} ${String(step.standard ?? '-').padEnd(10)} ${when}`);
    out.push(`${''.padEnd(10)} ${step.title}`);
  }
  out.push('', 'Kunci peran di `roles` (isi users/teams) / role keys in `roles` (fill users/teams):');
  for (const [key, role] of Object.entries(preset.roles)) out.push(`  ${key.padEnd(24)} ${role.title}`);
  io.stdout(`${out.join('\n')}\n`);
  return EXIT.ok;
};
