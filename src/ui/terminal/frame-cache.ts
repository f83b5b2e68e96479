// Caches for drawing frames, kept from one frame to the next and only that: an entry not used
// while a frame was drawn is dropped when the frame ends (ink-output.ts calls endFrame()).
// Drawn text can be a revealed value; nothing here keeps it once the screen stops showing it
// (a lock screen's first frame drops the main view's text), where a plain cache would hold it
// for the life of the process.

/** A bound for code that measures text with no frame ending (it never applies in the TUI). */
const MAX_ENTRIES = 20_000;

export class FrameCache<V> {
  private previous = new Map<string, V>();
  private current = new Map<string, V>();

  get(key: string, make: (key: string) => V): V {
    let value = this.current.get(key);
    if (value === undefined) {
      value = this.previous.get(key) ?? make(key);
      if (this.current.size >= MAX_ENTRIES) this.turn();
      this.current.set(key, value);
    }
    return value;
  }

  /** Ends a frame: what it did not use is dropped. */
  turn(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

const caches = new Set<FrameCache<never>>();

/** A cache that endFrame() turns. */
export function frameCache<V>(): FrameCache<V> {
  const cache = new FrameCache<V>();
  caches.add(cache as FrameCache<never>);
  return cache;
}

/** Called once a frame is painted. */
export function endFrame(): void {
  for (const cache of caches) cache.turn();
}
