import { DrizzleQueryError } from 'drizzle-orm';
import { BotError, GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { classifyFailure, loggableCause, retryDelay } from './failure.ts';

const telegram = (error_code: number, description: string, retry_after?: number) =>
  new GrammyError('Call to copyMessage failed!', { ok: false, error_code, description, parameters: retry_after ? { retry_after } : {} }, 'copyMessage', {});
const pgError = (code: string) => Object.assign(new Error('terminating connection due to administrator command'), { code, severity: 'FATAL' });
const sysError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
// What a handler's failure looks like by the time it reaches the inbox: grammY wraps it in a BotError.
const fromHandler = (err: unknown) => new BotError(err, {} as never);
const fromQuery = (err: unknown) => new DrizzleQueryError('select 1', [], err as Error);

describe('transient or permanent', () => {
  it('reads an unreachable database, a cut connection and a restarting server as transient, however wrapped', () => {
    for (const err of [
      sysError('ECONNREFUSED'),
      sysError('ECONNRESET'),
      sysError('ETIMEDOUT'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNREFUSED')]),
      pgError('57P01'),
      pgError('57P03'),
      pgError('08006'),
      pgError('53300'),
      pgError('40001'),
      pgError('40P01'),
    ]) {
      expect(classifyFailure(err), String(err)).toMatchObject({ transient: true });
      expect(classifyFailure(fromHandler(fromQuery(err))), String(err)).toMatchObject({ transient: true });
    }
  });

  it('reads Telegram 5xx, 429 and an unreachable Telegram as transient, a 429 with its wait', () => {
    expect(classifyFailure(fromHandler(telegram(502, 'Bad Gateway')))).toEqual({ transient: true, waitMs: 0, label: 'TelegramError 502: Bad Gateway' });
    expect(classifyFailure(fromHandler(telegram(429, 'Too Many Requests: retry after 900', 900)))).toMatchObject({ transient: true, waitMs: 900_000 });
    expect(classifyFailure(fromHandler(new HttpError('Network request for copyMessage failed!', sysError('ECONNRESET'))))).toMatchObject({ transient: true });
  });

  it('reads bugs, refusals and broken data as permanent', () => {
    expect(classifyFailure(fromHandler(new TypeError("Cannot read properties of undefined (reading 'id')")))).toEqual({ transient: false, label: 'TypeError' });
    expect(classifyFailure(fromHandler(telegram(400, 'Bad Request: message to copy not found')))).toEqual({
      transient: false,
      label: 'TelegramError 400: Bad Request: message to copy not found',
    });
    expect(classifyFailure(telegram(403, 'Forbidden: bot was blocked by the user'))).toMatchObject({ transient: false });
    // A unique violation or a bad value is the statement's fault, whichever connection ran it.
    expect(classifyFailure(fromQuery(pgError('23505')))).toEqual({ transient: false, label: 'Error 23505' });
    expect(classifyFailure(fromQuery(pgError('22P02')))).toMatchObject({ transient: false });
    expect(classifyFailure(new RangeError('Maximum call stack size exceeded'))).toEqual({ transient: false, label: 'RangeError' });
    // A code that only looks like a SQLSTATE is not one.
    expect(classifyFailure(Object.assign(new Error('x'), { code: '08006' }))).toMatchObject({ transient: false });
    for (const odd of [null, undefined, 'a string', 42, {}]) expect(classifyFailure(odd)).toMatchObject({ transient: false });
  });

  it('labels with names and codes only, never a message that could quote someone', () => {
    const quoting = new TypeError('"мой секрет".foo is not a function');
    expect(classifyFailure(fromHandler(quoting)).label).toBe('TypeError');
    expect(classifyFailure(fromQuery(Object.assign(new Error('invalid input syntax for type integer: "мой секрет"'), { code: '22P02', severity: 'ERROR' }))).label).toBe(
      'Error 22P02',
    );
  });

  it('backs off doubling up to its cap, jittered', () => {
    const policy = { firstMs: 250, maxMs: 5000 };
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 50].map((a) => retryDelay(a, policy, mid))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(retryDelay(6, policy, () => 0)).toBe(4000);
    expect(retryDelay(6, policy, () => 0.999)).toBeLessThanOrEqual(6000);
  });
});
