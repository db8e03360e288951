import type { SSEStreamingApi } from 'hono/streaming';

/** Every event stream open in this process, so shutting down can end them (see `endEventStreams`). */
const running = new Set<() => void>();

/**
 * Ends every open event stream. A browser keeps a stream open for minutes; without this the
 * server's close would wait for each one and shutting down would run into its forced exit.
 */
export function endEventStreams(): void {
  for (const end of [...running]) end();
}

export interface EventLoopOptions {
  /** A stream ends after this long (the browser reconnects), so no stream outlives a deploy by much. */
  maxMs: number;
  /** A comment this often when nothing happens, so proxies do not drop the idle connection. */
  heartbeatMs: number;
  /** How long the browser waits before reconnecting. */
  retryMs: number;
  /** Whether something is waiting to be written. */
  pending(): boolean;
  /** Writes what is waiting. */
  flush(stream: SSEStreamingApi): Promise<void>;
}

/**
 * The loop behind a server-sent event stream: a `ready` event, then whatever `flush` writes each
 * time `wake` is called, a heartbeat when quiet, until the browser goes, `maxMs` passes or the
 * process shuts down. Whoever produces events calls `wake` after queueing them.
 */
export class EventLoop {
  #wake: (() => void) | undefined;
  #open = true;

  readonly wake = (): void => this.#wake?.();

  async run(stream: SSEStreamingApi, o: EventLoopOptions): Promise<void> {
    const end = () => {
      this.#open = false;
      this.wake();
    };
    stream.onAbort(end);
    running.add(end);
    try {
      await stream.writeSSE({ event: 'ready', data: '{}', retry: o.retryMs });
      const started = Date.now();
      let quietSince = Date.now();
      while (this.#open && !stream.closed && Date.now() - started < o.maxMs) {
        if (!o.pending()) {
          const ms = Math.max(0, Math.min(o.heartbeatMs - (Date.now() - quietSince), o.maxMs - (Date.now() - started)));
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, ms);
            this.#wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.#wake = undefined;
        }
        if (!this.#open || stream.closed) break;
        if (o.pending()) {
          await o.flush(stream);
          quietSince = Date.now();
        }
        if (Date.now() - quietSince >= o.heartbeatMs) {
          await stream.write(': keep-alive\n\n');
          quietSince = Date.now();
        }
      }
    } finally {
      running.delete(end);
    }
  }
}
