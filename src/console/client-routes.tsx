import type { Hono } from 'hono';
import type { ConsoleEnv } from './app.tsx';
import type { RoutesContext } from './routes-context.ts';

/** /clients: pseudonyms and their case history. */
export function registerClientRoutes(_app: Hono<ConsoleEnv>, _x: RoutesContext): void {}
