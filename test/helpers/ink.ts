// Renders the TUI with ink-testing-library against an in-memory vault, and presses commands by
// name: press(Command.Rollback) looks up the key in the keymap, writes its bytes, waits for the
// frame to change, then yields a few setImmediate turns so Ink re-attaches its input handlers
// (without that, keys get lost — see STACK.md). No fixed sleeps anywhere.
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { appId, META_ID, secretId, VaultSession } from '../../src/domain/index.js';
import type { Context, RecordChange, UnlockMethod, VaultOpener, VaultRepository, VaultState } from '../../src/domain/index.js';
import { MemoryVaultRepository } from '../../src/store/memory-repository.js';
import { App } from '../../src/ui/app.js';
import { ClipboardGuard } from '../../src/ui/clipboard/guard.js';
import type { ClipboardPort } from '../../src/ui/clipboard/guard.js';
import type { Clock } from '../../src/ui/clock.js';
import type { UiServices } from '../../src/ui/services.js';
import type { Command } from '../../src/ui/keymap/commands.js';
import { bindingFor } from '../../src/ui/keymap/keymap.js';
import { keyBytes } from '../../src/ui/keymap/keys.js';
import type { KeyName } from '../../src/ui/keymap/keys.js';
import type { Viewport } from '../../src/ui/state/types.js';
import type { TeamConsole } from '../../src/ui/team/port.js';

export const TEST_SIZE: Viewport = { columns: 100, rows: 30 };
const DEADLINE_MS = 3000;

/** A clock whose timers fire only when the test advances it. */
export class FakeClock implements Clock {
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private serial = 0;
  constructor(public time = Date.parse('2026-03-01T12:00:00.000Z')) {}
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = ++this.serial;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const timer of due) timer.callback();
  }
}

/** The records that make up a VaultState, to seed a repository with it. */
export function recordsOf(state: VaultState): RecordChange[] {
  return [
    { id: META_ID, record: { type: 'meta', value: state.meta } },
    ...Object.values(state.apps).map((app): RecordChange => ({ id: appId(app.name), record: { type: 'app', value: app } })),
    ...Object.values(state.secrets).map(
      (s): RecordChange => ({ id: secretId(s.app, s.env, s.key), record: { type: 'secret', value: s } }),
    ),
  ];
}

/** A VaultOpener over one repository whose keychain always works. */
export function openerFor(repository: VaultRepository, location = 'test vault'): VaultOpener {
  const open = async () => repository;
  return {
    location,
    exists: async () => true,
    slots: async (): Promise<UnlockMethod[]> => ['keychain', 'passphrase', 'recovery'],
    unlockWithKeychain: open,
    unlockWithPassphrase: open,
    unlockWithRecoveryCode: open,
    create: async () => {
      throw new Error('this test vault exists');
    },
  };
}

export const yieldTurns = async (turns = 3): Promise<void> => {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

export interface RenderOptions {
  vault?: VaultState;
  opener?: VaultOpener;
  context?: Context;
  clock?: FakeClock;
  size?: Viewport;
  /** Randomness and the word list (deterministic in tests). */
  services?: UiServices;
  /** A clipboard for y/Y; its clearing runs on the fake clock. */
  clipboard?: ClipboardPort;
  /** A team vault's console. */
  team?: TeamConsole;
}

export interface Harness {
  /** The frame as last painted. */
  frame(): string;
  /** Presses the command's first key and waits for the frame to change. */
  press(command: Command, options?: { times?: number; key?: KeyName; expectChange?: boolean }): Promise<void>;
  /** Writes raw bytes (typing into a field), then waits for the frame to change. */
  type(text: string, options?: { expectChange?: boolean }): Promise<void>;
  waitFor(pattern: string | RegExp): Promise<string>;
  /** Writes bytes at once, without waiting for anything (keys typed the moment a frame shows). */
  write(text: string): void;
  /** Polls without yielding extra turns once the frame matches: for racing a key against it. */
  waitForFrame(pattern: string): Promise<void>;
  clock: FakeClock;
  repository?: MemoryVaultRepository;
  /** The exit code, once the app has quit. */
  exitCode(): number | undefined;
  unmount(): void;
}

export function memoryRepository(vault: VaultState, context: Context): MemoryVaultRepository {
  return new MemoryVaultRepository({ initial: recordsOf(vault), actor: context.actor, now: context.now });
}

export async function renderApp(options: RenderOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new FakeClock();
  const context = options.context ?? { actor: 'tester', now: () => new Date(clock.now()) };
  const repository = options.vault ? memoryRepository(options.vault, context) : undefined;
  const opener = options.opener ?? openerFor(repository as VaultRepository);
  let code: number | undefined;
  const clipboard = new ClipboardGuard(options.clipboard, clock);
  const app = render(
    createElement(App, {
      opener,
      context,
      clock,
      clipboard,
      size: options.size ?? TEST_SIZE,
      onExit: (c: number) => (code = c),
      ...(options.services && { services: options.services }),
      ...(options.team && { team: options.team }),
    }),
  );
  const frame = () => app.lastFrame() ?? '';

  async function waitForChange(before: string, expectChange: boolean): Promise<void> {
    if (!expectChange) return yieldTurns(5);
    const deadline = Date.now() + DEADLINE_MS;
    while (frame() === before) {
      if (Date.now() > deadline) throw new Error(`The frame did not change. It shows:\n${frame()}`);
      await yieldTurns(1);
    }
    await yieldTurns(3);
  }

  const harness: Harness = {
    frame,
    clock,
    exitCode: () => code,
    unmount: () => app.unmount(),
    async press(command, { times = 1, key, expectChange = true } = {}) {
      const name = key ?? (bindingFor(command).keys[0] as KeyName);
      for (let i = 0; i < times; i++) {
        const before = frame();
        app.stdin.write(keyBytes(name));
        await waitForChange(before, expectChange);
      }
    },
    async type(text, { expectChange = true } = {}) {
      const before = frame();
      app.stdin.write(text);
      await waitForChange(before, expectChange);
    },
    write(text) {
      app.stdin.write(text);
    },
    async waitForFrame(pattern) {
      const deadline = Date.now() + DEADLINE_MS;
      while (!frame().includes(pattern)) {
        if (Date.now() > deadline) throw new Error(`Never saw ${pattern}. The frame shows:\n${frame()}`);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
    async waitFor(pattern) {
      const deadline = Date.now() + DEADLINE_MS;
      const matches = () => (typeof pattern === 'string' ? frame().includes(pattern) : pattern.test(frame()));
      while (!matches()) {
        if (Date.now() > deadline) throw new Error(`Never saw ${String(pattern)}. The frame shows:\n${frame()}`);
        await yieldTurns(1);
      }
      await yieldTurns(3);
      return frame();
    },
  };
  if (repository) harness.repository = repository;
  return harness;
}

/** The vault as the repository now holds it (what a fresh coffer would see). */
export async function storedState(repository: VaultRepository, context: Context): Promise<VaultState> {
  return (await VaultSession.open(repository, context)).state;
}

