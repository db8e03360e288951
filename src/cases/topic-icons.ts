import type { Api } from 'grammy';
import type { CaseStatus } from '../domain/case-states.ts';
import { safeError, type Logger } from '../log.ts';

/** Icons a case's topic may wear, by status, in order of preference among those Telegram offers. */
const WANTED: Record<CaseStatus, string[]> = {
  new: ['🔥', '❗', '⚡'],
  open: ['💬', '🗣'],
  waiting: ['💬', '🗣'],
  referred: ['➡️', '↪️', '💡'],
  closed: ['✅', '✔️'],
};

/**
 * Telegram lets bots set a topic's icon only from its own set (getForumTopicIconStickers); the
 * status icons are picked from whatever that set holds. A status with none keeps the name's mark only.
 */
export async function loadTopicIcons(api: Api, log: Logger): Promise<ReadonlyMap<string, string>> {
  const icons = new Map<string, string>();
  try {
    const stickers = await api.getForumTopicIconStickers();
    const byEmoji = new Map(stickers.filter((s) => s.emoji && s.custom_emoji_id).map((s) => [s.emoji!, s.custom_emoji_id!]));
    for (const [status, wanted] of Object.entries(WANTED)) {
      const id = wanted.map((e) => byEmoji.get(e)).find(Boolean);
      if (id) icons.set(status, id);
    }
  } catch (err) {
    log.warn({ event: 'topic_icons.unavailable', err: safeError(err) }, 'topic icons unavailable; names still show the status');
  }
  return icons;
}
