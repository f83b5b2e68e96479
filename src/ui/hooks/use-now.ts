// "Now" for ages and rotation markers, refreshed every minute rather than on every frame, so
// presenters can be memoised and rows do not change under the cursor.
import { useEffect, useState } from 'react';
import type { Clock } from '../clock.js';

const MINUTE = 60_000;

export function useNow(clock: Clock): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const handle = clock.setTimeout(() => setNow(clock.now()), MINUTE - (clock.now() % MINUTE) + 50);
    return () => clock.clearTimeout(handle);
  }, [clock, now]);
  return now;
}
