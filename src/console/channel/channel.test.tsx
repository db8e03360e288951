import { describe, expect, it } from 'vitest';
import { startChannel } from '../../channel/index.ts';
import { useCaseSystems } from '../cases/test-system.ts';
import { unescapeHtml } from '../testing.ts';

const system = useCaseSystems();
const settings = { channel: { weeklySchedule: { enabled: false, weekday: 1, at: '09:00' }, stopChanges: true } };

async function withChannel() {
  const s = await system({ settings });
  const chat = s.emu.createChannel({ title: 'Новости', botIsAdmin: true });
  const ch = (await startChannel(s.bot, { channelId: chat.id, tickMs: 3_600_000 }))!;
  return { s, chat, ch, posted: () => s.emu.messages(chat.id) };
}

const postIdOf = (res: Response) => Number(/\/channel\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);

describe('console: the channel', () => {
  it('says the channel is not configured when none runs; workers may not open it', async () => {
    const s = await system({ settings });
    const { browser } = await s.as('coord', 'coordinator');
    const res = await browser.get('/console/channel');
    expect(res.status).toBe(200);
    expect(browser.html).toContain('Канал не настроен');
    const w = await s.as('worker', 'worker');
    expect((await w.browser.get('/console/channel')).status).toBe(403);
    expect(w.browser.html).not.toContain('href="/console/channel"');
  });

  it('a coordinator writes a post with a preview, sends it, edits it and deletes it; every delivery listed and audited', async () => {
    const { s, chat, ch, posted } = await withChannel();
    const { browser } = await s.as('coord', 'coordinator');
    await browser.get('/console/channel');
    expect(browser.html).toContain('Публикации в канал «Новости»');
    await browser.get('/console/channel/new');
    let res = await browser.post('/console/channel/new', { body: 'Привет от <b>{org_name}</b>', locale: 'ru', intent: 'preview' });
    expect(res.status).toBe(200);
    expect(browser.html).toContain('<div class="tg" data-length="31" lang="ru">Привет от <b>Гуманитарное действие</b></div>');
    res = await browser.post('/console/channel/new', { body: 'Привет от <b>{org_name}</b>', locale: 'ru', intent: 'save' });
    expect(res.status).toBe(303);
    const id = postIdOf(res);
    await browser.get(`/console/channel/${id}`);
    expect(browser.html).toContain('черновик');
    res = await browser.post(`/console/channel/${id}/send`);
    expect(res.status).toBe(303);
    expect(posted().map((m) => m.text)).toEqual(['Привет от Гуманитарное действие']);
    await browser.get(`/console/channel/${id}`);
    expect(browser.html).toContain('опубликован');
    res = await browser.post(`/console/channel/${id}/edit`, { body: 'Исправлено', locale: 'ru', intent: 'save' });
    expect(res.status).toBe(303);
    expect(s.emu.message(chat.id, posted()[0]!.message_id)!.text).toBe('Исправлено');
    await browser.get(`/console/channel/${id}`);
    expect(unescapeHtml(browser.html)).toMatch(/публикация · успешно[\s\S]*изменение · успешно/);
    res = await browser.post(`/console/channel/${id}/delete`);
    expect(res.status).toBe(303);
    expect(posted()).toHaveLength(0);
    await browser.get('/console/channel');
    expect(browser.html).toContain('удалён');
    const audit = await s.db.execute<{ action: string }>(`select action from audit_log where action like 'channel.%' order by id` as never);
    const rows = (Array.isArray(audit) ? audit : (audit as { rows: { action: string }[] }).rows) as { action: string }[];
    expect(rows.map((r) => r.action)).toEqual(['channel.create', 'channel.send', 'channel.edit_sent', 'channel.delete']);
    await ch.stop();
  });

  it('schedules a post in the organisation’s time zone; a photo is uploaded with the form', async () => {
    const { s, ch, posted } = await withChannel();
    const { browser } = await s.as('coord', 'coordinator');
    await browser.get('/console/channel/new');
    const form = new FormData();
    form.set('_csrf', browser.csrf());
    form.set('body', 'С фото');
    form.set('locale', 'ru');
    form.set('intent', 'save');
    form.set('photo', new File([Buffer.from('jpeg')], 'p.jpg', { type: 'image/jpeg' }));
    const res = await browser.send('/console/channel/new', { method: 'POST', body: form });
    expect(res.status).toBe(303);
    const id = postIdOf(res);
    await browser.get(`/console/channel/${id}`);
    expect(browser.html).toContain('с фото');
    // 2026-03-02 10:00 UTC is 13:00 in Moscow: 15:30 there is 12:30 UTC.
    await browser.post(`/console/channel/${id}/schedule`, { at: '2026-03-02T15:30' });
    await browser.get(`/console/channel/${id}`);
    expect(browser.html).toContain('запланирован');
    await ch.tick();
    expect(posted()).toHaveLength(0);
    s.clock.advance(2.5 * 3_600_000);
    await ch.tick();
    expect(posted()[0]).toMatchObject({ caption: 'С фото', photo: expect.any(Array) });
    await ch.stop();
  });

  it('a medical post waits for a medical specialist, who verifies it from its page', async () => {
    const { s, ch, posted } = await withChannel();
    const coord = await s.as('coord', 'coordinator');
    await coord.browser.get('/console/channel/new');
    const id = postIdOf(await coord.browser.post('/console/channel/new', { body: 'Про налоксон', locale: 'ru', medical: '1', intent: 'save' }));
    const refused = await coord.browser.post(`/console/channel/${id}/send`);
    expect(refused.status).toBe(409);
    expect(coord.browser.html).toContain('ещё не проверен медицинским специалистом');
    expect(coord.browser.html).not.toContain(`/channel/${id}/verify`);
    const doctor = await s.as('doc', 'specialist_medical');
    await doctor.browser.get(`/console/channel/${id}`);
    expect(doctor.browser.html).toContain(`/channel/${id}/verify`);
    expect(doctor.browser.html).not.toContain(`/channel/${id}/send`);
    expect((await doctor.browser.post(`/console/channel/${id}/send`)).status).toBe(403);
    await doctor.browser.get(`/console/channel/${id}`);
    expect((await doctor.browser.post(`/console/channel/${id}/verify`)).status).toBe(303);
    await coord.browser.get(`/console/channel/${id}`);
    expect((await coord.browser.post(`/console/channel/${id}/send`)).status).toBe(303);
    expect(posted().map((m) => m.text)).toEqual(['Про налоксон']);
    await ch.stop();
  });
});
