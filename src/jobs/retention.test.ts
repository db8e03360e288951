import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { caseEvents, cases, clients, communityQuestions, inbox, messages, moderationActions } from '../db/schema/index.ts';
import { deleteExpiredTopics, purgeExpiredText } from './retention.ts';
import type { NewItem } from '../outbox/store.ts';
import { enqueue } from '../outbox/store.ts';
import { testVault } from '../console/testing.ts';

const db = useFreshDatabases();

describe('retention', () => {
  it('erases text and file references of cases closed longer ago than the retention, keeping the anonymous record', async () => {
    const d = await db();
    const now = new Date('2026-11-25T12:00:00Z');
    const day = 24 * 3600 * 1000;
    const [client] = await d.db.insert(clients).values({ tgHash: 'h', chatSealed: 's', pseudonym: 'ABCD' }).returning();
    const [old] = await d.db.insert(cases).values({ clientId: client!.id, status: 'closed', closedAt: new Date(now.getTime() - 40 * day), feedbackCommentSealed: 'v1.x' }).returning();
    const [recent] = await d.db.insert(cases).values({ clientId: client!.id, status: 'closed', closedAt: new Date(now.getTime() - 5 * day) }).returning();
    const [open_] = await d.db.insert(cases).values({ clientId: client!.id, status: 'open' }).returning();
    for (const c of [old!, recent!, open_!]) {
      await d.db.insert(messages).values({ caseId: c.id, direction: 'client', kind: 'text', bodySealed: 'v1.secret' });
      // A captioned photo, and a voice message with no text at all: its file reference alone goes too.
      await d.db.insert(messages).values({ caseId: c.id, direction: 'client', kind: 'photo', bodySealed: 'v1.caption', fileSealed: 'v1.photo' });
      await d.db.insert(messages).values({ caseId: c.id, direction: 'staff', kind: 'voice', fileSealed: 'v1.voice' });
    }
    for (const c of [old!, recent!]) await d.db.insert(caseEvents).values({ caseId: c.id, kind: 'bot_message', actor: 'bot', data: { flow: 'emergency' }, textSealed: 'v1.steps' });
    await d.db.insert(inbox).values([
      { updateId: 1, kind: 'message', status: 'done', receivedAt: new Date(now.getTime() - 60 * day) },
      { updateId: 2, kind: 'message', status: 'done', receivedAt: new Date(now.getTime() - day) },
    ]);

    expect(await purgeExpiredText(d.db, 30, now)).toEqual({ cases: 1, messages: 3, comments: 1, updates: 1, events: 1 });
    const events = await d.db.select().from(caseEvents).orderBy(caseEvents.id);
    expect(events.map((e) => [e.caseId, e.kind, e.data, e.textSealed])).toEqual([
      [old!.id, 'bot_message', { flow: 'emergency' }, null],
      [recent!.id, 'bot_message', { flow: 'emergency' }, 'v1.steps'],
    ]);
    const rows = await d.db.select().from(messages).orderBy(messages.id);
    expect(rows.filter((m) => m.caseId === old!.id)).toEqual([
      expect.objectContaining({ bodySealed: null, fileSealed: null, kind: 'text', direction: 'client' }),
      expect.objectContaining({ bodySealed: null, fileSealed: null, kind: 'photo', direction: 'client' }),
      expect.objectContaining({ bodySealed: null, fileSealed: null, kind: 'voice', direction: 'staff' }),
    ]);
    expect(rows.filter((m) => m.bodySealed !== null)).toHaveLength(4);
    expect(rows.filter((m) => m.fileSealed !== null).map((m) => m.caseId)).toEqual([recent!.id, recent!.id, open_!.id, open_!.id]);
    expect((await d.db.select().from(cases).where(eq(cases.id, old!.id)))[0]!.feedbackCommentSealed).toBeNull();
    expect((await d.db.select().from(inbox)).map((r) => r.updateId)).toEqual([2]);
    expect(await purgeExpiredText(d.db, 30, now)).toEqual({ cases: 0, messages: 0, comments: 0, updates: 0, events: 0 });
    expect((await d.db.select().from(cases).orderBy(cases.id)).map((c) => [c.textErasedAt?.toISOString() ?? null, c.textErasedBy])).toEqual([[now.toISOString(), 'retention'], [null, null], [null, null]]);
  });

  it("erases the community chat's old questions, staff's reasons and appeals, keeping the counts", async () => {
    const d = await db();
    const now = new Date('2026-11-25T12:00:00Z');
    const day = 24 * 3600 * 1000;
    await d.db.insert(communityQuestions).values([
      { memberId: 1, chatMessageId: 10, bodySealed: 'v1.old', askedAt: new Date(now.getTime() - 31 * day), status: 'answered' },
      { memberId: 1, chatMessageId: 11, bodySealed: 'v1.new', askedAt: new Date(now.getTime() - day) },
    ]);
    await d.db.insert(moderationActions).values([
      { memberId: 1, action: 'mute', rule: 'other', reasonSealed: 'v1.r', appealSealed: 'v1.a', at: new Date(now.getTime() - 40 * day) },
      { memberId: 1, action: 'warn', rule: 'other', reasonSealed: 'v1.r2', at: new Date(now.getTime() - day) },
    ]);
    expect(await purgeExpiredText(d.db, 30, now)).toEqual({ cases: 0, messages: 1, comments: 1, updates: 0, events: 0 });
    expect((await d.db.select().from(communityQuestions).orderBy(communityQuestions.id)).map((q) => [q.status, q.bodySealed])).toEqual([
      ['answered', null],
      ['open', 'v1.new'],
    ]);
    expect((await d.db.select().from(moderationActions).orderBy(moderationActions.id)).map((a) => [a.action, a.reasonSealed, a.appealSealed])).toEqual([
      ['mute', null, null],
      ['warn', 'v1.r2', null],
    ]);
  });

  it("queues each expired topic's deletion once, oldest first, at most so many a run", async () => {
    const d = await db();
    const now = new Date('2026-11-25T12:00:00Z');
    const day = 24 * 3600 * 1000;
    const [client] = await d.db.insert(clients).values({ tgHash: 'h', chatSealed: 's', pseudonym: 'ABCD' }).returning();
    const closed = (daysAgo: number, topicId: number | null) => ({ clientId: client!.id, status: 'closed', closedAt: new Date(now.getTime() - daysAgo * day), staffChatId: -100, topicId });
    await d.db.insert(cases).values([closed(40, 11), closed(50, 12), closed(60, 13), closed(5, 14), closed(70, null)]);
    const queued: NewItem[] = [];
    const outbox = { send: async (items: NewItem[]) => (queued.push(...items), enqueue(d.db, testVault, items)), outcome: async () => ({ status: 'done' as const }), wake: async () => {} };
    expect(await deleteExpiredTopics({ db: d.db, outbox }, 30, now, 2)).toBe(2);
    expect(await deleteExpiredTopics({ db: d.db, outbox }, 30, now, 2)).toBe(1);
    expect(await deleteExpiredTopics({ db: d.db, outbox }, 30, now, 2)).toBe(0);
    expect(queued.map((i) => [i.op, i.target, i.payload.threadId])).toEqual([
      ['topic.delete', 'group:-100', 13],
      ['topic.delete', 'group:-100', 12],
      ['topic.delete', 'group:-100', 11],
    ]);
  });
});
