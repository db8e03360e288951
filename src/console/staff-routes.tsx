import type { Hono } from 'hono';
import type { ConsoleEnv } from './app.tsx';
import type { RoutesContext } from './routes-context.ts';

/** /staff: accounts and roles; /audit: the audit log. */
export function registerStaffRoutes(_app: Hono<ConsoleEnv>, _x: RoutesContext): void {}
