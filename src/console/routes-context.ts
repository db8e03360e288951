import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Db } from '../db/open.ts';
import { taxonomyOf } from '../domain/taxonomy.ts';
import type { Logger } from '../log.ts';
import type { SettingsStore } from '../organisation/settings-store.ts';
import type { Vault } from '../privacy/vault.ts';
import type { ConsoleEnv } from './app.tsx';
import type { ConsoleBotDeps } from './cases/routes.tsx';
import type { CommunityDeps } from '../community/deps.ts';
import type { LiveOptions } from './cases/live.ts';
import { requires, type Action } from './policy.ts';
import type { Chrome } from './frame/chrome.tsx';
import { page } from './frame/layout.tsx';

/** What every group of signed-in console routes gets from `createConsoleApp`. */
export interface RoutesContext {
  db: Db;
  vault: Vault;
  log: Logger;
  /** Where the console is mounted: `/console`. */
  base: string;
  now: () => Date;
  /** The bot's deps (Bot API, staff group, settings, content); undefined until the bot has started. */
  bot?: () => ConsoleBotDeps | undefined;
  /** The community chat's deps; undefined when the chat is not configured (or the bot has not started). */
  community?: () => CommunityDeps | undefined;
  live?: LiveOptions;
  /** The organisation's settings in force; the settings pages save new versions into it. */
  settings?: SettingsStore;
  /** Sends a session that is not fully signed in to its next step. */
  signedIn: MiddlewareHandler<ConsoleEnv>;
  /** The 403 page. */
  forbidden: (c: Context) => Response;
  /** This request's CSRF token for forms. */
  csrf: (c: Context<ConsoleEnv>) => string;
}

export const LIVE_SCRIPT_PATH = '/static/live.js';
/** The case-work pages' own script: the `js` class, focus on the flash, keys in the inbox, the newest message in view. */
export const FRAME_SCRIPT_PATH = '/static/frame.js';

/** Lets the request through only when the signed-in account's role may do `action` (policy.ts). */
export function guard(x: Pick<RoutesContext, 'forbidden'>, action: Action): MiddlewareHandler<ConsoleEnv> {
  return requires(action, { onForbidden: x.forbidden }) as unknown as MiddlewareHandler<ConsoleEnv>;
}

export function render(c: Context<ConsoleEnv>, node: unknown, status: ContentfulStatusCode = 200): Response {
  return c.html(page(node as never), status) as Response;
}

/** The header, links and formats every signed-in page shares. */
export function chromeOf(x: Pick<RoutesContext, 'base' | 'csrf'> & { bot?: () => Pick<ConsoleBotDeps, 'settings'> | undefined }, c: Context<ConsoleEnv>): Chrome {
  const settings = x.bot?.()?.settings;
  return {
    locale: c.get('locale'),
    base: x.base,
    csrf: x.csrf(c),
    account: c.get('account')!,
    timeZone: settings?.timeZone ?? 'UTC',
    taxonomy: taxonomyOf(settings ?? {}),
    liveScript: `${x.base}${LIVE_SCRIPT_PATH}`,
    path: backPath(c),
  };
}

/**
 * Where a form in the header comes back to: this page (without the last action's `done=` flash),
 * or nothing after a POST, whose address is no page to return to.
 */
function backPath(c: Context<ConsoleEnv>): string | undefined {
  if (c.req.method !== 'GET') return undefined;
  const url = new URL(c.req.url);
  url.searchParams.delete('done');
  return `${url.pathname}${url.search}`;
}

/** A form field as a string of at most `max` characters ('' when absent or a file). */
export function fieldString(v: unknown, max: number): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}
