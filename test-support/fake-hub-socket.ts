/**
 * The console's socket.io client, faked for unit tests of the renderer's sync code (no browser,
 * no hub): the test plays the hub. It accepts or refuses the connection, pushes hub → console
 * events, and answers the console's acknowledged requests with handlers it sets per event.
 * Everything the console emits is recorded in `requests`.
 */
type Listener = (...args: unknown[]) => void;
type Answer = (payload: unknown) => unknown;

export interface RecordedRequest {
  event: string;
  payload: unknown;
}

export class FakeHubSocket {
  connected = false;
  /** Times the console asked to (re)connect. */
  connectCalls = 0;
  readonly requests: RecordedRequest[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly answers = new Map<string, Answer>();

  // --- the socket.io-client surface the console uses ---

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  connect(): this {
    this.connectCalls += 1;
    return this;
  }

  disconnect(): this {
    if (this.connected) this.drop('io client disconnect');
    return this;
  }

  timeout(_ms: number): { emitWithAck: (event: string, payload: unknown) => Promise<unknown> } {
    return { emitWithAck: (event, payload) => this.request(event, payload) };
  }

  // --- the test's side: the hub ---

  /** How the hub answers `event` from now on; without one, the request times out at once. */
  answer(event: string, handler: Answer): void {
    this.answers.set(event, handler);
  }

  /** The hub accepts the connection. */
  accept(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** The connection is lost (`transport close`) or closed by the hub (`io server disconnect`). */
  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  /** The hub refuses the handshake, e.g. with `UNAUTHORIZED`. */
  refuse(message: string): void {
    this.fire('connect_error', new Error(message));
  }

  /** A hub → console event (`flight:changed`, `notifications:summary`, ...). */
  push(event: string, payload: unknown): void {
    this.fire(event, payload);
  }

  requestsOf(event: string): unknown[] {
    return this.requests.filter((r) => r.event === event).map((r) => r.payload);
  }

  private async request(event: string, payload: unknown): Promise<unknown> {
    this.requests.push({ event, payload });
    const handler = this.answers.get(event);
    if (!handler) throw new Error('operation has timed out');
    return handler(payload);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}

/** A promise the test settles by hand: to hold a hub answer while something else happens. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
