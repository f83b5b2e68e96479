// The clipboard's countdown for the status line ("clipboard clears in 38 s"), ticking once a
// second on the injected clock while a copied value waits to be cleared; the guard's news
// (cleared, or left alone because something else was copied since) becomes a toast.
import { useEffect, useState } from 'react';
import type { ClipboardGuard } from '../clipboard/guard.js';
import type { Clock } from '../clock.js';
import type { Dispatch } from './use-ui-store.js';

export interface ClipboardCountdown {
  label: string;
  seconds: number;
}

export function useClipboardStatus(guard: ClipboardGuard, clock: Clock, dispatch: Dispatch): ClipboardCountdown | undefined {
  const [, setTick] = useState(0);
  const status = guard.status();
  useEffect(
    () =>
      guard.subscribe((event) => {
        setTick((n) => n + 1);
        if (event.type !== 'cleared') return;
        dispatch(
          event.cleared
            ? { type: 'notice', text: `Clipboard cleared (${event.label}).`, tone: 'info' }
            : { type: 'notice', text: `Clipboard left alone: it no longer holds ${event.label}.`, tone: 'info' },
        );
      }),
    [guard, dispatch],
  );
  const left = status ? status.clearsAt - clock.now() : 0;
  useEffect(() => {
    if (!status) return;
    const handle = clock.setTimeout(() => setTick((n) => n + 1), Math.max(1, left % 1000 || 1000));
    return () => clock.clearTimeout(handle);
  });
  return status ? { label: status.label, seconds: Math.max(0, Math.ceil(left / 1000)) } : undefined;
}
