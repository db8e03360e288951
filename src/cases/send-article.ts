import { eq } from 'drizzle-orm';
import type { Locale } from '../config.ts';
import type { ContentLibrary } from '../content/library.ts';
import { cases, clients } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { consoleMark, type Actor } from './actor.ts';
import { clientAddress, toClient } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { recordMessage } from './message-store.ts';
import { postInTopic } from './topics.ts';

export type ArticleResult = 'ok' | 'not-found' | 'closed' | 'unverified';

/**
 * Sends the client a verified article in their language (/kb, or the console), records which
 * version went out, and tells the topic. The library holds verified texts only, so 'unverified'
 * means there is none to send.
 */
export async function sendArticle(
  d: CaseDeps & { content: Pick<ContentLibrary, 'render' | 'titles' | 'versionOf'> },
  actor: Actor,
  input: { caseId: number; slug: string },
): Promise<ArticleResult> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return 'not-found';
  if (kase.status === 'closed') return 'closed';
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  if (!client) return 'not-found';
  const locale = client.locale as Locale;
  const text = d.content.render(input.slug, locale);
  if (!text) return 'unverified';
  const to = clientAddress(d, client);
  await d.api.sendMessage(to.chatId, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...toClient(to) });
  const version = d.content.versionOf(input.slug, locale);
  await recordMessage(d, { caseId: kase.id, direction: 'staff', kind: 'article', body: `kb:${input.slug}`, actor, eventData: { slug: input.slug, ...version } });
  d.log.info({ event: 'case.article_sent', case: kase.id, article: input.slug }, 'article sent');
  await postInTopic(d, kase, t(d.staffLocale, 'staff-kb-sent', { title: d.content.titles([input.slug], locale)[0]?.title ?? input.slug }) + consoleMark(d, actor));
  return 'ok';
}
