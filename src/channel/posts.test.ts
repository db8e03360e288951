import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useCaseSystems, type CaseSystem } from '../console/cases/test-system.ts';
import { channelPosts } from '../db/schema/index.ts';
import type { Settings } from '../organisation/settings.ts';
import {
  channelOf,
  claimDuePost,
  createPost,
  deletePost,
  deliveriesOf,
  failStalePosts,
  getPost,
  runDuePosts,
  schedulePost,
  sendNow,
  startChannel,
  syncSchedulePosts,
  updatePost,
  verifyPost,
  type ChannelActor,
  type RunningChannel,
} from './index.ts';

const system = useCaseSystems();
const coordinator: ChannelActor = { accountId: 1, role: 'coordinator', name: 'Coordinator' };
const doctor: ChannelActor = { accountId: 2, role: 'specialist_medical', name: 'Dr Test' };
const worker: ChannelActor = { accountId: 3, role: 'worker', name: 'Worker' };

const NO_WEEK_POST: Partial<Settings> = { channel: { weeklySchedule: { enabled: false, weekday: 1, at: '09:00' }, stopChanges: true } };

async function withChannel(opts: { settings?: Partial<Settings> } = {}) {
  const s = await system({ settings: opts.settings ?? NO_WEEK_POST });
  const chat = s.emu.createChannel({ title: 'News', botIsAdmin: true });
  const ch = (await startChannel(s.bot, { channelId: chat.id, tickMs: 3_600_000 }))!;
  const posted = () => s.emu.messages(chat.id);
  return { s, chat, ch, posted };
}

const stopAll = async (ch: RunningChannel) => ch.stop();

describe('channel posts', () => {
  it('does not start when the bot may not post in the channel', async () => {
    const s = await system();
    const chat = s.emu.createChannel({ title: 'News', botIsAdmin: false });
    expect(await startChannel(s.bot, { channelId: chat.id })).toBeUndefined();
    expect(channelOf(s.bot)).toBeUndefined();
    expect(s.logs.join('')).toMatch(/channel\.unusable/);
  });

  it('a scheduled post goes out once at its time, however many claim it; recorded', async () => {
    const { s, ch, posted } = await withChannel();
    expect(channelOf(s.bot)).toBe(ch);
    const created = await createPost(s.bot, coordinator, { body: 'Привет, <b>{org_name}</b>!', locale: 'ru', medical: false });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.post.id : 0;
    expect((await createPost(s.bot, worker, { body: 'x', locale: 'ru', medical: false })).ok).toBe(false);
    const at = new Date(s.clock.now().getTime() + 3_600_000);
    expect((await schedulePost(s.bot, coordinator, id, at)).ok).toBe(true);
    expect(await runDuePosts(ch)).toBe(0);
    s.clock.advance(3_600_000);
    const counts = await Promise.all([runDuePosts(ch), runDuePosts(ch), runDuePosts(ch)]);
    expect(counts.reduce((a, b) => a + b)).toBe(1);
    expect(posted().map((m) => m.text)).toEqual(['Привет, Гуманитарное действие!']);
    const post = (await getPost(s.db, id))!;
    expect(post).toMatchObject({ status: 'sent', telegramMessageId: posted()[0]!.message_id });
    expect((await deliveriesOf(s.db, id)).map((d) => `${d.action}:${d.outcome}`)).toEqual(['send:ok']);
    await stopAll(ch);
  });

  it('edits and deletes a sent post in the channel, each call recorded', async () => {
    const { s, ch, chat, posted } = await withChannel();
    const created = await createPost(s.bot, coordinator, { body: 'Первый текст', locale: 'ru', medical: false });
    const id = created.ok ? created.post.id : 0;
    expect((await sendNow(ch, coordinator, id)).ok).toBe(true);
    const edited = await updatePost(ch, coordinator, id, { body: 'Второй <i>текст</i>', locale: 'ru', medical: false });
    expect(edited.ok).toBe(true);
    expect(s.emu.message(chat.id, posted()[0]!.message_id)!.text).toBe('Второй текст');
    const bad = await updatePost(ch, coordinator, id, { body: 'Незакрытый <b>тег', locale: 'ru', medical: false });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.problems!.map((p) => p.code)).toEqual([expect.stringMatching(/^body-/)]);
    expect(s.emu.message(chat.id, posted()[0]!.message_id)!.text).toBe('Второй текст');
    expect((await deletePost(ch, coordinator, id)).ok).toBe(true);
    expect(posted()).toHaveLength(0);
    expect((await getPost(s.db, id))!.status).toBe('deleted');
    expect((await deliveriesOf(s.db, id)).map((d) => `${d.action}:${d.outcome}`)).toEqual(['send:ok', 'edit:ok', 'delete:ok']);
    await stopAll(ch);
  });

  it('a photo goes with its caption; its file_id is kept and the bytes dropped', async () => {
    const { s, ch, chat, posted } = await withChannel();
    const created = await createPost(s.bot, coordinator, { body: 'Фото дня', locale: 'ru', medical: false, photo: { base64: Buffer.from('jpeg-bytes').toString('base64'), mime: 'image/jpeg' } });
    const id = created.ok ? created.post.id : 0;
    await sendNow(ch, coordinator, id);
    expect(posted()[0]).toMatchObject({ caption: 'Фото дня' });
    expect((await getPost(s.db, id))).toMatchObject({ photo: null, photoFileId: expect.any(String) });
    await updatePost(ch, coordinator, id, { body: 'Фото недели', locale: 'ru', medical: false });
    expect(s.emu.message(chat.id, posted()[0]!.message_id)!.caption).toBe('Фото недели');
    const long = await createPost(s.bot, coordinator, { body: 'а'.repeat(1100), locale: 'ru', medical: false, photo: { base64: 'AA==', mime: 'image/jpeg' } });
    expect(long.ok ? [] : long.problems!.map((p) => p.code)).toEqual(['body-too-long']);
    await stopAll(ch);
  });

  it('a medical post goes out only once a medical specialist other than its author verified this text', async () => {
    const { s, ch, posted } = await withChannel();
    const created = await createPost(s.bot, coordinator, { body: 'Налоксон: как применять', locale: 'ru', medical: true });
    const id = created.ok ? created.post.id : 0;
    expect(await schedulePost(s.bot, coordinator, id, s.clock.now())).toMatchObject({ ok: false, problem: 'not-verified' });
    expect(await verifyPost(s.bot, coordinator, id)).toMatchObject({ ok: false, problem: 'not-allowed' });
    expect(await verifyPost(s.bot, { ...doctor, accountId: 1 }, id)).toMatchObject({ ok: false, problem: 'own-post' });
    expect((await verifyPost(s.bot, doctor, id)).ok).toBe(true);
    // A changed text needs verifying again.
    await updatePost(ch, coordinator, id, { body: 'Налоксон: как применять (исправлено)', locale: 'ru', medical: true });
    expect((await getPost(s.db, id))!.verifiedAt).toBeNull();
    expect(await sendNow(ch, coordinator, id)).toMatchObject({ ok: false, problem: 'not-verified' });
    await verifyPost(s.bot, doctor, id);
    expect((await sendNow(ch, coordinator, id)).ok).toBe(true);
    expect(posted()).toHaveLength(1);
    expect(await updatePost(ch, coordinator, id, { body: 'Другое', locale: 'ru', medical: true })).toMatchObject({ ok: false, problem: 'medical-sent' });
    await stopAll(ch);
  });

  it('a refused send is recorded and the post marked failed; one left sending by a dead process fails, never resent', async () => {
    const { s, ch } = await withChannel();
    const created = await createPost(s.bot, coordinator, { body: 'Текст', locale: 'ru', medical: false });
    const id = created.ok ? created.post.id : 0;
    await schedulePost(s.bot, coordinator, id, s.clock.now());
    await runDuePosts({ ...ch, chatId: -1009999 });
    expect((await getPost(s.db, id))!.status).toBe('failed');
    expect((await deliveriesOf(s.db, id))[0]).toMatchObject({ action: 'send', outcome: 'failed', error: expect.stringMatching(/^400/) });

    await schedulePost(s.bot, coordinator, id, s.clock.now());
    expect(await claimDuePost(s.db, s.clock.now())).toMatchObject({ id, status: 'sending' });
    expect(await failStalePosts(s.bot, s.clock.now())).toBe(0);
    s.clock.advance(11 * 60_000);
    expect(await failStalePosts(s.bot, s.clock.now())).toBe(1);
    expect((await getPost(s.db, id))!.status).toBe('failed');
    expect((await deliveriesOf(s.db, id)).at(-1)!.error).toMatch(/interrupted/);
    await stopAll(ch);
  });
});

describe('schedule posts in the channel', () => {
  const cancel = (s: CaseSystem, change: Settings['mobileUnits'][number]['changes'][number]) => {
    s.bot.settings = { ...s.bot.settings, mobileUnits: [{ ...s.bot.settings.mobileUnits[0]!, changes: [change] }] };
  };

  it('a cancelled stop is posted once; the change changed again edits that post', async () => {
    // 2026-03-02 13:00 in Moscow, a Monday: the week's post (Monday 09:00) is due too.
    const { s, ch, chat, posted } = await withChannel({ settings: {} });
    await ch.tick();
    expect(posted().map((m) => m.text!.split('\n')[0])).toEqual(['Выезды на неделю']);
    cancel(s, { date: '2026-03-04', stopId: 'ladozhskaya', status: 'cancelled' });
    await ch.tick();
    await ch.tick();
    expect(posted()).toHaveLength(2);
    expect(posted()[1]!.text).toMatch(/^❌ Выезд отменён\nСреда, 4 марта: Автобус 1 не приедет/);
    // The week's post follows the change.
    expect(s.emu.message(chat.id, posted()[0]!.message_id)!.text).toMatch(/Среда, 4 марта\n11:00–14:00 · Автобус 1 · м\. Ладожская, выход к ТЦ — отменено/);
    cancel(s, { date: '2026-03-04', stopId: 'ladozhskaya', status: 'moved', from: '15:00', to: '17:00' });
    await ch.tick();
    expect(posted()).toHaveLength(2);
    expect(s.emu.message(chat.id, posted()[1]!.message_id)!.text).toMatch(/^🔁 Выезд изменён[\s\S]*В этот день: м\. Ладожская, выход к ТЦ, 15:00–17:00\./);
    const rows = await s.db.select().from(channelPosts).where(eq(channelPosts.kind, 'stop_change'));
    expect(rows.map((r) => r.key)).toEqual(['stop:bus-1:ladozhskaya:2026-03-04']);
    expect((await deliveriesOf(s.db, rows[0]!.id)).map((d) => `${d.action}:${d.outcome}`)).toEqual(['send:ok', 'edit:ok']);
    await syncSchedulePosts(ch);
    expect(posted()).toHaveLength(2);
    await stopAll(ch);
  });
});
