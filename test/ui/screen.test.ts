// The alternate screen is left on every way out: quit, signals, crashes, process exit.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { altScreen, ENTER_ALT_SCREEN, guardExits, LEAVE_ALT_SCREEN } from '../../src/ui/terminal/screen.js';
import type { ProcessLike } from '../../src/ui/terminal/screen.js';

function fakeProcess() {
  const events = new EventEmitter();
  const out: string[] = [];
  const exits: number[] = [];
  const proc = {
    on: (e: string, l: (...a: never[]) => void) => events.on(e, l as (...a: unknown[]) => void),
    off: (e: string, l: (...a: never[]) => void) => events.off(e, l as (...a: unknown[]) => void),
    exit: (code: number) => {
      exits.push(code);
      return undefined as never;
    },
    stderr: { write: (t: string) => out.push(`stderr:${t}`) },
  } satisfies ProcessLike;
  return { events, out, exits, proc };
}

describe('alternate screen', () => {
  it('enters once and leaves once', () => {
    const written: string[] = [];
    const screen = altScreen({ write: (t) => written.push(t) });
    screen.enter();
    screen.enter();
    screen.leave();
    screen.leave();
    expect(written.join('')).toBe(`${ENTER_ALT_SCREEN}\u001b[?25h${LEAVE_ALT_SCREEN}`);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])('leaves on %s and exits with %i after unmounting', (signal, code) => {
    const { events, exits, proc } = fakeProcess();
    const written: string[] = [];
    const screen = altScreen({ write: (t) => written.push(t) });
    screen.enter();
    let unmounted = false;
    guardExits(screen, proc, () => (unmounted = true));
    events.emit(signal);
    expect(unmounted).toBe(true);
    expect(written.at(-1)).toContain(LEAVE_ALT_SCREEN);
    expect(exits).toEqual([code]);
  });

  it('leaves before printing an uncaught error, and on process exit', () => {
    const { events, out, exits, proc } = fakeProcess();
    const written: string[] = [];
    const screen = altScreen({ write: (t) => written.push(t) });
    screen.enter();
    const unguard = guardExits(screen, proc);
    events.emit('uncaughtException', new Error('boom'));
    expect(written.at(-1)).toContain(LEAVE_ALT_SCREEN);
    expect(out[0]).toMatch(/stderr:coffer: the terminal UI stopped on an unexpected error:\nError: boom/);
    expect(exits).toEqual([70]);
    screen.enter();
    events.emit('exit');
    expect(screen.active).toBe(false);
    unguard();
    expect(events.listenerCount('SIGINT')).toBe(0);
  });
});
