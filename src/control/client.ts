import { connect } from 'node:net';
import { join } from 'node:path';
import { CONTROL_SOCKET } from './server.ts';

export type ControlAnswer = { reached: false } | { reached: true; ok: true; result: unknown } | { reached: true; ok: false; error: string };

/**
 * Asks the server running on `dataDir` to do `cmd`. `reached: false` when no server answers (no
 * socket, or one left by a crash): the caller may then open the database itself.
 */
export function askServer(dataDir: string, cmd: string, args: Record<string, unknown>, onProgress: (p: unknown) => void = () => {}): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(join(dataDir, CONTROL_SOCKET));
    let connected = false;
    let buffered = '';
    let answered = false;
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      connected = true;
      socket.write(JSON.stringify({ cmd, args }) + '\n');
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const msg = JSON.parse(line) as { progress?: unknown; ok?: boolean; result?: unknown; error?: string };
        if ('progress' in msg) onProgress(msg.progress);
        else {
          answered = true;
          resolve(msg.ok ? { reached: true, ok: true, result: msg.result } : { reached: true, ok: false, error: msg.error ?? 'failed' });
        }
      }
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) resolve({ reached: false });
      else reject(err);
    });
    socket.once('close', () => {
      if (connected && !answered) reject(new Error('the server closed the control connection without an answer (did it stop?)'));
    });
  });
}
