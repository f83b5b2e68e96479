// Start-up as a small state machine: find the vault, unlock it silently with the keychain, else
// ask for the passphrase (or recovery code) saying why the keychain did not work; offer to
// create a vault on first run and show its recovery code once; stop at a clear error screen for
// a damaged vault, which is never opened as empty. Pure like the main reducer: effects are data.
import type { ErrorCode, UnlockMethod } from '../../domain/index.js';
import type { Command } from '../keymap/commands.js';
import { Command as C } from '../keymap/commands.js';
import type { LeafContext } from '../keymap/contexts.js';
import type { KeyName } from '../keymap/keys.js';
import { matchKey } from '../keymap/match.js';
import { stripControls } from '../presenters/sanitise.js';

export interface ErrorInfo {
  code?: ErrorCode;
  message: string;
  hint?: string;
}

export type StartupState =
  | { phase: 'checking' }
  | { phase: 'working'; message: string; notice?: string }
  | {
      phase: 'unlock';
      method: 'passphrase' | 'recovery';
      /** Methods this vault has besides the keychain. */
      methods: ('passphrase' | 'recovery')[];
      /** Why the keychain did not unlock it. */
      keychainProblem?: ErrorInfo;
      draft: string;
      error?: string;
      /** An unlock attempt is running: keys wait. */
      busy?: boolean;
      /** Why the screen shows again after the vault was open ("Locked after 5 idle minutes"). */
      notice?: string;
    }
  /** Locked while open: the session and every value were dropped; enter unlocks again. */
  | { phase: 'locked'; notice: string; methods?: UnlockMethod[] }
  | {
      phase: 'create';
      useKeychain: boolean;
      field: 'passphrase' | 'repeat';
      passphrase: string;
      repeat: string;
      error?: string;
    }
  | { phase: 'recovery'; code: string }
  | { phase: 'error'; error: ErrorInfo }
  | { phase: 'ready' };

export type StartupAction =
  | { type: 'key'; key: KeyName; pasted?: boolean }
  | { type: 'draft'; text: string }
  | { type: 'exists'; exists: boolean }
  | { type: 'keychain-failed'; error: ErrorInfo; methods: UnlockMethod[] }
  | { type: 'unlock-failed'; error: ErrorInfo }
  | { type: 'create-failed'; error: ErrorInfo }
  | { type: 'created'; recoveryCode: string }
  | { type: 'opened' }
  | { type: 'fatal'; error: ErrorInfo }
  /** The open vault was locked (L, or idle): show the lock screen. */
  | { type: 'lock'; notice: string }
  /** The vault's unlock methods, read from its header for the lock screen. */
  | { type: 'slots'; methods: UnlockMethod[] };

export type StartupEffect =
  | { type: 'check' }
  | { type: 'unlock-keychain' }
  | { type: 'unlock'; method: 'passphrase' | 'recovery'; secret: string }
  | { type: 'create'; useKeychain: boolean; passphrase?: string }
  | { type: 'finish' }
  | { type: 'read-slots' }
  | { type: 'quit'; code: 'ok' | 'cancelled' | 'error' };

export type StartupUpdate = [StartupState, StartupEffect[]];

export const STARTUP_INITIAL: StartupState = { phase: 'checking' };
export const STARTUP_EFFECTS: StartupEffect[] = [{ type: 'check' }];

export function startupContext(state: StartupState): LeafContext | undefined {
  switch (state.phase) {
    case 'unlock':
      return 'unlock';
    case 'create':
      return 'create-vault';
    case 'recovery':
      return 'recovery';
    case 'error':
      return 'error';
    case 'locked':
      return 'locked';
    default:
      return undefined;
  }
}

function quitCode(state: StartupState): 'ok' | 'cancelled' | 'error' {
  if (state.phase === 'error') return 'error';
  // Quitting a locked vault is an ordinary end of a session.
  return state.phase === 'locked' || (state.phase === 'unlock' && state.notice) ? 'ok' : 'cancelled';
}

function command(state: StartupState, cmd: Command): StartupUpdate {
  if (cmd === C.ForceQuit) return [state, [{ type: 'quit', code: quitCode(state) }]];
  switch (state.phase) {
    case 'locked': {
      if (cmd === C.LockedQuit) return [state, [{ type: 'quit', code: 'ok' }]];
      if (cmd === C.LockedUnlock) {
        return [{ phase: 'working', message: 'Unlocking with the OS keychain…', notice: state.notice }, [{ type: 'unlock-keychain' }]];
      }
      if (cmd === C.LockedUsePassphrase) return [passphraseScreen(state.methods ?? ['recovery'], state.notice), []];
      return [state, []];
    }
    case 'unlock': {
      if (cmd === C.UnlockSwitchMethod) {
        const others = state.methods.filter((m) => m !== state.method);
        const next = others[0];
        if (!next) return [{ ...state, error: `This vault has no other way to unlock it.` }, []];
        const { error: _cleared, ...rest } = state;
        return [{ ...rest, method: next, draft: '' }, []];
      }
      if (cmd === C.UnlockSubmit) {
        if (!state.draft) return [{ ...state, error: `Type the ${state.method === 'passphrase' ? 'passphrase' : 'recovery code'} first.` }, []];
        const { error: _cleared, ...rest } = state;
        return [{ ...rest, busy: true }, [{ type: 'unlock', method: state.method, secret: state.draft }]];
      }
      return [state, []];
    }
    case 'create': {
      if (cmd === C.CreateCancel) return [state, [{ type: 'quit', code: 'cancelled' }]];
      if (cmd === C.CreateToggleKeychain) return [{ ...state, useKeychain: !state.useKeychain }, []];
      if (cmd === C.CreateSubmit) return submitCreate(state);
      return [state, []];
    }
    case 'recovery':
      return cmd === C.RecoveryContinue ? [{ phase: 'ready' }, [{ type: 'finish' }]] : [state, []];
    case 'error':
      return cmd === C.ErrorQuit ? [state, [{ type: 'quit', code: 'error' }]] : [state, []];
    default:
      return [state, []];
  }
}

function submitCreate(state: Extract<StartupState, { phase: 'create' }>): StartupUpdate {
  if (state.field === 'passphrase' && state.passphrase) {
    const { error: _cleared, ...rest } = state;
    return [{ ...rest, field: 'repeat' }, []];
  }
  if (!state.useKeychain && !state.passphrase) {
    return [{ ...state, error: 'Without the OS keychain, a passphrase is needed (tab turns the keychain back on).' }, []];
  }
  if (state.passphrase && state.repeat !== state.passphrase) {
    return [{ ...state, field: 'repeat', repeat: '', error: 'The two passphrases differ: type it again.' }, []];
  }
  const effect: StartupEffect = state.passphrase
    ? { type: 'create', useKeychain: state.useKeychain, passphrase: state.passphrase }
    : { type: 'create', useKeychain: state.useKeychain };
  return [{ phase: 'working', message: 'Creating the vault…' }, [effect]];
}

function passphraseScreen(methods: UnlockMethod[], notice: string): StartupState {
  const usable = unlockMethods(methods);
  return { phase: 'unlock', method: usable[0] as 'passphrase' | 'recovery', methods: usable, draft: '', notice };
}

function unlockMethods(methods: UnlockMethod[]): ('passphrase' | 'recovery')[] {
  const usable = methods.filter((m): m is 'passphrase' | 'recovery' => m === 'passphrase' || m === 'recovery');
  return usable.length ? usable : ['recovery'];
}

export function startupUpdate(state: StartupState, action: StartupAction): StartupUpdate {
  switch (action.type) {
    case 'key': {
      const context = state.phase === 'unlock' && state.busy ? undefined : startupContext(state);
      if (!context) {
        return action.key === 'ctrl-c' ? [state, [{ type: 'quit', code: 'cancelled' }]] : [state, []];
      }
      const match = matchKey(context, action.key, action.pasted ?? false);
      return match.type === 'command' ? command(state, match.binding.command) : [state, []];
    }
    case 'draft': {
      const text = stripControls(action.text);
      if (state.phase === 'unlock' && !state.busy) {
        const { error: _cleared, ...rest } = state;
        return [{ ...rest, draft: text }, []];
      }
      if (state.phase === 'create') {
        const { error: _cleared, ...rest } = state;
        return [{ ...rest, [state.field]: text }, []];
      }
      return [state, []];
    }
    case 'exists':
      return action.exists
        ? [{ phase: 'working', message: 'Unlocking with the OS keychain…' }, [{ type: 'unlock-keychain' }]]
        : [{ phase: 'create', useKeychain: true, field: 'passphrase', passphrase: '', repeat: '' }, []];
    case 'keychain-failed': {
      const methods = unlockMethods(action.methods);
      const notice = state.phase === 'working' ? state.notice : undefined;
      return [
        { phase: 'unlock', method: methods[0] as 'passphrase' | 'recovery', methods, keychainProblem: action.error, draft: '', ...(notice && { notice }) },
        [],
      ];
    }
    case 'unlock-failed': {
      // A wrong passphrase or code: ask again. Anything else (a damaged file) ends at the error screen.
      if (action.error.code !== 'auth' || state.phase !== 'unlock') return [{ phase: 'error', error: action.error }, []];
      const { busy: _done, ...rest } = state;
      return [{ ...rest, draft: '', error: action.error.hint ? `${action.error.message} ${action.error.hint}` : action.error.message }, []];
    }
    case 'create-failed':
      return [
        {
          phase: 'create',
          useKeychain: action.error.code === 'keychain' ? false : true,
          field: 'passphrase',
          passphrase: '',
          repeat: '',
          error: action.error.hint ? `${action.error.message} ${action.error.hint}` : action.error.message,
        },
        [],
      ];
    case 'created':
      return [{ phase: 'recovery', code: action.recoveryCode }, []];
    case 'opened':
      return [{ phase: 'ready' }, [{ type: 'finish' }]];
    case 'fatal':
      return [{ phase: 'error', error: action.error }, []];
    case 'lock':
      return [{ phase: 'locked', notice: action.notice }, [{ type: 'read-slots' }]];
    case 'slots':
      if (state.phase !== 'locked') return [state, []];
      // No key in the keychain: the passphrase (or recovery code) is the only way back.
      if (!action.methods.includes('keychain')) return [passphraseScreen(action.methods, state.notice), []];
      return [{ ...state, methods: action.methods }, []];
  }
}
