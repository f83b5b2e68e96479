import type { Command } from '../../keymap/commands.js';
import type { Update } from '../actions.js';
import type { Derived } from '../selectors.js';
import type { UiState } from '../types.js';

/** Runs one command; called only once the keymap's disabled predicate has allowed it. */
export type CommandHandler = (state: UiState, derived: Derived) => Update;

export type CommandHandlers = Partial<Record<Command, CommandHandler>>;

export const same = (state: UiState): Update => [state, []];
