// The command palette's choices for the page it is on. Values are read by the reducer
// (state/commands/palette.ts); labels are what ink-select-input shows.
import { currentVersion, rollbackDisabledReason } from '../../domain/index.js';
import { PaletteValue } from '../state/commands/palette.js';
import type { PickerChoice } from '../state/meta-form.js';
import { allApps } from '../state/selectors.js';
import type { Derived } from '../state/selectors.js';
import type { PalettePage, UiState } from '../state/types.js';
import { longAge } from './format.js';
import { sanitise } from './sanitise.js';

export function paletteChoices(page: PalettePage, state: UiState, derived: Derived, now: Date): PickerChoice[] {
  switch (page) {
    case 'jump':
      return allApps(state.vault).flatMap((app) =>
        app.envs.map((env) => ({ label: `${sanitise(app.name)}/${sanitise(env.name)}`, value: PaletteValue.jump(app.name, env.name) })),
      );
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
    case 'root': {
      const choices: PickerChoice[] = [
        { label: 'Jump to app/environment…', value: PaletteValue.jumpPage },
        { label: 'New app', value: PaletteValue.create('app') },
      ];
      if (derived.app) choices.push({ label: `New environment in ${sanitise(derived.app.name)}`, value: PaletteValue.create('env') });
      if (derived.app && derived.env) {
        choices.push({ label: `New secret in ${sanitise(derived.app.name)}/${sanitise(derived.env.name)}`, value: PaletteValue.create('secret') });
      }
      const secret = derived.secret;
      if (secret && secret.versions.some((v) => !rollbackDisabledReason(secret, v.n))) {
        choices.push({ label: `Roll back ${sanitise(secret.key)} to…`, value: PaletteValue.rollbackPage });
      }
      choices.push({ label: 'Help: all keys', value: PaletteValue.help }, { label: 'Quit', value: PaletteValue.quit });
      return choices;
    }
  }
}
