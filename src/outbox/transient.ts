/**
 * Whether an error means the network or the database could not be reached (and trying again later
 * will work), rather than a bug that would fail the same way every time. It looks through the
 * wrappers drivers add (`cause`): Node's socket errors, PostgreSQL's connection-exception (08),
 * operator-intervention (57P, a server shutting down) and insufficient-resources (53) states.
 */
export function isConnectionError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || /^(08|57P|53)/.test(code))) return true;
    if (typeof message === 'string' && /connection terminated|connection refused|socket hang up|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message)) return true;
  }
  return false;
}
