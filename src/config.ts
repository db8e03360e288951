import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The configuration contract of PRODUCT.md, validated once at start. Every mistake becomes one line
 * that names the variable and says what is expected, so an operator can fix it without reading code.
 */
export type Mode = 'telegram' | 'sandbox';
export type Locale = 'ru' | 'en';

export interface Config {
  mode: Mode;
  telegram: {
    token?: string;
    apiRoot: string;
    staffChatId?: number;
    communityChatId?: number;
    channelId?: number | string;
    webhookUrl?: URL;
  };
  databaseUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  defaultLocale: Locale;
  secretKey?: string;
  /** Bearer token for /metrics; without it /metrics answers only on this machine. */
  metricsToken?: string;
  /** Reverse proxies whose X-Forwarded-For / -Proto / -Host are believed (none by default). */
  trustedProxies: ProxyRange[];
  /** The anonymous web chat served alone on its own address (e.g. for an onion service); it is at /chat on the main server either way. */
  chat?: { host: string; port: number };
}

/** One entry of TRUSTED_PROXIES: an address (a range of one) or a CIDR range. */
export interface ProxyRange {
  address: string;
  prefix: number;
  family: 4 | 6;
}

/**
 * TRUSTED_PROXIES: addresses or CIDR ranges separated by commas (spaces allowed), e.g.
 * `127.0.0.1, 10.0.0.0/8, ::1`. The entries it cannot read come back in `bad`, as written.
 */
export function parseProxyList(text: string): { ranges: ProxyRange[]; bad: string[] } {
  const ranges: ProxyRange[] = [];
  const bad: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const m = /^([^/\s%]+)(?:\/(\d{1,3}))?$/.exec(entry);
    const family = m ? isIP(m[1]!) : 0;
    const max = family === 4 ? 32 : 128;
    const prefix = m?.[2] === undefined ? max : Number(m[2]);
    // A range of every address (/0) would believe anyone's headers: a mistake, not a setting.
    if (!m || (family !== 4 && family !== 6) || prefix < 1 || prefix > max) bad.push(entry);
    else ranges.push({ address: m[1]!.toLowerCase(), prefix, family });
  }
  return { ranges, bad };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

const TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,}$/;
const SUPERGROUP_ID = /^-100\d{5,}$/;
const CHAT_ID = /^-?\d{1,20}$/;
const CHANNEL_USERNAME = /^@[A-Za-z][A-Za-z0-9_]{3,31}$/;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const httpUrl = (name: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, `${name} must be an http(s) URL, e.g. https://api.telegram.org`);

const schema = z.object({
  TELEGRAM_BOT_TOKEN: opt(z.string().regex(TOKEN, 'TELEGRAM_BOT_TOKEN must look like 123456789:AA… (the token @BotFather gives)')),
  TELEGRAM_API_ROOT: opt(httpUrl('TELEGRAM_API_ROOT')),
  STAFF_CHAT_ID: opt(z.string().regex(SUPERGROUP_ID, 'STAFF_CHAT_ID must be the numeric id of a forum supergroup, e.g. -1001234567890')),
  COMMUNITY_CHAT_ID: opt(z.string().regex(SUPERGROUP_ID, 'COMMUNITY_CHAT_ID must be the numeric id of a supergroup, e.g. -1001234567890')),
  CHANNEL_ID: opt(
    z.string().refine((v) => CHAT_ID.test(v) || CHANNEL_USERNAME.test(v), 'CHANNEL_ID must be a numeric chat id (-100…) or a public @username'),
  ),
  DATABASE_URL: opt(
    z.string().refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, 'DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/dbname (leave it unset for the embedded database)'),
  ),
  DATA_DIR: opt(z.string()),
  HOST: opt(z.string().regex(/^[A-Za-z0-9.:\-\[\]]+$/, 'HOST must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0')),
  CHAT_HOST: opt(z.string().regex(/^[A-Za-z0-9.:\-\[\]]+$/, 'CHAT_HOST must be a host name or IP address, e.g. 127.0.0.1 (for an onion service)')),
  CHAT_PORT: opt(
    z.string().refine((v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535, 'CHAT_PORT must be a whole number from 1 to 65535, e.g. 3001'),
  ),
  PORT: opt(
    z.string().refine((v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, 'PORT must be a whole number from 0 to 65535'),
  ),
  WEBHOOK_URL: opt(
    z.string().refine((v) => {
      try {
        return new URL(v).protocol === 'https:' || new URL(v).protocol === 'http:';
      } catch {
        return false;
      }
    }, 'WEBHOOK_URL must be the public https URL Telegram will post updates to, e.g. https://netreach.example.org/telegram/webhook'),
  ),
  DEFAULT_LOCALE: opt(z.enum(['ru', 'en'], { message: 'DEFAULT_LOCALE must be ru or en' })),
  NETREACH_SECRET_KEY: opt(z.string().min(32, 'NETREACH_SECRET_KEY must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)')),
  METRICS_TOKEN: opt(
    z.string().regex(/^[\x21-\x7e]{16,}$/, 'METRICS_TOKEN must be at least 16 visible characters with no spaces (e.g. the output of `openssl rand -hex 24`)'),
  ),
  TRUSTED_PROXIES: opt(
    z.string().superRefine((v, ctx) => {
      const { bad } = parseProxyList(v);
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `TRUSTED_PROXIES must list the reverse proxies' IP addresses or CIDR ranges, separated by commas (e.g. 127.0.0.1 or 10.0.0.0/8, ::1); not understood: ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
        });
      }
    }),
  ),
});

/** Parses an environment; never throws. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = schema.safeParse(env);
  const errors = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'configuration');
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      });
  // Rules across variables are checked on the raw values too, so one run reports every mistake.
  const has = (name: string) => blankToUndefined(env[name]) !== undefined;
  if (has('TELEGRAM_BOT_TOKEN') && !has('STAFF_CHAT_ID')) {
    errors.push('STAFF_CHAT_ID is required when TELEGRAM_BOT_TOKEN is set: the id of the forum supergroup where staff work, e.g. -1001234567890');
  }
  if (!has('TELEGRAM_BOT_TOKEN') && has('WEBHOOK_URL')) {
    errors.push('WEBHOOK_URL needs TELEGRAM_BOT_TOKEN: the sandbox has no webhook (unset WEBHOOK_URL or set the token)');
  }
  if (has('CHAT_HOST') && !has('CHAT_PORT')) {
    errors.push('CHAT_HOST needs CHAT_PORT: the port the web chat alone listens on, e.g. CHAT_PORT=3001');
  }
  const chatHost = blankToUndefined(env.CHAT_HOST) ?? '127.0.0.1';
  if (has('CHAT_PORT') && Number(env.CHAT_PORT) === Number(blankToUndefined(env.PORT) ?? 3000) && chatHost === (blankToUndefined(env.HOST) ?? '127.0.0.1')) {
    errors.push('CHAT_PORT must differ from PORT: the web chat alone is served on its own address (the main server has it at /chat already)');
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const e = parsed.data;

  const config: Config = {
    mode: e.TELEGRAM_BOT_TOKEN ? 'telegram' : 'sandbox',
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: (e.TELEGRAM_API_ROOT ?? 'https://api.telegram.org').replace(/\/+$/, ''),
      staffChatId: e.STAFF_CHAT_ID ? Number(e.STAFF_CHAT_ID) : undefined,
      communityChatId: e.COMMUNITY_CHAT_ID ? Number(e.COMMUNITY_CHAT_ID) : undefined,
      channelId: e.CHANNEL_ID ? (CHAT_ID.test(e.CHANNEL_ID) ? Number(e.CHANNEL_ID) : e.CHANNEL_ID) : undefined,
      webhookUrl: e.WEBHOOK_URL ? new URL(e.WEBHOOK_URL) : undefined,
    },
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR ?? './data',
    host: e.HOST ?? '127.0.0.1',
    port: e.PORT === undefined ? 3000 : Number(e.PORT),
    defaultLocale: e.DEFAULT_LOCALE ?? 'ru',
    secretKey: e.NETREACH_SECRET_KEY,
    metricsToken: e.METRICS_TOKEN,
    trustedProxies: e.TRUSTED_PROXIES ? parseProxyList(e.TRUSTED_PROXIES).ranges : [],
    chat: e.CHAT_PORT ? { host: e.CHAT_HOST ?? '127.0.0.1', port: Number(e.CHAT_PORT) } : undefined,
  };
  return { ok: true, config };
}

/** Reads `.env` from the working directory (if any) without overriding the real environment. */
export function readDotEnv(path = '.env'): Record<string, string> {
  const out: Record<string, string> = {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    // A missing .env is normal; only its content can be wrong.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`.env line ${i + 1}: expected NAME=value`);
    let value = m[2] ?? '';
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}

