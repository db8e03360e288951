/**
 * What the Bot API said when it refused a call, read from the error the API client throws (an
 * `error_code` and a `description`, as Telegram sends them), so the case actions need no
 * Telegram library types.
 */
export function apiError(err: unknown): { code: number; description: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { error_code?: unknown; description?: unknown };
  return typeof e.error_code === 'number' ? { code: e.error_code, description: typeof e.description === 'string' ? e.description : '' } : undefined;
}

/** A refusal that retrying will not change (a 4xx other than 429): the message is recorded as not delivered. */
export function isFinalRefusal(err: unknown): boolean {
  const e = apiError(err);
  return e !== undefined && e.code >= 400 && e.code < 500 && e.code !== 429;
}

/** The client blocked the bot (or deleted their account): 403 from their private chat. */
export function isBlocked(err: unknown): boolean {
  return apiError(err)?.code === 403;
}

/** Telegram's answer to an edit that changes nothing: the message already says it. */
export function isNotModified(err: unknown): boolean {
  const e = apiError(err);
  return e?.code === 400 && /message is not modified/i.test(e.description);
}
