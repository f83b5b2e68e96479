// How much of the cluster this client reaches, for the status line: online (every endpoint
// answers), degraded ("1 of 3 endpoints down": calls still work), offline (nothing answers).
// Learnt from each call's outcome and, while someone listens, from each member's /health every
// few seconds (an unref'd timer: it never keeps the process alive).
import type { EndpointHealth, EtcdClient } from './client.js';

export interface ConnectionState {
  state: 'online' | 'degraded' | 'offline';
  /** Endpoints that do not answer. */
  down: number;
  /** Endpoints configured. */
  endpoints: number;
}

const POLL_MS = 3_000;

export class ConnectionMonitor {
  #state: ConnectionState;
  readonly #listeners = new Set<(state: ConnectionState) => void>();
  #timer: NodeJS.Timeout | undefined;
  #probing = false;
  readonly #stopOutcomes: () => void;

  constructor(private readonly client: EtcdClient) {
    this.#state = { state: 'online', down: 0, endpoints: client.endpoints.length };
    this.#stopOutcomes = client.onCallOutcome((outcome) => {
      if (outcome === 'unreachable') this.#set({ state: 'offline', down: this.client.endpoints.length, endpoints: this.client.endpoints.length });
      else if (this.#state.state === 'offline') void this.probe();
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Reports every change, and the current state once, soon after subscribing. */
  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    queueMicrotask(() => this.#listeners.has(listener) && listener(this.#state));
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.probe(), POLL_MS);
      this.#timer.unref();
      void this.probe();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopTimer();
    };
  }

  /** Asks every endpoint now. */
  async probe(): Promise<ConnectionState> {
    if (this.#probing || this.client.closed) return this.#state;
    this.#probing = true;
    try {
      this.#set(stateOf(await this.client.health(), this.client.endpoints.length));
    } finally {
      this.#probing = false;
    }
    return this.#state;
  }

  close(): void {
    this.#stopTimer();
    this.#stopOutcomes();
    this.#listeners.clear();
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #set(next: ConnectionState): void {
    if (next.state === this.#state.state && next.down === this.#state.down) return;
    this.#state = next;
    for (const listener of this.#listeners) listener(next);
  }
}

export function stateOf(health: EndpointHealth, endpoints: number): ConnectionState {
  const down = health.down.length;
  return { state: down === 0 ? 'online' : down >= endpoints ? 'offline' : 'degraded', down, endpoints };
}

/** "2 of 3 endpoints down", for messages. */
export function describeConnection(state: ConnectionState): string {
  if (state.state === 'online') return `online (${state.endpoints} endpoint${state.endpoints === 1 ? '' : 's'})`;
  return `${state.state}: ${state.down} of ${state.endpoints} endpoint${state.endpoints === 1 ? '' : 's'} down`;
}
