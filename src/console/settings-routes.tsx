import type { Hono } from 'hono';
import type { ConsoleEnv } from './app.tsx';
import type { RoutesContext } from './routes-context.ts';

/** /settings: the organisation's settings. */
export function registerSettingsRoutes(_app: Hono<ConsoleEnv>, _x: RoutesContext): void {}
