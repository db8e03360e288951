import { afterEach, describe, expect, it } from 'vitest';
import { channelOf, createPost, deletePost, deliveriesOf, getPost, schedulePost, updatePost, type ChannelActor } from '../src/channel/index.ts';
import type { Settings } from '../src/organisation/settings.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * The channel end to end: the system as `npm start` runs it with CHANNEL_ID, against the
 * emulator, on the system's clock (Wednesday 25 November 2026, 15:00 in Moscow).
 */
let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

const coordinator: ChannelActor = { accountId: 1, role: 'coordinator', name: 'Coordinator' };
const MINUTE = 60_000;

describe('the channel', () => {
  it('sends a scheduled post once at its time across a restart, edits and deletes it; posts the week and a stop’s change once, edited when it changes', async () => {
    sys = await startTestSystem({ channel: true, settings: { channel: { weeklySchedule: { enabled: true, weekday: 3, at: '15:30' }, stopChanges: true } } });
    const s = sys;
    const channelId = s.channelId!;
    const posts = () => s.emu.messages(channelId);
    const ticks = () => new Promise((r) => setTimeout(r, 2 * 2000 + 500));
    expect(channelOf(s.app.deps)).toBeDefined();

    // Scheduled for 15:10, then the system restarts before then.
    const created = await createPost(s.app.deps, coordinator, { body: 'Сегодня в <b>{org_name}</b> раздаём налоксон', locale: 'ru', medical: false });
    if (!created.ok) throw new Error(created.problem);
    const id = created.post.id;
    expect((await schedulePost(s.app.deps, coordinator, id, new Date(s.app.deps.now().getTime() + 10 * MINUTE))).ok).toBe(true);
    await ticks();
    expect(posts()).toHaveLength(0);
    await s.restart();
    s.advanceClock(10 * MINUTE);
    await s.emu.waitFor(() => posts().length > 0, 10_000);
    await ticks();
    expect(posts().map((m) => m.text)).toEqual(['Сегодня в Гуманитарное действие раздаём налоксон']);
    expect(await getPost(s.app.database.db, id)).toMatchObject({ status: 'sent', telegramMessageId: posts()[0]!.message_id });

    // Edited, then deleted, in the channel.
    const ch = channelOf(s.app.deps)!;
    expect((await updatePost(ch, coordinator, id, { body: 'Раздаём налоксон до 18:00', locale: 'ru', medical: false })).ok).toBe(true);
    expect(s.emu.message(channelId, posts()[0]!.message_id)!.text).toBe('Раздаём налоксон до 18:00');
    expect((await deletePost(ch, coordinator, id)).ok).toBe(true);
    expect(posts()).toHaveLength(0);
    expect((await deliveriesOf(s.app.database.db, id)).map((d) => `${d.action}:${d.outcome}`)).toEqual(['send:ok', 'edit:ok', 'delete:ok']);

    // Wednesday 15:30: the week's post, once.
    s.advanceClock(20 * MINUTE);
    await s.emu.waitFor(() => posts().length > 0, 10_000);
    await ticks();
    expect(posts()).toHaveLength(1);
    const week = posts()[0]!;
    expect(week.text).toMatch(/^Выезды на неделю\n\nСреда, 25 ноября\n11:00–14:00 · Автобус 1 · м\. Ладожская, выход к ТЦ/);

    // Friday's stop cancelled: one post, and the week's post marks it.
    const withChange = (change: Settings['mobileUnits'][number]['changes'][number]) => {
      const current = s.app.settings.current;
      return s.app.settings.save({ ...current, mobileUnits: [{ ...current.mobileUnits[0]!, changes: [change] }] }, null);
    };
    await withChange({ date: '2026-11-27', stopId: 'ladozhskaya', status: 'cancelled' });
    await s.emu.waitFor(() => posts().length > 1, 10_000);
    await ticks();
    expect(posts()).toHaveLength(2);
    const stop = posts()[1]!;
    expect(stop.text).toMatch(/^❌ Выезд отменён\nПятница, 27 ноября: Автобус 1 не приедет на точку «м\. Ладожская, выход к ТЦ» \(обычно 11:00–14:00\)\./);
    expect(s.emu.message(channelId, week.message_id)!.text).toMatch(/Пятница, 27 ноября\n11:00–14:00 · Автобус 1 · м\. Ладожская, выход к ТЦ — отменено/);

    // The cancellation changed to a move: the same post edited, no second one.
    await withChange({ date: '2026-11-27', stopId: 'ladozhskaya', status: 'moved', from: '12:00', to: '15:00', note: { ru: 'Из-за ремонта', en: 'Repairs' } });
    await s.emu.waitFor(() => /Выезд изменён/.test(s.emu.message(channelId, stop.message_id)!.text ?? ''), 10_000);
    await ticks();
    expect(posts()).toHaveLength(2);
    expect(s.emu.message(channelId, stop.message_id)!.text).toMatch(/^🔁 Выезд изменён\n[\s\S]*В этот день: м\. Ладожская, выход к ТЦ, 12:00–15:00\.\nИз-за ремонта$/);
    expect(s.emu.message(channelId, week.message_id)!.text).toMatch(/Пятница, 27 ноября\n12:00–15:00 · Автобус 1 · м\. Ладожская, выход к ТЦ — изменено\nИз-за ремонта/);
  });
});
