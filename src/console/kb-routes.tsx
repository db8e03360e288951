import type { Hono } from 'hono';
import type { ConsoleEnv } from './app.tsx';
import type { RoutesContext } from './routes-context.ts';

/** /kb: the knowledge-base editor and its verification workflow. */
export function registerKbRoutes(_app: Hono<ConsoleEnv>, _x: RoutesContext): void {}
