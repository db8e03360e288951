import type { Update } from 'grammy/types';
import type { UpdateQueue } from './updates.ts';

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  ipAddress?: string;
}

export interface WebhookRetry {
  /** first delay after a failed delivery; doubles per failure */
  baseMs: number;
  maxMs: number;
  /** how long to wait for the bot's answer */
  timeoutMs: number;
}

/**
 * Pushes queued updates to the webhook URL one at a time, in order, with the secret
 * header, and retries with backoff until the bot answers 2xx. Only the configured URL is
 * ever contacted.
 */
export class WebhookDelivery {
  config: WebhookConfig | undefined;
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;
  private running = false;
  private closed = false;
  private inflight: AbortController | undefined;
  private sleeping: { timer: NodeJS.Timeout; wake: () => void } | undefined;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly now: () => number,
    private readonly retry: WebhookRetry,
    private readonly onReply: (body: Record<string, unknown>) => Promise<void>,
  ) {}

  set(config: WebhookConfig): void {
    this.config = config;
    this.lastErrorDate = undefined;
    this.lastErrorMessage = undefined;
    this.wakeUp();
    this.kick();
  }

  remove(): void {
    this.config = undefined;
    this.inflight?.abort();
    this.wakeUp();
  }

  close(): void {
    this.closed = true;
    this.remove();
  }

  kick(): void {
    if (this.running || this.closed || !this.config || this.queue.size === 0) return;
    void this.run();
  }

  private wakeUp(): void {
    const s = this.sleeping;
    if (s) {
      clearTimeout(s.timer);
      this.sleeping = undefined;
      s.wake();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleeping = { timer: setTimeout(() => ((this.sleeping = undefined), resolve()), ms), wake: resolve };
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    let delay = this.retry.baseMs;
    try {
      while (!this.closed && this.config && this.queue.size > 0) {
        const cfg = this.config;
        const update = this.queue.peek() as Update;
        const error = await this.deliver(cfg, update);
        if (this.config !== cfg) continue; // webhook changed or removed meanwhile
        if (error === undefined) {
          if (this.queue.peek() === update) this.queue.shift();
          delay = this.retry.baseMs;
          continue;
        }
        this.lastErrorDate = Math.floor(this.now() / 1000);
        this.lastErrorMessage = error;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.retry.maxMs);
      }
    } finally {
      this.running = false;
    }
    if (!this.closed && this.config && this.queue.size > 0) this.kick();
  }

  /** Returns undefined on success, else Telegram-style last_error_message. */
  private async deliver(cfg: WebhookConfig, update: Update): Promise<string | undefined> {
    const ctrl = new AbortController();
    this.inflight = ctrl;
    const timer = setTimeout(() => ctrl.abort(new Error('timeout')), this.retry.timeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (cfg.secretToken) headers['x-telegram-bot-api-secret-token'] = cfg.secretToken;
    try {
      const res = await fetch(cfg.url, { method: 'POST', headers, body: JSON.stringify(update), signal: ctrl.signal, redirect: 'manual' });
      const text = await res.text();
      if (res.status < 200 || res.status > 299) {
        return `Wrong response from the webhook: ${res.status} ${res.statusText}`.trim();
      }
      // Telegram executes a Bot API call placed in the webhook answer.
      if (text && (res.headers.get('content-type') ?? '').includes('application/json')) {
        try {
          const body = JSON.parse(text) as unknown;
          if (body && typeof body === 'object' && typeof (body as Record<string, unknown>).method === 'string') {
            await this.onReply(body as Record<string, unknown>);
          }
        } catch {
          // an unparseable answer body is ignored, as Telegram does
        }
      }
      return undefined;
    } catch (e) {
      if (ctrl.signal.aborted && ctrl.signal.reason instanceof Error && ctrl.signal.reason.message === 'timeout') {
        return 'Read timeout expired';
      }
      const code = (e as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED') return 'Connection refused';
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Failed to resolve host: ${new URL(cfg.url).hostname}`;
      if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'Connection reset by peer';
      return 'Connection failed';
    } finally {
      clearTimeout(timer);
      if (this.inflight === ctrl) this.inflight = undefined;
    }
  }
}
