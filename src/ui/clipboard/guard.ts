// Copying a value puts a secret on the system clipboard: the guard takes it off again after the
// vault's clipboardSeconds, but only if the clipboard still holds it (the operator may have
// copied something else meanwhile). It lives as long as the program, above the main screen;
// locking and quitting clear a value that is still there at once (clearNow), so no plaintext
// outlives the session in the guard either.
import type { Clock } from '../clock.js';

/** What the UI needs from a clipboard (src/platform provides one; tests a fake). */
export interface ClipboardPort {
  /** Puts text on the clipboard; says how, for the status line ("xclip", "OSC 52"). */
  write(text: string): Promise<{ via: string }>;
  /** Empties the clipboard if it still holds `text`; says whether it did. */
  clearIfHolds(text: string): Promise<boolean>;
}

export interface ClipboardStatus {
  /** What was copied, in words ("DATABASE_URL v7"). */
  label: string;
  clearsAt: number;
}

export type ClipboardEvent = { type: 'changed' } | { type: 'cleared'; label: string; cleared: boolean };

interface Pending extends ClipboardStatus {
  text: string;
  timer: unknown;
}

export class ClipboardGuard {
  #pending: Pending | undefined;
  #listeners = new Set<(event: ClipboardEvent) => void>();

  constructor(
    private readonly port: ClipboardPort | undefined,
    private readonly clock: Clock,
  ) {}

  /** Copies `text`; with `clearAfterMs`, takes it off the clipboard again after that long. */
  async copy(text: string, options: { label: string; clearAfterMs?: number }): Promise<{ via: string }> {
    if (!this.port) throw new Error('no clipboard is available in this terminal');
    const result = await this.port.write(text);
    this.#cancel();
    if (options.clearAfterMs !== undefined) {
      const clearsAt = this.clock.now() + options.clearAfterMs;
      const timer = this.clock.setTimeout(() => void this.#clear(), options.clearAfterMs);
      this.#pending = { text, label: options.label, clearsAt, timer };
    }
    this.#emit({ type: 'changed' });
    return result;
  }

  status(): ClipboardStatus | undefined {
    return this.#pending ? { label: this.#pending.label, clearsAt: this.#pending.clearsAt } : undefined;
  }

  subscribe(listener: (event: ClipboardEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** On the way out: clears a copied value still waiting to be cleared, if the clipboard still holds it. */
  async clearNow(): Promise<void> {
    if (this.#pending) {
      this.clock.clearTimeout(this.#pending.timer);
      await this.#clear();
    }
  }

  async #clear(): Promise<void> {
    const pending = this.#pending;
    if (!pending || !this.port) return;
    this.#pending = undefined;
    const cleared = await this.port.clearIfHolds(pending.text).catch(() => false);
    this.#emit({ type: 'cleared', label: pending.label, cleared });
  }

  #cancel(): void {
    if (this.#pending) this.clock.clearTimeout(this.#pending.timer);
    this.#pending = undefined;
  }

  #emit(event: ClipboardEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
