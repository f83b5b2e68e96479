// One input listener for the whole app, routing key presses to the screen on display. Each
// screen used to listen for itself, through Ink's useInput, which subscribes in a passive effect:
// a key arriving between the first frame of a new screen (start-up → main view, lock screen →
// main view) and that effect reached the old screen's listener and was lost — typing `j` as soon
// as the columns appeared did nothing. The route is switched in a layout effect, in the same
// synchronous commit that draws the new screen, so no key can fall in between.
import { createContext, useCallback, useContext, useLayoutEffect, useRef } from 'react';
import type { MutableRefObject } from 'react';
import type { KeyPress } from '../keymap/keys.js';
import { useKeyPresses } from './use-key-input.js';

export type KeyHandler = (press: KeyPress) => void;

export const KeyRouteContext = createContext<MutableRefObject<KeyHandler | undefined> | undefined>(undefined);

/** At the root: listens once, for the app's whole life, and returns the route to provide. */
export function useKeyRouteRoot(): MutableRefObject<KeyHandler | undefined> {
  const route = useRef<KeyHandler | undefined>(undefined);
  useKeyPresses(useCallback((press: KeyPress) => route.current?.(press), []));
  return route;
}

/** In a screen: its handler receives the keys while it is on display. */
export function useKeyTarget(handler: KeyHandler): void {
  const route = useContext(KeyRouteContext);
  if (!route) throw new Error('useKeyTarget needs a KeyRouteContext provider (the App root)');
  useLayoutEffect(() => {
    route.current = handler;
    return () => {
      if (route.current === handler) route.current = undefined;
    };
  }, [route, handler]);
}
