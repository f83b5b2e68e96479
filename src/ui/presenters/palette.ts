// The command palette's choices. Its first page is a command line: what is typed filters the
// choices, and a command word (diff, log, jump) lists that command with its arguments, so
// `:diff staging production⏎` works as typed. Values are read by the reducer
// (state/commands/palette.ts); labels are what the palette shows.
import { currentVersion, rollbackDisabledReason } from '../../domain/index.js';
import type { App } from '../../domain/index.js';
import { PaletteValue } from '../state/commands/palette-values.js';
import type { PickerChoice } from '../state/meta-form.js';
import { markedSecrets } from '../state/commands/rotate.js';
import { allApps } from '../state/selectors.js';
import type { Derived } from '../state/selectors.js';
import type { PalettePage, UiState } from '../state/types.js';
import { longAge } from './format.js';
import { sanitise } from './sanitise.js';

export interface CommandChoice extends PickerChoice {
  /** The command as it can be typed (`diff staging production`), shown beside the label. */
  typed?: string;
}

function envPairs(app: App): CommandChoice[] {
  const name = sanitise(app.name);
  return app.envs.flatMap((a) =>
    app.envs
      .filter((b) => b.name !== a.name)
      .map((b) => ({
        label: `Compare ${name}: ${sanitise(a.name)} → ${sanitise(b.name)}`,
        value: PaletteValue.diff(app.name, a.name, b.name),
        typed: `diff ${a.name} ${b.name}`,
      })),
  );
}

const appHistory = (app: App): CommandChoice => ({ label: `History of ${sanitise(app.name)}`, value: PaletteValue.log(app.name), typed: 'log' });
const envHistory = (app: App, env: string): CommandChoice => ({
  label: `History of ${sanitise(app.name)}/${sanitise(env)}`,
  value: PaletteValue.log(app.name, env),
  typed: `log ${env}`,
});
const vaultHistory: CommandChoice = { label: 'History of the whole vault', value: PaletteValue.log(), typed: 'log all' };

function logChoices(app: App | undefined): CommandChoice[] {
  return app ? [appHistory(app), ...app.envs.map((env) => envHistory(app, env.name)), vaultHistory] : [vaultHistory];
}

function jumpChoices(state: UiState): CommandChoice[] {
  return allApps(state.vault).flatMap((app) =>
    app.envs.map((env) => ({
      label: `${sanitise(app.name)}/${sanitise(env.name)}`,
      value: PaletteValue.jump(app.name, env.name),
      typed: `jump ${app.name}/${env.name}`,
    })),
  );
}

/** Everything the command line offers before anything is typed. */
function baseChoices(state: UiState, derived: Derived): CommandChoice[] {
  const app = derived.app;
  const choices: CommandChoice[] = [{ label: 'Jump to app/environment…', value: PaletteValue.jumpPage, typed: 'jump' }];
  if (app) {
    choices.push({ label: `Audit ${sanitise(app.name)}: grid and findings`, value: PaletteValue.audit(app.name), typed: 'audit' });
    if (app.envs.length > 1) choices.push({ label: 'Compare two environments…', value: PaletteValue.fill('diff '), typed: 'diff ENV_A ENV_B' });
  }
  if (app) choices.push(appHistory(app));
  if (app && derived.env) choices.push(envHistory(app, derived.env.name));
  choices.push(vaultHistory);
  if (state.team) choices.push({ label: `Members of ${sanitise(state.team.team)} and join requests`, value: PaletteValue.members, typed: 'members' });
  choices.push({ label: 'Settings: clipboard, idle lock, reveal', value: PaletteValue.settings, typed: 'settings' });
  choices.push({ label: 'New app', value: PaletteValue.create('app'), typed: 'new app' });
  if (app) choices.push({ label: `New environment in ${sanitise(app.name)}`, value: PaletteValue.create('env'), typed: 'new env' });
  if (app && derived.env) {
    choices.push({ label: `New secret in ${sanitise(app.name)}/${sanitise(derived.env.name)}`, value: PaletteValue.create('secret'), typed: 'new secret' });
  }
  const secret = derived.secret;
  if (secret && secret.versions.some((v) => !rollbackDisabledReason(secret, v.n))) {
    choices.push({ label: `Roll back ${sanitise(secret.key)} to…`, value: PaletteValue.rollbackPage, typed: 'rollback' });
  }
  const marked = markedSecrets(state).length;
  if (marked) choices.push({ label: `Clear the ${marked} mark${marked === 1 ? '' : 's'}`, value: PaletteValue.clearMarks, typed: 'unmark' });
  choices.push(
    { label: 'Lock now', value: PaletteValue.lock, typed: 'lock' },
    { label: 'Help: all keys', value: PaletteValue.help, typed: 'help' },
    { label: 'Quit', value: PaletteValue.quit, typed: 'quit' },
  );
  return choices;
}

/** The command line's choices for what is typed: matching labels, or the typed command's forms. */
export function commandChoices(state: UiState, derived: Derived, query: string): CommandChoice[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!q) return baseChoices(state, derived);
  const word = q.split(' ')[0] as string;
  const families: Record<string, () => CommandChoice[]> = {
    diff: () => (derived.app ? envPairs(derived.app) : []),
    log: () => logChoices(derived.app),
    jump: () => jumpChoices(state),
  };
  const family = families[word];
  const pool = family ? family() : baseChoices(state, derived);
  return pool.filter((c) => (c.typed ?? '').toLowerCase().startsWith(q) || c.label.toLowerCase().includes(q));
}

export function paletteChoices(page: PalettePage, state: UiState, derived: Derived, now: Date): PickerChoice[] {
  switch (page) {
    case 'jump':
      return jumpChoices(state).map(({ label, value }) => ({ label, value }));
    case 'rollback': {
      const secret = derived.secret;
      if (!secret) return [];
      const next = (currentVersion(secret)?.n ?? 0) + 1;
      return [...secret.versions]
        .reverse()
        .filter((v) => !rollbackDisabledReason(secret, v.n))
        .map((v) => ({
          label: `v${v.n} · ${longAge(v.createdAt, now)} by ${sanitise(v.author)} → becomes v${next}`,
          value: PaletteValue.rollback(v.n),
        }));
    }
    case 'root':
      return commandChoices(state, derived, '');
  }
}
