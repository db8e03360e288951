import type { BotCommand, BotCommandScope, File, Update, WebhookInfo } from 'grammy/types';
import type { Engine } from '../engine.ts';
import { E, badRequest } from '../../../bot-api/errors.ts';
import type { Params } from '../params.ts';
import type { CallbackAnswer } from '../state.ts';
import type { HandlerTable } from './types.ts';

const SECRET_RE = /^[A-Za-z0-9_-]{1,256}$/;

function allowedUpdates(p: Params): string[] | undefined {
  const v = p.json<unknown>('allowed_updates');
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw E.allowedUpdatesInvalid();
  return v as string[];
}

function scopeKey(p: Params): string {
  const scope = p.json<BotCommandScope>('scope') ?? { type: 'default' };
  if (!scope || typeof scope !== 'object' || typeof scope.type !== 'string') throw E.badObject('scope');
  const lang = p.str('language_code') ?? '';
  if (lang && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified');
  return JSON.stringify([scope, lang]);
}

function localized(map: Map<string, string>, p: Params): string {
  return map.get(p.str('language_code') ?? '') ?? map.get('') ?? '';
}

function setLocalized(map: Map<string, string>, p: Params, name: string, max: number): true {
  const v = p.str(name) ?? '';
  if (v.length > max) throw badRequest(`${name} is too long`);
  const lang = p.str('language_code') ?? '';
  if (v) map.set(lang, v);
  else map.delete(lang);
  return true;
}

export const botMethods: HandlerTable = {
  getMe: (e) => ({ ...e.botUser }),
  // Nothing to hand over in the sandbox; both succeed as on a real server.
  logOut: () => true,
  close: () => true,

  getUpdates: async (e, p, signal): Promise<Update[]> => {
    if (e.webhook.config) throw E.conflictWebhook();
    const allowed = allowedUpdates(p);
    if (allowed !== undefined) e.updates.allowed = allowed;
    const limit = Math.min(100, Math.max(1, p.int('limit') ?? 100));
    const timeout = Math.min(50, Math.max(0, p.int('timeout') ?? 0));
    return e.updates.poll(p.int('offset') ?? 0, limit, timeout, signal);
  },

  setWebhook: (e, p) => {
    const url = p.str('url') ?? '';
    if (p.has('certificate')) p.file('certificate');
    const secret = p.str('secret_token');
    if (secret !== undefined && secret !== '' && !SECRET_RE.test(secret)) throw E.secretTokenInvalid();
    const max = p.int('max_connections') ?? 40;
    if (max < 1 || max > 100) throw E.badWebhook('max_connections must be between 1 and 100');
    const allowed = allowedUpdates(p);
    if (p.bool('drop_pending_updates')) e.updates.clear();
    if (url === '') {
      e.webhook.remove();
      return true;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw E.badWebhook('invalid URL');
    }
    // Telegram demands HTTPS; the sandbox also accepts plain HTTP so a local bot can receive it.
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw E.badWebhook('An HTTPS URL must be provided for webhook');
    if (allowed !== undefined) e.updates.allowed = allowed;
    e.updates.release();
    const ip = p.str('ip_address');
    e.webhook.set({ url, secretToken: secret || undefined, maxConnections: max, allowedUpdates: allowed, ipAddress: ip || undefined });
    return true;
  },

  deleteWebhook: (e, p) => {
    if (p.bool('drop_pending_updates')) e.updates.clear();
    e.webhook.remove();
    return true;
  },

  getWebhookInfo: (e): WebhookInfo => {
    const cfg = e.webhook.config;
    const info: WebhookInfo = { url: cfg?.url ?? '', has_custom_certificate: false, pending_update_count: e.updates.size };
    if (cfg) {
      info.ip_address = cfg.ipAddress ?? '127.0.0.1';
      info.max_connections = cfg.maxConnections;
      if (e.updates.allowed && e.updates.allowed.length > 0) info.allowed_updates = [...e.updates.allowed] as WebhookInfo['allowed_updates'];
      if (e.webhook.lastErrorDate !== undefined) info.last_error_date = e.webhook.lastErrorDate;
      if (e.webhook.lastErrorMessage !== undefined) info.last_error_message = e.webhook.lastErrorMessage;
    }
    return info;
  },

  getFile: (e, p): File => {
    const id = p.str('file_id');
    if (!id) throw E.paramEmpty('file_id');
    const f = e.state.files.get(id);
    if (!f) throw E.invalidFileId();
    return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.data.length, file_path: f.path };
  },

  answerCallbackQuery: (e, p) => {
    const id = p.reqStr('callback_query_id');
    const rec = e.state.callbacks.get(id);
    // Unknown (also: pressed before a restart), answered already, or too old: all QUERY_ID_INVALID.
    if (!rec || rec.answered || e.now() - rec.at > e.callbackQueryTimeoutMs) throw E.queryTooOld();
    const text = p.str('text');
    if (text && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    const answer: CallbackAnswer = { at: e.now() };
    if (text) answer.text = text;
    const alert = p.bool('show_alert');
    if (alert !== undefined) answer.show_alert = alert;
    const url = p.str('url');
    if (url) answer.url = url;
    const cache = p.int('cache_time');
    if (cache !== undefined) answer.cache_time = cache;
    rec.answered = answer;
    e.emit('callback_answer', { id, ...answer });
    return true;
  },

  setMyCommands: (e, p) => {
    const commands = p.json<BotCommand[]>('commands');
    if (!Array.isArray(commands)) throw E.paramEmpty('commands');
    if (commands.length > 100) throw badRequest('too many commands');
    for (const c of commands) {
      if (!c || typeof c !== 'object' || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
      if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw badRequest('command description is empty or too long');
    }
    const key = scopeKey(p);
    if (commands.length === 0) e.state.commands.delete(key);
    else e.state.commands.set(key, commands.map((c) => ({ command: c.command, description: c.description })));
    return true;
  },

  getMyCommands: (e, p): BotCommand[] => [...(e.state.commands.get(scopeKey(p)) ?? [])],

  deleteMyCommands: (e, p) => {
    e.state.commands.delete(scopeKey(p));
    return true;
  },

  setMyName: (e, p) => setLocalized(e.state.names, p, 'name', 64),
  getMyName: (e, p) => ({ name: localized(e.state.names, p) || e.botUser.first_name }),
  setMyDescription: (e, p) => setLocalized(e.state.descriptions, p, 'description', 512),
  getMyDescription: (e, p) => ({ description: localized(e.state.descriptions, p) }),
  setMyShortDescription: (e, p) => setLocalized(e.state.shortDescriptions, p, 'short_description', 120),
  getMyShortDescription: (e, p) => ({ short_description: localized(e.state.shortDescriptions, p) }),
};
