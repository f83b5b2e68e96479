// The README's key table, generated from the keymap so the documentation cannot drift from the
// keys (test/ui/readme.test.ts checks the README holds exactly this).
import type { Where } from '../keymap/contexts.js';
import { GROUPS, KEYMAP } from '../keymap/keymap.js';
import { keyLabel } from '../keymap/keys.js';

const PLACES: Record<Where, string> = {
  global: 'everywhere',
  browse: 'any column',
  apps: 'Apps',
  envs: 'Environments',
  secrets: 'Secrets',
  versions: 'Versions',
  filter: 'filter bar',
  help: 'help',
  palette: 'palette',
  'edit-line': 'value editor',
  'edit-lines': 'multi-line value editor',
  form: 'metadata form',
  'form-picker': 'metadata choices',
  confirm: 'y/N question',
  'confirm-typed': 'typed confirmation',
  prompt: 'name prompt',
  'command-line': 'palette command line',
  rotate: 'rotation panel',
  settings: 'settings',
  audit: 'audit grid',
  'copy-target': 'copy target choice',
  diff: 'diff',
  log: 'history',
  conflict: 'conflict dialog',
  members: 'members',
  'member-target': 'environment choice (members)',
  unlock: 'unlock screen',
  locked: 'lock screen',
  'create-vault': 'first-run screen',
  recovery: 'recovery code screen',
  error: 'error screen',
};

export function keyTableMarkdown(): string {
  const out: string[] = [];
  for (const group of GROUPS) {
    const rows = KEYMAP.filter((b) => b.group === group);
    if (!rows.length) continue;
    out.push(`**${group}**`, '', '| Keys | What they do | Where |', '| --- | --- | --- |');
    for (const b of rows) {
      const keys = b.keys.map((k) => `\`${keyLabel(k)}\``).join(' ');
      out.push(`| ${keys} | ${b.description.replace(/\|/g, '\\|')} | ${b.where.map((w) => PLACES[w]).join(', ')} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
