import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { safeError } from '../log.ts';

/**
 * The running server's control socket: a Unix socket in DATA_DIR (mode 0600) through which
 * `netreach keys …` and `netreach backup` ask the server to do the work. The embedded database
 * cannot be opened by a second process while the server runs, and the server's keys must change
 * with the data. Whoever can open DATA_DIR already holds the key, so the socket asks for nothing more.
 *
 * One request per connection, a JSON line `{"cmd", "args"}`; the answer is JSON lines of
 * `{"progress"}` and a last `{"ok", "result" | "error"}`.
 */
export const CONTROL_SOCKET = 'netreach.sock';

export type ControlHandler = (args: Record<string, unknown>, progress: (p: unknown) => void) => Promise<unknown>;

export interface Control {
  path: string;
  close(): Promise<void>;
}

export async function startControl(dataDir: string, handlers: Record<string, ControlHandler>, log: Logger): Promise<Control | undefined> {
  const path = join(dataDir, CONTROL_SOCKET);
  if (await answers(path)) {
    log.warn({ event: 'control.in_use' }, `another server answers on DATA_DIR/${CONTROL_SOCKET}: this one has no control socket`);
    return undefined;
  }
  rmSync(path, { force: true });
  const server: Server = createServer((socket) => {
    let buffered = '';
    socket.setEncoding('utf8');
    const send = (o: unknown) => {
      if (!socket.destroyed) socket.write(JSON.stringify(o) + '\n');
    };
    socket.on('error', () => {});
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) {
        if (buffered.length > 64_000) socket.destroy();
        return;
      }
      socket.removeAllListeners('data');
      let req: { cmd?: unknown; args?: unknown };
      try {
        req = JSON.parse(buffered.slice(0, nl)) as typeof req;
      } catch {
        send({ ok: false, error: 'not a JSON request' });
        socket.end();
        return;
      }
      const handler = typeof req.cmd === 'string' && Object.hasOwn(handlers, req.cmd) ? handlers[req.cmd] : undefined;
      if (!handler) {
        send({ ok: false, error: `unknown command ${JSON.stringify(req.cmd)}` });
        socket.end();
        return;
      }
      log.info({ event: 'control.request', cmd: req.cmd }, 'control request');
      // The work goes on if the command that asked is stopped (a rotation runs to its end).
      handler((req.args ?? {}) as Record<string, unknown>, (p) => send({ progress: p })).then(
        (result) => {
          send({ ok: true, result });
          socket.end();
        },
        (err: unknown) => {
          log.warn({ event: 'control.failed', cmd: req.cmd, err: safeError(err) }, 'control request failed');
          send({ ok: false, error: err instanceof Error ? err.message : String(err) });
          socket.end();
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Created with no access for others from the first instant, then made explicit.
    const mask = process.umask(0o177);
    try {
      server.listen(path, () => resolve());
    } finally {
      process.umask(mask);
    }
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}

/** Whether a server answers on the socket at `path` (a file left by a crash does not). */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
