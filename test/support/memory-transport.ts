// In-memory transports where the test plays the server: it sees every byte the client writes, pushes bytes to
// the client, closes the connection (cleanly or with an error), fails or delays write completions, and decides
// when (and whether) each connection attempt opens.
import { WRITE_ACCEPTED, type Transport, type TransportFactory } from "../../src/transport/transport.js";

/** The server's end of one in-memory connection. */
export class MemoryServerEnd {
  /** Every chunk the client wrote, in order. */
  readonly written: Uint8Array[] = [];
  /** True once the client called close(). */
  clientClosed = false;
  /** True once the connection ended (client close or server close). */
  ended = false;
  /** While true, client writes stay pending until completeWrites()/failWrites(). */
  holdWrites = false;
  /** While true (and writes are not held), client writes return WRITE_ACCEPTED, like a socket with buffer room. */
  acceptWritesAtOnce = false;

  private readonly pendingWrites: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private nextWriteFailure: Error | undefined;
  private readonly writeWaiters: (() => void)[] = [];
  /** @internal */ dataListeners: ((bytes: Uint8Array) => void)[] = [];
  /** @internal */ closeListeners: ((error?: Error) => void)[] = [];
  /** @internal */ closeError: Error | undefined;

  /** The client side of this connection. */
  readonly transport: Transport;

  constructor() {
    this.transport = new MemoryClientTransport(this);
  }

  /** All written bytes concatenated. */
  writtenBytes(): Uint8Array {
    const total = this.written.reduce((sum, chunk) => sum + chunk.length, 0);
    const result = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.written) {
      result.set(chunk, offset);
      offset += chunk.length;
    }
    return result;
  }

  /** Resolves when the client has written at least `count` chunks in total. */
  async waitForWrites(count: number): Promise<void> {
    while (this.written.length < count) await new Promise<void>((resolve) => this.writeWaiters.push(resolve));
  }

  /** Delivers bytes to the client (synchronously). */
  push(bytes: Uint8Array): void {
    if (this.ended) throw new Error("push on an ended memory connection");
    for (const listener of this.dataListeners) listener(bytes);
  }

  /** Closes the connection from the server side; `error` is what the client's onClose receives. */
  close(error?: Error): void {
    this.end(error);
  }

  /** Makes the next client write reject with `error` (and the connection stays open until someone closes it). */
  failNextWrite(error: Error): void {
    this.nextWriteFailure = error;
  }

  /** Number of writes waiting because of holdWrites. */
  get pendingWriteCount(): number {
    return this.pendingWrites.length;
  }

  completeWrites(): void {
    for (const write of this.pendingWrites.splice(0)) write.resolve();
  }

  failWrites(error: Error): void {
    for (const write of this.pendingWrites.splice(0)) write.reject(error);
  }

  /** @internal */
  acceptWrite(bytes: Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new Error("write on a closed memory connection"));
    this.written.push(bytes.slice());
    for (const wake of this.writeWaiters.splice(0)) wake();
    const failure = this.nextWriteFailure;
    if (failure !== undefined) {
      this.nextWriteFailure = undefined;
      return Promise.reject(failure);
    }
    if (!this.holdWrites) return this.acceptWritesAtOnce ? WRITE_ACCEPTED : Promise.resolve();
    return new Promise<void>((resolve, reject) => this.pendingWrites.push({ resolve, reject }));
  }

  /** @internal */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.closeError = error;
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }
}

class MemoryClientTransport implements Transport {
  constructor(private readonly server: MemoryServerEnd) {}

  write(bytes: Uint8Array): Promise<void> {
    return this.server.acceptWrite(bytes);
  }

  close(): void {
    this.server.clientClosed = true;
    this.server.end();
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.server.dataListeners.push(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    if (this.server.ended) {
      const error = this.server.closeError;
      queueMicrotask(() => listener(error));
      return;
    }
    this.server.closeListeners.push(listener);
  }
}

/** One call of the factory, waiting for the test to accept or fail it (manual mode). */
export interface PendingOpen {
  readonly signal: AbortSignal;
  readonly settled: boolean;
  /** Opens the connection and returns the server's end. */
  accept(): MemoryServerEnd;
  fail(error: Error): void;
}

/**
 * A TransportFactory backed by memory connections. In "auto" mode (default) every attempt opens at once; in
 * "manual" mode the test settles each entry of `opens` itself. `servers` lists the opened connections.
 */
export class MemoryTransportFactory {
  mode: "auto" | "manual";
  readonly opens: PendingOpen[] = [];
  readonly servers: MemoryServerEnd[] = [];
  private readonly serverWaiters: (() => void)[] = [];
  private readonly openWaiters: (() => void)[] = [];

  constructor(mode: "auto" | "manual" = "auto") {
    this.mode = mode;
  }

  readonly factory: TransportFactory = (signal) =>
    new Promise<Transport>((resolve, reject) => {
      let settled = false;
      const pending: PendingOpen = {
        signal,
        get settled() {
          return settled;
        },
        accept: () => {
          if (settled) throw new Error("attempt already settled");
          settled = true;
          const server = new MemoryServerEnd();
          this.servers.push(server);
          for (const wake of this.serverWaiters.splice(0)) wake();
          resolve(server.transport);
          return server;
        },
        fail: (error) => {
          if (settled) throw new Error("attempt already settled");
          settled = true;
          reject(error);
        },
      };
      this.opens.push(pending);
      for (const wake of this.openWaiters.splice(0)) wake();
      if (this.mode === "auto") pending.accept();
    });

  /** Resolves with the `index`-th opened connection (0-based) once it exists. */
  async server(index: number): Promise<MemoryServerEnd> {
    for (;;) {
      const server = this.servers[index];
      if (server !== undefined) return server;
      await new Promise<void>((resolve) => this.serverWaiters.push(resolve));
    }
  }

  /** Resolves with the `index`-th factory call (0-based) once it happened. */
  async open(index: number): Promise<PendingOpen> {
    for (;;) {
      const pending = this.opens[index];
      if (pending !== undefined) return pending;
      await new Promise<void>((resolve) => this.openWaiters.push(resolve));
    }
  }
}
