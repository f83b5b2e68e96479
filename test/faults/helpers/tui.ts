// Driving the built TUI in tmux for the fault suite: commands pressed by name (the keymap table
// gives the key, so a rebinding cannot leave these tests pressing the wrong thing), waits on the
// screen by predicate, and catching a coffer while it holds the vault's lock (mid-save).
import { readFileSync } from 'node:fs';
import { holderPathOf } from '../../../src/store/lock.js';
import { Command } from '../../../src/ui/keymap/commands.js';
import { bindingFor } from '../../../src/ui/keymap/keymap.js';
import { keyBytes } from '../../../src/ui/keymap/keys.js';
import { isCiMarker, startCoffer } from '../../helpers/tmux.js';
import type { TmuxSession } from '../../helpers/tmux.js';
import type { Workspace } from './cli.js';

export { Command };

/** Presses each command's first key, in order, as the terminal would send it. */
export async function pressCommand(t: TmuxSession, ...commands: Command[]): Promise<void> {
  for (const command of commands) await t.type(keyBytes(bindingFor(command).keys[0]!));
}

/**
 * The workspace's environment for a tmux pane. It is a copy of ours, so it carries the test
 * runner's CI=true, which the tmux helper keeps out of the server's environment: under it Ink
 * paints nothing until exit and every wait would see a blank screen. Dropped here unless `extra`
 * sets it.
 */
export function paneEnv(ws: Workspace, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(ws.env(extra))) {
    if (value === undefined || (isCiMarker(key) && !(key in extra))) continue;
    env[key] = value;
  }
  return env;
}

/** The built TUI on `vault`, in the workspace's environment (its TMPDIR, XDG_RUNTIME_DIR). */
export function startTui(ws: Workspace, vault: string, extra: Record<string, string> = {}, size = { cols: 120, rows: 32 }): Promise<TmuxSession> {
  return startCoffer(['--vault', vault], { ...size, env: paneEnv(ws, extra) });
}

/** Polls the screen until `test` returns something other than undefined; resolves to that. */
export async function waitScreen<T>(t: TmuxSession, what: string, test: (screen: string) => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = await t.screen();
    const found = test(screen);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`the TUI never showed ${what} within ${timeoutMs} ms; screen:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Opens APP/ENV/KEY from the main view: from the Apps column, app, environment and secret are
 * chosen by moving down until the breadcrumb names them. Each move waits for the frame to change.
 */
export async function openSecret(t: TmuxSession, app: string, env: string, key: string): Promise<void> {
  const crumb = (...parts: string[]) => `coffer › ${parts.join(' › ')}`;
  await t.waitFor('1 Apps');
  await pressCommand(t, Command.FocusApps);
  await moveUntil(t, crumb(app));
  await pressCommand(t, Command.FocusRight);
  await moveUntil(t, crumb(app, env));
  await pressCommand(t, Command.FocusRight);
  await moveUntil(t, crumb(app, env, key));
}

async function moveUntil(t: TmuxSession, crumb: string): Promise<void> {
  const exact = new RegExp(`${escapeRegExp(crumb)}( ›|\\s*$)`, 'm');
  for (let step = 0; step < 50; step++) {
    const before = await t.screen();
    if (exact.test(before)) return;
    await pressCommand(t, Command.MoveDown);
    await waitScreen(t, `a move towards ${crumb}`, (screen) => (screen !== before ? true : undefined), 5_000);
  }
  throw new Error(`moving down never reached ${crumb}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Spins until a coffer holds the vault's lock — its holder file names it, written once the lock is
 * taken and removed before it is released, so the holder is between those two, mid-save — and
 * returns that pid at once, for the caller to stop or kill it there. A tight synchronous loop:
 * a small save holds the lock for milliseconds.
 */
export function catchLockHolder(vault: string, timeoutMs = 15_000): number {
  const path = holderPathOf(vault);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const pid = (JSON.parse(text) as { pid?: unknown }).pid;
    if (typeof pid === 'number') return pid;
  }
  throw new Error(`no coffer took the lock of ${vault} within ${timeoutMs} ms`);
}
