import { and, eq, sql } from 'drizzle-orm';
import { cases, clients } from '../db/schema/index.ts';
import { nextStatus, STATUS_MARK, type CaseEvent, type CaseStatus } from '../domain/case-states.ts';
import { t } from '../i18n/index.ts';
import { safeError } from '../log.ts';
import type { Case } from './case-store.ts';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './deps.ts';
import { recordEvent } from './timeline.ts';
import { cancelFollowUps } from '../emergency/follow-ups.ts';

/** Who a case's topic is about, as the staff group names them: the pseudonym, and 🌐 for the web chat. */
export interface TopicClient {
  pseudonym: string;
  channel: string;
}

export const topicClientColumns = { pseudonym: clients.pseudonym, channel: clients.channel };

export function topicName(d: Pick<CaseDeps, 'staffLocale'>, kase: Pick<Case, 'id' | 'status'>, client: TopicClient): string {
  const web = client.channel === 'web' ? '🌐 ' : '';
  return `${STATUS_MARK[kase.status as CaseStatus] ?? ''} ${web}${t(d.staffLocale, 'topic-name', { case: kase.id, pseudonym: client.pseudonym })}`.trim();
}

/** The topic's first message: the case, the client, and how to work in it (and where a web client reads the answers). */
export function topicHeader(d: Pick<CaseDeps, 'staffLocale'>, kase: Pick<Case, 'id'>, client: TopicClient): string {
  const header = t(d.staffLocale, 'staff-case-header', { case: kase.id, pseudonym: client.pseudonym });
  return client.channel === 'web' ? `🌐 ${t(d.staffLocale, 'staff-case-header-web')}\n${header}` : header;
}

/**
 * Moves a case by an event of the lifecycle in `domain/case-states.ts`; returns the updated case,
 * or undefined when the event does not apply in its status (or someone changed it meanwhile).
 * The topic's name follows the status.
 */
export async function applyEvent(d: CaseDeps, kase: Case, event: CaseEvent, changes: Partial<typeof cases.$inferInsert> = {}, actor?: Actor): Promise<Case | undefined> {
  const next = nextStatus(kase.status as CaseStatus, event);
  if (!next) return undefined;
  const [updated] = await d.db
    .update(cases)
    // A change of status is activity too: the console's live inbox follows `lastActivityAt`.
    .set({ lastActivityAt: sql`now()`, ...changes, status: next })
    .where(and(eq(cases.id, kase.id), eq(cases.status, kase.status)))
    .returning();
  if (!updated) return undefined;
  // A close has its own event with the record (see close.ts); other changes of status are noted as such.
  if (updated.status !== kase.status && event !== 'close') {
    await recordEvent(d, updated.id, { kind: 'status', ...(actor ? { actor } : { by: 'system' as const }), data: { from: kase.status, to: updated.status, on: event } });
  }
  if (STATUS_MARK[updated.status as CaseStatus] !== STATUS_MARK[kase.status as CaseStatus]) await renameTopic(d, updated);
  if (updated.status === 'closed') await cancelFollowUps(d, updated.id, 'case_closed');
  return updated;
}

async function renameTopic(d: CaseDeps, kase: Case): Promise<void> {
  if (kase.topicId === null || kase.staffChatId !== d.staffChatId) return;
  const [client] = await d.db.select(topicClientColumns).from(clients).where(eq(clients.id, kase.clientId));
  if (!client) return;
  const icon = d.topicIcons?.get(kase.status);
  await d.api.editForumTopic(d.staffChatId, kase.topicId, { name: topicName(d, kase, client), ...(icon ? { icon_custom_emoji_id: icon } : {}) }).catch((err: unknown) => {
    // A deleted or unchanged topic: the status is recorded either way.
    d.log.debug({ event: 'topic.rename_failed', case: kase.id, err: safeError(err) }, 'topic not renamed');
  });
}

/** Records activity on a case: who spoke, when the first staff reply came, and the status that follows. */
export async function recordActivity(d: CaseDeps, kase: Case, by: 'client' | 'staff', actor?: Actor): Promise<Case> {
  const changes =
    by === 'staff' ? { lastActivityAt: sql`now()`, firstStaffReplyAt: sql`coalesce(${cases.firstStaffReplyAt}, now())` } : { lastActivityAt: sql`now()` };
  const moved = await applyEvent(d, kase, by === 'staff' ? 'staff_reply' : 'client_message', changes as never, actor);
  if (moved) return moved;
  const [row] = await d.db.update(cases).set(changes as never).where(eq(cases.id, kase.id)).returning();
  return row ?? kase;
}
