import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON-lines logger. Callers pass only counts, case numbers, update ids and error codes: never
 * message text, Telegram ids, usernames or names. `safeError` exists because library errors
 * (grammY's carries the request payload, i.e. chat ids and text) must not be logged whole.
 */
export function createLogger(destination?: DestinationStream, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? pino.destination(1));
}

export function safeError(err: unknown): { name: string; code?: string | number; description?: string; method?: string } {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; error_code?: unknown; description?: unknown; method?: unknown; code?: unknown; message?: unknown };
    if (typeof e.error_code === 'number') {
      // GrammyError: the description is Telegram's fixed wording ("Forbidden: bot was blocked by the user").
      return { name: 'TelegramError', code: e.error_code, description: String(e.description ?? ''), method: String(e.method ?? '') };
    }
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined;
    // Messages can quote input: JSON.parse quotes the text it failed on, Drizzle appends the query's
    // parameters. Keep only what cannot carry it.
    const description =
      name === 'SyntaxError' || typeof e.message !== 'string' ? undefined : e.message.split('\nparams:')[0]!.slice(0, 200);
    return { name, code, description };
  }
  return { name: typeof err };
}
