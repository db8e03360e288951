import { GrammyError, HttpError } from 'grammy';
import { safeError } from '../log.ts';

/**
 * What a failed try means for the update behind it.
 *
 * - `transient`: the world was not ready (the database unreachable, a connection cut, Telegram
 *   answering 5xx or 429, the network down). Retried for as long as it lasts, the chat's later
 *   updates waiting behind it; `waitMs` is the least wait the other side asked for (429).
 * - `permanent`: anything else — a bug (TypeError), Telegram refusing the call (4xx), a constraint
 *   the data breaks. Trying again gives the same answer, so after a few tries the update is parked
 *   and the chat goes on.
 *
 * `label` is what the inbox row records as its last error: names and codes only (and Telegram's
 * fixed description), never a message that could quote someone's words.
 */
export type Failure = { transient: true; waitMs: number; label: string } | { transient: false; label: string };

/** Node and undici codes for a connection that failed or broke: the other side may be back soon. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * PostgreSQL SQLSTATEs that describe the server or the moment, not the statement: connection
 * exceptions (08), insufficient resources (53, e.g. too many connections), the server shutting
 * down or restarting (57P01–57P05), a statement cancelled by a timeout (57014), and the
 * concurrency outcomes that succeed when run again (40001 serialization, 40P01 deadlock,
 * 55P03 lock not available).
 */
function isTransientSqlState(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || /^57P0[1-5]$/.test(code) || ['57014', '40001', '40P01', '55P03'].includes(code);
}

/** node-postgres reports a lost or unobtainable connection as a plain Error with one of these messages. */
const PG_CONNECTION_MESSAGE = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

/** PGlite closing under a running query: only while the process stops, and the update stays pending. */
const PGLITE_CLOSED_MESSAGE = /^PGlite is closed/;

export function classifyFailure(err: unknown): Failure {
  const chain = causes(err);
  const label = labelOf(chain);
  for (const e of chain) {
    if (e instanceof GrammyError) {
      if (e.error_code === 429) return { transient: true, waitMs: (e.parameters.retry_after ?? 1) * 1000, label };
      if (e.error_code >= 500) return { transient: true, waitMs: 0, label };
      return { transient: false, label };
    }
    // grammY could not reach Telegram at all; what it wraps says why, and any of it is the network's doing.
    if (e instanceof HttpError) return { transient: true, waitMs: 0, label };
    const code = codeOf(e);
    if (code !== undefined && NETWORK_CODES.has(code)) return { transient: true, waitMs: 0, label };
    if (code !== undefined && /^[0-9A-Z]{5}$/.test(code) && 'severity' in (e as object)) {
      // A PostgreSQL answer: its SQLSTATE decides, whatever wraps it.
      return isTransientSqlState(code) ? { transient: true, waitMs: 0, label } : { transient: false, label };
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && (PG_CONNECTION_MESSAGE.test(message) || PGLITE_CLOSED_MESSAGE.test(message))) return { transient: true, waitMs: 0, label };
  }
  return { transient: false, label };
}

/** The wait before try `attempt` + 1 (attempt ≥ 1): doubling from `firstMs` up to `maxMs`, ±20 % so retries do not move in step. */
export function retryDelay(attempt: number, policy: { firstMs: number; maxMs: number }, random = Math.random): number {
  const base = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The error and what it wraps, outermost first: grammY's BotError and HttpError keep theirs in
 * `error`, Drizzle's query error and others in `cause`, a failed dual-stack connect in `errors`.
 */
function causes(err: unknown): object[] {
  const out: object[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 16) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || out.includes(e)) continue;
    out.push(e);
    const inner = e as { error?: unknown; cause?: unknown; errors?: unknown };
    if (inner.error instanceof Error) queue.push(inner.error);
    if (inner.cause !== undefined) queue.push(inner.cause);
    if (Array.isArray(inner.errors)) queue.push(...inner.errors.slice(0, 4));
  }
  return out;
}

function codeOf(e: object): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * For the log: the innermost error that is not a mere wrapper (grammY's BotError and HttpError,
 * Drizzle's query error), as `safeError` gives it; a PostgreSQL error without its message, which
 * can quote a value ("invalid input syntax for type integer: …").
 */
export function loggableCause(err: unknown): ReturnType<typeof safeError> {
  const e = innermost(causes(err));
  if (!e) return safeError(err);
  const logged = safeError(e);
  return 'severity' in e ? { name: logged.name, code: logged.code } : logged;
}

function innermost(chain: object[]): object | undefined {
  const telegram = chain.find((e) => e instanceof GrammyError);
  if (telegram) return telegram;
  const wrappers = new Set(['BotError', 'HttpError']);
  return chain.filter((e) => !wrappers.has(nameOf(e)) && !(e as { query?: unknown }).query).at(-1) ?? chain.at(-1);
}

/** Names and codes of the innermost error that is not a mere wrapper (and Telegram's fixed description). */
function labelOf(chain: object[]): string {
  const e = innermost(chain);
  if (!e) return 'unknown';
  if (e instanceof GrammyError) return `TelegramError ${e.error_code}: ${String(e.description).slice(0, 120)}`;
  const code = (e as { code?: unknown }).code;
  return `${nameOf(e)}${typeof code === 'string' || typeof code === 'number' ? ` ${code}` : ''}`;
}

function nameOf(e: object): string {
  const name = (e as { name?: unknown }).name;
  return typeof name === 'string' ? name.slice(0, 60) : 'Error';
}
